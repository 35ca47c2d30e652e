// Negations, quotations, hedges and degree words, quantifiers, and unsupported claims.
//
// negation: see DetectNegation.
// quote: a quotation of b (in straight or curly quotes) that is not a run of a's words,
//   but shares at least half its words with a quotation of a in the same group, and has
//   content words (or negations) the quotation of a lacks: the quotation marks claim
//   words that were not said. Partial quotes and quotes turned into reported speech are
//   not changes.
// qualifier: a hedge of a's group (allegedly, according to, reportedly ...) with no hedge,
//   attribution or modal anywhere in b's group: a report becomes a fact. A degree adverb
//   (significantly, partly ...) of a's group with none in b's. A quantifier of the same
//   noun changed in class ("no patient" -> "most patients").
// unsupported_claim: an added sentence of b (not a headline, and ending as a sentence
//   ends, with . ! or ?, so not a label or a list) that no sentence of a
//   renders even loosely (similarity < kMaxSupportSimilarity with every one), most of
//   whose content weight (kMinNovelShare, at least kMinNovelTerms terms) is absent from
//   a, or with a name or figure a never states and kMinNovelShareWithFacts of its
//   weight new.
#include <algorithm>
#include <string>
#include <unordered_map>

#include "align/facts_internal.h"
#include "align/lexicon.h"

