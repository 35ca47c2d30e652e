// UTF-8 validation, repair and decoding.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace doppel::common {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// Replaces every invalid UTF-8 sequence (bad lead or continuation bytes, overlong forms,
// surrogates, code points above U+10FFFF, truncated sequences) with U+FFFD, one per
// maximal invalid subpart (the Unicode "substitution of maximal subparts" practice).
// Returns the number of replacements (0: the text was valid and is unchanged).
uint64_t RepairUtf8(std::string* text);

// True when `text` is valid UTF-8.
bool IsValidUtf8(std::string_view text);

// DecodeUtf8 for every sequence (valid or not) at text[pos].
char32_t DecodeUtf8Any(std::string_view text, size_t pos, int* length);

// Decodes the code point starting at text[pos] of valid UTF-8; sets *length to its byte
// length. Returns U+FFFD (length 1) on an invalid byte. Inline for the sequences most
// non-ASCII text is made of (2 bytes: Latin, Greek, Cyrillic, Hebrew, Arabic; 3 bytes with
// a lead byte E1-EC, EE or EF, which need no check beyond their continuation bytes: most
// of the rest of the BMP, CJK included); the others go to DecodeUtf8Any. Called per
// character by the word scans, where the call was a sixth of the time on Chinese text.
inline char32_t DecodeUtf8(std::string_view text, size_t pos, int* length) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  const unsigned char c = s[pos];
  if (c < 0x80) {
    *length = 1;
    return c;
  }
  if (c >= 0xC2 && c <= 0xDF && pos + 1 < n && (s[pos + 1] & 0xC0) == 0x80) {
    *length = 2;
    return (static_cast<char32_t>(c & 0x1F) << 6) | (s[pos + 1] & 0x3F);
  }
  if (((c >= 0xE1 && c <= 0xEC) || c >= 0xEE) && c <= 0xEF && pos + 2 < n && (s[pos + 1] & 0xC0) == 0x80 &&
      (s[pos + 2] & 0xC0) == 0x80) {
    *length = 3;
    return (static_cast<char32_t>(c & 0x0F) << 12) | (static_cast<char32_t>(s[pos + 1] & 0x3F) << 6) |
           (s[pos + 2] & 0x3F);
  }
  return DecodeUtf8Any(text, pos, length);
}

// Appends the UTF-8 encoding of `cp` to *out.
void AppendUtf8(char32_t cp, std::string* out);

}  // namespace doppel::common
