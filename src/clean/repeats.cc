#include "clean/repeats.h"

#include <algorithm>
#include <cstdint>

#include "common/hash.h"
#include "text/segment.h"

namespace doppel::clean {
namespace {

// Earlier occurrences tried per unit: bounds the work on documents that repeat one line
// many times (a table of identical cells); the longest block is almost always found
// from the first few.
constexpr size_t kMaxCandidates = 16;

// Open-addressing map from non-zero 64-bit keys (hashes) to a value, sized for a known
// number of keys: one allocation per document instead of one node per key.
template <typename Value>
class FlatKeyMap {
 public:
  explicit FlatKeyMap(size_t max_keys) {
    size_t capacity = 16;
    while (capacity < 2 * max_keys) capacity *= 2;
    slots_.resize(capacity);
    mask_ = capacity - 1;
  }
  // The value of `key` (non-zero), inserted value-initialised when new; `inserted` tells.
  Value& FindOrInsert(uint64_t key, bool* inserted) {
    size_t slot = common::Mix64(key) & mask_;
    while (slots_[slot].key != 0) {
      if (slots_[slot].key == key) {
        *inserted = false;
        return slots_[slot].value;
      }
      slot = (slot + 1) & mask_;
    }
    slots_[slot].key = key;
    *inserted = true;
    return slots_[slot].value;
  }

 private:
  struct Slot {
    uint64_t key = 0;
    Value value{};
  };
  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

}  // namespace

RepeatedSpans FindRepeats(std::string_view text, const std::vector<Unit>& units,
                          const UnitKeys& unit_keys, const std::vector<bool>& skip) {
  const std::vector<uint64_t>& keys = unit_keys.keys;
  const std::vector<uint32_t>& num_words = unit_keys.num_words;
  const KeyTrace& trace = unit_keys.trace;
  const size_t n = units.size();
  RepeatedSpans result;
  result.units.assign(n, false);

  // Unit blocks. Earlier occurrences of each key, oldest first, as a linked list
  // through `next_occurrence` (first[key] -> unit -> next unit with that key ...).
  constexpr size_t kNone = SIZE_MAX;
  struct Occurrences {
    size_t first = kNone;
    size_t last = kNone;
  };
  FlatKeyMap<Occurrences> seen(n);
  std::vector<size_t> next_occurrence(n, kNone);
  for (size_t i = 0; i < n;) {
    if (keys[i] == 0) {
      ++i;
      continue;
    }
    bool inserted = false;
    Occurrences& earlier = seen.FindOrInsert(keys[i], &inserted);
    size_t best_length = 0;
    size_t c = 0;
    for (size_t p = earlier.first; p != kNone && c < kMaxCandidates;
         p = next_occurrence[p], ++c) {
      size_t length = 0;
      while (i + length < n && p + length < i && keys[i + length] != 0 &&
             keys[p + length] == keys[i + length]) {
        ++length;
      }
      best_length = std::max(best_length, length);
    }
    bool removed = false;
    if (best_length > 0) {
      uint32_t max_words = 0;
      uint32_t total_words = 0;
      for (size_t j = i; j < i + best_length; ++j) {
        max_words = std::max(max_words, num_words[j]);
        total_words += num_words[j];
      }
      if (max_words >= kMinRepeatWords ||
          (best_length >= kMinShortBlockUnits && total_words >= kMinShortBlockWords)) {
        for (size_t j = i; j < i + best_length; ++j) result.units[j] = true;
        removed = true;
      }
    }
    if (!removed) {
      if (earlier.first == kNone) {
        earlier.first = i;
      } else {
        next_occurrence[earlier.last] = i;
      }
      earlier.last = i;
      ++i;
      continue;
    }
    // Units of a removed block are not sources of later repeats: their first
    // occurrences already are.
    i += best_length;
  }

  // Sentences of the units kept.
  // At most one sentence per word of the units looked at.
  size_t max_sentences = 0;
  for (size_t i = 0; i < n; ++i) max_sentences += num_words[i];
  FlatKeyMap<bool> sentence_keys(max_sentences);
  std::vector<text::Span> sentences;
  TextKeyer keyer;
  for (size_t i = 0; i < n; ++i) {
    // A unit of fewer words cannot hold a sentence long enough (sentences split at
    // whitespace, which no word crosses).
    if (skip[i] || result.units[i] || num_words[i] < kMinRepeatWords) continue;
    std::string_view unit_text = text.substr(units[i].begin, units[i].end - units[i].begin);
    text::SplitSentences(unit_text, &sentences);
    const bool traced = unit_keys.fast[i] && trace.num_words > 0;
    size_t word = unit_keys.first_word[i];
    const size_t end_word = word + num_words[i];
    // The normal form of word w ends one byte (a space) before word w + 1 starts.
    auto joined_end = [&](size_t w) {
      return w + 1 < end_word ? trace.words[w + 1].joined_begin - 1 : unit_keys.joined_end[i];
    };
    for (const text::Span& sentence : sentences) {
      uint64_t key = 0;
      uint32_t words = 0;
      if (traced) {
        // The sentence's words are the unit's words that start inside it (no word
        // crosses a sentence boundary); its key is the hash of their joined slice.
        while (word < end_word && trace.words[word].text_begin < sentence.begin) ++word;
        const size_t first = word;
        while (word < end_word && trace.words[word].text_begin < sentence.end) ++word;
        words = static_cast<uint32_t>(word - first);
        if (words > 0) {
          const uint32_t begin = trace.words[first].joined_begin;
          key = KeyOfJoinedWords(
              trace.joined_text().substr(begin, joined_end(word - 1) - begin));
        }
      } else {
        TextKeyer::Key computed = keyer.Compute(unit_text.substr(sentence.begin, sentence.size()));
        key = computed.key;
        words = computed.num_words;
      }
      if (key == 0 || words < kMinRepeatWords) continue;
      bool inserted = false;
      sentence_keys.FindOrInsert(key, &inserted);
      if (!inserted) {
        result.sentences.push_back(
            {units[i].begin + sentence.begin, units[i].begin + sentence.end});
      }
    }
  }
  return result;
}

}  // namespace doppel::clean
