#include "shingle/shingler.h"

#include <algorithm>
#include <bit>

#include "common/ascii_block.h"
#include "common/hash.h"
#include "common/sorted_set.h"

namespace doppel::shingle {
namespace {

// Per length 0..8, the value a word of that length is XORed with before Mix64: the seed
// and the length mixed (so words that differ only in trailing zero bytes, or in the seed,
// differ).
struct ShortWordKeys {
  alignas(64) uint64_t of_length[8];
  uint64_t of_8;
  explicit ShortWordKeys(uint64_t seed) {
    for (uint64_t length = 0; length < 8; ++length) of_length[length] = Key(seed, length);
    of_8 = Key(seed, 8);
  }
  uint64_t operator[](size_t length) const { return length < 8 ? of_length[length] : of_8; }
  static uint64_t Key(uint64_t seed, uint64_t length) {
    return common::Mix64(seed ^ (0x776f7264ull + length) * common::kCombineMultiplier);
  }
};

// The definition (shingler.h).
inline uint64_t HashWord(std::string_view text, const text::Span& w, uint64_t seed, const ShortWordKeys& keys) {
  const uint32_t length = w.end - w.begin;
  if (length > 8) return common::Hash64(text.substr(w.begin, length), seed);
  return common::Mix64(common::LoadUpTo8(text, w.begin, length) ^ keys[length]);
}

#ifdef DOPPEL_HAVE_AVX512_PATH
// (The zero-masked forms of the intrinsics throughout: GCC 12 warns, bug 105593, on the
// forms that merge into an undefined register.)
// Eight words a step: their first 8 bytes gathered, masked to their lengths (all-ones
// shifted left by 8 * length, inverted: a shift of 64 gives 0, so 8-byte words keep all
// their bytes), XORed with their lengths' keys and mixed in 64-bit lanes. The words longer
// than 8 bytes of a step are then hashed one by one; the words within 8 bytes of the
// text's end go through the scalar path (the gather reads 8 bytes from each word's start).
DOPPEL_TARGET_AVX512 size_t HashWordsAvx512(std::string_view text, const text::Span* words, size_t n, uint64_t seed,
                                            const ShortWordKeys& keys, uint64_t* out) {
  static_assert(sizeof(text::Span) == 8);
  const __m512i key_table = _mm512_load_si512(keys.of_length);  // lengths 0..7
  const __m512i key_of_8 = _mm512_set1_epi64(static_cast<long long>(keys.of_8));
  const __m512i eight = _mm512_set1_epi64(8);
  const __m512i all_ones = _mm512_set1_epi64(-1);
  const __m512i low_half = _mm512_set1_epi64(0xFFFFFFFF);
  const auto* base = reinterpret_cast<const long long*>(text.data());
  // The gather's indices are signed 32-bit: a text of 2 GiB or more takes the scalar path.
  if (text.size() >= (size_t{1} << 31)) return 0;
  const __m512i last_start = _mm512_set1_epi64(static_cast<long long>(text.size()) - 8);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m512i spans = _mm512_loadu_si512(words + i);  // begin in the low half, end in the high
    // Eight bytes readable from every start (the spans need not be in order).
    if (text.size() < 8 ||
        _mm512_cmpgt_epi64_mask(_mm512_maskz_and_epi64(0xFF, spans, low_half), last_start) != 0) {
      break;
    }
    const __m256i begins = _mm512_maskz_cvtepi64_epi32(0xFF, spans);
    const __m512i lengths =
        _mm512_sub_epi64(_mm512_maskz_srli_epi64(0xFF, spans, 32), _mm512_maskz_and_epi64(0xFF, spans, low_half));
    const __mmask8 longer = _mm512_cmpgt_epu64_mask(lengths, eight);
    const __m512i bytes = _mm512_mask_i32gather_epi64(_mm512_setzero_si512(), 0xFF, begins, base, 1);
    const __m512i mask =
        _mm512_xor_si512(_mm512_maskz_sllv_epi64(0xFF, all_ones, _mm512_maskz_slli_epi64(0xFF, lengths, 3)), all_ones);
    const __m512i key = _mm512_mask_blend_epi64(_mm512_cmpeq_epu64_mask(lengths, eight),
                                                _mm512_maskz_permutexvar_epi64(0xFF, lengths, key_table), key_of_8);
    _mm512_storeu_si512(out + i, common::Mix64x8(_mm512_xor_si512(_mm512_and_si512(bytes, mask), key)));
    for (unsigned lanes = longer; lanes != 0; lanes &= lanes - 1) {
      const size_t k = i + static_cast<size_t>(std::countr_zero(lanes));
      out[k] = common::Hash64(text.substr(words[k].begin, words[k].end - words[k].begin), seed);
    }
  }
  return i;
}
#endif

}  // namespace

// (XXH3 for every word, grouped by its length classes so that its branches predicted
// well, took 2.9 ns a word, a twentieth of a near-duplicate scan; eight words a step in
// AVX-512 registers take 1.2.)
void HashWords(std::string_view text, const std::vector<text::Span>& words, uint64_t seed,
               std::vector<uint64_t>* word_hashes) {
  HashWords(text, words, seed, common::BestSimd(), word_hashes);
}

void HashWords(std::string_view text, const std::vector<text::Span>& words, uint64_t seed,
               common::SimdLevel simd, std::vector<uint64_t>* word_hashes) {
  const size_t n = words.size();
  word_hashes->resize(n);
  uint64_t* const out = word_hashes->data();
  const ShortWordKeys keys(seed);
  size_t i = 0;
#ifdef DOPPEL_HAVE_AVX512_PATH
  if (simd == common::SimdLevel::kAvx512) i = HashWordsAvx512(text, words.data(), n, seed, keys, out);
#else
  (void)simd;
#endif
  for (; i < n; ++i) out[i] = HashWord(text, words[i], seed, keys);
}

namespace {

// A window's hash: the XOR of its word hashes, word j rotated left by 17 j bits (so the
// order counts, and a word repeated within a window lands rotated differently), through Mix64 for the avalanche that sampling and MinHash read.
// No multiply but Mix64's two a window: the chain of Combine64 (three multiplies a word)
// made this a twentieth of a near-duplicate scan.
constexpr unsigned kRotateStep = 17;

// The shingle hashes of every window of K words (K known at compile time for the usual
// sizes, so the loop over a window is unrolled).
template <size_t K>
void CombineWindows(const uint64_t* words, size_t num_windows, uint64_t* out) {
  for (size_t start = 0; start < num_windows; ++start) {
    uint64_t h = words[start];
    for (size_t j = 1; j < K; ++j) h ^= std::rotl(words[start + j], static_cast<int>(kRotateStep * j));
    out[start] = common::Mix64(h);
  }
}

void CombineWindows(const uint64_t* words, size_t num_windows, size_t k, uint64_t* out) {
  for (size_t start = 0; start < num_windows; ++start) {
    uint64_t h = words[start];
    for (size_t j = 1; j < k; ++j) h ^= std::rotl(words[start + j], static_cast<int>(kRotateStep * j));
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
