#include "common/sorted_set.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <random>
#include <vector>

namespace doppel::common {
namespace {

std::vector<uint32_t> Reference(std::vector<uint32_t> v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

// Sizes on both sides of the vector sort's threshold, values with many repeats and the
// extremes.
TEST(SortedSetTest, SortUniqueOf32BitValuesMatchesSortThenUnique) {
  std::mt19937 rng(7);
  for (size_t n : {size_t{0}, size_t{1}, size_t{2}, kVectorSortMinValues - 1, kVectorSortMinValues,
                   kVectorSortMinValues + 1, size_t{300}, size_t{5000}, size_t{2000000}}) {
    for (uint32_t range : {3u, 1000u, 0xFFFFFFFFu}) {
      std::vector<uint32_t> v(n);
      for (uint32_t& x : v) x = range == 0xFFFFFFFFu ? rng() : rng() % range;
      if (n >= 2) {
        v[0] = 0;
        v[1] = 0xFFFFFFFFu;
      }
      std::vector<uint32_t> got = v;
      SortUnique(&got);
      EXPECT_EQ(got, Reference(v)) << "n " << n << " range " << range;
    }
  }
}

// The tail from `from` on sorted and unique; the head, unsorted and with a value the tail
// repeats, left exactly as it was.
TEST(SortedSetTest, SortUniqueFromLeavesTheHeadAlone) {
  std::mt19937_64 rng(3);
  for (size_t tail : {size_t{0}, size_t{1}, kVectorSortMinValues - 1, kVectorSortMinValues, size_t{5000}}) {
    const std::vector<uint64_t> head = {9, 3, 9, 1};
    std::vector<uint64_t> v = head;
    std::vector<uint64_t> rest(tail);
    for (uint64_t& x : rest) x = rng() % 50;
    if (tail > 0) rest[0] = 3;
    v.insert(v.end(), rest.begin(), rest.end());
    SortUniqueFrom(&v, head.size());
    std::sort(rest.begin(), rest.end());
    rest.erase(std::unique(rest.begin(), rest.end()), rest.end());
    std::vector<uint64_t> expected = head;
    expected.insert(expected.end(), rest.begin(), rest.end());
    EXPECT_EQ(v, expected) << "tail " << tail;
  }
}

TEST(SortedSetTest, SortUniqueValues32ReadsThroughTheAccessor) {
  std::mt19937_64 rng(11);
  std::vector<uint64_t> wide(1000);
  for (uint64_t& x : wide) x = rng() % 5000 | (rng() << 32);  // high halves differ
  std::vector<uint32_t> low(wide.size());
  std::transform(wide.begin(), wide.end(), low.begin(), [](uint64_t x) { return static_cast<uint32_t>(x); });
  std::vector<uint32_t> got = {42};  // replaced, not appended to
  SortUniqueValues32(wide.size(), [&](size_t i) { return static_cast<uint32_t>(wide[i]); }, &got);
  EXPECT_EQ(got, Reference(low));
}

// 64-bit values on both sides of the vector sort's threshold, with repeats, both halves
// varying, and the extremes; VectorSort64 alone (no unique) as std::sort.
TEST(SortedSetTest, SortUniqueOf64BitValuesMatchesSortThenUnique) {
  std::mt19937_64 rng(5);
  for (size_t n : {size_t{0}, size_t{1}, kVectorSortMinValues - 1, kVectorSortMinValues, size_t{1000},
                   size_t{300000}}) {
    for (uint64_t range : {uint64_t{7}, uint64_t{1} << 40, ~uint64_t{0}}) {
      std::vector<uint64_t> v(n);
      for (uint64_t& x : v) x = range == ~uint64_t{0} ? rng() : rng() % range;
      if (n >= 2) {
        v[0] = 0;
        v[1] = ~uint64_t{0};
      }
      std::vector<uint64_t> sorted = v;
      std::sort(sorted.begin(), sorted.end());
      std::vector<uint64_t> got = v;
      VectorSort64(got.data(), got.size());
      EXPECT_EQ(got, sorted) << "n " << n;
      got = v;
      SortUnique(&got);
      sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
      EXPECT_EQ(got, sorted) << "n " << n;
    }
  }
}

// VectorSort128 orders by hi, then lo, as std::sort on the (hi, lo) pairs would; repeated
// keys (hi) with different tie-breakers (lo), and whole repeats, in any size.
TEST(SortedSetTest, VectorSort128OrdersByHighThenLow) {
  std::mt19937_64 rng(13);
  for (size_t n : {size_t{0}, size_t{1}, size_t{2}, size_t{17}, size_t{1000}, size_t{100000}}) {
    std::vector<Value128> v(n);
    for (size_t i = 0; i < n; ++i) v[i] = {rng() % 5, i % 3 == 0 ? rng() % 50 : rng()};
    std::vector<std::pair<uint64_t, uint64_t>> expected;
    for (const Value128& x : v) expected.push_back({x.hi, x.lo});
    std::sort(expected.begin(), expected.end());
    VectorSort128(v.data(), v.size());
    ASSERT_EQ(v.size(), expected.size());
    for (size_t i = 0; i < n; ++i) {
      EXPECT_EQ(v[i].hi, expected[i].first) << i;
      EXPECT_EQ(v[i].lo, expected[i].second) << i;
    }
  }
}

TEST(SortedSetTest, SortUniqueOfOtherTypes) {
  std::vector<uint64_t> v = {5, 1, 5, 0xFFFFFFFFFFull, 1};
  SortUnique(&v);
  EXPECT_EQ(v, (std::vector<uint64_t>{1, 5, 0xFFFFFFFFFFull}));
}

TEST(SortedSetTest, CommonElementsAgreeWithSetIntersection) {
  std::mt19937 rng(3);
  for (int round = 0; round < 50; ++round) {
    std::vector<uint32_t> a(rng() % 200), b(rng() % 200);
    for (uint32_t& x : a) x = rng() % 300;
    for (uint32_t& x : b) x = rng() % 300;
    a = Reference(a);
    b = Reference(b);
    std::vector<uint32_t> both;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
    EXPECT_EQ(CountCommon(a, b), both.size());
    EXPECT_EQ(CountCommon(b, a), both.size());
    EXPECT_EQ(CountCommonIf(a, b, [](uint32_t x) { return x % 2 == 0; }),
              static_cast<size_t>(std::count_if(both.begin(), both.end(), [](uint32_t x) { return x % 2 == 0; })));
    std::vector<uint32_t> walked;
    ForEachCommonIndex(a, b, [&](size_t i, size_t j) {
      EXPECT_EQ(a[i], b[j]);
      walked.push_back(a[i]);
    });
    EXPECT_EQ(walked, both);
    EXPECT_EQ(AnyCommon(a, b), !both.empty());
    EXPECT_EQ(AnyCommon(b, a), !both.empty());
  }
}

// A set much smaller than the other is counted by lookups (CountCommon's second path):
// the same counts as the merge, including values past the large set's end and repeats of
// its first and last values.
TEST(SortedSetTest, CountCommonOfVeryDifferentSizes) {
  std::mt19937 rng(9);
  for (int round = 0; round < 40; ++round) {
    std::vector<uint32_t> big(5000 + rng() % 20000), small(rng() % 60);
    for (uint32_t& x : big) x = rng() % 100000;
    for (uint32_t& x : small) x = rng() % 120000;  // some past the big set's values
    big = Reference(big);
    if (round % 4 == 0 && !small.empty()) small[0] = big.front();
    if (round % 4 == 1 && !small.empty()) small[0] = big.back();
    small = Reference(small);
    ASSERT_LT(small.size() * 64, big.size());
    std::vector<uint32_t> both;
    std::set_intersection(small.begin(), small.end(), big.begin(), big.end(), std::back_inserter(both));
    EXPECT_EQ(CountCommon(small, big), both.size());
    EXPECT_EQ(CountCommon(big, small), both.size());
  }
}

// CountCommon's four-against-four blocks: values at both ends of the unsigned range
// (signed lanes must not reorder them), sets whose lengths are not multiples of four, and
// runs of equal last elements.
TEST(SortedSetTest, CountCommonAtTheEdgesOfTheRange) {
  const std::vector<uint32_t> a = {0, 1, 2, 0x7FFFFFFFu, 0x80000000u, 0x80000001u, 0xFFFFFFFEu, 0xFFFFFFFFu};
  const std::vector<uint32_t> b = {0, 2, 3, 0x7FFFFFFFu, 0x80000001u, 0xFFFFFFFFu};
  EXPECT_EQ(CountCommon(a, b), 5u);
  EXPECT_EQ(CountCommon(b, a), 5u);
  EXPECT_EQ(CountCommon(a, a), a.size());
  std::vector<uint32_t> evens, threes;
  for (uint32_t x = 0; x < 1000; x += 2) evens.push_back(x);
  for (uint32_t x = 0; x < 1000; x += 3) threes.push_back(x);
  EXPECT_EQ(CountCommon(evens, threes), 167u);  // multiples of 6 below 1000
  EXPECT_EQ(CountCommon(threes, evens), 167u);
  EXPECT_EQ(CountCommon(evens, std::vector<uint32_t>{}), 0u);
}

// A small set against a much larger one takes the binary-search path.
TEST(SortedSetTest, AnyCommonOfASmallAndALargeSet) {
  std::vector<uint32_t> big(1000);
  for (uint32_t i = 0; i < big.size(); ++i) big[i] = 2 * i;
  EXPECT_TRUE(AnyCommon(std::vector<uint32_t>{7, 1998}, big));
  EXPECT_FALSE(AnyCommon(big, std::vector<uint32_t>{7, 1999, 2001}));
  EXPECT_FALSE(AnyCommon(std::vector<uint32_t>{}, big));
}

}  // namespace
}  // namespace doppel::common
