// Content profiles. See profile.h.
//
// Everything is found on the original (cleaned) text, so case is still there for the
// entity test and quotation marks and sentence ends are as written; each word token is
// then lower-cased (ASCII directly, anything else through text::Normalize: NFKC and case
// folding) and, when it is not a stop word, stemmed.
#include "match/profile.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <string>

#include "common/ascii_block.h"
#include "common/byte_finder.h"
#include "common/hash.h"
#include "common/sorted_set.h"
#include "common/utf8.h"
#include "doppel/options.h"
#include "text/normalize.h"
#include "text/segment.h"
#include "text/stem.h"
#include "text/stopwords.h"
#include "text/tokenize.h"

namespace doppel::match {
namespace {

constexpr uint64_t kTermSeed = 0x7465726d73ull;     // "terms"
constexpr uint64_t kNumberSeed = 0x6e756d626572ull;  // "number"

// A line whose letters are mostly capitals is a headline or a wire slug: capitals there
// say nothing about names.
constexpr double kCapsLineLetterShare = 0.6;
constexpr int kCapsLineMinLetters = 4;

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

bool IsUpper(char32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  const auto category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  return category == UTF8PROC_CATEGORY_LU || category == UTF8PROC_CATEGORY_LT;
}

bool IsLetter(char32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
  const auto category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  return category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO;
}

bool IsSpaceOrOpen(char32_t cp) {
  return cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r' || cp == '(' || cp == '[' ||
         cp == '-' || cp == 0x2014 || cp == 0x2013 || cp == '"' || cp == 0x201C;
}

// Byte spans of the text inside quotation marks. Double quotes (" “ ” „ « » and the
// typewriter `` '') toggle; a single quote (' ‘ ’) opens only after a space or an opening
// bracket and before a non-space, and closes only after a non-space and before a space,
// punctuation or the end, so apostrophes (don't, the Times') leave the state alone. The
// corner brackets of Japanese and Chinese (「 」) open and close a quotation (『 』, which
// also mark titles, are left alone). A blank line closes any open quotation (news style
// reopens a quote at each paragraph and closes it only at the last one; an unbalanced mark
// must not swallow the rest).
const common::ByteFinder kQuoteBytes({'"', '\'', '`', '\n'}, /*non_ascii=*/true);

void QuotedSpans(std::string_view s, std::vector<text::Span>* spans) {
  std::vector<text::Span>& out = *spans;
  out.clear();
  const size_t n = s.size();
  bool in_quote = false;
  bool single = false;
  uint32_t open = 0;
  size_t pos = 0;
  char32_t prev = ' ';
  while (pos < n) {
    int len = 1;
    const auto byte = static_cast<unsigned char>(s[pos]);
    // Fast path: ASCII other than quotes, backticks and newlines changes nothing but
    // `prev`, which is then the byte before the next one that matters.
    if (byte < 0x80 && byte != '"' && byte != '\'' && byte != '`' && byte != '\n') {
      const size_t next = kQuoteBytes.Next(s, pos + 1);
      prev = static_cast<unsigned char>(s[next - 1]);
      pos = next;
      continue;
    }
    char32_t cp = byte < 0x80 ? byte : common::DecodeUtf8(s, pos, &len);
    // `` and '' as double quotes.
    bool is_double = cp == '"' || cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0xAB ||
                     cp == 0xBB;
    if ((cp == '`' || cp == '\'') && pos + 1 < n && s[pos + 1] == static_cast<char>(cp)) {
      is_double = true;
      len = 2;
    }
    if (cp == 0x300C || cp == 0x300D) {  // 「 」
      if (cp == 0x300C && !in_quote) {
        in_quote = true;
        single = false;
        open = static_cast<uint32_t>(pos + len);
      } else if (cp == 0x300D && in_quote && !single) {
        out.push_back({open, static_cast<uint32_t>(pos)});
        in_quote = false;
      }
      prev = cp;
      pos += len;
      continue;
    }
    const bool is_single = !is_double && (cp == '\'' || cp == 0x2018 || cp == 0x2019 || cp == '`');
    if (cp == '\n') {
      // Blank line: a newline followed by optional spaces and another newline.
      size_t q = pos + 1;
      while (q < n && (s[q] == ' ' || s[q] == '\t' || s[q] == '\r')) ++q;
      if (q < n && s[q] == '\n' && in_quote) {
        out.push_back({open, static_cast<uint32_t>(pos)});
        in_quote = false;
      }
    }
    if (is_double) {
      if (in_quote && !single) {
        out.push_back({open, static_cast<uint32_t>(pos)});
        in_quote = false;
      } else if (!in_quote) {
        in_quote = true;
        single = false;
        open = static_cast<uint32_t>(pos + len);
      }
    } else if (is_single) {
      int next_len = 1;
      const char32_t next = pos + len < n ? common::DecodeUtf8(s, pos + len, &next_len) : ' ';
      if (!in_quote && IsSpaceOrOpen(prev) && next != ' ' && next != '\n' && cp != 0x2019) {
        in_quote = true;
        single = true;
        open = static_cast<uint32_t>(pos + len);
      } else if (in_quote && single && !IsSpaceOrOpen(prev) && !IsLetter(next)) {
        out.push_back({open, static_cast<uint32_t>(pos)});
        in_quote = false;
      }
    }
    prev = cp;
    pos += len;
  }
  if (in_quote) out.push_back({open, static_cast<uint32_t>(n)});
}

// Lines of mostly capital letters, as byte spans; `lines` is scratch.
void CapsLines(std::string_view s, std::vector<text::Span>* lines, std::vector<text::Span>* spans) {
  std::vector<text::Span>& out = *spans;
  out.clear();
  text::SplitLines(s, lines);
  const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
  for (const text::Span& line : *lines) {
    uint32_t letters = 0, upper = 0;
    size_t pos = line.begin;
    while (pos < line.end) {
      // ASCII letters 16 bytes at a time, the last block of a line masked to the line
      // (short lines, such as a wire story's hard-wrapped ones, were mostly tail).
      if (pos + common::kBlockBytes <= s.size()) {
        const common::BlockMasks m = common::ClassifyBlock(bytes + pos);
        const int to_end = static_cast<int>(std::min<size_t>(line.end - pos, common::kBlockBits));
        const int count = std::min(to_end, m.non_ascii != 0 ? std::countr_zero(m.non_ascii) : common::kBlockBits);
        if (count > 0) {
          const uint32_t valid = count == common::kBlockBits ? 0xFFFFu : (1u << count) - 1;
          upper += common::CountBits16(m.upper & valid);
          letters += common::CountBits16((m.upper | m.lower) & valid);
          pos += static_cast<size_t>(count);
          continue;
        }
      }
      int len = 1;
      const auto byte = static_cast<unsigned char>(s[pos]);
      const char32_t cp = byte < 0x80 ? byte : common::DecodeUtf8(s, pos, &len);
      if (IsLetter(cp)) {
        ++letters;
        upper += IsUpper(cp);
      }
      pos += len;
    }
    if (letters >= kCapsLineMinLetters && upper > kCapsLineLetterShare * letters) out.push_back(line);
  }
}

// Advances `*cursor` through sorted, disjoint spans; true when `offset` is inside one.
bool InSpans(const std::vector<text::Span>& spans, size_t* cursor, uint32_t offset) {
  while (*cursor < spans.size() && spans[*cursor].end <= offset) ++*cursor;
  return *cursor < spans.size() && spans[*cursor].begin <= offset;
}


// Lower-case word -> stemmed term hash, or 0 for a stop word, memoised per thread: word
// frequencies are Zipfian, so most tokens skip both the stop list and the stemmer. Open-
// addressing tables keyed by the word's bytes, so the memo only remembers a pure function
// of the word (the stemmer's output is fixed by the libstemmer version) and results never
// depend on it.
//
// Words of at most 7 bytes (most tokens: all the stop words) live in a table of 16-byte
// slots whose tag is the word itself: its bytes, zero-padded, with its length in the top
// byte. Longer words keep their first 8 bytes and length in a 24-byte slot and the rest in
// an arena, compared on a hit. A slot's position comes from a multiply-mix of the first 8
// bytes for words of at most 8 bytes rather than XXH3. (One table of 24-byte slots for all
// words was 3 MB with its previous generation: the load of a word's slot, missing the
// core's 1 MB L2, was a quarter of this function on the 100k bench corpus.)
//
// Two generations: when the current table is half full it becomes the previous one (the
// one before is dropped) and a word missing from the new table is looked up there before
// the stemmer, and copied over. So the words in use survive a turnover, and only words
// unseen for a whole generation are stemmed again. (Emptying the one table when half full
// re-stemmed every frequent word after each turnover: on the 100k bench corpus, with 40k
// distinct words, 27 turnovers and 917k stemmer calls, ~6% of the profile stage.)
class TermMemo {
 public:
  // The first 8 bytes of `word`, zero-padded: the slot prefix Lookup wants.
  static uint64_t Prefix(std::string_view word) {
    uint64_t prefix = 0;
    for (size_t i = 0; i < std::min<size_t>(word.size(), 8); ++i) {
      prefix |= uint64_t{static_cast<unsigned char>(word[i])} << (8 * i);
    }
    return prefix;
  }

  // `prefix` is Prefix(lower) (the caller often has it for free). `*word_key` gets a hash
  // of `lower` itself (the slot's key: a name's identity, which needs no second hash).
  uint64_t Lookup(std::string_view lower, uint64_t prefix, text::Stemmer* stemmer, uint64_t* word_key) {
    const size_t length = lower.size();
    const uint64_t key = length <= sizeof prefix ? ShortKey(prefix, length) : common::Hash64(lower, kMemoSeed);
    *word_key = key;
    const Probe probe{lower, prefix, key};
    auto term_of = [&] {
      return text::IsStopword(lower) ? uint64_t{0} : std::max<uint64_t>(TermHash(stemmer->Stem(lower)), 1);
    };
    if (length <= ShortTable::kMaxBytes) return Remember(&short_, probe, term_of);
    if (length > kMaxWordBytes) return term_of();  // junk tokens are not remembered
    return Remember(&long_, probe, term_of);
  }

 private:
  static constexpr size_t kMaxWordBytes = 64;
  static uint64_t ShortKey(uint64_t prefix, size_t length) {
    return common::Mix64(prefix ^ (length * kLengthMultiplier));
  }
  static constexpr uint64_t kMemoSeed = 0x6d656d6full;  // "memo"
  static constexpr uint64_t kLengthMultiplier = 0x9E3779B97F4A7C15ull;

  struct Probe {
    std::string_view word;
    uint64_t prefix;  // Prefix(word)
    uint64_t key;     // where its slot search starts
  };

  // Linear probing from `key`'s slot in a table of kSlots (a power of two), allocated at
  // its first use: true and the slot that holds the word, or false and the empty slot
  // where it would go.
  template <size_t kSlots, class Slot, class IsEmpty, class Holds>
  static bool FindSlot(std::vector<Slot>* slots, uint64_t key, const IsEmpty& is_empty, const Holds& holds,
                       size_t* at) {
    if (slots->empty()) slots->resize(kSlots);
    size_t slot = key & (kSlots - 1);
    while (!is_empty((*slots)[slot])) {
      if (holds((*slots)[slot])) {
        *at = slot;
        return true;
      }
      slot = (slot + 1) & (kSlots - 1);
    }
    *at = slot;
    return false;
  }

  // Words of at most 7 bytes: the tag is the word.
  struct ShortTable {
    static constexpr size_t kMaxBytes = 7;
    static constexpr size_t kSlots = 1 << 15;
    struct Slot {
      uint64_t tag = 0;  // 0: empty (the empty word is never looked up)
      uint64_t term = 0;
    };
    std::vector<Slot> slots;  // empty until first used
    size_t used = 0;

    static uint64_t Tag(const Probe& p) { return p.prefix | (uint64_t{p.word.size()} << 56); }
    bool Find(const Probe& p, size_t* at) {
      const uint64_t tag = Tag(p);
      return FindSlot<kSlots>(&slots, p.key, [](const Slot& e) { return e.tag == 0; },
                              [tag](const Slot& e) { return e.tag == tag; }, at);
    }
    uint64_t Term(size_t slot) const { return slots[slot].term; }
    void Insert(size_t slot, const Probe& p, uint64_t term) {
      slots[slot] = {Tag(p), term};
      ++used;
    }
    void Clear() {
      std::fill(slots.begin(), slots.end(), Slot{});
      used = 0;
    }
  };

  // Words of 8 to kMaxWordBytes bytes.
  struct LongTable {
    static constexpr size_t kSlots = 1 << 16;
    struct Slot {
      uint64_t prefix = 0;  // the word's first 8 bytes
      uint64_t term = 0;
      uint32_t offset = 0;  // the bytes after the first 8, in arena
      uint32_t length = 0;  // 0: empty
    };
    std::vector<Slot> slots;  // empty until first used
    std::string arena;
    size_t used = 0;

    bool Find(const Probe& p, size_t* at) {
      const size_t length = p.word.size();
      return FindSlot<kSlots>(
          &slots, p.key, [](const Slot& e) { return e.length == 0; },
          [&](const Slot& e) {
            return e.prefix == p.prefix && e.length == length &&
                   std::string_view(arena.data() + e.offset, length - sizeof p.prefix) ==
                       p.word.substr(sizeof p.prefix);
          },
          at);
    }
    uint64_t Term(size_t slot) const { return slots[slot].term; }
    void Insert(size_t slot, const Probe& p, uint64_t term) {
      slots[slot] = {p.prefix, term, static_cast<uint32_t>(arena.size()), static_cast<uint32_t>(p.word.size())};
      arena.append(p.word.substr(sizeof p.prefix));
      ++used;
    }
    void Clear() {
      std::fill(slots.begin(), slots.end(), Slot{});
      arena.clear();
      used = 0;
    }
  };

  template <class Table>
  struct Generations {
    Table current, previous;
  };

  // The word's term from the current generation, else from the previous one (copied
  // over), else term_of() (remembered).
  template <class Table, class TermOf>
  static uint64_t Remember(Generations<Table>* g, const Probe& probe, const TermOf& term_of) {
    size_t slot = 0;
    if (g->current.Find(probe, &slot)) return g->current.Term(slot);
    size_t old_slot = 0;
    const uint64_t term = g->previous.Find(probe, &old_slot) ? g->previous.Term(old_slot) : term_of();
    if (g->current.used >= Table::kSlots / 2) {
      std::swap(g->current, g->previous);
      g->current.Clear();
      g->current.Find(probe, &slot);  // the empty slot to fill
    }
    g->current.Insert(slot, probe, term);
    return term;
  }

  Generations<ShortTable> short_;
  Generations<LongTable> long_;
};

// profile->terms (the distinct term hashes, ascending) and
// profile->sentence_terms (each token's index into them) from the tokens' term hashes
// (never 0). The distinct terms are found with an open-addressing table addressed by the
// hashes' top bits and probed forward without wrapping, so reading its slots in order
// gives the terms almost sorted, and an insertion sort finishes the order in about
// linear time (sorting every (hash, position) pair cost more than the rest of the
// profile).
void IndexTerms(const std::vector<uint64_t>& tokens, ContentProfile* profile) {
  const size_t n = tokens.size();
  profile->sentence_terms.resize(n);
  profile->terms.clear();
  if (n == 0) return;
  int bits = 4;
  while ((size_t{1} << bits) < 2 * n) ++bits;
  const size_t slots = (size_t{1} << bits) + n;  // the overflow tail: probes never wrap
  thread_local std::vector<uint64_t> key;
  thread_local std::vector<uint32_t> count;
  thread_local std::vector<uint32_t> slot_of;  // per token
  thread_local std::vector<uint64_t> used;  // a bit per slot: occupied
  key.assign(slots, 0);
  count.assign(slots, 0);
  used.assign((slots + 63) / 64, 0);
  slot_of.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const uint64_t h = tokens[i];
    size_t slot = static_cast<size_t>(h >> (64 - bits));
    while (key[slot] != 0 && key[slot] != h) ++slot;
    key[slot] = h;
    ++count[slot];
    used[slot / 64] |= uint64_t{1} << (slot % 64);
    slot_of[i] = static_cast<uint32_t>(slot);
  }
  // (hash, slot) in slot order (the occupied slots, from their bits), then sorted by
  // hash; slot -> rank.
  thread_local std::vector<std::pair<uint64_t, uint32_t>> order;
  order.clear();
  for (size_t w = 0; w < used.size(); ++w) {
    for (uint64_t bits_left = used[w]; bits_left != 0; bits_left &= bits_left - 1) {
      const size_t slot = w * 64 + static_cast<size_t>(std::countr_zero(bits_left));
      order.push_back({key[slot], static_cast<uint32_t>(slot)});
    }
  }
  // Insertion sort within a budget of moves (so hashes crowded into a few slots, which
  // would make it quadratic, fall back to std::sort).
  size_t budget = 8 * order.size() + 64;
  for (size_t i = 1; i < order.size() && budget > 0; ++i) {
    const auto v = order[i];
    size_t j = i;
    for (; j > 0 && order[j - 1].first > v.first && budget > 0; --j, --budget) order[j] = order[j - 1];
    order[j] = v;
  }
  if (budget == 0) std::sort(order.begin(), order.end());
  profile->terms.resize(order.size());
  for (uint32_t r = 0; r < order.size(); ++r) {
    const uint32_t slot = order[r].second;
    profile->terms[r] = order[r].first;
    count[slot] = r;  // the slot's rank from here on
  }
  for (size_t i = 0; i < n; ++i) profile->sentence_terms[i] = count[slot_of[i]];
  // The tables stay allocated per thread for the next document, unless this one was
  // huge (a giant document must not pin its size in every thread).
  constexpr size_t kMaxKeptSlots = size_t{1} << 20;
  if (slots > kMaxKeptSlots) {
    std::vector<uint64_t>().swap(key);
    std::vector<uint32_t>().swap(count);
    std::vector<uint32_t>().swap(slot_of);
    std::vector<uint64_t>().swap(used);
    std::vector<std::pair<uint64_t, uint32_t>>().swap(order);
  }
}

}  // namespace

size_t ContentProfile::MemoryBytes() const {
  return terms.capacity() * sizeof(uint64_t) +
         (entities.capacity() + numbers.capacity() + narrative_bigrams.capacity() +
          sentence_terms.capacity() + sentence_ends.capacity()) *
             sizeof(uint32_t);
}

void ContentProfile::CountTerms(std::vector<uint32_t>* counts) const {
  counts->assign(terms.size(), 0);
  for (const uint32_t k : sentence_terms) ++(*counts)[k];
}

uint64_t TermHash(std::string_view stem) { return common::Hash64(stem, kTermSeed); }

namespace {

// BuildProfile's working arrays, kept per thread from one document to the next: a profile
// used to cost some 40 allocations (these arrays and the output lists growing a push at a
// time), 7% of a default scan of METER + Reuters in malloc and free. The output lists are
// gathered here and copied into the profile (a copy is allocated at its final size).
struct ProfileScratch {
  std::vector<text::Span> tokens, sentences, quoted, lines, caps_lines;
  std::vector<uint64_t> sentence_term_hashes;
  std::vector<uint32_t> entities, numbers, narrative_bigrams, sentence_ends;
  std::string long_lower;

