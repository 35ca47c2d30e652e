// Normalisation, one "cluster" at a time.
//
// Unicode normalisation is context dependent only inside a run that starts with a
// character and continues with characters that may reorder or compose with it: combining
// marks (canonical combining class != 0), second halves of primary composites (U+0B3E,
// U+09BE, ...), Hangul medial and final jamo, and characters whose decomposition starts
// with such a character (U+0F73, U+FF9E, ...). Cutting the text before every other
// character gives clusters that normalise independently (UAX #15, "Unicode Normalization
// Forms", section 9 on detecting normalisation boundaries), so:
//  - every output byte of a cluster is mapped to the cluster's first source byte, which
//    makes the byte map exact at every cluster boundary (sentencepiece does the same);
//  - ASCII characters followed by ASCII are their own cluster, and need no Unicode at
//    all: a 128-entry table handles them (the fast path);
//  - a single-character cluster of the Basic Multilingual Plane is looked up in a table
//    that is built once per option set from the general path below;
//  - everything else goes through utf8proc: decomposition with case folding, canonical
//    ordering, composition (exactly what utf8proc_map does to a whole string).
// A run of more than kMaxNonStarters combining characters is cut, as the Stream-Safe Text
// Format of UAX #15 does; this bounds the work per cluster (utf8proc orders marks by a
// quadratic sort) so crafted input cannot make normalisation slow.
//
// Punctuation folding happens on the source characters before decomposition (so U+00B4
// ACUTE ACCENT, whose compatibility decomposition is space + U+0301, still becomes an
// apostrophe) and on the output characters after composition. Whitespace runs collapse to
// one space and two adjacent apostrophes become a double quote (`` and '' in text set in
// the TeX and Penn Treebank style) while the output is emitted, across clusters.
#include "text/normalize.h"

#include "common/ascii_block.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <mutex>

#include "common/utf8.h"

