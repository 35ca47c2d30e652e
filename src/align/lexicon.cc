#include "align/lexicon.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

namespace doppel::align {
namespace {

using namespace std::string_view_literals;

template <size_t N>
bool In(const std::array<std::string_view, N>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

constexpr auto kWeekdays = std::to_array<std::string_view>(
    {"monday"sv, "tuesday"sv, "wednesday"sv, "thursday"sv, "friday"sv, "saturday"sv, "sunday"sv});

constexpr auto kMonths = std::to_array<std::string_view>(
    {"january"sv, "february"sv, "march"sv, "april"sv, "may"sv, "june"sv, "july"sv, "august"sv,
     "september"sv, "october"sv, "november"sv, "december"sv});

// Abbreviations that are not also common words; month number in the second field.
constexpr auto kMonthAbbrev = std::to_array<std::pair<std::string_view, int>>({{"jan"sv, 1},
                                                                               {"feb"sv, 2},
                                                                               {"apr"sv, 4},
                                                                               {"jul"sv, 7},
                                                                               {"aug"sv, 8},
                                                                               {"sep"sv, 9},
                                                                               {"sept"sv, 9},
                                                                               {"oct"sv, 10},
                                                                               {"nov"sv, 11},
                                                                               {"dec"sv, 12}});

constexpr auto kNumberWords = std::to_array<std::pair<std::string_view, double>>(
    {{"zero"sv, 0},        {"one"sv, 1},        {"two"sv, 2},        {"three"sv, 3},
     {"four"sv, 4},        {"five"sv, 5},       {"six"sv, 6},        {"seven"sv, 7},
     {"eight"sv, 8},       {"nine"sv, 9},       {"ten"sv, 10},       {"eleven"sv, 11},
     {"twelve"sv, 12},     {"thirteen"sv, 13},  {"fourteen"sv, 14},  {"fifteen"sv, 15},
     {"sixteen"sv, 16},    {"seventeen"sv, 17}, {"eighteen"sv, 18},  {"nineteen"sv, 19},
     {"twenty"sv, 20},     {"thirty"sv, 30},    {"forty"sv, 40},     {"fifty"sv, 50},
     {"sixty"sv, 60},      {"seventy"sv, 70},   {"eighty"sv, 80},    {"ninety"sv, 90},
     {"hundred"sv, 100},   {"thousand"sv, 1e3}, {"million"sv, 1e6},  {"billion"sv, 1e9},
     {"trillion"sv, 1e12}, {"dozen"sv, 12},     {"millions"sv, 1e6}, {"billions"sv, 1e9},
     {"thousands"sv, 1e3}});

constexpr auto kNegations = std::to_array<std::string_view>(
    {"not"sv,     "no"sv,   "never"sv,   "none"sv,    "nobody"sv,  "nothing"sv,
     "neither"sv, "nor"sv,  "without"sv, "cannot"sv,  "nowhere"sv, "t"sv,
     "didnt"sv,   "dont"sv, "doesnt"sv,  "isnt"sv,    "wasnt"sv,   "arent"sv,
     "werent"sv,  "wont"sv, "cant"sv,    "couldnt"sv, "wouldnt"sv, "hasnt"sv});

// Stems (Snowball english) of verbs that negate what follows them.
constexpr auto kNegatingStems =
    std::to_array<std::string_view>({"deni"sv, "refus"sv, "reject"sv, "fail"sv});

constexpr auto kTitleStatus = std::to_array<std::string_view>(
    {"former"sv, "ex"sv, "acting"sv, "interim"sv, "late"sv, "deputy"sv, "vice"sv, "outgoing"sv,
     "incoming"sv, "shadow"sv, "retired"sv, "caretaker"sv, "elect"sv, "designate"sv, "then"sv,
     "assistant"sv});

constexpr auto kTitleWords = std::to_array<std::string_view>({"president"sv,
                                                              "presidents"sv,
                                                              "minister"sv,
                                                              "ministers"sv,
                                                              "chancellor"sv,
                                                              "secretary"sv,
                                                              "premier"sv,
                                                              "prime"sv,
                                                              "chief"sv,
                                                              "executive"sv,
                                                              "chairman"sv,
                                                              "chairwoman"sv,
                                                              "chair"sv,
                                                              "director"sv,
                                                              "governor"sv,
                                                              "mayor"sv,
                                                              "senator"sv,
                                                              "judge"sv,
                                                              "justice"sv,
                                                              "king"sv,
                                                              "queen"sv,
                                                              "prince"sv,
                                                              "princess"sv,
                                                              "sir"sv,
                                                              "lord"sv,
                                                              "lady"sv,
                                                              "dame"sv,
                                                              "general"sv,
                                                              "colonel"sv,
                                                              "captain"sv,
                                                              "commander"sv,
                                                              "admiral"sv,
                                                              "professor"sv,
                                                              "prof"sv,
                                                              "dr"sv,
                                                              "mr"sv,
                                                              "mrs"sv,
                                                              "ms"sv,
                                                              "miss"sv,
                                                              "bishop"sv,
                                                              "archbishop"sv,
                                                              "pope"sv,
                                                              "ambassador"sv,
                                                              "spokesman"sv,
                                                              "spokeswoman"sv,
                                                              "spokesperson"sv,
                                                              "leader"sv,
                                                              "head"sv,
                                                              "manager"sv,
                                                              "coach"sv,
                                                              "inspector"sv,
                                                              "sergeant"sv,
                                                              "detective"sv,
                                                              "officer"sv,
                                                              "constable"sv,
                                                              "superintendent"sv,
                                                              "commissioner"sv,
                                                              "commissioners"sv,
                                                              "attorney"sv,
                                                              "lawyer"sv,
                                                              "councillor"sv,
                                                              "mp"sv,
                                                              "mps"sv,
                                                              "congressman"sv,
                                                              "congresswoman"sv,
                                                              "representative"sv,
                                                              "sheriff"sv,
                                                              "editor"sv,
                                                              "founder"sv,
                                                              "ceo"sv,
                                                              "cfo"sv,
                                                              "chairperson"sv,
                                                              "boss"sv,
                                                              "publicist"sv,
                                                              "analyst"sv,
                                                              "spokesmen"sv,
                                                              "official"sv,
                                                              "officials"sv,
                                                              "magistrate"sv,
                                                              "chef"sv,
                                                              "seed"sv,
                                                              "champion"sv,
                                                              "counsel"sv,
                                                              "barrister"sv,
                                                              "solicitor"sv,
                                                              "economist"sv,
                                                              "campaigner"sv,
                                                              "lecturer"sv,
                                                              "student"sv,
                                                              "researcher"sv,
                                                              "scientist"sv,
                                                              "doctor"sv,
                                                              "nurse"sv,
                                                              "surgeon"sv,
                                                              "vicar"sv,
                                                              "rev"sv});

constexpr auto kSpeechVerbs = std::to_array<std::string_view>(
    {"said"sv,      "says"sv,      "say"sv,          "told"sv,     "tells"sv,     "added"sv,
     "adds"sv,      "stated"sv,    "argued"sv,       "argues"sv,   "claimed"sv,   "claims"sv,
     "insisted"sv,  "insists"sv,   "warned"sv,       "warns"sv,    "explained"sv, "stressed"sv,
     "noted"sv,     "announced"sv, "commented"sv,    "remarked"sv, "declared"sv,  "asserted"sv,
     "admitted"sv,  "replied"sv,   "responded"sv,    "wrote"sv,    "writes"sv,    "tweeted"sv,
     "according"sv, "concluded"sv, "acknowledged"sv, "conceded"sv, "observed"sv,  "maintained"sv});

constexpr auto kPronouns = std::to_array<std::string_view>(
    {"he"sv, "she"sv, "they"sv, "it"sv, "we"sv, "i"sv, "you"sv, "who"sv});

constexpr auto kHedges = std::to_array<std::string_view>(
    {"allegedly"sv, "alleged"sv, "reportedly"sv, "apparently"sv, "according"sv, "suspected"sv,
     "purportedly"sv, "supposedly"sv, "unconfirmed"sv, "believed"sv, "rumoured"sv, "rumored"sv,
     "claimed"sv});

constexpr auto kDegreeAdverbs = std::to_array<std::string_view>(
    {"significantly"sv, "substantially"sv, "slightly"sv, "largely"sv, "mostly"sv, "partly"sv,
     "partially"sv, "marginally"sv, "modestly"sv, "somewhat"sv});

constexpr auto kPlaceForms = std::to_array<std::pair<std::string_view, std::string_view>>(
    {{"spain"sv, "spanish"sv},       {"france"sv, "french"sv},     {"wales"sv, "welsh"sv},
     {"ireland"sv, "irish"sv},       {"netherlands"sv, "dutch"sv}, {"holland"sv, "dutch"sv},
     {"britain"sv, "british"sv},     {"uk"sv, "british"sv},        {"england"sv, "english"sv},
     {"scotland"sv, "scottish"sv},   {"greece"sv, "greek"sv},      {"switzerland"sv, "swiss"sv},
     {"denmark"sv, "danish"sv},      {"sweden"sv, "swedish"sv},    {"norway"sv, "norwegian"sv},
     {"finland"sv, "finnish"sv},     {"poland"sv, "polish"sv},     {"turkey"sv, "turkish"sv},
     {"portugal"sv, "portuguese"sv}, {"america"sv, "american"sv},  {"us"sv, "american"sv},
     {"china"sv, "chinese"sv}});

}  // namespace

int WeekdayNumber(std::string_view word) {
  for (size_t i = 0; i < kWeekdays.size(); ++i) {
    if (kWeekdays[i] == word) return static_cast<int>(i) + 1;
  }
  return 0;
}

int MonthNumber(std::string_view word, bool strict) {
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i] == word) {
      // "may" and "march" are also a verb and a noun.
      if (strict && (word == "may" || word == "march")) return 0;
      return static_cast<int>(i) + 1;
    }
  }
  for (const auto& [abbrev, month] : kMonthAbbrev) {
    if (abbrev == word) return month;
  }
  if (!strict && word == "mar") return 3;
  if (!strict && word == "jun") return 6;
  return 0;
}

