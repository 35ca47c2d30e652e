// Logical lines ("units"): the pieces of a document the cleaning rules judge one by one.
//
// A unit is a non-blank line, except in hard-wrapped text (wire copy, e-mail, plain-text
// archives), where a paragraph is broken into lines of at most ~W columns: there a line
// that was broken only because the next word did not fit is joined with the next line,
// so "today." on its own line stays part of its sentence. Judging wrapped fragments one
// by one would make every short last line of a paragraph look like a label, and would
// make common fragments ("said.") look like corpus boilerplate.
//
// Wrap detection (the reverse of greedy line filling, as `fmt` and RFC 3676 "format=flowed"
// reason about it): W is the 90th-percentile line length in code points; the text is
// hard-wrapped when W is 50-160 columns, there are at least 4 non-blank lines and at
// least half of them are longer than 0.75 W.
//
// Line L is joined with the next line N unless N is blank, one of them holds no word (a
// rule is never part of a paragraph), N opens with a control character or deeper
// indentation (a new paragraph), or L ends a sentence (a sentence end is a safe unit
// boundary, and keeps a sign-off line such as a lone code word its own unit); and then
// only when the text is hard-wrapped (L is an unfinished sentence continued on the next
// line at the same indentation, whatever the length of L: wire copy whose first line
// lost its dateline, fragments like "said." that an editor's rewrap left behind), or
// when N starts with a lower-case letter (in any text: an unfinished sentence).
// A short unterminated line is thus its own unit only when a blank line, an indented or
// control-marked line, or a capitalised line in unwrapped text follows it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace doppel::clean {

struct Unit {
  // Byte span of the unit in the document, without surrounding ASCII whitespace; may
  // cover several source lines and the line breaks between them.
  uint32_t begin = 0;
  uint32_t end = 0;
  // Source lines in the unit.
  uint32_t num_lines = 1;
  // A blank line (or the start of the text) precedes the unit.
  bool paragraph_start = false;
};

struct UnitLayout {
  std::vector<Unit> units;
  bool hard_wrapped = false;
  uint32_t wrap_width = 0;  // code points; 0 when not hard-wrapped
};

// Units of `text` (valid UTF-8), in document order.
UnitLayout SplitUnits(std::string_view text);
// The same into `layout` (its storage reused).
void SplitUnits(std::string_view text, UnitLayout* layout);

}  // namespace doppel::clean
