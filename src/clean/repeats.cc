#include "clean/repeats.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "text/segment.h"

namespace doppel::clean {
namespace {

// Earlier occurrences tried per unit: bounds the work on documents that repeat one line
// many times (a table of identical cells); the longest block is almost always found
// from the first few.
constexpr size_t kMaxCandidates = 16;

}  // namespace

RepeatedSpans FindRepeats(std::string_view text, const std::vector<Unit>& units,
                          const std::vector<uint64_t>& keys,
                          const std::vector<uint32_t>& num_words,
                          const std::vector<bool>& skip) {
  const size_t n = units.size();
  RepeatedSpans result;
  result.units.assign(n, false);

  // Unit blocks.
  std::unordered_map<uint64_t, std::vector<size_t>> seen;
  for (size_t i = 0; i < n;) {
    if (keys[i] == 0) {
      ++i;
      continue;
    }
    std::vector<size_t>& earlier = seen[keys[i]];
    size_t best_length = 0;
    for (size_t c = 0; c < earlier.size() && c < kMaxCandidates; ++c) {
      size_t p = earlier[c];
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
      earlier.push_back(i);
      ++i;
      continue;
    }
    // Units of a removed block are not sources of later repeats: their first
    // occurrences already are.
    i += best_length;
  }

  // Sentences of the units kept.
  std::unordered_set<uint64_t> sentence_keys;
  std::vector<text::Span> sentences;
  for (size_t i = 0; i < n; ++i) {
    if (skip[i] || result.units[i]) continue;
    std::string_view unit_text = text.substr(units[i].begin, units[i].end - units[i].begin);
    text::SplitSentences(unit_text, &sentences);
    for (const text::Span& sentence : sentences) {
      uint32_t words = 0;
      uint64_t key = TextKey(unit_text.substr(sentence.begin, sentence.size()), &words);
      if (key == 0 || words < kMinRepeatWords) continue;
      if (!sentence_keys.insert(key).second) {
        result.sentences.push_back(
            {units[i].begin + sentence.begin, units[i].begin + sentence.end});
      }
    }
  }
  return result;
}

}  // namespace doppel::clean
