// Numbers, dates and numeric qualifiers.
//
// Values are matched one to one (a multiset match), first inside each aligned group and
// then anywhere in the other text, so a figure the rewrite moved to another sentence is
// not a change. What is left over is a change only when it is unambiguous: a value of
// b's group that a never states anywhere, against a value of the same kind in a's group
// that b never states anywhere. A value merely added or dropped is not flagged (rewrites
// add context and condense), nor are lone "one"/"a" (pronoun and article uses).
#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>
#include <utility>

#include "align/facts_internal.h"

namespace doppel::align::internal {
namespace {

// Number, year, day, month and weekday values are compared within their own family.
int Family(const Quantity& q) { return static_cast<int>(q.kind); }

// The unit of a number, or empty: the unit word right after it ("60 days", "two months",
// "5 km"), as its stem; any word joined to it by a hyphen ("six-figure", "10-hour"); else
// the currency symbol written before it ("£100,000"). Two numbers in different units are
// not one fact changed ("within 60 days" / "within two months" is a conversion; "3 miles"
// / "5 km" and "£5m" / "$8m" too; "a six-figure sum" / "£100,000" is a magnitude).
std::string_view UnitOf(const Quantity& q, const DocModel& doc) {
  static constexpr std::string_view kUnits[] = {
      "second", "minut", "hour",  "day",    "week",  "month", "year",  "decad", "centuri",
      "mile",   "km",    "kilometr", "metr", "meter", "feet", "foot",  "yard",  "inch",
      "cm",     "mm",    "kg",    "kilogram", "gram", "tonn", "ton",   "pound", "ounc",
      "litr",   "liter", "gallon", "acr",   "hectar"};
  if (q.kind != QuantityKind::kNumber || q.percent) return {};
  if (q.end_token < doc.tokens.size()) {
    const Token& next = doc.tokens[q.end_token];
    if (next.sentence == q.sentence) {
      for (std::string_view unit : kUnits) {
        if (next.stem == unit) return unit;
      }
      const Token& last = doc.tokens[q.end_token - 1];
      if (next.orig.begin == last.orig.end + 1 && doc.text[last.orig.end] == '-' && !next.digits) {
        return next.stem;
      }
    }
  }
  // A currency symbol: the value's span starts before its first token, at a symbol.
  const uint32_t first = doc.tokens[q.first_token].orig.begin;
  if (q.orig.begin < first && q.orig.begin < doc.text.size()) {
    const auto c = static_cast<unsigned char>(doc.text[q.orig.begin]);
    if (c != '-' && c != '+' && !(c >= '0' && c <= '9')) {
      std::string_view symbol = doc.text.substr(q.orig.begin, first - q.orig.begin);
      while (!symbol.empty() && (symbol.back() == ' ' || symbol.back() == '\t')) symbol.remove_suffix(1);
      return symbol;
    }
  }
  return {};
}

// Quantities sorted by (kind, value), to find the ones SameValue may accept (within 5%)
// without comparing every pair.
class ValueIndex {
 public:
  explicit ValueIndex(const std::vector<Quantity>& all) : all_(all) {
    for (size_t k = 0; k < all.size(); ++k) order_.push_back(static_cast<uint32_t>(k));
    std::sort(order_.begin(), order_.end(), [&](uint32_t x, uint32_t y) {
      return std::tie(all[x].kind, all[x].value, x) < std::tie(all[y].kind, all[y].value, y);
    });
  }

