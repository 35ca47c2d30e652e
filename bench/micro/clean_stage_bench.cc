// Micro-benchmarks of the clean stage on generated news-like text.
//
// The corpus is made by a seeded generator (same seed, same bytes): articles of a
// headline, an optional byline and 6-14 paragraphs of sentences built from a small
// English vocabulary, capitalised names, numbers, money and quotes, with some non-ASCII
// text (curly quotes, pound signs, accented names); one article in 5 carries site
// furniture (player and share labels above, a "latest stories" list below) and one in 8
// is hard-wrapped at 68 columns with wire-style slugs, like press agency copy.
//
//   build/bench/micro/doppel_micro_bench --benchmark_filter=Clean
//
// DOPPEL_BENCH_CLEAN_INPUT=paths (comma-separated files or directories, any format
// `doppel` reads) replaces the generated corpus with real text, e.g.
//   DOPPEL_BENCH_CLEAN_INPUT=../shared/data/bbc/docs.jsonl build/bench/micro/doppel_micro_bench
//
// Each benchmark reports bytes/s of document text (SetBytesProcessed).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <cstdio>
#include <cstdlib>

#include "bench_corpus.h"
#include "clean/cleaner.h"
#include "doppel/options.h"
#include "io/reader.h"

namespace {

using doppel::CleanOptions;
using doppel::Removal;
using doppel::clean::ApplyRemovals;
using doppel::clean::CorpusLineStats;
using doppel::clean::FindRemovals;
using doppel::clean::LineKeys;

constexpr uint64_t kSeed = 20261122;
constexpr size_t kNumDocuments = 400;

// The bench suite's SplitMix64 generator (bench_corpus.h: std distributions differ between
// libraries), with this corpus's own draws: Below by remainder, as the corpus was first
// generated (the same bytes), Chance and Pick.
class Rng : public doppel::bench::Rng {
 public:
  using doppel::bench::Rng::Rng;
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }
  bool Chance(size_t one_in) { return Below(one_in) == 0; }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Below(N)];
  }
};

constexpr const char* kWords[] = {
    "the",       "a",        "of",        "to",       "and",       "in",        "that",
    "was",       "for",      "on",        "is",       "with",      "said",      "he",
    "she",       "it",       "as",        "at",       "by",        "from",      "has",
    "had",       "have",     "would",     "will",     "been",      "were",      "after",
    "before",    "council",  "police",    "court",    "government", "company",  "people",
    "year",      "years",    "week",      "month",    "yesterday", "today",     "plans",
    "report",    "money",    "workers",   "minister", "bridge",    "hospital",  "school",
    "children",  "families", "officials", "decision", "statement", "evidence",  "prices",
    "shares",    "profits",  "services",  "roads",    "trains",    "repairs",   "inquiry",
    "local",     "national", "former",    "senior",   "new",       "last",      "first",
    "second",    "more",     "less",      "about",    "around",    "nearly",    "almost",
    "expected",  "announced", "confirmed", "warned",  "denied",    "agreed",    "rejected",
    "opened",    "closed",   "found",     "told",     "asked",     "paid",      "raised",
    "cut",       "rose",     "fell",      "began",    "ended",     "could",     "should",
    "because",   "while",    "although",  "during",   "since",     "until",     "against",
    "between",   "under",    "over",      "into",     "through",   "across",    "within",
    "their",     "his",      "her",       "its",      "our",       "this",      "these",
    "public",    "private",  "safety",    "funding",  "budget",    "election",  "vote",
    "jury",      "trial",    "witness",   "victims",  "customers", "passengers", "drivers"};
constexpr const char* kAccentedWords[] = {"café", "naïve", "résumé", "façade", "rôle", "déjà"};
constexpr const char* kNames[] = {
    "Marsh",   "Okafor",  "Adeyemi", "Brandt",  "Pennington", "Rao",    "Collins",
    "Hale",    "Reyes",   "Wilby",   "Kowalski", "Nair",       "Müller", "Zürich",
    "Northam", "Fenwick", "Harlow",  "Brackley", "Millbrook",  "Ashe",   "Søndergaard",
    "Łódź",    "Dvořák",  "García",  "Pascoe",  "Penzance",   "Truro",  "Wend"};
constexpr const char* kFirstNames[] = {"Helen", "Tom",   "Ruth",  "Daniel", "Priya",
                                       "Sam",   "Laura", "Anita", "Gareth", "José"};
constexpr const char* kHeadLabels[] = {"▶ Listen to this article · 4 min", "Share",
                                       "Facebook | X | Email", "Home > News > Local",
                                       "Audio (3:12)"};
constexpr const char* kAgo[] = {"2 hours ago", "35 min ago", "1 day ago", "5h ago",
                                "3 days ago"};

