// Sketches: fixed-size summaries of a set of 64-bit hashes whose slot agreement estimates
// the sets' Jaccard similarity. One interface, so LSH and later an index can take any of
// them (MinHash now; SimHash or weighted sketches later).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace doppel::sketch {

class Sketcher {
 public:
  virtual ~Sketcher() = default;
  // Number of 32-bit slots a signature has.
  virtual int num_slots() const = 0;
  // Writes num_slots() values to `out` for the set of `hashes` (duplicates allowed). An
  // empty set gives a signature of all 0xFFFFFFFF.
  virtual void Sketch(const uint64_t* hashes, size_t count, uint32_t* out) const = 0;
};

// Fraction of equal slots: the Jaccard estimate.
double EstimateJaccard(const uint32_t* a, const uint32_t* b, int num_slots);

}  // namespace doppel::sketch
