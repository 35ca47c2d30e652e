// Compare(): cleaning, sentence model, alignment, fact detection and the pair relation.
//
// The relation of a standalone comparison (documented in docs/compare-schema.md):
//  - exact: the cleaned texts have the same normalised word sequence;
//  - near_duplicate: word 5-gram Jaccard >= kNearDuplicateJaccard (the scan default);
//  - partial_copy: the smaller text's 5-grams are >= kPartialContainment contained in the
//    larger, it has at least 20 of them, and at most 80% as many as the larger;
//  - rewrite / same_story: some sentences align (aligned coverage of one side >=
//    kStoryCoverage), and the pair is typed as doppel scan types it: rewrite when the
//    scan's rewrite score (match::MeasurePair over the cleaned texts, pair-local evidence
//    only) reaches kRewriteScore, else same_story, an independent report of the same facts
//    (the alignment's own shape typed half of the fixtures' independent reports rewrite);
//  - unrelated: otherwise.
#include "doppel/compare.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "align/aligner.h"
#include "align/doc_model.h"
#include "align/facts.h"
#include "align/quantities.h"
#include "align/similarity.h"
#include "clean/cleaner.h"
#include "common/round.h"
#include "common/sorted_set.h"
#include "match/profile.h"
#include "match/rewrite.h"
#include "match/weights.h"
#include "text/stem.h"

