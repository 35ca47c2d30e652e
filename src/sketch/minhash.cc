#include "sketch/minhash.h"

#include <algorithm>

#include "common/hash.h"
#include "common/simd.h"

namespace doppel::sketch {

double EstimateJaccard(const uint32_t* a, const uint32_t* b, int num_slots) {
  int equal = 0;
  for (int i = 0; i < num_slots; ++i) equal += a[i] == b[i];
  return num_slots > 0 ? static_cast<double>(equal) / num_slots : 0.0;
}

namespace {

constexpr uint32_t kEmpty = 0xFFFFFFFFu;

// Bin from the high bits by multiply-shift (unbiased for any k), value from the low 32
// bits (capped below kEmpty so a filled bin is never mistaken for an empty one).
void Add(const uint64_t* hashes, size_t count, uint64_t seed, uint64_t k, uint32_t* out) {
  for (size_t i = 0; i < count; ++i) {
    const uint64_t h = common::Mix64(hashes[i] ^ seed);
    const uint32_t bin = static_cast<uint32_t>(((h >> 32) * k) >> 32);  // < 2^64: k < 2^32
    uint32_t value = static_cast<uint32_t>(h);
    if (value == kEmpty) value = kEmpty - 1;
    // No branch: early in a set about half of the updates win, so a branch mispredicts
    // (BM_MinHashSketch/100 3.45 -> 1.05 ms; an AVX-512 form of this loop, mixing eight
    // hashes at a time, was no faster than this).
    out[bin] = std::min(out[bin], value);
  }
}

#ifdef DOPPEL_HAVE_AVX512_PATH
// Add with the hashes, bins and values of eight elements at a time computed in vector
// lanes (vpmullq), the minima then updated one by one: BM_MinHashSketch/100 1.33 -> 0.80
// ms. (The scalar loop's three 64-bit multiplies an element were its cost, not the
// updates: four interleaved sets of bins, against updates of one bin in flight, changed
// nothing.)
DOPPEL_TARGET_AVX512 void AddAvx512(const uint64_t* hashes, size_t count, uint64_t seed, uint64_t k, uint32_t* out) {
  const __m512i seed8 = _mm512_set1_epi64(static_cast<long long>(seed));
  const __m512i k8 = _mm512_set1_epi64(static_cast<long long>(k));
  const __m256i empty8 = _mm256_set1_epi32(static_cast<int>(kEmpty));
  const __m256i below8 = _mm256_set1_epi32(static_cast<int>(kEmpty - 1));
  size_t i = 0;
  alignas(32) uint32_t bins[8], values[8];
  for (; i + 8 <= count; i += 8) {
    const __m512i h = common::Mix64x8(_mm512_xor_si512(_mm512_loadu_si512(hashes + i), seed8));
    // (Zero-masked forms: GCC 12 warns on the ones that merge into an undefined register,
    // bug 105593.)
    const __m512i bin = _mm512_maskz_srli_epi64(0xFF, _mm512_maskz_mul_epu32(0xFF, _mm512_maskz_srli_epi64(0xFF, h, 32), k8), 32);
    __m256i value = _mm512_maskz_cvtepi64_epi32(0xFF, h);
    value = _mm256_mask_blend_epi32(_mm256_cmpeq_epi32_mask(value, empty8), value, below8);
    _mm256_store_si256(reinterpret_cast<__m256i*>(bins), _mm512_maskz_cvtepi64_epi32(0xFF, bin));
    _mm256_store_si256(reinterpret_cast<__m256i*>(values), value);
    for (int j = 0; j < 8; ++j) out[bins[j]] = std::min(out[bins[j]], values[j]);
  }
  Add(hashes + i, count - i, seed, k, out);
}
#endif

}  // namespace

OnePermutationMinHasher::OnePermutationMinHasher(int num_slots, uint64_t seed, common::SimdLevel simd)
    : num_slots_(num_slots), seed_(seed), simd_(simd) {}

void OnePermutationMinHasher::Sketch(const uint64_t* hashes, size_t count, uint32_t* out) const {
  const uint64_t k = static_cast<uint64_t>(num_slots_);
  for (int i = 0; i < num_slots_; ++i) out[i] = kEmpty;
#ifdef DOPPEL_HAVE_AVX512_PATH
  if (simd_ == common::SimdLevel::kAvx512) {
    AddAvx512(hashes, count, seed_, k, out);
  } else
#endif
  {
    Add(hashes, count, seed_, k, out);
  }
  if (count == 0) return;
  // Optimal densification: an empty bin i takes the value of the first non-empty bin in
  // the probe sequence hash(i, attempt) mod k. The probe depends only on (seed, i,
  // attempt), so two sets with equal bins borrow equally.
  bool any_empty = false;
  for (int i = 0; i < num_slots_; ++i) any_empty |= out[i] == kEmpty;
  if (!any_empty) return;
  // Work on a copy so borrowed values are never borrowed again (they must come from
  // originally filled bins).
  uint32_t filled[1024];
  uint32_t* src = num_slots_ <= 1024 ? filled : new uint32_t[num_slots_];
  for (int i = 0; i < num_slots_; ++i) src[i] = out[i];
  for (int i = 0; i < num_slots_; ++i) {
    if (src[i] != kEmpty) continue;
    for (uint64_t attempt = 1;; ++attempt) {
      const uint64_t probe = common::Mix64(seed_ ^ (static_cast<uint64_t>(i) << 32) ^ attempt);
      const uint32_t j = static_cast<uint32_t>((static_cast<unsigned __int128>(probe >> 32) * k) >> 32);
      if (src[j] != kEmpty) {
        out[i] = src[j];
        break;
      }
    }
  }
  if (src != filled) delete[] src;
}

}  // namespace doppel::sketch
