#include "common/radix_sort.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "common/thread_pool.h"

namespace doppel::common {
namespace {

// What RadixSortByHighBits promises: std::stable_sort by the bits from low_bit up.
std::vector<uint64_t> Reference(std::vector<uint64_t> v, int low_bit) {
  std::stable_sort(v.begin(), v.end(), [low_bit](uint64_t x, uint64_t y) {
    return low_bit >= 64 ? false : (x >> low_bit) < (y >> low_bit);
  });
  return v;
}

// Keys with many repeats (stability shows), keys spanning all 64 bits, and keys whose
// low digits never vary (a skipped pass); sizes on both sides of the parallel threshold;
// with no pool, one thread and three.
TEST(RadixSortTest, SortsStablyByTheHighBitsForAnyThreadCount) {
  std::mt19937_64 rng(5);
  ThreadPool one(1), three(3);
  for (size_t n : {size_t{0}, size_t{1}, size_t{2}, size_t{1000}, size_t{70000}}) {
    for (int low_bit : {0, 13, 32, 63}) {
      for (int shape = 0; shape < 3; ++shape) {
        std::vector<uint64_t> v(n);
        for (size_t i = 0; i < n; ++i) {
          const uint64_t r = rng();
          if (shape == 0) v[i] = (r % 7) << 40 | i;                      // few keys: order by index kept
          if (shape == 1) v[i] = r;                                        // any bits
          if (shape == 2) v[i] = (r & 0xFFFF0000'00000000ull) | (i & 0xFFFF);  // low key digits constant
        }
        const std::vector<uint64_t> want = Reference(v, low_bit);
        for (ThreadPool* pool : {static_cast<ThreadPool*>(nullptr), &one, &three}) {
          std::vector<uint64_t> got = v;
          RadixSortByHighBits(&got, low_bit, pool);
          EXPECT_EQ(got, want) << "n " << n << " low_bit " << low_bit << " shape " << shape;
        }
      }
    }
  }
}

TEST(RadixSortTest, NothingToSortAboveBit63) {
  std::vector<uint64_t> v = {3, 1, 2};
  RadixSortByHighBits(&v, 64, nullptr);
  EXPECT_EQ(v, (std::vector<uint64_t>{3, 1, 2}));
}

}  // namespace
}  // namespace doppel::common
