// Shared helpers for the micro-benchmarks: rate counters, common statistics, and each
// stage's input prepared once by running the earlier stages (as the engine does).
#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "bench_corpus.h"
#include "doppel/options.h"
#include "shingle/shingler.h"
#include "sketch/minhash.h"
#include "text/normalize.h"
#include "text/tokenize.h"

namespace doppel::bench {

// Documents in the batch a per-document stage processes per iteration (~3 MB).
inline constexpr size_t kBatchDocs = 1000;

// Reports bytes/s (bytes_per_second) and documents/s (docs/s) for `docs` documents of
// `bytes` bytes handled per iteration. Every stage counts the bytes of the original
// documents it covers (not of its own input, which may be hashes or signatures), so the
// bytes/s of all stages are on one scale: the pipeline's rate is about
// 1 / sum(1 / rate) over its stages. `items` (items_per_second) is a stage's own unit
// (shingles, pairs, postings) when it has one.
inline void SetRates(benchmark::State& state, uint64_t docs, uint64_t bytes, uint64_t items = 0) {
  state.SetBytesProcessed(static_cast<int64_t>(bytes) * state.iterations());
  state.counters["docs/s"] =
      benchmark::Counter(static_cast<double>(docs) * state.iterations(), benchmark::Counter::kIsRate);
  if (items) state.SetItemsProcessed(static_cast<int64_t>(items) * state.iterations());
}

// With --benchmark_repetitions=N, each benchmark also reports the best and worst
// repetition ("min" of times is the best time; "max" of the rate counters the best rate)
// next to Google Benchmark's mean, median and stddev. Rates are per CPU second of the
// benchmark thread (Google Benchmark's default), not per wall second: the machines we
// share run other jobs, and every stage here is single-threaded.
inline void Stats(benchmark::internal::Benchmark* b) {
  b->ComputeStatistics("min", [](const std::vector<double>& v) {
     return *std::min_element(v.begin(), v.end());
   })
      ->ComputeStatistics("max", [](const std::vector<double>& v) {
        return *std::max_element(v.begin(), v.end());
      })
      ->Unit(benchmark::kMillisecond);
}

// Every stage's output for one corpus, computed with the engine's default options
// (NearDupOptions: 5-word shingles, 20 bands x 5 rows, the default seed).
struct Prepared {
  const Corpus* corpus = nullptr;
  std::vector<std::string> normalized;
  std::vector<std::vector<text::Span>> words;
  std::vector<std::vector<uint64_t>> word_hashes;
  std::vector<std::vector<uint64_t>> shingle_hashes;
  std::vector<std::vector<uint32_t>> shingle_sets;
  std::vector<uint32_t> signatures;  // num_docs x num_slots
  int num_slots = 0;
  uint64_t total_shingles = 0;
};

inline Prepared Prepare(const Corpus& corpus) {
  const NormalizeOptions norm;
  const NearDupOptions near;
  Prepared p;
  p.corpus = &corpus;
  const size_t n = corpus.docs.size();
  p.num_slots = near.num_bands * near.rows_per_band;
  sketch::OnePermutationMinHasher hasher(p.num_slots, near.seed);
  p.normalized.resize(n);
  p.words.resize(n);
  p.word_hashes.resize(n);
  p.shingle_hashes.resize(n);
  p.shingle_sets.resize(n);
  p.signatures.resize(n * p.num_slots);
  for (size_t d = 0; d < n; ++d) {
    p.normalized[d] = text::Normalize(corpus.docs[d], norm);
    text::TokenizeWords(p.normalized[d], &p.words[d]);
    shingle::HashWords(p.normalized[d], p.words[d], near.seed, &p.word_hashes[d]);
    shingle::ShingleHashes(p.word_hashes[d], near.shingle_size, &p.shingle_hashes[d]);
    shingle::ShingleSet32(p.shingle_hashes[d], &p.shingle_sets[d]);
    hasher.Sketch(p.shingle_hashes[d].data(), p.shingle_hashes[d].size(),
                  p.signatures.data() + d * p.num_slots);
    p.total_shingles += p.shingle_hashes[d].size();
  }
  return p;
}

inline const Prepared& CachedPrepared(size_t num_docs) {
  static std::vector<std::pair<size_t, Prepared*>> cache;
  for (auto& [n, p] : cache) {
    if (n == num_docs) return *p;
  }
  cache.emplace_back(num_docs, new Prepared(Prepare(CachedCorpus(num_docs))));
  return *cache.back().second;
}

// Only what candidate generation and verification read, for corpora too large to keep
// every intermediate: signatures and sorted 32-bit shingle sets.
struct Sketched {
  const Corpus* corpus = nullptr;
  std::vector<std::vector<uint32_t>> shingle_sets;
  std::vector<uint32_t> signatures;  // num_docs x num_slots
  int num_slots = 0;
};

inline const Sketched& CachedSketched(size_t num_docs) {
  static std::vector<std::pair<size_t, Sketched*>> cache;
  for (auto& [n, s] : cache) {
    if (n == num_docs) return *s;
  }
  const Corpus& corpus = CachedCorpus(num_docs);
  const NormalizeOptions norm;
  const NearDupOptions near;
  auto* s = new Sketched;
  s->corpus = &corpus;
  s->num_slots = near.num_bands * near.rows_per_band;
  sketch::OnePermutationMinHasher hasher(s->num_slots, near.seed);
  const size_t n = corpus.docs.size();
  s->shingle_sets.resize(n);
  s->signatures.resize(n * s->num_slots);
  std::vector<text::Span> words;
  std::vector<uint64_t> word_hashes, shingle_hashes;
  for (size_t d = 0; d < n; ++d) {
    const std::string normalized = text::Normalize(corpus.docs[d], norm);
    text::TokenizeWords(normalized, &words);
    shingle::HashWords(normalized, words, near.seed, &word_hashes);
    shingle::ShingleHashes(word_hashes, near.shingle_size, &shingle_hashes);
    shingle::ShingleSet32(shingle_hashes, &s->shingle_sets[d]);
    hasher.Sketch(shingle_hashes.data(), shingle_hashes.size(),
                  s->signatures.data() + d * s->num_slots);
  }
  cache.emplace_back(num_docs, s);
  return *s;
}

// Bytes of the first `num_docs` documents.
inline uint64_t CorpusBytes(const Corpus& corpus, size_t num_docs) {
  uint64_t bytes = 0;
  for (size_t d = 0; d < num_docs && d < corpus.docs.size(); ++d) bytes += corpus.docs[d].size();
  return bytes;
}

}  // namespace doppel::bench
