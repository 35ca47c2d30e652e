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

// HashWords groups words by length before hashing them: each word still gets the XXH3 of
// its own bytes, whatever the mix of lengths (0 to 40 bytes) around it.
TEST(ShinglerTest, HashWordsIsXxh3OfEachWord) {
  std::mt19937 rng(3);
  std::string text;
  std::vector<text::Span> words;
  for (int i = 0; i < 2000; ++i) {
    const uint32_t length = rng() % 41;
    const uint32_t begin = static_cast<uint32_t>(text.size());
    for (uint32_t k = 0; k < length; ++k) text += static_cast<char>('a' + rng() % 26);
    words.push_back({begin, begin + length});
    text += ' ';
  }
  std::vector<uint64_t> hashes;
  HashWords(text, words, 0x5eed, &hashes);
  ASSERT_EQ(hashes.size(), words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    ASSERT_EQ(hashes[i], XXH3_64bits_withSeed(text.data() + words[i].begin, words[i].end - words[i].begin, 0x5eed))
        << i;
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
// and MinHash signatures are built from them). A change here is a format change.
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
  EXPECT_EQ(word_hashes, Words({0x216d7e25148a37b2ull, 0x84d34d13dcc747feull, 0x19dc12c6e613a4feull,
                                0xe164fddc4f79b13full, 0x26473abcadafd13dull, 0x1d72db5604d318d0ull,
                                0x216d7e25148a37b2ull, 0xa96763dc768b2a69ull, 0x567b927f8c317a36ull}));
  // The shingle values below were computed apart from this code (a Python transcription
  // of the definition: Mix64 of the XOR of the window's word hashes, word j rotated left
  // by 17 j bits).
  ShingleHashes(word_hashes, 5, &shingles);
  EXPECT_EQ(shingles, Words({0xe28f83cd6e0cb795ull, 0x7bdca19595e0b435ull, 0x97c218e8b151c6b8ull,
                             0x4271c2d4e057b985ull, 0xca6809c23001fea7ull}));
  ShingleHashes(word_hashes, 3, &shingles);
  EXPECT_EQ(shingles, Words({0x9667a15205998064ull, 0x7cddb142afa12366ull, 0x506b0c3ae706656cull,
                             0x93cef3fc72ebc61bull, 0x7413190815f98adcull, 0x573fc1dd517a94e9ull,
                             0xb40d99a1f9b1009aull}));
  // 9 words in one window (the generic path), and a size above the word count.
  ShingleHashes(word_hashes, 9, &shingles);
  EXPECT_EQ(shingles, Words({0xfff0b75b88403539ull}));
  ShingleHashes(word_hashes, 12, &shingles);
  EXPECT_EQ(shingles, Words({0xfff0b75b88403539ull}));
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
