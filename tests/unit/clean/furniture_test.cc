#include <gtest/gtest.h>

#include <string>

#include "clean/cleaner.h"
#include "clean_test_util.h"

namespace doppel::clean {
namespace {

using testing::Cleaned;
using testing::Contains;
using testing::Removed;

const char kHarbourArticle[] =
    "Council approves harbour wall repairs\n"
    "\n"
    "The town council has approved a plan to repair the harbour wall, which was damaged "
    "in the January storms.\n"
    "\n"
    "Councillors voted by 14 to 3 in favour of the scheme, which will be paid for partly "
    "by a government flood grant. Work is expected to begin in the spring.\n"
    "\n"
    "The council leader, Margaret Oduya, said the repairs could not wait another winter. "
    "\"The wall protects two hundred homes,\" she said.\n";

const char kLastParagraph[] =
    "The council leader, Margaret Oduya, said the repairs could not wait another winter. "
    "\"The wall protects two hundred homes,\" she said.";

TEST(FurnitureTest, TrailingLatestStoriesListIsRemovedAndLastParagraphKept) {
  std::string list =
      "\nLatest stories\n"
      "\n"
      "Police appeal after van stolen from builders' yard\n"
      "2 hours ago\n"
      "School uniform prices to be capped next year\n"
      "3 hours ago\n"
      "Bus station cafe reopens after fire\n"
      "5 hours ago\n"
      "Lifeboat crew rescue two walkers cut off by tide\n"
      "1 day ago\n";
  std::string text = std::string(kHarbourArticle) + list;
  std::string cleaned = Cleaned(text);
  EXPECT_TRUE(Contains(cleaned, kLastParagraph)) << cleaned;
  EXPECT_FALSE(Contains(cleaned, "Latest stories")) << cleaned;
  EXPECT_FALSE(Contains(cleaned, "Lifeboat")) << cleaned;
  EXPECT_EQ(cleaned + "\n", kHarbourArticle);
}

TEST(FurnitureTest, InlineTimestampListIsRemoved) {
  std::string list =
      "\nMore from the region\n"
      "35 mins - Roadworks to close coast road for a week\n"
      "2 hrs - Choir wins national competition\n"
      "4 hrs - New ferry timetable announced\n";
  std::string text = std::string(kHarbourArticle) + list;
  EXPECT_EQ(Cleaned(text) + "\n", kHarbourArticle);
}

TEST(FurnitureTest, CommentWidgetTailIsRemoved) {
  std::string widget =
      "\n24 comments\n"
      "Leave a comment\n"
      "Sort by\n"
      "newest\n"
      "Report\n";
  std::string text = std::string(kHarbourArticle) + widget;
  std::string cleaned = Cleaned(text);
  EXPECT_EQ(cleaned + "\n", kHarbourArticle);
  std::vector<Removal> removals = FindRemovals(text, nullptr, CleanOptions{});
  ASSERT_FALSE(removals.empty());
  EXPECT_EQ(removals.back().kind, RemovalKind::kBoilerplate);
}

TEST(FurnitureTest, PlayerAndShareLabelsAtTopAreRemovedHeadlineKept) {
  const std::string body =
      "The old toll bridge over the river reopened to traffic this morning after three "
      "years of repairs.\n"
      "Engineers replaced every one of its iron girders and rebuilt both approach roads.\n";
  const std::string labels = "Play video\n01:42\nShare\nFacebook\nTwitter\nEmail\n";
  const std::string headline = "Bridge reopens after repairs\n";

  // Headline above the labels.
  std::string text = headline + labels + body;
  EXPECT_EQ(Cleaned(text), headline + body);
  // Labels above the headline.
  text = labels + headline + body;
  EXPECT_EQ(Cleaned(text), headline + body);
}

TEST(FurnitureTest, ShortHeadlineAndDatelineAreKept) {
  std::string text =
      "Floods\n"
      "\n"
      "Monday 12 February 2007\n"
      "\n"
      "By Ana Reyes\n"
      "\n"
      "Three villages in the valley were cut off overnight after the river burst its banks "
      "in two places.\n"
      "\n"
      "Rescue teams used boats to reach elderly residents.\n";
  EXPECT_EQ(Removed(text), "");
}

TEST(FurnitureTest, DashRulesAndWireSlugsAreRemoved) {
  std::string text =
      "--------------------------------------------------------------------------\n"
      "\n"
      "  ------------------------------------------------------------------------\n"
      "\n"
      "              09:12 14/06/03: Page 1 (XYZ) SPORT Rowing\n"
      "  ------------------------------------------------------------------------\n"
      "(corrects name)<\n"
      "\x19" "CREW SET FOR ATLANTIC RECORD ATTEMPT<\n"
      "\x19" "By Tom Hale, Wire Sport<\n"
      "\x19" "Four rowers from Exeter will try to cross the Atlantic in under forty days\n"
      "when they set off from the Canary Islands next month, their sponsor said\n"
      "today.<\n"
      "\x19" "The crew, who have trained together for two years, will row in shifts of two\n"
      "hours around the clock and carry all of their food and water on board.<\n"
      "\x19" "``We know the weather can turn in minutes out there,'' said skipper Anna\n"
      "Lowe. ``We have prepared for the worst and hope for the best.''<\n"
      "\x19" "end<\n"
      "\x19\n";
  std::string cleaned = Cleaned(text);
  EXPECT_FALSE(Contains(cleaned, "----")) << cleaned;
  EXPECT_FALSE(Contains(cleaned, "09:12")) << cleaned;
  EXPECT_FALSE(Contains(cleaned, "corrects name")) << cleaned;
  EXPECT_FALSE(Contains(cleaned, "end<")) << cleaned;
  // The headline, the byline and every sentence stay, including the wrapped "today.<".
  EXPECT_TRUE(Contains(cleaned, "CREW SET FOR ATLANTIC RECORD ATTEMPT<")) << cleaned;
  EXPECT_TRUE(Contains(cleaned, "By Tom Hale, Wire Sport<")) << cleaned;
  EXPECT_TRUE(Contains(cleaned, "their sponsor said\ntoday.<")) << cleaned;
  EXPECT_TRUE(Contains(cleaned, "hours around the clock")) << cleaned;
  EXPECT_TRUE(Contains(cleaned, "hope for the best.''<")) << cleaned;
}

TEST(FurnitureTest, SymbolRuleInsideAnArticleIsRemoved) {
  std::string text =
      "The first half of the story ends here with a full sentence.\n"
      "* * *\n"
      "The second half of the story starts here with another sentence.\n";
  EXPECT_EQ(Removed(text), "* * *");
}

TEST(FurnitureTest, MarkupOnlyLinesAreRemoved) {
  std::string text =
      "<html><body>\n"
      "<center>\n"
      "Bakery wins award\n"
      "A family bakery in the high street has won a national award for its sourdough.\n"
      "</center>\n";
  std::string cleaned = Cleaned(text);
  EXPECT_EQ(cleaned,
            "Bakery wins award\n"
            "A family bakery in the high street has won a national award for its "
            "sourdough.");
}

TEST(FurnitureTest, MidArticleListsAndTailDataLinesAreKept) {
  std::string text =
      "Cup draw sets up local derby\n"
      "\n"
      "The quarter-final draw was made on Sunday evening and paired the two clubs from the "
      "same town for the first time in a decade.\n"
      "\n"
      "Ashford v Kingsmead\n"
      "Northgate or Eastleigh v Thornby\n"
      "Westfield v Marlow Town\n"
      "Castleton v Redbridge or Hythe\n"
      "\n"
      "Ties will be played on the weekend of 3 March.\n"
      "\n"
      "Kick-off: 3pm\n"
      "Tickets: 12 pounds\n"
      "Venue: Castle Park\n";
  EXPECT_EQ(Removed(text), "");
}

TEST(FurnitureTest, FurnitureRulesDisabledByOption) {
  std::string text = "-----\nA sentence of actual prose that stays.\n";
  CleanOptions options;
  options.remove_boilerplate = false;
  EXPECT_EQ(Removed(text, nullptr, options), "");
  EXPECT_EQ(Removed(text), "-----");
}

}  // namespace
}  // namespace doppel::clean
