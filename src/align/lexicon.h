// Closed-class English word lists for the fact detectors: weekdays, months, number
// words, qualifiers, negations, titles, speech verbs. These are general language (the
// grammar of how news states numbers, dates, roles and attributions), never words of a
// particular site or story. Every function takes a normalised (case-folded) token as
// text::TokenizeWords cuts it, and is thread-safe (tables built at compile time).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace doppel::align {

// 1 (monday) .. 7 (sunday); 0 when not a weekday. Full names only ("sun", "wed" are words).
int WeekdayNumber(std::string_view word);

// 1 .. 12 for full month names and the unambiguous abbreviations (jan feb sept oct nov
// dec ...); 0 otherwise. "may", "march", "mar" and "jun" count only when `strict` is
// false: the caller passes strict = true unless a day number or year is adjacent.
int MonthNumber(std::string_view word, bool strict);

// Value of a cardinal number word ("six" -> 6, "twenty" -> 20, "hundred" -> 100,
// "million" -> 1e6, "dozen" -> 12); nothing otherwise.
std::optional<double> NumberWordValue(std::string_view word);
// True for the multipliers hundred, thousand, million, billion, trillion (and dozen).
bool IsScaleWord(std::string_view word);

// Scale of a suffix glued to digits or following them: "k" 1e3, "m"/"mn"/"mln" 1e6,
// "bn"/"b" 1e9, "tn"/"trn" 1e12; 0 otherwise.
double SuffixScale(std::string_view suffix);

// How a number is bounded by the words before it.
enum class Bound : uint8_t {
  kExact = 0,    // no qualifier
  kApprox = 1,   // about, around, roughly, nearly, some, an estimated ...
  kAtLeast = 2,  // at least, more than, over, upwards of, no fewer than ...
  kAtMost = 3,   // up to, at most, less than, under, no more than, as many as ...
};
const char* BoundName(Bound bound);  // "exact", "approximately", "at least", "at most"

// The qualifier ending right before a number, given the one to three normalised words
// before it (w1 nearest; empty when absent). Sets *num_words to the words it spans.
Bound QualifierBefore(std::string_view w3, std::string_view w2, std::string_view w1,
                      int* num_words);

// Negation markers: not, no, never, none, nobody, nothing, neither, nor, without, cannot,
// the "t" of a contraction (didn't -> didn t), and verbs that negate their object
// (deny, refuse, reject, fail), given as stems (text::Stemmer output).
bool IsNegation(std::string_view word, std::string_view stem);

// Status words that change what a title means: former, ex, acting, interim, late,
// deputy, vice, outgoing, incoming, shadow, retired, caretaker, elect, designate, then.
bool IsTitleStatus(std::string_view word);

// Titles and roles that precede or describe a person: president, minister, chancellor,
// secretary, judge, mr, mrs, dr, chief, spokesman, leader, ... (plural forms included).
bool IsTitleWord(std::string_view word);

// Reporting verbs (said, says, told, added, argued, claimed, insisted, ...) and
// "according" (according to X).
bool IsSpeechVerb(std::string_view word);

// Personal pronouns that can be a speaker (he, she, they, it, we, i).
bool IsPronoun(std::string_view word);

// Hedges that mark a claim as someone's report or as uncertain: allegedly, reportedly,
// apparently, according, suspected, purportedly, supposedly, unconfirmed, believed.
bool IsHedge(std::string_view word);

// Degree adverbs that bound a claim: significantly, substantially, slightly, largely,
// mostly, partly, partially, marginally.
bool IsDegreeAdverb(std::string_view word);

// Quantifiers of a noun, by class: 1 universal (all, every, each), 2 negative universal
// (no, none), 3 majority (most), 4 existential (some, several, many, few); 0 otherwise.
int QuantifierClass(std::string_view word);

// Demonym and country forms that name the same place ("spain"/"spanish",
// "britain"/"british"): true when a and b are such a pair (or equal).
bool SamePlaceForms(std::string_view a, std::string_view b);
// The other forms of a place word ("spanish" -> {"spain"}); empty for other words.
std::vector<std::string_view> OtherPlaceForms(std::string_view word);

}  // namespace doppel::align
