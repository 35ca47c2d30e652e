#include "shingle/shingler.h"

#include "common/hash.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

namespace doppel::shingle {
namespace {

std::vector<uint64_t> Words(std::initializer_list<uint64_t> w) { return w; }

TEST(ShinglerTest, OneShinglePerWindow) {
  std::vector<uint64_t> out;
  ShingleHashes(Words({1, 2, 3, 4, 5, 6, 7}), 5, &out);
  EXPECT_EQ(out.size(), 3u);
}

TEST(ShinglerTest, ShortTextIsOneShingle) {
  std::vector<uint64_t> out;
  ShingleHashes(Words({1, 2}), 5, &out);
  EXPECT_EQ(out.size(), 1u);
  ShingleHashes(Words({}), 5, &out);
  EXPECT_TRUE(out.empty());
}

TEST(ShinglerTest, OrderMatters) {
  std::vector<uint64_t> a, b;
  ShingleHashes(Words({1, 2, 3}), 3, &a);
  ShingleHashes(Words({3, 2, 1}), 3, &b);
  EXPECT_NE(a, b);
}

TEST(ShinglerTest, EqualWindowsGiveEqualHashes) {
  std::vector<uint64_t> out;
  ShingleHashes(Words({1, 2, 3, 1, 2, 3}), 3, &out);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0], out[3]);
  std::vector<uint32_t> set;
  ShingleSet32(out, &set);
  EXPECT_EQ(set.size(), 3u);
  EXPECT_TRUE(std::is_sorted(set.begin(), set.end()));
}

TEST(ShinglerTest, HashWordsDependsOnBytesAndSeed) {
  std::string text = "alpha beta alpha";
  std::vector<text::Span> words = {{0, 5}, {6, 10}, {11, 16}};
  std::vector<uint64_t> h1, h2;
  HashWords(text, words, 1, &h1);
  HashWords(text, words, 2, &h2);
  EXPECT_EQ(h1[0], h1[2]);
  EXPECT_NE(h1[0], h1[1]);
  EXPECT_NE(h1[0], h2[0]);
}

// The word hash's definition (shingler.h), written out plainly: every path of HashWords
// gives it, for words of 0 to 40 bytes in any mix and at the very end of the text (where
// no 8 bytes can be read past a word's start).
uint64_t ReferenceWordHash(std::string_view word, uint64_t seed) {
  if (word.size() > 8) return XXH3_64bits_withSeed(word.data(), word.size(), seed);
  uint64_t x = 0;
  for (size_t i = 0; i < word.size(); ++i) x |= uint64_t{static_cast<unsigned char>(word[i])} << (8 * i);
  const uint64_t key = common::Mix64(seed ^ (0x776f7264ull + word.size()) * 0x9E3779B97F4A7C15ull);
  return common::Mix64(x ^ key);
}

TEST(ShinglerTest, HashWordsFollowsItsDefinitionOnEveryPath) {
  std::mt19937 rng(3);
  for (int trial = 0; trial < 20; ++trial) {
    std::string text;
    std::vector<text::Span> words;
    const int num_words = 1 + static_cast<int>(rng() % 300);
    for (int i = 0; i < num_words; ++i) {
      const uint32_t length = rng() % 3 == 0 ? rng() % 41 : rng() % 9;
      const uint32_t begin = static_cast<uint32_t>(text.size());
      for (uint32_t k = 0; k < length; ++k) text += static_cast<char>('a' + rng() % 26);
      words.push_back({begin, begin + length});
      if (i + 1 < num_words) text += ' ';  // the last word ends the text
    }
    for (common::SimdLevel simd : {common::SimdLevel::kScalar, common::BestSimd()}) {
      std::vector<uint64_t> hashes;
      HashWords(text, words, 0x5eed, simd, &hashes);
      ASSERT_EQ(hashes.size(), words.size());
      for (size_t i = 0; i < words.size(); ++i) {
        ASSERT_EQ(hashes[i], ReferenceWordHash(std::string_view(text).substr(words[i].begin, words[i].size()), 0x5eed))
            << "trial " << trial << " word " << i;
      }
    }
  }
}

// The containment sample: every path keeps the same values, in order, for power-of-two
// and other moduli, at lengths around the 8-value SIMD step; about 1/mod of them.
TEST(ShinglerTest, SampleShinglesIsTheSameOnEveryPath) {
  std::mt19937 rng(17);
  size_t kept = 0, total = 0;
  for (uint32_t mod : {1u, 2u, 7u, 16u, 64u}) {
    for (size_t length : {0, 1, 7, 8, 9, 100, 1001}) {
      std::vector<uint32_t> shingles(length);
      for (uint32_t& v : shingles) v = static_cast<uint32_t>(rng());
      std::vector<uint32_t> scalar, best, expected;
      for (uint32_t v : shingles) {
        if (common::Mix64(v) % mod == 0) expected.push_back(v);
      }
      SampleShingles(shingles, mod, common::SimdLevel::kScalar, &scalar);
      SampleShingles(shingles, mod, common::BestSimd(), &best);
      ASSERT_EQ(scalar, expected) << mod << " " << length;
      ASSERT_EQ(best, expected) << mod << " " << length;
      if (mod == 16) {
        kept += expected.size();
        total += length;
      }
    }
  }
  EXPECT_NEAR(static_cast<double>(kept) / static_cast<double>(total), 1.0 / 16, 0.02);
}

