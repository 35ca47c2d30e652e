#include "shingle/shingler.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace doppel::shingle
