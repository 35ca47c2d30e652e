#include "clean/line_shape.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "common/utf8.h"
#include "text/tokenize.h"

namespace doppel::clean {
namespace {

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiWhitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Units of time after a number ("2 hours", "35 min", "3d"). This is the only vocabulary
// the cleaner knows: it recognises relative timestamps, not any site's labels.
bool IsTimeUnit(std::string_view word) {
  static constexpr std::array<std::string_view, 32> kUnits = {
      "s",     "sec",  "secs", "second", "seconds", "m",   "min",  "mins",
      "minute", "minutes", "h", "hr",     "hrs",     "hour", "hours", "d",
      "day",   "days", "w",    "wk",     "wks",     "week", "weeks", "mo",
      "mos",   "month", "months", "y",   "yr",      "yrs",  "year",  "years"};
  char lower[8];
  if (word.size() > sizeof(lower)) return false;  // longer than any unit
  for (size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    lower[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return std::find(kUnits.begin(), kUnits.end(), std::string_view(lower, word.size())) !=
         kUnits.end();
}

// Digit groups joined by one separator kind: clock "13:41", "7:05:22"; date "07/10/99",
// "2005-03-01", "1.2.2004". `token` is a whitespace-delimited chunk stripped of
// surrounding punctuation.
bool IsStamp(std::string_view token) {
  std::vector<size_t> group_sizes;
  char separator = 0;
  size_t run = 0;
  for (char c : token) {
    if (IsAsciiDigit(c)) {
      ++run;
      continue;
    }
    if (c != ':' && c != '/' && c != '.' && c != '-') return false;
    if (separator != 0 && c != separator) return false;
    if (run == 0) return false;
    separator = c;
    group_sizes.push_back(run);
    run = 0;
  }
  if (run == 0 || separator == 0) return false;
  group_sizes.push_back(run);
  if (separator == ':') {
    // h:mm or h:mm:ss
    if (group_sizes.size() > 3 || group_sizes[0] > 2) return false;
    for (size_t i = 1; i < group_sizes.size(); ++i) {
      if (group_sizes[i] != 2) return false;
    }
    return true;
  }
  // Dates: three groups, one of them may be a 4-digit year. A 2-group "3.5" or "10-12"
  // is a number or a range, not a date.
  if (group_sizes.size() != 3) return false;
  for (size_t size : group_sizes) {
    if (size > 4) return false;
  }
  return true;
}

bool IsOpenBracket(char32_t cp) { return cp == '(' || cp == '[' || cp == '{'; }
bool IsCloseBracket(char32_t cp) { return cp == ')' || cp == ']' || cp == '}'; }
bool IsSentenceEnd(char32_t cp) {
  return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 /* … */ || cp == 0x3002 ||
         cp == 0xFF01 || cp == 0xFF1F;
}

// A separator between the items of a menu when it stands alone between spaces.
bool IsMenuSeparator(char32_t cp, utf8proc_category_t category) {
  if (cp < 0x80) return cp == '|' || cp == '>' || cp == '/';
  if (cp == 0x00BB || cp == 0x203A) return true;  // » ›
  if (cp >= 0x2190 && cp <= 0x21FF) return true;  // arrows
  return category == UTF8PROC_CATEGORY_SO || category == UTF8PROC_CATEGORY_PO;
}

bool IsAlnumCategory(utf8proc_category_t category) {
  return category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_NO &&
         !(category >= UTF8PROC_CATEGORY_MN && category <= UTF8PROC_CATEGORY_ME);
}

bool IsAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

utf8proc_category_t CategoryOf(char32_t cp) {
  return utf8proc_category(static_cast<utf8proc_int32_t>(cp));
}

// utf8proc categories of the ASCII characters, looked up once.
utf8proc_category_t AsciiCategory(unsigned char c) {
  static const std::array<utf8proc_category_t, 128> table = [] {
    std::array<utf8proc_category_t, 128> categories{};
    for (char32_t cp = 0; cp < 128; ++cp) categories[cp] = CategoryOf(cp);
    return categories;
  }();
  return table[c];
}

}  // namespace

bool EndsSentence(std::string_view text) {
  // Walk back over code points that are neither letters, digits nor sentence ends. A
  // non-ASCII code point is decoded from its lead byte; in valid UTF-8 that is where a
  // forward decode starts too. Anything else (invalid UTF-8) takes the forward path.
  size_t end = text.size();
  while (end > 0) {
    const auto c = static_cast<unsigned char>(text[end - 1]);
    if (c < 0x80) {
      if (IsAsciiAlnum(c)) return false;
      if (c == '.' || c == '!' || c == '?') return true;
      --end;
      continue;
    }
    size_t lead = end - 1;
    for (int back = 0; back < 3 && lead > 0 &&
                       (static_cast<unsigned char>(text[lead]) & 0xC0) == 0x80;
         ++back) {
      --lead;
    }
    int length = 1;
    char32_t cp = common::DecodeUtf8(text, lead, &length);
    if (lead + static_cast<size_t>(length) != end) return ComputeShape(text).terminal;
    if (IsSentenceEnd(cp)) return true;
    if (IsAlnumCategory(CategoryOf(cp))) return false;
    end = lead;
  }
  return false;
}

bool HasWord(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    const auto c = static_cast<unsigned char>(text[pos]);
    if (c < 0x80) {
      if (IsAsciiAlnum(c)) return true;
      ++pos;
      continue;
    }
    int length = 1;
    if (text::IsWordChar(common::DecodeUtf8(text, pos, &length))) return true;
    pos += static_cast<size_t>(length);
  }
  return false;
}

uint32_t CountWords(std::string_view text) {
  // TokenizeWords without the spans: count the starts of runs of word characters, and
  // each single character word (with the marks after it, which start no word).
  uint32_t words = 0;
  bool in_word = false;
  for (size_t pos = 0; pos < text.size();) {
    const auto c = static_cast<unsigned char>(text[pos]);
    bool word_char;
    if (c < 0x80) {
      word_char = IsAsciiAlnum(c);
      ++pos;
    } else {
      int length = 1;
      const text::WordCharKind kind = text::ClassifyWordChar(common::DecodeUtf8(text, pos, &length));
      pos += static_cast<size_t>(length);
      if (kind == text::WordCharKind::kSingle) {
        ++words;
        pos = text::EndOfSingleCharWord(text, pos);
        in_word = false;
        continue;
      }
      word_char = kind != text::WordCharKind::kSeparator;
    }
    if (word_char && !in_word) ++words;
    in_word = word_char;
  }
  return words;
}

void CountCase(std::string_view text, uint32_t* upper, uint32_t* lower) {
  uint32_t num_upper = 0;
  uint32_t num_lower = 0;
  for (size_t pos = 0; pos < text.size();) {
    const auto c = static_cast<unsigned char>(text[pos]);
    if (c < 0x80) {
      num_upper += c >= 'A' && c <= 'Z';
      num_lower += c >= 'a' && c <= 'z';
      ++pos;
      continue;
    }
    int length = 1;
    utf8proc_category_t category = CategoryOf(common::DecodeUtf8(text, pos, &length));
    num_upper += category == UTF8PROC_CATEGORY_LU || category == UTF8PROC_CATEGORY_LT;
    num_lower += category == UTF8PROC_CATEGORY_LL;
    pos += static_cast<size_t>(length);
  }
  *upper = num_upper;
  *lower = num_lower;
}

bool MarkupOnly(std::string_view unit_text) {
  // Tags are "<" + letter, "/" or "!" ... ">" without "<" inside.
  size_t tags = 0;
  for (size_t pos = 0; pos < unit_text.size();) {
    char c = unit_text[pos];
    if (c == '<' && pos + 1 < unit_text.size()) {
      char next = unit_text[pos + 1];
      bool opens = (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') ||
                   next == '/' || next == '!';
      size_t close = opens ? unit_text.find_first_of("<>", pos + 1) : std::string_view::npos;
      if (close != std::string_view::npos && unit_text[close] == '>') {
        ++tags;
        pos = close + 1;
        continue;
      }
    }
    if (IsAsciiDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (static_cast<unsigned char>(c) & 0x80) != 0) {
      return false;  // a letter, digit or non-ASCII character outside the tags
    }
    ++pos;
  }
  return tags > 0;
}

LineShape ComputeShape(std::string_view unit_text) {
  ShapeBuffers buffers;
  return ComputeShape(unit_text, &buffers);
}

LineShape ComputeShape(std::string_view unit_text, ShapeBuffers* buffers) {
  using CodePoint = ShapeBuffers::CodePoint;
  LineShape shape;

  // Code points and their categories.
  std::vector<CodePoint>& cps = buffers->code_points;
  cps.clear();
  for (size_t pos = 0; pos < unit_text.size();) {
    const auto c = static_cast<unsigned char>(unit_text[pos]);
    if (c < 0x80) {
      cps.push_back({c, AsciiCategory(c)});
      ++pos;
      continue;
    }
    int length = 1;
    char32_t cp = common::DecodeUtf8(unit_text, pos, &length);
    cps.push_back({cp, CategoryOf(cp)});
    pos += static_cast<size_t>(length);
  }
  auto is_visible = [](const CodePoint& c) {
    switch (c.category) {
      case UTF8PROC_CATEGORY_CC:
      case UTF8PROC_CATEGORY_CF:
      case UTF8PROC_CATEGORY_ZS:
      case UTF8PROC_CATEGORY_ZL:
      case UTF8PROC_CATEGORY_ZP:
      case UTF8PROC_CATEGORY_CN:
        return false;
      default:
        return c.cp != ' ' && c.cp != '\t';
    }
  };
  auto is_alnum = [](const CodePoint& c) {
    return c.category >= UTF8PROC_CATEGORY_LU && c.category <= UTF8PROC_CATEGORY_NO &&
           !(c.category >= UTF8PROC_CATEGORY_MN && c.category <= UTF8PROC_CATEGORY_ME);
  };

  for (const CodePoint& c : cps) {
    if (c.category >= UTF8PROC_CATEGORY_LU && c.category <= UTF8PROC_CATEGORY_LO) {
      ++shape.letters;
      if (c.category == UTF8PROC_CATEGORY_LU || c.category == UTF8PROC_CATEGORY_LT) {
        ++shape.upper;
      } else if (c.category == UTF8PROC_CATEGORY_LL) {
        ++shape.lower;
      }
    } else if (c.category >= UTF8PROC_CATEGORY_ND && c.category <= UTF8PROC_CATEGORY_NO) {
      ++shape.digits;
    } else if (c.category >= UTF8PROC_CATEGORY_MN && c.category <= UTF8PROC_CATEGORY_ME) {
      // Combining marks belong to their letter.
    } else if (is_visible(c)) {
      ++shape.symbols;
      if (c.cp == ',') shape.has_comma = true;
    }
  }
  if (!cps.empty() && cps.front().category == UTF8PROC_CATEGORY_CC && cps.front().cp != '\t') {
    shape.control_prefix = true;
  }

  // Terminal punctuation: skip trailing invisible code points and symbols other than
  // sentence ends, then look at what is left.
  {
    size_t i = cps.size();
    while (i > 0 && !is_alnum(cps[i - 1]) && !IsSentenceEnd(cps[i - 1].cp)) --i;
    shape.terminal = i > 0 && IsSentenceEnd(cps[i - 1].cp);
  }

  // Enclosed in brackets: the first visible code point opens a bracket whose match is
  // followed by no letter or digit.
  {
    size_t first = 0;
    while (first < cps.size() && !is_visible(cps[first])) ++first;
    if (first < cps.size() && IsOpenBracket(cps[first].cp)) {
      int depth = 0;
      size_t close = cps.size();
      for (size_t i = first; i < cps.size(); ++i) {
        if (IsOpenBracket(cps[i].cp)) ++depth;
        if (IsCloseBracket(cps[i].cp) && --depth == 0) {
          close = i;
          break;
        }
      }
      if (close < cps.size()) {
        bool alnum_after = false;
        for (size_t i = close + 1; i < cps.size(); ++i) {
          if (is_alnum(cps[i])) alnum_after = true;
        }
        shape.bracketed = !alnum_after;
      }
    }
  }

  // Words, numbers and relative timestamps.
  std::vector<text::Span>& words = buffers->words;
  text::TokenizeWords(unit_text, &words);
  shape.words = static_cast<uint32_t>(words.size());
  uint32_t integer_words = 0;
  for (size_t w = 0; w < words.size(); ++w) {
    std::string_view word = unit_text.substr(words[w].begin, words[w].size());
    size_t leading_digits = 0;
    while (leading_digits < word.size() && IsAsciiDigit(word[leading_digits])) {
      ++leading_digits;
    }
    bool has_digit = leading_digits > 0 ||
                     std::any_of(word.begin(), word.end(), IsAsciiDigit);
    if (!has_digit) {
      for (size_t pos = 0; pos < word.size();) {
        int length = 1;
        char32_t cp = common::DecodeUtf8(word, pos, &length);
        auto cat = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
        if (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO) has_digit = true;
        pos += static_cast<size_t>(length);
      }
    }
    if (has_digit) ++shape.digit_words;
    if (leading_digits == word.size() && leading_digits <= 6) ++integer_words;
    if (leading_digits > 0 && leading_digits < word.size() &&
        IsTimeUnit(word.substr(leading_digits))) {
      ++shape.relative_times;  // "3d", "35min"
    } else if (leading_digits == word.size() && w + 1 < words.size()) {
      // "2 hours": only spaces between the number and the unit.
      std::string_view gap =
          unit_text.substr(words[w].end, words[w + 1].begin - words[w].end);
      bool spaces_only = std::all_of(gap.begin(), gap.end(), [](char c) { return c == ' '; });
      std::string_view next = unit_text.substr(words[w + 1].begin, words[w + 1].size());
      if (spaces_only && IsTimeUnit(next)) ++shape.relative_times;
    }
  }

  // Stamps: whitespace-delimited chunks stripped of surrounding punctuation.
  for (size_t pos = 0; pos < unit_text.size();) {
    while (pos < unit_text.size() &&
           (unit_text[pos] == ' ' || unit_text[pos] == '\t' || unit_text[pos] == '\n' ||
            unit_text[pos] == '\r')) {
      ++pos;
    }
    size_t end = pos;
    while (end < unit_text.size() && unit_text[end] != ' ' && unit_text[end] != '\t' &&
           unit_text[end] != '\n' && unit_text[end] != '\r') {
      ++end;
    }
    std::string_view chunk = unit_text.substr(pos, end - pos);
    while (!chunk.empty() && !IsAsciiDigit(chunk.front())) chunk.remove_prefix(1);
    while (!chunk.empty() && !IsAsciiDigit(chunk.back())) chunk.remove_suffix(1);
    if (!chunk.empty() && IsStamp(chunk)) ++shape.stamps;
    pos = end;
  }

  // "label: value" colons.
  for (size_t pos = 1; pos + 2 < unit_text.size(); ++pos) {
    if (unit_text[pos] != ':' || unit_text[pos + 1] != ' ') continue;
    char before = unit_text[pos - 1];
    bool letter_before = (before >= 'a' && before <= 'z') || (before >= 'A' && before <= 'Z') ||
                         (static_cast<unsigned char>(before) & 0x80) != 0;
    size_t after = pos + 1;
    while (after < unit_text.size() && unit_text[after] == ' ') ++after;
    if (letter_before && after < unit_text.size()) {
      shape.field_colon = true;
      shape.words_after_colon = CountWords(unit_text.substr(after));
      break;
    }
  }

  // Inner capitals.
  if (shape.upper <= shape.lower) {
    for (size_t w = 1; w < words.size(); ++w) {
      int length = 1;
      char32_t cp = common::DecodeUtf8(unit_text, words[w].begin, &length);
      auto category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
      if (category == UTF8PROC_CATEGORY_LU || category == UTF8PROC_CATEGORY_LT) {
        ++shape.inner_capitals;
      }
    }
  }

  shape.markup_only = MarkupOnly(unit_text);

  // Chunks between ASCII whitespace: menus and icons.
  {
    using Chunk = ShapeBuffers::Chunk;
    std::vector<Chunk>& chunks = buffers->chunks;
    chunks.clear();
    size_t next_word = 0;  // words lie inside chunks (whitespace separates words)
    for (size_t pos = 0; pos < unit_text.size();) {
      while (pos < unit_text.size() && IsAsciiWhitespace(unit_text[pos])) ++pos;
      if (pos >= unit_text.size()) break;
      size_t end = pos;
      while (end < unit_text.size() && !IsAsciiWhitespace(unit_text[end])) ++end;
      Chunk chunk;
      int length = 1;
      chunk.cp = common::DecodeUtf8(unit_text, pos, &length);
      chunk.single = pos + static_cast<size_t>(length) == end;
      chunk.category = chunk.cp < 0x80 ? AsciiCategory(static_cast<unsigned char>(chunk.cp))
                                       : CategoryOf(chunk.cp);
      while (next_word < words.size() && words[next_word].begin < end) {
        ++chunk.words;
        ++next_word;
      }
      chunks.push_back(chunk);
      pos = end;
    }
    shape.icon_prefix = chunks.size() >= 2 && chunks[0].single &&
                        chunks[0].category == UTF8PROC_CATEGORY_SO && shape.words > 0;
    // Menu: separators between items, all the same, items of 1-4 words.
    char32_t separator = 0;
    uint32_t items = 0;
    uint32_t item_words = 0;
    bool menu = true;
    for (size_t c = 0; c < chunks.size() && menu; ++c) {
      const Chunk& chunk = chunks[c];
      const bool is_separator =
          c > 0 && c + 1 < chunks.size() && chunk.single &&
          IsMenuSeparator(chunk.cp, static_cast<utf8proc_category_t>(chunk.category));
      if (is_separator) {
        if ((separator != 0 && chunk.cp != separator) || item_words == 0 || item_words > 4) {
          menu = false;
        }
        separator = chunk.cp;
        ++items;
        item_words = 0;
      } else {
        item_words += chunk.words;
      }
    }
    if (menu && separator != 0 && item_words >= 1 && item_words <= 4) {
      shape.menu_items = items + 1;
    }
  }

  shape.count_label = shape.words >= 1 && shape.words <= 3 && integer_words == 1 &&
                      shape.digit_words == 1 && shape.stamps == 0;
  return shape;
}

LineShape InteriorShape(std::string_view unit_text, const uint32_t* num_words) {
  LineShape shape;
  shape.words = num_words != nullptr ? *num_words : CountWords(unit_text);
  shape.terminal = EndsSentence(unit_text);
  // A tag needs both '<' and '>'.
  shape.markup_only = unit_text.find('<') != std::string_view::npos &&
                      unit_text.find('>') != std::string_view::npos && MarkupOnly(unit_text);
  return shape;
}

}  // namespace doppel::clean
