// The engine's per-document preparation (Engine::Scan step 1) end to end on one thread:
// clean (with corpus statistics built beforehand), cut, normalise, tokenise, hash words,
// shingle, exact key, shingle set, MinHash. The sum the stage benchmarks should explain.
#include <benchmark/benchmark.h>

#include <xxhash.h>

#include "bench_stages.h"
#include "clean/cleaner.h"

namespace doppel::bench {
namespace {

void PrepareBatch(benchmark::State& state, bool with_clean) {
  const Corpus& corpus = CachedCorpus(kBatchDocs);
  const Options options;
  const NearDupOptions& near = options.near;
  const int num_slots = near.num_bands * near.rows_per_band;
  sketch::OnePermutationMinHasher hasher(num_slots, near.seed);
  clean::CorpusLineStats stats;
  for (const std::string& doc : corpus.docs) stats.Add(clean::LineKeys(doc));
  stats.Finalize(options.clean);
  std::vector<text::Span> words;
  std::vector<uint64_t> word_hashes, shingle_hashes;
  std::vector<uint32_t> set, signature(num_slots);
  for (auto _ : state) {
    for (const std::string& doc : corpus.docs) {
      std::string cleaned;
      if (with_clean) {
        cleaned = clean::ApplyRemovals(doc, clean::FindRemovals(doc, &stats, options.clean));
      }
      const std::string normalized = text::Normalize(with_clean ? cleaned : doc, options.normalize);
      text::TokenizeWords(normalized, &words);
      shingle::HashWords(normalized, words, near.seed, &word_hashes);
      shingle::ShingleHashes(word_hashes, near.shingle_size, &shingle_hashes);
      XXH128_hash_t exact = XXH3_128bits(word_hashes.data(), word_hashes.size() * sizeof(uint64_t));
      benchmark::DoNotOptimize(exact);
      shingle::ShingleSet32(shingle_hashes, &set);
      hasher.Sketch(shingle_hashes.data(), shingle_hashes.size(), signature.data());
      benchmark::DoNotOptimize(signature.data());
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
