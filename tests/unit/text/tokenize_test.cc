#include "text/tokenize.h"

#include <gtest/gtest.h>

#include <utf8proc.h>

#include <cctype>
#include <initializer_list>
#include <string>
#include <vector>

#include "random_text.h"
#include "text/normalize.h"

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

// Chinese and Japanese are written without spaces: a run of ideographs between
// punctuation is a clause, not a word. Each ideograph and kana is a word (this replaces
// TakesAnUnspacedCjkRunAsOneWord, which held the whole run as one word).
TEST(TokenizerTest, TakesEachIdeographAsOneWord) {
  EXPECT_EQ(Words("\u4E2D\u6587\u6587\u672C\u3002\u65E5\u672C"),
            (W{"\u4E2D", "\u6587", "\u6587", "\u672C", "\u65E5", "\u672C"}));
  // 今天上午，公园重新开放。
  EXPECT_EQ(Words("今天上午，公园重新开放。"),
            (W{"今", "天", "上", "午", "公", "园", "重", "新", "开", "放"}));
}

TEST(TokenizerTest, TakesEachKanaAndKanjiAsOneWord) {
  // Kanji, hiragana, katakana with the prolonged sound mark, small kana, the iteration
  // mark 々 and the middle dot (punctuation).
  EXPECT_EQ(Words("人々はコーヒーを飲んだ・ショップ"),
            (W{"人", "々", "は", "コ", "ー", "ヒ", "ー", "を", "飲", "ん", "だ", "シ", "ョ", "ッ", "プ"}));
}

TEST(TokenizerTest, KeepsLatinAndDigitRunsWholeBesideIdeographs) {
  EXPECT_EQ(Words("iPhone15\u53D1\u5E03"), (W{"iPhone15", "\u53D1", "\u5E03"}));
  EXPECT_EQ(Words("在2024年用App"), (W{"在", "2024", "年", "用", "App"}));
  EXPECT_EQ(Words("caf\u00E9\u4E2Dna\u00EFve"), (W{"caf\u00E9", "\u4E2D", "na\u00EFve"}));
}

TEST(TokenizerTest, KeepsHangulRuns) {
  // Korean is written with spaces between words.
  EXPECT_EQ(Words("\uC624\uB298 \uB0A0\uC528\uAC00 \uC88B\uB2E4."),
            (W{"\uC624\uB298", "\uB0A0\uC528\uAC00", "\uC88B\uB2E4"}));
  EXPECT_EQ(Words("\uD55C\uAD6D\u4E2D\uAD6D"), (W{"\uD55C\uAD6D", "\u4E2D", "\uAD6D"}));
}

TEST(TokenizerTest, KeepsMarksWithTheCharacterBefore) {
  // A decomposed voiced kana (か + U+3099) is one word, as its composed form が is; so is
  // halfwidth ｶﾞ (U+FF76 U+FF9E), which NFKC makes ガ. An ideograph's variation selector
  // stays with it.
  EXPECT_EQ(Words("\u304B\u3099\u304D"), (W{"\u304B\u3099", "\u304D"}));
  EXPECT_EQ(Words("\uFF76\uFF9E\uFF72\uFF84\uFF9E"), (W{"\uFF76\uFF9E", "\uFF72", "\uFF84\uFF9E"}));
  EXPECT_EQ(Words("\u845B\U000E0100\u57CE"), (W{"\u845B\U000E0100", "\u57CE"}));
  // A halfwidth voiced sound mark with nothing to attach to is a (katakana) word; a
  // combining mark after a Latin letter joins its run as before.
  EXPECT_EQ(Words("a\uFF9E"), (W{"a", "\uFF9E"}));
  EXPECT_EQ(Words("\u4E2De\u0301"), (W{"\u4E2D", "e\u0301"}));
}

TEST(TokenizerTest, TakesIdeographsOfEveryPlaneAlone) {
  // Extension A, extension B (plane 2), a compatibility ideograph, ideographic zero.
  EXPECT_EQ(Words("\u3400\U00020000\uF900\u3007x"), (W{"\u3400", "\U00020000", "\uF900", "\u3007", "x"}));
}

