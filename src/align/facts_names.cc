// Names, titles and speakers.
//
// entity: inside an aligned group, a name of b that a's whole text never mentions (in
//   any case, stem or demonym form), paired with a name of a that b's whole text never
//   mentions, in the same slot (a shared neighbouring content word). A name only dropped
//   (condensing) or only added (context) is not a change.
// title: a person named on both sides is given a status word (former, acting, deputy,
//   ...) that modifies a title on one side only, while the other side still gives a
//   title: "President Marsh" -> "Former President Marsh". Dropping a whole title
//   ("Deputy Prime Minister John Prescott" -> "Mr Prescott") is abbreviation, not change.
// speaker: attributions ("X said", "said X", "according to X", "X's spokesman added")
//   are read on both sides of a group; when each side has exactly one named speaker and
//   the names differ, and the two names are never given within a few words of each other
//   in either text (an appositive "Imogen Reyes, who leads the Green Labour group" makes
//   "Reyes" and "the Green Labour leader" the same speaker), the statement was given to
//   someone else. Pronoun speakers (she said) are not resolved and never flagged.
#include <algorithm>
#include <map>
#include <set>
#include <span>
#include <string>

#include "align/facts_internal.h"
#include "align/lexicon.h"

namespace doppel::align::internal {
namespace {

constexpr uint32_t kMaxSpeakerWalk = 6;  // words between a speaker and its verb
constexpr uint32_t kAliasWindow = 8;     // words apart for two names to be one person
constexpr double kMinAttributedSimilarity = 0.2;

struct Mention {
  uint32_t first = 0, end = 0;
};

std::vector<Mention> NameMentions(const PairView& view, const Names& names, int side, int g,
                                  bool (*keep)(const PairView&, const Names&, int, uint32_t)) {
  std::vector<Mention> out;
  for (const auto& [begin, end] : view.TokenRanges(side, g)) {
    for (uint32_t k = begin; k < end; ++k) {
      if (!names.IsName(side, k) || !keep(view, names, side, k)) continue;
      const auto [first, last] = names.Mention(side, k);
      if (!out.empty() && out.back().first == first) continue;
      out.push_back({first, last});
    }
  }
  return out;
}

bool UnknownToOther(const PairView& view, const Names& names, int side, uint32_t k) {
  return !names.Mentions(1 - side, view.doc[side]->tokens[k].norm);
}

// Content-word stems within kContextWords words before and after a mention, in its
// sentence, names and numbers excluded (a number is a fact of its own, not a word of the
// frame): the slot the name fills ("Spanish carrier ___, which").
struct MentionContextWords {
  std::set<std::string> before, after;
  // A shared word on the same side: the two mentions fill the same slot of one frame
  // ("Air Europe said" / "Iberia said"), not merely the same sentence.
  bool SharesSlotWith(const MentionContextWords& other) const {
    for (const std::string& w : before) {
      if (other.before.count(w)) return true;
    }
    for (const std::string& w : after) {
      if (other.after.count(w)) return true;
    }
    return false;
  }
};

MentionContextWords MentionContext(const PairView& view, const Names& names, int side,
                                   const Mention& m) {
  constexpr uint32_t kContextWords = 3;
  const std::vector<Token>& tokens = view.doc[side]->tokens;
  const Sentence& s = view.doc[side]->sentences[tokens[m.first].sentence];
  MentionContextWords out;
  uint32_t taken = 0;
  for (uint32_t k = m.first; k > s.first_token && taken < kContextWords;) {
    --k;
    if (tokens[k].stopword || tokens[k].digits || names.IsName(side, k)) continue;
    out.before.insert(tokens[k].stem);
    ++taken;
  }
  taken = 0;
  for (uint32_t k = m.end; k < s.end_token && taken < kContextWords; ++k) {
    if (tokens[k].stopword || tokens[k].digits || names.IsName(side, k)) continue;
    out.after.insert(tokens[k].stem);
    ++taken;
  }
  return out;
}

// The words of the whole name a mention is part of, for the acronym test: the mention
// grown over the adjacent capitalised words of its sentence, names or not ("Crown" in
// "the Crown Prosecution Service" when "prosecution" is not taken as a name).
std::vector<std::string> WholeNameWords(const DocModel& doc, const Mention& m) {
  const Sentence& s = doc.sentences[doc.tokens[m.first].sentence];
  uint32_t first = m.first, end = m.end;
  while (first > s.first_token && doc.tokens[first - 1].capitalised) --first;
  while (end < s.end_token && doc.tokens[end].capitalised) ++end;
  std::vector<std::string> out;
  for (uint32_t k = first; k < end; ++k) out.push_back(doc.tokens[k].norm);
  return out;
}

// The mention's all-capital words ("CPS", "BBC"): the only ones taken as acronyms.
std::vector<std::string> MentionAcronyms(const DocModel& doc, const Mention& m) {
  std::vector<std::string> out;
  for (uint32_t k = m.first; k < m.end; ++k) {
    if (doc.tokens[k].all_caps) out.push_back(doc.tokens[k].norm);
  }
  return out;
}

bool Abbreviates(const std::string& acronym, std::span<const std::string> words);

// Whether `acronym` abbreviates the words of `words` from some word on ("CPS" and "The
// Crown Prosecution Service").
bool AbbreviatesFromSomeWord(const std::string& acronym, const std::vector<std::string>& words) {
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (Abbreviates(acronym, std::span<const std::string>(words).subspan(i))) return true;
  }
  return false;
}

// A name of b that a never gives, in the slot where a gives a name b never gives: the
// two mentions share a context word on the same side (so they fill the same role in the
// statement: "Air Europe ordered" / "Iberia ordered"), and
// neither abbreviates the other (CPS, Crown Prosecution Service).
void DetectEntities(const PairView& view, const Names& names, int g, FlagSink* sink) {
  const std::vector<Mention> novel = NameMentions(view, names, 1, g, UnknownToOther);
  const std::vector<Mention> missing = NameMentions(view, names, 0, g, UnknownToOther);
  std::vector<bool> used(missing.size(), false);
  for (const Mention& nb : novel) {
    const MentionContextWords b_context = MentionContext(view, names, 1, nb);
    const std::vector<std::string> b_words = WholeNameWords(*view.doc[1], nb);
    const std::vector<std::string> b_acronyms = MentionAcronyms(*view.doc[1], nb);
    int match = -1;
    for (size_t k = 0; k < missing.size() && match < 0; ++k) {
      if (used[k]) continue;
      const std::vector<std::string> a_words = WholeNameWords(*view.doc[0], missing[k]);
      bool acronym = false;
      for (const std::string& w : b_acronyms) acronym |= AbbreviatesFromSomeWord(w, a_words);
      for (const std::string& w : MentionAcronyms(*view.doc[0], missing[k])) {
        acronym |= AbbreviatesFromSomeWord(w, b_words);
      }
      if (acronym) continue;
      if (MentionContext(view, names, 0, missing[k]).SharesSlotWith(b_context)) {
        match = static_cast<int>(k);
      }
    }
    if (match < 0) continue;
    used[match] = true;
    const text::Span a = TokenSpan(*view.doc[0], missing[match].first, missing[match].end);
    const text::Span b = TokenSpan(*view.doc[1], nb.first, nb.end);
    sink->Add(FactKind::kEntity, a, b,
              "b names \"" + SpanText(*view.doc[1], b) + "\" where a names \"" +
                  SpanText(*view.doc[0], a) + "\", and neither text names the other",
              g);
  }
}

// Status words that modify a title near the name mention around token k, and whether
// any title is given there at all. Looks at the mention, up to four words before it
// (no punctuation crossed) and an appositive after a comma.
struct TitleInfo {
  std::set<std::string> status;
  bool has_title = false;
  uint32_t first = 0, end = 0;  // tokens covered (for the span)
};

TitleInfo TitleAround(const PairView& view, const Names& names, int side, uint32_t k) {
  const std::vector<Token>& tokens = view.doc[side]->tokens;
  const auto [first, end] = names.Mention(side, k);
  TitleInfo info;
  info.first = first;
  info.end = end;
  // Words in the mention and before it, nearest first; a status word counts when a
  // title word follows it in that run.
  std::vector<uint32_t> run;
  for (uint32_t i = first; i < end; ++i) run.push_back(i);
  uint32_t i = first;
  for (int steps = 0; steps < 4 && i > 0 && !view.PunctuationBefore(side, i); ++steps) {
    const Token& t = tokens[i - 1];
    const bool titular = IsTitleWord(t.norm) || IsTitleStatus(t.norm);
    if (!titular && (t.stopword || t.digits)) break;
    --i;
    run.insert(run.begin(), i);
  }
  // "ex-minister": "ex" glued by a hyphen.
  bool title_after = false;
  for (auto it = run.rbegin(); it != run.rend(); ++it) {
    const Token& t = tokens[*it];
    if (IsTitleWord(t.norm) && t.norm != "mr" && t.norm != "mrs" && t.norm != "ms") {
      title_after = true;
      info.has_title = true;
    }
    if (IsTitleStatus(t.norm) && title_after) {
      info.status.insert(t.norm);
      info.first = std::min(info.first, *it);
    }
  }
  // Appositive: "Jane Hutt, the former health minister, ..."
  if (end < tokens.size() && tokens[end].sentence == tokens[first].sentence &&
      tokens[end].before == ',') {
    std::vector<uint32_t> appositive;
    for (uint32_t j = end; j < tokens.size() && j < end + 7; ++j) {
      if (j > end && view.PunctuationBefore(side, j)) break;
      appositive.push_back(j);
    }
    bool title_later = false;
    for (auto it = appositive.rbegin(); it != appositive.rend(); ++it) {
      const Token& t = tokens[*it];
      if (IsTitleWord(t.norm)) {
        title_later = true;
        info.has_title = true;
      }
      if (IsTitleStatus(t.norm) && title_later) {
        info.status.insert(t.norm);
        info.end = std::max(info.end, *it + 1);
      }
    }
  }
  return info;
}

std::string Join(const std::set<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : ", ") + ("\"" + w + "\"");
  return out;
}

