#include "clean/repeats.h"

#include <algorithm>
#include <bit>
#include <cstdint>

#include "common/byte_finder.h"
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
  FlatKeyMap() = default;
  explicit FlatKeyMap(size_t max_keys) { Reset(max_keys); }
  // Empty, with room for `max_keys` keys (the slots are reused when they suffice).
  void Reset(size_t max_keys) {
    size_t capacity = 16;
    while (capacity < 2 * max_keys) capacity *= 2;
    slots_.assign(capacity, Slot{});
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

// Calls fn(unit, sentence span in the unit, key) for every sentence of the units
// i with eligible(i), in document order, when the sentence has at least kMinRepeatWords
// words; `key` is its TextKey (a slice of the trace hashed, or for units off the fast
// path the sentence keyed again).
template <typename Eligible, typename Fn>
void ForEachSentence(std::string_view text, const std::vector<Unit>& units,
                     const UnitKeys& unit_keys, Eligible eligible, Fn fn) {
  const std::vector<uint32_t>& num_words = unit_keys.num_words;
  const KeyTrace& trace = unit_keys.trace;
  std::vector<text::Span> sentences;
  TextKeyer keyer;
  for (size_t i = 0; i < units.size(); ++i) {
    // A unit of fewer words cannot hold a sentence long enough (sentences split at
    // whitespace, which no word crosses).
    if (num_words[i] < kMinRepeatWords || !eligible(i)) continue;
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
      fn(i, sentence, key);
    }
  }
}

// The bytes that may end a sentence or a paragraph for text::SplitSentences (. ! ? and
// line breaks; a few calls more do no harm).
const common::ByteFinder kBoundaryBytes({'.', '!', '?', '\n', '\r'}, /*non_ascii=*/false);

// False only when no two sentences that ForEachSentence(eligible) would pass on can
// have the same key; then there is no repeated sentence whatever is skipped. A quick
// test on the trace: every sentence of at least kMinRepeatWords words starts at the
// first word of its unit or at the first word after one of . ! ? (SplitSentences cuts
// only after them and at paragraph breaks, which a unit does not hold: a blank line has
// no word), and two equal sentences (equal joined words) have equal first five words.
// So when the joined first five words at all such starts differ, no sentence repeats
// (up to a 64-bit collision of two different sentences' keys, which the exact pass
// would take for a repeat: never seen, and ignored here). True for units keyed off the
// fast path (no trace), so the exact pass runs.
template <typename Eligible>
bool MayRepeatSentence(std::string_view text, const std::vector<Unit>& units,
                       const UnitKeys& unit_keys, Eligible eligible) {
  const std::vector<uint32_t>& num_words = unit_keys.num_words;
  const KeyTrace& trace = unit_keys.trace;
  // Reused (this runs once per document: a fresh vector each time was 3% of the prepare
  // stage); a huge document's buffer goes at the next call.
  thread_local std::vector<uint64_t> starts;
  if (starts.capacity() > (size_t{1} << 20)) std::vector<uint64_t>().swap(starts);
  starts.clear();
  for (size_t i = 0; i < units.size(); ++i) {
    if (num_words[i] < kMinRepeatWords || !eligible(i)) continue;
    if (!unit_keys.fast[i] || trace.num_words == 0) return true;
    const size_t first_word = unit_keys.first_word[i];
    const size_t end_word = first_word + num_words[i];
    auto joined_end = [&](size_t w) {
      return w + 1 < end_word ? trace.words[w + 1].joined_begin - 1 : unit_keys.joined_end[i];
    };
    // Key of the first five words from word w, when the unit has them.
    auto add = [&](size_t w) {
      if (w + kMinRepeatWords > end_word) return;
      const uint32_t begin = trace.words[w].joined_begin;
      starts.push_back(KeyOfJoinedWords(
          trace.joined_text().substr(begin, joined_end(w + kMinRepeatWords - 1) - begin)));
    };
    add(first_word);
    size_t last = first_word;  // the last word added
    size_t w = first_word;     // the first word after the boundary bytes seen so far
    std::string_view unit_text = text.substr(units[i].begin, units[i].end - units[i].begin);
    kBoundaryBytes.ForEach(unit_text, [&](size_t p) {
      while (w < end_word && trace.words[w].text_begin <= p) ++w;
      if (w < end_word && w != last) {
        add(w);
        last = w;
      }
    });
  }
  // Any key twice? A small open-addressing table on the stack for the usual few dozen.
  constexpr size_t kTableSlots = 256;
  if (starts.size() > kTableSlots / 2) {
    std::sort(starts.begin(), starts.end());
    return std::adjacent_find(starts.begin(), starts.end()) != starts.end();
  }
  uint64_t table[kTableSlots] = {};  // key 0 marks an empty slot (keys are never 0)
  for (uint64_t key : starts) {
    size_t slot = common::Mix64(key) & (kTableSlots - 1);
    while (table[slot] != 0) {
      if (table[slot] == key) return true;
      slot = (slot + 1) & (kTableSlots - 1);
    }
    table[slot] = key;
  }
  return false;
}

}  // namespace

