// Paragraphs and sentences a document repeats (a scraper pasting a block twice, a
// standfirst repeated as the first paragraph). The first occurrence is kept.
//
// Units are compared by TextKey (normalised words), so case, punctuation, control bytes
// and line wrapping do not hide a repeat. A repeated unit is removed when it belongs to
// a repeated block (a run of consecutive units equal to an earlier run, found by
// extending each match forward) that holds a unit of at least kMinRepeatWords words, or
// at least kMinShortBlockUnits units and kMinShortBlockWords words in all: a repeated
// two-word label alone is not removed, but a short line inside a repeated block of
// paragraphs is. Then, in the units left, every sentence (text::SplitSentences) of at
// least kMinRepeatWords words that occurred earlier is removed.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "clean/cleaner.h"
#include "clean/text_key.h"
#include "clean/units.h"
#include "text/tokenize.h"

namespace doppel::clean {

inline constexpr uint32_t kMinRepeatWords = 5;
inline constexpr uint32_t kMinShortBlockUnits = 3;
inline constexpr uint32_t kMinShortBlockWords = 10;

struct RepeatedSpans {
  std::vector<bool> units;            // per unit: a repeat of earlier units
  std::vector<text::Span> sentences;  // repeated sentences in units kept, byte spans
};

// `unit_keys` from KeyUnits(text, units, true) (the trace gives the keys of sentences
// of units keyed on the fast path without reading them again). Units with `skip[i]` set
// (already removed as boilerplate) are neither sources nor repeats for the sentence pass.
RepeatedSpans FindRepeats(std::string_view text, const std::vector<Unit>& units,
                          const UnitKeys& unit_keys, const std::vector<bool>& skip);

// FindRepeats in two steps, for cleaning that keys a document once (the corpus pass,
// before the corpus statistics that decide `skip` exist) and judges it later:
//  1. FindRepeatedUnits (the unit blocks: they do not depend on `skip`), then
//     RepeatCandidates: the sentences FindRepeats' sentence pass would look at if no
//     unit were skipped, kept only when their key occurs more than once among them (a
//     key that occurs once is never a repeat, whatever is skipped), in document order;
//  2. RepeatedSentences(candidates, skip) == FindRepeats(...).sentences.
// Most documents repeat no sentence, so they keep nothing for step 2.
using SentenceKey = CleanCache::Sentence;
// FindRepeats(...).units: `keys` and `num_words` as in UnitKeys.
std::vector<bool> FindRepeatedUnits(const std::vector<uint64_t>& keys,
                                    const std::vector<uint32_t>& num_words);
// The same into `repeated_units` (its storage reused).
void FindRepeatedUnits(const std::vector<uint64_t>& keys, const std::vector<uint32_t>& num_words,
                       std::vector<bool>* repeated_units);
// `repeated_units` from FindRepeatedUnits; `unit_keys` as for FindRepeats.
std::vector<SentenceKey> RepeatCandidates(std::string_view text, const std::vector<Unit>& units,
                                          const UnitKeys& unit_keys,
                                          const std::vector<bool>& repeated_units);
// `skip` as for FindRepeats (one flag per unit of the document).
std::vector<text::Span> RepeatedSentences(const std::vector<SentenceKey>& candidates,
                                          const std::vector<bool>& skip);

}  // namespace doppel::clean
