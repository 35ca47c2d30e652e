// TextKeyer: see text_key.h. The fast path and why it gives the reference key are
// described there; tests/unit/clean/fast_paths_test.cc checks both against each other.
#include "clean/text_key.h"

#include <utf8proc.h>

#include <array>
#include <bit>
#include <cstddef>
#include <cstring>
#include <string>

#include "common/ascii_block.h"
#include "common/hash.h"
#include "common/utf8.h"
#include "doppel/options.h"
#include "text/normalize.h"
#include "text/tokenize.h"

namespace doppel::clean {
namespace {

// Seed of TextKey: part of the cleaning behaviour (corpus keys must agree across runs).
constexpr uint64_t kTextKeySeed = 0x636c65616e6b6579ull;  // "cleankey"

// ASCII letters and digits as the normal form has them (letters lower-cased); 0 for the
// other ASCII bytes, which separate words.
constexpr std::array<uint8_t, 128> MakeAsciiWordFold() {
  std::array<uint8_t, 128> table{};
  for (int c = 0; c < 128; ++c) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) table[c] = static_cast<uint8_t>(c);
    if (c >= 'A' && c <= 'Z') table[c] = static_cast<uint8_t>(c - 'A' + 'a');
  }
  return table;
}
constexpr std::array<uint8_t, 128> kAsciiWordFold = MakeAsciiWordFold();

// kAsciiWordFold for every byte; kNonAscii for the bytes of multi-byte characters.
constexpr uint8_t kNonAscii = 0xFF;
constexpr std::array<uint8_t, 256> MakeByteWordFold() {
  std::array<uint8_t, 256> table{};
  for (int c = 0; c < 256; ++c) table[c] = c < 128 ? kAsciiWordFold[c] : kNonAscii;
  return table;
}
constexpr std::array<uint8_t, 256> kByteWordFold = MakeByteWordFold();

}  // namespace

uint64_t TextKey(std::string_view text, uint32_t* num_words) {
  TextKeyer keyer;
  TextKeyer::Key key = keyer.Compute(text);
  if (num_words != nullptr) *num_words = key.num_words;
  return key.key;
}

namespace {

// The fast-path table of TextKeyer: what a non-ASCII character becomes in the normal form.
struct SimpleChar {
  enum Kind : uint8_t { kOther = 0, kSeparator, kWordText };
  Kind kind = kOther;
  bool upper = false;     // the character is upper- or title-case (utf8proc category)
  bool lower = false;     // ... lower-case
  uint8_t size = 0;       // bytes of `text` (kWordText)
  char text[6] = {};      // the normal form, all word characters (kWordText)
};

class SimpleCharTable {
 public:
  SimpleCharTable() {
    for (const Range& range : kRanges) {
      for (char32_t cp = range.first; cp < range.end; ++cp) Classify(cp);
    }
  }

  // The entry of `cp`, or null outside the ranges.
  const SimpleChar* Find(char32_t cp) const {
    size_t index = Index(cp);
    return index < kSize ? &entries_[index] : nullptr;
  }

 private:
  struct Range {
    char32_t first;
    char32_t end;
  };
  static constexpr Range kRanges[] = {{0x80, 0x250}, {0x2000, 0x2070}, {0x20A0, 0x20D0}};
  static constexpr size_t kSize = (0x250 - 0x80) + (0x2070 - 0x2000) + (0x20D0 - 0x20A0);

  static size_t Index(char32_t cp) {
    size_t offset = 0;
    for (const Range& range : kRanges) {
      if (cp >= range.first && cp < range.end) return offset + (cp - range.first);
      offset += range.end - range.first;
    }
    return kSize;
  }

  // True when `s` is one run of word characters (none a word by itself).
  static bool AllWordChars(std::string_view s) {
    if (s.empty()) return false;
    for (size_t pos = 0; pos < s.size();) {
      int length = 1;
      if (text::ClassifyWordChar(common::DecodeUtf8(s, pos, &length)) != text::WordCharKind::kRun) return false;
      pos += static_cast<size_t>(length);
    }
    return true;
  }

