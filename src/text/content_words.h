// Content words of normalised text: the tokens left after stop words, with their stems.
// The unit of the rewrite-detection features (TF-IDF-weighted stems) and of sentence
// alignment, where a paraphrase shares stems, not wording, with its source.
//
//   text::Stemmer stemmer;  // one per thread
//   text::ContentWords words;
//   text::ExtractContentWords(normalized, &stemmer, &words);
//   for (const auto& w : words.words) Use(words.StemOf(w), w.span);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/stem.h"
#include "text/tokenize.h"

namespace doppel::text {

struct ContentWord {
  Span span;                // the word in the normalised text
  uint32_t stem_begin = 0;  // its stem: ContentWords::stems[stem_begin, + stem_size)
  uint32_t stem_size = 0;
  bool is_number = false;  // only digits (years, amounts: kept, they matter to facts)
};

struct ContentWords {
  std::vector<ContentWord> words;
  std::string stems;  // all stems, back to back (one allocation per document)

  std::string_view StemOf(const ContentWord& word) const {
    return std::string_view(stems).substr(word.stem_begin, word.stem_size);
  }
};

// Words of `normalized` (TokenizeWords) that are not stop words (IsStopword), in text
// order, each with its stem; numbers are kept unstemmed. `out` is cleared first.
void ExtractContentWords(std::string_view normalized, Stemmer* stemmer, ContentWords* out);

}  // namespace doppel::text
