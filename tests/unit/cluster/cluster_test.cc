#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "cluster/derivation.h"
#include "cluster/original.h"
#include "cluster/verify.h"
#include "common/utf8.h"
#include "text/tokenize.h"

namespace doppel::cluster {
namespace {

// A member's facts in declaration order (a braced list that leaves trailing fields out
// makes GCC warn -Wmissing-field-initializers).
MemberFacts Facts(uint32_t doc, std::string time, uint32_t num_words, uint32_t boilerplate_bytes = 0,
                  uint32_t repeated_bytes = 0, std::vector<uint32_t> atoms = {}, uint32_t quoted_words = 0,
                  std::vector<uint32_t> bigrams = {}) {
  MemberFacts m;
  m.doc = doc;
  m.time = std::move(time);
  m.num_words = num_words;
  m.boilerplate_bytes = boilerplate_bytes;
  m.repeated_bytes = repeated_bytes;
  m.atoms = std::move(atoms);
  m.quoted_words = quoted_words;
  m.bigrams = std::move(bigrams);
  return m;
}

TEST(VerifyTest, ComputesJaccardAndContainment) {
  SetOverlap o = CompareSets({1, 2, 3, 4}, {3, 4, 5});
  EXPECT_EQ(o.intersection, 2u);
  EXPECT_DOUBLE_EQ(o.jaccard(), 2.0 / 5.0);
  EXPECT_DOUBLE_EQ(o.containment_of_a(), 0.5);
  EXPECT_DOUBLE_EQ(o.containment_of_b(), 2.0 / 3.0);
}

TEST(StarClusterTest, ChainDoesNotJoinDistantEnds) {
  // 0-1-2-3-4 is a chain; nobody is close to a far core.
  std::vector<Edge> edges = {{0, 1, 0.9}, {1, 2, 0.9}, {2, 3, 0.9}, {3, 4, 0.9}};
  auto center = StarCluster(5, edges, {}, [](uint32_t, uint32_t) { return false; });
  // Node 1 (degree 2, first by index among the degree-2 nodes) takes 0 and 2; node 3 takes 4.
  EXPECT_EQ(center[0], 1u);
  EXPECT_EQ(center[2], 1u);
  EXPECT_EQ(center[3], 3u);
  EXPECT_EQ(center[4], 3u);
}

TEST(StarClusterTest, LoneNodeJoinsWhenCloseToTheCore) {
  // Star 0 with 1, 2, 3; node 4 only touches 3.
  std::vector<Edge> edges = {{0, 1, 0.9}, {0, 2, 0.9}, {0, 3, 0.9}, {3, 4, 0.85}};
  auto far = StarCluster(5, edges, {}, [](uint32_t, uint32_t) { return false; });
  EXPECT_EQ(far[4], 4u);
  auto near = StarCluster(5, edges, {}, [](uint32_t x, uint32_t core) { return x == 4 && core == 0; });
  EXPECT_EQ(near[4], 0u);
}

TEST(StarClusterTest, IsolatedNodesAreTheirOwnCenter) {
  auto center = StarCluster(3, {}, {}, [](uint32_t, uint32_t) { return true; });
  EXPECT_EQ(center, (std::vector<uint32_t>{0, 1, 2}));
}

TEST(OriginalTest, EarliestTimeWinsWhenAllMembersHaveOne) {
  auto c = ChooseOriginal({Facts(0, "2020-01-02", 500), Facts(1, "2020-01-01", 100)});
  EXPECT_EQ(c.doc, 1u);
}

TEST(OriginalTest, LongestTextBreaksATieOfEqualFacts) {
  auto c = ChooseOriginal({Facts(3, "", 100), Facts(1, "", 500), Facts(2, "2020", 50)});
  EXPECT_EQ(c.doc, 1u);
  EXPECT_GT(c.confidence, 0.5);
}

TEST(OriginalTest, SourceOfAnExcerptWins) {
  // The excerpt is listed first and is longer after a template was removed elsewhere.
  auto c = ChooseOriginal({Facts(0, "", 300, 0, 0, {1, 2}), Facts(1, "", 200, 0, 0, {1, 2})}, {{1, 0}});
  EXPECT_EQ(c.doc, 1u);
}

TEST(OriginalTest, MemberWithTemplateLinesIsNotTheOriginal) {
  // Member 0 is a copy of member 1 (a near duplicate) with template lines around it.
  auto c = ChooseOriginal({Facts(0, "", 200, 350, 0, {1, 2, 3}), Facts(1, "", 200, 0, 0, {1, 2, 3})}, {},
                          {{0, 1}});
  EXPECT_EQ(c.doc, 1u);
  ASSERT_FALSE(c.reasons.empty());
  EXPECT_NE(c.reasons[0].find("template"), std::string::npos);
}

TEST(OriginalTest, TemplateLinesSayNothingAcrossARewrite) {
  // A wire text with its own slug and time lines (member 0) and a rewrite of it that has
  // none: they are not copies of each other, so the lines do not count; the member that
  // covers the other's facts wins.
  auto c = ChooseOriginal({Facts(0, "", 300, 120, 0, {1, 2, 3, 4}), Facts(1, "", 200, 0, 0, {1, 2})});
  EXPECT_EQ(c.doc, 0u);
  for (const std::string& reason : c.reasons) EXPECT_EQ(reason.find("template"), std::string::npos) << reason;
}

TEST(OriginalTest, MemberCoveringTheOthersFactsWins) {
  // Member 1 has every name and number of the others; the others lack some of its.
  auto c = ChooseOriginal({Facts(0, "", 210, 0, 0, {1, 2}), Facts(1, "", 200, 0, 0, {1, 2, 3, 4}),
                           Facts(2, "", 220, 0, 0, {2, 3})});
  EXPECT_EQ(c.doc, 1u);
}

TEST(OriginalTest, EqualMembersTieToInputOrder) {
  auto c = ChooseOriginal({Facts(5, "", 100, 0, 0, {1}), Facts(2, "", 100, 0, 0, {1})});
  EXPECT_EQ(c.doc, 2u);
  EXPECT_DOUBLE_EQ(c.confidence, 0.5);
}

TEST(OriginalTest, CentreOfTheCopiesWinsOverALongerMember) {
  // Equal facts and quotations; member 1 is the longest, but each other copy shares more
  // wording with member 2 (the source each copy changed in its own way) than with 1.
  auto member = [](uint32_t doc, uint32_t words, std::vector<uint32_t> bigrams) {
    return Facts(doc, "", words, 0, 0, {1, 2}, 0, std::move(bigrams));
  };
  auto c = ChooseOriginal({member(0, 200, {1, 2, 3, 10, 11}), member(1, 240, {1, 2, 20, 21, 22}),
                           member(2, 210, {1, 2, 3, 4, 5}), member(3, 200, {2, 3, 4, 5, 30})});
  EXPECT_EQ(c.doc, 2u);
  EXPECT_NE(std::find_if(c.reasons.begin(), c.reasons.end(),
                         [](const std::string& r) { return r.find("centre") != std::string::npos; }),
            c.reasons.end());
}

TEST(WordBigramsTest, FoldsCaseAndIgnoresPunctuation) {
  EXPECT_EQ(WordBigrams("The Council met."), WordBigrams("the council, met"));
  EXPECT_EQ(WordBigrams("a b a b").size(), 2u);  // "a b" and "b a"
  EXPECT_TRUE(WordBigrams("alone").empty());
}

TEST(FactAtomsTest, KeepsNamesAndNumbersNotSentenceStarts) {
  auto a = FactAtoms("The council met in Northam on Tuesday. It spent 42 pounds.");
  auto b = FactAtoms("In Northam on Tuesday the council spent 42 pounds. Money was short.");
  // Northam, Tuesday, 42 in both; "The", "It", "In", "Money" start sentences.
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.size(), 3u);
}

// In Chinese text the digits beside ideographs are their own word, so a number is a fact
// atom as in English ("2023年" was one word, not a number); ideographs make bigrams.
TEST(FactAtomsTest, FindsNumbersBesideIdeographs) {
  EXPECT_EQ(FactAtoms("\u5B83\u57282023\u5E74\u53D1\u5E03"), FactAtoms("it was 2023 then"));
  EXPECT_EQ(FactAtoms("it was 2023 then").size(), 1u);
  EXPECT_EQ(WordBigrams("\u4E2D\u6587\u4E2D\u6587").size(), 2u);  // 中文, 文中
}

}  // namespace
}  // namespace doppel::cluster

