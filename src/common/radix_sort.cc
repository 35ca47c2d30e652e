#include "common/radix_sort.h"

#include <algorithm>
#include <array>

#include "common/thread_pool.h"

namespace doppel::common {
namespace {

constexpr int kDigitBits = 11;
constexpr size_t kBuckets = size_t{1} << kDigitBits;
// Below this many values a pass runs on the calling thread (the slices' histograms would
// cost more than they save).
constexpr size_t kMinParallelValues = size_t{1} << 16;

}  // namespace

void RadixSortByHighBits(std::vector<uint64_t>* values, int low_bit, ThreadPool* pool) {
  const size_t n = values->size();
  if (n < 2 || low_bit >= 64) return;
  // The bits that vary: a digit range that holds none of them is skipped.
  uint64_t any = 0, all = ~uint64_t{0};
  for (const uint64_t v : *values) {
    any |= v;
    all &= v;
  }
  const uint64_t varying = (any ^ all) >> low_bit;
  if (varying == 0) return;
  const size_t num_slices =
      pool != nullptr && pool->num_threads() > 1 && n >= kMinParallelValues ? 4 * static_cast<size_t>(pool->num_threads())
                                                                             : 1;
  std::vector<uint64_t> scratch(n);
  std::vector<std::array<size_t, kBuckets>> offsets(num_slices);
  uint64_t* from = values->data();
  uint64_t* to = scratch.data();
  for (int shift = 0; shift < 64 - low_bit; shift += kDigitBits) {
    if (((varying >> shift) & (kBuckets - 1)) == 0) continue;
    const int bit = low_bit + shift;
    auto digit = [bit](uint64_t v) { return static_cast<size_t>((v >> bit) & (kBuckets - 1)); };
    auto slice_begin = [n, num_slices](size_t s) { return n * s / num_slices; };
    auto count = [&](size_t first, size_t last) {
      for (size_t s = first; s < last; ++s) {
        std::array<size_t, kBuckets>& c = offsets[s];
        c.fill(0);
        for (size_t i = slice_begin(s); i < slice_begin(s + 1); ++i) ++c[digit(from[i])];
      }
    };
    // Bucket-major, then slice: slice s's values of bucket b land after those of the
    // slices before it, which keeps the pass stable.
    auto place = [&] {
      size_t sum = 0;
      for (size_t b = 0; b < kBuckets; ++b) {
        for (size_t s = 0; s < num_slices; ++s) {
          const size_t c = offsets[s][b];
          offsets[s][b] = sum;
          sum += c;
        }
      }
    };
    auto scatter = [&](size_t first, size_t last) {
      for (size_t s = first; s < last; ++s) {
        // A copy of the slice's offsets, and local pointers: through the references the
        // compiler reloaded them after every store (any of them may alias `to`).
        std::array<size_t, kBuckets> at = offsets[s];
        const uint64_t* const src = from;
        uint64_t* const dst = to;
        for (size_t i = slice_begin(s), end = slice_begin(s + 1); i < end; ++i) {
          const uint64_t v = src[i];
          dst[at[digit(v)]++] = v;
        }
      }
    };
    if (num_slices > 1) {
      pool->ParallelFor(num_slices, 1, count);
      place();
      pool->ParallelFor(num_slices, 1, scatter);
    } else {
      count(0, 1);
      place();
      scatter(0, 1);
    }
    std::swap(from, to);
  }
  if (from != values->data()) values->swap(scratch);
}

}  // namespace doppel::common
