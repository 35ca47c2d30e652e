#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "doppel/report.h"

namespace doppel {
namespace {

// Enough pairs for several blocks of the parallel writer, with ids and values that need
// escaping and every 4-decimal rounding case (negative, above 1, halfway).
ScanResult ManyPairs() {
  ScanResult r;
  for (int d = 0; d < 300; ++d) r.ids.push_back("doc \"" + std::to_string(d) + "\"\t\xc3\xa9");
  for (int k = 0; k < 20000; ++k) {
    Pair p;
    p.a = static_cast<DocIndex>(k % 300);
    p.b = static_cast<DocIndex>((k * 7 + 1) % 300);
    p.relation = k % 3 == 0 ? Relation::kRewrite : Relation::kSameStory;
    p.score = (k % 10001) / 10000.0 + 0.00004;
    p.features = {{"cosine", (k % 997) / 996.0},
                  {"odd \"name\"", -0.5 + k * 1e-4},
                  {"length_ratio", 1.0 + (k % 5) * 0.33333}};
    r.pairs.push_back(p);
  }
  return r;
}

TEST(PairsWriterTest, SameBytesForAnyThreadCountAndEachLineIsTheJsonOfItsPair) {
  const ScanResult r = ManyPairs();
  std::ostringstream one, three, all;
  ASSERT_TRUE(WritePairsJsonl(r, one, 1).ok());
  ASSERT_TRUE(WritePairsJsonl(r, three, 3).ok());
  ASSERT_TRUE(WritePairsJsonl(r, all, 0).ok());
  EXPECT_EQ(one.str(), three.str());
  EXPECT_EQ(one.str(), all.str());
  std::istringstream lines(one.str());
  std::string line;
  size_t k = 0;
  while (std::getline(lines, line)) {
    ASSERT_LT(k, r.pairs.size());
    const nlohmann::json row = nlohmann::json::parse(line);
    const Pair& p = r.pairs[k];
    EXPECT_EQ(row["a"], r.ids[p.a]);
    EXPECT_EQ(row["b"], r.ids[p.b]);
    EXPECT_EQ(row["relation"], RelationName(p.relation));
    EXPECT_NEAR(row["score"].get<double>(), p.score, 0.5e-4 + 1e-12);
    ASSERT_EQ(row["features"].size(), p.features.size());
    for (const Feature& f : p.features) EXPECT_NEAR(row["features"][f.name].get<double>(), f.value, 0.5e-4 + 1e-12);
    ++k;
  }
  EXPECT_EQ(k, r.pairs.size());
}

}  // namespace
}  // namespace doppel
