#include "match/profile.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "common/hash.h"
#include "match/weights.h"
#include "text/stem.h"

namespace doppel::match {
namespace {

bool HasTerm(const ContentProfile& p, std::string_view stem) {
  const uint64_t h = TermHash(stem);
  return std::binary_search(p.terms.begin(), p.terms.end(), h);
}

uint32_t CountOf(const ContentProfile& p, std::string_view stem) {
  const uint64_t h = TermHash(stem);
  const auto it = std::lower_bound(p.terms.begin(), p.terms.end(), h);
  if (it == p.terms.end() || *it != h) return 0;
  std::vector<uint32_t> counts;
  p.CountTerms(&counts);
  return counts[static_cast<size_t>(it - p.terms.begin())];
}

TEST(ProfileTest, StemsContentWordsAndSkipsStopWords) {
  text::Stemmer stemmer;
  ContentProfile p = BuildProfile("The minister announced a new announcement.", &stemmer);
  EXPECT_EQ(CountOf(p, "announc"), 2u);  // announced, announcement
  EXPECT_TRUE(HasTerm(p, "minist"));
  EXPECT_FALSE(HasTerm(p, "the"));
  EXPECT_EQ(p.num_words, 6u);
}

TEST(ProfileTest, NumbersAreAtomsNotTerms) {
  text::Stemmer stemmer;
  ContentProfile a = BuildProfile("Up to 1.4 million workers and 155,221 bags.", &stemmer);
  ContentProfile b = BuildProfile("Some 155221 bags and 1.4 million staff.", &stemmer);
  EXPECT_EQ(a.numbers.size(), 2u);  // "1.4" and "155221", each one atom
  EXPECT_EQ(a.numbers, b.numbers);
  EXPECT_FALSE(HasTerm(a, "1"));
  EXPECT_FALSE(HasTerm(a, "155"));
}

// Chinese text: each ideograph is a term (not a stop word, not stemmed: its own form),
// the digits beside ideographs are numbers, and the sentences end at 。.
TEST(ProfileTest, IdeographsAreTermsAndDigitsBesideThemNumbers) {
  text::Stemmer stemmer;
  // 公园在2022年改造。公园今天开放。
  ContentProfile p = BuildProfile("\u516C\u56ED\u57282022\u5E74\u6539\u9020\u3002\u516C\u56ED\u4ECA\u5929\u5F00\u653E\u3002", &stemmer);
  EXPECT_EQ(p.num_words, 13u);
  EXPECT_EQ(CountOf(p, "\u516C"), 2u);  // 公
  EXPECT_EQ(CountOf(p, "\u56ED"), 2u);  // 园
  EXPECT_TRUE(HasTerm(p, "\u5E74"));    // 年
  EXPECT_FALSE(HasTerm(p, "2022"));
  EXPECT_EQ(p.numbers, BuildProfile("In 2022 it was.", &stemmer).numbers);
  EXPECT_EQ(p.numbers.size(), 1u);
  EXPECT_EQ(p.sentence_ends.size(), 2u);
  EXPECT_TRUE(p.entities.empty());
}

TEST(ProfileTest, EntitiesAreCapitalisedWordsInsideSentences) {
  text::Stemmer stemmer;
  ContentProfile p = BuildProfile("Yesterday the court heard that Keith Burstein sued.", &stemmer);
  // Keith, Burstein; not "Yesterday", which starts the sentence.
  EXPECT_EQ(p.entities.size(), 2u);
  ContentProfile q = BuildProfile("Burstein sued. Yesterday Keith spoke.", &stemmer);
  // "Keith" only: both other capitals start a sentence.
  EXPECT_EQ(q.entities.size(), 1u);
}

TEST(ProfileTest, CapitalisedHeadlineLinesGiveNoEntities) {
  text::Stemmer stemmer;
  ContentProfile p = BuildProfile("COMPOSER CHALLENGED OVER CONCERT\nThe hearing went on.", &stemmer);
  EXPECT_TRUE(p.entities.empty());
  EXPECT_TRUE(HasTerm(p, "compos"));
}

TEST(ProfileTest, QuotationsAreLeftOutOfNarrativeBigrams) {
  text::Stemmer stemmer;
  ContentProfile quoted = BuildProfile("He said \"pension reform hurts workers\" today.", &stemmer);
  ContentProfile plain = BuildProfile("He said pension reform hurts workers today.", &stemmer);
  // Inside the quote: no bigram; outside, "said" and "today" are not adjacent content.
  EXPECT_TRUE(quoted.narrative_bigrams.empty());
  EXPECT_EQ(plain.narrative_bigrams.size(), 5u);
  // The quoted words are still content terms.
  EXPECT_TRUE(HasTerm(quoted, "pension"));
}

TEST(ProfileTest, TypewriterAndSingleQuotesAreQuotations) {
  text::Stemmer stemmer;
  ContentProfile wire = BuildProfile("He said ``pension reform hurts'' today.", &stemmer);
  ContentProfile single = BuildProfile("He said 'pension reform hurts' today.", &stemmer);
  ContentProfile apostrophe = BuildProfile("The union's pension reform hurts.", &stemmer);
  EXPECT_TRUE(wire.narrative_bigrams.empty());
  EXPECT_TRUE(single.narrative_bigrams.empty());
  EXPECT_EQ(apostrophe.narrative_bigrams.size(), 3u);  // union-pension-reform-hurt
}

// Japanese and Chinese quote with corner brackets: the characters inside 「 」 make no
// narrative bigram; those outside still do, up to the bracket.
TEST(ProfileTest, CornerBracketsAreQuotations) {
  text::Stemmer stemmer;
  // 甲乙丙「丁戊己」庚辛壬。 against the same characters without brackets.
  ContentProfile quoted =
      BuildProfile("\u7532\u4E59\u4E19\u300C\u4E01\u620A\u5DF1\u300D\u5E9A\u8F9B\u58EC\u3002", &stemmer);
  ContentProfile plain = BuildProfile("\u7532\u4E59\u4E19\u4E01\u620A\u5DF1\u5E9A\u8F9B\u58EC\u3002", &stemmer);
  EXPECT_EQ(plain.narrative_bigrams.size(), 8u);
  EXPECT_EQ(quoted.narrative_bigrams.size(), 4u);  // 甲乙 乙丙 and 庚辛 辛壬
  // 『 』 (titles) are not quotations.
  ContentProfile title =
      BuildProfile("\u7532\u4E59\u4E19\u300E\u4E01\u620A\u5DF1\u300F\u5E9A\u8F9B\u58EC\u3002", &stemmer);
  EXPECT_EQ(title.narrative_bigrams.size(), 8u);
}

TEST(ProfileTest, SentencesIndexTheirTerms) {
  text::Stemmer stemmer;
  ContentProfile p = BuildProfile("Unions plan a strike. Ministers reject the plan.", &stemmer);
  ASSERT_EQ(p.num_sentences(), 2u);
  EXPECT_EQ(p.sentence_ends[0], 3u);  // union, plan, strike
  EXPECT_EQ(p.sentence_ends[1], 6u);  // minist, reject, plan
  EXPECT_EQ(p.terms[p.sentence_terms[1]], p.terms[p.sentence_terms[5]]);  // plan
}

TEST(ProfileTest, EmptyAndSymbolOnlyTextsGiveEmptyProfiles) {
  text::Stemmer stemmer;
  EXPECT_TRUE(BuildProfile("", &stemmer).terms.empty());
  ContentProfile p = BuildProfile(" -- ** \"\" '' `` \n\n", &stemmer);
  EXPECT_TRUE(p.terms.empty());
  EXPECT_EQ(p.num_sentences(), 0u);
}

TEST(ProfileTest, NonAsciiWordsAreFoldedBeforeStemming) {
  text::Stemmer stemmer;
  ContentProfile a = BuildProfile("Die GRÜNEN Café visitors.", &stemmer);
  ContentProfile b = BuildProfile("die grünen café visitors.", &stemmer);
  std::vector<uint64_t> ta, tb;
  for (const uint64_t t : a.terms) ta.push_back(t);
  for (const uint64_t t : b.terms) tb.push_back(t);
  EXPECT_EQ(ta, tb);
}

// The per-thread term memo keeps words of up to 7 bytes in one table (the word is the
// key) and longer ones in another (first 8 bytes and length, the rest aside): words that
// share their first 8 bytes, words of exactly 6, 7, 8 and 9 bytes sharing a prefix, a case
// variant, words longer than the memo keeps, all give the terms of their own stems,
// whatever the memo held before.
TEST(ProfileTest, TermsDoNotDependOnWhatTheMemoSawBefore) {
  const std::string long_word(70, 'q');
  const std::string text = "internationally internationals internation Abcdefgh abcdefghi ABCDEFGHI " +
                           long_word + " " + long_word + "s caf\xC3\xA9s Zoo zoo. Pqrstu pqrstuv pqrstuvw pqrstuvwx.";
  text::Stemmer stemmer;
  const ContentProfile fresh = BuildProfile(text, &stemmer);
  EXPECT_TRUE(HasTerm(fresh, "intern"));
  EXPECT_EQ(CountOf(fresh, "abcdefghi"), 2u);
  EXPECT_EQ(CountOf(fresh, "zoo"), 2u);
  EXPECT_TRUE(HasTerm(fresh, long_word));
  for (const char* stem : {"pqrstu", "pqrstuv", "pqrstuvw", "pqrstuvwx"}) EXPECT_EQ(CountOf(fresh, stem), 1u) << stem;
  // Fill the memo with many other words (it empties itself when half full), then again.
  std::string noise;
  for (int i = 0; i < 50000; ++i) {
    noise += 'w';
    noise += std::to_string(i * 7919);
    noise += "abc ";
  }
  BuildProfile(noise, &stemmer);
  const ContentProfile again = BuildProfile(text, &stemmer);
  EXPECT_EQ(fresh.terms, again.terms);
  EXPECT_EQ(fresh.sentence_terms, again.sentence_terms);  // and so the counts
}

TEST(WeightsTest, DfCountsDocumentsOnceAndIdfFallsWithDf) {
  text::Stemmer stemmer;
  DfTable df;
  df.Add(BuildProfile("court court court jury", &stemmer));
  df.Add(BuildProfile("court verdict", &stemmer));
  df.Add(BuildProfile("market shares", &stemmer));
  df.Finalize();
  EXPECT_EQ(df.num_documents(), 3u);
  EXPECT_EQ(df.Df(TermHash("court")), 2u);
  EXPECT_EQ(df.Df(TermHash("juri")), 1u);
  EXPECT_EQ(df.Df(TermHash("absent")), 0u);
  EXPECT_GT(df.Idf(TermHash("juri")), df.Idf(TermHash("court")));
}

TEST(WeightsTest, MergedTablesEqualOneTable) {
  text::Stemmer stemmer;
  const char* texts[] = {"court jury", "court verdict", "market shares court"};
  DfTable one, a, b;
  for (const char* t : texts) one.Add(BuildProfile(t, &stemmer));
  a.Add(BuildProfile(texts[0], &stemmer));
  b.Add(BuildProfile(texts[1], &stemmer));
  b.Add(BuildProfile(texts[2], &stemmer));
  a.Finalize();
  b.Finalize();
  const DfTable merged = DfTable::MergeFinalized(a, b);
  one.Finalize();
  EXPECT_EQ(merged.num_documents(), one.num_documents());
  EXPECT_EQ(merged.num_terms(), one.num_terms());
  EXPECT_EQ(merged.Df(TermHash("court")), 3u);
}

TEST(WeightsTest, CountedAndTreeMergedTablesEqualAddedOnes) {
  text::Stemmer stemmer;
  const char* texts[] = {"court jury", "court verdict", "market shares court", "jury out", "shares fell"};
  std::vector<ContentProfile> profiles;
  DfTable added;
  for (const char* t : texts) {
    profiles.push_back(BuildProfile(t, &stemmer));
    added.Add(profiles.back());
  }
  added.Finalize();
  // The third profile excluded, then the rest counted in two chunks and merged.
  const std::vector<uint8_t> include = {1, 1, 0, 1, 1};
  DfTable first = DfTable::Count(profiles.data(), 2, &include, 0);
  DfTable second = DfTable::Count(profiles.data() + 2, 3, &include, 2);
  DfTable merged = DfTable::MergeFinalized(first, second);
  EXPECT_EQ(merged.num_documents(), 4u);
  EXPECT_EQ(merged.Df(TermHash("court")), 2u);  // "market shares court" excluded
  EXPECT_EQ(merged.Df(TermHash("share")), 1u);
  DfTable all = DfTable::Count(profiles.data(), profiles.size());
  ASSERT_EQ(all.num_terms(), added.num_terms());
  all.BuildIndex();
  for (uint32_t id = 0; id < added.num_terms(); ++id) {
    EXPECT_EQ(all.TermOf(id), added.TermOf(id));
    EXPECT_EQ(all.DfOf(id), added.DfOf(id));
    EXPECT_EQ(all.IdOf(added.TermOf(id)), id);  // the hashed index
    EXPECT_DOUBLE_EQ(all.IdfOf(id), added.IdfOf(id));
  }
  EXPECT_EQ(all.IdOf(TermHash("absent")), DfTable::kNoTerm);
}

TEST(WeightsTest, TfIdfIsUnitLengthAndCosineOfSelfIsOne) {
  text::Stemmer stemmer;
  DfTable df;
  ContentProfile p = BuildProfile("The jury heard the composer speak of the concert.", &stemmer);
  ContentProfile q = BuildProfile("Shares in the bank fell.", &stemmer);
  df.Add(p);
  df.Add(q);
  df.Finalize();
  TermVector v = TfIdf(p, df), w = TfIdf(q, df);
  EXPECT_NEAR(Dot(v, v), 1.0, 1e-6);
  EXPECT_NEAR(Dot(v, w), 0.0, 1e-12);
  DotParts parts = DotWithTop(v, v);
  EXPECT_NEAR(parts.dot, 1.0, 1e-6);
  EXPECT_GT(parts.top_term, 0.0);
  EXPECT_LT(parts.robust(), 1.0);
}

}  // namespace
}  // namespace doppel::match
