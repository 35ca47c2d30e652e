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

// Decodes the code point starting at text[pos] of valid UTF-8; sets *length to its byte
// length. Returns U+FFFD (length 1) on an invalid byte.
char32_t DecodeUtf8(std::string_view text, size_t pos, int* length);

// Appends the UTF-8 encoding of `cp` to *out.
void AppendUtf8(char32_t cp, std::string* out);

}  // namespace doppel::common