std::string Sentence(Rng& rng, bool capitalise_first) {
  std::string s;
  const size_t words = 8 + rng.Below(23);
  const bool quoted = rng.Chance(6);
  if (quoted) s += rng.Chance(2) ? "\xe2\x80\x9c" : "\"";  // “ or "
  for (size_t w = 0; w < words; ++w) {
    if (w > 0) s += ' ';
    if (w > 0 && rng.Chance(9)) {
      s += rng.Pick(kNames);
    } else if (w > 0 && rng.Chance(25)) {
      switch (rng.Below(4)) {
        case 0: s += std::to_string(rng.Below(100000)); break;
        case 1: s += "\xc2\xa3" + std::to_string(1 + rng.Below(99)) + "." +
                     std::to_string(rng.Below(10)) + "m"; break;  // £4.2m
        case 2: s += std::to_string(1 + rng.Below(99)) + "%"; break;
        default: s += std::to_string(1990 + rng.Below(40)); break;
      }
    } else {
      std::string word = rng.Chance(80) ? rng.Pick(kAccentedWords) : rng.Pick(kWords);
      if (w == 0 && capitalise_first && word[0] >= 'a' && word[0] <= 'z') {
        word[0] = static_cast<char>(word[0] - 'a' + 'A');
      }
      s += word;
    }
    if (w + 1 < words && rng.Chance(12)) s += ',';
  }
  s += rng.Chance(15) ? "?" : ".";
  if (quoted) s += rng.Chance(2) ? "\xe2\x80\x9d" : "\"";
  if (quoted) s += std::string(" ") + rng.Pick(kWords) + " said.";
  return s;
}

// The words of `s` that fit in `max_bytes` (cut at a space, so never inside a character),
// without a final period.
std::string Cut(const std::string& s, size_t max_bytes) {
  std::string out = s;
  if (out.size() > max_bytes) {
    size_t space = out.rfind(' ', max_bytes);
    out.resize(space == std::string::npos ? 0 : space);
  }
  while (!out.empty() && (out.back() == '.' || out.back() == '?' || out.back() == ',')) {
    out.pop_back();
  }
  return out;
}

// Greedy fill to `width` columns (bytes; close enough for the generator).
std::string Wrap(const std::string& paragraph, size_t width) {
  std::string out;
  size_t line = 0;
  size_t pos = 0;
  while (pos < paragraph.size()) {
    size_t end = paragraph.find(' ', pos);
    if (end == std::string::npos) end = paragraph.size();
    std::string_view word(paragraph.data() + pos, end - pos);
    if (line > 0 && line + 1 + word.size() > width) {
      out += '\n';
      line = 0;
    } else if (line > 0) {
      out += ' ';
      ++line;
    }
    out += word;
    line += word.size();
    pos = end + 1;
  }
  return out;
}

std::string Article(Rng& rng) {
  std::string doc;
  const bool furniture = rng.Chance(5);
  const bool wire = !furniture && rng.Chance(8);
  if (furniture) {
    for (size_t i = 0, n = 1 + rng.Below(3); i < n; ++i) {
      doc += rng.Pick(kHeadLabels);
      doc += '\n';
    }
    doc += '\n';
  }
  if (wire) {
    doc += std::to_string(10 + rng.Below(14)) + ":" + std::to_string(10 + rng.Below(50)) +
           " 07/10/99: Page " + std::to_string(1 + rng.Below(3)) + " (HHH) COURTS Story\n";
  }
  // Headline: capitalised, no final period.
  doc += Cut(Sentence(rng, true), 60) + "\n\n";
  if (rng.Chance(3)) {
    doc += std::string("By ") + rng.Pick(kFirstNames) + " " + rng.Pick(kNames) + "\n\n";
  }
  for (size_t p = 0, paragraphs = 6 + rng.Below(9); p < paragraphs; ++p) {
    std::string paragraph;
    for (size_t s = 0, sentences = 1 + rng.Below(4); s < sentences; ++s) {
      if (s > 0) paragraph += ' ';
      paragraph += Sentence(rng, true);
    }
    doc += wire ? Wrap(paragraph, 68) : paragraph;
    doc += "\n\n";
  }
  if (furniture) {
    doc += "Latest stories\n";
    for (size_t i = 0, n = 3 + rng.Below(3); i < n; ++i) {
      doc += Cut(Sentence(rng, true), 40) + " " + rng.Pick(kAgo) + "\n";
    }
  }
  if (wire) doc += "mfl\n";
  return doc;
}

class CollectTexts : public doppel::io::DocumentSink {
 public:
  explicit CollectTexts(std::vector<std::string>* texts) : texts_(texts) {}
  void OnDocument(doppel::Document document) override {
    texts_->push_back(std::move(document.text));
  }
  void OnIssue(doppel::InputIssue) override {}

