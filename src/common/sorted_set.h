// Operations on sorted, unique vectors used as sets (shingle sets, name and fact atoms).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/ascii_block.h"

namespace doppel::common {

// Below this many values SortUniqueValues32 sorts on the stack with std::sort.
inline constexpr size_t kVectorSortMinValues = 64;

// Sorts data[0, n) ascending in place with Highway's vectorised quicksort (VQSort: AVX-512,
// AVX2 or SSE4, chosen at run time; a sorting network for short ranges). Thread-safe: each
// thread keeps its own sorter. A 566-value shingle set: 0.80 us, against 8 for a 4-pass
// LSD radix sort and 16 for std::sort (src/common/sorted_set.cc).
void VectorSort32(uint32_t* data, size_t n);
void VectorSort64(uint64_t* data, size_t n);  // the same for 64-bit values
// A 128-bit value as two halves: ordered by hi, then lo (a key and a tie-breaking index).
struct alignas(16) Value128 {
  uint64_t lo;
  uint64_t hi;
};
void VectorSort128(Value128* data, size_t n);  // the same for 128-bit values

// The sorted unique set of the 32-bit values get(0), ..., get(n - 1), into `set` (which
// `get` may read: the values are copied out before `set` is written). From
// kVectorSortMinValues values on, VectorSort32 on a per-thread copy (kept up to 1M values;
// larger inputs use a temporary one).
template <typename Get>
void SortUniqueValues32(size_t n, Get get, std::vector<uint32_t>* set) {
  if (n < kVectorSortMinValues) {
    uint32_t small[kVectorSortMinValues];
    for (size_t i = 0; i < n; ++i) small[i] = get(i);
    std::sort(small, small + n);
    set->assign(small, std::unique(small, small + n));
    return;
  }
  constexpr size_t kMaxKept = size_t{1} << 20;
  thread_local std::vector<uint32_t> kept;
  std::vector<uint32_t> large;
  std::vector<uint32_t>& buffer = n <= kMaxKept ? kept : large;
  if (buffer.size() < n) buffer.resize(n);
  uint32_t* values = buffer.data();
  for (size_t i = 0; i < n; ++i) values[i] = get(i);
  VectorSort32(values, n);
  set->resize(n);
  uint32_t* out = set->data();
  size_t unique = 0;
  for (size_t i = 0; i < n; ++i) {
    if (i == 0 || values[i] != values[i - 1]) out[unique++] = values[i];
  }
  set->resize(unique);
}

// Sorts the elements of `v` from index `from` on and drops those repeated among them: a
// sorted unique tail after the elements before it, left as they are (a caller appending
// one list after another to one array).
inline void SortUniqueFrom(std::vector<uint64_t>* v, size_t from) {
  uint64_t* const first = v->data() + from;
  const size_t n = v->size() - from;
  if (n >= kVectorSortMinValues) {
    VectorSort64(first, n);
  } else {
    std::sort(first, first + n);
  }
  v->erase(std::unique(v->begin() + static_cast<std::ptrdiff_t>(from), v->end()), v->end());
}

// Sorts `v` and drops repeated elements: a sorted unique vector.
template <typename T>
void SortUnique(std::vector<T>* v) {
  if constexpr (std::is_same_v<T, uint32_t>) {
    const std::vector<uint32_t>& in = *v;
    SortUniqueValues32(v->size(), [&in](size_t i) { return in[i]; }, v);
  } else if constexpr (std::is_same_v<T, uint64_t>) {
    SortUniqueFrom(v, 0);
  } else {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
}

// Calls on_common(i, j) for every element both sorted unique vectors hold (a[i] == b[j]),
// in ascending order (a merge walk). The keys of parallel arrays: term ids of sparse
// vectors, of inverted lists. The walk advances without branching on which side is
// smaller (unpredictable on hashes and term ids), as CountCommon; only the equality
// branches (BM_MeasurePair, whose sentence similarities and story order walk term lists:
// about 5% faster).
template <typename T, typename OnCommon>
void ForEachCommonIndex(const std::vector<T>& a, const std::vector<T>& b, OnCommon on_common) {
  size_t i = 0, j = 0;
  const size_t na = a.size(), nb = b.size();
  while (i < na && j < nb) {
    const T x = a[i], y = b[j];
    if (x == y) on_common(i, j);
    i += x <= y;
    j += y <= x;
  }
}

// Number of elements both sorted unique vectors hold that satisfy `keep`.
template <typename T, typename Keep>
size_t CountCommonIf(const std::vector<T>& a, const std::vector<T>& b, Keep keep) {
  size_t common = 0;
  ForEachCommonIndex(a, b, [&](size_t i, size_t) { common += keep(a[i]) ? 1 : 0; });
  return common;
}

#if defined(__SSE2__)
namespace internal {

// The common elements of two sorted unique 32-bit arrays counted four against four (SSE2,
// part of every x86-64 CPU, so no run-time dispatch): each block of a is compared with
// each rotation of the current block of b, and the block with the smaller last element
// moves on (both when the last elements are equal). Every common value is counted once,
// in the one pair of blocks that holds it on both sides (Schlegel, Willhalm and Lehner,
// "Fast sorted-set intersection using SIMD instructions", 2011). The hits are counted with
// CountBits16 (a popcount is a library call on x86-64 without -mpopcnt). Returns the count
// and leaves *i, *j where the blocks end, for the scalar walk to finish.
inline size_t CountCommonBlocks32(const uint32_t* a, size_t na, const uint32_t* b, size_t nb, size_t* i,
                                  size_t* j) {
  size_t x = 0, y = 0, common = 0;
  while (x + 4 <= na && y + 4 <= nb) {
    const __m128i va = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a + x));
    const __m128i vb = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + y));
    __m128i hit = _mm_cmpeq_epi32(va, vb);
    hit = _mm_or_si128(hit, _mm_cmpeq_epi32(va, _mm_shuffle_epi32(vb, _MM_SHUFFLE(0, 3, 2, 1))));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi32(va, _mm_shuffle_epi32(vb, _MM_SHUFFLE(1, 0, 3, 2))));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi32(va, _mm_shuffle_epi32(vb, _MM_SHUFFLE(2, 1, 0, 3))));
    common += CountBits16(static_cast<uint32_t>(_mm_movemask_ps(_mm_castsi128_ps(hit))));
    const uint32_t last_a = a[x + 3], last_b = b[y + 3];
    x += last_a <= last_b ? 4 : 0;
    y += last_b <= last_a ? 4 : 0;
  }
  *i = x;
  *j = y;
  return common;
}

}  // namespace internal
#endif

