// A pair's per-side features (`<name>_a`, `<name>_b`) describe the documents the pair
// names as a and b, also when the engine turns the pair round to put the smaller id first.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "doppel/engine.h"
#include "engine/scan_state.h"

namespace doppel {
namespace {

double FeatureOf(const Pair& p, std::string_view name) {
  for (const Feature& f : p.features) {
    if (f.name == name) return f.value;
  }
  ADD_FAILURE() << "no feature " << name;
  return -1;
}

TEST(PairSidesTest, SwappingAPairSwapsItsPerSideFeatures) {
  Pair p{1, 2, Relation::kRewrite, 0.9,
         {{"cosine", 0.5}, {"pair_matched_a", 0.25}, {"pair_matched_b", 1.0}, {"shingles_a", 10}, {"shingles_b", 20}}};
  engine::SwapPairSides(&p);
  EXPECT_EQ(p.a, 2u);
  EXPECT_EQ(p.b, 1u);
  EXPECT_EQ(FeatureOf(p, "cosine"), 0.5);
  EXPECT_EQ(FeatureOf(p, "pair_matched_a"), 1.0);
  EXPECT_EQ(FeatureOf(p, "pair_matched_b"), 0.25);
  EXPECT_EQ(FeatureOf(p, "shingles_a"), 20);
  EXPECT_EQ(FeatureOf(p, "shingles_b"), 10);
}

// A condensed rewrite (half the sentences of its source, every one of them taken from it)
// added after its source and named so that its id comes first: its own side is the one
// fully aligned.
TEST(PairSidesTest, SentenceEvidenceOfARewriteNamesItsOwnSide) {
  std::ifstream in(std::string(DOPPEL_SOURCE_DIR) + "/tests/fixtures/rewrites/part-a/docs.jsonl");
  ASSERT_TRUE(in.good());
  std::string line, source, condensed;
  while (std::getline(in, line)) {
    const nlohmann::json row = nlohmann::json::parse(line);
    if (row["id"] == "g01-src") source = row["text"];
    if (row["id"] == "g01-rw2") condensed = row["text"];
  }
  ASSERT_FALSE(source.empty());
  ASSERT_FALSE(condensed.empty());
  Options options;
  options.num_threads = 1;
  Engine engine{options};
  ASSERT_TRUE(engine.AddDocument({"z-source", source, "", {}}).ok());     // index 0, id last
  ASSERT_TRUE(engine.AddDocument({"a-condensed", condensed, "", {}}).ok());  // index 1, id first
  Result<ScanResult> result = engine.Scan();
  ASSERT_TRUE(result.ok());
  const ScanResult& r = result.value();
  ASSERT_EQ(r.pairs.size(), 1u);
  const Pair& p = r.pairs[0];
  EXPECT_EQ(r.ids[p.a], "a-condensed");
  EXPECT_EQ(p.relation, Relation::kRewrite);
  EXPECT_EQ(FeatureOf(p, "pair_aligned_a"), 1.0);  // all of the condensed text aligns
  EXPECT_LT(FeatureOf(p, "pair_aligned_b"), 0.75);  // half of the source's sentences
}

}  // namespace
}  // namespace doppel
