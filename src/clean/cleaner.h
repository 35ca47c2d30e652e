// Cleaning: find the spans of a document that are not its own content, and report them.
//
// Two passes over the corpus:
//  1. LineKeys() hashes each document's logical lines (units, see units.h: hard-wrapped
//     paragraphs are joined back) and its topic words; CorpusLineStats counts, for each
//     line, the distinct *contexts* of the documents holding it (a line that recurs only
//     because its documents are copies or reports of one story is content, not
//     boilerplate; see corpus_stats.cc).
//  2. FindRemovals() marks, per document: corpus boilerplate lines and in-document
//     template furniture (kBoilerplate; furniture.h: rules found from position in the
//     document, line length, list shape, symbol and digit ratios, terminal punctuation);
//     then paragraphs and sentences repeated within it (kRepeated: every occurrence after
//     the first; repeats.h).
// No rule names a site, a phrase or a story. Precision comes before recall: eating an
// article's sentences destroys what the later stages match on. docs/cleaning.md lists the
// rules and their measured effect.
//
//   std::vector<std::vector<uint64_t>> keys;          // in parallel, per document
//   for (doc : corpus) keys.push_back(LineKeys(doc.text));
//   CorpusLineStats stats;
//   for (k : keys) stats.Add(k);                       // in document order
//   stats.Finalize(options.clean);
//   std::vector<Removal> removals = FindRemovals(doc.text, &stats, options.clean);
// or, keying each document once (the engine; a CleanCache per document between the passes):
//   stats.Add(CorpusLineStats::Summarize(doc.text, options.clean, &cache[d]));
//   ...
//   removals = FindRemovals(doc.text, &stats, options.clean, cache[d]); cache[d] = {};
//   std::string cleaned = ApplyRemovals(doc.text, removals, &to_source);
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "doppel/options.h"
#include "doppel/report.h"
#include "text/tokenize.h"