std::optional<double> NumberWordValue(std::string_view word) {
  for (const auto& [name, value] : kNumberWords) {
    if (name == word) return value;
  }
  return std::nullopt;
}

bool IsScaleWord(std::string_view word) {
  return word == "hundred" || word == "thousand" || word == "million" || word == "billion" ||
         word == "trillion" || word == "dozen";
}

double SuffixScale(std::string_view suffix) {
  if (suffix == "k") return 1e3;
  if (suffix == "m" || suffix == "mn" || suffix == "mln") return 1e6;
  if (suffix == "bn" || suffix == "b" || suffix == "bln") return 1e9;
  if (suffix == "tn" || suffix == "trn") return 1e12;
  return 0;
}

const char* BoundName(Bound bound) {
  switch (bound) {
    case Bound::kExact:
      return "exact";
    case Bound::kApprox:
      return "approximately";
    case Bound::kAtLeast:
      return "at least";
    case Bound::kAtMost:
      return "at most";
  }
  return "exact";
}

Bound QualifierBefore(std::string_view w3, std::string_view w2, std::string_view w1,
                      int* num_words) {
  struct Rule {
    std::string_view w3, w2, w1;
    Bound bound;
  };
  // Longest rules first. An empty word matches any.
  static constexpr auto kRules = std::to_array<Rule>({
      {"as"sv, "many"sv, "as"sv, Bound::kAtMost},
      {"as"sv, "much"sv, "as"sv, Bound::kAtMost},
      {"in"sv, "excess"sv, "of"sv, Bound::kAtLeast},
      {"a"sv, "maximum"sv, "of"sv, Bound::kAtMost},
      {"a"sv, "minimum"sv, "of"sv, Bound::kAtLeast},
      {""sv, "at"sv, "least"sv, Bound::kAtLeast},
      {""sv, "upwards"sv, "of"sv, Bound::kAtLeast},
      {""sv, "at"sv, "most"sv, Bound::kAtMost},
      {""sv, "up"sv, "to"sv, Bound::kAtMost},
      {""sv, "close"sv, "to"sv, Bound::kApprox},
      {""sv, "an"sv, "estimated"sv, Bound::kApprox},
      {""sv, "just"sv, "over"sv, Bound::kApprox},
      {""sv, "just"sv, "under"sv, Bound::kApprox},
      {""sv, "or"sv, "so"sv, Bound::kApprox},
      {""sv, ""sv, "over"sv, Bound::kAtLeast},
      {""sv, ""sv, "above"sv, Bound::kAtLeast},
      {""sv, ""sv, "exceeding"sv, Bound::kAtLeast},
      {""sv, ""sv, "under"sv, Bound::kAtMost},
      {""sv, ""sv, "below"sv, Bound::kAtMost},
      {""sv, ""sv, "about"sv, Bound::kApprox},
      {""sv, ""sv, "around"sv, Bound::kApprox},
      {""sv, ""sv, "roughly"sv, Bound::kApprox},
      {""sv, ""sv, "approximately"sv, Bound::kApprox},
      {""sv, ""sv, "nearly"sv, Bound::kApprox},
      {""sv, ""sv, "almost"sv, Bound::kApprox},
      {""sv, ""sv, "some"sv, Bound::kApprox},
      {""sv, ""sv, "estimated"sv, Bound::kApprox},
      {""sv, ""sv, "circa"sv, Bound::kApprox},
      {""sv, ""sv, "approx"sv, Bound::kApprox},
      {""sv, ""sv, "c"sv, Bound::kApprox},
  });
  // "<comparative> than N": more, longer, higher ... bound from below; less, shorter,
  // lower ... from above; "no <comparative> than" turns the bound round.
  static constexpr auto kAbove = std::to_array<std::string_view>(
      {"more"sv, "greater"sv, "higher"sv, "longer"sv, "larger"sv, "bigger"sv, "older"sv,
       "later"sv, "further"sv, "farther"sv, "heavier"sv, "taller"sv, "wider"sv});
  static constexpr auto kBelow = std::to_array<std::string_view>(
      {"less"sv, "fewer"sv, "lower"sv, "shorter"sv, "smaller"sv, "younger"sv, "earlier"sv,
       "lighter"sv, "narrower"sv, "cheaper"sv});
  if (w1 == "than") {
    const bool above = In(kAbove, w2), below = In(kBelow, w2);
    if (above || below) {
      const bool no = w3 == "no";
      *num_words = no ? 3 : 2;
      return above != no ? Bound::kAtLeast : Bound::kAtMost;
    }
  }
  for (const Rule& rule : kRules) {
    if (rule.w1 != w1) continue;
    if (!rule.w2.empty() && rule.w2 != w2) continue;
    if (!rule.w3.empty() && rule.w3 != w3) continue;
    *num_words = rule.w3.empty() ? (rule.w2.empty() ? 1 : 2) : 3;
    return rule.bound;
  }
  *num_words = 0;
  return Bound::kExact;
}