std::vector<bool> FindRepeatedUnits(const std::vector<uint64_t>& keys,
                                    const std::vector<uint32_t>& num_words) {
  std::vector<bool> repeated;
  FindRepeatedUnits(keys, num_words, &repeated);
  return repeated;
}

void FindRepeatedUnits(const std::vector<uint64_t>& keys, const std::vector<uint32_t>& num_words,
                       std::vector<bool>* repeated_units) {
  const size_t n = keys.size();
  std::vector<bool>& repeated = *repeated_units;
  repeated.assign(n, false);

  // Unit blocks. Earlier occurrences of each key, oldest first, as a linked list
  // through `next_occurrence` (first[key] -> unit -> next unit with that key ...).
  constexpr size_t kNone = SIZE_MAX;
  struct Occurrences {
    size_t first = kNone;
    size_t last = kNone;
  };
  // Kept per thread from one document to the next (two allocations a document before),
  // let go after a document of more than kMaxKeptUnits units.
  constexpr size_t kMaxKeptUnits = size_t{1} << 16;
  thread_local FlatKeyMap<Occurrences> seen;
  thread_local std::vector<size_t> next_occurrence;
  seen.Reset(n);
  next_occurrence.assign(n, kNone);
  struct Release {
    size_t n;
    ~Release() {
      if (n > kMaxKeptUnits) {
        seen = FlatKeyMap<Occurrences>();
        std::vector<size_t>().swap(next_occurrence);
      }
    }
  } release{n};
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
        for (size_t j = i; j < i + best_length; ++j) repeated[j] = true;
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
}

RepeatedSpans FindRepeats(std::string_view text, const std::vector<Unit>& units,
                          const UnitKeys& unit_keys, const std::vector<bool>& skip) {
  RepeatedSpans result;
  result.units = FindRepeatedUnits(unit_keys.keys, unit_keys.num_words);

  // Sentences of the units kept.
  // At most one sentence per word of the units looked at.
  size_t max_sentences = 0;
  for (uint32_t words : unit_keys.num_words) max_sentences += words;
  FlatKeyMap<bool> sentence_keys(max_sentences);
  ForEachSentence(
      text, units, unit_keys, [&](size_t i) { return !skip[i] && !result.units[i]; },
      [&](size_t i, const text::Span& sentence, uint64_t key) {
        bool inserted = false;
        sentence_keys.FindOrInsert(key, &inserted);
        if (!inserted) {
          result.sentences.push_back(
              {units[i].begin + sentence.begin, units[i].begin + sentence.end});
        }
      });
  return result;
}

std::vector<SentenceKey> RepeatCandidates(std::string_view text, const std::vector<Unit>& units,
                                          const UnitKeys& unit_keys,
                                          const std::vector<bool>& repeated_units) {
  auto eligible = [&](size_t i) { return !repeated_units[i]; };
  if (!MayRepeatSentence(text, units, unit_keys, eligible)) return {};
  std::vector<SentenceKey> all;
  ForEachSentence(
      text, units, unit_keys, eligible, [&](size_t i, const text::Span& sentence, uint64_t key) {
        all.push_back({static_cast<uint32_t>(i), units[i].begin + sentence.begin,
                       units[i].begin + sentence.end, key});
      });
  // Occurrences of each key, capped at 2.
  FlatKeyMap<uint8_t> count(all.size());
  bool any_repeat = false;
  for (const SentenceKey& s : all) {
    bool inserted = false;
    uint8_t& c = count.FindOrInsert(s.key, &inserted);
    if (c < 2) ++c;
    any_repeat = any_repeat || !inserted;
  }
  std::vector<SentenceKey> candidates;
  if (!any_repeat) return candidates;
  for (const SentenceKey& s : all) {
    bool inserted = false;
    if (count.FindOrInsert(s.key, &inserted) >= 2) candidates.push_back(s);
  }
  return candidates;
}

std::vector<text::Span> RepeatedSentences(const std::vector<SentenceKey>& candidates,
                                          const std::vector<bool>& skip) {
  std::vector<text::Span> repeated;
  if (candidates.empty()) return repeated;
  FlatKeyMap<bool> seen(candidates.size());
  for (const SentenceKey& s : candidates) {
    if (skip[s.unit]) continue;
    bool inserted = false;
    seen.FindOrInsert(s.key, &inserted);
    if (!inserted) repeated.push_back({s.begin, s.end});
  }
  return repeated;
}

}  // namespace doppel::clean
