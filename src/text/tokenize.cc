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
  // Length of the character at i when it is a word character, else 0.
  auto word_char_length = [&](uint32_t i) -> uint32_t {
    if (s[i] < 0x80) return kAsciiWord[s[i]] ? 1 : 0;
    int length = 1;
    return IsWordChar(common::DecodeUtf8(text, i, &length)) ? static_cast<uint32_t>(length) : 0;
  };
  uint32_t i = 0;
  while (i < n) {
    // Separators; ASCII ones in a tight loop.
    while (i < n && s[i] < 0x80 && !kAsciiWord[s[i]]) ++i;
    if (i >= n) break;
    uint32_t length = word_char_length(i);
    if (length == 0) {
      int skip = 1;
      common::DecodeUtf8(text, i, &skip);
      i += static_cast<uint32_t>(skip);
      continue;
    }
    const uint32_t begin = i;
    i += length;
    while (i < n) {
      while (i < n && s[i] < 0x80 && kAsciiWord[s[i]]) ++i;
      if (i >= n || s[i] < 0x80) break;
      length = word_char_length(i);
      if (length == 0) break;
      i += length;
    }
    words->push_back({begin, i});
  }
}

}  // namespace doppel::text
