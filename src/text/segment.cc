// Lines, paragraphs and sentences.
//
// Sentence boundaries follow the classic rule-based approach (a terminator, then space,
// then something that can start a sentence, unless the terminator ends a known
// abbreviation), as in "Tokenization as the initial phase in NLP" (Webster and Kit) and
// the rule baselines of "Unsupervised Multilingual Sentence Boundary Detection" (Kiss
// and Strunk, the Punkt paper). Punkt learns its abbreviation list from the corpus; we
// keep a short fixed list instead, because the rule must be deterministic and identical
// on every document of a run. The rule has two modes, chosen per text:
//  - cased: the text capitalises at least one word after a terminator and space; then
//    only an upper-case letter (or digit, quote, bracket) starts a sentence, so
//    "approx. five" is not split;
//  - lower-case: nothing capitalised there (normalised text, or text typed without
//    capitals); then any letter may start a sentence, and the abbreviation list alone
//    prevents false splits.
#include "text/segment.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#include "common/byte_finder.h"
#include "common/utf8.h"

namespace doppel::text {
namespace {

char32_t DecodeAt(std::string_view text, size_t pos, int* length) {
  auto c = static_cast<uint8_t>(text[pos]);
  if (c < 0x80) {
    *length = 1;
    return c;
  }
  return common::DecodeUtf8(text, pos, length);
}

utf8proc_category_t Category(char32_t cp) {
  return utf8proc_category(static_cast<utf8proc_int32_t>(cp));
}

bool IsSpace(char32_t cp) {
  if (cp < 0x80) return cp == ' ' || (cp >= '\t' && cp <= '\r');
  switch (Category(cp)) {
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
      return true;
    default:
      return false;
  }
}

bool IsLetter(char32_t cp) {
  if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
  switch (Category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
      return true;
    default:
      return false;
  }
}

bool IsUpper(char32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  utf8proc_category_t c = Category(cp);
  return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

bool IsDigit(char32_t cp) {
  if (cp < 0x80) return cp >= '0' && cp <= '9';
  return Category(cp) == UTF8PROC_CATEGORY_ND;
}

// Terminators that need space after them.
bool IsTerminator(char32_t cp) { return cp == '.' || cp == '!' || cp == '?'; }

// Terminators of scripts written without spaces (IDEOGRAPHIC FULL STOP, FULLWIDTH
// EXCLAMATION MARK, FULLWIDTH QUESTION MARK): a boundary whatever follows.
bool IsIdeographicTerminator(char32_t cp) { return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F; }

// Closing quotes and brackets that stay with the sentence they end.
bool IsCloser(char32_t cp) {
  if (cp < 0x80) return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == '}';
  utf8proc_category_t c = Category(cp);
  return c == UTF8PROC_CATEGORY_PE || c == UTF8PROC_CATEGORY_PF;
}

// Quotes and opening brackets that may start a sentence.
bool IsOpener(char32_t cp) {
  if (cp < 0x80) return cp == '"' || cp == '\'' || cp == '(' || cp == '[' || cp == '{';
  utf8proc_category_t c = Category(cp);
  return c == UTF8PROC_CATEGORY_PS || c == UTF8PROC_CATEGORY_PI || c == UTF8PROC_CATEGORY_PF ||
         cp == 0xA1 || cp == 0xBF;  // ¡ ¿
}

// Abbreviations, lower-case, without their final period.
// Titles and words that are followed by a name or a noun: never end a sentence here.
constexpr std::array<std::string_view, 20> kTitles = {
    "mr",  "mrs", "ms",   "dr", "prof", "gen", "sen",    "rep", "gov", "lt",
    "col", "sgt", "capt", "st", "vs",   "mt",  "messrs", "hon", "rev", "cf"};
// Abbreviations that often end a sentence too: they block a split only in lower-case
// text (in cased text the capital after them decides).
constexpr std::array<std::string_view, 7> kMayEndSentence = {"jr", "sr",   "inc", "ltd",
                                                             "co", "corp", "etc"};
// Abbreviations that come before a number (No. 5, Fig. 3): they block a split only
// before a digit.
constexpr std::array<std::string_view, 7> kBeforeNumber = {"no", "nos", "vol", "fig",
                                                           "pp", "art", "sec"};

template <size_t N>
bool Contains(const std::array<std::string_view, N>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

enum class Mode { kCased, kLowerCase };

// The first byte of text[from, end) that is '.', '!' or '?', or also any byte >= 0x80
// when `with_non_ascii`; `end` when there is none (16 bytes at a time: terminators are
// rare in the bytes of a text).
const common::ByteFinder kTerminators({'.', '!', '?'}, /*non_ascii=*/false);
const common::ByteFinder kTerminatorsOrNonAscii({'.', '!', '?'}, /*non_ascii=*/true);

size_t FindTerminatorByte(std::string_view text, size_t from, size_t end, bool with_non_ascii) {
  return (with_non_ascii ? kTerminatorsOrNonAscii : kTerminators).Next(text.substr(0, end), from);
}

// What follows a run of terminators that starts at `pos`: the end of the run with its
// closers, the position of the next non-space character, and whether space separates
// them. `next` is text.size() when nothing follows.
struct AfterTerminator {
  size_t sentence_end = 0;
  size_t next = 0;
  bool spaced = false;
  int terminators = 0;
  bool ideographic = false;
};

AfterTerminator ScanAfter(std::string_view text, size_t pos, size_t limit) {
  AfterTerminator after;
  int len = 0;
  size_t i = pos;
  while (i < limit) {
    char32_t cp = DecodeAt(text, i, &len);
    if (IsTerminator(cp)) {
      ++after.terminators;
    } else if (IsIdeographicTerminator(cp)) {
      ++after.terminators;
      after.ideographic = true;
    } else {
      break;
    }
    i += len;
  }
  while (i < limit) {
    char32_t cp = DecodeAt(text, i, &len);
    if (!IsCloser(cp)) break;
    i += len;
  }
  after.sentence_end = i;
  while (i < limit) {
    char32_t cp = DecodeAt(text, i, &len);
    if (!IsSpace(cp)) break;
    after.spaced = true;
    i += len;
  }
  after.next = i;
  return after;
}

// Lower-cased ASCII of the word (letters and inner periods) ending just before text[pos].
std::string WordBefore(std::string_view text, size_t begin, size_t pos, bool* single_letter,
                       bool* initials) {
  // Step back over letters and periods; non-ASCII letters count as letters.
  size_t start = pos;
  size_t num_letters = 0;
  while (start > begin) {
    size_t prev = start - 1;
    while (prev > begin && (static_cast<uint8_t>(text[prev]) & 0xC0) == 0x80) --prev;
    int len = 0;
    char32_t cp = DecodeAt(text, prev, &len);
    if (cp != '.' && !IsLetter(cp)) break;
    if (cp != '.') ++num_letters;
    start = prev;
  }
  while (start < pos && text[start] == '.') ++start;
  std::string_view token = text.substr(start, pos - start);
  // Initials: letters separated by periods, one letter each (U.S, e.g, J.R.R).
  *initials = false;
  *single_letter = false;
  if (!token.empty()) {
    bool all_single = true;
    size_t letters_in_segment = 0;
    size_t i = 0;
    while (i < token.size()) {
      int len = 0;
      char32_t cp = DecodeAt(token, i, &len);
      if (cp == '.') {
        if (letters_in_segment != 1) all_single = false;
        letters_in_segment = 0;
      } else {
        ++letters_in_segment;
      }
      i += len;
    }
    if (letters_in_segment != 1) all_single = false;
    *single_letter = all_single && num_letters == 1;
    *initials = all_single && num_letters > 1;
  }
  std::string lower;
  size_t last_period = token.rfind('.');
  std::string_view word =
      last_period == std::string_view::npos ? token : token.substr(last_period + 1);
  lower.reserve(word.size());
  for (char c : word) {
    lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return lower;
}

// True when a period at text[pos] ends an abbreviation rather than a sentence.
bool EndsAbbreviation(std::string_view text, size_t begin, size_t pos, char32_t next, Mode mode) {
  bool single_letter = false;
  bool initials = false;
  std::string word = WordBefore(text, begin, pos, &single_letter, &initials);
  if (single_letter || initials) return true;
  if (word.empty()) return false;
  if (Contains(kTitles, word)) return true;
  if (mode == Mode::kLowerCase && Contains(kMayEndSentence, word)) return true;
  if (IsDigit(next) && Contains(kBeforeNumber, word)) return true;
  return false;
}

bool StartsSentence(char32_t cp, Mode mode) {
  if (IsDigit(cp) || IsOpener(cp)) return true;
  return mode == Mode::kCased ? IsUpper(cp) : IsLetter(cp);
}

// Cased when some letter after a terminator, space and opening quotes is upper-case.
Mode DetectMode(std::string_view text) {
  int len = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    i = FindTerminatorByte(text, i, text.size(), /*with_non_ascii=*/false);
    if (i >= text.size()) break;
    AfterTerminator after = ScanAfter(text, i, text.size());
    if (after.spaced) {
      // The first letter of the next sentence, past opening quotes and brackets.
      size_t k = after.next;
      while (k < text.size()) {
        char32_t cp = DecodeAt(text, k, &len);
        if (IsUpper(cp)) return Mode::kCased;
        if (!IsOpener(cp)) break;
        k += len;
      }
    }
    i = after.sentence_end - 1;
  }
  return Mode::kLowerCase;
}

void SplitParagraphSentences(std::string_view text, Span paragraph, Mode mode,
                             std::vector<Span>* sentences) {
  size_t start = paragraph.begin;
  size_t i = paragraph.begin;
  const size_t end = paragraph.end;
  int len = 0;
  while (i < end) {
    // Skip ASCII bytes other than . ! ?
    i = FindTerminatorByte(text, i, end, /*with_non_ascii=*/true);
    if (i >= end) break;
    char32_t cp = DecodeAt(text, i, &len);
    if (!IsTerminator(cp) && !IsIdeographicTerminator(cp)) {
      i += len;
      continue;
    }
    AfterTerminator after = ScanAfter(text, i, end);
    bool boundary = false;
    if (after.next < end) {
      char32_t next = DecodeAt(text, after.next, &len);
      if (after.ideographic) {
        boundary = true;
      } else if (after.spaced && StartsSentence(next, mode)) {
        boundary =
            !(after.terminators == 1 && cp == '.' && EndsAbbreviation(text, start, i, next, mode));
      }
    }
    if (boundary) {
      sentences->push_back(
          {static_cast<uint32_t>(start), static_cast<uint32_t>(after.sentence_end)});
      start = after.next;
    }
    i = std::max(after.sentence_end, i + 1);
  }
  // The rest of the paragraph (trimmed already) is the last sentence.
  if (start < end) sentences->push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(end)});
}

// Calls fn(Span) for each line, as SplitLines describes them. A line ends at the first
// '\n' or '\r' (found with memchr, which is vectorised); "\r\n" ends one line.
template <typename Fn>
void ForEachLine(std::string_view text, Fn fn) {
  const char* const data = text.data();
  const size_t n = text.size();
  size_t begin = 0;
  size_t newline = 0;  // the next '\n' at or after `begin`, or n; valid while >= begin
  bool newline_known = false;
  // Most texts hold no '\r' at all: then one search saves one per line.
  const bool has_cr = n > 0 && std::memchr(data, '\r', n) != nullptr;
  while (begin < n) {
    if (!newline_known || newline < begin) {
      const void* found = std::memchr(data + begin, '\n', n - begin);
      newline = found != nullptr ? static_cast<size_t>(static_cast<const char*>(found) - data) : n;
      newline_known = true;
    }
    const void* cr = has_cr ? std::memchr(data + begin, '\r', newline - begin) : nullptr;
    if (cr != nullptr) {
      // A '\r' before the next '\n' ends the line; "\r\n" counts as one terminator.
      size_t at = static_cast<size_t>(static_cast<const char*>(cr) - data);
      fn(Span{static_cast<uint32_t>(begin), static_cast<uint32_t>(at)});
      begin = at + ((at + 1 < n && data[at + 1] == '\n') ? 2 : 1);
      continue;
    }
    fn(Span{static_cast<uint32_t>(begin), static_cast<uint32_t>(newline)});
    begin = newline + 1;
  }
}

// Calls fn(Span) for each paragraph, as SplitParagraphs describes them.
template <typename Fn>
void ForEachParagraph(std::string_view text, Fn fn) {
  bool open = false;
  Span current;
  int len = 0;
  ForEachLine(text, [&](Span line) {
    // Trim the line; a blank line closes the open paragraph.
    uint32_t b = line.begin;
    uint32_t e = line.end;
    while (b < e) {
      char32_t cp = DecodeAt(text, b, &len);
      if (!IsSpace(cp)) break;
      b += len;
    }
    while (e > b) {
      uint32_t prev = e - 1;
      while (prev > b && (static_cast<uint8_t>(text[prev]) & 0xC0) == 0x80) --prev;
      char32_t cp = DecodeAt(text, prev, &len);
      if (!IsSpace(cp) || prev + len != e) break;
      e = prev;
    }
    if (b == e) {
      if (open) fn(current);
      open = false;
      return;
    }
    if (!open) {
      current.begin = b;
      open = true;
    }
    current.end = e;
  });
  if (open) fn(current);
}

}  // namespace

void SplitLines(std::string_view text, std::vector<Span>* lines) {
  lines->clear();
  ForEachLine(text, [&](Span line) { lines->push_back(line); });
}

void SplitParagraphs(std::string_view text, std::vector<Span>* paragraphs) {
  paragraphs->clear();
  ForEachParagraph(text, [&](Span paragraph) { paragraphs->push_back(paragraph); });
}

void SplitSentences(std::string_view text, std::vector<Span>* sentences) {
  sentences->clear();
  const Mode mode = DetectMode(text);
  ForEachParagraph(text, [&](Span paragraph) {
    SplitParagraphSentences(text, paragraph, mode, sentences);
  });
}

}  // namespace doppel::text
