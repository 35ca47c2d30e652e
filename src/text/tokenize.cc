// Word tokenisation: maximal runs of letters, marks and digits.
//
// ASCII bytes are classified by a table; other characters by their Unicode general
// category (utf8proc tables, so the result does not depend on the locale).
#include "text/tokenize.h"

#include <utf8proc.h>

#include <array>

#include "common/ascii_block.h"
#include "common/utf8.h"

namespace doppel::text {
namespace {

constexpr std::array<bool, 128> MakeAsciiWordTable() {
  std::array<bool, 128> table{};
  for (int c = 0; c < 128; ++c) {
    table[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
  return table;
}

constexpr std::array<bool, 128> kAsciiWord = MakeAsciiWordTable();

}  // namespace

bool IsWordChar(char32_t cp) {
  if (cp < 0x80) return kAsciiWord[cp];
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

namespace {

// Masks of one 64-byte block: bit i is set when byte i is an ASCII letter or digit
// (`word`) or is not ASCII (`high`), from four 16-byte blocks (common/ascii_block.h).
struct BlockMasks {
  uint64_t word;
  uint64_t high;
};

inline BlockMasks ClassifyBlock(const uint8_t* p) {
  BlockMasks m{0, 0};
  for (int k = 0; k < 4; ++k) {
    const common::BlockMasks b = common::ClassifyBlock(p + common::kBlockBytes * k);
    m.word |= static_cast<uint64_t>(b.word()) << (common::kBlockBits * k);
    m.high |= static_cast<uint64_t>(b.non_ascii) << (common::kBlockBits * k);
  }
  return m;
}

}  // namespace

// A state machine over characters (in a word or not), run 64 bytes at a time where a
// block is all ASCII: word starts and ends are then the bit transitions of the block's
// word mask. Blocks with other bytes, and the tail, go character by character.
void TokenizeWords(std::string_view text, std::vector<Span>* words) {
  words->clear();
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto n = static_cast<uint32_t>(text.size());
  bool in_word = false;
  uint32_t begin = 0;
  uint32_t i = 0;
  while (i < n) {
    if ((i & 63) == 0 && n - i >= 64) {
      const BlockMasks m = ClassifyBlock(s + i);
      if (m.high == 0) {
        // Bit b of `events` is set where byte b starts or ends a word (the byte before
        // the block counts as `in_word`); starts and ends alternate.
        uint64_t events = m.word ^ ((m.word << 1) | static_cast<uint64_t>(in_word));
        while (events != 0) {
          const uint32_t at = i + static_cast<uint32_t>(__builtin_ctzll(events));
          if (in_word) {
            words->push_back({begin, at});
          } else {
            begin = at;
          }
          in_word = !in_word;
          events &= events - 1;
        }
        i += 64;
        continue;
      }
    }
    // One character.
    uint32_t length = 1;
    bool word_char;
    if (s[i] < 0x80) {
      word_char = kAsciiWord[s[i]];
    } else {
      int decoded = 1;
      word_char = IsWordChar(common::DecodeUtf8(text, i, &decoded));
      length = static_cast<uint32_t>(decoded);
    }
    if (word_char != in_word) {
      if (in_word) {
        words->push_back({begin, i});
      } else {
        begin = i;
      }
      in_word = word_char;
    }
    i += length;
  }
  if (in_word) words->push_back({begin, n});
}

}  // namespace doppel::text