namespace doppel::cluster {
namespace {

TEST(QuotedWordsTest, CountsWordsInsideEveryQuotationStyle) {
  EXPECT_EQ(QuotedWords("He said \"we will win this\" and left."), 4u);
  EXPECT_EQ(QuotedWords("She said \xE2\x80\x9Cnot today\xE2\x80\x9D."), 2u);
  EXPECT_EQ(QuotedWords("``It was designed to provoke,'' he replied."), 5u);
  EXPECT_EQ(QuotedWords("No quotation here, it's plain."), 0u);
}

TEST(QuotedWordsTest, UnclosedQuotationEndsAtParagraphBreak) {
  EXPECT_EQ(QuotedWords("He said \"one two three\n\nThen the next paragraph runs on."), 3u);
}

// QuotedWords as first written: every byte through the state machine. The fast version
// skips the bytes that cannot change anything outside a quotation and counts the words
// inside one 16 bytes at a time; both must agree.
uint32_t QuotedWordsByteByByte(std::string_view text) {
  uint32_t words = 0;
  bool inside = false, in_word = false;
  const size_t n = text.size();
  for (size_t i = 0; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    bool open = false, close = false, toggle = false;
    if (c == '"') {
      toggle = true;
    } else if (c == '`' && i + 1 < n && text[i + 1] == '`') {
      open = true;
      ++i;
    } else if (c == '\'' && i + 1 < n && text[i + 1] == '\'') {
      close = true;
      ++i;
    } else if (c == 0xE2 && i + 2 < n && static_cast<unsigned char>(text[i + 1]) == 0x80) {
      const unsigned char d = static_cast<unsigned char>(text[i + 2]);
      open = d == 0x9C || d == 0x9E;
      close = d == 0x9D;
      if (open || close) i += 2;
    } else if (c == 0xC2 && i + 1 < n) {
      const unsigned char d = static_cast<unsigned char>(text[i + 1]);
      open = d == 0xAB;
      close = d == 0xBB;
      if (open || close) ++i;
    } else if (c == 0xE3 && i + 2 < n && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(text[i + 2]) == 0x8C || static_cast<unsigned char>(text[i + 2]) == 0x8D)) {
      open = static_cast<unsigned char>(text[i + 2]) == 0x8C;  // 「
      close = !open;                                             // 」
      i += 2;
    } else if (c == '\n' && i + 1 < n && (text[i + 1] == '\n' || text[i + 1] == '\r')) {
      close = true;
    }
    if (toggle || open || close) {
      inside = toggle ? !inside : open;
      in_word = false;
      continue;
    }
    if (c >= 0xE3) {
      // From U+3000 on: an ideograph or kana (and the marks after it) is a word; CJK
      // punctuation separates.
      int length = 1;
      const char32_t cp = common::DecodeUtf8(text, i, &length);
      if (text::IsSingleCharWord(cp)) {
        words += inside;
        in_word = false;
        i = text::EndOfSingleCharWord(text, i + static_cast<size_t>(length)) - 1;
        continue;
      }
      if (!text::IsWordChar(cp) && ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF))) {
        in_word = false;
        i += static_cast<size_t>(length) - 1;
        continue;
      }
    }
    const bool word_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
    if (word_char && !in_word && inside) ++words;
    in_word = word_char;
  }
  return words;
}

