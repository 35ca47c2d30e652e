#include "common/ascii_block.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>

namespace doppel::common {
namespace {

uint64_t ReferenceLower(uint64_t x) {
  uint64_t out = 0;
  for (int i = 0; i < 8; ++i) {
    auto c = static_cast<unsigned char>(x >> (8 * i));
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    out |= uint64_t{c} << (8 * i);
  }
  return out;
}

TEST(LowerAscii8Test, LowersExactlyTheCapitalsInEveryBytePosition) {
  for (int position = 0; position < 8; ++position) {
    for (int byte = 0; byte < 256; ++byte) {
      // The byte among neighbours that would carry into it if the word arithmetic leaked.
      for (const uint64_t fill : {uint64_t{0}, ~uint64_t{0}, uint64_t{0x5A5A5A5A5A5A5A5Aull}, uint64_t{0x4141414141414141ull}}) {
        uint64_t x = fill & ~(uint64_t{0xFF} << (8 * position));
        x |= uint64_t(byte) << (8 * position);
        ASSERT_EQ(LowerAscii8(x), ReferenceLower(x)) << position << " " << byte << " " << fill;
      }
    }
  }
  std::mt19937_64 rng(11);
  for (int round = 0; round < 100000; ++round) {
    const uint64_t x = rng();
    ASSERT_EQ(LowerAscii8(x), ReferenceLower(x));
  }
}

}  // namespace
}  // namespace doppel::common
