#include "align/doc_model.h"

#include <utf8proc.h>

#include <algorithm>

#include "clean/cleaner.h"
#include "common/utf8.h"
#include "text/normalize.h"
#include "text/segment.h"
#include "text/stopwords.h"

namespace doppel::align {
namespace {

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

char32_t Decode(std::string_view text, size_t pos, int* length) {
  auto c = static_cast<uint8_t>(text[pos]);
  if (c < 0x80) {
    *length = 1;
    return c;
  }
  return common::DecodeUtf8(text, pos, length);
}

bool IsUpper(char32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  const utf8proc_category_t cat = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

bool IsLetter(char32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
  const utf8proc_category_t cat = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

// Cuts the removed spans out of `sentence` and trims each piece of ASCII whitespace.
void SubtractRemovals(text::Span sentence, const std::vector<Removal>& removed,
                      std::string_view text, std::vector<text::Span>* pieces) {
  uint32_t pos = sentence.begin;
  auto emit = [&](uint32_t begin, uint32_t end) {
    while (begin < end && IsAsciiSpace(text[begin])) ++begin;
    while (end > begin && IsAsciiSpace(text[end - 1])) --end;
    if (begin < end) pieces->push_back({begin, end});
  };
  auto it = std::lower_bound(removed.begin(), removed.end(), sentence.begin,
                             [](const Removal& r, uint32_t v) { return r.end <= v; });
  for (; it != removed.end() && it->begin < sentence.end; ++it) {
    if (it->begin > pos) emit(pos, it->begin);
    pos = std::max(pos, it->end);
  }
  if (pos < sentence.end) emit(pos, sentence.end);
}

// True when the gap before a token opens a quotation or follows a colon, so the word
// after it is capitalised by grammar.
bool GapOpensClause(std::string_view gap) {
  for (size_t i = 0; i < gap.size(); ++i) {
    const char c = gap[i];
    if (c == '"' || c == ':') return true;
    if (c == '\'' && (i == 0 || IsAsciiSpace(gap[i - 1]))) return true;
    // U+201C, U+2018 (opening curly quotes); U+00AB (guillemet).
    if (static_cast<uint8_t>(c) == 0xE2 && i + 2 < gap.size() &&
        static_cast<uint8_t>(gap[i + 1]) == 0x80 &&
        (static_cast<uint8_t>(gap[i + 2]) == 0x9C || static_cast<uint8_t>(gap[i + 2]) == 0x98)) {
      return true;
    }
    if (static_cast<uint8_t>(c) == 0xC2 && i + 1 < gap.size() &&
        static_cast<uint8_t>(gap[i + 1]) == 0xAB) {
      return true;
    }
  }
  return false;
}

// The last non-space character of a gap as ASCII: curly quotes and apostrophes become
// ' and ", dashes -, other non-ASCII characters \x01; ' ' when the gap is all space.
char LastMark(std::string_view gap) {
  size_t end = gap.size();
  while (end > 0 && IsAsciiSpace(gap[end - 1])) --end;
  if (end == 0) return ' ';
  const auto last = static_cast<uint8_t>(gap[end - 1]);
  if (last < 0x80) return static_cast<char>(last);
  size_t begin = end - 1;
  while (begin > 0 && (static_cast<uint8_t>(gap[begin]) & 0xC0) == 0x80) --begin;
  int length = 0;
  const char32_t cp = Decode(gap, begin, &length);
  if (cp == 0x2018 || cp == 0x2019 || cp == 0x201B || cp == 0x2032) return '\'';
  if (cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0x00AB || cp == 0x00BB) return '"';
  if (cp >= 0x2010 && cp <= 0x2015) return '-';
  return '\x01';
}

}  // namespace

DocModel BuildDocModel(std::string_view text, const CleanOptions& clean, text::Stemmer* stemmer) {
  DocModel doc;
  doc.text = text;
  doc.removed = clean::FindRemovals(text, nullptr, clean);

  std::vector<text::Span> paragraphs, raw_sentences, pieces;
  text::SplitParagraphs(text, &paragraphs);
  text::SplitSentences(text, &raw_sentences);
  for (const text::Span& s : raw_sentences) SubtractRemovals(s, doc.removed, text, &pieces);

  std::vector<uint32_t> to_source;
  const std::string normalized = text::Normalize(text, NormalizeOptions{}, &to_source);
  std::vector<text::Span> words;
  text::TokenizeWords(normalized, &words);

  size_t piece_idx = 0;
  for (const text::Span& w : words) {
    const text::Span orig{to_source[w.begin], text::SourceEnd(to_source, w.end)};
    while (piece_idx < pieces.size() && pieces[piece_idx].end <= orig.begin) ++piece_idx;
    if (piece_idx == pieces.size()) break;
    const text::Span& piece = pieces[piece_idx];
    if (orig.begin < piece.begin || orig.end > piece.end || orig.begin >= orig.end) continue;
    if (doc.sentences.empty() || doc.sentences.back().orig.begin != piece.begin) {
      Sentence s;
      s.orig = piece;
      s.first_token = s.end_token = static_cast<uint32_t>(doc.tokens.size());
      auto p = std::upper_bound(paragraphs.begin(), paragraphs.end(), piece.begin,
                                [](uint32_t v, const text::Span& span) { return v < span.begin; });
      s.paragraph = p == paragraphs.begin() ? 0 : static_cast<uint32_t>(p - paragraphs.begin() - 1);
      doc.sentences.push_back(s);
    }
    Sentence& sentence = doc.sentences.back();
    Token t;
    t.orig = orig;
    t.norm = normalized.substr(w.begin, w.size());
    t.sentence = static_cast<uint32_t>(doc.sentences.size() - 1);
    t.digits = t.norm[0] >= '0' && t.norm[0] <= '9';
    t.stopword = text::IsStopword(t.norm);
    t.stem = t.digits ? t.norm : std::string(stemmer->Stem(t.norm));
    int length = 0;
    t.capitalised = IsUpper(Decode(text, orig.begin, &length));
    int letters = 0, upper = 0;
    for (size_t pos = orig.begin; pos < orig.end; pos += length) {
      const char32_t cp = Decode(text, pos, &length);
      if (IsLetter(cp)) {
        ++letters;
        upper += IsUpper(cp);
      }
    }
    t.all_caps = letters >= 2 && upper == letters;
    if (sentence.end_token == sentence.first_token) {
      t.initial = true;
    } else {
      const uint32_t gap_begin = doc.tokens.back().orig.end;
      const std::string_view gap = text.substr(gap_begin, orig.begin - gap_begin);
      t.initial = GapOpensClause(gap);
      t.glued_before = std::none_of(gap.begin(), gap.end(), IsAsciiSpace);
      t.before = LastMark(gap);
    }
    doc.tokens.push_back(std::move(t));
    sentence.end_token = static_cast<uint32_t>(doc.tokens.size());
  }

  for (Sentence& s : doc.sentences) {
    int long_words = 0, capitalised = 0;
    for (uint32_t k = s.first_token; k < s.end_token; ++k) {
      const Token& t = doc.tokens[k];
      if (t.stopword || t.digits || t.norm.size() < 3) continue;
      ++long_words;
      capitalised += t.capitalised;
    }
    s.title_case = long_words >= 3 && capitalised * 4 >= long_words * 3;
  }
  if (!doc.sentences.empty()) {
    Sentence& first = doc.sentences[0];
    const bool alone = doc.sentences.size() == 1 || doc.sentences[1].paragraph != first.paragraph;
    const char last = text[first.orig.end - 1];
    const bool terminated = last == '.' || last == '!' || last == '?';
    first.headline =
        alone && first.num_tokens() <= kMaxHeadlineTokens && (!terminated || first.title_case);
  }
  return doc;
}

}  // namespace doppel::align
