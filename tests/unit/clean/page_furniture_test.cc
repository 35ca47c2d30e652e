// Page furniture around web articles: menus and icon labels above the headline
// (head_menu), comment forms and link lists below the article (tail_labels), and
// "latest stories" lists whose headlines hold a colon (timestamp_list). Each case has
// a text the rule must clean and a look-alike of real content it must leave alone.
#include <gtest/gtest.h>

#include <string>

#include "clean/cleaner.h"
#include "clean/line_shape.h"
#include "clean_test_util.h"

namespace doppel::clean {
namespace {

using testing::Cleaned;
using testing::Removed;

const char kLibraryHeadline[] = "Mobile library returns to hill villages\n";
const char kLibraryBody[] =
    "A mobile library will visit eleven hill villages again from next month, two years "
    "after the county withdrew the service to save money.\n"
    "\n"
    "The new van, paid for by a charity appeal, carries about 3,000 books and has a "
    "ramp for wheelchair users.\n"
    "\n"
    "Volunteer driver Owen Price said the first route had been planned with help from "
    "parish councils. \"People told us exactly where to stop,\" he said.\n";

const char kQuarryHeadline[] = "Quarry expansion refused after two-day hearing\n";
const char kQuarryBody[] =
    "Planners have refused permission to extend a limestone quarry towards the edge of "
    "the national park.\n"
    "\n"
    "Residents had argued that blasting and lorry traffic would damage the valley's "
    "tourist trade, which supports about 400 jobs.\n"
    "\n"
    "The operator said it was disappointed and would consider an appeal.\n";

// ---- Head: menus and icon labels above the headline ----

TEST(PageFurnitureTest, IconLabelMenusAndLabelsAboveTheHeadlineAreRemoved) {
  const std::string head =
      "\xF0\x9F\x94\x8A Hear this report \xC2\xB7 5 min\n"  // 🔊 ... · 5 min
      "Save\n"
      "Mail \xE2\x80\xA2 Messenger \xE2\x80\xA2 Copy link\n"  // •
      "\n";
  EXPECT_EQ(Cleaned(head + kLibraryHeadline + "\n" + kLibraryBody),
            std::string(kLibraryHeadline) + "\n" + kLibraryBody);
}

TEST(PageFurnitureTest, BreadcrumbAboveTheHeadlineIsRemovedBylineKept) {
  const std::string text = std::string("Local \xE2\x80\xBA Environment \xE2\x80\xBA Planning\n") +
                           "\n" + kQuarryHeadline + "By Nia Hughes\n\n" + kQuarryBody;
  EXPECT_EQ(Cleaned(text), std::string(kQuarryHeadline) + "By Nia Hughes\n\n" + kQuarryBody);
}

TEST(PageFurnitureTest, SeveralLabelsAfterTheMenuGoWithIt) {
  const std::string text =
      std::string("Topics / Health / Rural\n") + "Print\n" + "Save for later\n" + "\n" +
      kLibraryHeadline + "\n" + kLibraryBody;
  EXPECT_EQ(Cleaned(text), std::string(kLibraryHeadline) + "\n" + kLibraryBody);
}

TEST(PageFurnitureTest, OneShortLineAfterTheMenuMayBeTheHeadlineAndStays) {
  // "Quarry plan refused" is short enough to be a label, but it is the only line
  // between the menu and the byline: it is the headline.
  const std::string text = std::string("Share | Save\n") + "Quarry plan refused\n" +
                           "By Nia Hughes\n\n" + kQuarryBody;
  EXPECT_EQ(Cleaned(text),
            std::string("Quarry plan refused\n") + "By Nia Hughes\n\n" + kQuarryBody);
}

TEST(PageFurnitureTest, AMenuShapedHeadlineRightAboveTheArticleStays) {
  // Nothing but prose follows: the menu-shaped first line is the headline.
  const std::string text = std::string("Rovers 3 | Harriers 1\n\n") + kQuarryBody;
  EXPECT_EQ(Removed(text), "");
  const std::string icon_headline =
      std::string("\xE2\x98\x85 Five-star reviews for new play\n\n") + kLibraryBody;  // ★
  EXPECT_EQ(Removed(icon_headline), "");
}

TEST(PageFurnitureTest, MenusBelowTheHeadlineAreNotHeadFurniture) {
  // Only a block at the very top goes; a line of the same shape under the headline
  // (here a byline with a date) stays.
  const std::string text =
      std::string(kQuarryHeadline) + "By Nia Hughes | 4 March\n\n" + kQuarryBody;
  EXPECT_EQ(Removed(text), "");
}

// ---- Tail: comment forms, pagers, link lists ----

TEST(PageFurnitureTest, TitleCaseCommentFooterWithACountIsRemoved) {
  const std::string footer =
      "\n"
      "Replies\n"
      "\n"
      "2 Replies\n"
      "\n"
      "Write a Reply\n"
      "Previous Entry\n"
      "Next Entry\n"
      "Back to Top\n"
      "\n"
      "Follow: Entry Feed (RSS)\n";
  EXPECT_EQ(Cleaned(std::string(kLibraryHeadline) + "\n" + kLibraryBody + footer) + "\n",
            std::string(kLibraryHeadline) + "\n" + kLibraryBody);
}

TEST(PageFurnitureTest, ShortLowerCaseLinksWithoutACountAreRemoved) {
  const std::string footer =
      "\n"
      "Log in to reply\n"
      "Report this post\n"
      "Back to the forum\n";
  EXPECT_EQ(Cleaned(std::string(kQuarryHeadline) + kQuarryBody + footer) + "\n",
            std::string(kQuarryHeadline) + kQuarryBody);
}

TEST(PageFurnitureTest, LongerFormLinesGoWhenACountOrMenuAnchorsThem) {
  const std::string footer =
      "\n"
      "Discussion (7)\n"
      "Sign up to join this discussion\n"
      "Order: Oldest first | Newest first\n"
      "Be kind and stay on topic when replying\n";
  EXPECT_EQ(Cleaned(std::string(kQuarryHeadline) + kQuarryBody + footer) + "\n",
            std::string(kQuarryHeadline) + kQuarryBody);
}

TEST(PageFurnitureTest, FixtureListOfNamesAfterTheArticleStays) {
  const std::string fixtures =
      "\n"
      "Castleford v Wigan\n"
      "\n"
      "Widnes v Salford\n"
      "\n"
      "Play-off winners go through\n"
      "\n"
      "Leigh v Hull\n";
  const std::string text = std::string(kQuarryHeadline) + kQuarryBody + fixtures;
  EXPECT_EQ(Removed(text), "");
}

TEST(PageFurnitureTest, ResultsAndDataLinesAfterTheArticleStay) {
  const std::string results =
      "\n"
      "Thornby 2 Marlow 0\n"
      "Eastleigh 1 Hythe 1\n"
      "Redbridge 0 Ashford 3\n";
  EXPECT_EQ(Removed(std::string(kQuarryHeadline) + kQuarryBody + results), "");
  const std::string facts =
      "\n"
      "Opening hours\n"
      "Weekdays 9am to 5pm\n"
      "Saturday mornings only\n"
      "Closed on Sundays\n";
  // "9am to 5pm" holds numbers, so the run after it is too short.
  EXPECT_EQ(Removed(std::string(kLibraryHeadline) + kLibraryBody + facts), "");
}

TEST(PageFurnitureTest, ListsWithCommasAndLongListsStay) {
  // (Each item starts with a capital: a line that starts in lower case continues the
  // line above it.)
  const std::string bring =
      "\n"
      "What to bring\n"
      "Library card, or a bill\n"
      "Books to return, if any\n"
      "A bag, please\n";
  EXPECT_EQ(Removed(std::string(kLibraryHeadline) + kLibraryBody + bring), "");
  // More than twelve short lines: a list in its own right.
  std::string kit = "\nWhat the volunteers carry\n";
  for (const char* item :
       {"Spare fuses", "A tow rope", "Two torches", "First aid kit", "Ice grips",
        "Warm blankets", "A shovel", "Jump leads", "Bottled water", "A paper map",
        "Hazard triangle", "Reading glasses", "Spare keys"}) {
    kit += std::string(item) + "\n";
  }
  EXPECT_EQ(Removed(std::string(kLibraryHeadline) + kLibraryBody + kit), "");
}

// ---- "Latest stories" whose headlines hold a colon ----

TEST(PageFurnitureTest, TimedListWithColonHeadlinesIsRemoved) {
  const std::string list =
      "\n"
      "Most popular\n"
      "Housing: why rents keep rising across the north 40 min ago\n"
      "Weather warning for the coast 2 hrs ago\n"
      "Transport: what the strike means for your commute 5 hrs ago\n";
  EXPECT_EQ(Cleaned(std::string(kQuarryHeadline) + kQuarryBody + list) + "\n",
            std::string(kQuarryHeadline) + kQuarryBody);
}

TEST(PageFurnitureTest, FactBoxWithDurationsAfterTheArticleStays) {
  const std::string facts =
      "\n"
      "Getting there\n"
      "Bus from the station: 25 minutes\n"
      "Walk from the car park: 10 minutes\n"
      "Van timetable: every 2 weeks\n";
  EXPECT_EQ(Removed(std::string(kLibraryHeadline) + kLibraryBody + facts), "");
}

// ---- The shapes the rules read ----

TEST(PageFurnitureTest, MenuAndIconShapes) {
  EXPECT_EQ(ComputeShape("Share | Tweet | Email").menu_items, 3u);
  EXPECT_EQ(ComputeShape("Home > News > Courts").menu_items, 3u);
  EXPECT_EQ(ComputeShape("Listen \xC2\xB7 4:12").menu_items, 2u);
  // Items longer than four words, mixed separators, a separator at an end, dashes and
  // slashes inside words are no menus.
  EXPECT_EQ(ComputeShape("The long headline of a story | Site").menu_items, 0u);
  EXPECT_EQ(ComputeShape("News | Sport > Football").menu_items, 0u);
  EXPECT_EQ(ComputeShape("| Share").menu_items, 0u);
  EXPECT_EQ(ComputeShape("Storm - two hours of rain").menu_items, 0u);
  EXPECT_EQ(ComputeShape("and/or either").menu_items, 0u);
  EXPECT_TRUE(ComputeShape("\xE2\x96\xB6 Play audio").icon_prefix);  // ▶
  EXPECT_FALSE(ComputeShape("\xE2\x80\xA2 Bullet point").icon_prefix);  // • is Po
  EXPECT_FALSE(ComputeShape("\xE2\x96\xB6").icon_prefix);
  EXPECT_EQ(ComputeShape("Flight time: 2 hours 40 minutes").words_after_colon, 4u);
  EXPECT_EQ(ComputeShape("No colon here").words_after_colon, 0u);
}

}  // namespace
}  // namespace doppel::clean
