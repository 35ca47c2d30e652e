// Seeded random text for property tests: a mix of ASCII, Latin-1, combining marks, CJK,
// Hangul, full- and half-width forms, emoji, compatibility characters, Unicode spaces,
// controls and punctuation. The same seed always gives the same strings.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "common/utf8.h"

namespace doppel::text::testing {

class RandomText {
 public:
  explicit RandomText(uint64_t seed) : rng_(seed) {}

  // `num_chars` code points. With ascii_weight > 0, that many extra ASCII picks per other
  // pick, so the text is mostly ASCII.
  std::string Next(int num_chars, int ascii_weight = 0) {
    std::string out;
    for (int k = 0; k < num_chars; ++k) {
      size_t pool = Uniform(0, kPools.size() - 1 + ascii_weight);
      if (pool >= kPools.size()) pool = 0;
      const auto& ranges = kPools[pool];
      const auto& range = ranges[Uniform(0, ranges.size() - 1)];
      common::AppendUtf8(static_cast<char32_t>(Uniform(range.first, range.second)), &out);
    }
    return out;
  }

  size_t Uniform(size_t lo, size_t hi) {
    return std::uniform_int_distribution<size_t>(lo, hi)(rng_);
  }

 private:
  using Ranges = std::vector<std::pair<uint32_t, uint32_t>>;
  inline static const std::vector<Ranges> kPools = {
      {{'a', 'z'},
       {'A', 'Z'},
       {'0', '9'},
       {' ', ' '},
       {' ', '/'},
       {':', '@'},
       {'`', '`'},
       {'\t', '\r'}},  // ASCII
      {{0x00A0, 0x00FF},
       {0x0100, 0x024F},
       {0x0130, 0x0130},
       {0x017F, 0x017F},
       {0x1E9E, 0x1E9E}},                                                        // Latin
      {{0x0300, 0x036F}, {0x0323, 0x0323}, {0x0345, 0x0345}},                    // combining marks
      {{0x4E00, 0x9FFF}, {0x3040, 0x30FF}, {0xFF61, 0xFF9F}},                    // CJK, kana
      {{0xAC00, 0xD7A3}, {0x1100, 0x1112}, {0x1161, 0x1175}, {0x11A8, 0x11C2}},  // Hangul
      {{0xFF01, 0xFF5E},
       {0x2460, 0x24FF},
       {0x3300, 0x33FF},
       {0xFB00, 0xFB06},
       {0xFDFA, 0xFDFA},
       {0x1D400, 0x1D7FF},
       {0x2150, 0x218B}},                                        // compatibility
      {{0x1F300, 0x1F64F}, {0x200D, 0x200D}, {0xFE0F, 0xFE0F}},  // emoji
      {{0x00A0, 0x00A0},
       {0x2000, 0x200F},
       {0x2028, 0x202F},
       {0x3000, 0x3000},
       {0x0085, 0x0085},
       {0xFEFF, 0xFEFF},
       {0x01, 0x1F},
       {0x7F, 0x9F},
       {0x00AD, 0x00AD}},
      {{0x2010, 0x2027},
       {0x2032, 0x2036},
       {0x00AB, 0x00AB},
       {0x00BB, 0x00BB},
       {0x00B4, 0x00B4},
       {0x0060, 0x0060},
       {0x0027, 0x0027}},  // punctuation
      {{0x0370, 0x03FF},
       {0x0400, 0x04FF},
       {0x0900, 0x097F},
       {0x0B3E, 0x0B57},
       {0x09BE, 0x09D7},
       {0x0F71, 0x0F81},
       {0x0CC2, 0x0CD6}},  // other scripts
  };

  std::mt19937_64 rng_;
};

}  // namespace doppel::text::testing