namespace doppel::text {
namespace {

constexpr unsigned kNfkc = 1;
constexpr unsigned kCaseFold = 2;
constexpr unsigned kFoldPunctuation = 4;
constexpr unsigned kNumOptionSets = 8;

// Stream-Safe Text Format: at most 30 non-starters in a row.
constexpr int kMaxNonStarters = 30;

unsigned OptionBits(const NormalizeOptions& options) {
  return (options.nfkc ? kNfkc : 0) | (options.case_fold ? kCaseFold : 0) |
         (options.fold_punctuation ? kFoldPunctuation : 0);
}

// Quotes, apostrophes, primes and dashes: one ASCII form each. Returns 0 for others.
// This table is part of the index format.
char32_t FoldQuoteOrDash(char32_t cp) {
  switch (cp) {
    case 0x0060:  // GRAVE ACCENT
    case 0x00B4:  // ACUTE ACCENT
    case 0x02B9:  // MODIFIER LETTER PRIME
    case 0x02BB:  // MODIFIER LETTER TURNED COMMA
    case 0x02BC:  // MODIFIER LETTER APOSTROPHE
    case 0x02BD:  // MODIFIER LETTER REVERSED COMMA
    case 0x2018:  // LEFT SINGLE QUOTATION MARK
    case 0x2019:  // RIGHT SINGLE QUOTATION MARK
    case 0x201A:  // SINGLE LOW-9 QUOTATION MARK
    case 0x201B:  // SINGLE HIGH-REVERSED-9 QUOTATION MARK
    case 0x2032:  // PRIME
    case 0x2035:  // REVERSED PRIME
    case 0x2039:  // SINGLE LEFT-POINTING ANGLE QUOTATION MARK
    case 0x203A:  // SINGLE RIGHT-POINTING ANGLE QUOTATION MARK
    case 0x275B:  // HEAVY SINGLE TURNED COMMA QUOTATION MARK ORNAMENT
    case 0x275C:  // HEAVY SINGLE COMMA QUOTATION MARK ORNAMENT
    case 0x275F:  // HEAVY LOW SINGLE COMMA QUOTATION MARK ORNAMENT
    case 0xFF07:  // FULLWIDTH APOSTROPHE
    case 0xFF40:  // FULLWIDTH GRAVE ACCENT
      return '\'';
    case 0x00AB:  // LEFT-POINTING DOUBLE ANGLE QUOTATION MARK
    case 0x00BB:  // RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK
    case 0x02BA:  // MODIFIER LETTER DOUBLE PRIME
    case 0x02EE:  // MODIFIER LETTER DOUBLE APOSTROPHE
    case 0x201C:  // LEFT DOUBLE QUOTATION MARK
    case 0x201D:  // RIGHT DOUBLE QUOTATION MARK
    case 0x201E:  // DOUBLE LOW-9 QUOTATION MARK
    case 0x201F:  // DOUBLE HIGH-REVERSED-9 QUOTATION MARK
    case 0x2033:  // DOUBLE PRIME
    case 0x2036:  // REVERSED DOUBLE PRIME
    case 0x275D:  // HEAVY DOUBLE TURNED COMMA QUOTATION MARK ORNAMENT
    case 0x275E:  // HEAVY DOUBLE COMMA QUOTATION MARK ORNAMENT
    case 0x2760:  // HEAVY LOW DOUBLE COMMA QUOTATION MARK ORNAMENT
    case 0x2E42:  // DOUBLE LOW-REVERSED-9 QUOTATION MARK
    case 0x301D:  // REVERSED DOUBLE PRIME QUOTATION MARK
    case 0x301E:  // DOUBLE PRIME QUOTATION MARK
    case 0x301F:  // LOW DOUBLE PRIME QUOTATION MARK
    case 0xFF02:  // FULLWIDTH QUOTATION MARK
      return '"';
    case 0x2010:  // HYPHEN
    case 0x2011:  // NON-BREAKING HYPHEN
    case 0x2012:  // FIGURE DASH
    case 0x2013:  // EN DASH
    case 0x2014:  // EM DASH
    case 0x2015:  // HORIZONTAL BAR
    case 0x2043:  // HYPHEN BULLET
    case 0x2212:  // MINUS SIGN
    case 0x2E3A:  // TWO-EM DASH
    case 0x2E3B:  // THREE-EM DASH
    case 0xFE31:  // PRESENTATION FORM FOR VERTICAL EM DASH
    case 0xFE32:  // PRESENTATION FORM FOR VERTICAL EN DASH
    case 0xFE58:  // SMALL EM DASH
    case 0xFE63:  // SMALL HYPHEN-MINUS
    case 0xFF0D:  // FULLWIDTH HYPHEN-MINUS
      return '-';
    default:
      return 0;
  }
}

bool IsHangulMedialOrFinal(char32_t cp) {
  return (cp >= 0x1161 && cp <= 0x1175) || (cp >= 0x11A8 && cp <= 0x11C2);
}

// True when `cp` may reorder or compose with the character before it.
bool InteractsWithPrevious(char32_t cp) {
  if (cp < 0x80) return false;
  const utf8proc_property_t* p = utf8proc_get_property(static_cast<utf8proc_int32_t>(cp));
  // utf8proc 2.x marks characters that can be the second of a primary composite with
  // bit 15 of comb_index (0xFFFF: none).
  return p->combining_class != 0 || (p->comb_index != 0xFFFF && (p->comb_index & 0x8000)) ||
         IsHangulMedialOrFinal(cp);
}

// True when `cp` must stay in the cluster of the character before it (see the top).
bool ComputeContinuesCluster(char32_t cp) {
  if (cp < 0x80 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return false;
  if (InteractsWithPrevious(cp)) return true;
  // The first character of its decomposition (compatibility, with or without case
  // folding) may interact even when `cp` itself does not (U+FF9E -> U+3099).
  for (utf8proc_option_t options :
       {utf8proc_option_t(UTF8PROC_COMPOSE | UTF8PROC_COMPAT),
        utf8proc_option_t(UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD),
        utf8proc_option_t(UTF8PROC_CASEFOLD)}) {
    utf8proc_int32_t buf[32];
    int boundclass = 0;
    utf8proc_ssize_t n =
        utf8proc_decompose_char(static_cast<utf8proc_int32_t>(cp), buf, 32, options, &boundclass);
    if (n >= 1 && buf[0] != static_cast<utf8proc_int32_t>(cp) &&
        InteractsWithPrevious(static_cast<char32_t>(buf[0]))) {
      return true;
    }
  }
  return false;
}

bool IsIgnorable(char32_t cp) {
  return cp >= 0x80 && utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))->ignorable;
}

// Two bits per code point of the BMP: ComputeContinuesCluster and IsIgnorable.
class ContinueTable {
 public:
  ContinueTable() {
    for (char32_t cp = 0x80; cp < 0x10000; ++cp) {
      if (ComputeContinuesCluster(cp)) continues_[cp >> 6] |= uint64_t{1} << (cp & 63);
      if (IsIgnorable(cp)) ignorable_[cp >> 6] |= uint64_t{1} << (cp & 63);
    }
  }
  // With punctuation folding, default-ignorable characters are dropped before
  // normalisation: they join the cluster before them, so the characters around them
  // normalise as if they were adjacent (otherwise "z ZWJ U+0323" would leave an
  // unnormalised "z U+0323" behind once the joiner is gone).
  bool Get(char32_t cp, bool fold) const {
    if (cp < 0x10000) {
      uint64_t word = continues_[cp >> 6] | (fold ? ignorable_[cp >> 6] : 0);
      return (word >> (cp & 63)) & 1;
    }
    return ComputeContinuesCluster(cp) || (fold && IsIgnorable(cp));
  }

