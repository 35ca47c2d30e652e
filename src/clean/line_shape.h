// The shape of one unit (logical line): counts and flags that the furniture rules combine.
// Nothing here looks at what the words are, except that a number followed by a unit of
// time ("2 hours", "35 min", "3d") is recognised as a relative timestamp.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "text/tokenize.h"

namespace doppel::clean {

struct LineShape {
  uint32_t words = 0;        // word tokens (text::TokenizeWords)
  uint32_t digit_words = 0;  // word tokens holding a digit
  uint32_t letters = 0;      // code points of category L*
  uint32_t digits = 0;       // code points of category N*
  uint32_t symbols = 0;      // other visible code points (punctuation, symbols)
  uint32_t upper = 0;        // upper-case and title-case letters
  uint32_t lower = 0;        // lower-case letters
  // Clock times (7:05, 13:41) and numeric dates (07/10/99, 2005-03-01, 1.2.2004).
  uint32_t stamps = 0;
  // Numbers followed by a unit of time, as in "2 hours", "35 min", "3d" (a list of
  // relative timestamps is the shape of a "latest stories" block).
  uint32_t relative_times = 0;
  // Ends a sentence: the last . ! ? is followed only by closing quotes, brackets and
  // other symbols (so "jury.<" and "said.''" end sentences, "HEADLINE<" does not).
  bool terminal = false;
  // The whole unit is enclosed in one pair of brackets: "(reopens)", "[photo]".
  bool bracketed = false;
  // Starts with a control character (wire formats mark paragraphs that way).
  bool control_prefix = false;
  bool has_comma = false;
  // A "label: value" colon: after a letter, before a space and more text
  // ("Attendance: 4812", "Flight time: 2 hours"). Data lines, not widget labels.
  bool field_colon = false;
  // Words after the first that start with a capital (names), unless the unit has more
  // upper- than lower-case letters.
  uint32_t inner_capitals = 0;
  // Markup tags ("<p>", "</div>") and nothing else with a letter or digit.
  bool markup_only = false;
  // A word token that is a plain integer, and at most 3 words: "12 comments".
  bool count_label = false;
  // Words after the first "label: value" colon (0 without one).
  uint32_t words_after_colon = 0;
  // Items of a menu: short items (1-4 words each) separated by one repeated separator
  // standing alone between spaces ("Share | Tweet | Email", "Home > News > Courts",
  // "Listen · 4:12"); 0 when the unit is not such a list. Separators are the ASCII
  // | > / and the non-ASCII symbols and list punctuation (categories So and Po, arrows,
  // the guillemets » ›), never letters, digits, quotes, brackets, dashes or . , ; : ! ?
  uint32_t menu_items = 0;
  // Opens with an icon: a symbol of category So standing alone ("▶ Listen"), then words.
  bool icon_prefix = false;

  // A sentence of prose: ends a sentence and has at least 3 words.
  bool sentence_like() const { return terminal && words >= 3; }
  // Prose that anchors the head and tail blocks of a document.
  bool prose() const { return (terminal && words >= 6) || words >= 20; }
  // All cased letters have one case ("end", "AP"; not "Mr Smith").
  bool one_case() const { return upper == 0 || lower == 0; }
};

LineShape ComputeShape(std::string_view unit_text);

// Buffers ComputeShape fills, kept by callers that compute many shapes.
struct ShapeBuffers {
  struct CodePoint {
    char32_t cp;
    int category;  // utf8proc_category_t
  };
  std::vector<CodePoint> code_points;
  std::vector<text::Span> words;
  // Whitespace-delimited chunks (line_shape.cc).
  struct Chunk {
    bool single = false;  // one code point
    char32_t cp = 0;      // the first code point
    int category = 0;     // utf8proc_category_t of cp
    uint32_t words = 0;
  };
  std::vector<Chunk> chunks;
};
LineShape ComputeShape(std::string_view unit_text, ShapeBuffers* buffers);

// Single fields of ComputeShape, each computed without the rest (and without heap
// allocation): ASCII bytes go through a table, other characters through utf8proc. They
// are exactly the fields of ComputeShape(text) (tests compare them on random text).
//   EndsSentence(t) == ComputeShape(t).terminal  (scans back from the end only)
//   HasWord(t)      == (ComputeShape(t).words > 0)
//   CountWords(t)   == ComputeShape(t).words
//   CountCase(t, &upper, &lower): ComputeShape(t).upper and .lower
//   MarkupOnly(t)   == ComputeShape(t).markup_only
bool EndsSentence(std::string_view text);
bool MarkupOnly(std::string_view text);
bool HasWord(std::string_view text);
uint32_t CountWords(std::string_view text);
void CountCase(std::string_view text, uint32_t* upper, uint32_t* lower);

// What the furniture rules read of every unit between a document's edges (the edges get
// their full ComputeShape): words, terminal and markup_only, the other fields zero. When
// the unit's words are known (`num_words`, from its text key), they are not counted again.
LineShape InteriorShape(std::string_view unit_text, const uint32_t* num_words);

}  // namespace doppel::clean