  // Indices of the quantities with SameValue(q, .), in index order.
  std::vector<uint32_t> Same(const Quantity& q) const {
    const double slack = std::max(0.051 * std::fabs(q.value), 1e-6);
    auto lo = std::lower_bound(
        order_.begin(), order_.end(), std::make_pair(q.kind, q.value - slack),
        [&](uint32_t k, const std::pair<QuantityKind, double>& v) {
          return std::tie(all_[k].kind, all_[k].value) < std::tie(v.first, v.second);
        });
    std::vector<uint32_t> out;
    for (auto it = lo;
         it != order_.end() && all_[*it].kind == q.kind && all_[*it].value <= q.value + slack;
         ++it) {
      if (SameValue(all_[*it], q)) out.push_back(*it);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  const std::vector<Quantity>& all_;
  std::vector<uint32_t> order_;
};

// The date expression around quantity q: adjacent date quantities of the same sentence
// ("14 March 2004", "September 1998") as one span.
text::Span DateSpan(const std::vector<Quantity>& all, size_t q_idx, const DocModel& doc) {
  text::Span span = all[q_idx].orig;
  uint32_t first = all[q_idx].first_token, end = all[q_idx].end_token;
  for (size_t k = q_idx; k-- > 0;) {
    const Quantity& p = all[k];
    if (!p.IsDate() || p.sentence != all[q_idx].sentence) break;
    if (p.end_token != first && !(p.end_token + 1 == first && doc.tokens[p.end_token].norm == "of"))
      break;
    span.begin = p.orig.begin;
    first = p.first_token;
  }
  for (size_t k = q_idx + 1; k < all.size(); ++k) {
    const Quantity& n = all[k];
    if (!n.IsDate() || n.sentence != all[q_idx].sentence) break;
    if (n.first_token != end && !(end + 1 == n.first_token && doc.tokens[end].norm == "of")) break;
    span.end = n.orig.end;
    end = n.end_token;
  }
  return span;
}

// Verbs (stems) that state a bound themselves: "top $1.8bn", "reach", "exceed".
bool IsBoundingVerb(const std::string& stem) {
  static constexpr std::string_view kStems[] = {"top",   "exceed",   "reach", "surpass", "pass",
                                                "hit",   "approach", "near",  "beyond",  "within",
                                                "break", "cross",    "rise",  "climb"};
  for (std::string_view s : kStems) {
    if (stem == s) return true;
  }
  return false;
}

text::Span WithQualifier(const Quantity& q, const DocModel& doc) {
  return {doc.tokens[q.qualifier_first_token].orig.begin, q.orig.end};
}

std::string Describe(const Quantity& q) {
  std::string out;
  if (q.bound != Bound::kExact) out = std::string(BoundName(q.bound)) + " ";
  return out + FormatQuantity(q);
}

}  // namespace

void DetectValueFacts(const PairView& view, FlagSink* sink) {
  const std::vector<Quantity>& qa = *view.quantities[0];
  const std::vector<Quantity>& qb = *view.quantities[1];
  std::vector<int> match_of_b(qb.size(), -1), match_of_a(qa.size(), -1);
  std::vector<int> group_of_qa(qa.size()), group_of_qb(qb.size());
  for (size_t k = 0; k < qa.size(); ++k) group_of_qa[k] = view.group_of[0][qa[k].sentence];
  for (size_t k = 0; k < qb.size(); ++k) group_of_qb[k] = view.group_of[1][qb[k].sentence];

  // 1. Inside groups; 2. anywhere.
  const ValueIndex a_index(qa), b_index(qb);
  std::vector<std::vector<uint32_t>> same_of_b(qb.size());
  for (size_t j = 0; j < qb.size(); ++j) same_of_b[j] = a_index.Same(qb[j]);
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t j = 0; j < qb.size(); ++j) {
      if (match_of_b[j] >= 0) continue;
      for (uint32_t i : same_of_b[j]) {
        if (match_of_a[i] >= 0) continue;
        if (pass == 0 && group_of_qa[i] != group_of_qb[j]) continue;
        match_of_a[i] = static_cast<int>(j);
        match_of_b[j] = static_cast<int>(i);
        break;
      }
    }
  }
  // 3. A day of the month and a plain number of the same value in one group are one
  //    value written around a range: "June 24 and 25" has day 24 and number 25, "24 and
  //    25 June" number 24 and day 25.
  auto day_or_number = [](const Quantity& q) {
    return q.kind == QuantityKind::kDay ||
           (q.kind == QuantityKind::kNumber && !q.percent && q.value >= 1 && q.value <= 31 &&
            q.value == static_cast<int>(q.value));
  };
  std::vector<int> range_group;  // groups where that happened
  for (size_t j = 0; j < qb.size(); ++j) {
    if (match_of_b[j] >= 0 || group_of_qb[j] < 0 || !day_or_number(qb[j])) continue;
    for (size_t i = 0; i < qa.size(); ++i) {
      if (match_of_a[i] >= 0 || group_of_qa[i] != group_of_qb[j] || !day_or_number(qa[i]) ||
          qa[i].kind == qb[j].kind || qa[i].value != qb[j].value) {
        continue;
      }
      match_of_a[i] = static_cast<int>(j);
      match_of_b[j] = static_cast<int>(i);
      range_group.push_back(group_of_qb[j]);
      break;
    }
  }
  // In such a group the other day and number are compared with each other.
  auto same_family = [&](size_t i, size_t j) {
    if (Family(qa[i]) == Family(qb[j])) return true;
    return day_or_number(qa[i]) && day_or_number(qb[j]) &&
           std::find(range_group.begin(), range_group.end(), group_of_qb[j]) != range_group.end();
  };
  // A value is explained by the other text only through an occurrence there that no
  // other value already accounts for: "over 10 years" in b's second sentence is not
  // explained by a's "over 10 years" elsewhere when b says that too, at that place.
  auto stated_in_a = [&](size_t j) {
    for (uint32_t i : same_of_b[j]) {
      if (match_of_a[i] < 0) return true;
    }
    return false;
  };
  auto stated_in_b = [&](size_t i) {
    for (uint32_t j : b_index.Same(qa[i])) {
      if (match_of_b[j] < 0) return true;
    }
    return false;
  };

