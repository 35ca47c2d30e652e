// Story clusters: documents about one event, joined by rewrite and same-story evidence,
// with a guard against chaining.
//
// Single-link clustering on TF-IDF similarity chains whole topics together (on METER at
// cosine 0.25 one component takes 35 court stories: every court report shares some
// vocabulary with the next). Here a document or a cluster joins another cluster only when
// it is close to that cluster's core, its centroid:
//  - edges (verified candidate pairs with their cosine) are taken strongest first, as in
//    Kruskal's algorithm, so the cores form from the closest pairs;
//  - an edge whose ends are already in different clusters merges them only when the
//    cosine between the clusters' centroids (the normalised sums of their members' unit
//    TF-IDF vectors) reaches `join_threshold` when one side is a single document, or
//    `merge_threshold` when both are clusters. The centroid cosine is the mean cross
//    similarity divided by the geometric mean of the two clusters' own cohesion, so a loose
//    cluster is not penalised for being loose, while a bridge document between two
//    unrelated stories cannot pull them together: their centroids share little.
// Centroids keep their `centroid_terms` heaviest terms, so a merge costs O(centroid_terms)
// whatever the cluster size; with the edges sorted once, the whole pass is
// O(E log E + E * centroid_terms). Deterministic: ties break on document indices.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "doppel/report.h"
#include "match/profile.h"
#include "match/rewrite.h"
#include "match/weights.h"

namespace doppel::common {
class ThreadPool;
}

