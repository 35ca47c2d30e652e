#include <gtest/gtest.h>

#include <string>

#include "clean/cleaner.h"
#include "clean_test_util.h"

namespace doppel::clean {
namespace {

using testing::Cleaned;
using testing::Removed;

const char kArticle[] =
    "Library to open on Sundays\n"
    "\n"
    "The central library will open on Sundays from next month, the city council has "
    "announced.\n"
    "\n"
    "The change follows a petition signed by more than three thousand residents, many of "
    "them students who said they had nowhere quiet to work at weekends.\n"
    "\n"
    "Advertisement\n"
    "\n"
    "Opening hours on Sundays will be from ten in the morning until four in the "
    "afternoon, and the cost will be met from the existing budget.\n";

TEST(RepeatsTest, RepeatedParagraphBlockIsRemovedAndFirstKept) {
  // A scraper pasted the three paragraphs (and the short label between them) twice.
  std::string block =
      "The change follows a petition signed by more than three thousand residents, many of "
      "them students who said they had nowhere quiet to work at weekends.\n"
      "\n"
      "Advertisement\n"
      "\n"
      "Opening hours on Sundays will be from ten in the morning until four in the "
      "afternoon, and the cost will be met from the existing budget.\n";
  std::string text = std::string(kArticle) + "\n" + block;
  std::vector<Removal> removals = FindRemovals(text, nullptr, CleanOptions{});
  ASSERT_EQ(removals.size(), 1u);
  EXPECT_EQ(removals[0].kind, RemovalKind::kRepeated);
  // The removal starts at the second copy: the first is kept.
  EXPECT_EQ(removals[0].begin, std::string(kArticle).size() + 1);
  std::string cleaned = ApplyRemovals(text, removals);
  EXPECT_EQ(cleaned + "\n", kArticle);
}

TEST(RepeatsTest, RepeatComparesNormalisedText) {
  std::string text =
      "The mayor said the bridge would reopen in May.\n\n"
      "Engineers found cracks in two of the supporting piers last winter.\n\n"
      "THE MAYOR SAID THE BRIDGE WOULD REOPEN IN MAY!\n";
  EXPECT_EQ(Removed(text), "THE MAYOR SAID THE BRIDGE WOULD REOPEN IN MAY!");
}

TEST(RepeatsTest, RepeatedSingleSentenceIsRemovedFromItsParagraph) {
  std::string text =
      "Residents were told to keep their windows closed overnight. The fire at the "
      "recycling plant started shortly after midnight.\n\n"
      "Crews from four stations attended. Residents were told to keep their windows "
      "closed overnight. The cause of the fire is not yet known.\n";
  std::vector<Removal> removals = FindRemovals(text, nullptr, CleanOptions{});
  ASSERT_EQ(removals.size(), 1u);
  EXPECT_EQ(removals[0].kind, RemovalKind::kRepeated);
  std::string cleaned = ApplyRemovals(text, removals);
  // The first occurrence and the rest of the second paragraph are kept.
  EXPECT_NE(cleaned.find("Residents were told to keep their windows closed overnight. The "
                         "fire"),
            std::string::npos);
  EXPECT_NE(cleaned.find("Crews from four stations attended."), std::string::npos);
  EXPECT_NE(cleaned.find("The cause of the fire is not yet known."), std::string::npos);
  EXPECT_EQ(cleaned.find("windows closed overnight.", cleaned.find("Crews")), std::string::npos);
}

TEST(RepeatsTest, ShortRepeatsAreKept) {
  // Short repeated lines and sentences (< 5 words) are common in real text.
  std::string text =
      "Q: Did you expect to win?\n"
      "A: Not at all. We had lost three games in a row before this one.\n"
      "Q: What changed?\n"
      "A: Not at all much, really. We trained harder and listened to each other.\n"
      "He said no.\n"
      "The committee met again on Friday to discuss the proposal in detail.\n"
      "He said no.\n";
  EXPECT_EQ(Removed(text), "");
}

TEST(RepeatsTest, RepeatedShortLineInsideARepeatedBlockIsRemoved) {
  std::string para1 =
      "The museum will close for six months while its roof is replaced and the galleries "
      "are rewired.";
  std::string para2 =
      "Staff will move to a temporary office and the collection will go into storage in a "
      "warehouse near the station.";
  std::string text =
      para1 + "\n\nRead more\n\n" + para2 + "\n\n" + para1 + "\n\nRead more\n\n" + para2 + "\n";
  std::string cleaned = Cleaned(text);
  EXPECT_EQ(cleaned, para1 + "\n\nRead more\n\n" + para2);
}

TEST(RepeatsTest, DisabledByOption) {
  std::string text =
      "The mayor said the bridge would reopen in May.\n\n"
      "The mayor said the bridge would reopen in May.\n";
  CleanOptions options;
  options.remove_repeated = false;
  EXPECT_EQ(Removed(text, nullptr, options), "");
  options.remove_repeated = true;
  options.enabled = false;
  EXPECT_EQ(Removed(text, nullptr, options), "");
}

}  // namespace
}  // namespace doppel::clean
