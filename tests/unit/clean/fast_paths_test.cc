// The fast paths of the clean stage against their reference definitions, on random
// text mixing ASCII, the characters TextKeyer's table covers and characters it must
// leave to text::Normalize (combining marks, ignorables, ligatures, CJK, invalid bytes).
#include <gtest/gtest.h>
#include <utf8proc.h>

#include <cstdint>
#include <string>
#include <vector>

#include "clean/line_shape.h"
#include "clean/units.h"
#include "common/utf8.h"
#include "text/tokenize.h"

namespace doppel::clean {
namespace {

// Pieces random text is made of. Some are tricky on purpose: a combining mark after a
// space or a letter, a dropped character between letters, a character whose normal form
// holds a space and a mark (U+00A8), fullwidth letters, a ligature, "''" quotes.
const std::vector<std::string>& Pieces() {
  static const std::vector<std::string> pieces = {
      "a", "Z", "q", "7", "0", " ", " ", "  ", "\n", "\t", ".", ",", "!", "?", "'", "''", "\"",
      "(", ")", "[", "<", ">", "<p>", "</b>", "<!-- x -->", "<a href=1>", ":", "-", "*", "|", "\x19", "\x7f", "the", "Mr", "end.",
      "é", "É", "ß", "ñ", "ø", "Ł", "ı", "İ", "ª", "²", "µ", "¼", "¨", "´", "·", "©", "£",
      "€", "\xc2\xa0" /* NBSP */, "’", "‘", "“", "”", "–", "—", "…", "•", "‰", "‹",
      "\u200b" /* ZWSP */, "\u00ad" /* soft hyphen */, "\u0301", "\u0323", "\u0338",
      "\ufb01" /* fi */, "\uff21" /* fullwidth A */, "中", "。", "！", "😀", "\u2474",
      "\u3000", "\u2028", "Ω", "ς", "Σ", "\xff" /* invalid */, "\x80", "\xe2\x80"};
  return pieces;
}

class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  std::string Text(size_t max_pieces) {
    std::string text;
    size_t n = Next() % (max_pieces + 1);
    for (size_t i = 0; i < n; ++i) {
      // Mostly ASCII letters, as in real text.
      if (Next() % 3 == 0) {
        text += static_cast<char>('a' + Next() % 26);
      } else {
        text += Pieces()[Next() % Pieces().size()];
      }
    }
    return text;
  }

 private:
  uint64_t state_;
};

TEST(FastPathsTest, TextKeyerAgreesWithTheReferenceKey) {
  Random random(1);
  TextKeyer keyer;
  size_t fast = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    std::string text = random.Text(trial < 10000 ? 8 : 40);
    uint32_t reference_words = 0;
    uint64_t reference = internal::TextKeyWithoutFastPath(text, &reference_words);
    TextKeyer::Key key = keyer.Compute(text);
    ASSERT_EQ(key.key, reference) << "text: " << text;
    ASSERT_EQ(key.num_words, reference_words) << "text: " << text;
    if (key.fast) {
      ++fast;
      std::vector<text::Span> raw_words;
      text::TokenizeWords(text, &raw_words);
      ASSERT_EQ(key.num_words, raw_words.size()) << "text: " << text;
    }
  }
  // Both paths were exercised.
  EXPECT_GT(fast, 2000u);
  EXPECT_LT(fast, 19000u);
}

TEST(FastPathsTest, TextKeyerCaseScanAgreesWithShapeAndWords) {
  Random random(3);
  TextKeyer keyer;
  TextKeyer::CaseScan cases;
  size_t fast = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    std::string text = random.Text(trial < 10000 ? 8 : 40);
    TextKeyer::Key key = keyer.Compute(text, nullptr, &cases);
    if (!key.fast) continue;
    ++fast;
    LineShape shape = ComputeShape(text);
    ASSERT_EQ(cases.upper, shape.upper) << "text: " << text;
    ASSERT_EQ(cases.lower, shape.lower) << "text: " << text;
    // Reference: words after the first whose first character is upper- or title-case.
    std::vector<text::Span> words;
    text::TokenizeWords(text, &words);
    std::vector<uint32_t> capitals;
    for (size_t w = 1; w < words.size(); ++w) {
      int length = 1;
      char32_t first = common::DecodeUtf8(text, words[w].begin, &length);
      auto category = utf8proc_category(static_cast<utf8proc_int32_t>(first));
      if (category == UTF8PROC_CATEGORY_LU || category == UTF8PROC_CATEGORY_LT) {
        capitals.push_back(words[w].begin);
      }
    }
    ASSERT_EQ(cases.capital_starts, capitals) << "text: " << text;
  }
  EXPECT_GT(fast, 2000u);
}

TEST(FastPathsTest, TextKeyerHandlesCommonPunctuationWithoutNormalize) {
  TextKeyer keyer;
  TextKeyer::Key key = keyer.Compute("“It’s over — café’s £4m…” Straße");
  EXPECT_TRUE(key.fast);
  EXPECT_EQ(key.key, internal::TextKeyWithoutFastPath("it s over café s 4m strasse"));
  EXPECT_EQ(key.num_words, 7u);
  EXPECT_FALSE(keyer.Compute("cafe\u0301").fast);  // a combining mark: Normalize composes it
  EXPECT_EQ(keyer.Compute("cafe\u0301").key, keyer.Compute("CAFÉ").key);
}

TEST(FastPathsTest, SingleFieldsAgreeWithComputeShape) {
  Random random(2);
  for (int trial = 0; trial < 20000; ++trial) {
    std::string text = random.Text(trial < 10000 ? 6 : 30);
    LineShape shape = ComputeShape(text);
    ASSERT_EQ(EndsSentence(text), shape.terminal) << "text: " << text;
    ASSERT_EQ(HasWord(text), shape.words > 0) << "text: " << text;
    ASSERT_EQ(CountWords(text), shape.words) << "text: " << text;
    ASSERT_EQ(MarkupOnly(text), shape.markup_only) << "text: " << text;
    uint32_t upper = 0;
    uint32_t lower = 0;
    CountCase(text, &upper, &lower);
    ASSERT_EQ(upper, shape.upper) << "text: " << text;
    ASSERT_EQ(lower, shape.lower) << "text: " << text;
  }
}

}  // namespace
}  // namespace doppel::clean