// Status words given anywhere in a text to each name word, computed on first use.
class StatusCache {
 public:
  StatusCache(const PairView& view, const Names& names) : view_(view), names_(names) {
    for (int side = 0; side < 2; ++side) {
      const std::vector<Token>& tokens = view.doc[side]->tokens;
      for (uint32_t i = 0; i < tokens.size(); ++i) {
        if (names.IsName(side, i)) occurrences_[side][tokens[i].norm].push_back(i);
      }
    }
  }

  const std::set<std::string>& Get(int side, const std::string& norm) {
    auto it = cache_[side].find(norm);
    if (it != cache_[side].end()) return it->second;
    std::set<std::string> status;
    auto occ = occurrences_[side].find(norm);
    if (occ != occurrences_[side].end()) {
      for (uint32_t i : occ->second) {
        const TitleInfo info = TitleAround(view_, names_, side, i);
        status.insert(info.status.begin(), info.status.end());
      }
    }
    return cache_[side].emplace(norm, std::move(status)).first->second;
  }

 private:
  const PairView& view_;
  const Names& names_;
  std::map<std::string, std::vector<uint32_t>> occurrences_[2];
  std::map<std::string, std::set<std::string>> cache_[2];
};

void DetectTitles(const PairView& view, const Names& names, int g, StatusCache* status_cache,
                  FlagSink* sink) {
  const std::vector<Token>& ta = view.doc[0]->tokens;
  const std::vector<Token>& tb = view.doc[1]->tokens;
  std::set<std::string> done;
  for (const auto& [begin, end] : view.TokenRanges(1, g)) {
    for (uint32_t k = begin; k < end; ++k) {
      if (!names.IsName(1, k) || done.count(tb[k].norm)) continue;
      // The same name in a's group.
      int a_token = -1;
      for (const auto& [a_begin, a_end] : view.TokenRanges(0, g)) {
        for (uint32_t i = a_begin; i < a_end && a_token < 0; ++i) {
          if (names.IsName(0, i) && ta[i].norm == tb[k].norm) a_token = static_cast<int>(i);
        }
      }
      if (a_token < 0) continue;
      const TitleInfo b_info = TitleAround(view, names, 1, k);
      const TitleInfo a_info = TitleAround(view, names, 0, static_cast<uint32_t>(a_token));
      if (!a_info.has_title || !b_info.has_title) continue;
      // Status words of this person anywhere in each text.
      const std::set<std::string>& a_all = status_cache->Get(0, tb[k].norm);
      const std::set<std::string>& b_all = status_cache->Get(1, tb[k].norm);
      std::set<std::string> added, dropped;
      for (const std::string& s : b_info.status) {
        if (!a_all.count(s)) added.insert(s);
      }
      for (const std::string& s : a_info.status) {
        if (!b_all.count(s)) dropped.insert(s);
      }
      if (added.empty() && dropped.empty()) continue;
      done.insert(tb[k].norm);
      const text::Span a_span = TokenSpan(*view.doc[0], a_info.first, a_info.end);
      const text::Span b_span = TokenSpan(*view.doc[1], b_info.first, b_info.end);
      std::string reason = "b calls " + SpanText(*view.doc[1], b_span) + " ";
      if (!added.empty()) reason += Join(added) + ", which a never does";
      if (!added.empty() && !dropped.empty()) reason += ", and ";
      if (!dropped.empty()) reason += "drops a's " + Join(dropped);
      reason += " (a: \"" + SpanText(*view.doc[0], a_span) + "\")";
      sink->Add(FactKind::kTitle, a_span, b_span, reason, g);
    }
  }
}

