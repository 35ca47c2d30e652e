// Shared pieces of the fact detectors (facts.h): the pair view they read and the
// proper-name analysis. Internal to src/align.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "align/facts.h"

namespace doppel::align::internal {

// A quotation: the text between matching quotation marks (straight or curly, double or
// single; an apostrophe is told from a closing single quote by the letter after it),
// within one paragraph.
struct Quote {
  text::Span inner;  // without the marks
  uint32_t first_token = 0, end_token = 0;
};
std::vector<Quote> FindQuotes(const DocModel& doc);

// The two documents, their quantities and the groups, indexed both ways.
struct PairView {
  explicit PairView(const FactInput& input);

  const FactInput& in;
  const DocModel* doc[2];
  const std::vector<Quantity>* quantities[2];
  std::vector<int> group_of[2];  // sentence -> index of its group in in.groups
  std::vector<Quote> quotes[2];

  // Tokens of the sentences of `side` in group g, in order ([begin, end) ranges).
  std::vector<std::pair<uint32_t, uint32_t>> TokenRanges(int side, int g) const;
  // The sentence of the other side in group g most similar to sentence s of `side`, and
  // that similarity; -1 when the group has no other side.
  std::pair<int, double> BestCounterpart(int side, uint32_t s, int g) const;
  // Whether the text between tokens k-1 and k (same sentence) holds punctuation.
  bool PunctuationBefore(int side, uint32_t k) const;
};

// Proper names. A word is a name word when, over the non-headline sentences of both
// texts, it is written capitalised at least once where grammar does not capitalise it
// (not sentence- or quote-initial) and never in lower case; all-caps words (BBC) count
// the same way. Closed-class words (stop words, titles, months, weekdays, number words)
// are never name words. Sentence-initial and headline words are name words when the
// same word is one elsewhere, so "Hale told reporters" and "Marsh Kills Bill" work.
class Names {
 public:
  Names(const DocModel& a, const DocModel& b);

  bool IsName(int side, uint32_t token) const { return is_name_[side][token]; }
  // True when `norm` (a name word of the other side) is written anywhere in `side`'s text,
  // in any case, as a country/demonym pair, or sharing a 5-byte prefix with a word when
  // both have at least 6 (Europe/European).
  bool Mentions(int side, std::string_view norm) const;
  // The name mention around name token k: the maximal run of name words, capitalised
  // title and status words, and "of"/"the"/"de" between name words; tokens [first, end).
  std::pair<uint32_t, uint32_t> Mention(int side, uint32_t k) const;
  text::Span MentionSpan(int side, uint32_t k) const;

 private:
  const DocModel* doc_[2];
  std::vector<bool> is_name_[2];
  std::unordered_map<std::string, uint32_t> words_[2];  // norm -> count
  std::unordered_set<std::string> prefixes_[2];         // 5-byte prefixes of words >= 6
};

// Flags are appended through this, which fixes the span conventions.
class FlagSink {
 public:
  explicit FlagSink(std::vector<FactFlag>* out) : out_(out) {}
  void Add(FactKind kind, std::optional<text::Span> a, std::optional<text::Span> b,
           std::string reason, int alignment);

 private:
  std::vector<FactFlag>* out_;
};

// Original text of a span with whitespace runs made one space, for reasons.
std::string SpanText(const DocModel& doc, text::Span span);
// Original text of tokens [first, end).
text::Span TokenSpan(const DocModel& doc, uint32_t first, uint32_t end);

void DetectValueFacts(const PairView& view, FlagSink* sink);
void DetectNameFacts(const PairView& view, const Names& names, FlagSink* sink);
void DetectStatementFacts(const PairView& view, const Names& names, FlagSink* sink);

}  // namespace doppel::align::internal
