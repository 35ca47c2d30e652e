// 16-byte blocks of text classified at once, for the hot loops over text (TokenizeWords,
// TextKeyer and LineKeys' case scan in the clean stage, the capitals lines of content
// profiles). SSE2 is part of every x86-64 CPU, so it needs no run-time dispatch; other
// targets get the same results from a plain loop.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace doppel::common {

inline constexpr size_t kBlockBytes = 16;
inline constexpr int kBlockBits = 16;

// Bit i describes byte i of the block.
struct BlockMasks {
  uint32_t non_ascii = 0;  // >= 0x80
  uint32_t upper = 0;      // A-Z
  uint32_t lower = 0;      // a-z
  uint32_t digit = 0;      // 0-9
  uint32_t word() const { return upper | lower | digit; }
};

#if defined(__SSE2__)
namespace internal {
// Bytes of v in [lo, hi], as a byte mask: unsigned range check through a signed compare.
inline __m128i InRange(__m128i v, char lo, char hi) {
  const __m128i shifted = _mm_add_epi8(v, _mm_set1_epi8(static_cast<char>(-128 - lo)));
  return _mm_cmplt_epi8(shifted, _mm_set1_epi8(static_cast<char>(-128 + (hi - lo) + 1)));
}
}  // namespace internal
#endif

// Bits set in a block mask (16 bits). std::popcount becomes a library call on x86-64
// without -mpopcnt; this is a few instructions inline.
inline uint32_t CountBits16(uint32_t x) {
  x = x - ((x >> 1) & 0x5555u);
  x = (x & 0x3333u) + ((x >> 2) & 0x3333u);
  x = (x + (x >> 4)) & 0x0F0Fu;
  return (x + (x >> 8)) & 0x1Fu;
}

// The eight bytes of x (little-endian, byte i = x >> 8i) with A-Z lowered to a-z and every
// other byte unchanged, in a few word operations (SWAR): a byte's low seven bits plus
// 0x3F (0x25) set its top bit from 'A' (past 'Z') on, without a carry into the next byte.
inline uint64_t LowerAscii8(uint64_t x) {
  constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full, kTop = 0x8080808080808080ull;
  const uint64_t low = x & kLow7;
  const uint64_t from_a = low + 0x3F3F3F3F3F3F3F3Full;  // top bit: low >= 'A'
  const uint64_t past_z = low + 0x2525252525252525ull;  // top bit: low > 'Z'
  const uint64_t upper = from_a & ~past_z & ~x & kTop;  // and the byte itself < 0x80
  return x | (upper >> 2);
}

// The `size` (at most 8) bytes of `text` from `begin` as a little-endian number, zero
// above them: one 8-byte load where the text holds 8 bytes from `begin`, masked; a copy of
// just those bytes near its end. (A word's bytes in a register, for hashing it.)
inline uint64_t LoadUpTo8(std::string_view text, size_t begin, size_t size) {
  uint64_t x = 0;
  if (begin + 8 <= text.size()) {
    std::memcpy(&x, text.data() + begin, 8);
    if (size < 8) x &= (uint64_t{1} << (8 * size)) - 1;
  } else {
    std::memcpy(&x, text.data() + begin, size);
  }
  return x;
}

// Masks of the 16 bytes at `p` (all readable).
inline BlockMasks ClassifyBlock(const unsigned char* p) {
  BlockMasks m;
#if defined(__SSE2__)
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  m.non_ascii = static_cast<uint32_t>(_mm_movemask_epi8(v));
  m.upper = static_cast<uint32_t>(_mm_movemask_epi8(internal::InRange(v, 'A', 'Z')));
  m.lower = static_cast<uint32_t>(_mm_movemask_epi8(internal::InRange(v, 'a', 'z')));
  m.digit = static_cast<uint32_t>(_mm_movemask_epi8(internal::InRange(v, '0', '9')));
#else
  for (size_t i = 0; i < kBlockBytes; ++i) {
    const unsigned char c = p[i];
    m.non_ascii |= static_cast<uint32_t>(c >= 0x80) << i;
    m.upper |= static_cast<uint32_t>(c >= 'A' && c <= 'Z') << i;
    m.lower |= static_cast<uint32_t>(c >= 'a' && c <= 'z') << i;
    m.digit |= static_cast<uint32_t>(c >= '0' && c <= '9') << i;
  }
#endif
  return m;
}

// Writes the 16 bytes at `p` to out[0, 16) with A-Z lower-cased and every byte that is
// not an ASCII letter or digit replaced by a space. `m` is ClassifyBlock(p).
inline void FoldBlock(const unsigned char* p, const BlockMasks& m, char* out) {
#if defined(__SSE2__)
  (void)m;
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i upper = internal::InRange(v, 'A', 'Z');
  const __m128i word = _mm_or_si128(_mm_or_si128(upper, internal::InRange(v, 'a', 'z')),
                                    internal::InRange(v, '0', '9'));
  const __m128i folded = _mm_or_si128(v, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
  const __m128i result =
      _mm_or_si128(_mm_and_si128(word, folded), _mm_andnot_si128(word, _mm_set1_epi8(' ')));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out), result);
#else
  const uint32_t word = m.word();
  for (size_t i = 0; i < kBlockBytes; ++i) {
    const char c = static_cast<char>(p[i]);
    out[i] = (word >> i) & 1 ? static_cast<char>((m.upper >> i) & 1 ? c | 0x20 : c) : ' ';
  }
#endif
}

// Code points in bytes[0, size) of UTF-8: the bytes that are not continuation bytes
// (10xxxxxx).
inline uint32_t CountCodePoints(const char* bytes, size_t size) {
  uint32_t continuation = 0;
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i threshold = _mm_set1_epi8(-64);  // continuation bytes are -128..-65 as signed
  for (; i + kBlockBytes <= size; i += kBlockBytes) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + i));
    continuation +=
        CountBits16(static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmplt_epi8(v, threshold))));
  }
#endif
  for (; i < size; ++i) continuation += (static_cast<unsigned char>(bytes[i]) & 0xC0) == 0x80;
  return static_cast<uint32_t>(size) - continuation;
}

}  // namespace doppel::common
