// Rewrites and same-story reports (ScanMode::kRewrite): content profiles, TF-IDF
// candidates that need no shared phrase, chain-guarded story clusters, and the typing of
// every verified pair inside a story as rewrite or same_story (src/match/rewrite.h).
#include <memory>
#include <utility>

#include "clean/cleaner.h"
#include "cluster/story.h"
#include "common/stopwatch.h"
#include "engine/scan_state.h"
#include "match/profile.h"
#include "match/rewrite.h"
#include "match/weights.h"
#include "text/stem.h"

namespace doppel::engine {

void FindRewrites(ScanState* s) {
  const size_t n = s->n;
  const match::RewriteSettings settings = match::SettingsFrom(s->opt.rewrite);
  common::Stopwatch watch;
  // 1. Profiles of the representatives, from their cleaned text in its original case (names
  //    are told by their capitals).
  auto profiles = std::make_shared<std::vector<match::ContentProfile>>(n);
  s->pool->ParallelFor(
      n, 32,
      [&](size_t begin, size_t end) {
        text::Stemmer stemmer;
        for (size_t d = begin; d < end; ++d) {
          if (!s->include[d]) {
            s->ReleaseText(d);  // an exact copy's text is read no more (Options::release_text)
            continue;
          }
          const std::string& text = s->docs[d].text;
          (*profiles)[d] = s->removals[d].empty()
                               ? match::BuildProfile(text, &stemmer)
                               : match::BuildProfile(clean::ApplyRemovals(text, s->removals[d]), &stemmer);
          s->ReleaseText(d);  // its last reading (Options::release_text)
        }
      },
      [&](size_t done, size_t total) { s->Report("rewrite: profiles", done, total); });

  s->stats->seconds_rewrite_profiles = watch.Lap();

  // 2. Candidates verified by TF-IDF cosine, story clusters under the centroid guard (exact,
  //    near-duplicate and partial-copy links joined first), and every in-story pair typed
  //    as rewrite or same_story (src/cluster/story.h).
  std::vector<cluster::StoryEdge> must_link;
  must_link.reserve(s->derivation_edges.size());
  for (const cluster::Edge& e : s->derivation_edges) must_link.push_back({e.a, e.b, 1.0, 0.0});
  s->Report("rewrite: stories", 0, 1);
  // A pair inside one group of copies that is itself a copy (its direct link left out by
  // the near-duplicate candidate caps) is not typed as a rewrite.
  auto copy_pair = [s](uint32_t a, uint32_t b) { return s->CopyPair(a, b, nullptr); };
  auto scan = std::make_shared<cluster::StoryScan>(cluster::FindStories(
      profiles.get(), s->include, must_link, settings, cluster::StoryOptions{}, s->pool, copy_pair));
  s->Report("rewrite: stories", 1, 1);
  s->stats->candidate_pairs += scan->stats.candidate_pairs;
  s->stats->index_bytes += scan->stats.index_bytes;
  s->stats->candidate_pairs_rewrite = scan->stats.candidate_pairs;
  s->stats->rewrite_candidates_dropped = scan->stats.candidates_dropped;
  s->stats->index_bytes_rewrite = scan->stats.index_bytes;
  s->stats->rewrite_profile_bytes = scan->profile_bytes;
  s->stats->seconds_rewrite_candidates = scan->seconds_candidates;
  s->stats->seconds_rewrite_stories = scan->seconds_stories;
  s->stats->seconds_rewrite_typing = scan->seconds_typing;
  s->story_of.resize(n);
  for (size_t d = 0; d < n; ++d) s->story_of[d] = scan->story_of[s->rep[d]];

  // 3. Rewrites are derivation edges; every typed pair is reported, a before b by id.
  s->pairs.reserve(s->pairs.size() + scan->pairs.size());
  for (Pair& pair : scan->pairs) {
    if (pair.relation == Relation::kRewrite) s->derivation_edges.push_back({pair.a, pair.b, pair.score});
    if (s->IdLess(pair.b, pair.a)) SwapPairSides(&pair);
    s->AddGroupPair(std::move(pair));
  }
  scan->pairs.clear();
  scan->pairs.shrink_to_fit();

  // 4. A rewrite joins a derivation cluster only when it is itself a rewrite of the core.
  s->close_to_core = [s, profiles, scan, settings](uint32_t x, uint32_t core) {
    if (s->story_of[x] != s->story_of[core]) return false;
    return match::IsRewrite(scan->Measure(*profiles, x, core), settings.rewrite_threshold);
  };
  s->rewrite_profiles = profiles;
  s->rewrite_scan = scan;
}

}  // namespace doppel::engine
