#include "shingle/shingler.h"

#include <algorithm>

#include "common/hash.h"
#include "common/sorted_set.h"

namespace doppel::shingle {
// XXH3 takes one of three branches for inputs of 1-3, 4-8 and 9-16 bytes; on words of
// mixed lengths those branches mispredict (4.8 ns a word against 3.6 ns with one length
// class). So the words are grouped by class first and each group goes through its
// branch's function in a loop of its own: the same values (xxhash 0.8's XXH3_len_*
// functions are what XXH3_64bits_withSeed calls for those lengths; the golden test pins
// the values). Other xxhash versions, and longer words, take XXH3_64bits_withSeed.
void HashWords(std::string_view text, const std::vector<text::Span>& words, uint64_t seed,
               std::vector<uint64_t>* word_hashes) {
  const size_t n = words.size();
  word_hashes->resize(n);
  uint64_t* const out = word_hashes->data();
#if XXH_VERSION_MAJOR == 0 && XXH_VERSION_MINOR == 8
  // Class by length: 0 for 1-3 bytes, 1 for 4-8, 2 for 9-16, 3 otherwise.
  static constexpr uint8_t kClassOf[18] = {3, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3};
  thread_local std::vector<uint32_t> group[4];
  for (std::vector<uint32_t>& g : group) {
    if (g.size() < n) g.resize(n);  // room for every word; count[c] of them used
  }
  uint32_t count[4] = {0, 0, 0, 0};
  for (size_t i = 0; i < n; ++i) {
    const uint8_t c = kClassOf[std::min<uint32_t>(words[i].end - words[i].begin, 17)];
    group[c][count[c]++] = static_cast<uint32_t>(i);
  }
  const auto* bytes = reinterpret_cast<const xxh_u8*>(text.data());
  for (uint32_t k = 0; k < count[0]; ++k) {
    const text::Span w = words[group[0][k]];
    out[group[0][k]] = XXH3_len_1to3_64b(bytes + w.begin, w.end - w.begin, XXH3_kSecret, seed);
  }
  for (uint32_t k = 0; k < count[1]; ++k) {
    const text::Span w = words[group[1][k]];
    out[group[1][k]] = XXH3_len_4to8_64b(bytes + w.begin, w.end - w.begin, XXH3_kSecret, seed);
  }
  for (uint32_t k = 0; k < count[2]; ++k) {
    const text::Span w = words[group[2][k]];
    out[group[2][k]] = XXH3_len_9to16_64b(bytes + w.begin, w.end - w.begin, XXH3_kSecret, seed);
  }
  for (uint32_t k = 0; k < count[3]; ++k) {
    const text::Span w = words[group[3][k]];
    out[group[3][k]] = common::Hash64(text.substr(w.begin, w.end - w.begin), seed);
  }
  // A huge document must not pin its size in every thread.
  constexpr size_t kMaxKept = size_t{1} << 20;
  if (n > kMaxKept) {
    for (std::vector<uint32_t>& g : group) std::vector<uint32_t>().swap(g);
  }
#else
  for (size_t i = 0; i < n; ++i) {
    out[i] = common::Hash64(text.substr(words[i].begin, words[i].end - words[i].begin), seed);
  }
#endif
}

namespace {

// A window's hash: the XOR of its word hashes, word j rotated left by 17 j bits (so the
// order counts: word hashes are XXH3 values, and a word repeated within a window lands
// rotated differently), through Mix64 for the avalanche that sampling and MinHash read.
// No multiply but Mix64's two a window: the chain of Combine64 (three multiplies a word)
// made this a twentieth of a near-duplicate scan.
constexpr unsigned kRotateStep = 17;

inline uint64_t RotateLeft(uint64_t x, unsigned r) {
  r &= 63;
  return r == 0 ? x : (x << r) | (x >> (64 - r));
}

// The shingle hashes of every window of K words (K known at compile time for the usual
// sizes, so the loop over a window is unrolled).
template <size_t K>
void CombineWindows(const uint64_t* words, size_t num_windows, uint64_t* out) {
  for (size_t start = 0; start < num_windows; ++start) {
    uint64_t h = words[start];
    for (size_t j = 1; j < K; ++j) h ^= RotateLeft(words[start + j], static_cast<unsigned>(kRotateStep * j));
    out[start] = common::Mix64(h);
  }
}

void CombineWindows(const uint64_t* words, size_t num_windows, size_t k, uint64_t* out) {
  for (size_t start = 0; start < num_windows; ++start) {
    uint64_t h = words[start];
    for (size_t j = 1; j < k; ++j) h ^= RotateLeft(words[start + j], static_cast<unsigned>(kRotateStep * j));
    out[start] = common::Mix64(h);
  }
}

#ifdef DOPPEL_HAVE_AVX512_PATH
// Eight windows at a time (vprolvq rotates eight lanes; Mix64's multiplies are vpmullq).
// The last windows go through the scalar loop.
template <size_t K>
DOPPEL_TARGET_AVX512 void CombineWindowsAvx512(const uint64_t* words, size_t num_windows, uint64_t* out) {
  size_t start = 0;
  for (; start + 8 <= num_windows; start += 8) {
    __m512i h = _mm512_loadu_si512(words + start);
    for (size_t j = 1; j < K; ++j) {
      const __m512i rotation = _mm512_set1_epi64(static_cast<long long>((kRotateStep * j) & 63));
      // The zero-masked form: GCC 12 warns (bug 105593) on the one that merges into an
      // undefined register.
      h = _mm512_xor_si512(h, _mm512_maskz_rolv_epi64(0xFF, _mm512_loadu_si512(words + start + j), rotation));
    }
    _mm512_storeu_si512(out + start, common::Mix64x8(h));
  }
  CombineWindows<K>(words + start, num_windows - start, out + start);
}
#endif

}  // namespace

void ShingleHashes(const std::vector<uint64_t>& word_hashes, int size,
                   std::vector<uint64_t>* shingle_hashes) {
  ShingleHashes(word_hashes, size, common::BestSimd(), shingle_hashes);
}

void ShingleHashes(const std::vector<uint64_t>& word_hashes, int size, common::SimdLevel simd,
                   std::vector<uint64_t>* shingle_hashes) {
  const size_t n = word_hashes.size();
  if (n == 0) {
    shingle_hashes->clear();
    return;
  }
  const size_t k = std::min<size_t>(static_cast<size_t>(std::max(size, 1)), n);
  const size_t num_windows = n - k + 1;
  shingle_hashes->resize(num_windows);
  const uint64_t* words = word_hashes.data();
  uint64_t* out = shingle_hashes->data();
#ifndef DOPPEL_HAVE_AVX512_PATH
  (void)simd;
#else
  if (simd == common::SimdLevel::kAvx512) {
    switch (k) {
      case 3: CombineWindowsAvx512<3>(words, num_windows, out); return;
      case 4: CombineWindowsAvx512<4>(words, num_windows, out); return;
      case 5: CombineWindowsAvx512<5>(words, num_windows, out); return;
      case 6: CombineWindowsAvx512<6>(words, num_windows, out); return;
      default: break;  // other sizes: the scalar loop
    }
  }
#endif
  switch (k) {
    case 3: CombineWindows<3>(words, num_windows, out); break;
    case 4: CombineWindows<4>(words, num_windows, out); break;
    case 5: CombineWindows<5>(words, num_windows, out); break;
    case 6: CombineWindows<6>(words, num_windows, out); break;
    default: CombineWindows(words, num_windows, k, out); break;
  }
}

// LSD radix sort of the low 32 bits, four passes of 8 bits (256-entry histograms stay in
// L1; at ~500 shingles a document it is ~7x faster than std::sort, which was a fifth of
// preparation without cleaning), then the unique values are copied out. Short inputs,
// where the histograms would cost more than the elements, use std::sort.
void ShingleSet32(const std::vector<uint64_t>& shingle_hashes, std::vector<uint32_t>* set) {
  const uint64_t* const hashes = shingle_hashes.data();
  common::SortUniqueValues32(shingle_hashes.size(), [hashes](size_t i) { return static_cast<uint32_t>(hashes[i]); },
                             set);
}

void SortShingleSet32(std::vector<uint32_t>* low_bits) { common::SortUnique(low_bits); }

namespace {

// x % mod == 0 without a 64-bit division (~40 cycles) when mod is a power of two, as the
// default 16 is.
bool Sampled(uint32_t value, uint32_t mod) {
  const uint64_t h = common::Mix64(value);
  return (mod & (mod - 1)) == 0 ? (h & (mod - 1)) == 0 : h % mod == 0;
}

#ifdef DOPPEL_HAVE_AVX512_PATH
// Eight values a step: mixed in 64-bit lanes, tested against the mask, the kept ones
// compressed out. For a power-of-two mod only.
DOPPEL_TARGET_AVX512 size_t SampleAvx512(const uint32_t* values, size_t n, uint32_t mod, uint32_t* out) {
  const __m512i low_bits = _mm512_set1_epi64(static_cast<long long>(mod - 1));
  size_t kept = 0, i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(values + i));
    // (The zero-masked widening: GCC 12 warns on the merge into an undefined register.)
    const __m512i h = common::Mix64x8(_mm512_maskz_cvtepu32_epi64(0xFF, v));
    const __mmask8 keep = _mm512_testn_epi64_mask(h, low_bits);  // (h & (mod - 1)) == 0
    _mm256_mask_compressstoreu_epi32(out + kept, keep, v);
    kept += static_cast<size_t>(__builtin_popcount(keep));
  }
  for (; i < n; ++i) {
    if (Sampled(values[i], mod)) out[kept++] = values[i];
  }
  return kept;
}
#endif

}  // namespace

void SampleShingles(const std::vector<uint32_t>& shingles, uint32_t mod, std::vector<uint32_t>* sample) {
  SampleShingles(shingles, mod, common::BestSimd(), sample);
}

void SampleShingles(const std::vector<uint32_t>& shingles, uint32_t mod, common::SimdLevel simd,
                    std::vector<uint32_t>* sample) {
  sample->clear();
#ifdef DOPPEL_HAVE_AVX512_PATH
  if (simd == common::SimdLevel::kAvx512 && mod != 0 && (mod & (mod - 1)) == 0) {
    sample->resize(shingles.size());
    sample->resize(SampleAvx512(shingles.data(), shingles.size(), mod, sample->data()));
    return;
  }
#else
  (void)simd;
#endif
  for (uint32_t value : shingles) {
    if (Sampled(value, mod)) sample->push_back(value);
  }
}

}  // namespace doppel::shingle