 private:
  std::array<uint64_t, 0x10000 / 64> continues_{};
  std::array<uint64_t, 0x10000 / 64> ignorable_{};
};

const ContinueTable& GetContinueTable() {
  static const ContinueTable table;
  return table;
}

// Scratch space for the general path, reused across clusters of one call.
struct Scratch {
  std::vector<utf8proc_int32_t> buf;
};

// The general path: appends the normalised form of the cluster cps[0, count) to *out.
// With kFoldPunctuation, every space in the output stands for a whitespace or control
// character (the emitter collapses runs) and ignorable characters are gone.
void NormalizeCluster(const char32_t* cps, size_t count, unsigned bits, Scratch* scratch,
                      std::string* out) {
  const bool fold = bits & kFoldPunctuation;
  utf8proc_option_t uopts = utf8proc_option_t(0);
  if (bits & kNfkc) uopts = utf8proc_option_t(uopts | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
  if (bits & kCaseFold) uopts = utf8proc_option_t(uopts | UTF8PROC_CASEFOLD);

  std::vector<utf8proc_int32_t>& buf = scratch->buf;
  buf.clear();
  for (size_t k = 0; k < count; ++k) {
    char32_t cp = cps[k];
    if (fold) {
      if (IsIgnorable(cp)) continue;
      if (char32_t folded = FoldQuoteOrDash(cp)) cp = folded;
    }
    if (uopts == 0) {
      buf.push_back(static_cast<utf8proc_int32_t>(cp));
      continue;
    }
    size_t at = buf.size();
    buf.resize(at + 8);
    int boundclass = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(cp), buf.data() + at,
                                                 8, uopts, &boundclass);
    if (n > 8) {
      buf.resize(at + n);
      n = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(cp), buf.data() + at, n, uopts,
                                  &boundclass);
    }
    if (n < 0) {  // not a code point (cannot happen for decoded UTF-8)
      buf[at] = static_cast<utf8proc_int32_t>(common::kReplacementChar);
      n = 1;
    }
    buf.resize(at + n);
  }
  if (bits & kNfkc) {
    // Canonical ordering: a stable sort of each run of non-starters by combining class,
    // written as utf8proc_decompose_custom writes it (the run is short: see the top).
    size_t pos = 0;
    while (pos + 1 < buf.size()) {
      int ccc1 = utf8proc_get_property(buf[pos])->combining_class;
      int ccc2 = utf8proc_get_property(buf[pos + 1])->combining_class;
      if (ccc1 > ccc2 && ccc2 > 0) {
        std::swap(buf[pos], buf[pos + 1]);
        if (pos > 0)
          --pos;
        else
          ++pos;
      } else {
        ++pos;
      }
    }
    utf8proc_ssize_t n = utf8proc_normalize_utf32(buf.data(), buf.size(), uopts);
    if (n >= 0) buf.resize(n);
  }
  for (utf8proc_int32_t c : buf) {
    char32_t cp = static_cast<char32_t>(c);
    if (fold) {
      const utf8proc_property_t* p = utf8proc_get_property(c);
      if (p->ignorable) continue;  // soft hyphen, zero-width characters, BOM, ...
      switch (p->category) {
        case UTF8PROC_CATEGORY_ZS:
        case UTF8PROC_CATEGORY_ZL:
        case UTF8PROC_CATEGORY_ZP:
        case UTF8PROC_CATEGORY_CC:
          out->push_back(' ');
          continue;
        default:
          break;
      }
      if (cp == 0x2026) {  // HORIZONTAL ELLIPSIS (NFKC does this too)
        out->append("...");
        continue;
      }
      if (char32_t folded = FoldQuoteOrDash(cp)) cp = folded;
    }
    common::AppendUtf8(cp, out);
  }
}

