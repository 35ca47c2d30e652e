// cluster/story.h: story clustering with the chain guard (tested with the match stage
// that feeds it).
#include "cluster/story.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "common/thread_pool.h"
#include "text/stem.h"

namespace doppel::cluster {
namespace {

// A unit vector over terms 1..k with the given weights (normalised here).
match::TermVector Vec(std::vector<std::pair<uint64_t, float>> tw) {
  double norm2 = 0;
  for (auto& [t, w] : tw) norm2 += double(w) * w;
  match::TermVector v;
  for (auto& [t, w] : tw) {
    v.terms.push_back(t);
    v.weights.push_back(static_cast<float>(w / std::sqrt(norm2)));
  }
  return v;
}

StoryEdge E(const std::vector<match::TermVector>& v, uint32_t a, uint32_t b) {
  const match::DotParts parts = match::DotWithTop(v[a], v[b]);
  return {a, b, parts.dot, parts.top_term};
}

TEST(StoryClustersTest, LooseClustersMergeOnlyWhenTheirMembersAreCloseOnAverage) {
  // Two pairs, {0, 1} on term 1 and {2, 3} on term 3, joined only by what documents 1 and
  // 3 share (term 5): the mean cosine across the pairs is 0.36 / 4 = 0.09.
  std::vector<match::TermVector> v = {
      Vec({{1, 1}}),
      Vec({{1, 0.8f}, {5, 0.6f}}),
      Vec({{3, 1}}),
      Vec({{3, 0.8f}, {5, 0.6f}}),
  };
  std::vector<StoryEdge> edges = {E(v, 0, 1), E(v, 2, 3), E(v, 1, 3)};
  StoryOptions options;
  options.merge_threshold = 0.05;  // the centroid test alone lets them merge
  options.merge_min_edge = 0.3;
  options.min_average_link = 0.1;
  std::vector<uint32_t> label = StoryClusters(v, edges, {}, options);
  EXPECT_EQ(label[0], label[1]);
  EXPECT_EQ(label[2], label[3]);
  EXPECT_NE(label[0], label[2]);
  options.min_average_link = 0.08;
  label = StoryClusters(v, edges, {}, options);
  EXPECT_EQ(label[0], label[2]);
}

// Two template items (same template words 1-3, different companies 20 and 21) are alike
// as texts; with event terms they stay apart unless they share one, and a document with
// no event term is exempt.
TEST(StoryClustersTest, TemplateItemsNeedASharedEventTerm) {
  std::vector<match::TermVector> v = {
      Vec({{1, 1}, {2, 1}, {3, 1}, {20, 0.5f}}),
      Vec({{1, 1}, {2, 1}, {3, 1}, {21, 0.5f}}),
      Vec({{1, 1}, {2, 1}, {3, 1}}),
  };
  std::vector<StoryEdge> edges = {E(v, 0, 1)};
  StoryOptions options;
  const std::vector<std::vector<uint32_t>> events = {{20}, {21}, {}};
  std::vector<StoryEdge> kept = edges;
  KeepEdgesSharingEventTerms(events, &kept, nullptr);
  EXPECT_TRUE(kept.empty());
  // Without the edge filter the cluster test alone still keeps them apart.
  std::vector<uint32_t> label = StoryClusters(v, edges, {}, options, &events);
  EXPECT_NE(label[0], label[1]);
  options.require_shared_event_term = false;
  label = StoryClusters(v, edges, {}, options, &events);
  EXPECT_EQ(label[0], label[1]);
  // Sharing an event term, or having none, lets them join.
  options.require_shared_event_term = true;
  const std::vector<std::vector<uint32_t>> shared = {{20, 30}, {21, 30}, {}};
  label = StoryClusters(v, edges, {}, options, &shared);
  EXPECT_EQ(label[0], label[1]);
  const std::vector<StoryEdge> to_plain = {E(v, 0, 2)};
  kept = to_plain;
  KeepEdgesSharingEventTerms(events, &kept, nullptr);
  EXPECT_EQ(kept.size(), 1u);
  label = StoryClusters(v, to_plain, {}, options, &events);
  EXPECT_EQ(label[0], label[2]);
}

TEST(StoryClustersTest, ABridgeDocumentDoesNotChainTwoStories) {
  // Story A: terms 1-4, story B: terms 11-14; document 6 shares half its weight with each.
  std::vector<match::TermVector> v = {
      Vec({{1, 1}, {2, 1}, {3, 1}, {4, 1}}),     Vec({{1, 1}, {2, 1}, {3, 1}, {5, 1}}),
      Vec({{1, 1}, {2, 1}, {4, 1}, {5, 1}}),     Vec({{11, 1}, {12, 1}, {13, 1}, {14, 1}}),
      Vec({{11, 1}, {12, 1}, {13, 1}, {15, 1}}), Vec({{11, 1}, {12, 1}, {14, 1}, {15, 1}}),
      Vec({{1, 1}, {2, 1}, {11, 1}, {12, 1}}),
  };
  std::vector<StoryEdge> edges;
  for (uint32_t a = 0; a < v.size(); ++a) {
    for (uint32_t b = a + 1; b < v.size(); ++b) {
      StoryEdge e = E(v, a, b);
      if (e.cosine > 0) edges.push_back(e);
    }
  }
  StoryOptions options;
  std::vector<uint32_t> label = StoryClusters(v, edges, {}, options);
  EXPECT_EQ(label[0], label[1]);
  EXPECT_EQ(label[0], label[2]);
  EXPECT_EQ(label[3], label[4]);
  EXPECT_EQ(label[3], label[5]);
  EXPECT_NE(label[0], label[3]);  // plain single link at these cosines would join them
  // Single link would: every edge here is above the thresholds.
  StoryOptions single_link;
  single_link.join_threshold = single_link.merge_threshold = 0.0;
  single_link.merge_min_edge = 0.0;
  std::vector<uint32_t> chained = StoryClusters(v, edges, {}, single_link);
  EXPECT_EQ(chained[0], chained[3]);
}

TEST(StoryClustersTest, WeakEdgesBetweenClustersDoNotMerge) {
  std::vector<match::TermVector> v = {
      Vec({{1, 1}, {2, 1}, {3, 1}}), Vec({{1, 1}, {2, 1}, {4, 1}}),
      Vec({{5, 1}, {6, 1}, {7, 1}}), Vec({{5, 1}, {6, 1}, {8, 1}}),
  };
  std::vector<StoryEdge> edges = {E(v, 0, 1), E(v, 2, 3), {1, 2, 0.22, 0.1}};
  StoryOptions options;  // merge_min_edge 0.25 > 0.22
  std::vector<uint32_t> label = StoryClusters(v, edges, {}, options);
  EXPECT_EQ(label[0], label[1]);
  EXPECT_EQ(label[2], label[3]);
  EXPECT_NE(label[0], label[2]);
}

TEST(StoryClustersTest, ADocumentJoinsThroughItsNearestNeighbourOnly) {
  // 0-1-2 a tight story; 3 is closest to 0 (0.3) and less close to 4 (0.25).
  std::vector<match::TermVector> v(5, Vec({{1, 1}}));
  std::vector<StoryEdge> edges = {{0, 1, 0.9, 0.1}, {0, 2, 0.9, 0.1}, {1, 2, 0.9, 0.1},
                                  {0, 3, 0.3, 0.1}, {3, 4, 0.25, 0.1}};
  v[3] = Vec({{9, 1}});  // far from every centroid: only the leaf rule can join it
  v[4] = Vec({{8, 1}});
  StoryOptions options;
  std::vector<uint32_t> label = StoryClusters(v, edges, {}, options);
  EXPECT_EQ(label[3], label[0]);
  EXPECT_NE(label[4], label[0]);  // 3's second edge is not its nearest: no chain
}

TEST(StoryClustersTest, AOneWordMatchIsNotALeafEdge) {
  std::vector<match::TermVector> v = {Vec({{1, 1}}), Vec({{2, 1}})};
  StoryOptions options;
  options.leaf_min_robust = 0.05;
  // The whole cosine comes from one term.
  std::vector<uint32_t> label = StoryClusters(v, {{0, 1, 0.3, 0.3}}, {}, options);
  EXPECT_NE(label[0], label[1]);
}

TEST(StoryClustersTest, MustLinkPairsShareAStoryAndLabelsAreSmallestIndices) {
  std::vector<match::TermVector> v = {Vec({{1, 1}}), Vec({{2, 1}}), Vec({{3, 1}})};
  std::vector<uint32_t> label = StoryClusters(v, {}, {{2, 1, 1.0, 0.0}}, {});
  EXPECT_EQ(label[0], 0u);
  EXPECT_EQ(label[1], 1u);
  EXPECT_EQ(label[2], 1u);
}

TEST(FindStoriesTest, ReportsRewritePairsInsideOneStoryDeterministically) {
  const std::vector<std::string> texts = {
      "Chester Zoo won its appeal against Customs over value added tax on admission "
      "charges. The tribunal ruled the North of England Zoological Society was run by "
      "volunteers. The zoo had been asked for 1.4 million pounds.",
      "Customs lost its case against Chester Zoo over value added tax on tickets. The "
      "tribunal decided the North of England Zoological Society is run by volunteers. A "
      "bill of 1.4 million pounds had been sent to the zoo.",
      "Shares in the bank fell after profits missed forecasts.",
      "The striker scored twice as the home side won the cup.",
      "Rain flooded roads across the county and closed schools.",
      "A tribunal heard a tax case about volunteers at a charity.",
  };
  text::Stemmer stemmer;
  std::vector<match::ContentProfile> profiles;
  for (const std::string& t : texts) profiles.push_back(match::BuildProfile(t, &stemmer));
  StoryScan one = FindStories(profiles, {}, {}, {}, {}, nullptr);
  common::ThreadPool pool(2);
  StoryScan two = FindStories(profiles, {}, {}, {}, {}, &pool);
  ASSERT_EQ(one.pairs.size(), 1u);
  EXPECT_EQ(one.pairs[0].a, 0u);
  EXPECT_EQ(one.pairs[0].b, 1u);
  EXPECT_EQ(one.story_of[0], one.story_of[1]);
  EXPECT_NE(one.story_of[2], one.story_of[0]);
  EXPECT_FALSE(one.pairs[0].features.empty());
  ASSERT_EQ(two.pairs.size(), 1u);
  EXPECT_EQ(two.pairs[0].relation, one.pairs[0].relation);
  EXPECT_EQ(two.pairs[0].score, one.pairs[0].score);
  EXPECT_EQ(two.story_of, one.story_of);
  // Releasing the profiles' terms on the way, and each document's sentence terms once its
  // sentence index is built, changes nothing the scan reports, and Measure works from the
  // released profiles.
  std::vector<match::ContentProfile> released = profiles;
  const std::vector<match::ContentProfile> copied = profiles;  // capacities as in `released`
  const uint64_t copied_bytes = FindStories(copied, {}, {}, {}, {}, nullptr).profile_bytes;
  StoryScan three = FindStories(&released, {}, {}, {}, {}, &pool);
  for (const match::ContentProfile& p : released) EXPECT_TRUE(p.terms.empty());
  // The reported pair's documents were measured sentence by sentence; the others were not.
  EXPECT_TRUE(released[0].sentence_terms.empty());
  EXPECT_TRUE(released[1].sentence_terms.empty());
  for (size_t d = 2; d < texts.size(); ++d) EXPECT_EQ(released[d].sentence_terms, profiles[d].sentence_terms) << d;
  ASSERT_EQ(three.pairs.size(), 1u);
  EXPECT_EQ(three.pairs[0].score, one.pairs[0].score);
  ASSERT_EQ(three.pairs[0].features.size(), one.pairs[0].features.size());
  for (size_t k = 0; k < one.pairs[0].features.size(); ++k) {
    EXPECT_EQ(three.pairs[0].features[k].name, one.pairs[0].features[k].name);
    EXPECT_EQ(three.pairs[0].features[k].value, one.pairs[0].features[k].value);
  }
  EXPECT_EQ(three.story_of, one.story_of);
  EXPECT_EQ(three.profile_bytes, copied_bytes);  // what was held, counts included
  EXPECT_EQ(three.Measure(released, 0, 1).rewrite_score, one.Measure(profiles, 0, 1).rewrite_score);
  EXPECT_EQ(three.Measure(released, 0, 4).cosine, one.Measure(profiles, 0, 4).cosine);
  // A pair the near-duplicate stage already related is not reported again.
  StoryScan related = FindStories(profiles, {}, {{0, 1, 1.0, 0.0}}, {}, {}, nullptr);
  EXPECT_TRUE(related.pairs.empty());
  EXPECT_EQ(related.story_of[0], related.story_of[1]);
}

}  // namespace
}  // namespace doppel::cluster