TEST(TokenizerTest, CutsNormalisedFullwidthTextLikeAsciiAndIdeographs) {
  // Fullwidth Latin and digits are NFKC-folded to ASCII, halfwidth katakana to
  // fullwidth; the words are then those of the plain text.
  const std::string normalized = Normalize("\uFF49\uFF30\uFF48\uFF4F\uFF4E\uFF45\uFF11\uFF15\u53D1\u5E03\uFF01\uFF76\uFF9E\uFF72\uFF84\uFF9E", NormalizeOptions{});
  EXPECT_EQ(normalized, "iphone15\u53D1\u5E03!\u30AC\u30A4\u30C9");
  EXPECT_EQ(Words(normalized), (W{"iphone15", "\u53D1", "\u5E03", "\u30AC", "\u30A4", "\u30C9"}));
  // As many words as before normalisation.
  EXPECT_EQ(Words("\uFF49\uFF30\uFF48\uFF4F\uFF4E\uFF45\uFF11\uFF15\u53D1\u5E03\uFF01\uFF76\uFF9E\uFF72\uFF84\uFF9E").size(), 6u);
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

// The definition, decoded one character at a time: maximal runs of IsWordChar
// characters, cut before and after each IsSingleCharWord character and the marks (M*,
// U+FF9E, U+FF9F) right after it.
std::vector<Span> ReferenceWords(const std::string& text) {
  std::vector<Span> expected;
  bool in_run = false;     // in a run of ordinary word characters
  bool in_single = false;  // right after a single character word (or one of its marks)
  for (size_t i = 0; i < text.size();) {
    int length = 1;
    const char32_t cp = common::DecodeUtf8(text, i, &length);
    const auto category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
    const bool mark = category >= UTF8PROC_CATEGORY_MN && category <= UTF8PROC_CATEGORY_ME;
    const auto at = static_cast<uint32_t>(i);
    if (in_single && (mark || cp == 0xFF9E || cp == 0xFF9F)) {
      expected.back().end = at + static_cast<uint32_t>(length);
    } else if (IsSingleCharWord(cp)) {
      expected.push_back({at, at + static_cast<uint32_t>(length)});
      in_run = false;
      in_single = true;
    } else if (IsWordChar(cp)) {
      if (!in_run) expected.push_back({at, 0});
      expected.back().end = at + static_cast<uint32_t>(length);
      in_run = true;
      in_single = false;
    } else {
      in_run = in_single = false;
    }
    i += length;
  }
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

// Long CJK text with ASCII words, digits and marks between the ideographs, at every
// offset from the 64-byte blocks.
TEST(TokenizerTest, MatchesDefinitionOnCjkTextAcrossBlocks) {
  const std::vector<std::string> pieces = {"\u4E2D", "\u6587", "\u3002", "\uFF0C", "\u304B", "\u3099", "\u30FC",
                                           "\uFF76", "\uFF9E", "\uAC00", "\U00020000", "abc", "Z", "7", " ",
                                           ".", "\u00E9", "\u0301", "\xFF"};
  testing::RandomText random(13);
  for (int round = 0; round < 300; ++round) {
    std::string text(random.Uniform(0, 70), 'a');
    const size_t n = random.Uniform(1, 200);
    for (size_t k = 0; k < n; ++k) {
      text += pieces[random.Uniform(0, pieces.size() - 1)];
      if (random.Uniform(0, 9) == 0) text += std::string(random.Uniform(60, 140), 'x');
    }
    ExpectMatchesReference(text);
  }
}

// Every code point of the single character table is a letter or digit without case;
// the scripts around it are not in it.
TEST(TokenizerTest, SingleCharWordsAreUncasedLettersAndDigits) {
  size_t count = 0;
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (!IsSingleCharWord(cp)) continue;
    ++count;
    const auto category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
    ASSERT_TRUE(category == UTF8PROC_CATEGORY_LO || category == UTF8PROC_CATEGORY_LM ||
                category == UTF8PROC_CATEGORY_ND || category == UTF8PROC_CATEGORY_NL ||
                category == UTF8PROC_CATEGORY_NO)
        << std::hex << static_cast<uint32_t>(cp);
    ASSERT_EQ(ClassifyWordChar(cp), WordCharKind::kSingle);
  }
  EXPECT_EQ(count, 98695u);  // Unicode 15.0: Han, Hiragana, Katakana (Script_Extensions)
  for (char32_t cp : std::initializer_list<char32_t>{0x4E00, 0x9FFF, 0x3400, 0x3005, 0x3006, 0x3007, 0x3041, 0x309D, 0x30A1, 0x30FC,
                      0x31F0, 0xF900, 0xFA70, 0xFF66, 0xFF70, 0xFF9E, 0x1B000, 0x20000, 0x2A700,
                      0x2F800, 0x30000, 0x323AF}) {
    EXPECT_TRUE(IsSingleCharWord(cp)) << std::hex << static_cast<uint32_t>(cp);
  }
  for (char32_t cp : std::initializer_list<char32_t>{'a', 0xE9, 0x0430, 0x05D0, 0x0627, 0x0905, 0x0E01, 0x0E81, 0x1780, 0x1000,
                      0xAC00, 0x1100, 0x3131, 0x3105, 0xA000, 0x3000, 0x3001, 0x3002, 0x300C,
                      0x30FB, 0x3099, 0x2F00, 0x3300, 0xFF10, 0xFF21, 0xFF61, 0x1F600, 0x2FFFF}) {
    EXPECT_FALSE(IsSingleCharWord(cp)) << std::hex << static_cast<uint32_t>(cp);
  }
  EXPECT_EQ(ClassifyWordChar('a'), WordCharKind::kRun);
  EXPECT_EQ(ClassifyWordChar(0xAC00), WordCharKind::kRun);
  EXPECT_EQ(ClassifyWordChar(0x3099), WordCharKind::kRun);  // a mark: joins runs as before
  EXPECT_EQ(ClassifyWordChar(0x3002), WordCharKind::kSeparator);
  EXPECT_EQ(ClassifyWordChar(' '), WordCharKind::kSeparator);
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