struct Attribution {
  std::set<std::string> speaker;     // name words (or capitalised title words)
  std::vector<std::string> ordered;  // the same words in text order
  uint32_t first = 0, end = 0;       // speaker and verb tokens
  uint32_t sentence = 0;
};

// The attributions of sentence s.
std::vector<Attribution> Attributions(const PairView& view, const Names& names, int side,
                                      uint32_t s) {
  const DocModel& doc = *view.doc[side];
  const Sentence& sentence = doc.sentences[s];
  std::vector<Attribution> out;
  for (uint32_t v = sentence.first_token; v < sentence.end_token; ++v) {
    if (!IsSpeechVerb(doc.tokens[v].norm)) continue;
    Attribution at;
    at.sentence = s;
    std::set<std::string> titles;
    bool pronoun = false;
    uint32_t first = v;
    // Before the verb: "Hale told", "a Sky publicist said", "The Dome company's spokesman added".
    for (uint32_t k = v, steps = 0; k > sentence.first_token && steps < kMaxSpeakerWalk; ++steps) {
      if (view.PunctuationBefore(side, k) &&
          !(doc.tokens[k].norm == "s" && doc.tokens[k].before == '\''))
        break;
      const Token& t = doc.tokens[k - 1];
      --k;
      if (IsPronoun(t.norm)) {
        pronoun = at.speaker.empty();
        break;
      }
      if (names.IsName(side, k)) {
        at.speaker.insert(t.norm);
      } else if (IsTitleWord(t.norm) || IsTitleStatus(t.norm)) {
        if (t.capitalised && !t.initial) titles.insert(t.norm);
        if (t.capitalised && t.initial && t.norm != "the") titles.insert(t.norm);
      } else if (t.norm == "s" && t.before == '\'') {
        // possessive
      } else if (!t.stopword && !t.capitalised && !t.digits && at.speaker.empty()) {
        // a common noun before the title: "company" in "the company's spokesman"
      } else {
        break;
      }
      first = k;
    }
    // After the verb: "said Hale", "according to Mr Justice Carnwath". ("told" and
    // "tells" name the listener there.)
    uint32_t end = v + 1;
    // The speaker follows the verb only in an inversion right after a quotation or a
    // comma ("...," said Hale); elsewhere the words after "said" are what was said.
    const bool object_is_listener = doc.tokens[v].norm == "told" || doc.tokens[v].norm == "tells";
    const char mark = doc.tokens[v].before;
    const bool inversion =
        mark == '"' || mark == ',' || mark == '\'' || doc.tokens[v].norm == "according";
    if (at.speaker.empty() && titles.empty() && !pronoun && !object_is_listener && inversion) {
      for (uint32_t k = v + 1; k < sentence.end_token && k < v + 1 + kMaxSpeakerWalk; ++k) {
        if (view.PunctuationBefore(side, k)) break;
        const Token& t = doc.tokens[k];
        if (names.IsName(side, k)) {
          at.speaker.insert(t.norm);
          end = k + 1;
        } else if (!at.speaker.empty()) {
          break;
        } else if (IsTitleWord(t.norm) || t.norm == "to" || t.norm == "the" || t.norm == "a") {
          if (t.capitalised && IsTitleWord(t.norm)) titles.insert(t.norm);
          end = k + 1;
        } else {
          break;
        }
      }
    }
    if (pronoun) continue;
    if (at.speaker.empty()) at.speaker = titles;
    if (at.speaker.empty()) continue;
    for (uint32_t k = std::min(first, v); k < end; ++k) {
      if (at.speaker.count(doc.tokens[k].norm)) at.ordered.push_back(doc.tokens[k].norm);
    }
    at.first = first;
    at.end = end;
    out.push_back(std::move(at));
  }
  return out;
}

