// Numbers and dates as values: "4.2m", "4.2 million", "4,200,000" and "four point two
// million" all read as 4.2e6; "six" and "6" as 6; "14 March" as day 14 and month 3. The
// fact detectors compare these values, never the written forms, so a rewrite that writes
// a number differently is not flagged.
//
// Grammar (English news usage):
//  - digit groups: 1,200 (comma thousands), 4.2 (decimal point), with a glued suffix for
//    scale (k m mn bn tn), ordinal (st nd rd th), decade (1990s) or unit (km kg pm ...);
//  - a following scale word (thousand, million, billion, trillion; bn, m after a space);
//  - number words: one .. nineteen, tens, hundred, thousand, million, billion, dozen,
//    composed as "two hundred and twenty-five thousand"; "a"/"an" before a scale word
//    is one ("a million");
//  - percent: "%", "per cent", "percent" after the number (a unit, not a value change);
//  - currency symbols before the number (a unit);
//  - years: four plain digits 1000-2100 with no scale, currency or grouping;
//  - day of month: 1-31 next to a capitalised month name; months and weekdays:
//    capitalised names ("may" and "march" only next to a day or year);
//  - the qualifier before a number (lexicon.h QualifierBefore): at least, up to, about.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "align/doc_model.h"
#include "align/lexicon.h"

namespace doppel::align {

enum class QuantityKind : uint8_t {
  kNumber = 0,   // an amount or count
  kYear = 1,     // value: the year; a decade (1990s) has decade = true
  kDay = 2,      // day of month, 1-31
  kMonth = 3,    // 1-12
  kWeekday = 4,  // 1 (Monday) - 7
};

struct Quantity {
  QuantityKind kind = QuantityKind::kNumber;
  double value = 0;
  uint32_t first_token = 0;  // the tokens written for the value (scale word included)
  uint32_t end_token = 0;
  text::Span orig;  // original span: currency symbol .. last token (or % sign)
  Bound bound = Bound::kExact;
  uint32_t qualifier_first_token = 0;  // == first_token when there is no qualifier
  bool percent = false;
  bool decade = false;
  bool weak = false;  // a lone "one" or "a": too often a pronoun or article to flag
  uint32_t sentence = 0;
  bool IsDate() const { return kind != QuantityKind::kNumber; }
};

// Every quantity of `doc`, in text order. Thread-safe.
std::vector<Quantity> ExtractQuantities(const DocModel& doc);

// True when two values of the same kind state the same fact: equal, or (for amounts of
// 1000 and more) within 1% of each other, or within 5% when either is approximate
// (rounding a figure is not changing it).
bool SameValue(const Quantity& a, const Quantity& b);

// The value as readers write it ("390,000", "4.2 million", "14", "1998", "September").
std::string FormatQuantity(const Quantity& q);

}  // namespace doppel::align
