// Rewrites and same-story reports (ScanMode::kRewrite): content profiles, TF-IDF
// candidates that need no shared phrase, chain-guarded story clusters, and the typing of
// every verified pair inside a story as rewrite or same_story (src/match/rewrite.h).
#include <algorithm>
#include <set>
#include <unordered_map>

#include "clean/cleaner.h"
#include "cluster/story.h"
#include "common/sorted_set.h"
#include "engine/scan_state.h"
#include "match/profile.h"
#include "match/rewrite.h"
#include "match/weights.h"
#include "text/stem.h"

namespace doppel::engine {

void FindRewrites(ScanState* s) {
  const size_t n = s->n;
  const match::RewriteSettings settings = match::SettingsFrom(s->opt.rewrite);
  // 1. Profiles of the representatives, from their cleaned text in its original case (names
  //    are told by their capitals).
  auto profiles = std::make_shared<std::vector<match::ContentProfile>>(n);
  s->pool->ParallelFor(
      n, 32,
      [&](size_t begin, size_t end) {
        text::Stemmer stemmer;
        for (size_t d = begin; d < end; ++d) {
          if (!s->include[d]) continue;
          const std::string& text = s->docs[d].text;
          (*profiles)[d] = s->removals[d].empty()
                               ? match::BuildProfile(text, &stemmer)
                               : match::BuildProfile(clean::ApplyRemovals(text, s->removals[d]), &stemmer);
        }
      },
      [&](size_t done, size_t total) { s->Report("rewrite: profiles", done, total); });

  // 2. Candidates verified by TF-IDF cosine.
  auto corpus = std::make_shared<match::RewriteCorpus>(match::BuildRewriteCorpus(*profiles, s->include, s->pool));
  match::RewriteStats stats;
  std::vector<match::ScoredPair> scored =
      match::FindRewriteCandidates(*corpus, s->include, settings, s->pool, &stats);
  s->stats->candidate_pairs += stats.candidate_pairs;
  s->stats->index_bytes += stats.index_bytes;

  // 3. Stories: exact, near-duplicate and partial-copy links first, then the verified
  //    pairs under the centroid guard. A story is about the same people, places and
  //    organisations: a verified pair is a story edge only when the two documents share
  //    at least kMinSharedNames rare names (names held by at most 1% of the corpus, or 50
  //    documents in a small one). Texts
  //    written from one template (earnings tables, market reports) share vocabulary and
  //    frequent capitalised labels, not the names their stories are about.
  constexpr uint32_t kMinSharedNames = 2;
  std::unordered_map<uint32_t, uint32_t> name_df;
  size_t num_included = 0;
  for (size_t d = 0; d < n; ++d) {
    if (!s->include[d]) continue;
    ++num_included;
    for (uint32_t e : (*profiles)[d].entities) ++name_df[e];
  }
  // At least kMinNameDfCap, so that in a small corpus the names one story's many copies
  // share still count as rare.
  constexpr uint32_t kMinNameDfCap = 50;
  const uint32_t max_name_df = std::max<uint32_t>(kMinNameDfCap, static_cast<uint32_t>(num_included / 100));
  auto shared_rare_names = [&](uint32_t a, uint32_t b) {
    return common::CountCommonIf((*profiles)[a].entities, (*profiles)[b].entities,
                                 [&](uint32_t name) { return name_df[name] <= max_name_df; });
  };
  std::vector<cluster::StoryEdge> edges, must_link;
  edges.reserve(scored.size());
  uint64_t dropped_edges = 0;
  for (const match::ScoredPair& p : scored) {
    if (shared_rare_names(p.a, p.b) >= kMinSharedNames) {
      edges.push_back({p.a, p.b, p.cosine});
    } else {
      ++dropped_edges;
    }
  }
  std::vector<match::ScoredPair> kept;
  for (const match::ScoredPair& p : scored) {
    if (shared_rare_names(p.a, p.b) >= kMinSharedNames) kept.push_back(p);
  }
  scored.swap(kept);
  std::set<std::pair<uint32_t, uint32_t>> linked;
  for (const cluster::Edge& e : s->derivation_edges) {
    must_link.push_back({e.a, e.b, 1.0});
    linked.insert({std::min(e.a, e.b), std::max(e.a, e.b)});
  }
  const std::vector<uint32_t> story_of_rep =
      cluster::StoryClusters(corpus->vectors, std::move(edges), must_link, cluster::StoryOptions{});
  s->story_of.resize(n);
  for (size_t d = 0; d < n; ++d) s->story_of[d] = story_of_rep[s->rep[d]];

  // 4. Type every verified pair inside one story that is not already a copy.
  std::vector<size_t> inside;
  for (size_t k = 0; k < scored.size(); ++k) {
    const match::ScoredPair& p = scored[k];
    if (story_of_rep[p.a] == story_of_rep[p.b] && !linked.count({p.a, p.b})) inside.push_back(k);
  }
  std::vector<Pair> typed(inside.size());
  std::vector<double> rewrite_score(inside.size(), 0.0);
  s->pool->ParallelFor(
      inside.size(), 64,
      [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) {
          const match::ScoredPair& p = scored[inside[i]];
          const match::PairEvidence evidence = match::MeasurePair(
              (*profiles)[p.a], (*profiles)[p.b], corpus->vectors[p.a], corpus->vectors[p.b], corpus->df);
          Pair pair = match::TypePair(p.a, p.b, evidence, settings);
          if (s->IdLess(pair.b, pair.a)) std::swap(pair.a, pair.b);
          rewrite_score[i] = evidence.rewrite_score;
          typed[i] = std::move(pair);
        }
      },
      [&](size_t done, size_t total) { s->Report("rewrite: verify", done, total); });
  for (size_t i = 0; i < typed.size(); ++i) {
    if (typed[i].relation == Relation::kRewrite) {
      const match::ScoredPair& p = scored[inside[i]];
      s->derivation_edges.push_back({p.a, p.b, rewrite_score[i]});
    }
    s->AddGroupPair(typed[i]);
  }

  // 5. A rewrite joins a derivation cluster only when it is itself a rewrite of the core.
  s->close_to_core = [s, profiles, corpus, settings](uint32_t x, uint32_t core) {
    if (s->story_of[x] != s->story_of[core]) return false;
    const match::PairEvidence evidence = match::MeasurePair(
        (*profiles)[x], (*profiles)[core], corpus->vectors[x], corpus->vectors[core], corpus->df);
    return evidence.rewrite_score >= settings.rewrite_threshold;
  };
}

}  // namespace doppel::engine
