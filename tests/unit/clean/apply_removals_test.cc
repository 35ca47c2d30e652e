#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "clean/cleaner.h"

namespace doppel::clean {
namespace {

Removal Cut(std::string_view text, std::string_view piece,
            RemovalKind kind = RemovalKind::kBoilerplate) {
  size_t at = text.find(piece);
  EXPECT_NE(at, std::string_view::npos) << piece;
  return {static_cast<uint32_t>(at), static_cast<uint32_t>(at + piece.size()), kind};
}

// Checks the documented map: size + 1 entries, non-decreasing, last = source size,
// every byte that came from the source maps to an equal source byte.
void ExpectValidMap(std::string_view source, const std::string& out,
                    const std::vector<uint32_t>& to_source) {
  ASSERT_EQ(to_source.size(), out.size() + 1);
  EXPECT_EQ(to_source.back(), source.size());
  for (size_t i = 0; i + 1 < to_source.size(); ++i) {
    EXPECT_LE(to_source[i], to_source[i + 1]) << "at " << i;
  }
}

TEST(ApplyRemovalsTest, NoRemovalsIsIdentityWithIdentityMap) {
  std::string text = "Line one.\nLine two.";
  std::vector<uint32_t> map;
  EXPECT_EQ(ApplyRemovals(text, {}, &map), text);
  ASSERT_EQ(map.size(), text.size() + 1);
  for (uint32_t i = 0; i <= text.size(); ++i) EXPECT_EQ(map[i], i);
}

TEST(ApplyRemovalsTest, CuttingALineKeepsOneNewline) {
  std::string text = "First line.\n-----\nLast line.";
  EXPECT_EQ(ApplyRemovals(text, {Cut(text, "-----")}), "First line.\nLast line.");
}

TEST(ApplyRemovalsTest, CuttingAParagraphKeepsTheParagraphBreak) {
  std::string text = "First paragraph.\n\nShare this\n\nLast paragraph.";
  EXPECT_EQ(ApplyRemovals(text, {Cut(text, "Share this")}),
            "First paragraph.\n\nLast paragraph.");
}

TEST(ApplyRemovalsTest, CutsAtStartAndEndLeaveNoSeparator) {
  std::string text = "  ----\n\nBody text here.\n\nend\n";
  EXPECT_EQ(ApplyRemovals(text, {Cut(text, "----"), Cut(text, "end")}), "Body text here.");
}

TEST(ApplyRemovalsTest, CutInsideALineNeverMergesWords) {
  std::string text = "Alpha one. Beta two. Gamma three.";
  std::string out = ApplyRemovals(text, {Cut(text, "Beta two.")});
  EXPECT_EQ(out, "Alpha one.\nGamma three.");
}

TEST(ApplyRemovalsTest, UnsortedOverlappingAndOutOfRangeRemovalsAreTolerated) {
  std::string text = "keep A\nDROP1\nDROP2\nkeep B";
  Removal d1 = Cut(text, "DROP1");
  Removal d2 = Cut(text, "DROP2");
  Removal overlap{d1.begin + 2, d2.end, RemovalKind::kRepeated};
  Removal beyond{static_cast<uint32_t>(text.size() + 5), static_cast<uint32_t>(text.size() + 9),
                 RemovalKind::kBoilerplate};
  std::vector<uint32_t> map;
  std::string out = ApplyRemovals(text, {d2, overlap, d1, beyond}, &map);
  EXPECT_EQ(out, "keep A\nkeep B");
  ExpectValidMap(text, out, map);
}

TEST(ApplyRemovalsTest, OffsetsMapBackExactly) {
  std::string text =
      "Headline\n\n-----\n\nThe first paragraph names Alice.\n\nShare\n\n"
      "The second paragraph names Bob. A repeated sentence. The end.\n";
  std::vector<Removal> removals = {Cut(text, "-----"), Cut(text, "Share"),
                                   Cut(text, "A repeated sentence.", RemovalKind::kRepeated)};
  std::vector<uint32_t> map;
  std::string out = ApplyRemovals(text, removals, &map);
  ExpectValidMap(text, out, map);
  // Every output byte that is not an inserted separator is the source byte it maps to.
  size_t separators = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == text[map[i]]) continue;
    EXPECT_EQ(out[i], '\n') << "at " << i;
    ++separators;
  }
  EXPECT_GT(separators, 0u);
  // A span of the output maps to the same words in the source.
  for (std::string_view word : {"Alice", "Bob", "Headline", "The end."}) {
    size_t b = out.find(word);
    ASSERT_NE(b, std::string::npos) << word;
    size_t e = b + word.size();
    EXPECT_EQ(std::string_view(text).substr(map[b], map[e] - map[b]), word);
  }
  // A span that crosses a cut maps to a source span covering the removed text.
  size_t b = out.find("Alice");
  size_t e = out.find("Bob") + 3;
  std::string_view source_span = std::string_view(text).substr(map[b], map[e] - map[b]);
  EXPECT_NE(source_span.find("Share"), std::string_view::npos);
}

TEST(ApplyRemovalsTest, MultibyteTextSurvivesIntact) {
  std::string text = "Zoë's café — open\n• • •\nNaïve résumé.";
  std::vector<uint32_t> map;
  std::string out = ApplyRemovals(text, {Cut(text, "• • •")}, &map);
  EXPECT_EQ(out, "Zoë's café — open\nNaïve résumé.");
  ExpectValidMap(text, out, map);
}

}  // namespace
}  // namespace doppel::clean
