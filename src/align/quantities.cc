#include "align/quantities.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace doppel::align {
namespace {

constexpr const char* kMonthNames[] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};
constexpr const char* kWeekdayNames[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                         "Friday", "Saturday", "Sunday"};

size_t LeadingDigits(std::string_view w) {
  size_t p = 0;
  while (p < w.size() && w[p] >= '0' && w[p] <= '9') ++p;
  return p;
}

double DigitsValue(std::string_view digits) {
  double v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

double FractionValue(std::string_view digits) {
  double v = 0, scale = 0.1;
  for (char c : digits) {
    v += (c - '0') * scale;
    scale /= 10;
  }
  return v;
}

// A currency sign right before `pos` in the original text; returns its start or pos.
uint32_t CurrencyStart(std::string_view text, uint32_t pos) {
  if (pos >= 1 && text[pos - 1] == '$') return pos - 1;
  if (pos >= 2 && static_cast<uint8_t>(text[pos - 2]) == 0xC2 &&
      (static_cast<uint8_t>(text[pos - 1]) == 0xA3 ||
       static_cast<uint8_t>(text[pos - 1]) == 0xA5)) {
    return pos - 2;  // pound, yen
  }
  if (pos >= 3 && static_cast<uint8_t>(text[pos - 3]) == 0xE2 &&
      static_cast<uint8_t>(text[pos - 2]) == 0x82 && static_cast<uint8_t>(text[pos - 1]) == 0xAC) {
    return pos - 3;  // euro
  }
  return pos;
}

bool IsMonthAt(const DocModel& doc, uint32_t k, uint32_t begin, uint32_t end) {
  if (k < begin || k >= end) return false;
  const Token& t = doc.tokens[k];
  return t.capitalised && MonthNumber(t.norm, /*strict=*/false) > 0;
}

class Extractor {
 public:
  Extractor(const DocModel& doc, std::vector<Quantity>* out) : doc_(doc), out_(out) {}

  void Sentence(uint32_t sentence_idx) {
    const align::Sentence& s = doc_.sentences[sentence_idx];
    begin_ = s.first_token;
    end_ = s.end_token;
    sentence_ = sentence_idx;
    uint32_t k = begin_;
    while (k < end_) {
      const Token& t = doc_.tokens[k];
      if (t.digits) {
        k = Digits(k);
      } else if (NumberWordValue(t.norm) ||
                 ((t.norm == "a" || t.norm == "an") && k + 1 < end_ &&
                  IsScaleWord(doc_.tokens[k + 1].norm)) ||
                 (t.norm == "half" && k + 2 < end_ && IsScaleWord(doc_.tokens[k + 2].norm))) {
        k = Words(k);
      } else {
        DateName(k);
        ++k;
      }
    }
  }

 private:
  const Token& At(uint32_t k) const { return doc_.tokens[k]; }

  // Fills the qualifier, percent and span fields and appends q.
  void Finish(Quantity q, bool currency_allowed) {
    q.sentence = sentence_;
    uint32_t orig_begin = At(q.first_token).orig.begin;
    if (currency_allowed) orig_begin = CurrencyStart(doc_.text, orig_begin);
    uint32_t orig_end = At(q.end_token - 1).orig.end;
    if (q.kind == QuantityKind::kNumber) {
      if (orig_end < doc_.text.size() && doc_.text[orig_end] == '%') {
        q.percent = true;
        ++orig_end;
      } else if (q.end_token < end_ &&
                 (At(q.end_token).norm == "percent" || At(q.end_token).norm == "pc")) {
        q.percent = true;
        orig_end = At(q.end_token).orig.end;
        ++q.end_token;
      } else if (q.end_token + 1 < end_ && At(q.end_token).norm == "per" &&
                 At(q.end_token + 1).norm == "cent") {
        q.percent = true;
        orig_end = At(q.end_token + 1).orig.end;
        q.end_token += 2;
      }
    }
    q.orig = {orig_begin, orig_end};
    q.qualifier_first_token = q.first_token;
    if (q.kind == QuantityKind::kNumber) {
      auto word = [&](int back) -> std::string_view {
        const int64_t k = static_cast<int64_t>(q.first_token) - back;
        return k >= static_cast<int64_t>(begin_) ? std::string_view(At(k).norm)
                                                 : std::string_view();
      };
      int n = 0;
      q.bound = QualifierBefore(word(3), word(2), word(1), &n);
      q.qualifier_first_token = q.first_token - n;
    }
    out_->push_back(q);
  }

  uint32_t Digits(uint32_t k) {
    const Token& t = At(k);
    const size_t lead = LeadingDigits(t.norm);
    std::string digits = t.norm.substr(0, lead);
    std::string_view suffix = std::string_view(t.norm).substr(lead);
    std::string frac;
    bool grouped = false;
    uint32_t end = k + 1;
    size_t last_group = digits.size();
    while (suffix.empty() && last_group <= 3 && end < end_ && At(end).glued_before &&
           At(end).before == ',' && At(end).digits && LeadingDigits(At(end).norm) == 3) {
      digits += At(end).norm.substr(0, 3);
      suffix = std::string_view(At(end).norm).substr(3);
      grouped = true;
      last_group = 3;
      ++end;
    }
    if (suffix.empty() && end < end_ && At(end).glued_before && At(end).before == '.' &&
        At(end).digits) {
      const size_t frac_lead = LeadingDigits(At(end).norm);
      frac = At(end).norm.substr(0, frac_lead);
      suffix = std::string_view(At(end).norm).substr(frac_lead);
      ++end;
    }
    Quantity q;
    q.first_token = k;
    q.value = DigitsValue(digits) + FractionValue(frac);
    double scale = SuffixScale(suffix);
    const bool ordinal = suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th";
    if (scale == 0 && suffix.empty() && end < end_) {
      const std::string& next = At(end).norm;
      if (next == "thousand" || next == "million" || next == "billion" || next == "trillion" ||
          next == "bn" || next == "mn" || next == "tn") {
        scale = next == "thousand"      ? 1e3
                : SuffixScale(next) > 0 ? SuffixScale(next)
                                        : *NumberWordValue(next);
        ++end;
      }
    }
    if (scale > 0) q.value *= scale;
    q.end_token = end;
    const bool currency = CurrencyStart(doc_.text, t.orig.begin) != t.orig.begin;
    const bool plain = !grouped && frac.empty() && scale == 0 && !currency;
    if (plain && digits.size() == 4 && (suffix.empty() || suffix == "s") && q.value >= 1000 &&
        q.value <= 2100) {
      q.kind = QuantityKind::kYear;
      q.decade = suffix == "s";
    } else if (plain && (suffix.empty() || ordinal) && q.value >= 1 && q.value <= 31 &&
               digits.size() <= 2 &&
               (IsMonthAt(doc_, end, begin_, end_) ||
                (k > begin_ && IsMonthAt(doc_, k - 1, begin_, end_)) ||
                (end + 1 < end_ && At(end).norm == "of" &&
                 IsMonthAt(doc_, end + 1, begin_, end_)))) {
      q.kind = QuantityKind::kDay;
    }
    Finish(q, /*currency_allowed=*/true);
    return end;
  }

  uint32_t Words(uint32_t k) {
    double total = 0, current = 0;
    bool any_value = false, lone_scale = true;
    uint32_t end = k;
    int words = 0;
    while (end < end_) {
      const std::string& w = At(end).norm;
      if (w == "half" && end == k && end + 2 < end_ &&
          (At(end + 1).norm == "a" || At(end + 1).norm == "an") && IsScaleWord(At(end + 2).norm)) {
        current = 0.5;  // "half a dozen", "half a million"
        any_value = true;
        lone_scale = false;
        end += 2;
        continue;
      }
      if ((w == "a" || w == "an") && end == k) {
        current = 1;
        any_value = true;
        lone_scale = false;
        ++end;
        continue;
      }
      if (w == "and" && words > 0 && end + 1 < end_ && NumberWordValue(At(end + 1).norm) &&
          !IsScaleWord(At(end + 1).norm)) {
        ++end;
        continue;
      }
      const std::optional<double> v = NumberWordValue(w);
      if (!v) break;
      if (*v == 100 || w == "dozen") {
        current = (any_value ? current : 1) * *v;
      } else if (*v >= 1000) {
        total += (any_value ? current : 1) * *v;
        current = 0;
      } else {
        current += *v;
        lone_scale = false;
      }
      any_value = true;
      ++words;
      ++end;
    }
    if (words == 0) return k + 1;  // "a" not followed by a number after all
    Quantity q;
    q.first_token = k;
    q.end_token = end;
    q.value = total + current;
    q.weak = (words == 1 && (At(k).norm == "one")) || lone_scale;
    Finish(q, /*currency_allowed=*/true);
    return end;
  }

  void DateName(uint32_t k) {
    const Token& t = At(k);
    if (!t.capitalised) return;
    Quantity q;
    q.first_token = k;
    q.end_token = k + 1;
    if (int day = WeekdayNumber(t.norm); day > 0) {
      q.kind = QuantityKind::kWeekday;
      q.value = day;
      Finish(q, false);
      return;
    }
    const bool next_to_digits =
        (k + 1 < end_ && At(k + 1).digits) || (k > begin_ && At(k - 1).digits);
    if (int month = MonthNumber(t.norm, /*strict=*/!next_to_digits); month > 0) {
      q.kind = QuantityKind::kMonth;
      q.value = month;
      Finish(q, false);
    }
  }

  const DocModel& doc_;
  std::vector<Quantity>* out_;
  uint32_t begin_ = 0, end_ = 0, sentence_ = 0;
};

std::string WithCommas(double value) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.0f", value);
  std::string digits = buf, out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0 && digits[i - 1] != '-') out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