namespace doppel::align::internal {
namespace {

constexpr double kMinStatementSimilarity = 0.3;
constexpr double kMinNegationPairSimilarity = 0.2;
constexpr double kMinNovelShare = 0.6;
constexpr double kMaxSupportSimilarity = 0.18;
constexpr int kMinNovelTerms = 4;
constexpr double kMinNovelShareWithFacts = 0.45;
constexpr int kMinNovelTermsWithFacts = 3;

bool NegationAt(const std::vector<Token>& tokens, uint32_t k, uint32_t end) {
  const Token& t = tokens[k];
  if (!IsNegation(t.norm, t.stem) || t.norm == "without") return false;
  // "not only", "not just", "not least": emphasis, not negation.
  if (t.norm == "not" && k + 1 < end &&
      (tokens[k + 1].norm == "only" || tokens[k + 1].norm == "just" ||
       tokens[k + 1].norm == "least")) {
    return false;
  }
  // "Blair, not Howard" / "a loan, not a gift": a contrast between two names or noun
  // phrases, not a negated predicate.
  if (t.norm == "not" && t.before == ',' && k + 1 < end &&
      ((tokens[k + 1].capitalised && !tokens[k + 1].initial) || tokens[k + 1].norm == "the" ||
       tokens[k + 1].norm == "a" || tokens[k + 1].norm == "an")) {
    return false;
  }
  return true;
}

bool IsNegatingVerb(const Token& t) {
  return !IsNegation(t.norm, "") && IsNegation(t.norm, t.stem);
}

// Words that negate without being a negation marker: "unable", "without", "lacks",
// "excluded", "unless", "non-geographic".
bool ImplicitNegation(const Token& t) {
  static constexpr std::string_view kStems[] = {
      "without", "unless",  "lack",    "absent",  "exclud", "except", "ban",    "bar",
      "halt",    "stop",    "prevent", "dismiss", "block",  "veto",   "declin", "oppos",
      "against", "neither", "nor",     "hard",    "rare",   "non",    "deni",   "refus",
      "reject",  "fail",    "unabl",   "unawar",  "imposs", "instead"};
  for (std::string_view stem : kStems) {
    if (t.stem == stem) return true;
  }
  const std::string_view w = t.norm;
  return w.size() >= 6 && w.substr(0, 2) == "un" && w.substr(0, 5) != "under" &&
         w.substr(0, 5) != "union" && w.substr(0, 4) != "unit" && w.substr(0, 5) != "until";
}

// ImplicitNegation, and the phrasal "rules out", "turned down", "rather than". A sentence
// holding one is not "stated without negation", so it never makes a negation flag.
bool ImplicitNegationAt(const std::vector<Token>& tokens, uint32_t k, uint32_t end) {
  if (ImplicitNegation(tokens[k])) return true;
  if (k + 1 >= end) return false;
  const std::string& next = tokens[k + 1].norm;
  return (tokens[k].stem == "rule" && next == "out") || (tokens[k].stem == "turn" && next == "down") ||
         (tokens[k].norm == "rather" && next == "than");
}

// Verbs that assert what a negating verb denies: "granted" against "refused".
bool IsAffirmingVerb(const Token& t) {
  static constexpr std::string_view kStems[] = {"grant",   "accept",  "approv", "allow",  "admit",
                                                "confirm", "succeed", "agre",   "permit", "uphold",
                                                "upheld",  "pass",    "welcom"};
  for (std::string_view stem : kStems) {
    if (t.stem == stem) return true;
  }
  return false;
}

text::Span SentenceSpan(const PairView& view, int side, uint32_t s) {
  return view.doc[side]->sentences[s].orig;
}

// Negation flips, sentence by sentence: each sentence pair of the group with similarity
// >= kMinStatementSimilarity. One side negates, the other
// holds no negation and no implicit negation; and
//  - for a negation marker (not, never, no ...): the first kNegatedWords content words
//    after it (what is negated; "yet", "still" ... skipped) all occur in the other
//    sentence, so the same predicate
//    is asserted there: "has not been identified" / "has since been identified";
//  - for a negating verb (refused, denied ...): the other sentence uses an affirming verb
//    (granted, accepted ...) whose first kNegatedWords content words occur in the negating
//    sentence: "refused [...] permission" / "granted the society permission" (pairs of
//    similarity >= kMinNegationPairSimilarity suffice here). Paraphrases
//    such as "turned down" keep the polarity and are left alone.
void DetectNegation(const PairView& view, int g, FlagSink* sink) {
  constexpr int kNegatedWords = 2;
  // The first kNegatedWords content words after token k of `side`'s sentence all occur
  // in `other`'s sentence.
  auto same_object = [&](int side, uint32_t sentence_side, uint32_t k, uint32_t sentence_other) {
    const Sentence& s = view.doc[side]->sentences[sentence_side];
    const Sentence& o = view.doc[1 - side]->sentences[sentence_other];
    const std::vector<Token>& tokens = view.doc[side]->tokens;
    int found = 0, looked = 0;
    for (uint32_t m = k + 1; m < s.end_token && m <= k + 6 && looked < kNegatedWords; ++m) {
      const std::string& w = tokens[m].norm;
      if (tokens[m].stopword || w == "yet" || w == "already" || w == "still" || w == "ever" ||
          w == "since" || w == "far") {
        continue;
      }
      ++looked;
      for (uint32_t n = o.first_token; n < o.end_token; ++n) {
        if (view.doc[1 - side]->tokens[n].stem == tokens[m].stem) {
          ++found;
          break;
        }
      }
    }
    return looked > 0 && found == looked;
  };
  for (uint32_t j : view.in.groups[g].b) {
    for (uint32_t i : view.in.groups[g].a) {
      const double sim = view.in.matrix.At(i, j);
      if (sim < kMinNegationPairSimilarity) continue;
      const uint32_t sentence[2] = {i, j};
      int negation[2] = {-1, -1}, affirming[2] = {-1, -1};
      bool implicit[2] = {false, false};
      for (int side = 0; side < 2; ++side) {
        const Sentence& s = view.doc[side]->sentences[sentence[side]];
        const std::vector<Token>& tokens = view.doc[side]->tokens;
        for (uint32_t k = s.first_token; k < s.end_token; ++k) {
          if (negation[side] < 0 && NegationAt(tokens, k, s.end_token))
            negation[side] = static_cast<int>(k);
          implicit[side] |= ImplicitNegationAt(tokens, k, s.end_token);
          if (affirming[side] < 0 && IsAffirmingVerb(tokens[k]))
            affirming[side] = static_cast<int>(k);
        }
      }
      if ((negation[0] >= 0) == (negation[1] >= 0)) continue;
      const int side = negation[0] >= 0 ? 0 : 1;
      const int other = 1 - side;
      if (implicit[other] || negation[other] >= 0) continue;
      const std::vector<Token>& tokens = view.doc[side]->tokens;
      const uint32_t k = static_cast<uint32_t>(negation[side]);
      if (IsNegatingVerb(tokens[k])) {
        if (affirming[other] < 0 ||
            !same_object(other, sentence[other], static_cast<uint32_t>(affirming[other]),
                         sentence[side])) {
          continue;
        }
      } else if (sim < kMinStatementSimilarity ||
                 !same_object(side, sentence[side], k, sentence[other])) {
        continue;
      }
      const text::Span word = tokens[k].orig;
      const text::Span plain = SentenceSpan(view, other, sentence[other]);
      std::string quoted = "\"";  // (not "\"" + ...: GCC 12 warns falsely on that form)
      quoted += SpanText(*view.doc[side], word);
      quoted += '"';
      if (side == 0) {
        sink->Add(FactKind::kNegation, word, plain,
                  "a negates the statement (" + quoted + "), b states it without negation", g);
      } else {
        sink->Add(FactKind::kNegation, plain, word,
                  "b negates the statement (" + quoted + "), a states it without negation", g);
      }
    }
  }
}

// Positions of each word in a text, to test whether a run of words occurs in it.
class WordIndex {
 public:
  explicit WordIndex(const DocModel& doc) : doc_(doc) {
    for (uint32_t k = 0; k < doc.tokens.size(); ++k) positions_[doc.tokens[k].norm].push_back(k);
  }
  // True when tokens [first, end) of `from` occur as a contiguous run here.
  bool HasRun(const DocModel& from, uint32_t first, uint32_t end) const {
    if (end <= first) return true;
    auto it = positions_.find(from.tokens[first].norm);
    if (it == positions_.end()) return false;
    const uint32_t n = end - first;
    for (uint32_t start : it->second) {
      if (start + n > doc_.tokens.size()) break;
      uint32_t k = 1;
      while (k < n && doc_.tokens[start + k].norm == from.tokens[first + k].norm) ++k;
      if (k == n) return true;
    }
    return false;
  }

