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
#include <unordered_map>
#include <utility>

#include <utf8proc.h>

#include "clean/cleaner.h"
#include "clean/corpus_keys.h"
#include "clean/line_shape.h"
#include "clean/units.h"
#include "common/hash.h"
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

bool StartsUpper(std::string_view word) {
  const auto first = static_cast<unsigned char>(word[0]);
  if (first < 0x80) return first >= 'A' && first <= 'Z';
  int length = 1;
  char32_t cp = common::DecodeUtf8(word, 0, &length);
  auto category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  return category == UTF8PROC_CATEGORY_LU || category == UTF8PROC_CATEGORY_LT;
}

// Capitalised words of a prose unit that do not open a sentence, a quote or a bracket.
// `words` and `folded` are scratch buffers.
void AddTopicKeys(std::string_view unit_text, std::vector<text::Span>* words,
                  std::string* folded, std::vector<uint64_t>* keys) {
  text::TokenizeWords(unit_text, words);
  for (size_t w = 1; w < words->size(); ++w) {
    std::string_view word = unit_text.substr((*words)[w].begin, (*words)[w].size());
    if (word.size() < 2 || !StartsUpper(word)) continue;
    // The last visible byte before the word must continue a sentence.
    size_t pos = (*words)[w].begin;
    while (pos > 0 && (unit_text[pos - 1] == ' ' || unit_text[pos - 1] == '\n' ||
                       unit_text[pos - 1] == '\r' || unit_text[pos - 1] == '\t')) {
      --pos;
    }
    if (pos == 0) continue;
    char before = unit_text[pos - 1];
    bool continues = (before >= 'a' && before <= 'z') || (before >= '0' && before <= '9') ||
                     before == ',' || before == ';' || (before & 0x80) != 0;
    if (!continues) continue;
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
    keys->push_back(TopicCorpusKey(common::Hash64(*folded, kTopicSeed)));
  }
}

}  // namespace

std::vector<uint64_t> LineKeys(std::string_view text) {
  UnitLayout layout = SplitUnits(text);
  std::vector<uint64_t> keys;
  keys.reserve(layout.units.size());
  TextKeyer keyer;
  std::vector<text::Span> words;
  std::string folded;
  for (const Unit& unit : layout.units) {
    std::string_view unit_text = text.substr(unit.begin, unit.end - unit.begin);
    TextKeyer::Key key = keyer.Compute(unit_text);
    if (key.key == 0) continue;
    keys.push_back(LineCorpusKey(key.key, key.num_words));
    if (key.num_words >= kContentLineWords) {
      uint32_t upper = 0;
      uint32_t lower = 0;
      CountCase(unit_text, &upper, &lower);
      if (upper <= lower) AddTopicKeys(unit_text, &words, &folded, &keys);  // not all caps
    }
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
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

void CorpusLineStats::Add(const std::vector<uint64_t>& doc_keys) {
  Impl& s = *impl_;
  const uint32_t doc = static_cast<uint32_t>(s.sketches.size());
  ++s.num_documents;

  // The document's sketch: bottom-k of its topic and content-line keys, else of its
  // line keys.
  std::vector<uint32_t> hashes;
  for (int pass = 0; pass < 2 && hashes.empty(); ++pass) {
    for (uint64_t key : doc_keys) {
      bool topical = IsTopicKey(key) || IsContentLineKey(key);
      if (pass == 0 ? topical : IsLineKey(key)) {
        hashes.push_back(static_cast<uint32_t>(common::Mix64(key ^ kSketchSeed) >> 32));
      }
    }
  }
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  Sketch sketch;
  sketch.fill(kEmpty);
  for (size_t i = 0; i < hashes.size() && i < kSketchSize; ++i) {
    sketch[i] = std::min(hashes[i], kEmpty - 1);
  }
  s.sketches.push_back(sketch);

  std::vector<uint64_t> line_keys;
  line_keys.reserve(doc_keys.size());
  for (uint64_t key : doc_keys) {
    if (key != 0 && IsLineKey(key)) line_keys.push_back(key);
  }
  std::sort(line_keys.begin(), line_keys.end());
  line_keys.erase(std::unique(line_keys.begin(), line_keys.end()), line_keys.end());

  for (uint64_t key : line_keys) {
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
  std::sort(s.boilerplate.begin(), s.boilerplate.end());
  s.boilerplate.erase(std::unique(s.boilerplate.begin(), s.boilerplate.end()),
                      s.boilerplate.end());
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