  void Classify(char32_t cp) {
    SimpleChar& entry = entries_[Index(cp)];
    // A starter that neither joins the cluster before it nor is dropped, and not a word by
    // itself (text::IsSingleCharWord: none is in the ranges, but the words built here
    // are runs).
    if (text::IsSingleCharWord(cp) || text::internal::ContinuesCluster(cp) ||
        utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))->combining_class != 0) {
      return;
    }
    std::string probe = "a";
    common::AppendUtf8(cp, &probe);
    probe += "a";
    std::string normal = text::Normalize(probe, NormalizeOptions{});
    if (normal.size() < 2 || normal.front() != 'a' || normal.back() != 'a') return;
    std::string_view middle = std::string_view(normal).substr(1, normal.size() - 2);
    if (middle.empty()) return;  // dropped: the words around it would join
    const bool raw_word = text::IsWordChar(cp);
    const auto category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
    entry.upper = category == UTF8PROC_CATEGORY_LU || category == UTF8PROC_CATEGORY_LT;
    entry.lower = category == UTF8PROC_CATEGORY_LL;
    if (AllWordChars(middle)) {
      if (!raw_word || middle.size() > sizeof(entry.text)) return;
      entry.kind = SimpleChar::kWordText;
      entry.size = static_cast<uint8_t>(middle.size());
      middle.copy(entry.text, middle.size());
      return;
    }
    std::vector<text::Span> words;
    text::TokenizeWords(middle, &words);
    if (words.empty() && !raw_word) entry.kind = SimpleChar::kSeparator;
  }

  SimpleChar entries_[kSize];
};

const SimpleCharTable& GetSimpleCharTable() {
  static const SimpleCharTable table;
  return table;
}

}  // namespace

namespace {

// The words of text::Normalize(text) joined by single spaces; returns their number.
uint32_t JoinNormalizedWords(std::string_view text, std::vector<text::Span>* words,
                             std::string* joined) {
  std::string normalized = text::Normalize(text, NormalizeOptions{});
  text::TokenizeWords(normalized, words);
  joined->clear();
  for (const text::Span& word : *words) {
    if (!joined->empty()) joined->push_back(' ');
    joined->append(normalized, word.begin, word.size());
  }
  return static_cast<uint32_t>(words->size());
}

}  // namespace

uint64_t internal::TextKeyWithoutFastPath(std::string_view text, uint32_t* num_words) {
  std::vector<text::Span> words;
  std::string joined;
  uint32_t count = JoinNormalizedWords(text, &words, &joined);
  if (num_words != nullptr) *num_words = count;
  if (count == 0) return 0;
  uint64_t key = common::Hash64(joined, kTextKeySeed);
  return key == 0 ? 1 : key;
}

UnitKeys KeyUnits(std::string_view text, const std::vector<Unit>& units, bool with_trace) {
  UnitKeys out;
  const size_t n = units.size();
  out.keys.resize(n);
  out.num_words.resize(n);
  out.fast.resize(n);
  out.first_word.resize(n);
  out.joined_end.resize(n);
  TextKeyer keyer;
  for (size_t i = 0; i < n; ++i) {
    out.first_word[i] = static_cast<uint32_t>(out.trace.num_words);
    TextKeyer::Key key = keyer.Compute(text.substr(units[i].begin, units[i].end - units[i].begin),
                                       with_trace ? &out.trace : nullptr);
    out.keys[i] = key.key;
    out.num_words[i] = key.num_words;
    out.fast[i] = key.fast;
    out.joined_end[i] = static_cast<uint32_t>(out.trace.joined_size);
  }
  return out;
}

uint64_t KeyOfJoinedWords(std::string_view joined) {
  if (joined.empty()) return 0;
  uint64_t key = common::Hash64(joined, kTextKeySeed);
  return key == 0 ? 1 : key;
}

