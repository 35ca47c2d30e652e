#include "text/stem.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "text/content_words.h"
#include "text/normalize.h"
#include "text/stopwords.h"

namespace doppel::text {
namespace {

TEST(StemmerTest, StemsEnglishInflections) {
  Stemmer stemmer;
  EXPECT_EQ(stemmer.Stem("running"), "run");
  EXPECT_EQ(stemmer.Stem("connections"), "connect");
  EXPECT_EQ(stemmer.Stem("connected"), "connect");
  EXPECT_EQ(stemmer.Stem("ponies"), "poni");
  EXPECT_EQ(stemmer.Stem("generously"), "generous");
}

TEST(StemmerTest, GivesRelatedFormsOneStem) {
  Stemmer stemmer;
  std::string announced(stemmer.Stem("announced"));
  EXPECT_EQ(stemmer.Stem("announcement"), announced);
  EXPECT_EQ(stemmer.Stem("announces"), announced);
  EXPECT_NE(stemmer.Stem("announcer"), "announcer");
}

TEST(StemmerTest, LeavesShortAndUnknownWordsAlone) {
  Stemmer stemmer;
  EXPECT_EQ(stemmer.Stem("sky"), "sky");
  EXPECT_EQ(stemmer.Stem("42"), "42");
  EXPECT_EQ(stemmer.Stem(""), "");
  EXPECT_EQ(stemmer.Stem("\u4E2D\u6587"), "\u4E2D\u6587");
}

TEST(StemmerTest, ReturnsOverLongWordsUnchanged) {
  Stemmer stemmer;
  std::string long_word(kMaxStemmedWordBytes + 1, 'a');
  long_word += "ing";
  EXPECT_EQ(stemmer.Stem(long_word), long_word);
}

TEST(StemmerTest, IsMovable) {
  Stemmer first;
  Stemmer second(std::move(first));
  EXPECT_EQ(second.Stem("walking"), "walk");
  Stemmer third;
  third = std::move(second);
  EXPECT_EQ(third.Stem("walked"), "walk");
}

TEST(StopwordsTest, KnowsFunctionWords) {
  for (const char* word : {"the", "a", "and", "of", "themselves", "yourselves", "because", "s", "t",
                           "ll", "don", "isn", "can", "will", "cannot"}) {
    EXPECT_TRUE(IsStopword(word)) << word;
  }
}

TEST(StopwordsTest, RejectsContentWordsAndNearMisses) {
  for (const char* word : {"president", "won", "said", "th", "thee", "", "The", "ours2",
                           "themselvesx", "election", "x"}) {
    EXPECT_FALSE(IsStopword(word)) << word;
  }
}

TEST(ContentWordsTest, DropsStopwordsAndStemsTheRest) {
  Stemmer stemmer;
  std::string norm = Normalize("The President announced 25 new connections, didn't he?", {});
  ContentWords words;
  ExtractContentWords(norm, &stemmer, &words);
  std::vector<std::string> stems;
  for (const ContentWord& word : words.words) stems.emplace_back(words.StemOf(word));
  EXPECT_EQ(stems, (std::vector<std::string>{"presid", "announc", "25", "new", "connect"}));
  ASSERT_EQ(words.words.size(), 5u);
  EXPECT_TRUE(words.words[2].is_number);
  EXPECT_FALSE(words.words[1].is_number);
  EXPECT_EQ(norm.substr(words.words[1].span.begin, words.words[1].span.size()), "announced");
}

// A CJK text's content words are its ideographs and kana, one each (text::TokenizeWords),
// none a stop word, each its own stem (the English stemmer leaves them alone), and the
// digits beside them are numbers.
TEST(ContentWordsTest, TakesIdeographsAndKanaAsUnstemmedContentWords) {
  Stemmer stemmer;
  std::string norm = Normalize("2024年，公园开放した", {});
  ContentWords words;
  ExtractContentWords(norm, &stemmer, &words);
  std::vector<std::string> stems;
  for (const ContentWord& word : words.words) stems.emplace_back(words.StemOf(word));
  EXPECT_EQ(stems, (std::vector<std::string>{"2024", "年", "公", "园", "开", "放", "し", "た"}));
  EXPECT_TRUE(words.words[0].is_number);
  EXPECT_FALSE(words.words[1].is_number);
  for (const char* word : {"年", "し", "た", "ー", "の"}) {
    EXPECT_FALSE(IsStopword(word)) << word;
    EXPECT_EQ(stemmer.Stem(word), word);
  }
}

}  // namespace
}  // namespace doppel::text
