// Keys of pass 1 (LineKeys), shared with FindRemovals (pass 2).
//
// The top two bits give the kind of key; the other 62 come from a hash:
//   00  a line of fewer than kContentLineWords words
//   10  a content line (at least kContentLineWords words)
//   01  a topic token: a capitalised word inside a content line (a name, mostly)
// Line keys are what CorpusLineStats counts; content-line and topic keys also describe
// what a document is about (its context, see corpus_stats.cc).
#pragma once

#include "common/simd.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace doppel::clean {

inline constexpr uint32_t kContentLineWords = 8;

inline constexpr uint64_t kKeyKindMask = 3ull << 62;
inline constexpr uint64_t kShortLineKind = 0;
inline constexpr uint64_t kContentLineKind = 2ull << 62;
inline constexpr uint64_t kTopicKind = 1ull << 62;

// `text_key` from TextKey (non-zero), `num_words` its word count. Never 0.
inline uint64_t LineCorpusKey(uint64_t text_key, uint32_t num_words) {
  uint64_t kind = num_words >= kContentLineWords ? kContentLineKind : kShortLineKind;
  uint64_t key = (text_key & ~kKeyKindMask) | kind;
  return key == 0 ? 1 : key;
}

inline uint64_t TopicCorpusKey(uint64_t token_hash) {
  return (token_hash & ~kKeyKindMask) | kTopicKind;
}

inline bool IsLineKey(uint64_t key) { return (key & kKeyKindMask) != kTopicKind; }
inline bool IsContentLineKey(uint64_t key) { return (key & kKeyKindMask) == kContentLineKind; }
inline bool IsTopicKey(uint64_t key) { return (key & kKeyKindMask) == kTopicKind; }

namespace internal {

// LineKeys without its fast paths (TextKeyer's table, the case scan in the key pass),
// step by step as the definition reads. Tests check that both agree.
std::vector<uint64_t> LineKeysWithoutFastPath(std::string_view text);

// The (at most) 16 smallest distinct values of hashes[0, n), ascending, into bottom[];
// returns how many. `simd` picks the code path (every path gives the same values; tests
// compare them). Summarize's bottom-k sketch.
size_t BottomSixteen(const uint32_t* hashes, size_t n, uint32_t* bottom,
                     common::SimdLevel simd = common::BestSimd());

}  // namespace internal

}  // namespace doppel::clean