std::vector<Quantity> ExtractQuantities(const DocModel& doc) {
  std::vector<Quantity> out;
  Extractor extractor(doc, &out);
  for (uint32_t s = 0; s < doc.sentences.size(); ++s) extractor.Sentence(s);
  return out;
}

bool SameValue(const Quantity& a, const Quantity& b) {
  if (a.kind != b.kind) return false;
  if (a.kind != QuantityKind::kNumber) return a.value == b.value && a.decade == b.decade;
  const double hi = std::max(std::fabs(a.value), std::fabs(b.value));
  const double diff = std::fabs(a.value - b.value);
  if (diff <= 1e-9 * std::max(1.0, hi)) return true;
  if (hi >= 1000 && diff <= 0.01 * hi) return true;
  const bool approximate = a.bound == Bound::kApprox || b.bound == Bound::kApprox;
  return approximate && hi >= 20 && diff <= 0.05 * hi;
}

std::string FormatQuantity(const Quantity& q) {
  switch (q.kind) {
    case QuantityKind::kYear:
      return std::to_string(static_cast<int>(q.value)) + (q.decade ? "s" : "");
    case QuantityKind::kDay:
      return WithCommas(q.value);
    case QuantityKind::kMonth:
      return kMonthNames[static_cast<int>(q.value) - 1];
    case QuantityKind::kWeekday:
      return kWeekdayNames[static_cast<int>(q.value) - 1];
    case QuantityKind::kNumber:
      break;
  }
  std::string out;
  const double v = q.value;
  char buf[64];
  if (v >= 1e6 && v < 1e15) {
    const double unit = v >= 1e12 ? 1e12 : v >= 1e9 ? 1e9 : 1e6;
    std::snprintf(buf, sizeof(buf), "%.3f", v / unit);
    out = buf;
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
    out += unit == 1e12 ? " trillion" : unit == 1e9 ? " billion" : " million";
  } else if (v == std::floor(v) && v < 1e15) {
    out = WithCommas(v);
  } else {
    std::snprintf(buf, sizeof(buf), "%.6g", v);
    out = buf;
  }
  if (q.percent) out += "%";
  return out;
}

}  // namespace doppel::align
