// Shingle stage: hashing words (XXH3), combining word hashes into 5-word shingle hashes,
// and the sorted 32-bit shingle set used for verification.
#include <benchmark/benchmark.h>

#include "bench_stages.h"
#include "shingle/shingler.h"

namespace doppel::bench {
namespace {

// XXH3 of every word; items = words.
void BM_HashWords(benchmark::State& state) {
  const Prepared& p = CachedPrepared(kBatchDocs);
  const NearDupOptions near;
  uint64_t words = 0;
  for (const auto& w : p.words) words += w.size();
  std::vector<uint64_t> hashes;
  for (auto _ : state) {
    for (size_t d = 0; d < p.normalized.size(); ++d) {
      shingle::HashWords(p.normalized[d], p.words[d], near.seed, &hashes);
      benchmark::DoNotOptimize(hashes.data());
    }
  }
  SetRates(state, p.normalized.size(), p.corpus->total_bytes, words);
}
BENCHMARK(BM_HashWords)->Apply(Stats);

// Word hashes -> shingle hashes; items = shingles.
void BM_ShingleHashes(benchmark::State& state) {
  const Prepared& p = CachedPrepared(kBatchDocs);
  const NearDupOptions near;
  std::vector<uint64_t> shingles;
  for (auto _ : state) {
    for (const auto& w : p.word_hashes) {
      shingle::ShingleHashes(w, near.shingle_size, &shingles);
      benchmark::DoNotOptimize(shingles.data());
    }
  }
  SetRates(state, p.normalized.size(), p.corpus->total_bytes, p.total_shingles);
}
BENCHMARK(BM_ShingleHashes)->Apply(Stats);

// Shingle hashes -> sorted unique 32-bit set (sort-bound); items = shingles.
void BM_ShingleSet32(benchmark::State& state) {
  const Prepared& p = CachedPrepared(kBatchDocs);
  std::vector<uint32_t> set;
  for (auto _ : state) {
    for (const auto& s : p.shingle_hashes) {
      shingle::ShingleSet32(s, &set);
      benchmark::DoNotOptimize(set.data());
    }
  }
  SetRates(state, p.normalized.size(), p.corpus->total_bytes, p.total_shingles);
}
BENCHMARK(BM_ShingleSet32)->Apply(Stats);

}  // namespace
}  // namespace doppel::bench
