// Properties that must hold for any input: removals sorted, disjoint, in range and on
// character boundaries; the offset map valid; deterministic output.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "clean/cleaner.h"

namespace doppel::clean {
namespace {

const std::vector<std::string> kPieces = {
    "The committee approved the budget after a long debate on Tuesday evening.",
    "Share", "2 hours ago", "------------------------------", "\x19" "end<", "(reopens)",
    "Zoë's café reopened in the old square, to the delight of its regulars.",
    "24 comments", "Leave a comment", "He said no.", "  ", "", "• • •", "<p>", "12:30 01/02/03: x 1",
    "Residents were told to keep their windows closed.", "ÅNGSTRÖM", "a b c d e f g h",
};

std::string RandomText(std::mt19937* rng) {
  std::uniform_int_distribution<size_t> piece(0, kPieces.size() - 1);
  std::uniform_int_distribution<int> count(0, 40);
  std::uniform_int_distribution<int> sep(0, 3);
  std::string text;
  int n = count(*rng);
  for (int i = 0; i < n; ++i) {
    text += kPieces[piece(*rng)];
    switch (sep(*rng)) {
      case 0: text += "\n"; break;
      case 1: text += "\n\n"; break;
      case 2: text += " "; break;
      default: text += "\r\n"; break;
    }
  }
  return text;
}

bool IsCharBoundary(const std::string& text, uint32_t offset) {
  return offset == text.size() || (static_cast<unsigned char>(text[offset]) & 0xC0) != 0x80;
}

TEST(CleanPropertiesTest, RemovalsAreSortedDisjointInRangeAndMapIsValid) {
  std::mt19937 rng(12345);
  // Corpus statistics from a first batch, so the corpus rule takes part.
  CorpusLineStats stats;
  std::vector<std::string> texts;
  for (int i = 0; i < 300; ++i) texts.push_back(RandomText(&rng));
  for (const std::string& text : texts) stats.Add(LineKeys(text));
  stats.Finalize(CleanOptions{});
  for (const std::string& text : texts) {
    std::vector<Removal> removals = FindRemovals(text, &stats, CleanOptions{});
    uint32_t previous_end = 0;
    for (const Removal& r : removals) {
      EXPECT_LT(r.begin, r.end);
      EXPECT_GE(r.begin, previous_end);
      EXPECT_LE(r.end, text.size());
      EXPECT_TRUE(IsCharBoundary(text, r.begin));
      EXPECT_TRUE(IsCharBoundary(text, r.end));
      previous_end = r.end;
    }
    std::vector<uint32_t> map;
    std::string out = ApplyRemovals(text, removals, &map);
    ASSERT_EQ(map.size(), out.size() + 1);
    EXPECT_EQ(map.back(), text.size());
    for (size_t i = 0; i < out.size(); ++i) {
      EXPECT_LE(map[i], map[i + 1]);
      EXPECT_TRUE(out[i] == text[map[i]] || out[i] == '\n');
    }
    // Same input, same output.
    std::vector<Removal> again = FindRemovals(text, &stats, CleanOptions{});
    ASSERT_EQ(again.size(), removals.size());
    for (size_t i = 0; i < again.size(); ++i) {
      EXPECT_EQ(again[i].begin, removals[i].begin);
      EXPECT_EQ(again[i].end, removals[i].end);
      EXPECT_EQ(again[i].kind, removals[i].kind);
    }
  }
}

TEST(CleanPropertiesTest, EmptyAndBlankTexts) {
  for (std::string text : {"", " ", "\n\n\n", "\r\n \t\r\n"}) {
    EXPECT_TRUE(FindRemovals(text, nullptr, CleanOptions{}).empty());
    EXPECT_TRUE(LineKeys(text).empty());
    std::vector<uint32_t> map;
    EXPECT_EQ(ApplyRemovals(text, {}, &map), text);
    EXPECT_EQ(map.size(), text.size() + 1);
  }
}

}  // namespace
}  // namespace doppel::clean