  // After a huge document, the arrays are let go (it must not pin its size in every
  // thread).
  void ReleaseIfHuge() {
    constexpr size_t kMaxKeptTokens = size_t{1} << 18;
    if (tokens.capacity() <= kMaxKeptTokens && lines.capacity() <= kMaxKeptTokens) return;
    *this = ProfileScratch();
  }
};

}  // namespace

ContentProfile BuildProfile(std::string_view text, text::Stemmer* stemmer) {
  ContentProfile profile;
  thread_local ProfileScratch scratch;
  std::vector<text::Span>& tokens = scratch.tokens;
  std::vector<text::Span>& sentences = scratch.sentences;
  text::TokenizeWords(text, &tokens);
  text::SplitSentences(text, &sentences);
  QuotedSpans(text, &scratch.quoted);
  CapsLines(text, &scratch.lines, &scratch.caps_lines);
  const std::vector<text::Span>& quoted = scratch.quoted;
  const std::vector<text::Span>& caps_lines = scratch.caps_lines;
  profile.num_words = static_cast<uint32_t>(tokens.size());
  std::vector<uint32_t>& entities = scratch.entities;
  std::vector<uint32_t>& numbers = scratch.numbers;
  std::vector<uint32_t>& narrative_bigrams = scratch.narrative_bigrams;
  std::vector<uint32_t>& sentence_ends = scratch.sentence_ends;
  entities.clear();
  numbers.clear();
  narrative_bigrams.clear();
  sentence_ends.clear();

  NormalizeOptions fold;  // NFKC, case folding, punctuation folding
  thread_local TermMemo memo;
  std::vector<uint64_t>& sentence_term_hashes = scratch.sentence_term_hashes;
  sentence_term_hashes.clear();
  constexpr size_t kMaxAsciiWord = 64;
  std::array<char, kMaxAsciiWord + 8> ascii_lower{};  // a word's lower case, 8 bytes spare
  std::string& long_lower = scratch.long_lower;  // longer or non-ASCII words
  size_t sentence_cursor = 0, quote_cursor = 0, caps_cursor = 0;
  int current_sentence = -1;
  bool first_in_sentence = true;
  // The previous content term of this sentence when it was outside quotations.
  uint64_t prev_narrative = 0;
  bool have_prev_narrative = false;
  for (size_t t = 0; t < tokens.size(); ++t) {
    const text::Span token = tokens[t];
    // Sentence of this token (tokens between sentences join the next one).
    while (sentence_cursor < sentences.size() && sentences[sentence_cursor].end <= token.begin) {
      ++sentence_cursor;
    }
    const int sentence = static_cast<int>(sentence_cursor);
    if (sentence != current_sentence) {
      if (current_sentence >= 0) {
        sentence_ends.push_back(static_cast<uint32_t>(sentence_term_hashes.size()));
      }
      current_sentence = sentence;
      first_in_sentence = true;
      have_prev_narrative = false;
    }
    const std::string_view word = text.substr(token.begin, token.size());
    // Numbers: digit tokens joined across one inner separator ("1.4", "155,221", "23/03").
    if (IsAsciiDigit(word[0])) {
      bool all_digits = std::all_of(word.begin(), word.end(), IsAsciiDigit);
      if (all_digits) {
        std::string atom(word);
        size_t u = t;
        while (u + 1 < tokens.size() && tokens[u + 1].begin == tokens[u].end + 1 &&
               std::string_view(".,:/").find(text[tokens[u].end]) != std::string_view::npos) {
          const std::string_view next = text.substr(tokens[u + 1].begin, tokens[u + 1].size());
          if (!std::all_of(next.begin(), next.end(), IsAsciiDigit)) break;
          if (text[tokens[u].end] != ',') atom += text[tokens[u].end];
          atom += next;
          ++u;
        }
        numbers.push_back(static_cast<uint32_t>(common::Hash64(atom, kNumberSeed)));
        t = u;
        first_in_sentence = false;
        continue;
      }
    }
    // Lower-case form: ASCII directly (lowered into a buffer with 8 spare bytes, so its
    // first 8 bytes load as one word), anything else through NFKC + case folding.
    const size_t length = word.size();
    const bool short_word = length <= kMaxAsciiWord;
    char* const out = short_word ? ascii_lower.data() : (long_lower.resize(length), long_lower.data());
    bool non_ascii = false;
    uint64_t prefix = 0;
    if (short_word && token.begin + ((length + 7) & ~size_t{7}) <= text.size()) {
      // Eight bytes at a time (the text holds them), the first eight lowered kept in a
      // register as the memo's prefix: reading it back from the buffer just written byte
      // by byte stalled on store forwarding (a tenth of this function).
      uint64_t bytes_or = 0;
      for (size_t i = 0; i < length; i += 8) {
        uint64_t x;
        std::memcpy(&x, word.data() + i, sizeof x);
        if (length - i < 8) x &= (uint64_t{1} << (8 * (length - i))) - 1;
        bytes_or |= x;
        x = common::LowerAscii8(x);
        std::memcpy(out + i, &x, sizeof x);
        if (i == 0) prefix = x;
      }
      non_ascii = (bytes_or & 0x8080808080808080ull) != 0;
    } else {
      unsigned char bytes_or = 0;
      for (size_t i = 0; i < length; ++i) {
        const auto c = static_cast<unsigned char>(word[i]);
        bytes_or |= c;
        out[i] = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      }
      non_ascii = bytes_or >= 0x80;
      prefix = TermMemo::Prefix(std::string_view(out, length));
    }
    std::string_view lower(out, length);
    if (non_ascii) {
      long_lower = text::Normalize(word, fold);
      lower = long_lower;
      prefix = TermMemo::Prefix(lower);
    }
    const bool was_first = first_in_sentence;
    first_in_sentence = false;
    const bool in_quote = InSpans(quoted, &quote_cursor, token.begin);
    if (lower.empty()) continue;
    uint64_t word_key = 0;
    const uint64_t term = memo.Lookup(lower, prefix, stemmer, &word_key);
    if (term == 0) continue;  // a stop word
    // Capitalised: an ASCII first byte is its own code point (most tokens: no decoding).
    const auto first_byte = static_cast<unsigned char>(text[token.begin]);
    int cp_len = 1;
    const bool capital = first_byte < 0x80 ? first_byte >= 'A' && first_byte <= 'Z'
                                           : IsUpper(common::DecodeUtf8(text, token.begin, &cp_len));
    if (!was_first && capital && !InSpans(caps_lines, &caps_cursor, token.begin)) {
      entities.push_back(static_cast<uint32_t>(word_key >> 32));
    }
    sentence_term_hashes.push_back(term);
    if (in_quote) {
      have_prev_narrative = false;
    } else {
      if (have_prev_narrative) {
        narrative_bigrams.push_back(
            static_cast<uint32_t>(std::rotl(prev_narrative, 23) ^ term));
      }
      prev_narrative = term;
      have_prev_narrative = true;
    }
  }
  if (current_sentence >= 0) {
    sentence_ends.push_back(static_cast<uint32_t>(sentence_term_hashes.size()));
  }
  IndexTerms(sentence_term_hashes, &profile);
  // Drop empty sentences (no content term) so alignment sees only real ones.
  size_t kept = 0;
  uint32_t prev_end = 0;
  for (const uint32_t end : sentence_ends) {
    if (end > prev_end) sentence_ends[kept++] = end;
    prev_end = end;
  }
  sentence_ends.resize(kept);
  profile.sentence_ends = sentence_ends;
  common::SortUnique(&entities);
  common::SortUnique(&numbers);
  common::SortUnique(&narrative_bigrams);
  profile.entities = entities;
  profile.numbers = numbers;
  profile.narrative_bigrams = narrative_bigrams;
  profile.terms.shrink_to_fit();
  scratch.ReleaseIfHuge();
  return profile;
}

void ContentProfile::ReleaseSentenceTerms() { std::vector<uint32_t>().swap(sentence_terms); }

bool ContentProfile::ReleaseTerms(size_t vector_size) {
  if (terms.empty() || vector_size != terms.size()) return false;
  std::vector<uint64_t>().swap(terms);
  return true;
}

}  // namespace doppel::match
