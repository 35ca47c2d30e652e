// The engine's per-document preparation (Engine::Scan step 1) end to end on one thread:
// clean (both passes as the engine runs them per document: keying with its cache, then
// the removals, with corpus statistics built beforehand), cut, then engine::PrepareText,
// the engine's own code for the rest (normal-form words, word hashes, shingles, exact key,
// MinHash and band keys; shingle sets are sorted later, only for the documents in a
// candidate pair, so not here). The sum the stage benchmarks should explain.
#include <benchmark/benchmark.h>

#include "bench_stages.h"
#include "clean/cleaner.h"
#include "engine/scan_state.h"
#include "sketch/minhash.h"

namespace doppel::bench {
namespace {

void PrepareBatch(benchmark::State& state, bool with_clean) {
  const Corpus& corpus = CachedCorpus(kBatchDocs);
  const Options options;
  const NearDupOptions& near = options.near;
  sketch::OnePermutationMinHasher hasher(near.num_bands * near.rows_per_band, near.seed);
  clean::CorpusLineStats stats;
  for (const std::string& doc : corpus.docs) stats.Add(clean::LineKeys(doc));
  stats.Finalize(options.clean);
  engine::PrepareScratch scratch;
  engine::Prepared prepared;
  std::vector<uint64_t> band_keys(near.num_bands);
  clean::CleanCache cache;
  for (auto _ : state) {
    for (const std::string& doc : corpus.docs) {
      if (with_clean) {
        benchmark::DoNotOptimize(clean::CorpusLineStats::Summarize(doc, options.clean, &cache));
        const std::vector<Removal> removals = clean::FindRemovals(doc, &stats, options.clean, cache);
        if (removals.empty()) {
          engine::PrepareText(doc, options, hasher, &scratch, &prepared, band_keys.data());
        } else {
          engine::PrepareText(clean::ApplyRemovals(doc, removals), options, hasher, &scratch, &prepared,
                              band_keys.data());
        }
      } else {
        engine::PrepareText(doc, options, hasher, &scratch, &prepared, band_keys.data());
      }
      benchmark::DoNotOptimize(band_keys.data());
    }
  }
  SetRates(state, corpus.docs.size(), corpus.total_bytes);
}

void BM_PrepareDocuments(benchmark::State& state) { PrepareBatch(state, true); }
BENCHMARK(BM_PrepareDocuments)->Apply(Stats);

void BM_PrepareDocumentsNoClean(benchmark::State& state) { PrepareBatch(state, false); }
BENCHMARK(BM_PrepareDocumentsNoClean)->Apply(Stats);

}  // namespace
}  // namespace doppel::bench
