// Document ids: a repeated id is an issue and its document is skipped, across the growth
// of the engine's id table (checked against a std::set of the ids).
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>

#include "doppel/engine.h"

namespace doppel {
namespace {

Document Doc(std::string id) {
  Document d;
  d.id = std::move(id);
  d.text = "text";
  return d;
}

TEST(IdsTest, RepeatedIdsAreSkippedAndNamedWhateverTheirNumber) {
  Engine engine{Options{}};
  std::set<std::string> reference;
  size_t repeats = 0;
  std::mt19937 rng(5);
  for (int i = 0; i < 20000; ++i) {
    // Ids from a pool of 15,000: about a quarter of the documents repeat an earlier id.
    std::string id = "doc-";
    id += std::to_string(rng() % 15000);
    repeats += !reference.insert(id).second;
    ASSERT_TRUE(engine.AddDocument(Doc(id)).ok());
  }
  EXPECT_GT(repeats, 3000u);
  EXPECT_EQ(engine.num_documents(), reference.size());
  ASSERT_EQ(engine.issues().size(), repeats);
  for (const InputIssue& issue : engine.issues()) {
    EXPECT_EQ(issue.kind, InputIssueKind::kDuplicateId);
    EXPECT_NE(issue.detail.find("was seen before"), std::string::npos);
  }
  // Ids that share a prefix and differ in length are all distinct.
  Engine other{Options{}};
  std::string id;
  for (int i = 0; i < 3000; ++i) {
    id += 'x';
    ASSERT_TRUE(other.AddDocument(Doc(id)).ok());
  }
  EXPECT_EQ(other.num_documents(), 3000u);
  EXPECT_TRUE(other.issues().empty());
}

}  // namespace
}  // namespace doppel
