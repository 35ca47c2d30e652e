// VectorSort32: Highway's vectorised quicksort (VQSort), compiled here for each x86
// target Highway knows (foreach_target.h) and dispatched at run time; VectorSort64/128:
// libhwy-contrib's hwy::Sorter.
//
// Why VectorSort32 is not hwy::Sorter: Debian 12's Highway (1.0.3) seeds the pivot
// sampler of every sort above its sorting-network size from getrandom(), a system call
// per call (newer Highway seeds once per thread). The scan sorts several small arrays a
// document (its shingle set, its profile's atoms, cleaning's keys), and on a VM a system
// call costs ~1.1 us, more than the sort: a 566-value set took 2.15 us through
// hwy::Sorter and takes 0.80 here; 100 values 1.40 -> 0.14 us. The seed here comes from
// the input (its size and end values) instead. Sorted integers have one order, so the
// seed never changes a result; pivots that sample badly cost time only, and VQSort falls
// back to heapsort after 2 log2(n) + 4 levels, so no input costs more than O(n log n).
// The code below is Highway's own hwy::HWY_NAMESPACE::Sort (vqsort-inl.h) with that
// generator.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "common/sorted_set.cc"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>
#include <hwy/contrib/sort/traits-inl.h>
#include <hwy/contrib/sort/vqsort-inl.h>

#include "common/sorted_set.h"

HWY_BEFORE_NAMESPACE();
namespace doppel::common {
namespace HWY_NAMESPACE {

namespace hn = hwy::HWY_NAMESPACE;

#if VQSORT_ENABLED
// Sorts keys[0, num): Highway's Sort (vqsort-inl.h) with a seeded generator.
template <class Traits, typename T>
void Sort(Traits st, T* HWY_RESTRICT keys, size_t num) {
  if (num < 2) return;  // (the seed reads the first and last keys)
  const hn::SortTag<T> d;
  HWY_ALIGN T buf[hwy::SortConstants::BufNum<T>(HWY_LANES(T))] = {};
  if (hn::detail::HandleSpecialCases(d, st, keys, num)) return;
  const uint64_t seed = (uint64_t{num} * 0x9E3779B97F4A7C15ull) ^ uint64_t{keys[0]} ^ (uint64_t{keys[num - 1]} << 17);
  hn::detail::Generator rng(seed);
  const size_t max_levels = 2 * hwy::CeilLog2(num) + 4;
  hn::detail::Recurse(d, st, keys, keys + num, num, buf, rng, max_levels);
}

void Sort32(uint32_t* keys, size_t num) {
  Sort(hn::detail::SharedTraits<hn::detail::TraitsLane<hn::detail::OrderAscending<uint32_t>>>(), keys, num);
}
#else  // no vector target (HWY_SCALAR, HWY_EMU128)
void Sort32(uint32_t* keys, size_t num) { std::sort(keys, keys + num); }
#endif

// NOLINTNEXTLINE(google-readability-namespace-comments)
}  // namespace HWY_NAMESPACE
}  // namespace doppel::common
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <hwy/contrib/sort/vqsort.h>

namespace doppel::common {

HWY_EXPORT(Sort32);

void VectorSort32(uint32_t* data, size_t n) { HWY_DYNAMIC_DISPATCH(Sort32)(data, n); }

// The 64- and 128-bit sorts are libhwy-contrib's: they sort large arrays (postings), where
// one system call is nothing, and Highway 1.0.3's 64-bit partition compiled here ran 7x
// slower than the library's on this AMD EPYC (100k random keys: 2.87 ms against 0.38).
void VectorSort64(uint64_t* data, size_t n) {
  thread_local hwy::Sorter sorter;  // scratch space: one per thread
  sorter(data, n, hwy::SortAscending());
}

void VectorSort128(Value128* data, size_t n) {
  static_assert(sizeof(Value128) == sizeof(hwy::uint128_t) && alignof(Value128) == alignof(hwy::uint128_t));
  thread_local hwy::Sorter sorter;
  sorter(reinterpret_cast<hwy::uint128_t*>(data), n, hwy::SortAscending());
}

}  // namespace doppel::common
#endif  // HWY_ONCE
