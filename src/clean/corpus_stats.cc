// Corpus boilerplate: lines that recur across documents about different things.
//
// CCNet ("CCNet: Extracting High Quality Monolingual Datasets from Web Crawl Data")
// removes every paragraph whose hash recurs across a shard. That is wrong for doppel:
// copies of one article share all their lines, and rewrites of one story share quoted
// paragraphs; those lines are exactly the evidence doppel looks for. So a line counts as
// boilerplate only when it occurs in documents of at least `min_boilerplate_docs`
// different *contexts*.
//
// Context of a document: a bottom-k sketch ("On the resemblance and containment of
// documents", Broder 1997; k = kSketchSize) of its topic keys and content-line keys (see
// corpus_keys.h): the capitalised words inside its prose lines (names: what the document
// is about) and its prose lines themselves. Template lines are short, so they rarely
// enter a sketch. Two documents are in the same context when their sketches share at
// least kSameContextMatches values: always for copies, usually for two reports of one
// story (they name the same people and places), rarely for two articles that only share
// a site's template. On METER (used to choose k and the match count) the test holds for
// 81% of wire/newspaper pairs of one story and 6.5% of pairs of different stories of one
// domain. A document without content lines is sketched from all its line keys.
//
// The contexts of a line are clustered greedily in document order (a document joins
// the first cluster whose representative it matches); the line is boilerplate when it
// has at least min_boilerplate_docs clusters.
//
// Memory. Per document, one sketch (kSketchSize * 4 bytes). Per distinct line, 12 bytes
// (key and the index of the first document holding it) in an open-addressing table kept
// 35-70% full: most lines of a corpus occur once, and that is all they cost. Only lines
// seen in a second context get an entry in a second table, with the representative
// documents of their clusters (at most kMaxTrackedContexts; a line that reaches that
// many is settled: its entry is freed and from then on every further document holding
// it counts as one more context, an upper estimate that only matters for thresholds
// above kMaxTrackedContexts). Finalize() keeps only the sorted
// boilerplate keys. Exact copies need no separate document dedup (by a hash of the key
// set): a copy always has its original's context.
#include <algorithm>
#include <array>
#include <bit>
#include <unordered_map>
#include <span>
#include <utility>

#include <utf8proc.h>

#include "clean/cleaner.h"
#include "clean/corpus_keys.h"
#include "clean/line_shape.h"
#include "clean/repeats.h"
#include "clean/text_key.h"
#include "clean/units.h"
#include "common/ascii_block.h"
#include "common/hash.h"
#include "common/sorted_set.h"
#include "common/utf8.h"
#include "doppel/options.h"
#include "text/normalize.h"
#include "text/tokenize.h"

