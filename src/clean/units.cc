#include "clean/units.h"

#include <utf8proc.h>

#include <algorithm>
#include <string>

#include "clean/line_shape.h"
#include "common/ascii_block.h"
#include "common/utf8.h"
#include "text/segment.h"

namespace doppel::clean {
namespace {

// Wrap detection bounds (see units.h).
constexpr uint32_t kMinWrapWidth = 50;
constexpr uint32_t kMaxWrapWidth = 160;
constexpr size_t kMinWrappedLines = 4;

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

uint32_t CodePoints(std::string_view s) { return common::CountCodePoints(s.data(), s.size()); }

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
  const auto first = static_cast<unsigned char>(body[0]);
  if (first < 0x80) {
    info.control_start = first < 0x20 || first == 0x7F;
    info.lower_start = first >= 'a' && first <= 'z';
  } else {
    int length = 1;
    char32_t cp = common::DecodeUtf8(body, 0, &length);
    auto category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
    info.control_start = category == UTF8PROC_CATEGORY_CC;
    info.lower_start = category == UTF8PROC_CATEGORY_LL;
  }
  info.ends_sentence = EndsSentence(body);
  info.has_word = HasWord(body);
  return info;
}

}  // namespace

UnitLayout SplitUnits(std::string_view text) {
  UnitLayout layout;
  SplitUnits(text, &layout);
  return layout;
}

void SplitUnits(std::string_view text, UnitLayout* out) {
  UnitLayout& layout = *out;
  layout.units.clear();
  layout.hard_wrapped = false;
  layout.wrap_width = 0;
  // Working arrays kept per thread from one document to the next (three allocations a
  // document before), let go after a document of more than kMaxKeptLines lines.
  constexpr size_t kMaxKeptLines = size_t{1} << 16;
  thread_local std::vector<text::Span> lines;
  thread_local std::vector<LineInfo> infos;
  thread_local std::vector<uint32_t> widths;
  text::SplitLines(text, &lines);
  infos.clear();
  infos.reserve(lines.size());
  widths.clear();
  widths.reserve(lines.size());
  layout.units.reserve(lines.size());
  for (const text::Span& line : lines) {
    infos.push_back(DescribeLine(text, line));
    if (!infos.back().blank) widths.push_back(infos.back().columns);
  }

  // Hard-wrap detection (the count below does not depend on the order nth_element leaves).
  if (widths.size() >= kMinWrappedLines) {
    size_t rank = (widths.size() * 9) / 10;
    if (rank >= widths.size()) rank = widths.size() - 1;
    std::nth_element(widths.begin(), widths.begin() + static_cast<std::ptrdiff_t>(rank),
                     widths.end());
    uint32_t width = widths[rank];
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
  if (lines.capacity() > kMaxKeptLines) {
    std::vector<text::Span>().swap(lines);
    std::vector<LineInfo>().swap(infos);
    std::vector<uint32_t>().swap(widths);
  }
}

}  // namespace doppel::clean
