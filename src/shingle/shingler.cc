#include "shingle/shingler.h"

#include <algorithm>

#include "common/hash.h"

namespace doppel::shingle {
namespace {

// Below this many shingles ShingleSet32 uses std::sort (at 64 the radix sort is already
// 2x faster; below, its histograms cost more than the elements).
constexpr size_t kRadixMinShingles = 64;
// Scratch kept per thread for ShingleSet32, in elements (4 MiB); larger documents use a
// temporary buffer so one huge document does not pin its size in every thread.
constexpr size_t kMaxKeptScratch = size_t{1} << 20;

}  // namespace

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

}  // namespace

void ShingleHashes(const std::vector<uint64_t>& word_hashes, int size,
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
  const size_t n = shingle_hashes.size();
  set->resize(n);
  uint32_t* const out = set->data();
  if (n < kRadixMinShingles) {
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint32_t>(shingle_hashes[i]);
    std::sort(out, out + n);
    set->erase(std::unique(set->begin(), set->end()), set->end());
    return;
  }
  constexpr int kPasses = 4;
  constexpr size_t kBuckets = 256;
  uint32_t count[kPasses][kBuckets] = {};
  for (uint64_t h : shingle_hashes) {
    for (int pass = 0; pass < kPasses; ++pass) ++count[pass][(h >> (8 * pass)) & 0xff];
  }
  for (int pass = 0; pass < kPasses; ++pass) {
    uint32_t sum = 0;
    for (size_t b = 0; b < kBuckets; ++b) {
      const uint32_t here = count[pass][b];
      count[pass][b] = sum;
      sum += here;
    }
  }
  // Pass 0 reads the hashes; the passes then alternate between `out` and a per-thread
  // scratch buffer, ending in the scratch buffer, from which the unique values go to `out`.
  thread_local std::vector<uint32_t> kept_scratch;
  std::vector<uint32_t> large_scratch;
  uint32_t* scratch;
  if (n <= kMaxKeptScratch) {
    if (kept_scratch.size() < n) kept_scratch.resize(n);
    scratch = kept_scratch.data();
  } else {
    large_scratch.resize(n);
    scratch = large_scratch.data();
  }
  for (uint64_t h : shingle_hashes) out[count[0][h & 0xff]++] = static_cast<uint32_t>(h);
  uint32_t* src = out;
  uint32_t* dst = scratch;
  for (int pass = 1; pass < kPasses; ++pass) {
    const int shift = 8 * pass;
    for (size_t i = 0; i < n; ++i) {
      const uint32_t v = src[i];
      dst[count[pass][(v >> shift) & 0xff]++] = v;
    }
    std::swap(src, dst);
  }
  // After 4 passes the sorted values are in `scratch` (src).
  size_t unique = 0;
  for (size_t i = 0; i < n; ++i) {
    if (i == 0 || src[i] != src[i - 1]) out[unique++] = src[i];
  }
  set->resize(unique);
}

}  // namespace doppel::shingle
