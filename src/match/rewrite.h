// Rewrite and same-story matching: candidates that need no shared phrase, and pair
// verification with evidence.
//
// Pipeline (the engine drives it; cluster/story.h has the one-call version):
//   profiles  = BuildProfile(cleaned text) for every document, in parallel  (profile.h)
//   corpus    = BuildRewriteCorpus(profiles): DF table + unit TF-IDF vectors  (weights.h)
//   scored    = FindRewriteCandidates(corpus): candidate pairs with their cosine
//   stories   = cluster::StoryClusters(corpus.vectors, scored)  (chain-guarded)
//   pairs     = TypePair(...) for the scored pairs inside one story
//
// Candidates. Each document's keys are its `num_features` heaviest TF-IDF terms among
// those held by 2 to `max_posting_size` documents: rare stemmed content words, names,
// all of which survive paraphrase (a rewrite keeps names and facts, so it keeps its
// source's rarest terms). A key held by at most `rare_key_df` documents counts twice,
// any other once, and documents whose shared keys count at least min_shared_features + 1
// are candidates (index::VisitCandidates: an inverted index counted per document, in
// parallel): with the default 2, two shared keys of which one is rare, or three keys.
// Requiring two shared keys instead of one cuts candidates ~7x for a small loss of pairs
// whose story is found anyway through other members; that one of two be rare cuts them
// another 2.5-3x (two common words shared by chance, such as "minister" and "budget",
// made most of the rest) and finds the same METER stories. The posting cap keeps frequent
// terms from causing quadratic work. Index state per document: its keys in the postings
// (12 bytes each, a rare key twice); the DF table (12 bytes per distinct term).
//
// Verification. Every candidate gets its exact TF-IDF cosine; pairs at or above
// `min_cosine` are story edges. TypePair measures, for a pair in one story:
//   cosine            TF-IDF cosine of the whole texts;
//   narrative_bigrams share of the smaller side's content bigrams outside quotations that
//                     the other has: independent reports share quotes, not narrative
//                     wording; a rewrite keeps some of its source's two-word phrasing;
//   entities, numbers share of the smaller side's names / numbers that the other has;
//   length_ratio      shorter / longer, in words;
// and the evidence of its sentences, with each term weighed by how few of the pair's own
// sentences hold it (MeasurePairLocal, below: no corpus statistic enters, so a pair is
// typed the same whatever is scanned with it):
//   pair_aligned_a/b  share of a's (b's) sentences in an order-preserving one-to-one
//                     alignment with the other's: a rewrite keeps its source's story order
//                     sentence by sentence, an independent report tells it its own way;
//   pair_matched_a/b  the same without the order (a reordered rewrite keeps its sentences);
//   pair_local_align3 the three best disjoint local alignments of the sentence cosines
//                     over the smaller sentence count: a rewrite keeps runs of consecutive
//                     source sentences, even when it moves blocks; an independent report
//                     matches sentences here and there;
//   pair_story_order  whether the two introduce their shared specific terms in the same
//                     order;
// and types it kRewrite when the rewrite score (a logistic model over the sentence
// evidence, fit on the "fit" half of tests/fixtures/rewrites, see docs/rewrite.md
// "Pair-local typing") reaches `rewrite_threshold`, else kSameStory. Cosine, entity,
// number, bigram and length evidence is reported with every pair but not scored (it did not
// improve the held-out split). Until session 10 the sentence evidence was weighed by
// corpus IDF, which a small or one-story corpus degrades and which moved every pair's type
// with the corpus around it.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "doppel/options.h"
#include "doppel/report.h"
#include "match/profile.h"
#include "match/weights.h"

namespace doppel::common {
class ThreadPool;
}

