// Word tokenisation: maximal runs of letters, marks and digits, with the letters and
// digits of Han, Hiragana and Katakana standing alone.
//
// ASCII bytes are classified by a table; other characters by their Unicode general
// category (utf8proc tables, so the result does not depend on the locale) and, for the
// scripts written without spaces, a table of code point ranges (kSingleCharWordRanges).
#include "text/tokenize.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <vector>

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

// The code points of category L* or N* whose Script_Extensions include Han (Hani),
// Hiragana (Hira) or Katakana (Kana), Unicode 15.0 (the version of utf8proc 2.8 and of
// the normaliser), as inclusive ranges in order. Made from Scripts.txt and
// ScriptExtensions.txt by tools/unicode/single_char_word_ranges.cc (through ICU 72,
// which has Unicode 15.0); tests/unit/text/tokenize_test.cc checks that every code point
// here is a letter or digit. Script_Extensions rather than Script adds the characters
// that are Common but belong to these scripts only: the prolonged sound mark U+30FC
// (and halfwidth U+FF70), the halfwidth voiced sound marks U+FF9E U+FF9F, the kana
// repeat marks U+3031-U+3035, U+3006, U+303C, and the ideographic numerals of kanbun,
// parenthesised and circled ideographs and counting rods.
struct CodePointRange {
  char32_t first;
  char32_t last;
};
constexpr CodePointRange kSingleCharWordRanges[] = {
    {0x3005, 0x3007},   {0x3021, 0x3029},   {0x3031, 0x3035},   {0x3038, 0x303C},
    {0x3041, 0x3096},   {0x309D, 0x309F},   {0x30A1, 0x30FA},   {0x30FC, 0x30FF},
    {0x3192, 0x3195},   {0x31F0, 0x31FF},   {0x3220, 0x3229},   {0x3280, 0x3289},
    {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xF900, 0xFA6D},   {0xFA70, 0xFAD9},
    {0xFF66, 0xFF9F},   {0x16FE3, 0x16FE3}, {0x1AFF0, 0x1AFF3}, {0x1AFF5, 0x1AFFB},
    {0x1AFFD, 0x1AFFE}, {0x1B000, 0x1B122}, {0x1B132, 0x1B132}, {0x1B150, 0x1B152},
    {0x1B155, 0x1B155}, {0x1B164, 0x1B167}, {0x1D360, 0x1D371}, {0x20000, 0x2A6DF},
    {0x2A700, 0x2B739}, {0x2B740, 0x2B81D}, {0x2B820, 0x2CEA1}, {0x2CEB0, 0x2EBE0},
    {0x2F800, 0x2FA1D}, {0x30000, 0x3134A}, {0x31350, 0x323AF},
};

bool IsMarkCategory(char32_t cp) {
  const auto category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  return category >= UTF8PROC_CATEGORY_MN && category <= UTF8PROC_CATEGORY_ME;
}

bool IsWordCategory(char32_t cp) {
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

bool InSingleCharWordRanges(char32_t cp) {
  if (cp - 0x4E00 <= 0x9FFF - 0x4E00) return true;  // CJK Unified Ideographs: most of such text
  if (cp < 0x3005) return false;                     // every other script written with spaces
  const auto* next = std::upper_bound(std::begin(kSingleCharWordRanges), std::end(kSingleCharWordRanges), cp,
                                      [](char32_t c, const CodePointRange& r) { return c < r.first; });
  return next != std::begin(kSingleCharWordRanges) && cp <= next[-1].last;
}

// What the word scans ask of a code point of the Basic Multilingual Plane, a byte each
// (64 KiB), built from utf8proc's categories and the ranges above on first use: the
// scans call these per character of non-ASCII text, and utf8proc's two-level property
// lookup and the range search were a fifth of a scan of Chinese text. Code points beyond
// the BMP (rare) ask utf8proc and the ranges directly.
constexpr uint8_t kBmpWord = 1, kBmpSingle = 2, kBmpMark = 4;
constexpr char32_t kBmpSize = 0x10000;

[[gnu::noinline]] const uint8_t* BuildBmpClasses() {
  static const std::vector<uint8_t> table = [] {
    std::vector<uint8_t> t(kBmpSize);
    for (char32_t cp = 0; cp < kBmpSize; ++cp) {
      t[cp] = static_cast<uint8_t>((IsWordCategory(cp) ? kBmpWord : 0) | (InSingleCharWordRanges(cp) ? kBmpSingle : 0) |
                                   (IsMarkCategory(cp) ? kBmpMark : 0));
    }
    return t;
  }();
  return table.data();
}

// The table, through a pointer set once (the check inlines into the scans).
inline const uint8_t* BmpClasses() {
  static const uint8_t* const table = BuildBmpClasses();
  return table;
}

bool IsMark(char32_t cp) { return cp < kBmpSize ? (BmpClasses()[cp] & kBmpMark) != 0 : IsMarkCategory(cp); }

}  // namespace

bool IsSingleCharWord(char32_t cp) {
  return cp < kBmpSize ? (BmpClasses()[cp] & kBmpSingle) != 0 : InSingleCharWordRanges(cp);
}

WordCharKind ClassifyWordChar(char32_t cp) {
  if (cp < 0x80) return kAsciiWord[cp] ? WordCharKind::kRun : WordCharKind::kSeparator;
  if (cp < kBmpSize) {
    const uint8_t c = BmpClasses()[cp];
    if ((c & kBmpSingle) != 0) return WordCharKind::kSingle;
    return (c & kBmpWord) != 0 ? WordCharKind::kRun : WordCharKind::kSeparator;
  }
  if (InSingleCharWordRanges(cp)) return WordCharKind::kSingle;
  return IsWordCategory(cp) ? WordCharKind::kRun : WordCharKind::kSeparator;
}

size_t EndOfSingleCharWord(std::string_view text, size_t after) {
  while (after < text.size() && static_cast<unsigned char>(text[after]) >= 0x80) {
    int length = 1;
    const char32_t cp = common::DecodeUtf8(text, after, &length);
    if (cp != 0xFF9E && cp != 0xFF9F && !IsMark(cp)) break;
    after += static_cast<size_t>(length);
  }
  return after;
}

bool IsWordChar(char32_t cp) {
  if (cp < 0x80) return kAsciiWord[cp];
  return cp < kBmpSize ? (BmpClasses()[cp] & kBmpWord) != 0 : IsWordCategory(cp);
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
// word mask. Blocks with other bytes, and the tail, go character by character; a single
// character word (with its marks) is cut out whole there, and leaves the state outside
// a word, so the ASCII blocks never meet one.
void TokenizeWords(std::string_view text, std::vector<Span>* words) {
  words->clear();
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto n = static_cast<uint32_t>(text.size());
  text = text.substr(0, n);
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
      const WordCharKind kind = ClassifyWordChar(common::DecodeUtf8(text, i, &decoded));
      if (kind == WordCharKind::kSingle) {
        if (in_word) words->push_back({begin, i});
        const auto end = static_cast<uint32_t>(EndOfSingleCharWord(text, i + static_cast<uint32_t>(decoded)));
        words->push_back({i, end});
        in_word = false;
        i = end;
        continue;
      }
      word_char = kind != WordCharKind::kSeparator;
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
