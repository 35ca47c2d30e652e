#include "common/sorted_set.h"

#include <hwy/contrib/sort/vqsort.h>

namespace doppel::common {

void VectorSort32(uint32_t* data, size_t n) {
  // A Sorter holds scratch space and is not to be shared between threads.
  thread_local hwy::Sorter sorter;
  sorter(data, n, hwy::SortAscending());
}

void VectorSort64(uint64_t* data, size_t n) {
  thread_local hwy::Sorter sorter;
  sorter(data, n, hwy::SortAscending());
}

void VectorSort128(Value128* data, size_t n) {
  static_assert(sizeof(Value128) == sizeof(hwy::uint128_t) && alignof(Value128) == alignof(hwy::uint128_t));
  thread_local hwy::Sorter sorter;
  sorter(reinterpret_cast<hwy::uint128_t*>(data), n, hwy::SortAscending());
}

}  // namespace doppel::common
