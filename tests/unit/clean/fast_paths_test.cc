// The fast paths of the clean stage against their reference definitions, on random
// text mixing ASCII, the characters TextKeyer's table covers and characters it must
// leave to text::Normalize (combining marks, ignorables, ligatures, CJK, invalid bytes).
#include <gtest/gtest.h>
#include <utf8proc.h>

#include <cctype>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "clean/cleaner.h"
#include "clean/corpus_keys.h"
#include "clean/line_shape.h"
#include "clean/text_key.h"
#include "clean/units.h"
#include "clean_test_util.h"
#include "common/simd.h"
#include "common/utf8.h"
#include "text/tokenize.h"

namespace doppel::clean {
namespace {

// Pieces random text is made of. Some are tricky on purpose: a combining mark after a
// space or a letter, a dropped character between letters, a character whose normal form
// holds a space and a mark (U+00A8), fullwidth letters, a ligature, "''" quotes.
const std::vector<std::string>& Pieces() {
  // clang-format off
  static const std::vector<std::string> pieces = {
      "a", "Z", "q", "7", "0", " ", " ", "  ", "\n", "\t", ".", ",", "!", "?", "'", "''", "\"",
      "(", ")", "[", "<", ">", "<p>", "</b>", "<!-- x -->", "<a href=1>", ":", "-", "*", "|",
      "\x19", "\x7f", "the", "Mr", "end.",
      "é", "É", "ß", "ñ", "ø", "Ł", "ı", "İ", "ª", "²", "µ", "¼", "¨", "´", "·", "©", "£",
      "€", "\xc2\xa0" /* NBSP */, "’", "‘", "“", "”", "–", "—", "…", "•", "‰", "‹",
      "\u200b" /* ZWSP */, "\u00ad" /* soft hyphen */, "\u0301", "\u0323", "\u0338",
      "\ufb01" /* fi */, "\uff21" /* fullwidth A */, "中", "。", "！", "😀", "\u2474",
      "\u3000", "\u2028", "Ω", "ς", "Σ", "\xff" /* invalid */, "\x80", "\xe2\x80"};
  // clang-format on
  return pieces;
}

class Random : public testing::SplitMix64 {
 public:
  using SplitMix64::SplitMix64;
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

// The 64-byte blocks (AVX-512 VBMI2) give what the 16-byte blocks give: keys, joined
// words, traces and case scans, on long ASCII runs broken by the other pieces now and
// then, at every alignment of the blocks.
TEST(FastPathsTest, WideBlocksAgreeWithNarrowBlocks) {
  if (!common::HasAvx512Vbmi2()) GTEST_SKIP() << "this CPU has no AVX-512 VBMI2 (or DOPPEL_SIMD=scalar)";
  Random random(5);
  TextKeyer wide(true), narrow(false);
  TextKeyer::CaseScan wide_cases, narrow_cases;
  size_t long_fast = 0;
  for (int trial = 0; trial < 4000; ++trial) {
    std::string text;
    const size_t length = random.Next() % 400;
    while (text.size() < length) {
      const uint64_t r = random.Next() % 40;
      text += r < 26 ? std::string(1, static_cast<char>((random.Next() % 2 ? 'a' : 'A') + r))
              : r < 34 ? std::string(" ")
              : r < 38 ? std::string(1, ".,;:!?\n-"[random.Next() % 9])
              : random.Next() % 8 == 0 ? Pieces()[random.Next() % Pieces().size()] : std::string("7");
    }
    KeyTrace wide_trace, narrow_trace;
    // Some text already in the trace, as when a document's units are keyed in turn.
    for (KeyTrace* t : {&wide_trace, &narrow_trace}) {
      if (trial % 2) continue;
      TextKeyer(false).Compute("Earlier unit words", t);
    }
    const TextKeyer::Key a = wide.Compute(text, &wide_trace, &wide_cases);
    const TextKeyer::Key b = narrow.Compute(text, &narrow_trace, &narrow_cases);
    ASSERT_EQ(a.key, b.key) << text;
    ASSERT_EQ(a.num_words, b.num_words) << text;
    ASSERT_EQ(a.fast, b.fast) << text;
    if (!a.fast) continue;
    long_fast += text.size() >= 64;
    ASSERT_EQ(wide_trace.joined_text(), narrow_trace.joined_text()) << text;
    ASSERT_EQ(wide_trace.num_words, narrow_trace.num_words) << text;
    for (size_t w = 0; w < wide_trace.num_words; ++w) {
      ASSERT_EQ(wide_trace.words[w].text_begin, narrow_trace.words[w].text_begin) << w << " " << text;
      ASSERT_EQ(wide_trace.words[w].joined_begin, narrow_trace.words[w].joined_begin) << w << " " << text;
    }
    ASSERT_EQ(wide_cases.upper, narrow_cases.upper) << text;
    ASSERT_EQ(wide_cases.lower, narrow_cases.lower) << text;
    ASSERT_EQ(wide_cases.capitals.size(), narrow_cases.capitals.size()) << text;
    for (size_t c = 0; c < wide_cases.capitals.size(); ++c) {
      ASSERT_EQ(wide_cases.capitals[c].text_begin, narrow_cases.capitals[c].text_begin) << text;
      ASSERT_EQ(wide_cases.capitals[c].joined_begin, narrow_cases.capitals[c].joined_begin) << text;
    }
    // Untraced: the same joined words.
    ASSERT_EQ(wide.Compute(text).key, a.key);
    ASSERT_EQ(narrow.Compute(text).key, a.key);
    ASSERT_EQ(wide.joined(), narrow.joined()) << text;
  }
  EXPECT_GT(long_fast, 1000u);
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
    std::vector<uint32_t> found;
    for (const KeyTrace::Word& capital : cases.capitals) {
      found.push_back(capital.text_begin);
      // The capital's normal form starts its slice of the joined words.
      std::string_view rest = keyer.joined().substr(capital.joined_begin);
      rest = rest.substr(0, rest.find(' '));
      std::vector<text::Span> raw;
      text::TokenizeWords(std::string_view(text).substr(capital.text_begin), &raw);
      ASSERT_EQ(KeyOfJoinedWords(rest),
                internal::TextKeyWithoutFastPath(
                    std::string_view(text).substr(capital.text_begin, raw[0].size())))
          << "text: " << text;
    }
    ASSERT_EQ(found, capitals) << "text: " << text;
  }
  EXPECT_GT(fast, 2000u);
}

TEST(FastPathsTest, TraceSlicesAreKeysOfWordRanges) {
  Random random(4);
  TextKeyer keyer;
  for (int trial = 0; trial < 5000; ++trial) {
    KeyTrace trace;
    // Two texts into one trace, as KeyUnits does for the units of a document.
    std::string first = random.Text(20);
    std::string text = random.Text(40);
    keyer.Compute(first, &trace);
    const size_t first_word = trace.num_words;
    TextKeyer::Key key = keyer.Compute(text, &trace);
    if (!key.fast) {
      ASSERT_EQ(trace.num_words, first_word);  // nothing traced for the slow path
      continue;
    }
    ASSERT_EQ(trace.num_words, first_word + key.num_words);
    const size_t end_word = trace.num_words;
    auto joined_end = [&](size_t w) {
      return w + 1 < end_word ? trace.words[w + 1].joined_begin - 1
                              : static_cast<uint32_t>(trace.joined_size);
    };
    // Words a..b of the text: the key of their slice is the key of the raw text from
    // the start of word a to the start of word b + 1.
    for (size_t a = first_word; a < end_word; a += 1 + trial % 3) {
      for (size_t b = a; b < end_word; b += 1 + trial % 4) {
        uint32_t raw_begin = trace.words[a].text_begin;
        uint32_t raw_end =
            b + 1 < end_word ? trace.words[b + 1].text_begin : static_cast<uint32_t>(text.size());
        std::string_view slice = trace.joined_text().substr(
            trace.words[a].joined_begin, joined_end(b) - trace.words[a].joined_begin);
        ASSERT_EQ(KeyOfJoinedWords(slice),
                  internal::TextKeyWithoutFastPath(text.substr(raw_begin, raw_end - raw_begin)))
            << "text: " << text;
      }
    }
  }
}

// Long ASCII texts of very short words (up to 32 word starts in a 64-byte block, the
// widest step's most): every traced word starts where a plain scan finds it, and its
// normal form is the word lowered, at the offset where the joined words put it.
TEST(FastPathsTest, TraceOfDenseShortWordsIsEveryWordStart) {
  std::mt19937 rng(8);
  TextKeyer keyer;
  for (int trial = 0; trial < 300; ++trial) {
    std::string text;
    const int words = 50 + static_cast<int>(rng() % 200);
    for (int w = 0; w < words; ++w) {
      const int length = 1 + static_cast<int>(rng() % (trial % 2 ? 2 : 6));
      for (int k = 0; k < length; ++k) text += static_cast<char>((rng() % 2 ? 'a' : 'A') + rng() % 26);
      text += rng() % 5 == 0 ? ", " : " ";
    }
    KeyTrace trace;
    const TextKeyer::Key key = keyer.Compute(text, &trace);
    ASSERT_TRUE(key.fast);
    std::vector<uint32_t> starts;
    for (size_t i = 0; i < text.size(); ++i) {
      if (std::isalpha(static_cast<unsigned char>(text[i])) && (i == 0 || !std::isalpha(static_cast<unsigned char>(text[i - 1])))) {
        starts.push_back(static_cast<uint32_t>(i));
      }
    }
    ASSERT_EQ(trace.num_words, starts.size());
    std::string joined;
    for (size_t k = 0; k < starts.size(); ++k) {
      ASSERT_EQ(trace.words[k].text_begin, starts[k]) << k;
      ASSERT_EQ(trace.words[k].joined_begin, joined.size()) << k;
      for (size_t i = starts[k]; i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])); ++i) {
        joined += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
      }
      joined += ' ';
    }
    joined.pop_back();
    ASSERT_EQ(trace.joined_text(), joined);
  }
}

TEST(FastPathsTest, LineKeysAgreeWithTheReference) {
  Random random(5);
  for (int trial = 0; trial < 3000; ++trial) {
    // A document: lines of random text, some long enough to give topic keys, with
    // blank lines, capitalised words and an all-caps line now and then.
    std::string doc;
    const int lines = 1 + static_cast<int>(random.Next() % 8);
    for (int line = 0; line < lines; ++line) {
      std::string text = random.Text(60);
      for (int w = 0; w < 6; ++w) {
        text += random.Next() % 2 ? " Name" : " word";
        if (random.Next() % 4 == 0) text += ", ";
        if (random.Next() % 6 == 0) text += " É" + random.Text(2);
      }
      if (random.Next() % 10 == 0) text = "ALL CAPS HEADLINE OVER HERE FOR NAME AND PLACE";
      doc += text;
      doc += random.Next() % 3 == 0 ? "\n\n" : "\n";
    }
    ASSERT_EQ(LineKeys(doc), internal::LineKeysWithoutFastPath(doc)) << "doc: " << doc;
  }
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
