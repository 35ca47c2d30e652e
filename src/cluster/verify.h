// Exact verification of a candidate pair from its shingle sets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace doppel::cluster {

struct SetOverlap {
  uint32_t size_a = 0;
  uint32_t size_b = 0;
  uint32_t intersection = 0;
  double jaccard() const;
  // |A ∩ B| / |A| and |A ∩ B| / |B|.
  double containment_of_a() const;
  double containment_of_b() const;
};

// Both inputs sorted and unique.
SetOverlap CompareSets(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b);

}  // namespace doppel::cluster
