// Finding the next byte of a small set in text, 64 or 16 bytes at a time: for scanners whose
// state changes only at a few kinds of bytes (quotation marks, newlines, non-ASCII lead
// bytes), so the bytes in between can be skipped without a look at each.
//
//   const common::ByteFinder quotes({'"', '\'', '\n'}, /*non_ascii=*/true);
//   for (size_t i = quotes.Next(text, 0); i < text.size(); i = quotes.Next(text, i + 1)) ...
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/simd.h"

namespace doppel::common {

#ifdef DOPPEL_HAVE_AVX512_PATH
// Bit i set when byte p[i] of the 64 at p is one of bytes[0..count) (or, with non_ascii,
// >= 0x80): ByteFinder's wide step, a call per 64 bytes (a target function is not inlined
// into its caller).
DOPPEL_TARGET_AVX512 inline uint64_t ByteSetMask64(const uint8_t* p, const uint8_t* bytes, size_t count,
                                                   bool non_ascii) {
  const __m512i c = _mm512_loadu_si512(p);
  uint64_t mask = non_ascii ? _mm512_movepi8_mask(c) : 0;
  for (size_t k = 0; k < count; ++k) {
    mask |= _mm512_cmpeq_epi8_mask(c, _mm512_set1_epi8(static_cast<char>(bytes[k])));
  }
  return mask;
}
#endif

class ByteFinder {
 public:
  // Up to kMaxBytes byte values; with `non_ascii`, every byte >= 0x80 is found too.
  static constexpr size_t kMaxBytes = 8;
  ByteFinder(std::initializer_list<uint8_t> bytes, bool non_ascii) : non_ascii_(non_ascii) {
    for (uint8_t b : bytes) {
      if (count_ < kMaxBytes) bytes_[count_++] = b;
    }
    for (size_t k = 0; k < count_; ++k) table_[bytes_[k]] = true;
#if defined(__SSE2__)
    for (size_t k = 0; k < count_; ++k) wanted_[k] = _mm_set1_epi8(static_cast<char>(bytes_[k]));
#endif
    if (non_ascii_) {
      for (int b = 0x80; b < 0x100; ++b) table_[b] = true;
    }
#ifdef DOPPEL_HAVE_AVX512_PATH
    wide_ = BestSimd() == SimdLevel::kAvx512;
#endif
  }

  bool Matches(uint8_t byte) const { return table_[byte]; }

  // Position of the first byte at or after `pos` that is in the set; text.size() if none.
  size_t Next(std::string_view text, size_t pos) const {
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const size_t n = text.size();
#ifdef DOPPEL_HAVE_AVX512_PATH
    if (wide_) {
      for (; pos + 64 <= n; pos += 64) {
        const uint64_t mask = ByteSetMask64(s + pos, bytes_, count_, non_ascii_);
        if (mask != 0) return pos + static_cast<size_t>(__builtin_ctzll(mask));
      }
    }
#endif
#if defined(__SSE2__)
    for (; pos + 16 <= n; pos += 16) {
      const uint32_t mask = BlockMask(s + pos);
      if (mask != 0) return pos + static_cast<size_t>(__builtin_ctz(mask));
    }
#endif
    while (pos < n && !table_[s[pos]]) ++pos;
    return pos;
  }

  // Calls fn(pos) for every position of `text` holding a byte of the set, in order (one
  // scan: all the hits of a 16-byte block come from its mask).
  template <typename Fn>
  void ForEach(std::string_view text, Fn fn) const {
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const size_t n = text.size();
    size_t pos = 0;
#ifdef DOPPEL_HAVE_AVX512_PATH
    if (wide_) {
      for (; pos + 64 <= n; pos += 64) {
        for (uint64_t bits = ByteSetMask64(s + pos, bytes_, count_, non_ascii_); bits != 0; bits &= bits - 1) {
          fn(pos + static_cast<size_t>(__builtin_ctzll(bits)));
        }
      }
    }
#endif
#if defined(__SSE2__)
    for (; pos + 16 <= n; pos += 16) {
      for (uint32_t bits = BlockMask(s + pos); bits != 0; bits &= bits - 1) {
        fn(pos + static_cast<size_t>(__builtin_ctz(bits)));
      }
    }
#endif
    for (; pos < n; ++pos) {
      if (table_[s[pos]]) fn(pos);
    }
  }

 private:
#if defined(__SSE2__)
  // Bit i set when byte p[i] is in the set.
  uint32_t BlockMask(const uint8_t* p) const {
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i hit = _mm_setzero_si128();
    for (size_t k = 0; k < count_; ++k) hit = _mm_or_si128(hit, _mm_cmpeq_epi8(c, wanted_[k]));
    uint32_t mask = static_cast<uint32_t>(_mm_movemask_epi8(hit));
    if (non_ascii_) mask |= static_cast<uint32_t>(_mm_movemask_epi8(c));
    return mask;
  }
  __m128i wanted_[kMaxBytes];  // bytes_ broadcast to 16 lanes each
#endif
  uint8_t bytes_[kMaxBytes] = {};
  size_t count_ = 0;
  bool non_ascii_;
  bool wide_ = false;  // the 64-byte step (AVX-512 BW) first
  bool table_[256] = {};
};

}  // namespace doppel::common
