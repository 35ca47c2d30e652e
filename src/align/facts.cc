// DetectFacts(): the pair view, proper names, and the detectors' entry point.
#include "align/facts.h"

#include <algorithm>
#include <limits>
#include <tuple>
#include <unordered_set>

#include "align/facts_internal.h"
#include "align/lexicon.h"

namespace doppel::align {
namespace internal {
namespace {

bool IsLetterByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         static_cast<uint8_t>(c) >= 0x80;
}

}  // namespace

std::vector<Quote> FindQuotes(const DocModel& doc) {
  std::vector<Quote> out;
  const std::string_view text = doc.text;
  int64_t open_double = -1, open_single = -1;
  auto emit = [&](int64_t begin, size_t end) {
    if (begin >= 0 && static_cast<size_t>(begin) < end) {
      out.push_back({{static_cast<uint32_t>(begin), static_cast<uint32_t>(end)}, 0, 0});
    }
  };
  for (size_t pos = 0; pos < text.size(); ++pos) {
    const char c = text[pos];
    const char prev = pos > 0 ? text[pos - 1] : ' ';
    if (c == '\n' && pos + 1 < text.size() && (text[pos + 1] == '\n' || text[pos + 1] == '\r')) {
      open_double = open_single = -1;  // quotations do not run across paragraphs here
      continue;
    }
    const bool curly = static_cast<uint8_t>(c) == 0xE2 && pos + 2 < text.size() &&
                       static_cast<uint8_t>(text[pos + 1]) == 0x80;
    // The corner brackets 「 」 (U+300C, U+300D) of Japanese and Chinese.
    const bool corner = static_cast<uint8_t>(c) == 0xE3 && pos + 2 < text.size() &&
                        static_cast<uint8_t>(text[pos + 1]) == 0x80 &&
                        (static_cast<uint8_t>(text[pos + 2]) == 0x8C || static_cast<uint8_t>(text[pos + 2]) == 0x8D);
    const uint8_t code = curly || corner ? static_cast<uint8_t>(text[pos + 2]) : 0;
    const size_t width = curly || corner ? 3 : 1;
    const char next = pos + width < text.size() ? text[pos + width] : ' ';
    if (c == '"') {
      if (open_double < 0) {
        if (next != ' ' && next != '\n') open_double = static_cast<int64_t>(pos + 1);
      } else {
        emit(open_double, pos);
        open_double = -1;
      }
    } else if ((curly && code == 0x9C) || (corner && code == 0x8C)) {  // left double, 「
      open_double = static_cast<int64_t>(pos + 3);
    } else if ((curly && code == 0x9D) || (corner && code == 0x8D)) {  // right double, 」
      emit(open_double, pos);
      open_double = -1;
    } else if (curly && code == 0x98) {  // left single
      open_single = static_cast<int64_t>(pos + 3);
    } else if ((curly && code == 0x99) || c == '\'') {  // right single or apostrophe
      const bool opening =
          c == '\'' && open_single < 0 && !IsLetterByte(prev) && IsLetterByte(next);
      if (opening) {
        open_single = static_cast<int64_t>(pos + 1);
      } else if (open_single >= 0 && !IsLetterByte(next) && IsLetterByte(prev) && prev != 's') {
        emit(open_single, pos);
        open_single = -1;
      }
    }
    pos += width - 1;
  }
  std::sort(out.begin(), out.end(),
            [](const Quote& x, const Quote& y) { return x.inner.begin < y.inner.begin; });
  // Tokens inside each quotation.
  for (Quote& q : out) {
    auto lo = std::lower_bound(doc.tokens.begin(), doc.tokens.end(), q.inner.begin,
                               [](const Token& t, uint32_t v) { return t.orig.begin < v; });
    q.first_token = static_cast<uint32_t>(lo - doc.tokens.begin());
    q.end_token = q.first_token;
    while (q.end_token < doc.tokens.size() && doc.tokens[q.end_token].orig.end <= q.inner.end)
      ++q.end_token;
  }
  out.erase(std::remove_if(out.begin(), out.end(),
                           [](const Quote& q) { return q.end_token == q.first_token; }),
            out.end());
  return out;
}

PairView::PairView(const FactInput& input) : in(input) {
  doc[0] = &input.a;
  doc[1] = &input.b;
  quantities[0] = &input.qa;
  quantities[1] = &input.qb;
  for (int side = 0; side < 2; ++side) {
    group_of[side].assign(doc[side]->sentences.size(), -1);
    quotes[side] = FindQuotes(*doc[side]);
  }
  for (size_t g = 0; g < input.groups.size(); ++g) {
    for (uint32_t i : input.groups[g].a) group_of[0][i] = static_cast<int>(g);
    for (uint32_t j : input.groups[g].b) group_of[1][j] = static_cast<int>(g);
  }
}

std::vector<std::pair<uint32_t, uint32_t>> PairView::TokenRanges(int side, int g) const {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  const SentenceGroup& group = in.groups[g];
  for (uint32_t s : side == 0 ? group.a : group.b) {
    const Sentence& sentence = doc[side]->sentences[s];
    out.emplace_back(sentence.first_token, sentence.end_token);
  }
  return out;
}

std::pair<int, double> PairView::BestCounterpart(int side, uint32_t s, int g) const {
  const SentenceGroup& group = in.groups[g];
  int best = -1;
  double best_sim = -1;
  for (uint32_t o : side == 0 ? group.b : group.a) {
    const double sim = side == 0 ? in.matrix.At(s, o) : in.matrix.At(o, s);
    if (sim > best_sim) {
      best_sim = sim;
      best = static_cast<int>(o);
    }
  }
  return {best, best < 0 ? 0.0 : best_sim};
}

bool PairView::PunctuationBefore(int side, uint32_t k) const {
  const std::vector<Token>& tokens = doc[side]->tokens;
  if (k == 0 || tokens[k].sentence != tokens[k - 1].sentence) return true;
  return tokens[k].before != ' ';
}

namespace {

bool ClosedClass(const Token& t) {
  return t.stopword || t.digits || IsTitleWord(t.norm) || IsTitleStatus(t.norm) ||
         WeekdayNumber(t.norm) > 0 || MonthNumber(t.norm, /*strict=*/false) > 0 ||
         NumberWordValue(t.norm).has_value() || IsPronoun(t.norm) || t.norm.size() < 2;
}

bool IsConnector(std::string_view w) {
  return w == "of" || w == "the" || w == "de" || w == "von" || w == "van" || w == "la" ||
         w == "du" || w == "del" || w == "der" || w == "al";
}

}  // namespace

Names::Names(const DocModel& a, const DocModel& b) {
  doc_[0] = &a;
  doc_[1] = &b;
  std::unordered_map<std::string, uint32_t> lower, capitalised;
  for (const DocModel* doc : doc_) {
    for (const Token& t : doc->tokens) {
      const Sentence& s = doc->sentences[t.sentence];
      if (s.title_case || s.headline || ClosedClass(t)) continue;
      if (!t.capitalised) {
        ++lower[t.norm];
      } else if (!t.initial) {
        ++capitalised[t.norm];
      }
    }
  }
  for (int side = 0; side < 2; ++side) {
    const DocModel& doc = *doc_[side];
    is_name_[side].assign(doc.tokens.size(), false);
    for (size_t k = 0; k < doc.tokens.size(); ++k) {
      const Token& t = doc.tokens[k];
      ++words_[side][t.norm];
      if (t.norm.size() >= 6) prefixes_[side].insert(t.norm.substr(0, 5));
      if (!t.capitalised || ClosedClass(t)) continue;
      const bool acronym = t.all_caps && !doc.sentences[t.sentence].title_case;
      is_name_[side][k] = (capitalised.count(t.norm) > 0 || acronym) && lower.count(t.norm) == 0;
    }
    // A capitalised first word right before a name word is part of the name ("Victor Hale").
    for (size_t k = 0; k + 1 < doc.tokens.size(); ++k) {
      const Token& t = doc.tokens[k];
      const Token& next = doc.tokens[k + 1];
      if (t.initial && t.capitalised && !is_name_[side][k] && !ClosedClass(t) &&
          is_name_[side][k + 1] && next.sentence == t.sentence && next.before == ' ' &&
          lower.count(t.norm) == 0) {
        is_name_[side][k] = true;
      }
    }
  }
}

bool Names::Mentions(int side, std::string_view norm) const {
  if (words_[side].count(std::string(norm)) > 0) return true;
  for (std::string_view other : OtherPlaceForms(norm)) {
    if (words_[side].count(std::string(other)) > 0) return true;
  }
  return norm.size() >= 6 && prefixes_[side].count(std::string(norm.substr(0, 5))) > 0;
}

std::pair<uint32_t, uint32_t> Names::Mention(int side, uint32_t k) const {
  const DocModel& doc = *doc_[side];
  auto part = [&](uint32_t i) {
    const Token& t = doc.tokens[i];
    return is_name_[side][i] || (t.capitalised && (IsTitleWord(t.norm) || IsTitleStatus(t.norm)));
  };
  auto joined = [&](uint32_t i) {  // no punctuation between i - 1 and i, same sentence
    return i > 0 && doc.tokens[i].sentence == doc.tokens[i - 1].sentence &&
           (doc.tokens[i].before == ' ' ||
            (doc.tokens[i].before == '-' && doc.tokens[i].glued_before));
  };
  constexpr uint32_t kMaxMention = 8;
  uint32_t first = k, end = k + 1;
  while (first > 0 && k - first < kMaxMention && joined(first) && part(first - 1)) --first;
  while (end < doc.tokens.size() && end - first < kMaxMention && joined(end)) {
    if (part(end)) {
      ++end;
      continue;
    }
    // Connectors between name words: "Friends of the Earth", "Bank of England".
    uint32_t c = end;
    while (c < doc.tokens.size() && c - end < 2 && joined(c) && IsConnector(doc.tokens[c].norm))
      ++c;
    if (c > end && c < doc.tokens.size() && joined(c) && is_name_[side][c]) {
      end = c + 1;
      continue;
    }
    break;
  }
  return {first, end};
}

text::Span Names::MentionSpan(int side, uint32_t k) const {
  const auto [first, end] = Mention(side, k);
  return TokenSpan(*doc_[side], first, end);
}

void FlagSink::Add(FactKind kind, std::optional<text::Span> a, std::optional<text::Span> b,
                   std::string reason, int alignment) {
  FactFlag flag;
  flag.kind = kind;
  if (a) flag.a_span = ByteSpan{a->begin, a->end};
  if (b) flag.b_span = ByteSpan{b->begin, b->end};
  flag.reason = std::move(reason);
  flag.alignment = alignment;
  out_->push_back(std::move(flag));
}

std::string SpanText(const DocModel& doc, text::Span span) {
  std::string out;
  bool space = false;
  for (uint32_t pos = span.begin; pos < span.end; ++pos) {
    const char c = doc.text[pos];
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

text::Span TokenSpan(const DocModel& doc, uint32_t first, uint32_t end) {
  return {doc.tokens[first].orig.begin, doc.tokens[end - 1].orig.end};
}

}  // namespace internal

std::vector<FactFlag> DetectFacts(const FactInput& input) {
  std::vector<FactFlag> flags;
  internal::PairView view(input);
  internal::Names names(input.a, input.b);
  internal::FlagSink sink(&flags);
  internal::DetectValueFacts(view, &sink);
  internal::DetectNameFacts(view, names, &sink);
  internal::DetectStatementFacts(view, names, &sink);
  constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
  auto key = [&](const FactFlag& f) {
    return std::make_tuple(f.b_span ? f.b_span->begin : kNone, f.a_span ? f.a_span->begin : kNone,
                           static_cast<int>(f.kind), f.b_span ? f.b_span->end : kNone,
                           f.a_span ? f.a_span->end : kNone);
  };
  std::stable_sort(flags.begin(), flags.end(),
                   [&](const FactFlag& x, const FactFlag& y) { return key(x) < key(y); });
  // One flag per kind and span pair.
  flags.erase(std::unique(flags.begin(), flags.end(),
                          [&](const FactFlag& x, const FactFlag& y) { return key(x) == key(y); }),
              flags.end());
  return flags;
}

}  // namespace doppel::align
