#include "text/segment.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "text/normalize.h"

namespace doppel::text {
namespace {

using Pieces = std::vector<std::string>;

Pieces Cut(std::string_view text, void (*split)(std::string_view, std::vector<Span>*)) {
  std::vector<Span> spans;
  split(text, &spans);
  Pieces pieces;
  for (const Span& span : spans) pieces.emplace_back(text.substr(span.begin, span.size()));
  return pieces;
}

Pieces Lines(std::string_view text) { return Cut(text, SplitLines); }
Pieces Paragraphs(std::string_view text) { return Cut(text, SplitParagraphs); }
Pieces Sentences(std::string_view text) { return Cut(text, SplitSentences); }

// Sentences of the normalised text.
Pieces NormalizedSentences(std::string_view text) {
  std::string norm = Normalize(text, {});
  return Cut(norm, SplitSentences);
}

TEST(LineSplitterTest, SplitsAtEveryLineTerminator) {
  EXPECT_EQ(Lines("a\nb\r\nc\rd"), (Pieces{"a", "b", "c", "d"}));
}

TEST(LineSplitterTest, KeepsEmptyLinesAndEndsAtTheFinalTerminator) {
  EXPECT_EQ(Lines("a\n\n b \n"), (Pieces{"a", "", " b "}));
  EXPECT_EQ(Lines("\n"), (Pieces{""}));
  EXPECT_TRUE(Lines("").empty());
  EXPECT_EQ(Lines("a\r\n\r\nb"), (Pieces{"a", "", "b"}));
}

// Random texts of line ends and other bytes, long enough for the wide scanning steps:
// SplitLines against the rule written out one byte at a time.
TEST(LineSplitterTest, AgreesWithTheByteByByteRule) {
  std::mt19937 rng(21);
  const std::string alphabet = "ab \n\r\xc3\xa9.";
  for (int trial = 0; trial < 2000; ++trial) {
    std::string text;
    const size_t length = rng() % 300;
    for (size_t i = 0; i < length; ++i) text += alphabet[rng() % (trial % 3 == 0 ? 4 : alphabet.size())];
    Pieces expected;
    std::string line;
    size_t i = 0;
    for (; i < text.size(); ++i) {
      if (text[i] == '\n' || text[i] == '\r') {
        expected.push_back(line);
        line.clear();
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      } else {
        line += text[i];
      }
    }
    if (!line.empty()) expected.push_back(line);
    ASSERT_EQ(Lines(text), expected) << "trial " << trial;
  }
}

TEST(ParagraphSplitterTest, SplitsAtBlankLinesAndTrims) {
  EXPECT_EQ(Paragraphs("  First line\nsecond line \n\n\nNext\n \t\nLast  "),
            (Pieces{"First line\nsecond line", "Next", "Last"}));
}

TEST(ParagraphSplitterTest, TreatsUnicodeSpaceOnlyLinesAsBlank) {
  EXPECT_EQ(Paragraphs("One\n\u00A0\u3000\nTwo\u00A0"), (Pieces{"One", "Two"}));
}

TEST(ParagraphSplitterTest, GivesNothingForBlankText) {
  EXPECT_TRUE(Paragraphs(" \n\r\n\t").empty());
}

TEST(ParagraphSplitterTest, SeesNormalisedTextAsOneParagraph) {
  std::string norm = Normalize("One.\n\nTwo.", {});
  EXPECT_EQ(Cut(norm, SplitParagraphs), (Pieces{"one. two."}));
}

TEST(SentenceSplitterTest, SplitsAfterTerminatorsBeforeCapitals) {
  EXPECT_EQ(Sentences("It rained. We stayed in! Did you? Yes."),
            (Pieces{"It rained.", "We stayed in!", "Did you?", "Yes."}));
}

TEST(SentenceSplitterTest, DoesNotSplitAfterAbbreviations) {
  EXPECT_EQ(Sentences("Mr. Smith met Dr. Jones on Main St. near the U.S. Embassy. They left."),
            (Pieces{"Mr. Smith met Dr. Jones on Main St. near the U.S. Embassy.", "They left."}));
  EXPECT_EQ(Sentences("Fruit, e.g. Apples. Then more."),
            (Pieces{"Fruit, e.g. Apples.", "Then more."}));
}

TEST(SentenceSplitterTest, DoesNotSplitAfterInitials) {
  EXPECT_EQ(Sentences("J. R. R. Tolkien wrote it. It sold."),
            (Pieces{"J. R. R. Tolkien wrote it.", "It sold."}));
}

TEST(SentenceSplitterTest, DoesNotSplitInsideDecimals) {
  EXPECT_EQ(Sentences("Growth was 3.5 percent. Prices rose 2.1%."),
            (Pieces{"Growth was 3.5 percent.", "Prices rose 2.1%."}));
}

TEST(SentenceSplitterTest, DoesNotSplitBeforeLowerCaseInCasedText) {
  EXPECT_EQ(Sentences("It costs approx. five dollars. Really."),
            (Pieces{"It costs approx. five dollars.", "Really."}));
}

TEST(SentenceSplitterTest, KeepsClosingQuotesAndBracketsWithTheSentence) {
  EXPECT_EQ(
      Sentences("He said \"Stop.\" Then he left. (See above.) \u201CNo!\u201D Fine."),
      (Pieces{"He said \"Stop.\"", "Then he left.", "(See above.)", "\u201CNo!\u201D", "Fine."}));
}

TEST(SentenceSplitterTest, SplitsBeforeAnOpeningQuoteOrDigit) {
  EXPECT_EQ(Sentences("He left. \"Why?\" she asked. 42 came."),
            (Pieces{"He left.", "\"Why?\" she asked.", "42 came."}));
}

TEST(SentenceSplitterTest, SplitsNumberAbbreviationsOnlyBeforeWords) {
  EXPECT_EQ(Sentences("It was No. 5 on the list. He said no. Then left."),
            (Pieces{"It was No. 5 on the list.", "He said no.", "Then left."}));
}

TEST(SentenceSplitterTest, SplitsAtParagraphBreaks) {
  EXPECT_EQ(Sentences("A headline\n\nThe body starts here. And ends."),
            (Pieces{"A headline", "The body starts here.", "And ends."}));
}

TEST(SentenceSplitterTest, SplitsAfterIdeographicFullStopWithoutSpace) {
  EXPECT_EQ(Sentences("\u4ECA\u5929\u4E0B\u96E8\u3002\u6211\u4EEC\u5728\u5BB6\u3002"),
            (Pieces{"\u4ECA\u5929\u4E0B\u96E8\u3002", "\u6211\u4EEC\u5728\u5BB6\u3002"}));
}

TEST(SentenceSplitterTest, SplitsLowerCaseTextBeforeAnyLetter) {
  EXPECT_EQ(NormalizedSentences("It rained. We stayed in! did you? Yes."),
            (Pieces{"it rained.", "we stayed in!", "did you?", "yes."}));
}

TEST(SentenceSplitterTest, KeepsAbbreviationsInLowerCaseText) {
  EXPECT_EQ(NormalizedSentences("Mr. Smith of Acme Inc. met J. Doe at 3.5 p.m. on Main St. "
                                "near the U.S. border. They talked, etc. and left."),
            (Pieces{"mr. smith of acme inc. met j. doe at 3.5 p.m. on main st. near the u.s. "
                    "border.",
                    "they talked, etc. and left."}));
}

TEST(SentenceSplitterTest, SplitsAfterMayEndAbbreviationsInCasedText) {
  EXPECT_EQ(Sentences("He works for Acme Inc. The firm grew."),
            (Pieces{"He works for Acme Inc.", "The firm grew."}));
}

TEST(SentenceSplitterTest, SplitsNormalisedTextLikeTheOriginal) {
  const std::string text =
      "The vote was 52.1% to 47.9%. Gov. Brown said: \u201CWe won.\u201D "
      "Critics disagreed! Why? Nobody knows.\n\nNew paragraph here.";
  Pieces original = Sentences(text);
  Pieces normalised = NormalizedSentences(text);
  ASSERT_EQ(original.size(), normalised.size());
  for (size_t k = 0; k < original.size(); ++k) {
    EXPECT_EQ(Normalize(original[k], {}), normalised[k]);
  }
  EXPECT_EQ(original.size(), 6u);
}

TEST(SentenceSplitterTest, TrimsSentences) {
  EXPECT_EQ(Sentences("  One.   Two.  "), (Pieces{"One.", "Two."}));
  EXPECT_TRUE(Sentences(" \n ").empty());
}

}  // namespace
}  // namespace doppel::text
