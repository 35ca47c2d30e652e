// In-document template furniture, found from the shape of units alone.
//
// Template furniture is text a publishing system wraps around an article: wire slugs and
// rules, editorial notes, player and share labels above the article, comment widgets and
// "latest stories" lists below it, sign-off codes. It recurs across a site's pages, but a
// corpus may hold only one page of a site, so these rules look at one document: position
// (the head block before the first prose unit, the tail block after the last one), length
// in words, list shape, symbol and digit ratios, terminal punctuation. No rule names a
// word, a phrase or a site.
//
// Precision matters more than recall: eating an article sentence destroys the signal the
// later stages match on. So no rule removes a unit that ends a sentence, the first worded
// unit of the head (the headline slot) is only removed when its shape is unmistakable
// (no words, a numeric stamp, a bracketed note, mostly symbols), and every rule on a
// short line needs several signals together.
#pragma once

#include <cstddef>
#include <vector>

#include "clean/line_shape.h"

namespace doppel::clean {

// Which furniture rule fired for a unit (kNone: the unit is kept). The names appear in
// debugging output and docs/cleaning.md.
enum class FurnitureRule : int {
  kNone = 0,
  kSymbolLine,      // no word at all: rules, stray markers, control bytes
  kMarkupLine,      // markup tags and nothing else
  kStampLine,       // head/tail: numeric stamps and mostly numeric words (wire slugs)
  kBracketedNote,   // head/tail: a short note wholly in brackets
  kSymbolHeavy,     // head/tail: short, at least as many symbols as letters and digits
  kHeadLabels,      // head: a run of >= 3 one- or two-word labels, or a clock label
  kTimestampList,   // tail: a list of short unterminated lines with relative timestamps
                    //   (not "label: value" data lines)
  kWidget,          // tail: 2-8 short unterminated lines with a count label, none of
                    //   them a data line, a comma list or naming someone
  kSignOff,         // tail: a final one- or two-word code in one case after prose
  kHeadMenu,        // head: menus and icon labels (with short labels) above a headline
  kTailLabels,      // tail: 3-12 short unterminated lines without commas or numbers
                    //   (but counts), mostly of <= 4 words or with a count or a menu
};
const char* FurnitureRuleName(FurnitureRule rule);

// The head block is the units before the first prose unit (LineShape::prose), the tail
// block the units after the last one; `end_of_last_prose` is 0 when there is no prose
// (then every unit is in the head and the tail).
struct Edges {
  size_t first_prose = 0;        // shapes.size() when there is no prose
  size_t end_of_last_prose = 0;  // one past the last prose unit
  bool IsEdge(size_t unit) const { return unit < first_prose || unit >= end_of_last_prose; }
};
Edges FindEdges(const std::vector<LineShape>& shapes);

// One rule per unit, in unit order. Of the units between the edges (not IsEdge), only
// `words`, `terminal` and `markup_only` are read, so callers may fill just those there.
std::vector<FurnitureRule> FindFurniture(const std::vector<LineShape>& shapes);
// The same into `rules` (its storage reused).
void FindFurniture(const std::vector<LineShape>& shapes, std::vector<FurnitureRule>* rules);

}  // namespace doppel::clean
