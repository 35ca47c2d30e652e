#include "text/content_words.h"

#include "text/stopwords.h"

namespace doppel::text {

void ExtractContentWords(std::string_view normalized, Stemmer* stemmer, ContentWords* out) {
  out->words.clear();
  out->stems.clear();
  std::vector<Span> tokens;
  TokenizeWords(normalized, &tokens);
  out->words.reserve(tokens.size());
  for (const Span& token : tokens) {
    std::string_view word = normalized.substr(token.begin, token.size());
    if (IsStopword(word)) continue;
    bool is_number = true;
    for (char c : word) {
      if (c < '0' || c > '9') {
        is_number = false;
        break;
      }
    }
    std::string_view stem = is_number ? word : stemmer->Stem(word);
    ContentWord content;
    content.span = token;
    content.stem_begin = static_cast<uint32_t>(out->stems.size());
    content.stem_size = static_cast<uint32_t>(stem.size());
    content.is_number = is_number;
    out->stems.append(stem);
    out->words.push_back(content);
  }
}

}  // namespace doppel::text