namespace doppel {
namespace {

constexpr double kNearDuplicateJaccard = 0.8;
constexpr double kPartialContainment = 0.8;
constexpr double kVerbatimJaccard = 0.9;
// Some sentences align: the two tell one story (rewrite or same_story).
constexpr double kStoryCoverage = 0.15;
// The scan's rewrite threshold (RewriteOptions::rewrite_threshold).
constexpr double kRewriteScore = 0.8;

using align::DocModel;
using align::SentenceGroup;

uint64_t Mix(uint64_t h, const std::string& s) {
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return (h ^ 0xff) * 1099511628211ull;
}

// Hashes of the word 5-grams of tokens [begin, end) (the whole run when shorter).
std::vector<uint64_t> Shingles(const DocModel& doc, uint32_t begin, uint32_t end) {
  std::vector<uint64_t> out;
  constexpr uint32_t kN = 5;
  if (end <= begin) return out;
  const uint32_t last = end - begin >= kN ? end - kN + 1 : begin + 1;
  for (uint32_t k = begin; k < last; ++k) {
    uint64_t h = 1469598103934665603ull;
    for (uint32_t w = k; w < std::min(end, k + kN); ++w) h = Mix(h, doc.tokens[w].norm);
    out.push_back(h);
  }
  common::SortUnique(&out);
  return out;
}

bool SameWords(const DocModel& a, const align::Sentence& sa, const DocModel& b,
               const align::Sentence& sb) {
  if (sa.num_tokens() != sb.num_tokens()) return false;
  for (uint32_t k = 0; k < sa.num_tokens(); ++k) {
    if (a.tokens[sa.first_token + k].norm != b.tokens[sb.first_token + k].norm) return false;
  }
  return true;
}

AlignmentKind KindOf(const SentenceGroup& g, const DocModel& a, const DocModel& b) {
  if (g.a.empty()) return AlignmentKind::kAdded;
  if (g.b.empty()) return AlignmentKind::kDropped;
  if (g.a.size() > 1 || g.b.size() > 1) return AlignmentKind::kMerged;
  const align::Sentence& sa = a.sentences[g.a[0]];
  const align::Sentence& sb = b.sentences[g.b[0]];
  if (SameWords(a, sa, b, sb)) return AlignmentKind::kVerbatim;
  const auto x = Shingles(a, sa.first_token, sa.end_token);
  const auto y = Shingles(b, sb.first_token, sb.end_token);
  const size_t shared = common::CountCommon(x, y);
  const double jaccard = static_cast<double>(shared) / (x.size() + y.size() - shared);
  return jaccard >= kVerbatimJaccard ? AlignmentKind::kVerbatim : AlignmentKind::kParaphrase;
}

using common::Round4;

void DecideRelation(const DocModel& a, const DocModel& b, const align::TermSpace& space,
                    const std::vector<SentenceGroup>& groups, const match::PairEvidence& evidence,
                    Comparison* out) {
  const auto sa = Shingles(a, 0, static_cast<uint32_t>(a.tokens.size()));
  const auto sb = Shingles(b, 0, static_cast<uint32_t>(b.tokens.size()));
  const size_t shared = common::CountCommon(sa, sb);
  const size_t uni = sa.size() + sb.size() - shared;
  const double jaccard = uni > 0 ? static_cast<double>(shared) / uni : 0;
  const size_t smaller = std::min(sa.size(), sb.size());
  const size_t larger = std::max(sa.size(), sb.size());
  const double containment = smaller > 0 ? static_cast<double>(shared) / smaller : 0;

  double covered[2] = {0, 0}, verbatim[2] = {0, 0}, in_order[2] = {0, 0};
  double sim_sum = 0, sim_weight = 0;
  size_t num_aligned = 0, num_moved = 0;
  for (const SentenceGroup& g : groups) {
    if (g.a.empty() || g.b.empty()) continue;
    double w[2] = {0, 0};
    for (uint32_t i : g.a) w[0] += space.Weight(space.Terms(0, i));
    for (uint32_t j : g.b) w[1] += space.Weight(space.Terms(1, j));
    const bool is_verbatim = KindOf(g, a, b) == AlignmentKind::kVerbatim;
    for (int side = 0; side < 2; ++side) {
      covered[side] += w[side];
      if (is_verbatim) verbatim[side] += w[side];
      if (!g.moved) in_order[side] += w[side];
    }
    sim_sum += g.similarity * (w[0] + w[1]);
    sim_weight += w[0] + w[1];
    ++num_aligned;
    num_moved += g.moved;
  }
  double coverage[2], verbatim_coverage[2], ordered_coverage[2];
  for (int side = 0; side < 2; ++side) {
    const double total = space.TotalWeight(side);
    coverage[side] = total > 0 ? covered[side] / total : 0;
    verbatim_coverage[side] = total > 0 ? verbatim[side] / total : 0;
    ordered_coverage[side] = total > 0 ? in_order[side] / total : 0;
  }
  const double mean_sim = sim_weight > 0 ? sim_sum / sim_weight : 0;
  const double harmonic = coverage[0] + coverage[1] > 0
                              ? 2 * coverage[0] * coverage[1] / (coverage[0] + coverage[1])
                              : 0;

  bool same_words = a.tokens.size() == b.tokens.size() && !a.tokens.empty();
  for (size_t k = 0; same_words && k < a.tokens.size(); ++k) {
    same_words = a.tokens[k].norm == b.tokens[k].norm;
  }
  if (same_words) {
    out->relation = Relation::kExact;
    out->score = 1;
  } else if (jaccard >= kNearDuplicateJaccard) {
    out->relation = Relation::kNearDuplicate;
    out->score = jaccard;
  } else if (containment >= kPartialContainment && smaller >= 20 && smaller * 5 <= larger * 4) {
    out->relation = Relation::kPartialCopy;
    out->score = containment;
  } else if (std::max(coverage[0], coverage[1]) >= kStoryCoverage) {
    // One story: rewrite or an independent report, typed as doppel scan types a pair.
    out->relation = match::IsRewrite(evidence, kRewriteScore) ? Relation::kRewrite : Relation::kSameStory;
    out->score = harmonic;
  } else {
    out->relation.reset();
    out->score = harmonic;
  }
  out->score = Round4(out->score);
  out->features = {
      {"shingle_jaccard", Round4(jaccard)},
      {"shingle_containment", Round4(containment)},
      {"aligned_coverage_a", Round4(coverage[0])},
      {"aligned_coverage_b", Round4(coverage[1])},
      {"verbatim_coverage_a", Round4(verbatim_coverage[0])},
      {"verbatim_coverage_b", Round4(verbatim_coverage[1])},
      {"ordered_coverage_a", Round4(ordered_coverage[0])},
      {"ordered_coverage_b", Round4(ordered_coverage[1])},
      {"mean_similarity", Round4(mean_sim)},
      {"moved_share", num_aligned > 0 ? Round4(static_cast<double>(num_moved) / num_aligned) : 0},
      {"pair_matched_a", Round4(evidence.pair_matched_a)},
      {"pair_matched_b", Round4(evidence.pair_matched_b)},
      {"pair_aligned_a", Round4(evidence.pair_aligned_a)},
      {"pair_aligned_b", Round4(evidence.pair_aligned_b)},
      {"pair_local_align3", Round4(evidence.pair_local_align3)},
      {"pair_story_order", Round4(evidence.pair_story_order)},
      {"particulars", Round4(evidence.particulars)},
      {"min_particulars", static_cast<double>(evidence.min_particulars)},
      {"rewrite_score", Round4(evidence.rewrite_score)},
  };
}

}  // namespace

const char* AlignmentKindName(AlignmentKind kind) {
  switch (kind) {
    case AlignmentKind::kVerbatim:
      return "verbatim";
    case AlignmentKind::kParaphrase:
      return "paraphrase";
    case AlignmentKind::kMerged:
      return "merged";
    case AlignmentKind::kAdded:
      return "added";
    case AlignmentKind::kDropped:
      return "dropped";
  }
  return "unknown";
}

const char* FactKindName(FactKind kind) {
  switch (kind) {
    case FactKind::kNumber:
      return "number";
    case FactKind::kDate:
      return "date";
    case FactKind::kEntity:
      return "entity";
    case FactKind::kTitle:
      return "title";
    case FactKind::kQualifier:
      return "qualifier";
    case FactKind::kNegation:
      return "negation";
    case FactKind::kQuote:
      return "quote";
    case FactKind::kSpeaker:
      return "speaker";
    case FactKind::kUnsupportedClaim:
      return "unsupported_claim";
  }
  return "unknown";
}

const char* ComparisonRelationName(const Comparison& comparison) {
  return comparison.relation ? RelationName(*comparison.relation) : "unrelated";
}

Status Validate(const CompareOptions& options) {
  if (!(options.min_similarity > 0 && options.min_similarity <= 1)) {
    return InvalidArgument("min_similarity must be in (0, 1], got " +
                           std::to_string(options.min_similarity));
  }
  return Status::Ok();
}

Result<Comparison> Compare(const Document& a, const Document& b, const CompareOptions& options) {
  DOPPEL_RETURN_IF_ERROR(Validate(options));
  constexpr uint64_t kMaxBytes = 0xFFFFFFFFull;
  if (a.text.size() >= kMaxBytes || b.text.size() >= kMaxBytes) {
    return InvalidArgument("compare: a text of 4 GiB or more cannot be compared");
  }
  text::Stemmer stemmer;
  const DocModel da = align::BuildDocModel(a.text, options.clean, &stemmer);
  const DocModel db = align::BuildDocModel(b.text, options.clean, &stemmer);
  const std::vector<align::Quantity> qa = align::ExtractQuantities(da);
  const std::vector<align::Quantity> qb = align::ExtractQuantities(db);
  const align::TermSpace space(da, qa, db, qb);
  const align::SimilarityMatrix matrix(space);
  align::AlignerOptions aligner_options;
  aligner_options.min_similarity = options.min_similarity;
  std::vector<bool> may_merge[2];
  for (const DocModel* doc : {&da, &db}) {
    std::vector<bool>& out = may_merge[doc == &da ? 0 : 1];
    for (const align::Sentence& s : doc->sentences) out.push_back(!s.title_case && !s.headline);
  }
  const bool headline[2] = {!da.sentences.empty() && da.sentences[0].headline,
                            !db.sentences.empty() && db.sentences[0].headline};
  const std::vector<SentenceGroup> groups =
      align::AlignSentences(space, matrix, may_merge, headline, aligner_options);

  Comparison out;
  out.a_id = a.id;
  out.b_id = b.id;
  out.a_removed = da.removed;
  out.b_removed = db.removed;
  out.alignments.reserve(groups.size());
  for (const SentenceGroup& g : groups) {
    Alignment alignment;
    alignment.kind = KindOf(g, da, db);
    for (uint32_t i : g.a)
      alignment.a_spans.push_back({da.sentences[i].orig.begin, da.sentences[i].orig.end});
    for (uint32_t j : g.b)
      alignment.b_spans.push_back({db.sentences[j].orig.begin, db.sentences[j].orig.end});
    alignment.similarity = Round4(g.similarity);
    alignment.moved = g.moved;
    out.alignments.push_back(std::move(alignment));
  }
  // The scan's typing evidence of the pair (match::MeasurePair over the cleaned texts; its
  // score uses nothing from outside the pair, so the two alone give what a scan gives).
  match::PairEvidence evidence;
  {
    std::vector<match::ContentProfile> profiles = {
        match::BuildProfile(clean::ApplyRemovals(a.text, da.removed), &stemmer),
        match::BuildProfile(clean::ApplyRemovals(b.text, db.removed), &stemmer)};
    const match::RewriteCorpus corpus = match::BuildRewriteCorpus(profiles, {}, nullptr);
    evidence = match::MeasurePair(profiles[0], profiles[1], corpus.vectors[0], corpus.vectors[1], corpus.df);
  }
  DecideRelation(da, db, space, groups, evidence, &out);
  // Facts compare texts that tell the same story; an unrelated pair has none.
  if (options.detect_facts && out.relation) {
    const bool derived = *out.relation != Relation::kSameStory;
    out.facts = align::DetectFacts({da, db, qa, qb, space, matrix, groups, derived});
    for (FactFlag& f : out.facts) {
      if (f.a_span) f.a_text = a.text.substr(f.a_span->begin, f.a_span->end - f.a_span->begin);
      if (f.b_span) f.b_text = b.text.substr(f.b_span->begin, f.b_span->end - f.b_span->begin);
    }
  }
  return out;
}

}  // namespace doppel
