// Sketch stage: one-permutation MinHash over precomputed 64-bit shingle hashes.
#include <benchmark/benchmark.h>

#include "bench_stages.h"
#include "sketch/minhash.h"

namespace doppel::bench {
namespace {

// Arg: signature slots (100 = the default 20 bands x 5 rows). Items = shingles.
void BM_MinHashSketch(benchmark::State& state) {
  const Prepared& p = CachedPrepared(kBatchDocs);
  const NearDupOptions near;
  const int num_slots = static_cast<int>(state.range(0));
  sketch::OnePermutationMinHasher hasher(num_slots, near.seed);
  std::vector<uint32_t> signature(num_slots);
  for (auto _ : state) {
    for (const auto& s : p.shingle_hashes) {
      hasher.Sketch(s.data(), s.size(), signature.data());
      benchmark::DoNotOptimize(signature.data());
    }
  }
  SetRates(state, p.shingle_hashes.size(), p.corpus->total_bytes, p.total_shingles);
}
BENCHMARK(BM_MinHashSketch)->Arg(100)->Arg(128)->Arg(256)->Apply(Stats);

// Short documents (8 shingles) exercise densification of empty bins; bytes = 8 shingle
// hashes per document (there is no source text of that size).
void BM_MinHashSketchShort(benchmark::State& state) {
  const Prepared& p = CachedPrepared(kBatchDocs);
  const NearDupOptions near;
  sketch::OnePermutationMinHasher hasher(100, near.seed);
  std::vector<uint32_t> signature(100);
  constexpr size_t kShingles = 8;
  uint64_t docs = 0;
  for (auto _ : state) {
    for (const auto& s : p.shingle_hashes) {
      hasher.Sketch(s.data(), std::min(kShingles, s.size()), signature.data());
      benchmark::DoNotOptimize(signature.data());
    }
  }
  docs = p.shingle_hashes.size();
  SetRates(state, docs, docs * kShingles * sizeof(uint64_t), docs * kShingles);
}
BENCHMARK(BM_MinHashSketchShort)->Apply(Stats);

}  // namespace
}  // namespace doppel::bench