namespace doppel::clean {
namespace {

constexpr size_t kSketchSize = 16;
constexpr size_t kSameContextMatches = 2;
// Clusters tracked exactly per line (see Memory above). min_boilerplate_docs below 2
// behaves as 2: one document is no evidence of a template.
constexpr size_t kMaxTrackedContexts = 32;
constexpr uint64_t kTopicSeed = 0x746f706963ull;  // "topic"
constexpr uint64_t kSketchSeed = 0x736b65746368ull;  // "sketch"
constexpr uint32_t kEmpty = UINT32_MAX;  // unused sketch slot
constexpr uint32_t kSettled = UINT32_MAX;  // first-document value of a settled line

using Sketch = std::array<uint32_t, kSketchSize>;

bool SameContext(const Sketch& a, const Sketch& b) {
  size_t size_a = 0, size_b = 0, matches = 0;
  while (size_a < kSketchSize && a[size_a] != kEmpty) ++size_a;
  while (size_b < kSketchSize && b[size_b] != kEmpty) ++size_b;
  for (size_t i = 0, j = 0; i < size_a && j < size_b;) {
    if (a[i] == b[j]) {
      ++matches;
      ++i;
      ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  size_t smaller = std::min(size_a, size_b);
  if (smaller == 0) return size_a == size_b;  // two documents with no words
  return matches >= std::min(kSameContextMatches, smaller);
}

// Open-addressing table: line key -> first document (linear probing; key 0 = empty).
class FirstDocTable {
 public:
  FirstDocTable() { Rehash(0); }

  // Returns the stored document, or inserts `doc` and returns nullptr.
  uint32_t* FindOrInsert(uint64_t key, uint32_t doc) {
    if (10 * (size_ + 1) > 7 * keys_.size()) Rehash(keys_.size() * 2);
    size_t slot = Slot(key);
    while (keys_[slot] != 0) {
      if (keys_[slot] == key) return &docs_[slot];
      slot = (slot + 1) & mask_;
    }
    keys_[slot] = key;
    docs_[slot] = doc;
    ++size_;
    return nullptr;
  }

  void Clear() {
    std::vector<uint64_t>().swap(keys_);
    std::vector<uint32_t>().swap(docs_);
    size_ = 0;
    Rehash(0);
  }

 private:
  size_t Slot(uint64_t key) const { return common::Mix64(key) & mask_; }

  void Rehash(size_t capacity) {
    capacity = std::max<size_t>(capacity, 1u << 10);
    std::vector<uint64_t> old_keys(capacity, 0);
    std::vector<uint32_t> old_docs(capacity, 0);
    old_keys.swap(keys_);
    old_docs.swap(docs_);
    mask_ = capacity - 1;
    for (size_t i = 0; i < old_keys.size(); ++i) {
      if (old_keys[i] == 0) continue;
      size_t slot = Slot(old_keys[i]);
      while (keys_[slot] != 0) slot = (slot + 1) & mask_;
      keys_[slot] = old_keys[i];
      docs_[slot] = old_docs[i];
    }
  }

  std::vector<uint64_t> keys_;
  std::vector<uint32_t> docs_;
  size_t size_ = 0;
  size_t mask_ = 0;
};

// Byte classes for ScanCase: ASCII word characters and cases; kMultiByte for the bytes
// of other characters (decoded and looked up in utf8proc instead).
constexpr uint8_t kWordByte = 1;
constexpr uint8_t kUpperByte = 2;
constexpr uint8_t kLowerByte = 4;
constexpr uint8_t kMultiByte = 8;
constexpr std::array<uint8_t, 256> MakeByteClasses() {
  std::array<uint8_t, 256> table{};
  for (int c = 0; c < 256; ++c) {
    if (c >= 0x80) {
      table[c] = kMultiByte;
    } else if (c >= 'A' && c <= 'Z') {
      table[c] = kWordByte | kUpperByte;
    } else if (c >= 'a' && c <= 'z') {
      table[c] = kWordByte | kLowerByte;
    } else if (c >= '0' && c <= '9') {
      table[c] = kWordByte;
    }
  }
  return table;
}
constexpr std::array<uint8_t, 256> kByteClasses = MakeByteClasses();

// One pass over a unit: its upper- and lower-case letters (as ComputeShape counts them)
// and its capitalised words after the first (as text::TokenizeWords cuts words; the
// first character upper- or title-case), at least 2 bytes long.
void ScanCase(std::string_view unit_text, uint32_t* upper, uint32_t* lower,
              std::vector<uint32_t>* capitalised) {
  // Branch-free for ASCII bytes except at the start of a capitalised word.
  capitalised->clear();
  uint32_t num_upper = 0;
  uint32_t num_lower = 0;
  bool seen_word = false;  // a word started before the current one
  bool in_word = false;
  const size_t n = unit_text.size();
  const auto* s = reinterpret_cast<const unsigned char*>(unit_text.data());
  for (size_t pos = 0; pos < n;) {
    if (pos + common::kBlockBytes <= n) {
      // The ASCII bytes of a block at once, up to its first non-ASCII byte.
      const common::BlockMasks m = common::ClassifyBlock(s + pos);
      const int count = m.non_ascii != 0 ? std::countr_zero(m.non_ascii) : common::kBlockBits;
      if (count > 0) {
        const uint32_t valid = count == common::kBlockBits ? 0xFFFFu : (1u << count) - 1;
        num_upper += common::CountBits16(m.upper & valid);
        num_lower += common::CountBits16(m.lower & valid);
        const uint32_t word = m.word() & valid;
        uint32_t word_starts = word & ~((word << 1) | static_cast<uint32_t>(in_word));
        if (!seen_word && word_starts != 0) {
          word_starts &= word_starts - 1;  // the first word of the unit is never a topic
          seen_word = true;
        }
        for (uint32_t bits = word_starts & m.upper; bits != 0; bits &= bits - 1) {
          capitalised->push_back(
              static_cast<uint32_t>(pos + static_cast<size_t>(std::countr_zero(bits))));
        }
        in_word = (word >> (count - 1)) & 1;
        pos += static_cast<size_t>(count);
        continue;
      }
    }
    uint8_t cls = kByteClasses[s[pos]];
    size_t length = 1;
    if (cls == kMultiByte) {
      int decoded = 1;
      char32_t cp = common::DecodeUtf8(unit_text, pos, &decoded);
      length = static_cast<size_t>(decoded);
      if (text::IsSingleCharWord(cp)) {
        // A word by itself (text::TokenizeWords), with the marks after it; without case
        // (categories Lo, Lm, N*; the marks M* or Lm), so it counts neither as upper nor as
        // lower and is never capitalised.
        seen_word = true;
        in_word = false;
        pos = text::EndOfSingleCharWord(unit_text, pos + length);
        continue;
      }
      auto category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
      cls = (text::IsWordChar(cp) ? kWordByte : 0) |
            (category == UTF8PROC_CATEGORY_LU || category == UTF8PROC_CATEGORY_LT ? kUpperByte
                                                                                  : 0) |
            (category == UTF8PROC_CATEGORY_LL ? kLowerByte : 0);
    }
    num_upper += (cls >> 1) & 1;
    num_lower += (cls >> 2) & 1;
    const bool word = (cls & kWordByte) != 0;
    const bool start = word && !in_word;
    if (start && seen_word && (cls & kUpperByte) != 0) {
      capitalised->push_back(static_cast<uint32_t>(pos));
    }
    seen_word = seen_word || start;
    in_word = word;
    pos += length;
  }
  *upper = num_upper;
  *lower = num_lower;
}

// The capitalised words that start at `starts` (text::TokenizeWords: the run of word
// characters goes on up to a separator or a single character word) and have at least 2
// bytes.
void CapitalisedWords(std::string_view unit_text, const std::vector<uint32_t>& starts,
                      std::vector<text::Span>* words) {
  words->clear();
  const size_t n = unit_text.size();
  const auto* s = reinterpret_cast<const unsigned char*>(unit_text.data());
  for (uint32_t begin : starts) {
    size_t pos = begin;
    while (pos < n) {
      const uint8_t cls = kByteClasses[s[pos]];
      if (cls != kMultiByte) {
        if ((cls & kWordByte) == 0) break;
        ++pos;
        continue;
      }
      int decoded = 1;
      if (text::ClassifyWordChar(common::DecodeUtf8(unit_text, pos, &decoded)) != text::WordCharKind::kRun) break;
      pos += static_cast<size_t>(decoded);
    }
    if (pos - begin >= 2) words->push_back({begin, static_cast<uint32_t>(pos)});
  }
}

// True when the last visible byte before unit_text[begin] continues a sentence, so a
// capitalised word there does not open a sentence, a quote or a bracket.
bool ContinuesSentence(std::string_view unit_text, size_t begin) {
  size_t pos = begin;
  while (pos > 0 && (unit_text[pos - 1] == ' ' || unit_text[pos - 1] == '\n' ||
                     unit_text[pos - 1] == '\r' || unit_text[pos - 1] == '\t')) {
    --pos;
  }
  if (pos == 0) return false;
  char before = unit_text[pos - 1];
  return (before >= 'a' && before <= 'z') || (before >= '0' && before <= '9') ||
         before == ',' || before == ';' || (before & 0x80) != 0;
}

uint64_t TopicKey(std::string_view folded_word) {
  return TopicCorpusKey(common::Hash64(folded_word, kTopicSeed));
}

// Topic keys of a prose unit: its capitalised words (CapitalisedWords) that do not open
// a sentence, a quote or a bracket, in their normal form. `folded` is a scratch buffer.
void AddTopicKeys(std::string_view unit_text, const std::vector<text::Span>& capitalised,
                  std::string* folded, std::vector<uint64_t>* keys) {
  for (const text::Span& span : capitalised) {
    if (!ContinuesSentence(unit_text, span.begin)) continue;
    std::string_view word = unit_text.substr(span.begin, span.size());
    // The normal form of an ASCII word is the word in lower case.
    bool ascii = true;
    folded->clear();
    for (char c : word) {
      if (static_cast<unsigned char>(c) >= 0x80) {
        ascii = false;
        break;
      }
      folded->push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    if (!ascii) *folded = text::Normalize(word, NormalizeOptions{});
    keys->push_back(TopicKey(*folded));
  }
}

// AddTopicKeys for a unit keyed on TextKeyer's fast path, from its case scan: there the
// normal form of each word is its slice of the joined words (the fast path normalises
// character by character), so no word is read or normalised again.
void AddTopicKeysFast(std::string_view unit_text, const TextKeyer::CaseScan& cases,
                      std::string_view joined, size_t joined_base, std::vector<uint64_t>* keys) {
  const auto* s = reinterpret_cast<const unsigned char*>(unit_text.data());
  for (const KeyTrace::Word& capital : cases.capitals) {
    // At least 2 bytes: a non-ASCII first character has them; an ASCII one needs a
    // word character after it.
    const size_t next = capital.text_begin + 1;
    if (s[capital.text_begin] < 0x80) {
      if (next >= unit_text.size()) continue;
      const uint8_t cls = kByteClasses[s[next]];
      if (cls == kMultiByte) {
        int length = 1;
        if (text::ClassifyWordChar(common::DecodeUtf8(unit_text, next, &length)) != text::WordCharKind::kRun) continue;
      } else if ((cls & kWordByte) == 0) {
        continue;
      }
    }
    if (!ContinuesSentence(unit_text, capital.text_begin)) continue;
    std::string_view word = joined.substr(capital.joined_begin - joined_base);
    word = word.substr(0, word.find(' '));
    keys->push_back(TopicKey(word));
  }
}

// Scratch buffers of KeyDocument, kept per thread between documents (each document
// would otherwise allocate its units' keys and trace afresh); released after a document
// of more than kMaxKeptScratchBytes.
constexpr size_t kMaxKeptScratchBytes = size_t{1} << 20;
struct KeyScratch {
  TextKeyer keyer;
  TextKeyer::CaseScan cases;
  std::vector<uint32_t> capital_starts;
  std::vector<text::Span> capitalised;
  std::string folded;
  UnitKeys unit_keys;
  UnitLayout layout;
  std::vector<bool> repeated;
};

// LineKeys, sorted and unique when `sort` is set (else in no particular order, with
// repeats); when `cache` is not null (then `options` is not null either), also what
// FindRemovals(text, stats, *options, *cache) needs: the units keyed here (with a trace
// of their words when repeats are removed, for the sentence keys), their shapes between
// the edges, the repeated units and the candidate repeated sentences.
// The keys into `*out` (its storage reused).
void KeyDocument(std::string_view text, const CleanOptions* options, CleanCache* cache, bool sort,
                 CorpusLineStats::KeyedWords* keyed, const CorpusLineStats::KeyedWordsHook* on_words,
                 std::vector<uint64_t>* out) {
  thread_local KeyScratch scratch;
  UnitLayout& layout = scratch.layout;
  SplitUnits(text, &layout);
  const std::vector<Unit>& units = layout.units;
  const size_t n = units.size();
  std::vector<uint64_t>& keys = *out;
  keys.clear();
  keys.reserve(2 * n);
  TextKeyer& keyer = scratch.keyer;
  TextKeyer::CaseScan& cases = scratch.cases;
  // The units' keys as KeyUnits(text, units, with_trace) gives them.
  UnitKeys& unit_keys = scratch.unit_keys;
  unit_keys.trace.joined_size = 0;
  unit_keys.trace.num_words = 0;
  const bool with_trace = cache != nullptr && options->remove_repeated;
  KeyTrace* trace = with_trace ? &unit_keys.trace : nullptr;
  if (cache != nullptr) {
    unit_keys.keys.resize(n);
    unit_keys.num_words.resize(n);
    unit_keys.fast.resize(n);
    unit_keys.first_word.resize(n);
    unit_keys.joined_end.resize(n);
  }
  for (size_t i = 0; i < n; ++i) {
    const Unit& unit = units[i];
    std::string_view unit_text = text.substr(unit.begin, unit.end - unit.begin);
    if (cache != nullptr) unit_keys.first_word[i] = static_cast<uint32_t>(unit_keys.trace.num_words);
    TextKeyer::Key key = keyer.Compute(unit_text, trace, &cases);
    if (cache != nullptr) {
      unit_keys.keys[i] = key.key;
      unit_keys.num_words[i] = key.num_words;
      unit_keys.fast[i] = key.fast;
      unit_keys.joined_end[i] = static_cast<uint32_t>(unit_keys.trace.joined_size);
    }
    if (key.key == 0) continue;
    keys.push_back(LineCorpusKey(key.key, key.num_words));
    if (key.num_words < kContentLineWords) continue;
    if (key.fast) {
      if (cases.upper <= cases.lower) {  // not an all-caps line
        // The unit's words end the joined text (traced or not); capitals' offsets are
        // from its start.
        AddTopicKeysFast(unit_text, cases, with_trace ? trace->joined_text() : keyer.joined(),
                         0, &keys);
      }
      continue;
    }
    uint32_t upper = 0;
    uint32_t lower = 0;
    ScanCase(unit_text, &upper, &lower, &scratch.capital_starts);
    if (upper <= lower) {
      CapitalisedWords(unit_text, scratch.capital_starts, &scratch.capitalised);
      AddTopicKeys(unit_text, scratch.capitalised, &scratch.folded, &keys);
    }
  }
  if (sort) common::SortUnique(&keys);

  if (keyed != nullptr) {
    // The traced words of every unit, when all took the fast path: within a unit they are
    // separated by single spaces (a word ends one byte before the next starts), and a
    // unit's last word ends where its joined words do. None for a text whose scratch (and
    // with it the joined words) is released below.
    keyed->words.clear();
    keyed->complete = with_trace && text.size() <= kMaxKeptScratchBytes &&
                      std::all_of(unit_keys.fast.begin(), unit_keys.fast.begin() + n,
                                  [](uint8_t f) { return f != 0; });
    if (keyed->complete) {
      const KeyTrace& trace = unit_keys.trace;
      keyed->joined = trace.joined_text();
      keyed->words.resize(trace.num_words);  // every traced word, written through a pointer
      text::Span* out = keyed->words.data();
      for (size_t i = 0; i < n; ++i) {
        const uint32_t first = unit_keys.first_word[i], last = first + unit_keys.num_words[i];
        if (first == last) continue;
        for (uint32_t k = first; k + 1 < last; ++k) {
          *out++ = {trace.words[k].joined_begin, trace.words[k + 1].joined_begin - 1};
        }
        *out++ = {trace.words[last - 1].joined_begin, unit_keys.joined_end[i]};
      }
      keyed->words.resize(static_cast<size_t>(out - keyed->words.data()));
    } else {
      keyed->joined = {};
    }
  }
  // The caller's hook sees the words before the repeated sentences are looked for.
  bool may_repeat = true;
  if (keyed != nullptr && keyed->complete && on_words != nullptr && *on_words) may_repeat = (*on_words)(*keyed);
  if (cache != nullptr) {
    // What FindRemovals reads (see there).
    cache->units.assign(n, {});
    cache->sentences.clear();
    for (size_t i = 0; i < n; ++i) {
      CleanCache::UnitEntry& entry = cache->units[i];
      entry.begin = units[i].begin;
      entry.end = units[i].end;
      const uint64_t key = unit_keys.keys[i];
      entry.corpus_key = key != 0 ? LineCorpusKey(key, unit_keys.num_words[i]) : 0;
      if (options->remove_boilerplate) {
        // What FindFurniture reads of every unit (the edges get their full shape in
        // FindRemovals).
        const LineShape shape = InteriorShape(text.substr(entry.begin, entry.end - entry.begin),
                                              unit_keys.fast[i] ? &unit_keys.num_words[i] : nullptr);
        entry.words = shape.words;
        if (shape.terminal) entry.flags |= CleanCache::kTerminal;
        if (shape.markup_only) entry.flags |= CleanCache::kMarkupOnly;
      }
    }
    if (options->remove_repeated) {
      std::vector<bool>& repeated = scratch.repeated;
      FindRepeatedUnits(unit_keys.keys, unit_keys.num_words, &repeated);
      for (size_t i = 0; i < n; ++i) {
        if (repeated[i]) cache->units[i].flags |= CleanCache::kRepeated;
      }
      // A repeated sentence of kMinRepeatWords words or more repeats its first words: when
      // the hook has found that no run of them occurs twice, there is none to look for.
      if (may_repeat) cache->sentences = RepeatCandidates(text, units, unit_keys, repeated);
    }
  }
  if (text.size() > kMaxKeptScratchBytes) scratch = KeyScratch();
}

std::vector<uint64_t> KeyDocument(std::string_view text, const CleanOptions* options, CleanCache* cache, bool sort) {
  std::vector<uint64_t> keys;
  KeyDocument(text, options, cache, sort, nullptr, nullptr, &keys);
  return keys;
}

}  // namespace

std::vector<uint64_t> LineKeys(std::string_view text) {
  return KeyDocument(text, nullptr, nullptr, /*sort=*/true);
}

std::vector<uint64_t> internal::LineKeysWithoutFastPath(std::string_view text) {
  // The definition, one step at a time.
  UnitLayout layout = SplitUnits(text);
  std::vector<uint64_t> keys;
  std::vector<text::Span> words;
  for (const Unit& unit : layout.units) {
    std::string_view unit_text = text.substr(unit.begin, unit.end - unit.begin);
    uint32_t num_words = 0;
    uint64_t key = internal::TextKeyWithoutFastPath(unit_text, &num_words);
    if (key == 0) continue;
    keys.push_back(LineCorpusKey(key, num_words));
    if (num_words < kContentLineWords) continue;
    LineShape shape = ComputeShape(unit_text);
    if (shape.upper > shape.lower) continue;
    text::TokenizeWords(unit_text, &words);
    for (size_t w = 1; w < words.size(); ++w) {
      std::string_view word = unit_text.substr(words[w].begin, words[w].size());
      int length = 1;
      auto category =
          utf8proc_category(static_cast<utf8proc_int32_t>(common::DecodeUtf8(word, 0, &length)));
      if (word.size() < 2 ||
          (category != UTF8PROC_CATEGORY_LU && category != UTF8PROC_CATEGORY_LT)) {
        continue;
      }
      if (!ContinuesSentence(unit_text, words[w].begin)) continue;
      keys.push_back(TopicKey(text::Normalize(word, NormalizeOptions{})));
    }
  }
  common::SortUnique(&keys);
  return keys;
}

struct CorpusLineStats::Impl {
  FirstDocTable first;
  std::vector<Sketch> sketches;  // per document
  // Representative documents of the clusters after the first, for lines seen in at
  // least two contexts.
  std::unordered_map<uint64_t, std::vector<uint32_t>> more;
  // Lines that reached kMaxTrackedContexts clusters -> documents holding them since.
  std::unordered_map<uint64_t, uint32_t> settled;
  std::vector<uint64_t> boilerplate;  // after Finalize: sorted
  uint64_t num_documents = 0;
  bool finalized = false;
};

CorpusLineStats::CorpusLineStats() : impl_(std::make_unique<Impl>()) {}
CorpusLineStats::~CorpusLineStats() = default;

void CorpusLineStats::Add(const std::vector<uint64_t>& doc_keys) { Add(Summarize(doc_keys)); }

CorpusLineStats::DocSummary CorpusLineStats::Summarize(std::string_view text,
                                                       const CleanOptions& options,
                                                       CleanCache* cache, KeyedWords* words,
                                                       const KeyedWordsHook& on_words) {
  DocSummary summary;
  summary.sketch = SummarizeInto(text, options, cache, words, on_words, &summary.line_keys);
  return summary;
}

CorpusLineStats::Sketch CorpusLineStats::SummarizeInto(std::string_view text, const CleanOptions& options,
                                                       CleanCache* cache, KeyedWords* words,
                                                       const KeyedWordsHook& on_words,
                                                       std::vector<uint64_t>* line_keys) {
  // The summary does not need the keys sorted or unique. They stay in a per-thread buffer
  // (a vector a document before).
  thread_local std::vector<uint64_t> keys;
  KeyDocument(text, &options, cache, /*sort=*/false, words, &on_words, &keys);
  const Sketch sketch = SummarizeInto(keys, line_keys);
  constexpr size_t kMaxKeptKeys = size_t{1} << 16;
  if (keys.capacity() > kMaxKeptKeys) std::vector<uint64_t>().swap(keys);
  return sketch;
}

namespace internal {

namespace {

size_t BottomSixteenScalar(const uint32_t* hashes, size_t n, uint32_t* bottom) {
  size_t size = 0;
  for (size_t k = 0; k < n; ++k) {
    const uint32_t hash = hashes[k];
    if (size == kSketchSize && hash >= bottom[kSketchSize - 1]) continue;
    size_t at = size;
    while (at > 0 && bottom[at - 1] > hash) --at;
    if (at > 0 && bottom[at - 1] == hash) continue;
    if (size < kSketchSize) ++size;
    for (size_t i = size - 1; i > at; --i) bottom[i] = bottom[i - 1];
    bottom[at] = hash;
  }
  return size;
}

#ifdef DOPPEL_HAVE_AVX512_PATH
// The sixteen values in one register, kept ascending: a value goes in (unless it is there
// already) at the count of the values below it, the ones above move up a lane and the
// sixteenth falls off, with one compare, a permute and a blend instead of a loop of moves.
DOPPEL_TARGET_AVX512 size_t BottomSixteenAvx512(const uint32_t* hashes, size_t n, uint32_t* bottom) {
  const __m512i lanes = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m512i ones = _mm512_set1_epi32(1);
  __m512i kept = _mm512_setzero_si512();
  size_t size = 0;
  uint32_t largest = 0;  // kept[size - 1] when size == 16
  for (size_t k = 0; k < n; ++k) {
    const uint32_t hash = hashes[k];
    if (size == kSketchSize && hash >= largest) continue;
    const __m512i h = _mm512_set1_epi32(static_cast<int>(hash));
    const __mmask16 real = static_cast<__mmask16>((uint32_t{1} << size) - 1);
    if (_mm512_mask_cmpeq_epi32_mask(real, kept, h) != 0) continue;
    const uint32_t at = static_cast<uint32_t>(std::popcount(static_cast<unsigned>(_mm512_mask_cmplt_epu32_mask(real, kept, h))));
    // Lane i takes kept[i] below `at`, kept[i - 1] above it, the value at it.
    const __mmask16 above = _mm512_cmpgt_epu32_mask(lanes, _mm512_set1_epi32(static_cast<int>(at)));
    const __m512i from = _mm512_mask_sub_epi32(lanes, above, lanes, ones);
    kept = _mm512_mask_blend_epi32(static_cast<__mmask16>(uint32_t{1} << at), _mm512_maskz_permutexvar_epi32(0xFFFF, from, kept), h);
    if (size < kSketchSize) ++size;
    if (size == kSketchSize) {
      alignas(64) uint32_t values[kSketchSize];
      _mm512_store_si512(values, kept);
      largest = values[kSketchSize - 1];
    }
  }
  alignas(64) uint32_t values[kSketchSize];
  _mm512_store_si512(values, kept);
  for (size_t i = 0; i < size; ++i) bottom[i] = values[i];
  return size;
}
#endif

}  // namespace

size_t BottomSixteen(const uint32_t* hashes, size_t n, uint32_t* bottom, common::SimdLevel simd) {
  static_assert(kSketchSize == 16);
#ifdef DOPPEL_HAVE_AVX512_PATH
  if (simd == common::SimdLevel::kAvx512) return BottomSixteenAvx512(hashes, n, bottom);
#endif
  (void)simd;
  return BottomSixteenScalar(hashes, n, bottom);
}

}  // namespace internal

CorpusLineStats::DocSummary CorpusLineStats::Summarize(const std::vector<uint64_t>& doc_keys) {
  DocSummary out;
  out.sketch = SummarizeInto(doc_keys, &out.line_keys);
  return out;
}

CorpusLineStats::Sketch CorpusLineStats::SummarizeInto(const std::vector<uint64_t>& doc_keys,
                                                       std::vector<uint64_t>* line_keys) {
  static_assert(std::tuple_size_v<Sketch> == kSketchSize);
  Sketch sketch;
  // The document's sketch: bottom-k of its topic and content-line keys, else of its
  // line keys: the kSketchSize smallest distinct hashes, ascending, kept by insertion
  // (most hashes of a long document are larger than the kSketchSize-th and cost one
  // comparison). Neither the order nor repeats of `doc_keys` matter.
  uint32_t bottom[kSketchSize];
  size_t size = 0;
  thread_local std::vector<uint32_t> hashes;
  for (int pass = 0; pass < 2 && size == 0; ++pass) {
    hashes.clear();
    for (uint64_t key : doc_keys) {
      bool topical = IsTopicKey(key) || IsContentLineKey(key);
      if (!(pass == 0 ? topical : IsLineKey(key))) continue;
      hashes.push_back(static_cast<uint32_t>(common::Mix64(key ^ kSketchSeed) >> 32));
    }
    size = internal::BottomSixteen(hashes.data(), hashes.size(), bottom);
  }
  constexpr size_t kMaxKeptHashes = size_t{1} << 16;
  if (hashes.capacity() > kMaxKeptHashes) std::vector<uint32_t>().swap(hashes);
  sketch.fill(kEmpty);
  for (size_t i = 0; i < size; ++i) sketch[i] = std::min(bottom[i], kEmpty - 1);
  // Appended, then sorted in place after the keys already there.
  const size_t first = line_keys->size();
  for (uint64_t key : doc_keys) {
    if (key != 0 && IsLineKey(key)) line_keys->push_back(key);
  }
  common::SortUniqueFrom(line_keys, first);
  return sketch;
}

void CorpusLineStats::Add(const Sketch& sketch, const uint64_t* line_keys, size_t n) {
  Impl& s = *impl_;
  const uint32_t doc = static_cast<uint32_t>(s.sketches.size());
  ++s.num_documents;
  s.sketches.push_back(sketch);
  for (const uint64_t key : std::span(line_keys, n)) {
    uint32_t* first = s.first.FindOrInsert(key, doc);
    if (first == nullptr) continue;
    if (*first == kSettled) {
      ++s.settled[key];
      continue;
    }
    if (SameContext(s.sketches[*first], sketch)) continue;
    std::vector<uint32_t>& more = s.more[key];
    bool known = false;
    for (uint32_t representative : more) {
      if (SameContext(s.sketches[representative], sketch)) {
        known = true;
        break;
      }
    }
    if (known) continue;
    more.push_back(doc);
    if (more.size() + 1 >= kMaxTrackedContexts) {
      s.settled[key] = static_cast<uint32_t>(kMaxTrackedContexts);
      s.more.erase(key);
      *first = kSettled;
    }
  }
}

void CorpusLineStats::Finalize(const CleanOptions& options) {
  Impl& s = *impl_;
  const size_t threshold = std::max<size_t>(options.min_boilerplate_docs, 2);
  s.boilerplate.clear();
  for (const auto& [key, count] : s.settled) {
    if (count >= threshold) s.boilerplate.push_back(key);
  }
  for (const auto& [key, more] : s.more) {
    if (more.size() + 1 >= threshold) s.boilerplate.push_back(key);
  }
  common::SortUnique(&s.boilerplate);
  s.more = {};
  s.settled = {};
  s.first.Clear();
  std::vector<Sketch>().swap(s.sketches);
  s.finalized = true;
}

bool CorpusLineStats::IsBoilerplate(uint64_t key) const {
  const Impl& s = *impl_;
  return s.finalized && std::binary_search(s.boilerplate.begin(), s.boilerplate.end(), key);
}

uint64_t CorpusLineStats::num_documents() const {
  return impl_->num_documents;
}

}  // namespace doppel::clean
