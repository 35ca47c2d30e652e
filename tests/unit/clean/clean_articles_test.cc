#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "clean/cleaner.h"
#include "clean_test_util.h"

namespace doppel::clean {
namespace {

using testing::ReadFixture;
using testing::Removed;

const std::vector<std::string> kFixtures = {"court_report.txt", "match_report.txt",
                                            "travel_feature.txt", "recipe.txt",
                                            "interview.txt"};

TEST(CleanArticlesTest, PlainArticlesLoseNothing) {
  for (const std::string& name : kFixtures) {
    std::string text = ReadFixture(name);
    ASSERT_FALSE(text.empty()) << name;
    EXPECT_EQ(Removed(text), "") << name;
  }
}

TEST(CleanArticlesTest, PlainArticlesLoseNothingWithCorpusStatistics) {
  // Each article twice (copies are common in a corpus) at the lowest threshold.
  CorpusLineStats stats;
  for (int copy = 0; copy < 2; ++copy) {
    for (const std::string& name : kFixtures) stats.Add(LineKeys(ReadFixture(name)));
  }
  CleanOptions options;
  options.min_boilerplate_docs = 2;
  stats.Finalize(options);
  for (const std::string& name : kFixtures) {
    EXPECT_EQ(Removed(ReadFixture(name), &stats, options), "") << name;
  }
}

TEST(CleanArticlesTest, HardWrappedArticleLosesNothing) {
  // A plain-text article wrapped at 72 columns: short last lines of paragraphs must not
  // look like labels.
  std::string text =
      "Village shop saved by its customers\n"
      "\n"
      "The only shop in the village of Long Compton has been bought by more than\n"
      "two hundred of its regular customers, who each paid fifty pounds for a\n"
      "share.\n"
      "\n"
      "The owners, who are retiring after thirty years behind the counter, had\n"
      "been unable to find a buyer and feared the shop would close for good in\n"
      "the spring.\n"
      "\n"
      "A committee of volunteers will run the shop until a manager is hired.\n"
      "It will keep selling newspapers, bread from the bakery in the next\n"
      "village and stamps.\n";
  EXPECT_EQ(Removed(text), "");
}

}  // namespace
}  // namespace doppel::clean
