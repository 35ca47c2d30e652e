#pragma once

#include <cstdint>

#define DOPPEL_VERSION_STRING "0.1.0"
namespace doppel {
inline constexpr const char* kVersion = DOPPEL_VERSION_STRING;
// The version of what a stored index holds that options do not name: the hash functions
// and seeds of words, shingles, samples and sketches (src/common/hash.h; golden tests pin
// their values). A stored index records it and refuses another. 2: words of at most 8
// bytes hashed by Mix64 and shingles by rotate-XOR (session 14); 1: XXH3 words and
// Combine64 shingles.
inline constexpr uint32_t kIndexFormatVersion = 2;
}  // namespace doppel
