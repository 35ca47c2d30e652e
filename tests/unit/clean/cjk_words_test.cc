// Every place of the clean stage that counts or cuts words without calling
// text::TokenizeWords (CountWords, ComputeShape and InteriorShape, TextKeyer's key and
// word count, the case scan behind LineKeys' topic words) must cut them as TokenizeWords
// does, also where ideographs and kana stand alone: on random mixes of ASCII words, Han,
// kana, Hangul, punctuation, marks and invalid bytes they give TokenizeWords' count.
// Counting runs of word characters instead would give fewer words on most of these
// texts, and the tests check that they do.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "clean/cleaner.h"
#include "clean/corpus_keys.h"
#include "clean/line_shape.h"
#include "clean/text_key.h"
#include "clean_test_util.h"
#include "common/utf8.h"
#include "doppel/options.h"
#include "text/normalize.h"
#include "text/tokenize.h"

namespace doppel::clean {
namespace {

// clang-format off
const std::vector<std::string> kPieces = {
    "the", "Name", "Apple", "iPhone15", "7", "2024", " ", " ", "\n", ".", ",", "!", "'", "-", ":", "(",
    "\u4E2D", "\u6587", "\u516C", "\u56ED", "\u5E74", "\u3002", "\uFF0C", "\u3001", "\u300C", "\u300D",  // 中文公园年。，、「」
    "\u304B", "\u3099", "\u306E", "\u30B3", "\u30FC", "\u30D2", "\u3005",                           // か ゙ の コ ー ヒ 々
    "\uFF76", "\uFF9E", "\uFF70",                                                                   // ｶ ﾞ ｰ
    "\uD55C", "\uAD6D", "\uC5B4",                                                                   // Hangul
    "\U00020000", "\uF900",                                                                         // ext. B, compatibility
    "\u00E9", "\u0301", "\uFF21", "\uFF11", "\U0001F600", "\u3000", "\xFF", "\x80", "\xE4\xB8",
};
// clang-format on

class Random : public testing::SplitMix64 {
 public:
  using SplitMix64::SplitMix64;
  std::string Text(size_t max_pieces) {
    std::string text;
    const size_t n = Next() % (max_pieces + 1);
    for (size_t i = 0; i < n; ++i) text += kPieces[Next() % kPieces.size()];
    return text;
  }
};

size_t Words(std::string_view text) {
  std::vector<text::Span> words;
  text::TokenizeWords(text, &words);
  return words.size();
}

// Maximal runs of word characters: what a path that still cut runs would count.
size_t Runs(std::string_view text) {
  size_t runs = 0;
  bool in_word = false;
  for (size_t pos = 0; pos < text.size();) {
    int length = 1;
    const bool word = text::IsWordChar(common::DecodeUtf8(text, pos, &length));
    runs += word && !in_word;
    in_word = word;
    pos += static_cast<size_t>(length);
  }
  return runs;
}

TEST(CjkWordsTest, WordCountersAgreeWithTokenizeWords) {
  Random random(21);
  TextKeyer keyer;
  size_t split = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    const std::string text = random.Text(trial < 10000 ? 10 : 60);
    const size_t words = Words(text);
    split += words > Runs(text);
    ASSERT_EQ(CountWords(text), words) << "text: " << text;
    ASSERT_EQ(ComputeShape(text).words, words) << "text: " << text;
    ASSERT_EQ(InteriorShape(text, nullptr).words, words) << "text: " << text;
    ASSERT_EQ(HasWord(text), words > 0) << "text: " << text;
    // The key counts the words of the normal form.
    const std::string normalized = text::Normalize(text, NormalizeOptions{});
    const TextKeyer::Key key = keyer.Compute(text);
    ASSERT_EQ(key.num_words, Words(normalized)) << "text: " << text;
    uint32_t reference_words = 0;
    ASSERT_EQ(key.key, internal::TextKeyWithoutFastPath(text, &reference_words)) << "text: " << text;
    ASSERT_EQ(reference_words, key.num_words) << "text: " << text;
    // NormalizeForWords keeps the same words.
    ASSERT_EQ(Words(text::NormalizeForWords(text, NormalizeOptions{})), key.num_words) << "text: " << text;
  }
  EXPECT_GT(split, 10000u);  // most texts hold ideographs or kana next to each other
}

TEST(CjkWordsTest, CountsEachIdeographAndKana) {
  for (const auto& [text, words] : std::vector<std::pair<std::string, uint32_t>>{
           {"\u4E2D\u6587\u6587\u672C", 4},               // 中文文本
           {"iPhone15\u53D1\u5E03", 3},                   // iPhone15 发 布
           {"\u4ECA\u65E5\u306F\u30B3\u30FC\u30D2\u30FC", 7},  // 今日はコーヒー
           {"\u304B\u3099\u304D", 2},                     // か゛ き: the mark stays with its kana
           {"\uD55C\uAD6D\uC5B4 \uC218\uC5C5", 2},        // Hangul: two spaced words
       }) {
    EXPECT_EQ(CountWords(text), words) << text;
    EXPECT_EQ(ComputeShape(text).words, words) << text;
    uint32_t key_words = 0;
    TextKey(text, &key_words);
    EXPECT_EQ(key_words, words) << text;
  }
  // A Chinese sentence of prose has as many words as characters, so it reads as prose to
  // the furniture rules (it was one or two "words" when runs were words).
  const std::string sentence = "\u516C\u56ED\u4ECA\u5929\u4E0A\u5348\u91CD\u65B0\u5411\u5E02\u6C11\u5F00\u653E\u3002";
  EXPECT_EQ(ComputeShape(sentence).words, 13u);
  EXPECT_TRUE(ComputeShape(sentence).prose());
}

// Keys of text joined by single spaces: ideographs written with or without spaces
// between them give the same key, as ASCII words do with one space or several.
TEST(CjkWordsTest, KeysIgnoreSpacesBetweenIdeographs) {
  EXPECT_EQ(TextKey("\u4E2D\u6587\u6587\u672C"), TextKey("\u4E2D \u6587  \u6587\u3000\u672C"));
  EXPECT_EQ(TextKey("iPhone15\u53D1\u5E03"), TextKey("IPHONE15 \u53D1 \u5E03"));
  EXPECT_NE(TextKey("\u4E2D\u6587"), TextKey("\u6587\u4E2D"));
}

// Topic words (capitalised words inside content lines) are cut as TokenizeWords cuts
// them, so a Latin name glued to ideographs is one, as it is between spaces.
TEST(CjkWordsTest, LineKeysFindNamesGluedToIdeographs) {
  const std::string glued =
      "\u9752\u77F3\u5E02\u7684\u516C\u56ED\u4ECA\u5929\u5F00\u653E\uFF0C\u5C40\u957F"
      "Zhou\u8BF4\u65B0\u6B65\u9053\u5BBD\u4E86\u4E00\u500D\u3002\n";
  const std::string spaced =
      "\u9752 \u77F3 \u5E02 \u7684 \u516C \u56ED \u4ECA \u5929 \u5F00 \u653E\uFF0C\u5C40 \u957F "
      "Zhou \u8BF4 \u65B0 \u6B65 \u9053 \u5BBD \u4E86 \u4E00 \u500D\u3002\n";
  const std::vector<uint64_t> keys = LineKeys(glued);
  EXPECT_EQ(keys, LineKeys(spaced));
  EXPECT_EQ(keys, internal::LineKeysWithoutFastPath(glued));
  EXPECT_EQ(std::count_if(keys.begin(), keys.end(), IsTopicKey), 1);
}

TEST(CjkWordsTest, LineKeysAgreeWithTheReferenceOnCjkText) {
  Random random(22);
  for (int trial = 0; trial < 3000; ++trial) {
    std::string doc;
    const int lines = 1 + static_cast<int>(random.Next() % 6);
    for (int line = 0; line < lines; ++line) {
      std::string text = random.Text(50);
      for (int w = 0; w < 4; ++w) text += random.Next() % 2 ? "\u4E2DName\u6587" : " Name \u516C\u56ED";
      doc += text;
      doc += random.Next() % 3 == 0 ? "\n\n" : "\n";
    }
    ASSERT_EQ(LineKeys(doc), internal::LineKeysWithoutFastPath(doc)) << "doc: " << doc;
  }
}

// The Chinese and Japanese articles of tests/fixtures/cjk lose nothing to cleaning, alone
// or with corpus statistics of all of them: their lines of prose count as prose.
TEST(CjkWordsTest, CjkArticlesLoseNothingToCleaning) {
  const std::vector<std::string> names = {
      "zh-qingshi-riverside-park.txt",          "zh-citynews-riverside-park-reopens.txt",
      "zh-morning-digest-riverside-park-excerpt.txt", "zh-eastlake-school-robot-contest.txt",
      "ja-kitahama-rice-flour-bakery.txt",      "ja-minato-shimbun-bakery-opens.txt",
      "ja-weekly-digest-bakery-excerpt.txt"};
  std::vector<std::string> texts;
  CorpusLineStats stats;
  for (const std::string& name : names) {
    texts.push_back(testing::ReadFixtureIn("cjk", name));
    ASSERT_GT(texts.back().size(), 500u) << name;
    stats.Add(LineKeys(texts.back()));
  }
  const CleanOptions options;
  stats.Finalize(options);
  for (size_t i = 0; i < texts.size(); ++i) {
    EXPECT_TRUE(FindRemovals(texts[i], nullptr, options).empty()) << names[i];
    EXPECT_TRUE(FindRemovals(texts[i], &stats, options).empty()) << names[i];
  }
}

}  // namespace
}  // namespace doppel::clean