// NormalizeCluster of every single BMP character, for one option set.
class BmpTable {
 public:
  explicit BmpTable(unsigned bits) {
    Scratch scratch;
    std::string out;
    const bool fold = bits & kFoldPunctuation;
    for (char32_t cp = 0; cp < 0x10000; ++cp) {
      if (cp >= 0xD800 && cp <= 0xDFFF) continue;  // surrogates never decode
      out.clear();
      NormalizeCluster(&cp, 1, bits, &scratch, &out);
      // Plain: no byte the emitter treats specially, so it may copy the bytes as a block.
      bool plain = !fold || (out.find(' ') == std::string::npos &&
                             out.find('\'') == std::string::npos && !out.empty());
      entries_[cp] = (static_cast<uint32_t>(pool_.size()) << 8) | (plain ? kPlain : 0) |
                     static_cast<uint32_t>(out.size());
      pool_.append(out);
    }
  }
  std::string_view Get(char32_t cp, bool* plain) const {
    uint32_t e = entries_[cp];
    *plain = e & kPlain;
    return std::string_view(pool_).substr(e >> 8, e & kLengthMask);
  }

 private:
  static constexpr uint32_t kPlain = 0x80;
  static constexpr uint32_t kLengthMask = 0x7F;
  // pool_ offset << 8 | plain | length (outputs are at most 18 characters, 54 bytes).
  std::array<uint32_t, 0x10000> entries_{};
  std::string pool_;
};

const BmpTable& GetBmpTable(unsigned bits) {
  static std::once_flag once[kNumOptionSets];
  static std::unique_ptr<BmpTable> tables[kNumOptionSets];
  std::call_once(once[bits], [bits] { tables[bits] = std::make_unique<BmpTable>(bits); });
  return *tables[bits];
}

// The ASCII fast path: output byte per input byte; kSpaceRun marks whitespace and control
// characters when punctuation is folded.
constexpr uint8_t kSpaceRun = 0x80;

constexpr std::array<uint8_t, 128> MakeAsciiTable(unsigned bits) {
  std::array<uint8_t, 128> table{};
  for (int c = 0; c < 128; ++c) {
    uint8_t v = static_cast<uint8_t>(c);
    if ((bits & kCaseFold) && c >= 'A' && c <= 'Z') v = static_cast<uint8_t>(c - 'A' + 'a');
    if (bits & kFoldPunctuation) {
      if (c <= 0x20 || c == 0x7F) v = kSpaceRun;
      if (c == '`') v = '\'';
    }
    table[c] = v;
  }
  return table;
}

constexpr std::array<std::array<uint8_t, 128>, kNumOptionSets> kAsciiTables = {
    MakeAsciiTable(0), MakeAsciiTable(1), MakeAsciiTable(2), MakeAsciiTable(3),
    MakeAsciiTable(4), MakeAsciiTable(5), MakeAsciiTable(6), MakeAsciiTable(7)};

// Builds the output and the byte map. Whitespace is emitted lazily: a run sets
// pending_space_, and one space is written before the next visible byte, so leading and
// trailing runs vanish.
template <bool kWithMap>
class Emitter {
 public:
  Emitter(size_t source_size, bool fold, std::string* out, std::vector<uint32_t>* map)
      : fold_(fold), out_(out), map_(map) {
    Reserve(source_size + 16);
  }

