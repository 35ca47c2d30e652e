#include "text/tokenize.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

#include "random_text.h"

namespace doppel::text {
namespace {

std::vector<std::string> Words(std::string_view text) {
  std::vector<Span> spans;
  TokenizeWords(text, &spans);
  std::vector<std::string> words;
  for (const Span& span : spans) words.emplace_back(text.substr(span.begin, span.size()));
  return words;
}

using W = std::vector<std::string>;

TEST(TokenizerTest, SplitsAtApostrophesAndHyphens) {
  EXPECT_EQ(Words("don't covid-19"), (W{"don", "t", "covid", "19"}));
}

TEST(TokenizerTest, SplitsAtPunctuationAndSpaces) {
  EXPECT_EQ(Words("  Hello, world! (3.5%)  "), (W{"Hello", "world", "3", "5"}));
}

TEST(TokenizerTest, KeepsLettersMarksAndDigitsTogether) {
  EXPECT_EQ(Words("caf\u00E9 nai\u0308ve \u0905\u0928\u0941 x\u00B2"),
            (W{"caf\u00E9", "nai\u0308ve", "\u0905\u0928\u0941", "x\u00B2"}));
}

TEST(TokenizerTest, TakesAnUnspacedCjkRunAsOneWord) {
  EXPECT_EQ(Words("\u4E2D\u6587\u6587\u672C\u3002\u65E5\u672C"),
            (W{"\u4E2D\u6587\u6587\u672C", "\u65E5\u672C"}));
}

TEST(TokenizerTest, SeparatesSymbolsAndEmoji) {
  EXPECT_EQ(Words("a\U0001F600b c\u00A9d e\u20ACf"), (W{"a", "b", "c", "d", "e", "f"}));
}

TEST(TokenizerTest, GivesNoWordsForEmptyOrPunctuationOnlyText) {
  EXPECT_TRUE(Words("").empty());
  EXPECT_TRUE(Words(" .,;!? \u2014 ").empty());
}

TEST(TokenizerTest, ClearsTheOutputFirst) {
  std::vector<Span> spans = {{1, 2}};
  TokenizeWords("a b", &spans);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0].begin, 0u);
  EXPECT_EQ(spans[1].end, 3u);
}

TEST(TokenizerTest, TreatsInvalidBytesAsSeparators) {
  EXPECT_EQ(Words("ab\xFF"
                  "cd\xC3"),
            (W{"ab", "cd"}));
}

// On ASCII text the tokenizer is exactly the regular expression [A-Za-z0-9]+.
TEST(TokenizerTest, MatchesAsciiRegexDefinition) {
  testing::RandomText random(5);
  for (int round = 0; round < 300; ++round) {
    std::string text;
    for (int k = 0; k < 60; ++k) text.push_back(static_cast<char>(random.Uniform(0, 127)));
    W expected;
    std::string current;
    for (char c : text) {
      if (std::isalnum(static_cast<unsigned char>(c))) {
        current.push_back(c);
      } else if (!current.empty()) {
        expected.push_back(current);
        current.clear();
      }
    }
    if (!current.empty()) expected.push_back(current);
    EXPECT_EQ(Words(text), expected);
  }
}

// The definition: maximal runs of IsWordChar characters, decoded one by one.
std::vector<Span> ReferenceWords(const std::string& text) {
  std::vector<Span> expected;
  bool in_word = false;
  for (size_t i = 0; i < text.size();) {
    int length = 1;
    bool word_char = IsWordChar(common::DecodeUtf8(text, i, &length));
    if (word_char && !in_word) expected.push_back({static_cast<uint32_t>(i), 0});
    if (!word_char && in_word) expected.back().end = static_cast<uint32_t>(i);
    in_word = word_char;
    i += length;
  }
  if (in_word) expected.back().end = static_cast<uint32_t>(text.size());
  return expected;
}

void ExpectMatchesReference(const std::string& text) {
  const std::vector<Span> expected = ReferenceWords(text);
  std::vector<Span> actual;
  TokenizeWords(text, &actual);
  ASSERT_EQ(actual.size(), expected.size()) << text;
  for (size_t k = 0; k < actual.size(); ++k) {
    EXPECT_EQ(actual[k].begin, expected[k].begin) << text;
    EXPECT_EQ(actual[k].end, expected[k].end) << text;
  }
}

TEST(TokenizerTest, MatchesCategoryDefinitionOnMixedText) {
  testing::RandomText random(9);
  for (int round = 0; round < 300; ++round) ExpectMatchesReference(random.Next(60, /*ascii_weight=*/3));
}

// Long texts go 64 bytes at a time where a block is all ASCII: words that cross block
// edges, blocks that end inside a multi-byte character, and all-ASCII stretches between
// rare other characters must give the same words as the definition.
TEST(TokenizerTest, MatchesCategoryDefinitionAcrossBlocks) {
  testing::RandomText random(11);
  for (int round = 0; round < 300; ++round) {
    const int ascii_weight = round % 3 == 0 ? 200 : round % 3 == 1 ? 20 : 2;
    ExpectMatchesReference(random.Next(static_cast<int>(random.Uniform(60, 900)), ascii_weight));
  }
  // Runs of word characters exactly at the block edges.
  for (size_t run : {63, 64, 65, 127, 128, 129}) {
    ExpectMatchesReference(std::string(run, 'a') + " b" + std::string(200, 'c'));
    std::string text = " ";  // (" " + std::string(...): GCC 12 warns -Wrestrict, bug 105651)
    text += std::string(run, 'x') + "\xC3\xA9" + std::string(130, 'y') + ".";
    ExpectMatchesReference(text);
  }
}

TEST(TokenizerTest, ClassifiesWordCharactersByCategory) {
  EXPECT_TRUE(IsWordChar('a'));
  EXPECT_TRUE(IsWordChar('7'));
  EXPECT_TRUE(IsWordChar(0x0301));  // Mn
  EXPECT_TRUE(IsWordChar(0x2163));  // Nl: ROMAN NUMERAL FOUR
  EXPECT_TRUE(IsWordChar(0x0663));  // Nd: ARABIC-INDIC DIGIT THREE
  EXPECT_FALSE(IsWordChar('_'));
  EXPECT_FALSE(IsWordChar('\''));
  EXPECT_FALSE(IsWordChar(0x3002));  // IDEOGRAPHIC FULL STOP
  EXPECT_FALSE(IsWordChar(0x1F600));
}

}  // namespace
}  // namespace doppel::text