// Golden values: word and shingle hashes are part of the index format (the shingle sets
// and MinHash signatures are built from them). A change here is a format change: bump
// kIndexFormatVersion (include/doppel/version.h).
TEST(ShinglerGoldenTest, PinnedHashes) {
  const std::string text = "the quick brown fox jumps over the lazy dog";
  std::vector<text::Span> words;
  for (uint32_t begin = 0, i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ' ') {
      words.push_back({begin, i});
      begin = i + 1;
    }
  }
  std::vector<uint64_t> word_hashes, shingles;
  HashWords(text, words, 0x5eed, &word_hashes);
  // These values, and the shingles' below, were computed apart from this code (a Python
  // transcription of the definitions: for a word, Mix64 of its bytes XORed with its
  // length's key; for a window, Mix64 of the XOR of its word hashes, word j rotated left
  // by 17 j bits).
  EXPECT_EQ(word_hashes, Words({0x87385670da299ca2ull, 0x6c7f18a8d27c7ea9ull, 0x5a68ebe568ec4936ull,
                                0x48f83f5274f3ac16ull, 0xb0940375b45cf351ull, 0x0ad0b59b61fc294dull,
                                0x87385670da299ca2ull, 0x0d071dcb0a43a482ull, 0xfd2340fa9b63c8ddull}));
  ShingleHashes(word_hashes, 5, &shingles);
  EXPECT_EQ(shingles, Words({0x39f0a0b18c1f2b35ull, 0x7aad373066165ba8ull, 0x4a44eb44581a161cull,
                             0xfa3093ced9db2d5eull, 0x7ac37e9f3c4edb65ull}));
  ShingleHashes(word_hashes, 3, &shingles);
  EXPECT_EQ(shingles, Words({0x7cf74ae14655c2a2ull, 0xa2552a19477976cbull, 0xe715592d6c88ccdeull,
                             0x204e54674c40c295ull, 0xe746dc8368bc289bull, 0x6cefff1d4c679704ull,
                             0xff94342e2770e342ull}));
  // 9 words in one window (the generic path), and a size above the word count.
  ShingleHashes(word_hashes, 9, &shingles);
  EXPECT_EQ(shingles, Words({0xa2631426f8c84d06ull}));
  ShingleHashes(word_hashes, 12, &shingles);
  EXPECT_EQ(shingles, Words({0xa2631426f8c84d06ull}));
}

// The radix sort against std::sort + unique, on both sides of its size cutoff, with
// repeated values, equal low bits under different high bits, and skewed digits.
TEST(ShinglerTest, SetIsSortedUniqueLow32Bits) {
  std::mt19937_64 rng(7);
  for (size_t n : {0, 1, 2, 31, 63, 64, 65, 100, 520, 5000, 70000}) {
    for (int variant = 0; variant < 3; ++variant) {
      std::vector<uint64_t> hashes(n);
      for (uint64_t& h : hashes) {
        h = rng();
        if (variant == 1) h = (rng() << 32) | (h % 97);  // many repeats of the low bits
        if (variant == 2) h &= 0xFF00FF00FF00FFull;       // digits that are often zero
      }
      std::vector<uint32_t> expected;
      for (uint64_t h : hashes) expected.push_back(static_cast<uint32_t>(h));
      std::sort(expected.begin(), expected.end());
      expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
      std::vector<uint32_t> set = {1, 2, 3};  // overwritten
      ShingleSet32(hashes, &set);
      EXPECT_EQ(set, expected) << "n = " << n << ", variant " << variant;
    }
  }
}

// The SIMD path (chosen at run time) gives the scalar path's hashes, at every shingle size
// and length, including the windows after the last full block of eight.
TEST(ShinglerSimdTest, EveryPathGivesTheScalarHashes) {
  if (common::BestSimd() == common::SimdLevel::kScalar) {
    GTEST_SKIP() << "this CPU (or DOPPEL_SIMD=scalar) has only the scalar path";
  }
  std::mt19937_64 rng(7);
  for (int size = 1; size <= 8; ++size) {
    for (size_t length = 0; length <= 70; ++length) {
      std::vector<uint64_t> word_hashes(length);
      for (uint64_t& h : word_hashes) h = rng();
      std::vector<uint64_t> scalar, simd;
      ShingleHashes(word_hashes, size, common::SimdLevel::kScalar, &scalar);
      ShingleHashes(word_hashes, size, common::BestSimd(), &simd);
      ASSERT_EQ(scalar, simd) << "size " << size << ", " << length << " words";
    }
  }
}

}  // namespace
}  // namespace doppel::shingle
