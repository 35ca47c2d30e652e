// The state a scan passes from stage to stage, and the stage functions that fill it.
// Internal to src/engine: Engine::Scan() runs, in order,
//   PrepareDocuments -> GroupExactCopies -> FindNearDuplicates -> [FindRewrites] ->
//   BuildClusters
// Each stage reads what the earlier ones wrote; none depends on thread scheduling.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "clean/cleaner.h"
#include "cluster/derivation.h"
#include "common/hash.h"
#include "common/thread_pool.h"
#include "doppel/document.h"
#include "doppel/options.h"
#include "doppel/report.h"
#include "text/tokenize.h"

namespace doppel::cluster {
struct StoryScan;
}
namespace doppel::match {
struct ContentProfile;
}
namespace doppel::sketch {
class OnePermutationMinHasher;
}

namespace doppel::engine {

using ReportFn = std::function<void(std::string_view stage, uint64_t done, uint64_t total)>;

// Sampled shingles below this value are the first half of the hash range
// (Prepared::samples_low).
constexpr uint32_t kLowSamples = uint32_t{1} << 31;

// Per-document state kept after preparation.
struct Prepared {
  XXH128_hash_t exact{0, 0};       // hash of the cleaned, normalised word sequence
  uint32_t num_words = 0;          // after cleaning
  // How many of `samples` are below 2^31: the near-duplicate stage puts the samples of
  // each half of the hash range in an array of its own, sorted by one thread each.
  uint32_t samples_low = 0;
  // The low 32 bits of the shingle hashes, sorted and unique: the set that verification
  // compares.
  std::vector<uint32_t> shingles;
  // The sampled shingles (shingle::SampleShingles with near.containment_sample_mod), in
  // text order, a repeated one as often as it occurs (candidate generation counts each
  // once): the partial-copy channel's keys, taken while the shingles are in cache (taking them later, from 200 MB of shingles on the 100k bench corpus, cost a
  // tenth of the near-duplicate stage).
  std::vector<uint32_t> samples;
};

struct ScanState {
  ScanState(const Options& options, const std::vector<Document>& documents,
            common::ThreadPool* thread_pool, ReportFn report_fn, ScanStats* scan_stats)
      : opt(options), docs(documents), n(documents.size()), pool(thread_pool),
        report(std::move(report_fn)), stats(scan_stats) {}

  const Options& opt;
  const std::vector<Document>& docs;
  // The same documents, when their text is to be freed after its last reading
  // (Options::release_text); else null.
  std::vector<Document>* text_owner = nullptr;
  void ReleaseText(size_t d) const {
    if (text_owner != nullptr) std::string().swap((*text_owner)[d].text);
  }
  const size_t n;
  common::ThreadPool* pool;
  ReportFn report;
  ScanStats* stats;

  // PrepareDocuments.
  std::vector<std::vector<Removal>> removals;  // cleaning, per document
  std::vector<Prepared> prepared;
  std::vector<uint64_t> band_keys;  // n x num_bands: LSH keys of each MinHash signature
  std::vector<uint32_t> boilerplate_bytes, repeated_bytes;  // removed by cleaning

  // GroupExactCopies: each document's exact-group representative (the group's lowest
  // index), group sizes and members by representative (none listed for a document alone in
  // its group); include[d] marks representatives with words (the documents later stages
  // match).
  std::vector<uint32_t> rep;
  std::vector<uint32_t> group_size;
  std::vector<std::vector<uint32_t>> members_of;
  std::vector<uint8_t> include;

  // Verified pairs (all documents) and derivation edges between representatives.
  std::vector<Pair> pairs;
  std::vector<cluster::Edge> derivation_edges;
  // Story label per document (rewrite mode; empty in near mode): documents of one story
  // share it.
  std::vector<uint32_t> story_of;
  // Rewrite mode: whether representative x is close enough to derivation core `core` to
  // join its cluster when their shingles are not (set by the rewrite stage).
  std::function<bool(uint32_t, uint32_t)> close_to_core;
  // Rewrite mode: the rewrite stage's per-document state (content profiles; the story
  // scan's vectors and sentence indices), shared with close_to_core; Engine::Scan frees
  // it once the clusters are built.
  std::shared_ptr<std::vector<match::ContentProfile>> rewrite_profiles;
  std::shared_ptr<cluster::StoryScan> rewrite_scan;

