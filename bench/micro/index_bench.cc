// Index stage: LSH band keys for every document ("insert") and candidate pairs from the
// inverted index ("query"), plus the sampled-shingle candidates the engine adds for
// partial copies. Arg: corpus size in documents, to show how the cost grows. One thread
// (pool = nullptr); thread scaling is measured end to end (bench/e2e).
#include <benchmark/benchmark.h>

#include <algorithm>

#include "bench_stages.h"
#include "cluster/verify.h"
#include "common/hash.h"
#include "index/candidates.h"

namespace doppel::bench {
namespace {

std::vector<index::Posting> Bands(const Sketched& s, size_t num_docs) {
  const NearDupOptions near;
  std::vector<uint32_t> signatures(s.signatures.begin(),
                                   s.signatures.begin() + num_docs * s.num_slots);
  return index::BandPostings(signatures, s.num_slots, near.num_bands, near.rows_per_band,
                             std::vector<uint8_t>(num_docs, 1));
}

// The engine's containment keys (Engine::Scan step 3): the shingles whose hash is 0 mod
// containment_sample_mod.
std::vector<index::Posting> SampledPostings(const Sketched& s, size_t num_docs) {
  const NearDupOptions near;
  std::vector<index::Posting> postings;
  for (uint32_t d = 0; d < num_docs; ++d) {
    for (uint32_t sh : s.shingle_sets[d]) {
      if (common::Mix64(sh) % near.containment_sample_mod == 0) postings.push_back({sh, d});
    }
  }
  return postings;
}

// The engine's options for sampled-shingle candidates.
index::CandidateOptions SampledOptions() {
  index::CandidateOptions options;
  options.max_posting_size = NearDupOptions().max_bucket_size;
  options.min_shared_keys = 2;
  options.min_shared_fraction = 0.5;
  return options;
}

// Insert: band keys of every document (signatures already computed).
void BM_LshBandPostings(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const Sketched& s = CachedSketched(n);
  const NearDupOptions near;
  const std::vector<uint8_t> include(n, 1);
  for (auto _ : state) {
    std::vector<index::Posting> postings =
        index::BandPostings(s.signatures, s.num_slots, near.num_bands, near.rows_per_band, include);
    benchmark::DoNotOptimize(postings.data());
  }
  SetRates(state, n, s.corpus->total_bytes, n * near.num_bands);
}
BENCHMARK(BM_LshBandPostings)->Arg(10000)->Arg(30000)->Apply(Stats);

// Query: candidate pairs from band postings (sort, count shared bands per document).
void BM_LshBandCandidates(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const Sketched& s = CachedSketched(n);
  const std::vector<index::Posting> postings = Bands(s, n);
  index::CandidateOptions options;
  options.max_posting_size = NearDupOptions().max_bucket_size;
  size_t candidates = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<index::Posting> work = postings;
    state.ResumeTiming();
    std::vector<index::Candidate> c = index::CandidatesFromPostings(
        &work, static_cast<uint32_t>(n), options, nullptr, nullptr);
    candidates = c.size();
    benchmark::DoNotOptimize(c.data());
  }
  SetRates(state, n, s.corpus->total_bytes, postings.size());
  state.counters["candidates/doc"] = static_cast<double>(candidates) / n;
}
BENCHMARK(BM_LshBandCandidates)->Arg(10000)->Arg(30000)->Apply(Stats);

// Containment candidates from sampled shingles, as the engine builds them (postings and
// candidates both timed). Unrelated documents that share a sentence share sampled
// shingles, so counting every shared key would grow faster than the corpus; prefix
// filtering counts only pair-key incidences in each document's rarest keys plus the
// merges that complete surviving pairs (shared_keys/doc), and the shared-fraction minimum
// keeps the candidates that reach verification near-linear.
// `verified_lost` checks that minimum: pairs found without it (fraction 0) that verify
// as near duplicates or partial copies (the engine's rules) but are not candidates with
// it. Computed once, outside the timed loop.
void BM_SampledShingleCandidates(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const Sketched& s = CachedSketched(n);
  const NearDupOptions near;
  const index::CandidateOptions options = SampledOptions();
  std::vector<index::Candidate> kept;
  index::CandidateStats stats;
  for (auto _ : state) {
    stats = {};
    std::vector<index::Posting> postings = SampledPostings(s, n);
    kept = index::CandidatesFromPostings(&postings, static_cast<uint32_t>(n), options, nullptr,
                                         &stats);
    benchmark::DoNotOptimize(kept.data());
  }
  SetRates(state, n, s.corpus->total_bytes, stats.postings);
  state.counters["candidates/doc"] = static_cast<double>(kept.size()) / n;
  state.counters["shared_keys/doc"] = static_cast<double>(stats.shared_key_counts) / n;

  index::CandidateOptions unfiltered = options;
  unfiltered.min_shared_fraction = 0.0;
  std::vector<index::Posting> postings = SampledPostings(s, n);
  const std::vector<index::Candidate> all = index::CandidatesFromPostings(
      &postings, static_cast<uint32_t>(n), unfiltered, nullptr, nullptr);
  size_t verified = 0, lost = 0;
  for (const index::Candidate& x : all) {
    const cluster::SetOverlap o = cluster::CompareSets(s.shingle_sets[x.a], s.shingle_sets[x.b]);
    const uint32_t small = std::min(o.size_a, o.size_b), large = std::max(o.size_a, o.size_b);
    const double contained = small ? static_cast<double>(o.intersection) / small : 0.0;
    const bool ok = o.jaccard() >= near.jaccard_threshold ||
                    (contained >= near.containment_threshold && small >= 20 && small <= 0.8 * large);
    if (!ok) continue;
    ++verified;
    const bool found = std::binary_search(
        kept.begin(), kept.end(), x,
        [](const auto& p, const auto& q) { return p.a != q.a ? p.a < q.a : p.b < q.b; });
    lost += !found;
  }
  state.counters["unfiltered/doc"] = static_cast<double>(all.size()) / n;
  state.counters["verified"] = static_cast<double>(verified);
  state.counters["verified_lost"] = static_cast<double>(lost);
}
BENCHMARK(BM_SampledShingleCandidates)->Arg(10000)->Arg(30000)->Apply(Stats);

}  // namespace
}  // namespace doppel::bench
