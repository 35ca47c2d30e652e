// A stable LSD radix sort of 64-bit values by a range of their bits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace doppel::common {

class ThreadPool;

// Sorts `values` by bits [low_bit, 64) (as an unsigned number), stably: values equal in
// those bits keep their order. Digits of 11 bits from low_bit up, each one pass over the
// values into `scratch` and back; a digit that every value shares costs no pass. With a
// pool of two threads or more (and enough values) each pass is split into slices that
// count and scatter in parallel, at offsets fixed by the slices' order: the result is
// the same for any thread count (a stable sort has one result).
void RadixSortByHighBits(std::vector<uint64_t>* values, int low_bit, ThreadPool* pool);

}  // namespace doppel::common
