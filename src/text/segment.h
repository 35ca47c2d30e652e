// Paragraphs, lines and sentences of a text (original or normalised).
#pragma once

#include <string_view>
#include <vector>

#include "text/tokenize.h"

namespace doppel::text {

// Lines without their line terminator (\n, \r\n or \r); empty lines included.
void SplitLines(std::string_view text, std::vector<Span>* lines);

// Paragraphs: runs of non-blank lines separated by blank lines, trimmed of surrounding
// whitespace.
void SplitParagraphs(std::string_view text, std::vector<Span>* paragraphs);

// Sentences: split after . ! ? (and closing quotes or brackets that follow them) when
// followed by whitespace and then an upper-case letter, digit, quote or bracket, and at
// paragraph breaks; not after common abbreviations (Mr. Dr. St. U.S. single initials) or
// inside numbers (3.5). Each span is trimmed of surrounding whitespace.
void SplitSentences(std::string_view text, std::vector<Span>* sentences);

}  // namespace doppel::text