  bool IdLess(uint32_t x, uint32_t y) const { return docs[x].id < docs[y].id; }
  void Report(std::string_view stage, uint64_t done, uint64_t total) const {
    if (report) report(stage, done, total);
  }
  // Whether representatives a and b are copies by their shingle sets: true
  // when the Jaccard reaches the near-duplicate threshold, or the smaller one's containment
  // the partial-copy threshold with the sizes of an excerpt; then *pair (unless null) is
  // the pair (near_duplicate, or partial_copy with b the excerpt) with its features.
  bool CopyPair(uint32_t a, uint32_t b, Pair* pair) const;
  // Adds a pair found between two representatives for the members of both exact groups
  // (every member pair while both groups are small, else the representatives only). Taken
  // by value: a caller that moves its pair in saves copying the features.
  void AddGroupPair(Pair pair);
};

// Swaps a pair's documents and, with them, the values of its per-side features (each
// `<name>_a` with its `<name>_b`: shingle counts, sentence evidence), so that `_a` still
// describes `a`.
void SwapPairSides(Pair* pair);

// Scratch of PrepareText, reused from one document to the next.
struct PrepareScratch {
  std::vector<text::Span> words;
  std::vector<uint64_t> word_hashes, shingle_hashes;
  std::vector<uint32_t> signature, samples;
};

// One document's preparation from its cleaned text (PrepareDocuments after cleaning, and
// bench/micro's pipeline benchmark): the words of its normal form, their hashes, its
// shingles, exact key, the set of the shingles' low 32 bits and their samples, the
// MinHash signature's opt.near.num_bands band keys into `band_keys`.
void PrepareText(std::string_view cleaned, const Options& opt, const sketch::OnePermutationMinHasher& hasher,
                 PrepareScratch* scratch, Prepared* p, uint64_t* band_keys);
// The same from the words of the normal form already found: `normalized` holds them at
// `words` (PrepareText tokenises text::NormalizeForWords(cleaned, opt.normalize) into
// scratch->words and continues here). Returns whether two of its positions may hold the
// same shingle (false: none do).
bool PrepareWords(std::string_view normalized, const std::vector<text::Span>& words, const Options& opt,
                  const sketch::OnePermutationMinHasher& hasher, PrepareScratch* scratch, Prepared* p,
                  uint64_t* band_keys);

// Called by FindAllRemovals, from its worker threads, with a document's normalised words
// found while keying it (CorpusLineStats::KeyedWords, complete), before its removals are
// known; returns whether some run of clean::kMinRepeatWords of them may occur twice
// (false spares cleaning its search for repeated sentences).
using KeyedWordsFn = std::function<bool(size_t doc, const clean::CorpusLineStats::KeyedWords& words)>;

// Cleaning removals for every document, in input order. `on_words` (may be empty) gets
// the words of each document whose keying found all of them.
std::vector<std::vector<Removal>> FindAllRemovals(const std::vector<Document>& docs,
                                                  const CleanOptions& options,
                                                  common::ThreadPool* pool, const ReportFn& report,
                                                  const KeyedWordsFn& on_words = {});

void PrepareDocuments(ScanState* state);
void GroupExactCopies(ScanState* state);
void FindNearDuplicates(ScanState* state);
void FindRewrites(ScanState* state);
// `beside` (when given) runs once, on another thread when the pool has one, beside a
// serial step that does not read state->pairs: the star clustering when no originals are
// chosen (only their evidence reads the pairs), else the clusters' final ordering. It may
// reorder state->pairs and must not touch what BuildClusters reads or writes (the
// derivation edges, the prepared sets, the clusters).
void BuildClusters(ScanState* state, ScanResult* result, const std::function<void()>& beside = {});

}  // namespace doppel::engine
