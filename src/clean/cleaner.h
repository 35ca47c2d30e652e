// Cleaning: find the spans of a document that are not its own content, and report them.
//
// Two passes over the corpus:
//  1. LineKeys() hashes each document's normalised lines; CorpusLineStats counts in how
//     many distinct documents each line occurs, and with how diverse a context (a line
//     that occurs in many documents because those documents are copies of one article is
//     content, not boilerplate).
//  2. FindRemovals() marks, per document: paragraphs and sentences repeated within it
//     (kRepeated: every occurrence after the first); corpus boilerplate lines; and in-
//     document template furniture (kBoilerplate) found from general shape alone: position
//     in the document, line length, list shape, punctuation and digit ratios, repetition.
// No rule names a site, a phrase or a story.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "doppel/options.h"
#include "doppel/report.h"

namespace doppel::clean {

// Keys for pass 1: one 64-bit hash per distinct non-blank normalised line, sorted and
// unique. Thread-safe (a pure function).
std::vector<uint64_t> LineKeys(std::string_view text);

// Corpus statistics over LineKeys of every document. Add() from one thread, in document
// order (the engine collects keys in parallel, then adds them in order), then Finalize().
class CorpusLineStats {
 public:
  CorpusLineStats();
  ~CorpusLineStats();
  void Add(const std::vector<uint64_t>& doc_keys);
  void Finalize(const CleanOptions& options);
  // True when the line with this key is corpus boilerplate (valid after Finalize).
  bool IsBoilerplate(uint64_t key) const;
  // Documents added.
  uint64_t num_documents() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Spans to remove from `text` (valid UTF-8), sorted, non-overlapping, in byte offsets of
// `text`. `stats` may be null (single-document cleaning: no corpus boilerplate).
// Thread-safe.
std::vector<Removal> FindRemovals(std::string_view text, const CorpusLineStats* stats,
                                  const CleanOptions& options);

// `text` with the removals cut out. Where a cut joins two pieces, a single "\n" (or
// "\n\n" at a paragraph boundary) is kept so words never merge. When `to_source` is not
// null it receives result.size() + 1 offsets into `text`, as text::Normalize does.
std::string ApplyRemovals(std::string_view text, const std::vector<Removal>& removals,
                          std::vector<uint32_t>* to_source = nullptr);

}  // namespace doppel::clean
