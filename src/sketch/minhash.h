// One-permutation MinHash with optimal densification.
//
// Each element is hashed once: its hash picks one of k bins and its remaining bits are
// the value kept when smaller than the bin's current minimum ("One Permutation Hashing",
// Li, Owen and Zhang, NIPS 2012). Bins left empty (short documents) borrow the value of
// another bin chosen by a seeded random probe sequence ("Optimal Densification for Fast
// and Accurate Minwise Hashing", Shrivastava, ICML 2017), which keeps
// P[slot equal] = Jaccard. Cost: O(n + k) per set instead of O(n * k) for k independent
// permutations, with the same estimator variance for n >> k.
#pragma once

#include <cstdint>

#include "common/simd.h"
#include "sketch/sketcher.h"

namespace doppel::sketch {

class OnePermutationMinHasher final : public Sketcher {
 public:
  // `simd` picks the code path (tests compare them; every path gives the same signature).
  OnePermutationMinHasher(int num_slots, uint64_t seed, common::SimdLevel simd = common::BestSimd());
  int num_slots() const override { return num_slots_; }
  void Sketch(const uint64_t* hashes, size_t count, uint32_t* out) const override;

 private:
  int num_slots_;
  uint64_t seed_;
  common::SimdLevel simd_;
};

}  // namespace doppel::sketch