// True when the two speakers are given as one person somewhere, in one sentence of
// either text: side by side with only titles between ("Green Labour leader Imogen
// Reyes", "War on Want's John Hilary"), or in an apposition, a comma after the first and
// the second within kAliasWindow words with no other name, reporting verb or punctuation
// between ("Imogen Reyes, who leads the Green Labour group").
// True when `acronym` (2-6 letters) abbreviates the words of `words`: its first letter
// starts the first word and its letters occur in order in the joined words ("jal" for
// "japan airlines", "nmec" for "new millennium experience company").
bool Abbreviates(const std::string& acronym, std::span<const std::string> words) {
  if (acronym.size() < 2 || acronym.size() > 6 || words.size() < 2 || words[0][0] != acronym[0]) {
    return false;
  }
  std::string joined;
  for (const std::string& w : words) joined += w;
  size_t pos = 0;
  for (char c : acronym) {
    pos = joined.find(c, pos);
    if (pos == std::string::npos) return false;
    ++pos;
  }
  return true;
}

bool Aliases(const PairView& view, const Names& names, const Attribution& a, const Attribution& b) {
  const std::set<std::string>& x = a.speaker;
  const std::set<std::string>& y = b.speaker;
  if ((x.size() == 1 && Abbreviates(*x.begin(), b.ordered)) ||
      (y.size() == 1 && Abbreviates(*y.begin(), a.ordered))) {
    return true;
  }
  for (int side = 0; side < 2; ++side) {
    const std::vector<Token>& tokens = view.doc[side]->tokens;
    auto part = [&](uint32_t m) {
      return x.count(tokens[m].norm) > 0 || y.count(tokens[m].norm) > 0;
    };
    for (uint32_t lo = 0; lo < tokens.size(); ++lo) {
      const bool lo_x = x.count(tokens[lo].norm) > 0, lo_y = y.count(tokens[lo].norm) > 0;
      if (!lo_x && !lo_y) continue;
      bool comma_seen = false;
      for (uint32_t hi = lo + 1; hi < tokens.size() && hi <= lo + kAliasWindow; ++hi) {
        if (tokens[hi].sentence != tokens[lo].sentence) break;
        const char mark = tokens[hi].before;
        if (mark == ',' && !comma_seen && part(hi - 1)) {
          comma_seen = true;
        } else if (mark != ' ' && !(mark == '\'' && tokens[hi].norm == "s")) {
          break;
        }
        const bool other = lo_x ? y.count(tokens[hi].norm) > 0 : x.count(tokens[hi].norm) > 0;
        if (other && (comma_seen || hi - lo <= 4)) return true;
        if (part(hi)) continue;
        if (names.IsName(side, hi) || IsSpeechVerb(tokens[hi].norm)) break;
        const bool titular = IsTitleWord(tokens[hi].norm) || IsTitleStatus(tokens[hi].norm) ||
                             tokens[hi].norm == "of" || tokens[hi].norm == "the" ||
                             tokens[hi].norm == "s";
        if (!titular && !comma_seen) break;
      }
    }
  }
  return false;
}

