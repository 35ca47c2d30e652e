// Text stage: normalisation (NFKC, case folding, punctuation folding) and word tokenising.
#include <benchmark/benchmark.h>

#include "bench_stages.h"
#include "text/normalize.h"
#include "text/tokenize.h"

namespace doppel::bench {
namespace {

// Normalize of a whole document, no byte map (the rewrite profiles' non-ASCII words, and
// the shingling of non-ASCII documents through BM_NormalizeForWords).
void BM_Normalize(benchmark::State& state) {
  const Corpus& corpus = CachedCorpus(kBatchDocs);
  const NormalizeOptions options;
  for (auto _ : state) {
    for (const std::string& doc : corpus.docs) {
      std::string out = text::Normalize(doc, options);
      benchmark::DoNotOptimize(out.data());
    }
  }
  SetRates(state, corpus.docs.size(), corpus.total_bytes);
}
BENCHMARK(BM_Normalize)->Apply(Stats);

// What the engine's shingling calls per document: the words of the normal form (all-ASCII
// documents are only lowered; the rest go through Normalize).
void BM_NormalizeForWords(benchmark::State& state) {
  const Corpus& corpus = CachedCorpus(kBatchDocs);
  const NormalizeOptions options;
  for (auto _ : state) {
    for (const std::string& doc : corpus.docs) {
      std::string out = text::NormalizeForWords(doc, options);
      benchmark::DoNotOptimize(out.data());
    }
  }
  SetRates(state, corpus.docs.size(), corpus.total_bytes);
}
BENCHMARK(BM_NormalizeForWords)->Apply(Stats);

// With the byte map back to the source (what reports and alignment need).
void BM_NormalizeWithByteMap(benchmark::State& state) {
  const Corpus& corpus = CachedCorpus(kBatchDocs);
  const NormalizeOptions options;
  std::vector<uint32_t> to_source;
  for (auto _ : state) {
    for (const std::string& doc : corpus.docs) {
      std::string out = text::Normalize(doc, options, &to_source);
      benchmark::DoNotOptimize(out.data());
      benchmark::DoNotOptimize(to_source.data());
    }
  }
  SetRates(state, corpus.docs.size(), corpus.total_bytes);
}
BENCHMARK(BM_NormalizeWithByteMap)->Apply(Stats);

// Tokenising normalised text into word spans; items = words.
void BM_TokenizeWords(benchmark::State& state) {
  const Prepared& p = CachedPrepared(kBatchDocs);
  uint64_t words = 0;
  for (const auto& w : p.words) words += w.size();
  std::vector<text::Span> spans;
  for (auto _ : state) {
    for (const std::string& doc : p.normalized) {
      text::TokenizeWords(doc, &spans);
      benchmark::DoNotOptimize(spans.data());
    }
  }
  SetRates(state, p.normalized.size(), p.corpus->total_bytes, words);
}
BENCHMARK(BM_TokenizeWords)->Apply(Stats);

}  // namespace
}  // namespace doppel::bench
