// Rewrite matching (src/match): content profiles, the DF table and TF-IDF vectors (the
// rewrite sketch), rewrite candidates with their cosine (the inverted index of rare
// terms: insert and query, then verification), and the pair evidence with sentence
// alignment (MeasurePair).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "bench_stages.h"
#include "match/profile.h"
#include "match/rewrite.h"
#include "match/weights.h"
#include "text/stem.h"

namespace doppel::bench {
namespace {

struct Profiled {
  const Corpus* corpus = nullptr;
  std::vector<match::ContentProfile> profiles;
  match::RewriteCorpus rewrite;
};

const Profiled& CachedProfiled(size_t num_docs) {
  static std::vector<std::pair<size_t, Profiled*>> cache;
  for (auto& [n, p] : cache) {
    if (n == num_docs) return *p;
  }
  auto* p = new Profiled;
  p->corpus = &CachedCorpus(num_docs);
  text::Stemmer stemmer;
  for (const std::string& doc : p->corpus->docs) p->profiles.push_back(match::BuildProfile(doc, &stemmer));
  p->rewrite = match::BuildRewriteCorpus(p->profiles, {}, nullptr);
  cache.emplace_back(num_docs, p);
  return *p;
}

// A benchmark that measured the wrong thing must not report a time.
void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "match_bench: answer check failed: %s\n", what);
    std::abort();
  }
}

// BuildProfile of a batch of documents (tokens, stems, names, numbers, sentences).
void BM_BuildProfile(benchmark::State& state) {
  const Corpus& corpus = CachedCorpus(kBatchDocs);
  text::Stemmer stemmer;
  uint64_t terms = 0;
  for (auto _ : state) {
    terms = 0;
    for (const std::string& doc : corpus.docs) terms += match::BuildProfile(doc, &stemmer).terms.size();
    benchmark::DoNotOptimize(terms);
  }
  Check(terms > corpus.docs.size(), "profiles have content terms");
  SetRates(state, corpus.docs.size(), corpus.total_bytes);
}
BENCHMARK(BM_BuildProfile)->Apply(Stats);

// The DF table and every document's unit TF-IDF vector from the profiles. Arg: N.
void BM_RewriteCorpus(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const Profiled& p = CachedProfiled(n);
  size_t num_terms = 0;
  for (auto _ : state) {
    match::RewriteCorpus corpus = match::BuildRewriteCorpus(p.profiles, {}, nullptr);
    num_terms = corpus.df.num_terms();
    benchmark::DoNotOptimize(corpus.vectors.data());
  }
  Check(num_terms == p.rewrite.df.num_terms(), "same DF table every time");
  SetRates(state, n, p.corpus->total_bytes);
}
BENCHMARK(BM_RewriteCorpus)->Arg(10000)->Apply(Stats);

// Rewrite candidates: keys (rare heavy terms) into an inverted index, pairs sharing two
// counted, each verified by its exact TF-IDF cosine. Arg: N. Items: candidate pairs.
void BM_RewriteCandidates(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const Profiled& p = CachedProfiled(n);
  const match::RewriteSettings settings;
  match::RewriteStats stats;
  size_t verified = 0;
  for (auto _ : state) {
    stats = {};
    verified = match::FindRewriteCandidates(p.rewrite, {}, settings, nullptr, &stats).size();
    benchmark::DoNotOptimize(verified);
  }
  // 30% of the generated documents derive from an earlier one: those pairs must be found.
  size_t derived = 0;
  for (int64_t parent : p.corpus->parent) derived += parent >= 0;
  Check(p.corpus->source != "generated" || verified >= derived / 2, "derived documents found");
  SetRates(state, n, p.corpus->total_bytes, stats.candidate_pairs);
  state.counters["candidates/doc"] = static_cast<double>(stats.candidate_pairs) / n;
  state.counters["verified/doc"] = static_cast<double>(verified) / n;
}
BENCHMARK(BM_RewriteCandidates)->Arg(10000)->Apply(Stats);

// The same candidates verified through the packed 8-bit bounds (match/bound.h), which the
// scan uses when the vectors total 64 MiB or more: the same pairs (checked), another cost.
void BM_RewriteCandidatesPacked(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  const Profiled& p = CachedProfiled(n);
  match::RewriteSettings settings;
  settings.pack_min_vector_bytes = 0;
  match::RewriteStats stats;
  const std::vector<match::ScoredPair> expected = match::FindRewriteCandidates(p.rewrite, {}, {}, nullptr, nullptr);
  std::vector<match::ScoredPair> verified;
  for (auto _ : state) {
    stats = {};
    verified = match::FindRewriteCandidates(p.rewrite, {}, settings, nullptr, &stats);
    benchmark::DoNotOptimize(verified.data());
  }
  bool same = verified.size() == expected.size();
  for (size_t i = 0; same && i < verified.size(); ++i) {
    same = verified[i].a == expected[i].a && verified[i].b == expected[i].b && verified[i].cosine == expected[i].cosine;
  }
  Check(same, "packed and float filters give the same pairs");
  SetRates(state, n, p.corpus->total_bytes, stats.candidate_pairs);
  state.counters["candidates/doc"] = static_cast<double>(stats.candidate_pairs) / n;
}
BENCHMARK(BM_RewriteCandidatesPacked)->Arg(10000)->Apply(Stats);

// The evidence of a pair (cosine, shared names and numbers, sentence alignment in order
// and in any order, story order) with both documents' sentence indices built per pair,
// as StoryScan::Measure does. Pairs: each derived document with its source and with a
// random document. Items: pairs.
void BM_MeasurePair(benchmark::State& state) {
  const size_t n = 10000;
  const Profiled& p = CachedProfiled(n);
  std::vector<std::pair<uint32_t, uint32_t>> pairs, related;
  Rng rng(11);
  for (uint32_t d = 0; d < n; ++d) {
    if (p.corpus->parent[d] < 0) continue;
    related.push_back({d, static_cast<uint32_t>(p.corpus->parent[d])});
    pairs.push_back(related.back());
    pairs.push_back({d, rng.Below(static_cast<uint32_t>(n))});
  }
  if (pairs.empty()) {
    for (int i = 0; i < 4000; ++i) pairs.push_back({rng.Below(n), rng.Below(n)});
  }
  uint64_t bytes = 0;
  for (const auto& [a, b] : pairs) bytes += p.corpus->docs[a].size() + p.corpus->docs[b].size();
  const auto& v = p.rewrite.vectors;
  double aligned = 0;
  for (auto _ : state) {
    aligned = 0;
    for (const auto& [a, b] : pairs) {
      aligned += match::MeasurePair(p.profiles[a], p.profiles[b], v[a], v[b], p.rewrite.df).pair_aligned_a;
    }
    benchmark::DoNotOptimize(aligned);
  }
  if (!related.empty()) {  // a light edit keeps its source's sentences in order
    double related_aligned = 0;
    for (const auto& [a, b] : related) {
      related_aligned += match::MeasurePair(p.profiles[a], p.profiles[b], v[a], v[b], p.rewrite.df).pair_aligned_a;
    }
    Check(related_aligned / related.size() > 0.5, "derived documents align with their source");
  }
  SetRates(state, 2 * pairs.size(), bytes, pairs.size());
}
BENCHMARK(BM_MeasurePair)->Apply(Stats);

}  // namespace
}  // namespace doppel::bench
