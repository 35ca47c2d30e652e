#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "clean/cleaner.h"
#include "clean/corpus_keys.h"
#include "common/simd.h"
#include "clean_test_util.h"

namespace doppel::clean {
namespace {

using testing::Cleaned;
using testing::Contains;
using testing::Removed;

// Five different articles (different people, places, subjects).
const std::vector<std::string>& DifferentArticles() {
  static const std::vector<std::string> articles = {
      "Orchard owners count cost of late frost\n\n"
      "Fruit growers in the Teme Valley say a single night of frost in April destroyed "
      "most of this year's apple blossom.\n\n"
      "Gerald Whitcombe, who has farmed near Tenbury Wells for forty years, said he had "
      "never seen damage on this scale.\n\n"
      "The Worcestershire growers' association is asking the government for emergency "
      "help with seasonal labour costs.\n",

      "Chess prodigy wins national title at eleven\n\n"
      "An eleven-year-old from Leicester has become the youngest ever winner of the "
      "national chess championship.\n\n"
      "Priya Raman beat the defending champion, Oliver Stanwick, in a tense final game "
      "that lasted more than five hours.\n\n"
      "Her coach, Dmitri Volkov, said she studies openings for two hours every evening "
      "after school.\n",

      "Canal restoration reaches Stroud\n\n"
      "Volunteers restoring the Cotswold Canals have reopened another mile of waterway, "
      "bringing boats back to Stroud for the first time in decades.\n\n"
      "The Cotswold Canals Trust said more than four hundred volunteers had cleared silt "
      "and rebuilt two locks since last spring.\n\n"
      "Boat trips from Wallbridge will run every weekend until the end of October.\n",

      "Hospital trials robot porters\n\n"
      "Two robots are carrying linen and medicines along the corridors of Addenbrooke's "
      "Hospital in Cambridge as part of a six-month trial.\n\n"
      "Nurses on the Kingfisher ward say the machines save them several long walks to "
      "the pharmacy during each shift.\n\n"
      "The manufacturer, Helix Robotics of Sheffield, will publish the results of the "
      "trial in the autumn.\n",

      "Lighthouse keeper's cottage up for sale\n\n"
      "A former lighthouse keeper's cottage on the Pembrokeshire coast has been put on "
      "the market for the first time since 1952.\n\n"
      "The cottage at Strumble Head was home to the Jenkins family for three generations "
      "before the light was automated.\n\n"
      "Estate agents in Fishguard expect strong interest from buyers in Cardiff and "
      "Bristol.\n",
  };
  return articles;
}

const char kPromo[] = "Get the morning briefing in your inbox";

// One article, distinct from the five above.
const char kCopiedArticle[] =
    "Rare orchid found on motorway verge\n\n"
    "A colony of lizard orchids has been found growing on a verge of the M11 near "
    "Saffron Walden, botanists said.\n\n"
    "Dr Helen Marchetti of the Essex Field Club said the plant was one of the rarest in "
    "Britain and had not been recorded in the county since 1911.\n\n"
    "National Highways has agreed to stop mowing the verge until the orchids have set "
    "seed.\n";

void AddAll(CorpusLineStats* stats, const std::vector<std::string>& docs) {
  for (const std::string& doc : docs) stats->Add(LineKeys(doc));
}

TEST(LineKeysTest, SortedUniqueAndIndependentOfWhitespaceCaseAndPunctuation) {
  std::vector<uint64_t> a = LineKeys("Hello, World!\n\nSecond line here\nHello, World!\n");
  std::vector<uint64_t> b = LineKeys("  hello world\r\n\x19" "SECOND LINE HERE<\n");
  EXPECT_TRUE(std::is_sorted(a.begin(), a.end()));
  EXPECT_EQ(std::adjacent_find(a.begin(), a.end()), a.end());
  EXPECT_EQ(a, b);
  EXPECT_TRUE(LineKeys("----\n\n   \n").empty());
}

TEST(CorpusLineStatsTest, NothingIsBoilerplateBeforeFinalize) {
  CorpusLineStats stats;
  std::vector<std::string> docs;
  for (const std::string& article : DifferentArticles()) docs.push_back(article + kPromo + "\n");
  AddAll(&stats, docs);
  EXPECT_EQ(stats.num_documents(), 5u);
  for (uint64_t key : LineKeys(kPromo)) EXPECT_FALSE(stats.IsBoilerplate(key));
}

TEST(CorpusLineStatsTest, LineAcrossFiveDifferentDocumentsIsRemoved) {
  std::vector<std::string> docs;
  for (const std::string& article : DifferentArticles()) docs.push_back(article + kPromo + "\n");
  CorpusLineStats stats;
  AddAll(&stats, docs);
  stats.Finalize(CleanOptions{});
  for (size_t i = 0; i < docs.size(); ++i) {
    // The line is removed by the corpus rule, and only by it.
    EXPECT_EQ(Removed(docs[i]), "") << i;
    EXPECT_EQ(Removed(docs[i], &stats), kPromo) << i;
    EXPECT_EQ(Cleaned(docs[i], &stats) + "\n", DifferentArticles()[i]) << i;
  }
}

TEST(CorpusLineStatsTest, LinesOfFiveExactCopiesOfOneArticleAreKept) {
  std::vector<std::string> docs(5, kCopiedArticle);
  // Unrelated documents around them, as in a real corpus.
  for (const std::string& article : DifferentArticles()) docs.push_back(article);
  CorpusLineStats stats;
  AddAll(&stats, docs);
  stats.Finalize(CleanOptions{});
  for (uint64_t key : LineKeys(kCopiedArticle)) EXPECT_FALSE(stats.IsBoilerplate(key));
  EXPECT_EQ(Removed(kCopiedArticle, &stats), "");
}

TEST(CorpusLineStatsTest, LinesOfUpdatedVersionsOfOneArticleAreKept) {
  // Five versions of one article: each adds a paragraph or changes the headline.
  std::string base = kCopiedArticle;
  std::vector<std::string> docs = {
      base,
      base + "\nThe orchids flower in June and can grow to almost a metre tall.\n",
      "Rare lizard orchid discovered beside the M11\n\n" + base.substr(base.find("A colony")),
      base + "\nVisitors are asked not to stop on the motorway to see the plants.\n",
      base + "\nThe Essex Field Club will survey other verges in the county this summer.\n",
  };
  CorpusLineStats stats;
  AddAll(&stats, docs);
  stats.Finalize(CleanOptions{});
  for (const std::string& doc : docs) EXPECT_EQ(Removed(doc, &stats), "");
}

TEST(CorpusLineStatsTest, QuoteSharedByReportsOfOneStoryIsKept) {
  // Five outlets rewrote one story in their own words but printed the same quote.
  const std::string quote =
      "\"I heard the water coming before I saw it,\" said Margaret Tullock, who was "
      "rescued from the roof of her cottage in Glenridding.";
  const std::vector<std::string> docs = {
      "Flood rescue in Glenridding\n\nRescuers in Glenridding lifted a pensioner from her "
      "roof after Ullswater burst its banks.\n\n" + quote +
          "\n\nCumbria Fire and Rescue said the Glenridding Beck rose by two metres.\n",
      "Pensioner saved from roof as lake floods village\n\nMargaret Tullock, 81, spent an "
      "hour on her roof before a Cumbria Fire and Rescue boat reached her.\n\n" + quote +
          "\n\nUllswater reached its highest level since records began.\n",
      "Cumbria floods: woman plucked from cottage roof\n\nA boat crew from Cumbria Fire "
      "and Rescue reached Margaret Tullock as the water rose around Glenridding.\n\n" +
          quote + "\n\nShe is staying with her daughter in Penrith.\n",
      "Lake District village swamped\n\nHomes in Glenridding were flooded overnight when "
      "Ullswater overflowed after two days of rain across Cumbria.\n\n" + quote +
          "\n\nMrs Tullock was treated for mild hypothermia in Penrith.\n",
      "Rescue on the roof\n\nFirefighters said Margaret Tullock had shown great calm while "
      "she waited for them above the floodwater in Glenridding.\n\n" + quote +
          "\n\nThe Environment Agency has issued further warnings for Cumbria.\n",
  };
  CorpusLineStats stats;
  AddAll(&stats, docs);
  stats.Finalize(CleanOptions{});
  for (const std::string& doc : docs) {
    EXPECT_TRUE(Contains(Cleaned(doc, &stats), quote));
  }
}

TEST(CorpusLineStatsTest, ThresholdCountsDocumentsOfDifferentContexts) {
  std::vector<std::string> docs;
  for (size_t i = 0; i < 3; ++i) docs.push_back(DifferentArticles()[i] + kPromo + "\n");
  CorpusLineStats stats_at_4, stats_at_3;
  AddAll(&stats_at_4, docs);
  AddAll(&stats_at_3, docs);
  CleanOptions options;
  options.min_boilerplate_docs = 4;
  stats_at_4.Finalize(options);
  options.min_boilerplate_docs = 3;
  stats_at_3.Finalize(options);
  EXPECT_EQ(Removed(docs[0], &stats_at_4), "");
  EXPECT_EQ(Removed(docs[0], &stats_at_3), kPromo);
}

TEST(CorpusLineStatsTest, ThresholdsAboveTheTrackedContextsAreHonoured) {
  // 40 documents about different (made-up) places, all ending with the promotion line.
  std::vector<std::string> docs;
  for (int i = 0; i < 40; ++i) {
    std::string place = "Place" + std::to_string(i);
    std::string person = "Person" + std::to_string(i * 7 + 3);
    docs.push_back("News from " + place + "\n\nThe parish council of " + place +
                   " has asked " + person + " to look after the village green this summer.\n\n" +
                   person + " said the grass in " + place + " had not been cut since May.\n" +
                   kPromo + "\n");
  }
  for (uint32_t threshold : {32u, 38u, 40u, 41u, 1000u}) {
    CorpusLineStats stats;
    AddAll(&stats, docs);
    CleanOptions options;
    options.min_boilerplate_docs = threshold;
    stats.Finalize(options);
    EXPECT_EQ(Removed(docs[0], &stats, options), threshold <= 40 ? kPromo : "") << threshold;
  }
}

TEST(CorpusLineStatsTest, CorpusRuleDisabledByOption) {
  std::vector<std::string> docs;
  for (const std::string& article : DifferentArticles()) docs.push_back(article + kPromo + "\n");
  CorpusLineStats stats;
  AddAll(&stats, docs);
  stats.Finalize(CleanOptions{});
  CleanOptions options;
  options.remove_boilerplate = false;
  EXPECT_EQ(Removed(docs[0], &stats, options), "");
}

// The sketch's bottom 16: the smallest distinct values, ascending, on every code path;
// lengths around 16, repeats, and the largest 32-bit value (which a path that pads its
// lanes with it must still keep).
TEST(BottomSixteenTest, EveryPathGivesTheSmallestDistinctValues) {
  std::mt19937 rng(17);
  std::vector<common::SimdLevel> paths = {common::SimdLevel::kScalar};
  if (common::BestSimd() != common::SimdLevel::kScalar) paths.push_back(common::BestSimd());
  for (size_t n : {0, 1, 2, 15, 16, 17, 33, 100, 1000}) {
    for (int round = 0; round < 20; ++round) {
      std::vector<uint32_t> hashes(n);
      for (uint32_t& h : hashes) {
        switch (rng() % 4) {
          case 0: h = UINT32_MAX - rng() % 3; break;  // the top values, repeated
          case 1: h = rng() % 40; break;                // small ones, repeated
          default: h = static_cast<uint32_t>(rng());
        }
      }
      std::vector<uint32_t> expected = hashes;
      std::sort(expected.begin(), expected.end());
      expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
      if (expected.size() > 16) expected.resize(16);
      for (common::SimdLevel simd : paths) {
        uint32_t bottom[16];
        const size_t size = internal::BottomSixteen(hashes.data(), hashes.size(), bottom, simd);
        ASSERT_EQ(std::vector<uint32_t>(bottom, bottom + size), expected) << n << " " << round;
      }
    }
  }
}

}  // namespace
}  // namespace doppel::clean
