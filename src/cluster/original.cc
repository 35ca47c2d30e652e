#include "cluster/original.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>

#include "common/ascii_block.h"
#include "common/byte_finder.h"
#include "common/hash.h"
#include "common/sorted_set.h"
#include "common/utf8.h"
#include "text/tokenize.h"

namespace doppel::cluster {
namespace {

// Share of y's atoms that x has, given how many atoms both have (`common`).
double Coverage(size_t common, const std::vector<uint32_t>& y) {
  if (y.empty()) return 1.0;
  return static_cast<double>(common) / y.size();
}

// A hash of the word at [begin, begin + size) of `text` with its ASCII capitals lowered,
// seeded. A word of at most 8 bytes (most of them) is lowered in one register and mixed
// with its length, rather than copied, lowered byte by byte and hashed with XXH3 (which
// was most of WordBigrams' time and a fifth of FactAtoms'); the same bytes give the same
// value whatever the path (the word's bytes are read alone near the end of the text).
// Longer words are hashed by their first 64 bytes.
uint64_t FoldedWordHash(std::string_view text, size_t begin, size_t size, uint64_t seed) {
  if (size <= 8) {
    return common::Mix64(common::LowerAscii8(common::LoadUpTo8(text, begin, size)) ^
                         (seed + size * 0x9E3779B97F4A7C15ull));
  }
  char folded[64];
  size = std::min(size, sizeof folded);
  for (size_t k = 0; k < size; ++k) {
    const char c = text[begin + k];
    folded[k] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return common::Hash64(std::string_view(folded, size), seed);
}

}  // namespace

std::vector<uint32_t> FactAtoms(std::string_view text) {
  std::vector<text::Span> words;
  text::TokenizeWords(text, &words);
  return FactAtoms(text, words);
}

std::vector<uint32_t> FactAtoms(std::string_view text, const std::vector<text::Span>& words) {
  // Gathered in a per-thread buffer and copied out at their final size (pushed into the
  // result, they reallocated it several times a document).
  thread_local std::vector<uint32_t> atoms;
  atoms.clear();
  for (const text::Span& w : words) {
    std::string_view word = text.substr(w.begin, w.size());
    // Most words start with an ASCII byte that is neither a digit nor a capital: neither
    // a number nor a name (decided without decoding).
    if (!word.empty()) {
      const auto first = static_cast<unsigned char>(word[0]);
      if (first < 0x80 && !(first >= 'A' && first <= 'Z') && !(first >= '0' && first <= '9')) continue;
    }
    const bool is_number = std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
    bool is_name = false;
    if (!is_number) {
      int len = 0;
      const char32_t first = common::DecodeUtf8(word, 0, &len);
      const bool upper = (first >= 'A' && first <= 'Z') || (first >= 0xC0 && first <= 0xDE && first != 0xD7);
      if (!upper) continue;
      // Not the first word of a sentence or line: look back over spaces and quotes.
      size_t k = w.begin;
      while (k > 0 && (text[k - 1] == ' ' || text[k - 1] == '\t' || text[k - 1] == '"' ||
                       text[k - 1] == '\'' || text[k - 1] == '(' || text[k - 1] == '`')) {
        --k;
      }
      const bool starts = k == 0 || text[k - 1] == '.' || text[k - 1] == '!' || text[k - 1] == '?' ||
                          text[k - 1] == '\n' || text[k - 1] == '\r' || text[k - 1] == ':';
      // All-capital words are headlines and wire slugs more often than names.
      const bool all_caps = std::none_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; });
      is_name = !starts && !all_caps && word.size() >= 2;
    }
    if (!is_number && !is_name) continue;
    atoms.push_back(static_cast<uint32_t>(FoldedWordHash(text, w.begin, w.size(), 0x61746f6dull)));  // "atom"
  }
  common::SortUnique(&atoms);
  std::vector<uint32_t> out(atoms.begin(), atoms.end());
  constexpr size_t kMaxKeptAtoms = size_t{1} << 16;
  if (atoms.capacity() > kMaxKeptAtoms) std::vector<uint32_t>().swap(atoms);
  return out;
}

std::vector<uint32_t> WordBigrams(std::string_view text) {
  std::vector<text::Span> words;
  text::TokenizeWords(text, &words);
  return WordBigrams(text, words);
}