namespace doppel::match {

// Settings of this stage. RewriteOptions carries the user-facing ones; the rest are
// proposed additions to RewriteOptions (listed in docs/rewrite.md).
struct RewriteSettings {
  int num_features = 24;             // [index] keys per document
  uint32_t max_posting_size = 500;   // [index] keys held by more documents are not keys
  uint32_t min_shared_features = 2;  // candidate: at least this many shared keys ...
  uint32_t rare_key_df = 64;         // [index] ... one of them held by at most this many
                                     // documents, or min_shared_features + 1 keys
  uint32_t max_candidates = 32;      // candidates a finding document verifies (0: all)
  double min_cosine = 0.15;          // story edge: TF-IDF cosine at least this
  double min_pair_cosine = 0.2;      // reported pair: TF-IDF cosine at least this ...
  uint32_t max_pairs_per_doc = 8;    // ... and among either document's strongest in-story
                                     // edges (stories of thousands stay linear)
  double rewrite_threshold = 0.8;    // rewrite: rewrite score at least this
  // Verified pairs whose documents both hold a term held by at most this many documents
  // must share one (0: no such rule). StoryOptions::require_shared_event_term sets it to
  // the event terms' cap (cluster/story.h): SharesEventTerm's test, read off the terms
  // verification finds the two share (asking SharesEventTerm of each pair that passed was
  // two cache misses a pair, 3% of a default scan of the 100k bench corpus).
  uint32_t max_shared_df = 0;
  // Verification: vectors of at least this many bytes in all (too large for the caches)
  // are filtered through packed 8-bit bounds (bound.h); the same pairs either way.
  size_t pack_min_vector_bytes = size_t{64} << 20;
};
RewriteSettings SettingsFrom(const RewriteOptions& options);

struct RewriteCorpus {
  DfTable df;
  std::vector<TermVector> vectors;  // per document, unit TF-IDF
};

// DF over the profiles with include[d] != 0 (all when `include` is empty), then every
// document's vector. `pool` may be null.
RewriteCorpus BuildRewriteCorpus(const std::vector<ContentProfile>& profiles,
                                 const std::vector<uint8_t>& include, common::ThreadPool* pool);
// The same, releasing each profile's term counts as soon as its vector holds them
// (ContentProfile::ReleaseTerms), so that the two are never all held at once.
RewriteCorpus BuildRewriteCorpus(std::vector<ContentProfile>* profiles, const std::vector<uint8_t>& include,
                                 common::ThreadPool* pool);

struct ScoredPair {
  uint32_t a = 0;  // a < b (document indices)
  uint32_t b = 0;
  double cosine = 0;
  double top_term = 0;  // the largest single-term contribution to the cosine
};

struct RewriteStats {
  uint64_t documents_with_keys = 0;
  uint64_t postings = 0;
  uint64_t candidate_pairs = 0;    // before verification
  uint64_t candidates_dropped = 0;  // past a finding document's max_candidates
  uint64_t verified_pairs = 0;     // cosine >= min_cosine
  uint64_t shared_key_counts = 0;  // work of the candidate count (pair-key incidences)
  uint64_t index_bytes = 0;        // postings + DF table
};

// Candidate pairs among documents with include[d] != 0 (all when empty), verified: those
// with cosine >= settings.min_cosine, sharing a term settings.max_shared_df allows, and,
// when `admit` is given, admit(a, b) true (asked
// only of pairs whose cosine passes, in parallel), sorted by (a, b). Deterministic for any
// pool size.
std::vector<ScoredPair> FindRewriteCandidates(const RewriteCorpus& corpus,
                                              const std::vector<uint8_t>& include,
                                              const RewriteSettings& settings,
                                              common::ThreadPool* pool, RewriteStats* stats,
                                              const std::function<bool(uint32_t, uint32_t)>& admit = {});

// The evidence of one pair (see the top of this file).
struct PairEvidence {
  double cosine = 0;
  double narrative_bigrams = 0;
  double entities = 0;
  double numbers = 0;
  double length_ratio = 0;
  // Sentence evidence with pair-local weights (MeasurePairLocal).
  double pair_matched_a = 0;
  double pair_matched_b = 0;
  double pair_aligned_a = 0;
  double pair_aligned_b = 0;
  double pair_local_align3 = 0;
  double pair_story_order = 0;
  double rewrite_score = 0;  // in [0, 1]
  // Particulars: a document's names and numbers (ContentProfile::entities, ::numbers).
  // min_particulars: how many the document with fewer has; particulars: the share of
  // those the other document has too (0 when either has none).
  uint32_t min_particulars = 0;
  double particulars = 0;
  // Whether the sentence evidence and rewrite score were measured (MeasurePairLocal). A
  // pair that does not keep its particulars is typed without them (MeasurePairOverall).
  bool sentences_measured = false;
};

// A rewrite keeps the particulars of the text it derives from (a changed fact changes one
// or two of them). Items written from one template -- a bond issue, an earnings table,
// another company's price change -- share the template's wording and sentence order, so
// their rewrite score is high, but they swap the particulars. A pair is typed a rewrite
// when its rewrite score reaches `threshold` and either the document with fewer
// particulars has fewer than kMinParticulars (too few to tell) or at least
// kMinParticularShare of them are in the other. On the labelled fixtures every rewrite
// pair keeps at least 0.55 (fit half) / 0.65 (held-out half); among METER + Reuters the
// rule retypes 31% of the Reuters-Reuters rewrite pairs (template siblings) and 0.6-2.9%
// of the METER ones (docs/rewrite.md, "Particulars").
inline constexpr uint32_t kMinParticulars = 3;
inline constexpr double kMinParticularShare = 0.4;
bool KeepsParticulars(const PairEvidence& e);
// rewrite_score >= threshold and KeepsParticulars (never without the sentence evidence).
bool IsRewrite(const PairEvidence& e, double threshold);

PairEvidence MeasurePair(const ContentProfile& a, const ContentProfile& b,
                         const TermVector& vector_a, const TermVector& vector_b,
                         const DfTable& df);

// A document's sentences as an inverted list (term id -> the sentences holding it, with
// the term's count there), so that measuring a pair costs the terms the two share rather
// than |sentences a| x |sentences b| comparisons, and the first position of each term in
// reading order (for the story order).
struct SentenceIndex {
  uint32_t num_sentences = 0;
  std::vector<uint32_t> terms;           // ascending term ids
  std::vector<uint32_t> offsets;         // entries of terms[k]: [offsets[k], offsets[k + 1])
  std::vector<uint16_t> sentence;        // per entry, ascending within a term (< kMaxIndexedSentences)
  std::vector<float> tf;                 // per entry: 1 + ln(count in the sentence)
  std::vector<uint32_t> first_position;  // per term: its first position in reading order (only the order counts)
};

// Local alignment of two documents' sentences (sim: rows = a's sentences, cols = b's,
// row-major): a pair of sentences scores its similarity minus `threshold`, skipping a
// sentence on either side costs `gap`, and an alignment is a path through the matrix that
// never falls below 0:
//   H[0][*] = H[*][0] = 0,
//   H[i+1][j+1] = max(0, H[i][j] + sim[i][j] - threshold, H[i][j+1] - gap, H[i+1][j] - gap).
// The first run is max H; each next one is max H recomputed after the previous runs' rows
// and columns are used up (a run's path, traced back from its maximum until H reaches 0,
// preferring the diagonal, then up, then left; used rows and columns then score -1), so a
// rewrite that moves blocks of its source keeps several runs. Returns the scores of up to
// `max_runs` runs, in the order found (none once max H is 0), into `runs`.
void LocalAlignments(const double* sim, uint32_t rows, uint32_t cols, double threshold, double gap, int max_runs,
                     std::vector<double>* runs);

// Pair-local sentence evidence. Corpus IDF judges which terms are specific against the
// whole corpus, and it degenerates where the corpus is small or one story fills much of it
// (a story's own words are then common, and a paraphrase's new wording outweighs the facts
// it keeps). Within one pair, what tells which sentence renders which is how few of the
// pair's sentences hold a term, as the compare aligner weighs it (align/similarity.h):
// each term weighs w(t) = ln(1 + N / df(t)), N the two documents' sentences together and
// df(t) how many of them hold t; a sentence is the unit vector of (1 + ln count) w(t) over
// its terms. From those sentence cosines: matched and aligned shares at
// kPairAlignSimilarity; local_align3: the kPairLocalAlignRuns best LocalAlignments runs at
// kPairLocalAlignCosine / kPairLocalAlignGap, summed, over the smaller sentence count, so a
// rewrite that moves blocks of its source keeps its runs; and story order over the shared terms
// that at most kPairOrderShare of the pair's sentences hold (at least 2): the longest run
// in the same first-occurrence order over their number, 0 with fewer than 3. Parameters
// chosen on the fit half of the fixtures (tools/proto/pairlocal_research.py). The same for
// any corpus around the pair.
inline constexpr double kPairAlignSimilarity = 0.25;
inline constexpr double kPairLocalAlignCosine = 0.15;
inline constexpr double kPairLocalAlignGap = 0.1;
inline constexpr int kPairLocalAlignRuns = 3;
inline constexpr double kPairOrderShare = 0.2;
void MeasurePairLocal(const SentenceIndex& a, const SentenceIndex& b, PairEvidence* evidence);

// The index holds a document's first kMaxIndexedSentences sentences: MeasurePairLocal's
// matrices are sentences x sentences (two documents of 1 MB, 15,000 sentences: 0.5 s and
// 630 MB for one pair; two of 64 MB would not fit in memory), and a rewrite keeps its
// source's order, so the first 2,048 sentences (some 250 KB of news text) show it.
inline constexpr uint32_t kMaxIndexedSentences = 2048;
static_assert(kMaxIndexedSentences <= 65536, "SentenceIndex::sentence holds 16-bit sentence numbers");
SentenceIndex IndexSentences(const ContentProfile& profile, const DfTable& df);
// The same, with the document's TF-IDF vector (its term ids, so no DF lookups).
SentenceIndex IndexSentences(const ContentProfile& profile, const TermVector& vector,
                             const DfTable& df);

// The evidence of the whole texts: cosine (negative: computed here), narrative bigrams,
// names, numbers, particulars and length ratio; no sentence evidence. Enough to type a
// pair that does not keep its particulars (same_story whatever its sentences say):
// MeasurePair adds the sentence evidence and the rewrite score (MeasurePairLocal). In
// story typing 44% of the METER + Reuters pairs stop here.
PairEvidence MeasurePairOverall(const ContentProfile& a, const ContentProfile& b,
                                const TermVector& vector_a, const TermVector& vector_b, double cosine = -1.0);

// Adds the sentence evidence (MeasurePairLocal) and the rewrite score to *evidence, and
// marks them measured.
void AddSentenceEvidence(const SentenceIndex& sentences_a, const SentenceIndex& sentences_b,
                         PairEvidence* evidence);

// MeasurePair with the sentence indices precomputed (for documents measured against many
// others), and the pair's cosine when it is known (Dot(vector_a, vector_b), e.g. from
// FindRewriteCandidates, which computes the same value); negative: computed here.
PairEvidence MeasurePair(const ContentProfile& a, const ContentProfile& b,
                         const TermVector& vector_a, const TermVector& vector_b,
                         const SentenceIndex& sentences_a, const SentenceIndex& sentences_b,
                         double cosine = -1.0);

// The rewrite score of measured evidence, in [0, 1].
double RewriteScore(const PairEvidence& evidence);

// A doppel::Pair (a, b as given) typed kRewrite or kSameStory, with its evidence as
// features (the sentence features and rewrite_score only when measured); score: the
// rewrite score for kRewrite, the cosine for kSameStory.
Pair TypePair(uint32_t a, uint32_t b, const PairEvidence& evidence, const RewriteSettings& settings);

}  // namespace doppel::match