bool IsNegation(std::string_view word, std::string_view stem) {
  return In(kNegations, word) || In(kNegatingStems, stem);
}

bool IsTitleStatus(std::string_view word) { return In(kTitleStatus, word); }

bool IsTitleWord(std::string_view word) { return In(kTitleWords, word); }

bool IsSpeechVerb(std::string_view word) { return In(kSpeechVerbs, word); }

bool IsPronoun(std::string_view word) { return In(kPronouns, word); }

bool IsHedge(std::string_view word) { return In(kHedges, word); }

bool IsDegreeAdverb(std::string_view word) { return In(kDegreeAdverbs, word); }

int QuantifierClass(std::string_view word) {
  if (word == "all" || word == "every" || word == "each") return 1;
  if (word == "no" || word == "none") return 2;
  if (word == "most") return 3;
  if (word == "some" || word == "several" || word == "many" || word == "few") return 4;
  return 0;
}

bool SamePlaceForms(std::string_view a, std::string_view b) {
  if (a == b) return true;
  for (const auto& [place, adjective] : kPlaceForms) {
    if ((a == place && b == adjective) || (a == adjective && b == place)) return true;
  }
  return false;
}

std::vector<std::string_view> OtherPlaceForms(std::string_view word) {
  std::vector<std::string_view> out;
  for (const auto& [place, adjective] : kPlaceForms) {
    if (word == place) out.push_back(adjective);
    if (word == adjective) out.push_back(place);
  }
  return out;
}

}  // namespace doppel::align