 private:
  std::vector<std::string>* texts_;
};

const std::vector<std::string>& Corpus() {
  static const std::vector<std::string>* corpus = [] {
    auto* docs = new std::vector<std::string>();
    if (const char* input = std::getenv("DOPPEL_BENCH_CLEAN_INPUT")) {
      std::vector<std::string> paths;
      std::string_view list(input);
      while (!list.empty()) {
        size_t comma = list.find(',');
        paths.emplace_back(list.substr(0, comma));
        list.remove_prefix(comma == std::string_view::npos ? list.size() : comma + 1);
      }
      CollectTexts sink(docs);
      doppel::Status status = doppel::io::ReadPaths(paths, doppel::InputOptions{}, &sink);
      if (!status.ok() || docs->empty()) {
        std::fprintf(stderr, "clean_bench: cannot read DOPPEL_BENCH_CLEAN_INPUT=%s\n", input);
        std::exit(2);
      }
      return docs;
    }
    Rng rng(kSeed);
    for (size_t d = 0; d < kNumDocuments; ++d) docs->push_back(Article(rng));
    return docs;
  }();
  return *corpus;
}

int64_t CorpusBytes() {
  int64_t bytes = 0;
  for (const std::string& doc : Corpus()) bytes += static_cast<int64_t>(doc.size());
  return bytes;
}

std::unique_ptr<CorpusLineStats> BuildStats(const CleanOptions& options) {
  auto stats = std::make_unique<CorpusLineStats>();
  for (const std::string& doc : Corpus()) stats->Add(LineKeys(doc));
  stats->Finalize(options);
  return stats;
}

void BM_CleanNewsTextLineKeys(benchmark::State& state) {
  const auto& corpus = Corpus();
  for (auto _ : state) {
    for (const std::string& doc : corpus) benchmark::DoNotOptimize(LineKeys(doc));
  }
  state.SetBytesProcessed(state.iterations() * CorpusBytes());
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(corpus.size()));
}
BENCHMARK(BM_CleanNewsTextLineKeys)->Unit(benchmark::kMillisecond);

void BM_CleanNewsTextFindRemovals(benchmark::State& state) {
  const auto& corpus = Corpus();
  CleanOptions options;
  auto stats = BuildStats(options);
  size_t removed = 0;
  for (auto _ : state) {
    for (const std::string& doc : corpus) {
      std::vector<Removal> removals = FindRemovals(doc, stats.get(), options);
      removed += removals.size();
      benchmark::DoNotOptimize(removals.data());
    }
  }
  state.counters["removals_per_pass"] =
      static_cast<double>(removed) / static_cast<double>(state.iterations());
  state.SetBytesProcessed(state.iterations() * CorpusBytes());
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(corpus.size()));
}
BENCHMARK(BM_CleanNewsTextFindRemovals)->Unit(benchmark::kMillisecond);

void BM_CleanNewsTextApplyRemovals(benchmark::State& state) {
  const auto& corpus = Corpus();
  CleanOptions options;
  auto stats = BuildStats(options);
  std::vector<std::vector<Removal>> removals;
  for (const std::string& doc : corpus) removals.push_back(FindRemovals(doc, stats.get(), options));
  for (auto _ : state) {
    for (size_t d = 0; d < corpus.size(); ++d) {
      benchmark::DoNotOptimize(ApplyRemovals(corpus[d], removals[d]));
    }
  }
  state.SetBytesProcessed(state.iterations() * CorpusBytes());
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(corpus.size()));
}
BENCHMARK(BM_CleanNewsTextApplyRemovals)->Unit(benchmark::kMillisecond);

// The whole stage as the engine runs it: LineKeys for every document, corpus statistics,
// then FindRemovals and ApplyRemovals per document.
void BM_CleanNewsTextStage(benchmark::State& state) {
  const auto& corpus = Corpus();
  CleanOptions options;
  for (auto _ : state) {
    std::vector<std::vector<uint64_t>> keys;
    keys.reserve(corpus.size());
    for (const std::string& doc : corpus) keys.push_back(LineKeys(doc));
    CorpusLineStats stats;
    for (const auto& k : keys) stats.Add(k);
    stats.Finalize(options);
    for (const std::string& doc : corpus) {
      benchmark::DoNotOptimize(ApplyRemovals(doc, FindRemovals(doc, &stats, options)));
    }
  }
  state.SetBytesProcessed(state.iterations() * CorpusBytes());
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(corpus.size()));
}
BENCHMARK(BM_CleanNewsTextStage)->Unit(benchmark::kMillisecond);

}  // namespace
