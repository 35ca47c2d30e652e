// Clean stage: pass 1 (line keys and corpus line statistics) and pass 2 (removals per
// document), then cutting the removals out, as Engine::Scan runs them.
#include <benchmark/benchmark.h>

#include "bench_stages.h"
#include "clean/cleaner.h"
#include "clean/line_shape.h"
#include "clean/text_key.h"
#include "clean/units.h"

namespace doppel::bench {
namespace {

// Pass 1, per document: hashed normalised lines.
void BM_CleanLineKeys(benchmark::State& state) {
  const Corpus& corpus = CachedCorpus(kBatchDocs);
  for (auto _ : state) {
    for (const std::string& doc : corpus.docs) {
      std::vector<uint64_t> keys = clean::LineKeys(doc);
      benchmark::DoNotOptimize(keys.data());
    }
  }
  SetRates(state, corpus.docs.size(), corpus.total_bytes);
}
BENCHMARK(BM_CleanLineKeys)->Apply(Stats);

// Pass 1, corpus side: adding every document's keys (single-threaded in the engine) and
// Finalize. Keys are computed outside the timed region.
void BM_CleanCorpusStats(benchmark::State& state) {
  const Corpus& corpus = CachedCorpus(kBatchDocs);
  const CleanOptions options;
  std::vector<std::vector<uint64_t>> keys;
  for (const std::string& doc : corpus.docs) keys.push_back(clean::LineKeys(doc));
  for (auto _ : state) {
    clean::CorpusLineStats stats;
    for (const auto& k : keys) stats.Add(k);
    stats.Finalize(options);
    benchmark::DoNotOptimize(stats.num_documents());
  }
  SetRates(state, corpus.docs.size(), corpus.total_bytes);
}
BENCHMARK(BM_CleanCorpusStats)->Apply(Stats);

// Pass 2, per document: repeated and boilerplate spans, with corpus statistics.
void BM_CleanFindRemovals(benchmark::State& state) {
  const Corpus& corpus = CachedCorpus(kBatchDocs);
  const CleanOptions options;
  clean::CorpusLineStats stats;
  for (const std::string& doc : corpus.docs) stats.Add(clean::LineKeys(doc));
  stats.Finalize(options);
  uint64_t removed = 0;
  for (auto _ : state) {
    removed = 0;
    for (const std::string& doc : corpus.docs) {
      std::vector<Removal> r = clean::FindRemovals(doc, &stats, options);
      for (const Removal& x : r) removed += x.end - x.begin;
      benchmark::DoNotOptimize(r.data());
    }
  }
  SetRates(state, corpus.docs.size(), corpus.total_bytes);
  state.counters["removed_share"] = static_cast<double>(removed) / corpus.total_bytes;
}
BENCHMARK(BM_CleanFindRemovals)->Apply(Stats);

// Cutting removals out (the engine copies every document through ApplyRemovals).
void BM_CleanApplyRemovals(benchmark::State& state) {
  const Corpus& corpus = CachedCorpus(kBatchDocs);
  const CleanOptions options;
  clean::CorpusLineStats stats;
  for (const std::string& doc : corpus.docs) stats.Add(clean::LineKeys(doc));
  stats.Finalize(options);
  std::vector<std::vector<Removal>> removals;
  for (const std::string& doc : corpus.docs) removals.push_back(clean::FindRemovals(doc, &stats, options));
  for (auto _ : state) {
    for (size_t d = 0; d < corpus.docs.size(); ++d) {
      std::string cleaned = clean::ApplyRemovals(corpus.docs[d], removals[d]);
      benchmark::DoNotOptimize(cleaned.data());
    }
  }
  SetRates(state, corpus.docs.size(), corpus.total_bytes);
}
BENCHMARK(BM_CleanApplyRemovals)->Apply(Stats);

// The pieces both passes repeat per unit (clean/units.h, clean/line_shape.h), to size
// what caching them between passes, or skipping them, would save. Each runs over every
// unit of every document (SplitUnits once per document).
void BM_CleanSplitUnits(benchmark::State& state) {
  const Corpus& corpus = CachedCorpus(kBatchDocs);
  for (auto _ : state) {
    for (const std::string& doc : corpus.docs) {
      clean::UnitLayout layout = clean::SplitUnits(doc);
      benchmark::DoNotOptimize(layout.units.data());
    }
  }
  SetRates(state, corpus.docs.size(), corpus.total_bytes);
}
BENCHMARK(BM_CleanSplitUnits)->Apply(Stats);

// The text of every unit of every document, split once outside the timed loop.
std::vector<std::vector<std::string_view>> UnitTexts(const Corpus& corpus) {
  std::vector<std::vector<std::string_view>> units;
  for (const std::string& doc : corpus.docs) {
    units.emplace_back();
    for (const clean::Unit& u : clean::SplitUnits(doc).units) {
      units.back().push_back(std::string_view(doc).substr(u.begin, u.end - u.begin));
    }
  }
  return units;
}

void BM_CleanComputeShape(benchmark::State& state) {
  const Corpus& corpus = CachedCorpus(kBatchDocs);
  const std::vector<std::vector<std::string_view>> units = UnitTexts(corpus);
  for (auto _ : state) {
    for (const auto& doc_units : units) {
      for (std::string_view u : doc_units) {
        clean::LineShape shape = clean::ComputeShape(u);
        benchmark::DoNotOptimize(shape);
      }
    }
  }
  SetRates(state, corpus.docs.size(), corpus.total_bytes);
}
BENCHMARK(BM_CleanComputeShape)->Apply(Stats);

void BM_CleanTextKey(benchmark::State& state) {
  const Corpus& corpus = CachedCorpus(kBatchDocs);
  const std::vector<std::vector<std::string_view>> units = UnitTexts(corpus);
  for (auto _ : state) {
    for (const auto& doc_units : units) {
      for (std::string_view u : doc_units) {
        uint32_t words = 0;
        benchmark::DoNotOptimize(clean::TextKey(u, &words));
      }
    }
  }
  SetRates(state, corpus.docs.size(), corpus.total_bytes);
}
BENCHMARK(BM_CleanTextKey)->Apply(Stats);

}  // namespace
}  // namespace doppel::bench
