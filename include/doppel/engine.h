// Engine: wires the pipeline stages, owns the corpus, the threads and the options.
//
//   doppel::Options options;
//   options.num_threads = 2;
//   doppel::Engine engine(options);
//   DOPPEL_RETURN_IF_ERROR(engine.AddInputs({"corpus/", "more.jsonl.zst"}));
//   DOPPEL_ASSIGN_OR_RETURN(doppel::ScanResult result, engine.Scan());
//
// Pipeline: io (read) -> clean (repeated and boilerplate spans) -> text (normalise,
// tokenise) -> shingle -> sketch (MinHash) -> index (LSH candidates) -> match (verify
// every candidate) -> cluster (chain-guarded clusters, original). Every stage is
// deterministic; threads change speed, never output.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "doppel/document.h"
#include "doppel/options.h"
#include "doppel/report.h"
#include "doppel/status.h"

namespace doppel {

// Called from the calling thread between work chunks: stage name, units done, total
// (0 when the total is not known yet, as while reading).
using ProgressFn = std::function<void(std::string_view stage, uint64_t done, uint64_t total)>;

// Peak memory of a scan of `num_documents` documents holding `text_bytes` bytes of text,
// in bytes: a linear model measured on this project's benchmarks (bench/e2e: long news
// documents at 10k, 100k, 300k and 1M; METER + Reuters-21578: short ones), peak RSS =
// 16 MiB + per-byte + per-document terms of each mode (near: 2 B/byte + 0.8 KiB/doc,
// 4-19% above the measured peaks; rewrite: 4.3 B/byte + 5 KiB/doc, 5-25% above them,
// 5% at 1M documents).
uint64_t EstimateScanBytes(uint64_t text_bytes, uint64_t num_documents, ScanMode mode);

// Memory the system can give this process now: MemAvailable (/proc/meminfo), or the
// cgroup's memory.max less its usage when lower; 0 when neither can be read.
uint64_t AvailableMemoryBytes();

class Engine {
 public:
  explicit Engine(Options options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Reads files (.txt, .md: one document each, id = path relative to the argument;
  // .jsonl, .jsonl.gz, .jsonl.zst: one document a line), directories (recursively, in
  // sorted order) and "-" (JSONL on stdin). Problems with single documents are recorded
  // in issues() and the document is skipped (or repaired, for invalid UTF-8).
  // Returns kNotFound for a path that does not exist, kIoError when stdin fails, and
  // kDataError at the first input issue when options.input.strict is set.
  Status AddInputs(const std::vector<std::string>& paths);

  // Adds one document (as a library caller). Same checks as AddInputs.
  Status AddDocument(Document document);

  // Input issues so far, in input order.
  const std::vector<InputIssue>& issues() const;
  size_t num_documents() const;
  const Document& document(DocIndex index) const;

  void SetProgress(ProgressFn progress);

  // Finds exact copies, near duplicates and partial copies (and, in kRewrite mode,
  // rewrites and same-story reports), verifies every candidate, and clusters them.
  Result<ScanResult> Scan();

  // Cleaning only: each document with its removed spans, in input order.
  Result<std::vector<CleanedDocument>> Clean();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace doppel