  // Room for `n` more bytes (plus a pending space).
  void Ensure(size_t n) {
    if (pos_ + n + 1 > capacity_) Reserve(std::max(capacity_ * 2, pos_ + n + 1));
  }

  void Space(uint32_t src) {
    if (!pending_space_) {
      pending_space_ = true;
      space_src_ = src;
    }
  }

  // One visible byte (Ensure first).
  void Byte(uint8_t b, uint32_t src) {
    if (pending_space_) {
      pending_space_ = false;
      if (pos_ > 0) Put(' ', space_src_);
    }
    if (b == '\'' && fold_ && pos_ > 0 && data_[pos_ - 1] == '\'') {
      data_[pos_ - 1] = '"';  // '' -> "
      return;
    }
    Put(b, src);
  }

  // Bytes of one cluster's output with no space or quote: copied as a block.
  void PlainBytes(std::string_view bytes, uint32_t src) {
    Ensure(bytes.size());
    if (pending_space_) {
      pending_space_ = false;
      if (pos_ > 0) Put(' ', space_src_);
    }
    __builtin_memcpy(data_ + pos_, bytes.data(), bytes.size());
    if (kWithMap) std::fill_n(map_data_ + pos_, bytes.size(), src);
    pos_ += bytes.size();
  }

  // Bytes of one cluster's output, all from source offset `src`.
  void Bytes(std::string_view bytes, uint32_t src) {
    Ensure(bytes.size());
    for (char ch : bytes) {
      uint8_t b = static_cast<uint8_t>(ch);
      if (b == ' ' && fold_) {
        Space(src);
      } else {
        Byte(b, src);
      }
    }
  }

  // ASCII run source[begin, end) through `table`. Eight bytes at a time where the output
  // is the input byte for byte (lower-cased, whitespace and controls made spaces): no
  // quote or backtick (they may merge), no two whitespace bytes in a row, none last in the
  // block (the next may continue the run), and no leading space to drop. On English text
  // most blocks qualify; the rest go byte by byte.
  void AsciiRun(const uint8_t* source, uint32_t begin, uint32_t end,
                const std::array<uint8_t, 128>& table, bool case_fold) {
    constexpr uint64_t kOnes = 0x0101010101010101ull;
    constexpr uint64_t kHigh = kOnes * 0x80;
    // High bit of each byte of x (all bytes < 0x80) that equals c.
    auto equal = [](uint64_t x, uint8_t c) {
      uint64_t y = x ^ (kOnes * c);
      return ~((y | kHigh) - kOnes) & kHigh;
    };
    Ensure(end - begin);
    uint32_t i = begin;
    while (i < end) {
      if (i + 8 <= end && !pending_space_ && pos_ > 0) {
        uint64_t x;
        __builtin_memcpy(&x, source + i, 8);
        uint64_t ws = 0;
        uint64_t special = 0;
        if (fold_) {
          ws = (~((x | kHigh) - kOnes * 0x21) & kHigh) | equal(x, 0x7F);  // < 0x21, DEL
          special = equal(x, '\'') | equal(x, '`') | (ws & (ws << 8)) | (ws & (kHigh << 56));
        }
        if (special == 0) {
          if (case_fold) {
            uint64_t at_least_a = ((x | kHigh) - kOnes * 'A') & kHigh;
            uint64_t above_z = ((x | kHigh) - kOnes * ('Z' + 1)) & kHigh;
            x += (at_least_a & ~above_z) >> 2;  // + 0x20
          }
          uint64_t ws_bytes = (ws >> 7) * 0xFF;
          x = (x & ~ws_bytes) | (ws_bytes & (kOnes * ' '));
          __builtin_memcpy(data_ + pos_, &x, 8);
          if (kWithMap) {
            for (uint32_t k = 0; k < 8; ++k) map_data_[pos_ + k] = i + k;
          }
          pos_ += 8;
          i += 8;
          continue;
        }
      }
      uint8_t v = table[source[i]];
      if (v == kSpaceRun) {
        Space(i);
      } else {
        Byte(v, i);
      }
      ++i;
    }
  }

  void Finish(uint32_t source_size) {
    out_->resize(pos_);
    if (kWithMap) {
      map_->resize(pos_ + 1);
      (*map_)[pos_] = source_size;
    }
  }

