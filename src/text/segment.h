// Paragraphs, lines and sentences of a text (original or normalised).
#pragma once

#include <string_view>
#include <vector>

#include "text/tokenize.h"

namespace doppel::text {

// Lines without their line terminator (\n, \r\n or \r); empty lines included. A final
// terminator ends the last line: "a\n" is one line, "a\n\nb" three, "" none. `lines` is
// cleared first (so are the outputs below). Spans are byte offsets into `text`.
void SplitLines(std::string_view text, std::vector<Span>* lines);

// Paragraphs: runs of non-blank lines separated by blank lines, trimmed of surrounding
// whitespace. A blank line holds only whitespace (ASCII, and Unicode Zs Zl Zp Cc).
// Normalised text has no line breaks left, so it is one paragraph.
void SplitParagraphs(std::string_view text, std::vector<Span>* paragraphs);

// Sentences: split after . ! ? (and closing quotes or brackets that follow them) when
// followed by whitespace and then an upper-case letter, digit, quote or bracket, and at
// paragraph breaks; not after common abbreviations (Mr. Dr. St. U.S. single initials) or
// inside numbers (3.5). Each span is trimmed of surrounding whitespace.
//
// The rule in full. A candidate is a run of . ! ? plus the closing quotes and brackets
// after it (they stay with the sentence), then whitespace, then the next character c.
// The text is "cased" when c (or the first letter after c, when c is an opening quote or
// bracket) is an upper-case letter at some candidate, else
// "lower-case" (normalised text). A candidate is a boundary when c is a digit, a quote
// or an opening bracket (Ps Pi Pf, ¡ ¿), or an upper-case letter (cased text) or any
// letter (lower-case text), unless the run is one period that ends an abbreviation:
//  - single letters and dotted initials: J. Smith, U.S., e.g., i.e., a.m.;
//  - titles, always: mr mrs ms dr prof gen sen rep gov lt col sgt capt st vs mt messrs
//    hon rev cf;
//  - jr sr inc ltd co corp etc, in lower-case text only (in cased text they often end a
//    sentence, and the capital after them decides);
//  - no nos vol fig pp art sec, before a digit only (No. 5).
// Ideographic terminators (U+3002, U+FF01, U+FF1F) end a sentence whatever follows, and
// paragraph breaks always do. Known limits: a sentence that ends in an abbreviation or
// initials is not split ("... in the U.S. The"), and in lower-case text a quotation
// ending in ? or ! before its attribution is ("\"why?\" she asked").
void SplitSentences(std::string_view text, std::vector<Span>* sentences);

}  // namespace doppel::text
