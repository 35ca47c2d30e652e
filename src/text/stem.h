// English stemming (Snowball "english", the Porter2 algorithm), for the content-word
// features of rewrite detection: a paraphrase keeps the stems of its source's content
// words far more often than their exact forms ("announced" / "announcement" -> "announc").
//
//   text::Stemmer stemmer;  // one per thread
//   std::string stem(stemmer.Stem("running"));  // "run"
#pragma once

#include <cstddef>
#include <string_view>

struct sb_stemmer;

namespace doppel::text {

// Words longer than this (bytes) are returned unchanged: no English word is, and it
// bounds the work on junk tokens.
inline constexpr size_t kMaxStemmedWordBytes = 64;

// Wraps libstemmer's English stemmer. Not thread-safe: one instance per thread. The
// stemmer's output for a word is fixed by the libstemmer version (Debian 12: 2.2.0), and
// is part of the index format when stems are indexed.
class Stemmer {
 public:
  // Throws std::bad_alloc when libstemmer cannot allocate its state.
  Stemmer();
  ~Stemmer();
  Stemmer(Stemmer&& other) noexcept;
  Stemmer& operator=(Stemmer&& other) noexcept;
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;

  // The stem of `lower_word`, a lower-case word in UTF-8 (a token of normalised text).
  // The view is valid until the next call on this stemmer. Empty in, empty out.
  std::string_view Stem(std::string_view lower_word);

 private:
  sb_stemmer* stemmer_ = nullptr;
};

}  // namespace doppel::text