 private:
  void Put(uint8_t b, uint32_t src) {
    data_[pos_] = static_cast<char>(b);
    if (kWithMap) map_data_[pos_] = src;
    ++pos_;
  }

  void Reserve(size_t capacity) {
    out_->resize(capacity);
    data_ = out_->data();
    if (kWithMap) {
      map_->resize(capacity + 1);
      map_data_ = map_->data();
    }
    capacity_ = capacity;
  }

  bool fold_;
  std::string* out_;
  std::vector<uint32_t>* map_;
  char* data_ = nullptr;
  uint32_t* map_data_ = nullptr;
  size_t pos_ = 0;
  size_t capacity_ = 0;
  bool pending_space_ = false;
  uint32_t space_src_ = 0;
};

// Index of the first byte >= 0x80 in s[from, n), or n.
size_t SkipAscii(const uint8_t* s, size_t from, size_t n) {
  size_t i = from;
  while (i + 8 <= n) {
    uint64_t w;
    __builtin_memcpy(&w, s + i, 8);
    uint64_t high = w & 0x8080808080808080ull;
    if (high) return i + (__builtin_ctzll(high) >> 3);
    i += 8;
  }
  while (i < n && s[i] < 0x80) ++i;
  return i;
}

// Decodes the character at source[pos]: valid 2- and 3-byte sequences inline, the rest
// (4 bytes, invalid bytes -> U+FFFD of length 1) through common::DecodeUtf8.
inline char32_t Decode(std::string_view source, size_t pos, int* length) {
  const auto* s = reinterpret_cast<const uint8_t*>(source.data());
  const size_t n = source.size();
  uint8_t c = s[pos];
  if (c < 0x80) {
    *length = 1;
    return c;
  }
  if (c >= 0xC2 && c <= 0xDF && pos + 1 < n && (s[pos + 1] & 0xC0) == 0x80) {
    *length = 2;
    return ((c & 0x1Fu) << 6) | (s[pos + 1] & 0x3Fu);
  }
  // E1-EF (not E0: overlongs; ED only below 0xA0: surrogates) with two continuations.
  if (c >= 0xE1 && pos + 2 < n && (s[pos + 2] & 0xC0) == 0x80 &&
      ((c <= 0xEF && c != 0xED && (s[pos + 1] & 0xC0) == 0x80) ||
       (c == 0xED && s[pos + 1] >= 0x80 && s[pos + 1] <= 0x9F))) {
    *length = 3;
    return ((c & 0x0Fu) << 12) | ((s[pos + 1] & 0x3Fu) << 6) | (s[pos + 2] & 0x3Fu);
  }
  return common::DecodeUtf8(source, pos, length);
}

template <bool kWithMap>
std::string Run(std::string_view source, unsigned bits, bool use_tables,
                std::vector<uint32_t>* to_source) {
  std::string out;
  // Source offsets are 32-bit; callers split larger documents (InputOptions caps them).
  const auto n = static_cast<uint32_t>(std::min<size_t>(source.size(), UINT32_MAX - 1));
  const auto* s = reinterpret_cast<const uint8_t*>(source.data());
  Emitter<kWithMap> emit(n, bits & kFoldPunctuation, &out, to_source);
  const std::array<uint8_t, 128>& ascii = kAsciiTables[bits];
  const ContinueTable& continues = GetContinueTable();
  const BmpTable* bmp = use_tables ? &GetBmpTable(bits) : nullptr;
  const bool fold = bits & kFoldPunctuation;
  Scratch scratch;
  std::string cluster_out;
  char32_t cluster[kMaxNonStarters + 1];

  uint32_t i = 0;
  // The character at i when already decoded (the one that ended the previous cluster).
  char32_t next_cp = 0;
  int next_len = 0;
  while (i < n) {
    if (use_tables && s[i] < 0x80) {
      // ASCII followed by ASCII: the table. The last ASCII character before a non-ASCII
      // one starts a cluster if that one continues it (e + U+0301).
      auto run_end = static_cast<uint32_t>(SkipAscii(s, i, n));
      if (run_end < n) {
        next_cp = Decode(source, run_end, &next_len);
        if (continues.Get(next_cp, fold)) {
          --run_end;
          next_len = 0;
        }
      }
      emit.AsciiRun(s, i, run_end, ascii, bits & kCaseFold);
      i = run_end;
      if (i >= n) break;
    }
    // One cluster: a character and the characters that continue it.
    int len = next_len;
    size_t count = 0;
    cluster[count++] = len > 0 ? next_cp : Decode(source, i, &len);
    next_len = 0;
    uint32_t j = i + len;
    while (j < n && s[j] >= 0x80 && count <= kMaxNonStarters) {
      char32_t cp = Decode(source, j, &len);
      if (!continues.Get(cp, fold)) {
        next_cp = cp;
        next_len = len;
        break;
      }
      j += len;
      if (fold && IsIgnorable(cp)) continue;  // dropped
      cluster[count++] = cp;
    }
    if (bmp != nullptr && count == 1 && cluster[0] < 0x10000) {
      bool plain = false;
      std::string_view bytes = bmp->Get(cluster[0], &plain);
      if (plain) {
        emit.PlainBytes(bytes, i);
      } else {
        emit.Bytes(bytes, i);
      }
    } else {
      cluster_out.clear();
      NormalizeCluster(cluster, count, bits, &scratch, &cluster_out);
      emit.Bytes(cluster_out, i);
    }
    i = j;
  }
  emit.Finish(n);
  return out;
}