TEST(QuotedWordsTest, AgreesWithTheByteByByteDefinitionOnRandomText) {
  const std::vector<std::string> pieces = {"word", " ", "\"", "``", "''", "'", "`", "\n\n", "\n",
                                           "\n\r", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x9E",
                                           "\xE2\x80\x94", "\xC2\xAB", "\xC2\xBB", "\xC2\xA0", "x1",
                                           ", ", ". ", "long stretch of plain words here ",
                                           "averyveryverylongwordthatcrossesblocks", "\xC3\xA9t\xC3\xA9",
                                           "\u4E2D\u6587", "\u3002", "\uFF0C", "\u304B\u3099", "\uAC00\uAC01",
                                           "\U0001F600", "\u300C", "\u300D", "\u300E", "\u300F",
                                           "\uFF76\uFF9E", "\u20DD"};
  uint64_t state = 12345;
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int count = static_cast<int>(state % 60);
    for (int k = 0; k < count; ++k) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      text += pieces[(state >> 33) % pieces.size()];
    }
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    ASSERT_EQ(QuotedWords(text), QuotedWordsByteByByte(text)) << text;
  }
}

// The corner brackets of Japanese and Chinese open and close a quotation; 『 』 (titles,
// or a quotation inside one) neither open nor close one.
TEST(QuotedWordsTest, CornerBracketsQuote) {
  EXPECT_EQ(QuotedWords("\u5F7C\u306F\u300C\u660E\u65E5\u884C\u304F\u300D\u3068\u8A00\u3063\u305F\u3002"), 4u);
  EXPECT_EQ(QuotedWords("\u300C\u6771\u4EAC\u300E\u5927\u962A\u300F\u306B\u300D\u540D\u53E4\u5C4B"), 5u);
  EXPECT_EQ(QuotedWords("\u300E\u6771\u4EAC\u300F\u5927\u962A"), 0u);
}