std::vector<uint32_t> WordBigrams(std::string_view text, const std::vector<text::Span>& words) {
  std::vector<uint32_t> bigrams;
  bigrams.reserve(words.size());
  constexpr uint64_t kSeed = 0x62696772ull;  // "bigr"
  uint64_t previous = 0;
  for (size_t i = 0; i < words.size(); ++i) {
    const uint64_t h = FoldedWordHash(text, words[i].begin, words[i].size(), kSeed);
    if (i > 0) bigrams.push_back(static_cast<uint32_t>(common::Combine64(previous, h)));
    previous = h;
  }
  common::SortUnique(&bigrams);
  return bigrams;
}

namespace {

// True when one of the non-ASCII bytes of the 16 at `p` (`non_ascii`, their mask) leads
// a character from U+3000 on (0xE3 and up), which QuotedWords must decode.
bool HasHighLead(const unsigned char* p, uint32_t non_ascii) {
  for (; non_ascii != 0; non_ascii &= non_ascii - 1) {
    if (p[std::countr_zero(non_ascii)] >= 0xE3) return true;
  }
  return false;
}

// CJK Symbols and Punctuation (、。「」〈〉...) and the Halfwidth and Fullwidth Forms.
bool InCjkPunctuationBlocks(char32_t cp) {
  return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF);
}

}  // namespace

uint32_t QuotedWords(std::string_view text) {
  // Only these bytes can open or close a quotation: outside one, the bytes between them
  // are skipped (in_word is reset when a quotation opens); inside, the words between them
  // are counted a block at a time. A word byte is an ASCII letter or digit, or any byte
  // >= 0x80 (no decoding), except in the characters from U+3000 on, which are decoded:
  // an ideograph or kana is a word by itself (text::TokenizeWords), with the marks after
  // it, and the punctuation of CJK Symbols and Punctuation and the fullwidth forms
  // separates words; the rest (Hangul, emoji) are word bytes as before.
  // The corner brackets 「 」 (E3 80 8C / 8D) open and close a quotation too; the other
  // characters that lead with 0xE3 are passed over as marks.
  static const common::ByteFinder kMarks({'"', '`', '\'', '\n', 0xE2, 0xC2, 0xE3}, /*non_ascii=*/false);
  auto corner_bracket = [&text](size_t at) {
    return at + 2 < text.size() && static_cast<unsigned char>(text[at + 1]) == 0x80 &&
           (static_cast<unsigned char>(text[at + 2]) == 0x8C || static_cast<unsigned char>(text[at + 2]) == 0x8D);
  };
  uint32_t words = 0;
  bool inside = false, in_word = false;
  const size_t n = text.size();
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t i = 0; i < n; ++i) {
    size_t mark = kMarks.Next(text, i);
    while (mark < n && bytes[mark] == 0xE3 && !corner_bracket(mark)) mark = kMarks.Next(text, mark + 1);
    if (inside) {
      while (i < mark) {
        size_t stop = mark;  // one character at a time up to here
        if (i + common::kBlockBytes <= mark) {
          // The words that start in the next 16 bytes at once, unless one must be decoded.
          const common::BlockMasks m = common::ClassifyBlock(bytes + i);
          if (m.non_ascii == 0 || !HasHighLead(bytes + i, m.non_ascii)) {
            const uint32_t word = m.word() | m.non_ascii;
            words += common::CountBits16(word & ~((word << 1) | (in_word ? 1u : 0u)) & 0xFFFFu);
            in_word = (word >> 15) & 1u;
            i += common::kBlockBytes;
            continue;
          }
          stop = i + common::kBlockBytes;
        }
        // (A decoded character is valid UTF-8, so it never runs past `mark`; only the marks
        // after a single character word may.)
        while (i < stop) {
          const unsigned char c = bytes[i];
          if (c >= 0xE3) {
            int length = 1;
            const char32_t cp = common::DecodeUtf8(text, i, &length);
            const text::WordCharKind kind = text::ClassifyWordChar(cp);
            if (kind == text::WordCharKind::kSingle) {
              ++words;
              in_word = false;
              // Its marks may include one that leads with 0xE2 (U+20D0-U+20FF), past `mark`.
              i = text::EndOfSingleCharWord(text, i + static_cast<size_t>(length));
              continue;
            }
            if (kind == text::WordCharKind::kSeparator && InCjkPunctuationBlocks(cp)) {
              in_word = false;
              i += static_cast<size_t>(length);
              continue;
            }
          }
          const bool word_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
          if (word_char && !in_word) ++words;
          in_word = word_char;
          ++i;
        }
      }
    }
    if (i > mark) {  // the next bytes that matter are found from i
      --i;
      continue;
    }
    i = mark;
    if (i >= n) break;
    const unsigned char c = bytes[i];
    bool open = false, close = false, toggle = false;
    if (c == '"') {
      toggle = true;
    } else if (c == '`' && i + 1 < n && text[i + 1] == '`') {
      open = true;
      ++i;
    } else if (c == '\'' && i + 1 < n && text[i + 1] == '\'') {
      close = true;
      ++i;
    } else if (c == 0xE2 && i + 2 < n && static_cast<unsigned char>(text[i + 1]) == 0x80) {
      const unsigned char d = static_cast<unsigned char>(text[i + 2]);
      open = d == 0x9C || d == 0x9E;  // U+201C, U+201E
      close = d == 0x9D;              // U+201D
      if (open || close) i += 2;
    } else if (c == 0xC2 && i + 1 < n) {
      const unsigned char d = static_cast<unsigned char>(text[i + 1]);
      open = d == 0xAB;   // U+00AB
      close = d == 0xBB;  // U+00BB
      if (open || close) ++i;
    } else if (c == 0xE3 && corner_bracket(i)) {
      open = static_cast<unsigned char>(text[i + 2]) == 0x8C;  // U+300C
      close = !open;                                             // U+300D
      i += 2;
    } else if (c == '\n' && i + 1 < n && (text[i + 1] == '\n' || text[i + 1] == '\r')) {
      close = true;  // a paragraph break ends an unclosed quotation
    }
    if (toggle || open || close) {
      inside = toggle ? !inside : open;
      in_word = false;
      continue;
    }
    const bool word_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
    if (word_char && !in_word && inside) ++words;
    in_word = word_char;
  }
  return words;
}