 private:
  const DocModel& doc_;
  std::unordered_map<std::string, std::vector<uint32_t>> positions_;
};

// `quotes[side]`: the quotations of that side whose first word is in group g.
void DetectQuotes(const PairView& view, const WordIndex& a_words,
                  const std::vector<const Quote*> quotes[2], int g, FlagSink* sink) {
  const DocModel& a = *view.doc[0];
  const DocModel& b = *view.doc[1];
  for (const Quote* qb_ptr : quotes[1]) {
    const Quote& qb = *qb_ptr;
    if (a_words.HasRun(b, qb.first_token, qb.end_token)) continue;
    const Quote* best = nullptr;
    int best_shared = 0;
    for (const Quote* qa_ptr : quotes[0]) {
      const Quote& qa = *qa_ptr;
      std::vector<std::string> words;
      for (uint32_t k = qa.first_token; k < qa.end_token; ++k) words.push_back(a.tokens[k].norm);
      int shared = 0;
      for (uint32_t k = qb.first_token; k < qb.end_token; ++k) {
        auto it = std::find(words.begin(), words.end(), b.tokens[k].norm);
        if (it != words.end()) {
          ++shared;
          words.erase(it);
        }
      }
      if (shared > best_shared) {
        best_shared = shared;
        best = &qa;
      }
    }
    const int qb_size = static_cast<int>(qb.end_token - qb.first_token);
    if (best == nullptr || best_shared * 2 < qb_size) continue;
    auto in_range = [](const DocModel& doc, uint32_t first, uint32_t end, const std::string& w) {
      for (uint32_t k = first; k < end; ++k) {
        if (doc.tokens[k].norm == w) return true;
      }
      return false;
    };
    std::string added, shared_content;
    for (uint32_t k = qb.first_token; k < qb.end_token; ++k) {
      const Token& t = b.tokens[k];
      const bool counts = !t.stopword || NegationAt(b.tokens, k, qb.end_token);
      if (!counts) continue;
      if (in_range(a, best->first_token, best->end_token, t.norm)) {
        shared_content += t.norm;
      } else if (added.find("\"" + t.norm + "\"") == std::string::npos) {
        added += (added.empty() ? "" : ", ") + ("\"" + t.norm + "\"");
      }
    }
    if (added.empty() || shared_content.empty()) continue;
    sink->Add(FactKind::kQuote, best->inner, qb.inner,
              "b's quotation is not a's words: it has " + added + ", which a's quotation does not",
              g);
  }
}

bool IsAttributionOrModal(const Token& t) {
  return IsHedge(t.norm) || IsSpeechVerb(t.norm) || t.norm == "may" || t.norm == "might" ||
         t.norm == "could" || t.norm == "possibly" || t.norm == "probably" || t.norm == "likely" ||
         t.norm == "perhaps" || t.stem == "accus" || t.stem == "claim" || t.stem == "report" ||
         t.stem == "suggest" || t.stem == "believ" || t.stem == "understood";
}

void DetectHedges(const PairView& view, int g, FlagSink* sink) {
  const SentenceGroup& group = view.in.groups[g];
  if (group.similarity < kMinStatementSimilarity) return;
  const std::vector<Token>& ta = view.doc[0]->tokens;
  const std::vector<Token>& tb = view.doc[1]->tokens;
  int hedge = -1, degree = -1;
  for (const auto& [begin, end] : view.TokenRanges(0, g)) {
    for (uint32_t k = begin; k < end; ++k) {
      // Clause hedges only: the adjectives (alleged, suspected) are routinely left out
      // where the context still marks the claim, and are hedges on b's side only.
      if (hedge < 0 && IsHedge(ta[k].norm) && ta[k].norm.size() > 2 &&
          ta[k].norm.compare(ta[k].norm.size() - 2, 2, "ly") == 0) {
        hedge = static_cast<int>(k);
      }
      if (hedge < 0 && ta[k].norm == "according" && k + 1 < end && ta[k + 1].norm == "to") {
        hedge = static_cast<int>(k);
      }
      if (degree < 0 && IsDegreeAdverb(ta[k].norm)) degree = static_cast<int>(k);
    }
  }
  bool b_hedged = false, b_degree = false;
  for (const auto& [begin, end] : view.TokenRanges(1, g)) {
    for (uint32_t k = begin; k < end; ++k) {
      b_hedged |= IsAttributionOrModal(tb[k]);
      b_degree |= IsDegreeAdverb(tb[k].norm);
    }
  }
  auto add = [&](int k, const std::string& what) {
    const uint32_t s = ta[k].sentence;
    const auto [other, sim] = view.BestCounterpart(0, s, g);
    const text::Span word = ta[k].norm == "according" && k + 1 < static_cast<int>(ta.size())
                                ? text::Span{ta[k].orig.begin, ta[k + 1].orig.end}
                                : ta[k].orig;
    sink->Add(FactKind::kQualifier, word, SentenceSpan(view, 1, static_cast<uint32_t>(other)),
              "a " + what + " (\"" + SpanText(*view.doc[0], word) + "\"); b states it without", g);
  };
  if (hedge >= 0 && !b_hedged) add(hedge, "reports this as a claim");
  if (degree >= 0 && !b_degree) add(degree, "bounds this with a degree word");
}

// The class of the quantifier at tokens[k], read with a negation right before it: "not
// some unknown hopeful" says what "no unknown hopeful" says.
int QuantifierClassAt(const std::vector<Token>& tokens, uint32_t k, uint32_t range_begin) {
  const int c = QuantifierClass(tokens[k].norm);
  if (tokens[k].norm == "some" && k > range_begin) {
    const std::string& before = tokens[k - 1].norm;  // not, never, the "t" of "isn't"
    if (before == "not" || before == "never" || before == "t") return QuantifierClass("no");
  }
  return c;
}

void DetectQuantifiers(const PairView& view, int g, FlagSink* sink) {
  const std::vector<Token>& ta = view.doc[0]->tokens;
  const std::vector<Token>& tb = view.doc[1]->tokens;
  for (const auto& [begin, end] : view.TokenRanges(0, g)) {
    for (uint32_t i = begin; i + 1 < end; ++i) {
      const int qa = QuantifierClassAt(ta, i, begin);
      const Token& noun_a = ta[i + 1];
      if (qa == 0 || noun_a.stopword || noun_a.digits || view.PunctuationBefore(0, i + 1)) continue;
      for (const auto& [b_begin, b_end] : view.TokenRanges(1, g)) {
        for (uint32_t j = b_begin + 1; j < b_end; ++j) {
          if (tb[j].stem != noun_a.stem || view.PunctuationBefore(1, j)) continue;
          const int qb = QuantifierClassAt(tb, j - 1, b_begin);
          if (qb == 0 || qb == qa) continue;
          const text::Span a_span{ta[i].orig.begin, noun_a.orig.end};
          const text::Span b_span{tb[j - 1].orig.begin, tb[j].orig.end};
          sink->Add(FactKind::kQualifier, a_span, b_span,
                    "b says \"" + SpanText(*view.doc[1], b_span) + "\" where a says \"" +
                        SpanText(*view.doc[0], a_span) + "\"",
                    g);
          return;
        }
      }
    }
  }
}

void DetectUnsupported(const PairView& view, const Names& names, int g, FlagSink* sink) {
  const SentenceGroup& group = view.in.groups[g];
  if (!group.a.empty() || group.b.size() != 1) return;
  const uint32_t j = group.b[0];
  const DocModel& b = *view.doc[1];
  const Sentence& sentence = b.sentences[j];
  if (sentence.headline || sentence.title_case) return;
  // A claim is a finished sentence; labels, list blocks and link lines end without one.
  const std::string_view text = b.text.substr(sentence.orig.begin, sentence.orig.size());
  const size_t last = text.find_last_not_of("\"')\xE2\x80\x9D\x99");
  if (last == std::string_view::npos ||
      (text[last] != '.' && text[last] != '!' && text[last] != '?')) {
    return;
  }
  const TermSet& terms = view.in.space.Terms(1, j);
  double total = 0, novel = 0;
  int num_novel = 0;
  for (uint32_t term : terms) {
    total += view.in.space.Weight(term);
    if (!view.in.space.OnSide(0, term)) {
      novel += view.in.space.Weight(term);
      ++num_novel;
    }
  }
  if (total <= 0) return;
  // A sentence that some sentence of a renders loosely (below the alignment threshold)
  // is a paraphrase the aligner did not pair, not a new claim.
  for (uint32_t i = 0; i < view.doc[0]->sentences.size(); ++i) {
    if (view.in.matrix.At(i, j) >= kMaxSupportSimilarity) return;
  }
  std::string new_names, new_figures;
  for (uint32_t k = sentence.first_token; k < sentence.end_token; ++k) {
    if (names.IsName(1, k) && !names.Mentions(0, b.tokens[k].norm)) {
      new_names += (new_names.empty() ? "" : ", ") + b.tokens[k].norm;
    }
  }
  for (const Quantity& q : *view.quantities[1]) {
    if (q.sentence != j || q.weak) continue;
    bool stated = false;
    for (const Quantity& qa : *view.quantities[0]) stated |= SameValue(qa, q);
    if (!stated) new_figures += (new_figures.empty() ? "" : ", ") + FormatQuantity(q);
  }
  const double share = novel / total;
  const bool plain = share >= kMinNovelShare && num_novel >= kMinNovelTerms;
  const bool with_facts = (!new_names.empty() || !new_figures.empty()) &&
                          share >= kMinNovelShareWithFacts && num_novel >= kMinNovelTermsWithFacts;
  if (!plain && !with_facts) return;
  std::string reason = "b adds a sentence that a does not support: " +
                       std::to_string(static_cast<int>(share * 100 + 0.5)) +
                       "% of its content occurs nowhere in a";
  if (!new_names.empty()) reason += "; new names: " + new_names;
  if (!new_figures.empty()) reason += "; new figures: " + new_figures;
  sink->Add(FactKind::kUnsupportedClaim, std::nullopt, sentence.orig, reason, g);
}

}  // namespace

void DetectStatementFacts(const PairView& view, const Names& names, FlagSink* sink) {
  const WordIndex a_words(*view.doc[0]);
  std::vector<std::vector<const Quote*>> quotes_of_group[2];
  for (int side = 0; side < 2; ++side) {
    quotes_of_group[side].resize(view.in.groups.size());
    for (const Quote& q : view.quotes[side]) {
      const int g = view.group_of[side][view.doc[side]->tokens[q.first_token].sentence];
      if (g >= 0) quotes_of_group[side][g].push_back(&q);
    }
  }
  for (size_t g = 0; g < view.in.groups.size(); ++g) {
    const SentenceGroup& group = view.in.groups[g];
    const int gi = static_cast<int>(g);
    if (group.a.empty()) {
      if (view.in.derived) DetectUnsupported(view, names, gi, sink);
      continue;
    }
    if (group.b.empty()) continue;
    DetectNegation(view, gi, sink);
    const std::vector<const Quote*> quotes[2] = {quotes_of_group[0][g], quotes_of_group[1][g]};
    DetectQuotes(view, a_words, quotes, gi, sink);
    DetectHedges(view, gi, sink);
    DetectQuantifiers(view, gi, sink);
  }
}

}  // namespace doppel::align::internal
