#include "shingle/shingler.h"

#include <algorithm>

#include "common/hash.h"
#include "common/sorted_set.h"

namespace doppel::shingle {
void HashWords(std::string_view text, const std::vector<text::Span>& words, uint64_t seed,
               std::vector<uint64_t>* word_hashes) {
  word_hashes->clear();
  word_hashes->reserve(words.size());
  for (const text::Span& w : words) {
    word_hashes->push_back(common::Hash64(text.substr(w.begin, w.end - w.begin), seed));
  }
}

namespace {

// The shingle hashes of every window of K words (K known at compile time for the usual
// sizes, so the combining chain is unrolled). Windows are independent, so the CPU
// overlaps their multiply chains.
template <size_t K>
void CombineWindows(const uint64_t* words, size_t num_windows, uint64_t* out) {
  for (size_t start = 0; start < num_windows; ++start) {
    uint64_t h = words[start];
    for (size_t j = 1; j < K; ++j) h = common::Combine64(h, words[start + j]);
    out[start] = common::Mix64(h);
  }
}

void CombineWindows(const uint64_t* words, size_t num_windows, size_t k, uint64_t* out) {
  for (size_t start = 0; start < num_windows; ++start) {
    uint64_t h = words[start];
    for (size_t j = 1; j < k; ++j) h = common::Combine64(h, words[start + j]);
    out[start] = common::Mix64(h);
  }
}

#ifdef DOPPEL_HAVE_AVX512_PATH
// Eight windows at a time: the combining chain is multiply-bound (15 64-bit multiplies a
// 5-word window), and vpmullq does eight of them per instruction. The last windows go
// through the scalar loop.
template <size_t K>
DOPPEL_TARGET_AVX512 void CombineWindowsAvx512(const uint64_t* words, size_t num_windows, uint64_t* out) {
  size_t start = 0;
  // Four blocks of eight per step: four independent chains hide the multiplies' latency.
  for (; start + 32 <= num_windows; start += 32) {
    __m512i h0 = _mm512_loadu_si512(words + start);
    __m512i h1 = _mm512_loadu_si512(words + start + 8);
    __m512i h2 = _mm512_loadu_si512(words + start + 16);
    __m512i h3 = _mm512_loadu_si512(words + start + 24);
    for (size_t j = 1; j < K; ++j) {
      h0 = common::Combine64x8(h0, _mm512_loadu_si512(words + start + j));
      h1 = common::Combine64x8(h1, _mm512_loadu_si512(words + start + 8 + j));
      h2 = common::Combine64x8(h2, _mm512_loadu_si512(words + start + 16 + j));
      h3 = common::Combine64x8(h3, _mm512_loadu_si512(words + start + 24 + j));
    }
    _mm512_storeu_si512(out + start, common::Mix64x8(h0));
    _mm512_storeu_si512(out + start + 8, common::Mix64x8(h1));
    _mm512_storeu_si512(out + start + 16, common::Mix64x8(h2));
    _mm512_storeu_si512(out + start + 24, common::Mix64x8(h3));
  }
  for (; start + 8 <= num_windows; start += 8) {
    __m512i h = _mm512_loadu_si512(words + start);
    for (size_t j = 1; j < K; ++j) h = common::Combine64x8(h, _mm512_loadu_si512(words + start + j));
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

}  // namespace doppel::shingle