namespace doppel::cluster {

// Defaults: METER + Reuters sweep in docs/rewrite.md (F1 0.977-0.986 over leaf 0.18-0.22,
// merge 0.12-0.25, merge_min_edge 0.25-0.3, with 1 Reuters attachment at leaf >= 0.18 and
// merge >= 0.15; at merge_min_edge 0.22 two stories about one company twelve years apart
// merge, so the default keeps a margin above it).
struct StoryOptions {
  // Edges below this cosine are ignored.
  double min_edge_cosine = 0.15;
  // A single document joins a cluster when its cosine to the cluster centroid is at
  // least this.
  double join_threshold = 0.2;
  // Two clusters (2+ documents each) merge when their centroid cosine is at least this
  // and the edge between them is at least merge_min_edge (a weak edge between two
  // clusters that look alike as topics -- two stories about one company years apart --
  // is not a story).
  double merge_threshold = 0.18;
  double merge_min_edge = 0.28;
  // ... and, for both, when the mean cosine between the members of one side and the
  // members of the other is at least this. The centroid test forgives a loose cluster;
  // this floor stops a topic (routine items written from one template, one politician's
  // week) from growing into one story. METER + Reuters: 0 -> 0.08 keeps the story F1
  // (0.9824 -> 0.9812) and cuts the pairs inside Reuters-only stories from 11.6 M to 2.2 M
  // (docs/rewrite.md).
  double min_average_link = 0.08;
  // A single document also joins a cluster through its strongest edge when that edge is
  // at least this (a report drawn from one piece of a multi-piece story is close to that
  // piece, not to the story's centroid). Only the document's nearest neighbour counts, so
  // a document whose best match is elsewhere cannot be pulled in by a weaker edge.
  double leaf_edge_threshold = 0.2;
  bool leaf_nearest_only = true;
  // Clusters of up to this many documents count as leaves (their strongest outgoing edge
  // joins them to the cluster at its other end).
  uint32_t leaf_max_size = 1;
  // ... and only to a core member (one that joined by the centroid test), so leaves do not
  // chain: a document whose nearest neighbour is itself a leaf stays out.
  bool leaf_to_core_only = true;
  // ... and when the edge's cosine without its largest single-term contribution is at
  // least this (one shared surname is not a story).
  double leaf_min_robust = 0.0;
  // Terms kept per centroid.
  int centroid_terms = 128;
  // Event terms: the uncommon terms of a document (held by 2 to max(event_min_df_cap,
  // documents / event_df_divisor) documents: names, places, rare words). With
  // require_shared_event_term, an edge counts only when its two documents share one of
  // them (or one has none), and two clusters join only when the unions of their members'
  // uncommon terms meet. Routine items written from one template (earnings tables, bond
  // issues, monthly statistics) are alike as texts but name different companies and
  // places; reports of one event share its names and particulars. METER + Reuters
  // (docs/rewrite.md): the largest Reuters-only story 1,712 -> 414 documents, pairs inside
  // Reuters-only stories 2.2 M -> 0.47 M, METER story F1 0.9812 -> 0.9804, attachments
  // 1 -> 0.
  bool require_shared_event_term = true;
  uint32_t event_min_df_cap = 50;
  uint32_t event_df_divisor = 400;
};

struct StoryEdge {
  uint32_t a = 0;
  uint32_t b = 0;
  double cosine = 0;
  double top_term = 0;  // largest single-term contribution to the cosine
};

// Story label of each of vectors.size() documents: the smallest document index of its
// story (a document alone is its own story). `must_link` pairs (exact copies, near
// duplicates, partial copies) are joined first and unconditionally.
// `event_terms` (optional, one sorted set per document: EventTerms) enables
// StoryOptions::require_shared_event_term for clusters (filter the edges first with
// KeepEdgesSharingEventTerms).
std::vector<uint32_t> StoryClusters(const std::vector<match::TermVector>& vectors,
                                    std::vector<StoryEdge> edges,
                                    const std::vector<StoryEdge>& must_link,
                                    const StoryOptions& options,
                                    const std::vector<std::vector<uint32_t>>* event_terms = nullptr);

// The most documents an event term is held by (at least 2), for a corpus of
// df.num_documents() documents: max(event_min_df_cap, documents / event_df_divisor).
uint32_t EventTermMaxDf(const match::DfTable& df, const StoryOptions& options);

// The uncommon terms of each document (StoryOptions::require_shared_event_term), sorted
// term ids of its vector: those held by 2 to EventTermMaxDf documents.
// `pool` may be null.
std::vector<std::vector<uint32_t>> EventTerms(const std::vector<match::TermVector>& vectors,
                                              const match::DfTable& df, const StoryOptions& options,
                                              common::ThreadPool* pool);

// Whether two documents' event terms (EventTerms) allow an edge between them: they share
// one, or one of the documents has none.
bool SharesEventTerm(const std::vector<uint32_t>& x, const std::vector<uint32_t>& y);

// Removes the edges whose two documents have event terms and share none: an edge counts
// as evidence of one story only then (StoryOptions::require_shared_event_term; the
// clusters' own test is in StoryClusters). Keeps the order of the others.
void KeepEdgesSharingEventTerms(const std::vector<std::vector<uint32_t>>& event_terms,
                                std::vector<StoryEdge>* edges, common::ThreadPool* pool);

// The rewrite stage in one call, for the engine.
//
//   std::vector<match::ContentProfile> profiles = ...;  // BuildProfile per document
//   StoryScan scan = FindStories(profiles, include, must_link, settings, {}, &pool);
//   // scan.pairs: kRewrite / kSameStory pairs; scan.story_of: story label per document.
//
// `include[d] == 0` leaves document d out (exact-copy members other than the group's
// representative; empty: all). `must_link`: pairs already related (exact, near_duplicate,
// partial_copy): their documents share a story, and no rewrite/same_story pair is
// reported for them. `copy_pair` (optional) is asked of a pair to report whose documents
// are in one group of must_link links without being linked directly: true when the two
// are themselves copies, and then the pair is not reported either (the near-duplicate
// candidate caps list a large group of near copies through a core, and its other pairs
// would otherwise be typed as rewrites).
struct StoryScan {
  // Verified pairs with both documents in one story and cosine >= min_pair_cosine,
  // a < b (document indices), sorted by (a, b); each with its evidence as features.
  std::vector<Pair> pairs;
  // Story label per document: the smallest document index of its story.
  std::vector<uint32_t> story_of;
  match::RewriteStats stats;
  uint64_t profile_bytes = 0;  // heap bytes of the profiles and vectors
  // Wall seconds: candidates (DF, vectors, keys, cosine), story clustering, typing.
  double seconds_candidates = 0, seconds_stories = 0, seconds_typing = 0;
  // The DF table and the documents' unit TF-IDF vectors the pairs were measured with.
  match::RewriteCorpus corpus;
  // Sentence indices of the documents whose pairs were measured sentence by sentence
  // (empty for the others), to measure more pairs of them without rebuilding.
  std::vector<match::SentenceIndex> sentences;
  // Per document, the event terms the stories were clustered with (EventTerms; empty
  // unless options.require_shared_event_term). Returned rather than freed here: freeing a
  // list per document on the calling thread, and glibc sorting those blocks into its bins
  // at the next large allocation, took ~45 ms on the 100k bench corpus; the engine frees
  // the scan's state off the calling thread.
  std::vector<std::vector<uint32_t>> event_terms;
  // The evidence of a pair as story typing measures it: the sentence evidence only when the
  // pair keeps its particulars (match::MeasurePairOverall), with the stored sentence
  // indices where there are.
  match::PairEvidence Measure(const std::vector<match::ContentProfile>& profiles, uint32_t a,
                              uint32_t b) const;
};
using CopyPairFn = std::function<bool(uint32_t, uint32_t)>;
StoryScan FindStories(const std::vector<match::ContentProfile>& profiles,
                      const std::vector<uint8_t>& include, const std::vector<StoryEdge>& must_link,
                      const match::RewriteSettings& settings, const StoryOptions& options,
                      common::ThreadPool* pool, const CopyPairFn& copy_pair = {});
// The same, and each profile's term counts are released (ContentProfile::ReleaseTerms) as
// soon as the corpus holds its vector, which carries the terms from then on: the counts
// are 16 bytes a distinct term, half of a long document's profile (4.1 of 8.9 KB a
// document on the bench corpus), and the scan's peak comes after them.
StoryScan FindStories(std::vector<match::ContentProfile>* profiles, const std::vector<uint8_t>& include,
                      const std::vector<StoryEdge>& must_link, const match::RewriteSettings& settings,
                      const StoryOptions& options, common::ThreadPool* pool, const CopyPairFn& copy_pair = {});

}  // namespace doppel::cluster
