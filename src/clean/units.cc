#include "clean/units.h"

#include <utf8proc.h>

#include <algorithm>
#include <string>

#include "clean/line_shape.h"
#include "common/hash.h"
#include "common/utf8.h"
#include "doppel/options.h"
#include "text/normalize.h"
#include "text/segment.h"
#include "text/tokenize.h"

namespace doppel::clean {
namespace {

// Seed of TextKey: part of the cleaning behaviour (corpus keys must agree across runs).
constexpr uint64_t kTextKeySeed = 0x636c65616e6b6579ull;  // "cleankey"

// Wrap detection bounds (see units.h).
constexpr uint32_t kMinWrapWidth = 50;
constexpr uint32_t kMaxWrapWidth = 160;
constexpr size_t kMinWrappedLines = 4;

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

uint32_t CodePoints(std::string_view s) {
  uint32_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

struct LineInfo {
  uint32_t begin = 0;      // trimmed
  uint32_t end = 0;        // trimmed
  uint32_t columns = 0;    // code points from the line start to the trimmed end
  uint32_t indent = 0;     // leading spaces and tabs
  uint32_t first_word_columns = 0;
  bool blank = true;
  bool control_start = false;  // first non-space code point is a control character
  bool lower_start = false;    // ... is a lower-case letter
  bool ends_sentence = false;
  bool has_word = false;       // holds a letter or digit
};

LineInfo DescribeLine(std::string_view text, text::Span line) {
  LineInfo info;
  uint32_t b = line.begin;
  uint32_t e = line.end;
  while (b < e && (text[b] == ' ' || text[b] == '\t')) {
    ++b;
    ++info.indent;
  }
  while (b < e && IsAsciiSpace(text[b])) ++b;
  while (e > b && IsAsciiSpace(text[e - 1])) --e;
  info.begin = b;
  info.end = e;
  info.blank = b == e;
  if (info.blank) return info;
  std::string_view body = text.substr(b, e - b);
  info.columns = CodePoints(text.substr(line.begin, e - line.begin));
  size_t word_end = 0;
  while (word_end < body.size() && !IsAsciiSpace(body[word_end])) ++word_end;
  info.first_word_columns = CodePoints(body.substr(0, word_end));
  int length = 1;
  char32_t cp = common::DecodeUtf8(body, 0, &length);
  auto category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  info.control_start = category == UTF8PROC_CATEGORY_CC;
  info.lower_start = category == UTF8PROC_CATEGORY_LL;
  LineShape shape = ComputeShape(body);
  info.ends_sentence = shape.terminal;
  info.has_word = shape.words > 0;
  return info;
}

}  // namespace

UnitLayout SplitUnits(std::string_view text) {
  UnitLayout layout;
  std::vector<text::Span> lines;
  text::SplitLines(text, &lines);
  std::vector<LineInfo> infos;
  infos.reserve(lines.size());
  std::vector<uint32_t> widths;
  for (const text::Span& line : lines) {
    infos.push_back(DescribeLine(text, line));
    if (!infos.back().blank) widths.push_back(infos.back().columns);
  }

  // Hard-wrap detection.
  if (widths.size() >= kMinWrappedLines) {
    std::vector<uint32_t> sorted = widths;
    size_t rank = (sorted.size() * 9) / 10;
    if (rank >= sorted.size()) rank = sorted.size() - 1;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(rank),
                     sorted.end());
    uint32_t width = sorted[rank];
    size_t long_lines = static_cast<size_t>(std::count_if(
        widths.begin(), widths.end(), [&](uint32_t w) { return 4 * w > 3 * width; }));
    if (width >= kMinWrapWidth && width <= kMaxWrapWidth && 2 * long_lines >= widths.size()) {
      layout.hard_wrapped = true;
      layout.wrap_width = width;
    }
  }

  bool after_blank = true;
  for (size_t i = 0; i < infos.size(); ++i) {
    const LineInfo& info = infos[i];
    if (info.blank) {
      after_blank = true;
      continue;
    }
    Unit unit;
    unit.begin = info.begin;
    unit.end = info.end;
    unit.paragraph_start = after_blank;
    after_blank = false;
    size_t last = i;
    while (last + 1 < infos.size()) {
      const LineInfo& cur = infos[last];
      const LineInfo& next = infos[last + 1];
      // A line without words (a rule) is never part of a wrapped paragraph.
      bool new_paragraph = next.blank || !cur.has_word || !next.has_word ||
                           next.control_start || next.indent > cur.indent || cur.ends_sentence;
      if (new_paragraph) break;
      bool word_did_not_fit = layout.hard_wrapped &&
                              cur.columns + 1 + next.first_word_columns > layout.wrap_width;
      // An unfinished line continues a sentence when the next line starts in lower case;
      // in hard-wrapped text whenever the next line is not indented deeper (checked
      // above): "... rose to\n1,234 dlrs", "Trade Representative Clayton\nYeutter said".
      bool continues = next.lower_start || layout.hard_wrapped;
      if (!word_did_not_fit && !continues) break;
      ++last;
    }
    unit.end = infos[last].end;
    unit.num_lines = static_cast<uint32_t>(last - i + 1);
    layout.units.push_back(unit);
    i = last;
  }
  return layout;
}

uint64_t TextKey(std::string_view text, uint32_t* num_words) {
  std::string normalized = text::Normalize(text, NormalizeOptions{});
  std::vector<text::Span> words;
  text::TokenizeWords(normalized, &words);
  if (num_words != nullptr) *num_words = static_cast<uint32_t>(words.size());
  if (words.empty()) return 0;
  std::string joined;
  joined.reserve(normalized.size());
  for (const text::Span& word : words) {
    if (!joined.empty()) joined.push_back(' ');
    joined.append(normalized, word.begin, word.size());
  }
  uint64_t key = common::Hash64(joined, kTextKeySeed);
  return key == 0 ? 1 : key;
}

}  // namespace doppel::clean