  // Changed values: leftovers of one group, paired in text order within a family.
  std::vector<std::vector<uint32_t>> qa_of_group(view.in.groups.size()),
      qb_of_group(view.in.groups.size());
  for (size_t i = 0; i < qa.size(); ++i) {
    if (group_of_qa[i] >= 0) qa_of_group[group_of_qa[i]].push_back(static_cast<uint32_t>(i));
  }
  for (size_t j = 0; j < qb.size(); ++j) {
    if (group_of_qb[j] >= 0) qb_of_group[group_of_qb[j]].push_back(static_cast<uint32_t>(j));
  }
  std::vector<bool> a_taken(qa.size(), false);
  for (size_t g = 0; g < view.in.groups.size(); ++g) {
    if (view.in.groups[g].a.empty() || view.in.groups[g].b.empty()) continue;
    for (uint32_t j : qb_of_group[g]) {
      if (match_of_b[j] >= 0 || qb[j].weak) continue;
      if (stated_in_a(j)) continue;
      for (uint32_t i : qa_of_group[g]) {
        if (match_of_a[i] >= 0 || a_taken[i] || qa[i].weak || !same_family(i, j)) {
          continue;
        }
        const std::string_view unit_a = UnitOf(qa[i], view.in.a), unit_b = UnitOf(qb[j], view.in.b);
        if (!unit_a.empty() && !unit_b.empty() && unit_a != unit_b) continue;
        if (stated_in_b(i)) continue;
        a_taken[i] = true;
        if (qb[j].IsDate()) {
          sink->Add(FactKind::kDate, DateSpan(qa, i, view.in.a), DateSpan(qb, j, view.in.b),
                    "b gives " + FormatQuantity(qb[j]) + " where a gives " + FormatQuantity(qa[i]),
                    static_cast<int>(g));
        } else {
          sink->Add(FactKind::kNumber, qa[i].orig, qb[j].orig,
                    "b gives " + FormatQuantity(qb[j]) + " where a gives " + FormatQuantity(qa[i]),
                    static_cast<int>(g));
        }
        break;
      }
    }
  }

  // Bounds of values matched inside a group: "at least 28" is not "28". Flagged when
  // the bounds contradict (at least / at most), or when a's bound is gone from b with
  // nothing left that could carry it: no bounding verb right before b's number and no
  // modal in b's sentence ("could top $1.8bn" keeps "more than $1.8bn"). A bound
  // that b adds, or an "about" that b drops, is rewording.
  auto is_bound = [](Bound x) { return x == Bound::kAtLeast || x == Bound::kAtMost; };
  for (size_t j = 0; j < qb.size(); ++j) {
    const int i = match_of_b[j];
    if (i < 0 || group_of_qa[i] != group_of_qb[j] || group_of_qb[j] < 0) continue;
    const Bound ba = qa[i].bound, bb = qb[j].bound;
    bool flag = is_bound(ba) && is_bound(bb) && ba != bb;
    if (is_bound(ba) && bb == Bound::kExact) {
      const DocModel& b = view.in.b;
      const Sentence& sentence = b.sentences[qb[j].sentence];
      const uint32_t k = qb[j].first_token;
      flag = k == sentence.first_token || !IsBoundingVerb(b.tokens[k - 1].stem);
      // a's qualifier words kept, in order, a few words before b's number: "over 15
      // years" / "over the next 15 years".
      const DocModel& a = view.in.a;
      const uint32_t q_first = qa[i].qualifier_first_token, q_len = qa[i].first_token - q_first;
      const uint32_t window_first = k > sentence.first_token + 4 ? k - 4 : sentence.first_token;
      for (uint32_t m = window_first; q_len > 0 && m + q_len <= k && flag; ++m) {
        uint32_t same = 0;
        while (same < q_len && b.tokens[m + same].norm == a.tokens[q_first + same].norm) ++same;
        if (same == q_len) flag = false;
      }
      for (uint32_t m = sentence.first_token; m < sentence.end_token && flag; ++m) {
        const std::string& w = b.tokens[m].norm;
        if (w == "could" || w == "may" || w == "might" || w == "can") flag = false;
      }
    }
    if (!flag) continue;
    sink->Add(FactKind::kQualifier, WithQualifier(qa[i], view.in.a),
              WithQualifier(qb[j], view.in.b),
              "b says " + Describe(qb[j]) + " where a says " + Describe(qa[i]), group_of_qb[j]);
  }
}

}  // namespace doppel::align::internal
