#include "common/utf8.h"

namespace doppel::common {
namespace {

// Length of the valid sequence starting at s[i], or 0 if it is invalid. Follows the
// well-formed byte sequence table of the Unicode Standard (Table 3-7).
int ValidSequenceLength(const unsigned char* s, size_t n, size_t i) {
  unsigned char c = s[i];
  if (c < 0x80) return 1;
  auto cont = [&](size_t k, unsigned char lo, unsigned char hi) {
    return i + k < n && s[i + k] >= lo && s[i + k] <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF) return cont(1, 0x80, 0xBF) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
    return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2, 0x80, 0xBF) ? 3 : 0;
  if (c == 0xF0) return cont(1, 0x90, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3)
    return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
  return 0;
}

// Bytes of the maximal invalid subpart starting at s[i] (at least 1): a lead byte followed
// by the continuation bytes that were still allowed before the sequence broke.
size_t InvalidSubpartLength(const unsigned char* s, size_t n, size_t i) {
  unsigned char c = s[i];
  int need = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) need = 1;
  else if (c >= 0xE0 && c <= 0xEF) { need = 2; if (c == 0xE0) lo = 0xA0; if (c == 0xED) hi = 0x9F; }
  else if (c >= 0xF0 && c <= 0xF4) { need = 3; if (c == 0xF0) lo = 0x90; if (c == 0xF4) hi = 0x8F; }
  else return 1;
  size_t len = 1;
  for (int k = 0; k < need && i + len < n; ++k) {
    unsigned char d = s[i + len];
    if (k == 0 ? (d < lo || d > hi) : (d < 0x80 || d > 0xBF)) break;
    ++len;
  }
  return len;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size(), i = 0;
  while (i < n) {
    // Fast path over ASCII, 8 bytes at a time.
    while (i + 8 <= n) {
      uint64_t w;
      __builtin_memcpy(&w, s + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    int len = ValidSequenceLength(s, n, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

uint64_t RepairUtf8(std::string* text) {
  if (IsValidUtf8(*text)) return 0;
  const auto* s = reinterpret_cast<const unsigned char*>(text->data());
  size_t n = text->size(), i = 0;
  uint64_t replaced = 0;
  std::string out;
  out.reserve(n + 16);
  while (i < n) {
    int len = ValidSequenceLength(s, n, i);
    if (len > 0) {
      out.append(reinterpret_cast<const char*>(s + i), len);
      i += len;
    } else {
      AppendUtf8(kReplacementChar, &out);
      i += InvalidSubpartLength(s, n, i);
      ++replaced;
    }
  }
  text->swap(out);
  return replaced;
}

char32_t DecodeUtf8Any(std::string_view text, size_t pos, int* length) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  int len = ValidSequenceLength(s, text.size(), pos);
  if (len == 0) { *length = 1; return kReplacementChar; }
  *length = len;
  unsigned char c = s[pos];
  if (len == 1) return c;
  if (len == 2) return ((c & 0x1F) << 6) | (s[pos + 1] & 0x3F);
  if (len == 3) return ((c & 0x0F) << 12) | ((s[pos + 1] & 0x3F) << 6) | (s[pos + 2] & 0x3F);
  return ((c & 0x07) << 18) | ((s[pos + 1] & 0x3F) << 12) | ((s[pos + 2] & 0x3F) << 6) |
         (s[pos + 3] & 0x3F);
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace doppel::common
