// Hash functions. Seeds and functions are part of the index format: changing one is a
// format version bump (kIndexFormatVersion, include/doppel/version.h; golden tests pin
// them).
#pragma once

#include <cstdint>
#include <string_view>

// XXH_INLINE_ALL: the hash functions are compiled into their callers (static, renamed
// symbols): most inputs are single words, where the call into the shared library and its
// dispatch cost more than the hashing. Same functions, same values.
#ifndef XXH_INLINE_ALL
#define XXH_INLINE_ALL
#endif
#include <xxhash.h>

namespace doppel::common {

// XXH3, 64 bits, seeded.
inline uint64_t Hash64(std::string_view bytes, uint64_t seed = 0) {
  return XXH3_64bits_withSeed(bytes.data(), bytes.size(), seed);
}

// Constants of Mix64 and Combine64 (shared with their SIMD forms in simd.h).
constexpr uint64_t kMix64Multiplier1 = 0xff51afd7ed558ccdull;
constexpr uint64_t kMix64Multiplier2 = 0xc4ceb9fe1a85ec53ull;
constexpr uint64_t kCombineMultiplier = 0x9E3779B97F4A7C15ull;

// A strong 64-bit mixer (the murmur3 / splitmix64 finaliser).
inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 33;
  x *= kMix64Multiplier1;
  x ^= x >> 33;
  x *= kMix64Multiplier2;
  x ^= x >> 33;
  return x;
}

// Order-dependent combination of two hashes (for shingles built from token hashes).
inline uint64_t Combine64(uint64_t seed, uint64_t value) {
  return Mix64(seed * kCombineMultiplier + value);
}

}  // namespace doppel::common