OriginalChoice ChooseOriginal(const std::vector<MemberFacts>& members,
                              const std::vector<ExcerptEdge>& excerpts,
                              const std::vector<CopyEdge>& copies) {
  OriginalChoice choice;
  const size_t n = members.size();
  if (n == 0) return choice;
  const bool all_timed = std::all_of(members.begin(), members.end(),
                                     [](const MemberFacts& m) { return !m.time.empty(); });
  if (all_timed) {
    size_t best = 0;
    for (size_t i = 1; i < n; ++i) {
      if (members[i].time < members[best].time ||
          (members[i].time == members[best].time && members[i].doc < members[best].doc)) {
        best = i;
      }
    }
    const size_t same = std::count_if(members.begin(), members.end(),
                                      [&](const MemberFacts& m) { return m.time == members[best].time; });
    choice.doc = members[best].doc;
    choice.confidence = same == 1 ? 0.95 : 1.0 / static_cast<double>(same);
    choice.reasons.push_back("earliest publication time (" + members[best].time + ")");
    return choice;
  }

  if (n == 1) {  // a report alone in its derivation cluster (one member of a story)
    choice.doc = members[0].doc;
    choice.confidence = 1.0;
    choice.reasons.push_back("the only member of its derivation cluster");
    return choice;
  }
  uint32_t longest = 1, most_quoted = 0;
  for (const MemberFacts& m : members) {
    longest = std::max(longest, m.num_words);
    most_quoted = std::max(most_quoted, m.quoted_words);
  }
  std::vector<double> score(n, 0.0), excerpt_score(n, 0.0), coverage(n, 0.0), centrality(n, 0.0);
  // Fact coverage and centrality against the same peers: the first kMaxCentralityPeers
  // other members. Centrality needs three members (between two it is symmetric).
  const bool central = n >= 3;
  // The first `mutual` members are each other's peers: the common atoms and bigrams of
  // two of them (symmetric counts) are counted once, for the pair, not once for each side.
  const size_t mutual = std::min(n, kMaxCentralityPeers + 1);
  std::vector<uint32_t> common_atoms(mutual * mutual), common_bigrams(central ? mutual * mutual : 0);
  for (size_t i = 0; i < mutual; ++i) {
    for (size_t j = i + 1; j < mutual; ++j) {
      common_atoms[i * mutual + j] = common_atoms[j * mutual + i] =
          static_cast<uint32_t>(common::CountCommon(members[i].atoms, members[j].atoms));
      if (central) {
        common_bigrams[i * mutual + j] = common_bigrams[j * mutual + i] =
            static_cast<uint32_t>(common::CountCommon(members[i].bigrams, members[j].bigrams));
      }
    }
  }
  double most_central = 0;
  for (size_t i = 0; i < n; ++i) {
    double covered = 0, similar = 0;
    size_t peers = 0;
    for (size_t j = 0; j < n && peers < kMaxCentralityPeers; ++j) {
      if (j == i) continue;
      const bool cached = i < mutual && j < mutual;
      const size_t atoms = cached ? common_atoms[i * mutual + j]
                                  : common::CountCommon(members[i].atoms, members[j].atoms);
      covered += Coverage(atoms, members[j].atoms);
      if (central) {
        const size_t common = cached ? common_bigrams[i * mutual + j]
                                     : common::CountCommon(members[i].bigrams, members[j].bigrams);
        const size_t all = members[i].bigrams.size() + members[j].bigrams.size() - common;
        similar += all ? static_cast<double>(common) / static_cast<double>(all) : 0.0;
      }
      ++peers;
    }
    coverage[i] = peers ? covered / static_cast<double>(peers) : 1.0;
    centrality[i] = peers ? similar / static_cast<double>(peers) : 0.0;
    most_central = std::max(most_central, centrality[i]);
  }
  for (const ExcerptEdge& e : excerpts) {
    excerpt_score[e.source] += 2.0;
    excerpt_score[e.excerpt] -= 2.0;
  }
  // Template lines count against a member that has a copy without them: the copy shows
  // the text without the wrapper.
  std::vector<uint8_t> wrapped(n, 0);
  auto link = [&](uint32_t x, uint32_t y) {
    if (members[x].boilerplate_bytes > 0 && members[y].boilerplate_bytes == 0) wrapped[x] = 1;
    if (members[y].boilerplate_bytes > 0 && members[x].boilerplate_bytes == 0) wrapped[y] = 1;
  };
  for (const CopyEdge& e : copies) link(e.a, e.b);
  for (const ExcerptEdge& e : excerpts) link(e.source, e.excerpt);
  for (size_t i = 0; i < n; ++i) {
    const double quoted = most_quoted ? static_cast<double>(members[i].quoted_words) / most_quoted : 0.0;
    score[i] = excerpt_score[i] + 2.0 * quoted + coverage[i] - (wrapped[i] ? 1.0 : 0.0) -
               (members[i].repeated_bytes > 0 ? 1.0 : 0.0) +
               (most_central > 0 ? 0.5 * centrality[i] / most_central : 0.0) +
               0.05 * static_cast<double>(members[i].num_words) / longest;
  }
  size_t best = 0;
  for (size_t i = 1; i < n; ++i) {
    if (score[i] > score[best] || (score[i] == score[best] && members[i].doc < members[best].doc)) best = i;
  }
  double runner_up = -1e9;
  for (size_t i = 0; i < n; ++i) {
    if (i != best) runner_up = std::max(runner_up, score[i]);
  }
  const double margin = n > 1 ? score[best] - runner_up : 1.0;
  // A margin of 0 is a coin toss among the tied; a margin of 1 (one clear signal) ~0.88.
  choice.doc = members[best].doc;
  choice.confidence = 1.0 / (1.0 + std::exp(-2.0 * margin));
  if (margin <= 0) {
    const size_t tied = std::count_if(score.begin(), score.end(), [&](double s) { return s == score[best]; });
    choice.confidence = 1.0 / static_cast<double>(tied);
  }
  char buf[96];
  if (excerpt_score[best] > 0) choice.reasons.push_back("contains the excerpts in its cluster");
  if (!wrapped[best] && std::any_of(wrapped.begin(), wrapped.end(), [](uint8_t w) { return w != 0; })) {
    choice.reasons.push_back("no template lines, which other members add");
  }
  if (members[best].repeated_bytes == 0 &&
      std::any_of(members.begin(), members.end(), [](const MemberFacts& m) { return m.repeated_bytes > 0; })) {
    choice.reasons.push_back("no repeated block, which another member has");
  }
  if (most_quoted > 0 && members[best].quoted_words == most_quoted) {
    std::snprintf(buf, sizeof buf, "quotes the most (%u words in quotation marks)", most_quoted);
    choice.reasons.push_back(buf);
  }
  if (n > 1) {
    std::snprintf(buf, sizeof buf, "has %.0f%% of the other members' names and numbers", 100 * coverage[best]);
    choice.reasons.push_back(buf);
  }
  if (n > 2 && most_central > 0 && centrality[best] == most_central) {
    choice.reasons.push_back("closest in wording to the other members (the centre of its copies)");
  }
  if (margin <= 0) choice.reasons.push_back("tied with another member; first in input order");
  return choice;
}

}  // namespace doppel::cluster