// Number of elements both sorted unique vectors hold. A merge walk without branches on
// the comparisons (which are unpredictable on hashes): about twice as fast as the
// branching walk; 32-bit sets go four against four with SSE2 first (BM_CompareSets, the
// shingle-set comparisons: 11.3 -> 6.9 ms), the scalar walk finishing the tails.
//
// When one set is much smaller (a document's shingles against a 30 MB document's), its
// elements are looked up in the larger one instead, each search starting where the last
// one ended: O(small x log(large)) rather than O(large) (a 29 MB document among 2,000 news
// texts: near mode's match stage 3.2 -> 0.3 s).
template <typename T>
size_t CountCommon(const std::vector<T>& a, const std::vector<T>& b) {
  size_t i = 0, j = 0, common = 0;
  const size_t na = a.size(), nb = b.size();
  if (std::min(na, nb) * 64 < std::max(na, nb)) {
    const std::vector<T>& small = na <= nb ? a : b;
    const std::vector<T>& big = na <= nb ? b : a;
    auto from = big.begin();
    for (const T& x : small) {
      from = std::lower_bound(from, big.end(), x);
      if (from == big.end()) break;
      common += *from == x;
    }
    return common;
  }
#if defined(__SSE2__)
  if constexpr (std::is_same_v<T, uint32_t>) common = internal::CountCommonBlocks32(a.data(), na, b.data(), nb, &i, &j);
#endif
  while (i < na && j < nb) {
    const T x = a[i], y = b[j];
    common += x == y;
    i += x <= y;
    j += y <= x;
  }
  return common;
}

// Whether two sorted unique vectors hold a common element. When one is much smaller (a
// document's terms against a large cluster's union), its elements are looked up in the
// other by binary search; otherwise one merge walk, stopping at the first common element.
template <typename T>
bool AnyCommon(const std::vector<T>& a, const std::vector<T>& b) {
  const std::vector<T>& small = a.size() <= b.size() ? a : b;
  const std::vector<T>& big = a.size() <= b.size() ? b : a;
  if (small.size() * 16 < big.size()) {
    for (const T& x : small) {
      if (std::binary_search(big.begin(), big.end(), x)) return true;
    }
    return false;
  }
  // The merge walk advances without branching on the comparisons (unpredictable), as
  // CountCommon; only the rare equality leaves the loop.
  size_t i = 0, j = 0;
  const size_t ns = small.size(), nb = big.size();
  while (i < ns && j < nb) {
    const T x = small[i], y = big[j];
    if (x == y) return true;
    i += x < y;
    j += y < x;
  }
  return false;
}

}  // namespace doppel::common
