// Keys of text for comparisons: the hash of its normalised words joined by single spaces
// (TextKey), and TextKeyer, which computes the same keys in one pass over mostly-ASCII
// text without allocating, and can record where each word went (KeyTrace) and the letter
// cases of the text on the way.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "clean/units.h"
#include "common/simd.h"
#include "text/tokenize.h"

namespace doppel::clean {

// Key of a piece of text for comparisons: the hash of its normalised word tokens joined
// by single spaces (so punctuation, control bytes, case and line breaks do not matter).
// Returns 0 when the text has no word; never returns 0 otherwise. `num_words` (optional)
// receives the word count.
uint64_t TextKey(std::string_view text, uint32_t* num_words = nullptr);

// A buffer of trivial elements that grows without initialising them (std::string and
// std::vector zero-fill on resize), keeping its first elements when it grows.
template <typename T>
class RawBuffer {
 public:
  T* data() { return data_.get(); }
  const T* data() const { return data_.get(); }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  size_t capacity() const { return capacity_; }
  // Room for `capacity` elements; the first `keep` survive a reallocation.
  void Reserve(size_t capacity, size_t keep) {
    if (capacity <= capacity_) return;
    const size_t grown = std::max(capacity, 2 * capacity_);
    std::unique_ptr<T[]> fresh(new T[grown]);
    if (keep > 0) std::memcpy(fresh.get(), data_.get(), keep * sizeof(T));
    data_ = std::move(fresh);
    capacity_ = grown;
  }

 private:
  std::unique_ptr<T[]> data_;
  size_t capacity_ = 0;
};

// Where the words of texts keyed on the fast path went (TextKeyer::Compute), so that
// the key of any piece of such a text that starts and ends at word boundaries (a
// sentence) is the hash of a slice of `joined`, without reading the text again. The
// buffers only grow; the first `joined_size` bytes and `num_words` words are in use.
struct KeyTrace {
  struct Word {
    uint32_t text_begin;    // byte offset of the word in the text keyed
    uint32_t joined_begin;  // offset of its normal form in `joined`; it ends at the next
                            // space or at the end of the text's joined words
  };
  RawBuffer<char> joined;
  size_t joined_size = 0;
  RawBuffer<Word> words;
  size_t num_words = 0;
  std::string_view joined_text() const { return std::string_view(joined.data(), joined_size); }
};

// TextKey of words already joined by single spaces (normalised): the hash of `joined`,
// 0 when it is empty. TextKey(text) == KeyOfJoinedWords(normalised words of text).
uint64_t KeyOfJoinedWords(std::string_view joined);

// TextKey with buffers kept between calls, and a fast path that never allocates for
// the text of most corpora: ASCII, plus the common Latin letters and punctuation
// (U+0080-U+024F, U+2000-U+206F, U+20A0-U+20CF) when each is a starter that normalises
// the same way alone as between two ASCII letters. There the normal form of the text is
// the concatenation of the normal forms of its characters (no composition or reordering
// across them), so its words are built one character at a time from a table made once
// with text::Normalize. Any other character sends the whole text through text::Normalize
// as TextKey does. Not thread-safe: one per thread.
class TextKeyer {
 public:
  // `wide`: take 64-byte blocks of ASCII at once where the CPU can pack bytes
  // (common::HasAvx512Vbmi2); false keeps the 16-byte blocks every x86-64 CPU has. Both
  // give the same keys, traces and case scans.
  explicit TextKeyer(bool wide = common::HasAvx512Vbmi2()) : wide_(wide) {}

  struct Key {
    uint64_t key = 0;        // TextKey(text)
    uint32_t num_words = 0;  // words of the normalised text
    // The fast path was taken; then num_words is also the word count of the raw text
    // (text::TokenizeWords(text)): each character is a word character in the raw text
    // exactly when its normal form is made of word characters.
    bool fast = false;
  };
  // Letter cases of a text, found on the fast path in the same pass: the counts of
  // upper- (and title-) and lower-case letters, as LineShape counts them, and the words
  // after the first (text::TokenizeWords) that start with an upper- or title-case
  // letter: their byte offsets in the text and in joined() (where the word's normal
  // form ends at the next space or at the end).
  struct CaseScan {
    uint32_t upper = 0;
    uint32_t lower = 0;
    std::vector<KeyTrace::Word> capitals;
  };
  // When `trace` is not null and the fast path is taken, the words of `text` are
  // appended to it (else nothing is). When `cases` is not null it receives the letter
  // cases of `text` if the fast path is taken (Key::fast), else garbage.
  Key Compute(std::string_view text, KeyTrace* trace = nullptr, CaseScan* cases = nullptr);
  // The normalised words of the last text keyed on the fast path without a trace,
  // joined by single spaces.
  std::string_view joined() const { return std::string_view(joined_.data(), joined_size_); }

 private:
  RawBuffer<char> joined_;        // fast path output when not traced
  size_t joined_size_ = 0;
  KeyTrace::Word scratch_start_{};  // the one word slot written when not traced
  std::string normalized_joined_;   // slow path output
  std::vector<text::Span> words_;
  bool wide_ = false;
};

// TextKeyer::Compute of every unit of a document, with the words of the units keyed on
// the fast path when `with_trace`: then unit i's words are
// trace.words[first_word[i], first_word[i] + num_words[i]) when fast[i] is set, and its
// joined words end at trace.joined[joined_end[i]].
struct UnitKeys {
  std::vector<uint64_t> keys;
  std::vector<uint32_t> num_words;
  std::vector<uint8_t> fast;
  std::vector<uint32_t> first_word;
  std::vector<uint32_t> joined_end;
  KeyTrace trace;
};
UnitKeys KeyUnits(std::string_view text, const std::vector<Unit>& units, bool with_trace);

namespace internal {

// TextKey without TextKeyer's fast path: text::Normalize, text::TokenizeWords, join,
// hash. Tests check that both agree.
uint64_t TextKeyWithoutFastPath(std::string_view text, uint32_t* num_words = nullptr);

}  // namespace internal

}  // namespace doppel::clean
