#include "cluster/verify.h"

#include "common/sorted_set.h"

#include <cstddef>

namespace doppel::cluster {

double SetOverlap::jaccard() const {
  const uint64_t uni = static_cast<uint64_t>(size_a) + size_b - intersection;
  return uni ? static_cast<double>(intersection) / uni : 1.0;
}
double SetOverlap::containment_of_a() const {
  return size_a ? static_cast<double>(intersection) / size_a : 0.0;
}
double SetOverlap::containment_of_b() const {
  return size_b ? static_cast<double>(intersection) / size_b : 0.0;
}

SetOverlap CompareSets(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  SetOverlap r;
  r.size_a = static_cast<uint32_t>(a.size());
  r.size_b = static_cast<uint32_t>(b.size());
  r.intersection = static_cast<uint32_t>(common::CountCommon(a, b));
  return r;
}

}  // namespace doppel::cluster