// Attributions of sentence s; a sentence inside a quotation that another sentence
// opens or closes takes that sentence's attribution ("X said: \"A. B.\"" gives B to X).
std::vector<Attribution> StatementAttributions(const PairView& view, const Names& names, int side,
                                               uint32_t s) {
  std::vector<Attribution> own = Attributions(view, names, side, s);
  if (!own.empty()) return own;
  const DocModel& doc = *view.doc[side];
  const text::Span span = doc.sentences[s].orig;
  for (const Quote& q : view.quotes[side]) {
    if (q.inner.end <= span.begin || q.inner.begin >= span.end) continue;
    // Sentences the quotation touches, before and after this one.
    for (uint32_t o = 0; o < doc.sentences.size(); ++o) {
      const text::Span other = doc.sentences[o].orig;
      if (o == s || doc.sentences[o].paragraph != doc.sentences[s].paragraph ||
          other.end < q.inner.begin || other.begin > q.inner.end + 1) {
        continue;
      }
      for (Attribution& at : Attributions(view, names, side, o)) {
        at.sentence = s;
        own.push_back(std::move(at));
      }
    }
    if (!own.empty()) return own;
  }
  return own;
}

void DetectSpeakers(const PairView& view, const Names& names, int g, FlagSink* sink) {
  const SentenceGroup& group = view.in.groups[g];
  std::vector<Attribution> at[2];
  for (int side = 0; side < 2; ++side) {
    for (uint32_t s : side == 0 ? group.a : group.b) {
      for (Attribution& x : StatementAttributions(view, names, side, s))
        at[side].push_back(std::move(x));
    }
    // Exactly one distinct speaker per side.
    for (size_t k = 1; k < at[side].size(); ++k) {
      if (at[side][k].speaker != at[side][0].speaker) return;
    }
    if (at[side].empty()) return;
  }
  const Attribution& a = at[0][0];
  const Attribution& b = at[1][0];
  for (const std::string& w : b.speaker) {
    if (a.speaker.count(w)) return;
  }
  // The attributed sentences must say the same thing.
  double said_alike = 0;
  for (const Attribution& x : at[0])
    said_alike = std::max(said_alike, view.in.matrix.At(x.sentence, b.sentence));
  if (said_alike < kMinAttributedSimilarity) return;
  if (Aliases(view, names, a, b)) return;
  const text::Span a_span = TokenSpan(*view.doc[0], a.first, a.end);
  const text::Span b_span = TokenSpan(*view.doc[1], b.first, b.end);
  sink->Add(FactKind::kSpeaker, a_span, b_span,
            "b attributes the statement to \"" + SpanText(*view.doc[1], b_span) +
                "\" where a has \"" + SpanText(*view.doc[0], a_span) + "\"",
            g);
}

}  // namespace

void DetectNameFacts(const PairView& view, const Names& names, FlagSink* sink) {
  StatusCache status_cache(view, names);
  for (size_t g = 0; g < view.in.groups.size(); ++g) {
    const SentenceGroup& group = view.in.groups[g];
    if (group.a.empty() || group.b.empty()) continue;
    DetectEntities(view, names, static_cast<int>(g), sink);
    DetectTitles(view, names, static_cast<int>(g), &status_cache, sink);
    DetectSpeakers(view, names, static_cast<int>(g), sink);
  }
}

}  // namespace doppel::align::internal