#ifdef DOPPEL_HAVE_AVX512_PATH
namespace {

// The bytes of v in [lo, hi], as a bit mask.
DOPPEL_TARGET_AVX512_VBMI2 inline uint64_t BytesInRange64(__m512i v, char lo, char hi) {
  return _mm512_cmple_epu8_mask(_mm512_sub_epi8(v, _mm512_set1_epi8(lo)), _mm512_set1_epi8(static_cast<char>(hi - lo)));
}

// Where byte `at` of a block lands in the output: the block's output offset plus the
// kept bytes before it. (Not a lambda: a lambda does not inherit its caller's target.)
DOPPEL_TARGET_AVX512_VBMI2 inline uint32_t Landing64(uint32_t out_offset, uint64_t keep, int at) {
  return out_offset + static_cast<uint32_t>(std::popcount(keep & ((uint64_t{1} << at) - 1)));
}

// The trace entries of a block's word starts (bits of `word_starts`, all kept), in order,
// from `out`: {pos + at, Landing64(out_offset, keep, at)} for each start `at`, sixteen at a
// time. Each kept byte's rank among the kept ones comes from expanding 0, 1, 2, ... over
// `keep`; the starts' positions and ranks are then compressed out, widened to 32 bits and
// interleaved. (A loop over the starts, a popcount each, was half of this block step.)
// Writes whole groups of 16 entries: up to 15 past the last start.
DOPPEL_TARGET_AVX512_VBMI2 inline void WordStarts64(uint64_t word_starts, uint64_t keep, uint32_t pos,
                                                    uint32_t out_offset, KeyTrace::Word* out) {
  static_assert(sizeof(KeyTrace::Word) == 8 && offsetof(KeyTrace::Word, joined_begin) == 4);
  alignas(64) static constexpr uint8_t kIota[64] = {
      0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
      22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43,
      44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63};
  alignas(64) static constexpr uint32_t kLow[16] = {0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23};
  alignas(64) static constexpr uint32_t kHigh[16] = {8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31};
  const __m512i iota = _mm512_load_si512(kIota);
  const __m512i rank = _mm512_maskz_expand_epi8(keep, iota);
  alignas(64) uint8_t at[64], landing[64];
  _mm512_store_si512(at, _mm512_maskz_compress_epi8(word_starts, iota));
  _mm512_store_si512(landing, _mm512_maskz_compress_epi8(word_starts, rank));
  const int count = std::popcount(word_starts);
  const __m512i text_base = _mm512_set1_epi32(static_cast<int>(pos));
  const __m512i joined_base = _mm512_set1_epi32(static_cast<int>(out_offset));
  const __m512i low = _mm512_load_si512(kLow), high = _mm512_load_si512(kHigh);
  for (int c = 0; c < count; c += 16) {
    const __m512i text_begin =
        _mm512_add_epi32(_mm512_maskz_cvtepu8_epi32(0xFFFF, _mm_load_si128(reinterpret_cast<const __m128i*>(at + c))), text_base);
    const __m512i joined_begin =
        _mm512_add_epi32(_mm512_maskz_cvtepu8_epi32(0xFFFF, _mm_load_si128(reinterpret_cast<const __m128i*>(landing + c))), joined_base);
    _mm512_storeu_si512(out + c, _mm512_permutex2var_epi32(text_begin, low, joined_begin));
    _mm512_storeu_si512(out + c + 8, _mm512_permutex2var_epi32(text_begin, high, joined_begin));
  }
}

// TextKeyer::Compute's ASCII block step on 64 bytes at `s + pos` (all readable): the same
// masks as the 16-byte step, the kept bytes packed by one compress (VBMI2) instead of a
// copy per run. Returns the bytes consumed: up to the first non-ASCII byte, 0 when that
// is the first. `starts` / `starts_mask` as in Compute (one rewritten slot when not
// traced); the output may be written up to 64 bytes past its end.
DOPPEL_TARGET_AVX512_VBMI2 int KeyAsciiBlock64(const unsigned char* s, size_t pos, const char* base, char** out,
                                               KeyTrace::Word* starts, bool traced, size_t* num_words,
                                               bool* in_word, TextKeyer::CaseScan* cases) {
  const __m512i v = _mm512_loadu_si512(s + pos);
  const uint64_t non_ascii = _mm512_movepi8_mask(v);
  const int count = non_ascii != 0 ? std::countr_zero(non_ascii) : 64;
  if (count == 0) return 0;
  const uint64_t valid = count == 64 ? ~uint64_t{0} : (uint64_t{1} << count) - 1;
  const uint64_t upper = BytesInRange64(v, 'A', 'Z'), lower = BytesInRange64(v, 'a', 'z');
  const uint64_t digit = BytesInRange64(v, '0', '9');
  const uint64_t any_word = upper | lower | digit;
  const uint64_t word = any_word & valid;
  const uint64_t previous_word = ((word << 1) | static_cast<uint64_t>(*in_word)) & valid;
  const uint64_t word_starts = word & ~previous_word;
  const uint64_t keep = word | previous_word;
  const uint32_t out_offset = static_cast<uint32_t>(*out - base);
  if (cases != nullptr) {
    cases->upper += static_cast<uint32_t>(std::popcount(upper & valid));
    cases->lower += static_cast<uint32_t>(std::popcount(lower & valid));
    uint64_t capitals = word_starts & upper;
    if (*num_words == 0) capitals &= ~(word_starts & (0 - word_starts));  // not the first
    for (; capitals != 0; capitals &= capitals - 1) {
      const int at = std::countr_zero(capitals);
      cases->capitals.push_back({static_cast<uint32_t>(pos) + static_cast<uint32_t>(at), Landing64(out_offset, keep, at)});
    }
  }
  if (traced && word_starts != 0) {
    WordStarts64(word_starts, keep, static_cast<uint32_t>(pos), out_offset, starts + *num_words);
  }
  *num_words += static_cast<size_t>(std::popcount(word_starts));
  // Letters lowered, every other byte a space; the kept ones packed to the output.
  const __m512i lowered = _mm512_mask_or_epi32(v, 0xFFFF, v, _mm512_maskz_set1_epi8(upper, 0x20));
  const __m512i folded = _mm512_mask_blend_epi8(any_word, _mm512_set1_epi8(' '), lowered);
  _mm512_storeu_si512(*out, _mm512_maskz_compress_epi8(keep, folded));
  *out += std::popcount(keep);
  *in_word = (word >> (count - 1)) & 1;
  return count;
}

}  // namespace
#endif

