// Verification: exact shingle-set overlap of candidate pairs (cluster/verify.h).
#include <benchmark/benchmark.h>

#include <algorithm>

#include "bench_stages.h"
#include "cluster/verify.h"
#include "common/hash.h"
#include "index/candidates.h"

namespace doppel::bench {
namespace {

// One sorted-set intersection per pair; pairs are a derived document with its source
// (the pairs that should match) and as many random pairs. Items = pairs; bytes = the two
// documents' text per pair.
void BM_CompareSets(benchmark::State& state) {
  const size_t n = 10000;
  const Sketched& s = CachedSketched(n);
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  Rng rng(7);
  for (uint32_t d = 0; d < n; ++d) {
    if (s.corpus->parent[d] >= 0) {
      pairs.push_back({d, static_cast<uint32_t>(s.corpus->parent[d])});
      pairs.push_back({d, rng.Below(static_cast<uint32_t>(n))});
    }
  }
  if (pairs.empty()) {  // DOPPEL_BENCH_DOCS: parents unknown, random pairs only
    for (int i = 0; i < 4000; ++i) pairs.push_back({rng.Below(n), rng.Below(n)});
  }
  uint64_t bytes = 0;
  for (const auto& [a, b] : pairs) bytes += s.corpus->docs[a].size() + s.corpus->docs[b].size();
  for (auto _ : state) {
    uint64_t inter = 0;
    for (const auto& [a, b] : pairs) {
      inter += cluster::CompareSets(s.shingle_sets[a], s.shingle_sets[b]).intersection;
    }
    benchmark::DoNotOptimize(inter);
  }
  SetRates(state, 2 * pairs.size(), bytes, pairs.size());
}
BENCHMARK(BM_CompareSets)->Apply(Stats);

// Every candidate of an N-document corpus (band and sampled-shingle candidates, as the
// engine makes them) verified: the verification cost per corpus document. Arg: N.
void BM_VerifyAllCandidates(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const Sketched& s = CachedSketched(n);
  const NearDupOptions near;
  std::vector<index::Posting> postings = index::BandPostings(
      s.signatures, s.num_slots, near.num_bands, near.rows_per_band, std::vector<uint8_t>(n, 1));
  index::CandidateOptions band;
  band.max_posting_size = near.max_bucket_size;
  std::vector<index::Candidate> candidates = index::CandidatesFromPostings(
      &postings, static_cast<uint32_t>(n), band, nullptr, nullptr);
  postings.clear();
  for (uint32_t d = 0; d < n; ++d) {
    for (uint32_t sh : s.shingle_sets[d]) {
      if (common::Mix64(sh) % near.containment_sample_mod == 0) postings.push_back({sh, d});
    }
  }
  index::CandidateOptions sampled = band;
  sampled.min_shared_keys = 2;
  sampled.min_shared_fraction = 0.5;  // as Engine::Scan
  std::vector<index::Candidate> more = index::CandidatesFromPostings(
      &postings, static_cast<uint32_t>(n), sampled, nullptr, nullptr);
  candidates.insert(candidates.end(), more.begin(), more.end());
  std::sort(candidates.begin(), candidates.end(),
            [](const auto& x, const auto& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
  candidates.erase(std::unique(candidates.begin(), candidates.end(),
                               [](const auto& x, const auto& y) { return x.a == y.a && x.b == y.b; }),
                   candidates.end());
  size_t accepted = 0;
  for (auto _ : state) {
    accepted = 0;
    for (const index::Candidate& c : candidates) {
      const cluster::SetOverlap o = cluster::CompareSets(s.shingle_sets[c.a], s.shingle_sets[c.b]);
      accepted += o.jaccard() >= near.jaccard_threshold;
    }
    benchmark::DoNotOptimize(accepted);
  }
  SetRates(state, n, s.corpus->total_bytes, candidates.size());
  state.counters["candidates/doc"] = static_cast<double>(candidates.size()) / n;
  state.counters["accepted/candidate"] =
      candidates.empty() ? 0.0 : static_cast<double>(accepted) / candidates.size();
}
BENCHMARK(BM_VerifyAllCandidates)->Arg(10000)->Arg(30000)->Apply(Stats);

}  // namespace
}  // namespace doppel::bench