// Chinese and Japanese quotations count their ideographs and kana one word each, as
// text::TokenizeWords cuts them, with CJK punctuation between words.
TEST(QuotedWordsTest, CountsEachIdeographInsideQuotations) {
  EXPECT_EQ(QuotedWords("\u4ED6\u8BF4\uFF1A\u201C\u4ECA\u5929\u5929\u6C14\u5F88\u597D\u3002\u201D"), 6u);
  EXPECT_EQ(QuotedWords("\u201CiPhone15\u53D1\u5E03\u4E86\u201D"), 4u);
  EXPECT_EQ(QuotedWords("\"\uD55C\uAD6D \u4E2D\u56FD\""), 3u);
  EXPECT_EQ(QuotedWords("\u201C\u304B\u3099\u30FC\u3001\u30C6\u30B9\u30C8\u201D"), 5u);
}

// Inside a quotation of ASCII words, ideographs, kana, Hangul and CJK punctuation, the
// count is TokenizeWords' count.
TEST(QuotedWordsTest, AgreesWithTokenizeWordsOnCjkQuotations) {
  const std::vector<std::string> pieces = {"word", " ", "x1", ", ", ". ", "\u4E2D", "\u6587", "\u3002", "\uFF0C",
                                           "\u3001", "\u304B", "\u3099", "\u30FC", "\uAC00\uAC01", "iPhone15",
                                           "averyveryverylongwordthatcrossesblocks", "\U00020000", "\uFF76\uFF9E"};
  uint64_t state = 777;
  size_t split = 0;
  for (int round = 0; round < 2000; ++round) {
    std::string inner;
    const int count = static_cast<int>(state % 80);
    for (int k = 0; k < count; ++k) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      inner += pieces[(state >> 33) % pieces.size()];
    }
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    std::vector<text::Span> words;
    text::TokenizeWords(inner, &words);
    ASSERT_EQ(QuotedWords("He said \"" + inner + "\" then."), words.size()) << inner;
    ASSERT_EQ(QuotedWords("\u201C" + inner + "\u201D"), words.size()) << inner;
    // Ideographs next to each other: counting runs would give fewer.
    split += inner.find("\u4E2D\u6587") != std::string::npos;
  }
  EXPECT_GT(split, 100u);
}

TEST(OriginalTest, MemberQuotingMostWinsAmongRewrites) {
  MemberFacts source = Facts(0, "", 200, 0, 0, {1, 2}, 40);
  MemberFacts rewrite = Facts(1, "", 260, 0, 0, {1, 2}, 12);
  auto c = ChooseOriginal({rewrite, source});
  EXPECT_EQ(c.doc, 0u);
}

}  // namespace
}  // namespace doppel::cluster
