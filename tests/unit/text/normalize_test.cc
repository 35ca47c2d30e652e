#include "text/normalize.h"

#include <gtest/gtest.h>
#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "random_text.h"
#include "text/tokenize.h"

namespace doppel::text {
namespace {

std::string Norm(std::string_view source, NormalizeOptions options = {}) {
  return Normalize(source, options);
}

std::vector<uint32_t> Map(std::string_view source, NormalizeOptions options = {}) {
  std::vector<uint32_t> map;
  Normalize(source, options, &map);
  return map;
}

bool IsCharBoundary(std::string_view text, uint32_t offset) {
  return offset == text.size() ||
         (offset < text.size() && (static_cast<uint8_t>(text[offset]) & 0xC0) != 0x80);
}

// The whole-string reference: utf8proc_map with the same options.
std::string Utf8procMap(const std::string& source, int options) {
  utf8proc_uint8_t* out = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(source.data()),
                                    static_cast<utf8proc_ssize_t>(source.size()), &out,
                                    static_cast<utf8proc_option_t>(options));
  if (n < 0) return "<error>";
  std::string result(reinterpret_cast<char*>(out), n);
  std::free(out);
  return result;
}

const NormalizeOptions kAllOptionSets[] = {
    {false, false, false}, {true, false, false}, {false, true, false}, {true, true, false},
    {false, false, true},  {true, false, true},  {false, true, true},  {true, true, true}};

TEST(NormalizerTest, LowerCasesAscii) { EXPECT_EQ(Norm("Hello WORLD 42"), "hello world 42"); }

TEST(NormalizerTest, FoldsFullWidthDigits) { EXPECT_EQ(Norm("\uFF11\uFF12\uFF13"), "123"); }

TEST(NormalizerTest, FoldsFullWidthLettersAndLigatures) {
  EXPECT_EQ(Norm("\uFF21\uFF42\uFF43 \uFB01ne"), "abc fine");
}

TEST(NormalizerTest, FoldsUnicodeCase) {
  EXPECT_EQ(Norm("\u00C9COLE Stra\u00DFe \u03A3\u0391\u03A3"),
            "\u00E9cole strasse \u03C3\u03B1\u03C3");
}

TEST(NormalizerTest, MapsCurlyQuotes) {
  EXPECT_EQ(Norm("\u201CHi\u201D \u2018x\u2019 it\u2019s \u00ABoui\u00BB \u201Elow\u201F"),
            "\"hi\" 'x' it's \"oui\" \"low\"");
}

TEST(NormalizerTest, MapsPrimesGraveAndAcuteToApostrophe) {
  EXPECT_EQ(Norm("5\u2032 a`b c\u00B4d"), "5' a'b c'd");
}

TEST(NormalizerTest, MergesDoubledApostrophesIntoDoubleQuote) {
  EXPECT_EQ(Norm("``TeX'' style"), "\"tex\" style");
  EXPECT_EQ(Norm("' '"), "' '");
}

TEST(NormalizerTest, MapsDashes) {
  EXPECT_EQ(Norm("a\u2010b\u2013c\u2014d\u2212e\u2015f\uFE58g\uFE63h\uFF0Di"), "a-b-c-d-e-f-g-h-i");
}

TEST(NormalizerTest, ExpandsEllipsis) {
  std::vector<uint32_t> map;
  EXPECT_EQ(Normalize("wait\u2026 ok", {}, &map), "wait... ok");
  // The three periods all come from the ellipsis at byte 4 (3 bytes long).
  EXPECT_EQ(map[4], 4u);
  EXPECT_EQ(map[6], 4u);
  EXPECT_EQ(SourceEnd(map, 5), 7u);
  EXPECT_EQ(SourceEnd(map, 7), 7u);
}

TEST(NormalizerTest, ExpandsEllipsisWithoutNfkc) {
  EXPECT_EQ(Norm("so\u2026", {.nfkc = false}), "so...");
}

TEST(NormalizerTest, CollapsesWhitespaceAndControlRuns) {
  EXPECT_EQ(Norm(" \t a\u00A0\u2028 b\r\n\x01"
                 "c\u3000\u0085d  "),
            "a b c d");
}

TEST(NormalizerTest, DropsZeroWidthCharactersAndBom) {
  EXPECT_EQ(Norm("\uFEFFhy\u00ADphen\u200Bated zw\u200Dj"), "hyphenated zwj");
}

TEST(NormalizerTest, ComposesCombiningMarks) {
  std::vector<uint32_t> map;
  EXPECT_EQ(Normalize("cafe\u0301!", {}, &map), "caf\u00E9!");
  // U+00E9 (2 bytes) maps to the 'e' that starts its cluster; '!' to byte 6.
  EXPECT_EQ(map, (std::vector<uint32_t>{0, 1, 2, 3, 3, 6, 7}));
}

TEST(NormalizerTest, OrdersCombiningMarksCanonically) {
  EXPECT_EQ(Norm("a\u0307\u0323"), Norm("a\u0323\u0307"));
  EXPECT_EQ(Norm("\u1E0B\u0323"), Norm("d\u0323\u0307"));
}

TEST(NormalizerTest, ComposesHalfWidthKatakanaVoicedMark) {
  EXPECT_EQ(Norm("\uFF76\uFF9E"), "\u30AC");
}

TEST(NormalizerTest, ComposesHangulJamo) { EXPECT_EQ(Norm("\u1100\u1161\u11A8"), "\uAC01"); }

TEST(NormalizerTest, EachOptionSwitchesOneStep) {
  const std::string source = "\uFF21 B \u201Cq\u201D";
  EXPECT_EQ(Norm(source, {.nfkc = false}), "\uFF41 b \"q\"");
  EXPECT_EQ(Norm(source, {.case_fold = false}), "A B \"q\"");
  EXPECT_EQ(Norm(source, {.fold_punctuation = false}), "a b \u201Cq\u201D");
}

TEST(NormalizerTest, KeepsWhitespaceWhenPunctuationIsNotFolded) {
  EXPECT_EQ(Norm(" a\t\tb ", {.fold_punctuation = false}), " a\t\tb ");
}

TEST(NormalizerTest, EmptyInputGivesEmptyOutputAndOneMapEntry) {
  std::vector<uint32_t> map;
  EXPECT_EQ(Normalize("", {}, &map), "");
  EXPECT_EQ(map, std::vector<uint32_t>{0});
  EXPECT_EQ(Normalize(" \u200B\t ", {}, &map), "");
  EXPECT_EQ(map, std::vector<uint32_t>{6});
}

TEST(NormalizerTest, MapsWhitespaceRunToItsFirstCharacter) {
  auto map = Map("a \u00A0\n b");
  EXPECT_EQ(map, (std::vector<uint32_t>{0, 1, 6, 7}));
}

TEST(NormalizerTest, SourceEndCoversTheWholeProducingCharacter) {
  std::vector<uint32_t> map;
  std::string norm = Normalize("x\uFDFAy", {}, &map);  // U+FDFA: 18 characters
  ASSERT_GT(norm.size(), 20u);
  EXPECT_EQ(SourceEnd(map, 2), 4u);
  EXPECT_EQ(SourceEnd(map, 1), 1u);
  EXPECT_EQ(SourceEnd(map, static_cast<uint32_t>(norm.size())), 5u);
  EXPECT_EQ(SourceEnd(map, 0), 0u);
}

TEST(NormalizerTest, AllOptionsOffIsIdentity) {
  testing::RandomText random(7);
  for (int round = 0; round < 200; ++round) {
    std::string source = random.Next(40);
    std::vector<uint32_t> map;
    EXPECT_EQ(Normalize(source, kAllOptionSets[0], &map), source);
    // Every byte maps to the start of its own character.
    for (uint32_t b = 0; b < source.size(); ++b) {
      EXPECT_LE(map[b], b);
      EXPECT_TRUE(IsCharBoundary(source, map[b]));
    }
  }
}

// Normalising cluster by cluster gives what utf8proc gives for the whole string.
TEST(NormalizerTest, MatchesUtf8procOnWholeText) {
  testing::RandomText random(11);
  for (int round = 0; round < 400; ++round) {
    std::string source = random.Next(60);
    EXPECT_EQ(Norm(source, {true, true, false}),
              Utf8procMap(source, UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD))
        << source;
    EXPECT_EQ(Norm(source, {true, false, false}),
              Utf8procMap(source, UTF8PROC_COMPOSE | UTF8PROC_COMPAT))
        << source;
    EXPECT_EQ(Norm(source, {false, true, false}), Utf8procMap(source, UTF8PROC_CASEFOLD)) << source;
  }
}

TEST(NormalizerTest, IsIdempotent) {
  testing::RandomText random(13);
  for (int round = 0; round < 2000; ++round) {
    std::string once = Norm(random.Next(50));
    EXPECT_EQ(Norm(once), once);
  }
}

TEST(NormalizerTest, MapsEveryByteBackToSource) {
  testing::RandomText random(17);
  for (int round = 0; round < 500; ++round) {
    std::string source = random.Next(static_cast<int>(random.Uniform(0, 80)),
                                     static_cast<int>(random.Uniform(0, 6)));
    for (const NormalizeOptions& options : kAllOptionSets) {
      std::vector<uint32_t> map;
      std::string norm = Normalize(source, options, &map);
      ASSERT_EQ(map.size(), norm.size() + 1) << source;
      EXPECT_EQ(map.back(), source.size());
      for (size_t b = 0; b < map.size(); ++b) {
        EXPECT_TRUE(IsCharBoundary(source, map[b])) << source << " byte " << b;
        if (b > 0) {
          EXPECT_LE(map[b - 1], map[b]) << source << " byte " << b;
          uint32_t end = SourceEnd(map, static_cast<uint32_t>(b));
          EXPECT_TRUE(IsCharBoundary(source, end));
          EXPECT_GT(end, map[b - 1]);
        }
      }
    }
    // Each word maps back to source text that normalises to text containing that word.
    std::vector<uint32_t> map;
    std::string norm = Normalize(source, {}, &map);
    std::vector<Span> words;
    TokenizeWords(norm, &words);
    for (const Span& word : words) {
      uint32_t begin = map[word.begin];
      uint32_t end = SourceEnd(map, word.end);
      ASSERT_LT(begin, end);
      std::string back = Norm(std::string_view(source).substr(begin, end - begin));
      EXPECT_NE(back.find(norm.substr(word.begin, word.size())), std::string::npos)
          << source << " word " << norm.substr(word.begin, word.size());
    }
  }
}

TEST(NormalizerTest, KeepsAsciiFastPathEqualToSlowPath) {
  testing::RandomText random(19);
  for (int round = 0; round < 300; ++round) {
    // Mostly ASCII (the fast path), with some of everything else in between.
    std::string source = random.Next(80, /*ascii_weight=*/20);
    for (const NormalizeOptions& options : kAllOptionSets) {
      std::vector<uint32_t> fast_map, slow_map;
      std::string fast = Normalize(source, options, &fast_map);
      std::string slow = internal::NormalizeWithoutTables(source, options, &slow_map);
      EXPECT_EQ(fast, slow) << source;
      EXPECT_EQ(fast_map, slow_map) << source;
    }
  }
  // Every ASCII character alone and next to every other class of character.
  for (int c = 0; c < 128; ++c) {
    std::string source = std::string("x") + static_cast<char>(c) + "Y" + static_cast<char>(c) +
                         static_cast<char>(c) + "\u0301";
    for (const NormalizeOptions& options : kAllOptionSets) {
      EXPECT_EQ(Normalize(source, options), internal::NormalizeWithoutTables(source, options))
          << "char " << c;
    }
  }
}

// English-like text: words and single spaces (the eight-byte blocks of the fast path),
// with now and then a run of spaces, a line break, a quote or a control character.
TEST(NormalizerTest, KeepsBlockwiseAsciiPathEqualToSlowPath) {
  testing::RandomText random(23);
  const char* separators[] = {" ",    " ",    " ",       " ",      " ",      "  ", "\n",
                              "\n\n", ", ",   ". ",      "'",      "''",     "`",  "\t",
                              "\x7f", "\x01", " \u2019", "\u00A0", "e\u0301"};
  for (int round = 0; round < 300; ++round) {
    std::string source;
    for (int word = 0; word < 40; ++word) {
      size_t length = random.Uniform(1, 9);
      for (size_t k = 0; k < length; ++k) {
        source.push_back(static_cast<char>(random.Uniform(0, 1) ? random.Uniform('a', 'z')
                                                                : random.Uniform('A', 'Z')));
      }
      source += separators[random.Uniform(0, std::size(separators) - 1)];
    }
    for (const NormalizeOptions& options : kAllOptionSets) {
      std::vector<uint32_t> fast_map, slow_map;
      std::string fast = Normalize(source, options, &fast_map);
      std::string slow = internal::NormalizeWithoutTables(source, options, &slow_map);
      EXPECT_EQ(fast, slow) << source;
      EXPECT_EQ(fast_map, slow_map) << source;
    }
  }
}

TEST(NormalizerTest, KeepsBmpTableEqualToSlowPath) {
  // Every BMP character between two ASCII letters (the single-character table).
  for (const NormalizeOptions& options : {kAllOptionSets[7], kAllOptionSets[4]}) {
    std::string source;
    for (char32_t cp = 0x80; cp < 0x10000; ++cp) {
      if (cp >= 0xD800 && cp <= 0xDFFF) continue;
      source += 'a';
      common::AppendUtf8(cp, &source);
    }
    std::vector<uint32_t> fast_map, slow_map;
    std::string fast = Normalize(source, options, &fast_map);
    std::string slow = internal::NormalizeWithoutTables(source, options, &slow_map);
    EXPECT_TRUE(fast == slow);
    EXPECT_TRUE(fast_map == slow_map);
  }
}

TEST(NormalizerTest, ClustersContinueThroughMarksAndComposableCharacters) {
  EXPECT_TRUE(internal::ContinuesCluster(0x0301));  // combining acute
  EXPECT_TRUE(internal::ContinuesCluster(0x0B3E));  // Oriya vowel sign AA (composes)
  EXPECT_TRUE(internal::ContinuesCluster(0x1161));  // Hangul medial
  EXPECT_TRUE(internal::ContinuesCluster(0xFF9E));  // decomposes to U+3099
  EXPECT_TRUE(internal::ContinuesCluster(0x0F73));  // decomposes to non-starters
  EXPECT_FALSE(internal::ContinuesCluster('a'));
  EXPECT_FALSE(internal::ContinuesCluster(0x00E9));
  EXPECT_FALSE(internal::ContinuesCluster(0x4E2D));
  EXPECT_FALSE(internal::ContinuesCluster(0x1F600));
}

TEST(NormalizerTest, ReplacesInvalidUtf8AndKeepsTheMapValid) {
  const std::string source =
      "ab\xFF"
      "c\xC3\xE2\x82 d\x80";
  std::vector<uint32_t> map;
  std::string norm = Normalize(source, {}, &map);
  // One U+FFFD per invalid byte.
  EXPECT_EQ(norm, "ab\uFFFDc\uFFFD\uFFFD\uFFFD d\uFFFD");
  ASSERT_EQ(map.size(), norm.size() + 1);
  for (size_t b = 1; b < map.size(); ++b) EXPECT_LE(map[b - 1], map[b]);
  EXPECT_EQ(map[2], 2u);
  EXPECT_EQ(map.back(), source.size());
}

TEST(NormalizerTest, CutsLongRunsOfCombiningMarks) {
  // 5000 marks on one letter: stream-safe cutting keeps this linear.
  std::string source = "a";
  for (int k = 0; k < 5000; ++k) source += (k % 2) ? "\u0301" : "\u0323";
  std::vector<uint32_t> map;
  std::string norm = Normalize(source, {}, &map);
  EXPECT_EQ(map.size(), norm.size() + 1);
  EXPECT_EQ(map.back(), source.size());
  // Clusters: the letter with 30 marks, then 31 marks each (the Stream-Safe Text Format
  // allows 30 non-starters in a row); 4970 = 160 * 31 + 10 marks after the first.
  std::vector<uint32_t> starts(map.begin(), map.end() - 1);
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  EXPECT_EQ(starts.size(), 162u);
  EXPECT_EQ(starts[1], 1u + 2 * 30);
  EXPECT_EQ(starts.back(), 1u + 2 * (30 + 160 * 31));
}

// NormalizeForWords gives the words of Normalize, byte for byte: on all-ASCII text (its
// own path: every control byte, quote, backtick, run of spaces, at block edges too) and on
// mixed text (Normalize's path), with every option set.
std::vector<std::string> WordsOf(const std::string& text) {
  std::vector<Span> spans;
  TokenizeWords(text, &spans);
  std::vector<std::string> words;
  for (const Span& w : spans) words.push_back(text.substr(w.begin, w.end - w.begin));
  return words;
}

TEST(NormalizeForWordsTest, SameWordsAsNormalize) {
  testing::RandomText random(77);
  std::mt19937 rng(5);
  for (int round = 0; round < 600; ++round) {
    std::string ascii;
    const int length = static_cast<int>(rng() % 90);
    for (int k = 0; k < length; ++k) {
      const uint32_t pick = rng() % 10;
      ascii += pick < 6 ? static_cast<char>("aZq09Mx"[rng() % 7]) : static_cast<char>(rng() % 128);
    }
    const std::string mixed = random.Next(static_cast<int>(rng() % 60), 6);
    for (const std::string& text : {ascii, mixed, ascii + mixed}) {
      for (int bits = 0; bits < 8; ++bits) {
        NormalizeOptions options;
        options.nfkc = bits & 1;
        options.case_fold = bits & 2;
        options.fold_punctuation = bits & 4;
        ASSERT_EQ(WordsOf(NormalizeForWords(text, options)), WordsOf(Normalize(text, options)))
            << "round " << round << " options " << bits;
      }
    }
  }
}

}  // namespace
}  // namespace doppel::text
