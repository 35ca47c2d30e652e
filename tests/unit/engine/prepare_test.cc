// A document prepared from the words cleaning keyed (PrepareWords over
// CorpusLineStats::KeyedWords, as PrepareDocuments does for documents cleaning leaves
// whole) is prepared exactly as from its text (PrepareText).
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "clean/cleaner.h"
#include "common/thread_pool.h"
#include "engine/scan_state.h"
#include "sketch/minhash.h"
#include "text/normalize.h"
#include "text/tokenize.h"

namespace doppel::engine {
namespace {

TEST(PrepareWordsTest, KeyedWordsPrepareAsTheText) {
  const std::vector<std::string> texts = {
      "Council approves budget\n\nThe council approved the budget on Tuesday, after a long "
      "debate.\r\nResidents said: \"We were not asked.\"\n\n(Reporting by Jane Doe)",
      "Zoë's café reopened — to the delight of its regulars… Prices rose 3.5% in March.",
      "ONE LINE IN CAPITALS\nsecond line\n\n\nthird, after blank lines   \n",
      "words",
      "",
      "Die Straße wurde am Montag gesperrt. Die Strasse wurde am Montag gesperrt.",
  };
  const Options opt;
  const sketch::OnePermutationMinHasher hasher(opt.near.num_bands * opt.near.rows_per_band, opt.near.seed);
  size_t compared = 0;
  for (const std::string& text : texts) {
    clean::CleanCache cache;
    clean::CorpusLineStats::KeyedWords keyed;
    clean::CorpusLineStats::Summarize(text, opt.clean, &cache, &keyed);
    if (!keyed.complete) continue;
    ++compared;
    PrepareScratch scratch;
    Prepared from_text, from_words;
    std::vector<uint64_t> bands_text(opt.near.num_bands), bands_words(opt.near.num_bands);
    PrepareText(text, opt, hasher, &scratch, &from_text, bands_text.data());
    PrepareWords(keyed.joined, keyed.words, opt, hasher, &scratch, &from_words, bands_words.data());
    EXPECT_EQ(from_words.num_words, from_text.num_words) << text;
    EXPECT_EQ(from_words.exact.low64, from_text.exact.low64) << text;
    EXPECT_EQ(from_words.exact.high64, from_text.exact.high64) << text;
    EXPECT_EQ(from_words.shingles, from_text.shingles) << text;
    EXPECT_EQ(bands_words, bands_text) << text;
  }
  EXPECT_GE(compared, 5u);  // all but none take the fast path
}

// PrepareWords says whether two positions hold the same shingle: true for a text that
// repeats a run of five words (a pasted sentence), false for one that does not.
TEST(PrepareWordsTest, SaysWhetherAShingleRepeats) {
  const Options opt;
  const sketch::OnePermutationMinHasher hasher(opt.near.num_bands * opt.near.rows_per_band, opt.near.seed);
  auto repeats = [&](const std::string& text) {
    PrepareScratch scratch;
    Prepared p;
    std::vector<uint64_t> bands(opt.near.num_bands);
    const std::string normalized = text::NormalizeForWords(text, opt.normalize);
    std::vector<text::Span> words;
    text::TokenizeWords(normalized, &words);
    const bool r = PrepareWords(normalized, words, opt, hasher, &scratch, &p, bands.data());
    EXPECT_TRUE(std::is_sorted(p.shingles.begin(), p.shingles.end())) << text;
    EXPECT_EQ(std::adjacent_find(p.shingles.begin(), p.shingles.end()), p.shingles.end()) << text;
    return r;
  };
  const std::string sentence = "The council approved the budget after a long debate. ";
  EXPECT_FALSE(repeats(sentence + "Residents were told to keep their windows closed."));
  EXPECT_TRUE(repeats(sentence + "Residents were told to keep their windows closed. " + sentence));
  EXPECT_TRUE(repeats("one two three four five and then one two three four five"));
  EXPECT_FALSE(repeats("one two three four five and then one two three four six"));
  EXPECT_FALSE(repeats("too short"));
  EXPECT_FALSE(repeats(""));
}


// FindAllRemovals gives each document the removals of the one-thread definition
// (CorpusLineStats over every document in input order, then FindRemovals), whatever the
// threads: its line statistics take a block of documents as soon as it and every block
// before it are summarised, on whichever thread gets there, and the rest after the loop.
// A corpus of several blocks with shared template lines and some repeated paragraphs.
TEST(FindAllRemovalsTest, SameRemovalsWhateverTheThreads) {
  std::mt19937 rng(7);
  const std::vector<std::string> vocabulary = {
      "council", "budget",  "river",  "harbour", "minister", "school",  "storm",  "market",
      "report",  "village", "trains", "doctors", "festival", "factory", "prices", "season",
      "museum",  "bridge",  "police", "farmers", "election", "airport", "water",  "energy"};
  auto sentence = [&] {
    std::string out = "The";
    const int words = 8 + static_cast<int>(rng() % 8);
    for (int w = 0; w < words; ++w) out += " " + vocabulary[rng() % vocabulary.size()];
    return out + ".";
  };
  std::vector<Document> docs(1500);
  for (size_t d = 0; d < docs.size(); ++d) {
    std::string text;
    if (d % 3 == 0) text += "Listen to this article\n\n";
    for (int p = 0; p < 5; ++p) text += sentence() + " " + sentence() + "\n\n";
    if (d % 4 == 1) text += "Latest Stories\n\nSign up for our morning newsletter\n";
    if (d % 50 == 7) text += text;  // a scraper's repeated block
    docs[d].id = "doc" + std::to_string(d);
    docs[d].text = std::move(text);
  }
  const CleanOptions options;
  std::vector<std::vector<Removal>> expected;
  {
    clean::CorpusLineStats stats;
    for (const Document& d : docs) {
      clean::CleanCache cache;
      stats.Add(clean::CorpusLineStats::Summarize(d.text, options, &cache));
    }
    stats.Finalize(options);
    for (const Document& d : docs) expected.push_back(clean::FindRemovals(d.text, &stats, options));
  }
  size_t with_removals = 0;
  for (const std::vector<Removal>& r : expected) with_removals += !r.empty();
  EXPECT_GE(with_removals, docs.size() / 3);  // the template lines go
  std::vector<std::vector<std::vector<Removal>>> by_threads;
  for (const int threads : {1, 2, 3}) {
    common::ThreadPool pool(threads);
    by_threads.push_back(FindAllRemovals(docs, options, &pool, {}));
  }
  for (size_t t = 0; t < by_threads.size(); ++t) {
    ASSERT_EQ(by_threads[t].size(), docs.size());
    for (size_t d = 0; d < docs.size(); ++d) {
      ASSERT_EQ(by_threads[t][d].size(), expected[d].size()) << "threads " << t + 1 << ", document " << d;
      for (size_t k = 0; k < expected[d].size(); ++k) {
        EXPECT_EQ(by_threads[t][d][k].begin, expected[d][k].begin);
        EXPECT_EQ(by_threads[t][d][k].end, expected[d][k].end);
        EXPECT_EQ(by_threads[t][d][k].kind, expected[d][k].kind);
      }
    }
  }
}

}  // namespace
}  // namespace doppel::engine
