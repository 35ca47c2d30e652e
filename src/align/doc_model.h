// The view of one document that alignment and fact detection work on: its sentences
// (after cleaning) and word tokens, each with a span of the ORIGINAL text, its
// normalised form, its stem and its original capitalisation.
//
// Sentences come from text::SplitSentences on the original text, so headlines,
// paragraphs and quotation marks keep their original shape; spans that cleaning removes
// (clean::FindRemovals without corpus statistics) are cut out of them, and what is left
// is trimmed. Tokens come from the normalised text (text::Normalize + TokenizeWords),
// mapped back to original bytes through the normaliser's byte map, so a token's
// original span is always an exact substring of the document.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "doppel/options.h"
#include "doppel/report.h"
#include "text/stem.h"
#include "text/tokenize.h"

namespace doppel::align {

struct Token {
  text::Span orig;        // in the original text
  std::string norm;       // normalised (case-folded) form
  std::string stem;       // Snowball stem of norm; digits unchanged
  uint32_t sentence = 0;  // index into DocModel::sentences
  bool stopword = false;
  bool digits = false;        // starts with a digit ("2004", "264m", "14th")
  bool capitalised = false;   // original starts with an upper-case or title-case letter
  bool all_caps = false;      // two or more letters, all upper case ("BBC", "NASA")
  bool initial = false;       // first word of its sentence, or first after an opening
                              // quote or a colon: capitalised there by grammar alone
  bool glued_before = false;  // no whitespace between the previous token and this one
  char before = ' ';          // last non-space character between the previous token and
                              // this one, as ASCII (curly quotes -> ' and ", dashes -;
                              // '\x01' for other non-ASCII; ' ' when there is none)
};

inline constexpr uint32_t kMaxHeadlineTokens = 30;

struct Sentence {
  text::Span orig;           // trimmed, in the original text
  uint32_t first_token = 0;  // tokens [first_token, end_token) of DocModel::tokens
  uint32_t end_token = 0;
  uint32_t paragraph = 0;   // index of the paragraph (blank-line separated) it is in
  bool title_case = false;  // most of its longer words are capitalised
  bool headline = false;    // the first sentence, alone in its paragraph, with no final
                            // . ! ? (or in title case), at most kMaxHeadlineTokens words
  uint32_t num_tokens() const { return end_token - first_token; }
};

struct DocModel {
  std::string_view text;  // the original text (not owned)
  std::vector<Removal> removed;
  std::vector<Sentence> sentences;
  std::vector<Token> tokens;
};

// Builds the model of `text` (valid UTF-8, under 4 GiB). Removals are found with
// `clean` (single-document cleaning). `stemmer` is used from this thread only.
DocModel BuildDocModel(std::string_view text, const CleanOptions& clean, text::Stemmer* stemmer);

}  // namespace doppel::align
