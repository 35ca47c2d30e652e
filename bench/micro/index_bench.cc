// Index stage: LSH band keys for every document ("insert") and candidate pairs from the
// sorted postings ("query"), plus the sampled-shingle candidates the engine adds for
// partial copies. Arg: corpus size in documents, to show how the cost grows.
#include <benchmark/benchmark.h>

#include <cmath>

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

// The engine's containment candidates (Engine::Scan step 3): the shingles whose hash is
// 0 mod containment_sample_mod are keys; a pair must share two of them.
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

// Query: candidate pairs from band postings (sort, group, emit, count shared bands).
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
    std::vector<index::Candidate> c = index::CandidatesFromPostings(&work, options, nullptr);
    candidates = c.size();
    benchmark::DoNotOptimize(c.data());
  }
  SetRates(state, n, s.corpus->total_bytes, postings.size());
  state.counters["candidates/doc"] = static_cast<double>(candidates) / n;
}
BENCHMARK(BM_LshBandCandidates)->Arg(10000)->Arg(30000)->Apply(Stats);

// Containment candidates from sampled shingles, as the engine builds them (postings and
// candidates both timed). Unrelated documents that share a sentence share sampled
// shingles, so candidates per document grow with the corpus: compare the two sizes.
void BM_SampledShingleCandidates(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const Sketched& s = CachedSketched(n);
  const NearDupOptions near;
  index::CandidateOptions options;
  options.max_posting_size = near.max_bucket_size;
  options.min_shared_keys = 2;
  size_t candidates = 0;
  index::CandidateStats stats;
  for (auto _ : state) {
    stats = {};
    std::vector<index::Posting> postings = SampledPostings(s, n);
    std::vector<index::Candidate> c = index::CandidatesFromPostings(&postings, options, &stats);
    candidates = c.size();
    benchmark::DoNotOptimize(c.data());
  }
  SetRates(state, n, s.corpus->total_bytes, stats.postings);
  state.counters["candidates/doc"] = static_cast<double>(candidates) / n;
  state.counters["emissions/doc"] = static_cast<double>(stats.pair_emissions) / n;
}
BENCHMARK(BM_SampledShingleCandidates)->Arg(10000)->Arg(30000)->Apply(Stats);

// A proposed filter for the candidates above (not in the library yet): a pair whose
// smaller document is at least `containment_threshold` contained in the larger shares
// about that share of the smaller document's sampled shingles, so requiring
// shared >= max(2, ceil(kSampleShareFloor * min(sampled_a, sampled_b))) keeps partial
// copies and near duplicates while dropping pairs that share one sentence. Counters:
// candidates per document before and after, and how many pairs that verify (near
// duplicate, or partial copy as the engine defines it) the filter would lose.
constexpr double kSampleShareFloor = 0.5;

void BM_SampledShingleCandidatesFiltered(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const Sketched& s = CachedSketched(n);
  const NearDupOptions near;
  index::CandidateOptions options;
  options.max_posting_size = near.max_bucket_size;
  options.min_shared_keys = 2;
  std::vector<uint32_t> sampled(n, 0);
  {
    std::vector<index::Posting> postings = SampledPostings(s, n);
    for (const index::Posting& p : postings) ++sampled[p.doc];
  }
  size_t before = 0, after = 0;
  std::vector<index::Candidate> kept;
  for (auto _ : state) {
    std::vector<index::Posting> postings = SampledPostings(s, n);
    std::vector<index::Candidate> c = index::CandidatesFromPostings(&postings, options, nullptr);
    before = c.size();
    kept.clear();
    for (const index::Candidate& x : c) {
      const uint32_t smaller = std::min(sampled[x.a], sampled[x.b]);
      const uint32_t need = std::max<uint32_t>(
          2, static_cast<uint32_t>(std::ceil(kSampleShareFloor * smaller)));
      if (x.shared >= need) kept.push_back(x);
    }
    after = kept.size();
    benchmark::DoNotOptimize(kept.data());
  }
  // Verified pairs the filter drops (outside the timed loop).
  std::vector<index::Posting> postings = SampledPostings(s, n);
  std::vector<index::Candidate> all = index::CandidatesFromPostings(&postings, options, nullptr);
  size_t verified = 0, lost = 0;
  for (const index::Candidate& x : all) {
    const std::vector<uint32_t>& a = s.shingle_sets[x.a];
    const std::vector<uint32_t>& b = s.shingle_sets[x.b];
    const cluster::SetOverlap o = cluster::CompareSets(a, b);
    const uint32_t small = std::min(o.size_a, o.size_b), large = std::max(o.size_a, o.size_b);
    const double contained = small ? static_cast<double>(o.intersection) / small : 0.0;
    const bool ok = o.jaccard() >= near.jaccard_threshold ||
                    (contained >= near.containment_threshold && small >= 20 && small <= 0.8 * large);
    if (!ok) continue;
    ++verified;
    const uint32_t smaller = std::min(sampled[x.a], sampled[x.b]);
    const uint32_t need =
        std::max<uint32_t>(2, static_cast<uint32_t>(std::ceil(kSampleShareFloor * smaller)));
    if (x.shared < need) ++lost;
  }
  SetRates(state, n, s.corpus->total_bytes);
  state.counters["candidates/doc"] = static_cast<double>(before) / n;
  state.counters["kept/doc"] = static_cast<double>(after) / n;
  state.counters["verified"] = static_cast<double>(verified);
  state.counters["verified_lost"] = static_cast<double>(lost);
}
BENCHMARK(BM_SampledShingleCandidatesFiltered)->Arg(10000)->Arg(30000)->Apply(Stats);

}  // namespace
}  // namespace doppel::bench
