// A document prepared from the words cleaning keyed (PrepareWords over
// CorpusLineStats::KeyedWords, as PrepareDocuments does for documents cleaning leaves
// whole) is prepared exactly as from its text (PrepareText).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "clean/cleaner.h"
#include "engine/scan_state.h"
#include "sketch/minhash.h"

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

}  // namespace
}  // namespace doppel::engine
