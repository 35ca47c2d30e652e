#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "common/round.h"
#include "doppel/report.h"

namespace doppel {
namespace {

// Enough pairs for the writer to take threads (32,768 or more) and several blocks, with
// ids and values that need escaping and every 4-decimal rounding case (negative, above 1,
// halfway).
ScanResult ManyPairs() {
  ScanResult r;
  for (int d = 0; d < 300; ++d) r.ids.push_back("doc \"" + std::to_string(d) + "\"\t\xc3\xa9");
  for (int k = 0; k < 40000; ++k) {
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

// The writer formats pieces itself (cached names, a table of 4-decimal numbers, padded
// copies): each line must be the bytes nlohmann::ordered_json gives the same row, also for
// names longer than its padded pieces, long ids, many features, whole and huge numbers.
TEST(PairsWriterTest, LinesAreTheBytesOfTheJsonOfEachRow) {
  ScanResult r;
  r.ids = {"a", std::string(300, 'x') + "\"\\\n", "c\xc3\xa9"};
  // Distinct names (a row's keys are unique), every seventh longer than a padded piece;
  // static, as Feature names are.
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (int i = 0; i < 41; ++i) {
      // Built piece by piece: "literal" + std::string trips GCC 12's -Wrestrict.
      std::string name(i % 7 == 3 ? std::string(45, 'n') : std::string(1, 'f'));
      name.append(std::to_string(i));
      names.push_back(name);
    }
    return names;
  }();
  const std::vector<double> values = {0.0, 1.0, 0.5, 0.00005, 0.99995, 12.0, 4095.0, 4096.0, 123456.789, -0.25,
                                      1e-9, 2.5e12, 0.33333333};
  for (int k = 0; k < 200; ++k) {
    Pair p;
    p.a = static_cast<DocIndex>(k % 3);
    p.b = static_cast<DocIndex>((k + 1) % 3);
    p.relation = static_cast<Relation>(k % 5);
    p.score = values[k % values.size()];
    const int num_features = k % 41;
    for (int i = 0; i < num_features; ++i) {
      p.features.push_back({kNames[static_cast<size_t>(i)], values[(k + i) % values.size()]});
    }
    r.pairs.push_back(p);
  }
  std::ostringstream out;
  ASSERT_TRUE(WritePairsJsonl(r, out, 2).ok());
  std::istringstream lines(out.str());
  std::string line;
  for (const Pair& p : r.pairs) {
    ASSERT_TRUE(std::getline(lines, line));
    nlohmann::ordered_json row;
    row["a"] = r.ids[p.a];
    row["b"] = r.ids[p.b];
    row["relation"] = RelationName(p.relation);
    row["score"] = common::Round4(p.score);
    if (!p.features.empty()) {
      nlohmann::ordered_json features = nlohmann::ordered_json::object();
      for (const Feature& f : p.features) features[std::string(f.name)] = common::Round4(f.value);
      row["features"] = features;
    }
    EXPECT_EQ(line, row.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  }
  EXPECT_FALSE(std::getline(lines, line));
}

// Every number of the writer's 4-decimal table is how Json prints it (through a pair's
// score: the table is the writer's own).
TEST(PairsWriterTest, EveryFourDecimalNumberIsPrintedAsJsonPrintsIt) {
  ScanResult r;
  r.ids = {"a", "b"};
  for (int k = 0; k <= 10000; ++k) {
    Pair p;
    p.a = 0;
    p.b = 1;
    p.score = k / 1e4;
    r.pairs.push_back(p);
  }
  std::ostringstream out;
  ASSERT_TRUE(WritePairsJsonl(r, out, 1).ok());
  std::istringstream lines(out.str());
  std::string line;
  for (int k = 0; k <= 10000; ++k) {
    ASSERT_TRUE(std::getline(lines, line));
    const std::string expected = nlohmann::json(common::Round4(k / 1e4)).dump();
    const std::string prefix = "\"score\":";
    const size_t at = line.find(prefix);
    ASSERT_NE(at, std::string::npos);
    EXPECT_EQ(line.substr(at + prefix.size(), expected.size() + 1), expected + "}") << k;
  }
}

}  // namespace
}  // namespace doppel
