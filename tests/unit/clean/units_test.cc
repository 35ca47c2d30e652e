#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "clean/line_shape.h"
#include "clean/text_key.h"
#include "clean/units.h"

namespace doppel::clean {
namespace {

std::vector<std::string> UnitTexts(std::string_view text) {
  std::vector<std::string> out;
  for (const Unit& unit : SplitUnits(text).units) {
    out.emplace_back(text.substr(unit.begin, unit.end - unit.begin));
  }
  return out;
}

TEST(UnitsTest, UnwrappedTextHasOneUnitPerNonBlankLine) {
  std::string text = "Headline\n\nA long paragraph that is on one line.\n  Indented line  \n";
  UnitLayout layout = SplitUnits(text);
  EXPECT_FALSE(layout.hard_wrapped);
  EXPECT_EQ(UnitTexts(text), (std::vector<std::string>{
                                 "Headline", "A long paragraph that is on one line.",
                                 "Indented line"}));
  EXPECT_TRUE(layout.units[0].paragraph_start);
  EXPECT_TRUE(layout.units[1].paragraph_start);
  EXPECT_FALSE(layout.units[2].paragraph_start);
}

TEST(UnitsTest, HardWrappedParagraphsAreJoined) {
  std::string text =
      "------------------------------------------------------------------------\n"
      "Council tax bills in the district will rise by just under five per cent\n"
      "from April, the council said\n"
      "today.\n"
      "The increase is the largest for six years and will add about sixty\n"
      "pounds a year to the bill for a typical family home in the district.\n"
      "\x19" "A second paragraph that opens with a control byte and then carries on\n"
      "to the next line.\n";
  UnitLayout layout = SplitUnits(text);
  EXPECT_TRUE(layout.hard_wrapped);
  std::vector<std::string> units = UnitTexts(text);
  ASSERT_EQ(units.size(), 4u);
  EXPECT_EQ(units[0].substr(0, 5), "-----");  // a rule is never joined
  // "from April, the council said" is short, but the sentence goes on.
  EXPECT_EQ(units[1],
            "Council tax bills in the district will rise by just under five per cent\n"
            "from April, the council said\n"
            "today.");
  EXPECT_EQ(units[2],
            "The increase is the largest for six years and will add about sixty\n"
            "pounds a year to the bill for a typical family home in the district.");
  EXPECT_EQ(units[3],
            "\x19" "A second paragraph that opens with a control byte and then carries on\n"
            "to the next line.");
}

TEST(UnitsTest, UnwrappedTextJoinsOnlyLowerCaseContinuations) {
  std::string text =
      "Latest news\n"
      "Police appeal after van stolen\n"
      "The fire service was called at\n"
      "midnight and the blaze was out by dawn.\n";
  EXPECT_EQ(UnitTexts(text), (std::vector<std::string>{
                                 "Latest news", "Police appeal after van stolen",
                                 "The fire service was called at\n"
                                 "midnight and the blaze was out by dawn."}));
}

TEST(UnitsTest, TextKeyIgnoresCasePunctuationAndControlBytes) {
  uint32_t words = 0;
  EXPECT_EQ(TextKey("\x19The END.<", &words), TextKey("the end"));
  EXPECT_EQ(words, 2u);
  EXPECT_NE(TextKey("the end"), TextKey("the ends"));
  EXPECT_EQ(TextKey("-----"), 0u);
}

TEST(LineShapeTest, TerminalPunctuationIgnoresTrailingSymbols) {
  EXPECT_TRUE(ComputeShape("He left the court.<").terminal);
  EXPECT_TRUE(ComputeShape("``It was over,'' he said.''").terminal);
  EXPECT_TRUE(ComputeShape("Is it over?").terminal);
  EXPECT_FALSE(ComputeShape("JUDGE CLEARS DRIVER<").terminal);
  EXPECT_FALSE(ComputeShape("The allegations include:").terminal);
  EXPECT_TRUE(ComputeShape("He said no.").sentence_like());
  EXPECT_FALSE(ComputeShape("Ends.").sentence_like());
}

TEST(LineShapeTest, StampsAndRelativeTimes) {
  LineShape slug = ComputeShape("13:41 07/10/99: Page 2 (ABC) NEWS Item");
  EXPECT_EQ(slug.stamps, 2u);
  EXPECT_EQ(slug.digit_words, 6u);
  EXPECT_EQ(ComputeShape("Scores were 3.5 and 10-12").stamps, 0u);
  EXPECT_EQ(ComputeShape("Published 2005-03-01").stamps, 1u);
  EXPECT_EQ(ComputeShape("2 hours ago").relative_times, 1u);
  EXPECT_EQ(ComputeShape("35min - Story").relative_times, 1u);
  EXPECT_EQ(ComputeShape("2 cats and 3 dogs").relative_times, 0u);
}

TEST(LineShapeTest, BracketsLabelsAndMarkup) {
  EXPECT_TRUE(ComputeShape("(reopens)<").bracketed);
  EXPECT_FALSE(ComputeShape("(Reuters) Shares fell").bracketed);
  EXPECT_TRUE(ComputeShape("24 comments").count_label);
  EXPECT_TRUE(ComputeShape("Comments (24)").count_label);
  EXPECT_FALSE(ComputeShape("4,812").count_label);
  EXPECT_FALSE(ComputeShape("Won 3 lost 2").count_label);
  EXPECT_TRUE(ComputeShape("Attendance: 4812").field_colon);
  EXPECT_FALSE(ComputeShape("Sort by").field_colon);
  EXPECT_EQ(ComputeShape("Referee Paul Dunmore").inner_capitals, 2u);
  EXPECT_TRUE(ComputeShape("</PRE> <HR>").markup_only);
  EXPECT_FALSE(ComputeShape("x < y and y > z").markup_only);
  EXPECT_TRUE(ComputeShape("\x19" "end").control_prefix);
  EXPECT_TRUE(ComputeShape("AP").one_case());
  EXPECT_FALSE(ComputeShape("K Clark").one_case());
}

}  // namespace
}  // namespace doppel::clean
