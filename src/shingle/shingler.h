// Word shingles: each token is hashed once, and k consecutive token hashes are combined
// into one 64-bit shingle hash (no string is built per shingle).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/simd.h"
#include "text/tokenize.h"

namespace doppel::shingle {

// A 64-bit hash of each word's bytes, seeded: for a word of at most 8 bytes, Mix64 of its
// bytes as a little-endian number (zero above its length) XORed with
// Mix64(seed ^ (0x776f7264 + length) * kCombineMultiplier); for a longer word, XXH3-64
// with the seed. Part of the index format.
void HashWords(std::string_view text, const std::vector<text::Span>& words, uint64_t seed,
               std::vector<uint64_t>* word_hashes);

// The same with a chosen code path (the one above takes common::BestSimd()); every path
// gives the same hashes.
void HashWords(std::string_view text, const std::vector<text::Span>& words, uint64_t seed,
               common::SimdLevel simd, std::vector<uint64_t>* word_hashes);

// Hashes of every run of `size` consecutive words, in text order (not deduplicated). A
// text with fewer than `size` (but at least one) words has one shingle of all its words,
// as ../shared/bench does; no words gives no shingles.
void ShingleHashes(const std::vector<uint64_t>& word_hashes, int size,
                   std::vector<uint64_t>* shingle_hashes);

// The same with a chosen code path (the one above takes common::BestSimd()); every path
// gives the same hashes.
void ShingleHashes(const std::vector<uint64_t>& word_hashes, int size, common::SimdLevel simd,
                   std::vector<uint64_t>* shingle_hashes);

// The set form used for exact verification: the low 32 bits of every shingle hash,
// sorted and unique. (32 bits: two ~500-shingle documents share a false shingle with
// probability ~6e-5, far below the resolution of any threshold.)
void ShingleSet32(const std::vector<uint64_t>& shingle_hashes, std::vector<uint32_t>* set);

// The shingles (32-bit values) whose Mix64 is 0 mod `mod` (mod >= 1), in their order:
// the sample that indexes excerpts (containment candidates). The second form takes a
// chosen code path (every path gives the same sample).
void SampleShingles(const std::vector<uint32_t>& shingles, uint32_t mod, std::vector<uint32_t>* sample);
void SampleShingles(const std::vector<uint32_t>& shingles, uint32_t mod, common::SimdLevel simd,
                    std::vector<uint32_t>* sample);

// The same set from the low 32 bits already taken, in place (ShingleSet32 of the hashes
// they came from).
void SortShingleSet32(std::vector<uint32_t>* low_bits);

}  // namespace doppel::shingle
