// Word tokenisation: maximal runs of letters, marks and digits.
//
// ASCII bytes are classified by a table; other characters by their Unicode general
// category (utf8proc tables, so the result does not depend on the locale).
#include "text/tokenize.h"

#include <utf8proc.h>

#include <array>

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

void TokenizeWords(std::string_view text, std::vector<Span>* words) {
  words->clear();
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto n = static_cast<uint32_t>(text.size());
  uint32_t i = 0;
  bool in_word = false;
  uint32_t begin = 0;
  while (i < n) {
    bool word_char;
    uint32_t len = 1;
    if (s[i] < 0x80) {
      word_char = kAsciiWord[s[i]];
    } else {
      int cp_len = 1;
      word_char = IsWordChar(common::DecodeUtf8(text, i, &cp_len));
      len = static_cast<uint32_t>(cp_len);
    }
    if (word_char != in_word) {
      if (word_char) {
        begin = i;
      } else {
        words->push_back({begin, i});
      }
      in_word = word_char;
    }
    i += len;
  }
  if (in_word) words->push_back({begin, n});
}

}  // namespace doppel::text
