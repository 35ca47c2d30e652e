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