namespace doppel::clean {

// Keys for pass 1, sorted and unique: one 64-bit hash per distinct logical line with a
// word (normalised words, so case, punctuation and control bytes do not matter), plus one
// per topic word (a capitalised word inside a prose line). The top two bits tell the
// kinds apart (corpus_keys.h); callers pass the vector to CorpusLineStats::Add as is.
// Thread-safe (a pure function).
std::vector<uint64_t> LineKeys(std::string_view text);

// What FindRemovals needs of a document, found in the pass that computes its LineKeys,
// so that pass 2 neither splits nor keys the document again: per unit its span, its
// corpus key, what FindFurniture reads of a unit between the edges and whether it
// repeats earlier units (repeats.h), and the sentences whose key occurs more than once
// in the document (the only ones that can be repeated sentences; most documents have
// none). 24 bytes a unit plus 24 a repeated sentence. Filled by
// CorpusLineStats::Summarize(text, options, &cache), read by FindRemovals(text, stats,
// options, cache) with the same text and options; the members are for those two only.
struct CleanCache {
  static constexpr uint8_t kTerminal = 1;    // LineShape::terminal
  static constexpr uint8_t kMarkupOnly = 2;  // LineShape::markup_only
  static constexpr uint8_t kRepeated = 4;    // a repeat of earlier units
  struct UnitEntry {
    uint64_t corpus_key = 0;  // LineCorpusKey of the unit, 0 when it has no word
    uint32_t begin = 0;       // byte span of the unit (units.h)
    uint32_t end = 0;
    uint32_t words = 0;       // LineShape::words (when boilerplate is removed)
    uint8_t flags = 0;
  };
  struct Sentence {
    uint32_t unit = 0;   // index of the unit holding the sentence
    uint32_t begin = 0;  // byte span in the text
    uint32_t end = 0;
    uint64_t key = 0;    // TextKey of the sentence (non-zero)
  };
  std::vector<UnitEntry> units;
  std::vector<Sentence> sentences;  // in document order
};

// Corpus statistics over LineKeys of every document. Add() from one thread at a time, in
// document order (the engine summarises documents in parallel and adds each block of them
// once every block before it is in), then Finalize().
// Deterministic for a given document order. Memory: a 64-byte sketch per document and
// ~12-35 bytes per distinct line until Finalize(), which keeps only the boilerplate keys.
class CorpusLineStats {
 public:
  CorpusLineStats();
  ~CorpusLineStats();
  void Add(const std::vector<uint64_t>& doc_keys);
  // What Add keeps of a document: its context sketch and its distinct line keys. A pure
  // function, so the engine computes it in parallel and only Add(DocSummary) runs in
  // document order.
  using Sketch = std::array<uint32_t, 16>;
  struct DocSummary {
    Sketch sketch;
    std::vector<uint64_t> line_keys;  // sorted, unique
  };
  static DocSummary Summarize(const std::vector<uint64_t>& doc_keys);
  // Summarize's sketch, with the line keys appended to `*line_keys` (sorted, unique): a
  // caller summarising many documents keeps their keys in a few arrays instead of one
  // per document.
  static Sketch SummarizeInto(const std::vector<uint64_t>& doc_keys, std::vector<uint64_t>* line_keys);
  // The words of a document as keying found them: the words of
  // text::NormalizeForWords(text, NormalizeOptions{}) (text::TokenizeWords), separated by
  // single spaces within a unit and by nothing between units, and each word's span there.
  // `complete` when every unit of the text took TextKeyer's fast path with a trace (else
  // the rest is empty); `joined` stays valid until the thread's next Summarize.
  struct KeyedWords {
    bool complete = false;
    std::string_view joined;
    std::vector<text::Span> words;
  };
  // Given a document's keyed words (complete), says whether some run of kMinRepeatWords
  // of them (clean/repeats.h) may occur twice; false is a promise that none does.
  using KeyedWordsHook = std::function<bool(const KeyedWords&)>;
  // Summarize(LineKeys(text)), with `cache` filled for FindRemovals(text, stats, options,
  // *cache): pass 1 of the engine, which so keys each document once. When `words` is not
  // null it receives the words keyed (needs options.remove_repeated, which keys them with
  // a trace), so a caller can take the document's words without normalising and
  // tokenising it again. `on_words` (when set) is called with them, when complete, before
  // the repeated sentences are looked for; when it returns false they are not (a caller
  // that hashes the words' shingles anyway knows whether any run of words repeats:
  // most documents repeat none). Thread-safe.
  static DocSummary Summarize(std::string_view text, const CleanOptions& options,
                              CleanCache* cache, KeyedWords* words = nullptr,
                              const KeyedWordsHook& on_words = {});
  // The same, its line keys appended to `*line_keys` (see SummarizeInto above).
  static Sketch SummarizeInto(std::string_view text, const CleanOptions& options, CleanCache* cache,
                              KeyedWords* words, const KeyedWordsHook& on_words, std::vector<uint64_t>* line_keys);
  void Add(const DocSummary& summary) { Add(summary.sketch, summary.line_keys.data(), summary.line_keys.size()); }
  // A document's sketch and its n line keys (sorted, unique).
  void Add(const Sketch& sketch, const uint64_t* line_keys, size_t n);
  // A line is boilerplate when its documents fall in at least
  // options.min_boilerplate_docs different contexts (values below 2 count as 2).
  void Finalize(const CleanOptions& options);
  // True when the line with this key is corpus boilerplate (valid after Finalize).
  bool IsBoilerplate(uint64_t key) const;
  // Documents added.
  uint64_t num_documents() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Spans to remove from `text` (valid UTF-8), sorted, non-overlapping, in byte offsets of
// `text`; neighbouring spans of one kind separated only by whitespace are merged. A span
// covers whole units (without their surrounding whitespace) or, for a repeated sentence,
// the sentence. `stats` may be null (single-document cleaning: no corpus boilerplate);
// options.enabled, remove_repeated and remove_boilerplate switch the parts off.
// Thread-safe.
std::vector<Removal> FindRemovals(std::string_view text, const CorpusLineStats* stats,
                                  const CleanOptions& options);
// The same from what CorpusLineStats::Summarize(text, options, &cache) kept: equal to
// FindRemovals(text, stats, options), without splitting or keying the text again.
std::vector<Removal> FindRemovals(std::string_view text, const CorpusLineStats* stats,
                                  const CleanOptions& options, const CleanCache& cache);
// The same from the cache's two parts held elsewhere (the engine keeps the units of a block
// of documents in one array): `units` is cache.units, `sentences` cache.sentences.
std::vector<Removal> FindRemovals(std::string_view text, const CorpusLineStats* stats,
                                  const CleanOptions& options, std::span<const CleanCache::UnitEntry> units,
                                  const std::vector<CleanCache::Sentence>& sentences);

// `text` with the removals cut out (any removals: unsorted, overlapping or out-of-range
// ones are tolerated). Each cut also takes the whitespace around it; where a cut joins two
// pieces a single "\n" (or "\n\n" when that whitespace held a blank line) is written so
// words never merge, and nothing at the start or end of the text. When `to_source` is not
// null it receives result.size() + 1 offsets into `text`, as text::Normalize does: a
// copied byte maps to its own offset, a separator byte to the start of its cut, the last
// entry is text.size(); so a result span [b, e) maps to [to_source[b], to_source[e]).
std::string ApplyRemovals(std::string_view text, const std::vector<Removal>& removals,
                          std::vector<uint32_t>* to_source = nullptr);

}  // namespace doppel::clean