std::string NormalizeImpl(std::string_view source, const NormalizeOptions& options, bool use_tables,
                          std::vector<uint32_t>* to_source) {
  unsigned bits = OptionBits(options);
  if (to_source != nullptr) return Run<true>(source, bits, use_tables, to_source);
  return Run<false>(source, bits, use_tables, nullptr);
}

}  // namespace

std::string Normalize(std::string_view source, const NormalizeOptions& options,
                      std::vector<uint32_t>* to_source) {
  return NormalizeImpl(source, options, /*use_tables=*/true, to_source);
}

std::string NormalizeForWords(std::string_view source, const NormalizeOptions& options) {
  if (!options.case_fold) return Normalize(source, options);
  const size_t n = std::min<size_t>(source.size(), UINT32_MAX - 1);  // as Normalize cuts
  std::string out(n, ' ');
  const auto* s = reinterpret_cast<const unsigned char*>(source.data());
  // The first non-ASCII byte sends the text to Normalize (the lowered part is dropped).
  size_t i = 0;
  for (; i + common::kBlockBytes <= n; i += common::kBlockBytes) {
    const common::BlockMasks m = common::ClassifyBlock(s + i);
    if (m.non_ascii != 0) return Normalize(source, options);
    common::FoldBlock(s + i, m, out.data() + i);
  }
  if (i < n) {  // the last bytes, as a block padded with NULs (no word, ASCII)
    unsigned char tail[common::kBlockBytes] = {};
    char folded[common::kBlockBytes];
    std::memcpy(tail, s + i, n - i);
    const common::BlockMasks m = common::ClassifyBlock(tail);
    if (m.non_ascii != 0) return Normalize(source, options);
    common::FoldBlock(tail, m, folded);
    std::memcpy(out.data() + i, folded, n - i);
  }
  return out;
}

uint32_t SourceEnd(const std::vector<uint32_t>& to_source, uint32_t norm_end) {
  if (to_source.empty()) return 0;
  const auto last = static_cast<uint32_t>(to_source.size() - 1);
  if (norm_end == 0) return to_source[0];
  if (norm_end > last) norm_end = last;
  // Bytes of one source character (or cluster) share its start offset; the end is the
  // next larger offset.
  const uint32_t start = to_source[norm_end - 1];
  uint32_t j = norm_end;
  while (j < last && to_source[j] == start) ++j;
  return to_source[j];
}

namespace internal {

std::string NormalizeWithoutTables(std::string_view source, const NormalizeOptions& options,
                                   std::vector<uint32_t>* to_source) {
  return NormalizeImpl(source, options, /*use_tables=*/false, to_source);
}

bool ContinuesCluster(char32_t cp) { return GetContinueTable().Get(cp, /*fold=*/false); }

}  // namespace internal
}  // namespace doppel::text