TextKeyer::Key TextKeyer::Compute(std::string_view text, KeyTrace* trace, CaseScan* cases) {
  // The words of the normal form joined by single spaces, hashed. ASCII bytes go 16 at
  // a time (up to the first non-ASCII byte of a block) or take a branch-free step: a
  // word byte is written folded; a separator writes a space that is kept (the output
  // advances) only after a word byte, and is overwritten otherwise. Word starts are
  // recorded the same way: their slot is written at every byte and kept (the count
  // advances) only at a start.
  static const SimpleCharTable& table = GetSimpleCharTable();
  Key result;
  const size_t n = text.size();
  // A table character of 2 bytes becomes at most 6 bytes and a space; block copies
  // write up to 16 bytes past the output (64 on the 64-byte path).
  const size_t room = 4 * n + 2 * common::kBlockBytes + 64;
  RawBuffer<char>& buffer = trace != nullptr ? trace->joined : joined_;
  const size_t used = trace != nullptr ? trace->joined_size : 0;
  buffer.Reserve(used + room, used);
  KeyTrace::Word* starts = &scratch_start_;
  size_t starts_mask = 0;  // one slot, rewritten, when not traced
  if (trace != nullptr) {
    trace->words.Reserve(trace->num_words + n + 1, trace->num_words);
    starts = trace->words.data() + trace->num_words;
    starts_mask = ~size_t{0};
  }
  if (cases != nullptr) {
    cases->upper = 0;
    cases->lower = 0;
    cases->capitals.clear();
  }
  char* const base = buffer.data();  // offsets in KeyTrace::Word are from here
  char* const out_begin = base + used;
  char* out = out_begin;
  auto offset = [&](const char* at) { return static_cast<uint32_t>(at - base); };
  size_t num_words = 0;
  bool in_word = false;
  bool fast = true;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t pos = 0; pos < n;) {
#ifdef DOPPEL_HAVE_AVX512_PATH
    if (wide_ && pos + 64 <= n) {
      const int count = KeyAsciiBlock64(s, pos, base, &out, starts, trace != nullptr, &num_words, &in_word, cases);
      if (count > 0) {
        pos += static_cast<size_t>(count);
        continue;
      }
    }
#endif
    if (pos + common::kBlockBytes <= n) {
      // The bytes kept are the word bytes and the first separator after a word
      // (written as a space), copied run by run.
      const common::BlockMasks m = common::ClassifyBlock(s + pos);
      const int count = m.non_ascii != 0 ? std::countr_zero(m.non_ascii) : common::kBlockBits;
      if (count > 0) {
        const uint32_t valid = count == common::kBlockBits ? 0xFFFFu : (1u << count) - 1;
        const uint32_t word = m.word() & valid;
        const uint32_t previous_word = ((word << 1) | static_cast<uint32_t>(in_word)) & valid;
        const uint32_t word_starts = word & ~previous_word;
        const uint32_t keep = word | previous_word;
        // Where byte `at` of the block lands in the output.
        auto landing = [&](int at) { return offset(out) + common::CountBits16(keep & ((1u << at) - 1)); };
        if (cases != nullptr) {
          cases->upper += common::CountBits16(m.upper & valid);
          cases->lower += common::CountBits16(m.lower & valid);
          uint32_t capitals = word_starts & m.upper;
          if (num_words == 0) capitals &= ~(word_starts & (0u - word_starts));  // not the first
          for (; capitals != 0; capitals &= capitals - 1) {
            const int at = std::countr_zero(capitals);
            cases->capitals.push_back(
                {static_cast<uint32_t>(pos) + static_cast<uint32_t>(at), landing(at)});
          }
        }
        if (trace != nullptr) {
          for (uint32_t bits = word_starts; bits != 0; bits &= bits - 1) {
            const int at = std::countr_zero(bits);
            starts[num_words++] = {static_cast<uint32_t>(pos) + static_cast<uint32_t>(at),
                                   landing(at)};
          }
        } else {
          num_words += common::CountBits16(word_starts);
        }
        alignas(16) char folded[2 * common::kBlockBytes];
        common::FoldBlock(s + pos, m, folded);
        if (keep == valid) {
          std::memcpy(out, folded, common::kBlockBytes);  // only `count` bytes count
          out += count;
        } else {
          for (uint32_t bits = keep; bits != 0;) {
            const int at = std::countr_zero(bits);
            const int run = std::countr_zero(~(bits >> at));
            std::memcpy(out, folded + at, common::kBlockBytes);  // only `run` bytes count
            out += run;
            bits &= ~(((1u << run) - 1) << at);
          }
        }
        in_word = (word >> (count - 1)) & 1;
        pos += static_cast<size_t>(count);
        continue;
      }
    }
    const uint8_t folded = kByteWordFold[s[pos]];
    if (folded != kNonAscii) {
      const bool word = folded != 0;
      if (cases != nullptr) {
        const bool upper = static_cast<unsigned>(s[pos] - 'A') < 26;
        cases->upper += upper;
        cases->lower += static_cast<unsigned>(s[pos] - 'a') < 26;
        if (upper && !in_word && num_words > 0) {
          cases->capitals.push_back({static_cast<uint32_t>(pos), offset(out)});
        }
      }
      starts[num_words & starts_mask] = {static_cast<uint32_t>(pos), offset(out)};
      num_words += word & !in_word;
      *out = word ? static_cast<char>(folded) : ' ';
      out += word | in_word;
      in_word = word;
      ++pos;
      continue;
    }
    int length = 1;
    const char32_t cp = common::DecodeUtf8(text, pos, &length);
    const SimpleChar* simple = table.Find(cp);
    if (simple == nullptr || simple->kind == SimpleChar::kOther) {
      fast = false;
      break;
    }
    if (cases != nullptr) {
      cases->upper += simple->upper;
      cases->lower += simple->lower;
      if (simple->upper && !in_word && num_words > 0) {
        cases->capitals.push_back({static_cast<uint32_t>(pos), offset(out)});
      }
    }
    if (simple->kind == SimpleChar::kSeparator) {
      *out = ' ';
      out += in_word;
      in_word = false;
    } else {
      if (!in_word) {
        starts[num_words & starts_mask] = {static_cast<uint32_t>(pos), offset(out)};
        ++num_words;
      }
      for (uint8_t b = 0; b < simple->size; ++b) *out++ = simple->text[b];
      in_word = true;
    }
    pos += static_cast<size_t>(length);
  }
  if (!fast) {
    num_words = JoinNormalizedWords(text, &words_, &normalized_joined_);
    result.num_words = static_cast<uint32_t>(num_words);
    result.key = KeyOfJoinedWords(normalized_joined_);
    joined_size_ = 0;
    return result;
  }
  if (out != out_begin && !in_word) --out;  // the space after the last word
  const std::string_view joined(out_begin, static_cast<size_t>(out - out_begin));
  if (trace != nullptr) {
    trace->joined_size += joined.size();
    trace->num_words += num_words;
  } else {
    joined_size_ = joined.size();
  }
  result.fast = true;
  result.num_words = static_cast<uint32_t>(num_words);
  result.key = KeyOfJoinedWords(joined);
  return result;
}

}  // namespace doppel::clean
