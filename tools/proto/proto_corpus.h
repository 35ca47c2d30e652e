// What the research dump tools (typing_dump.cc, story_dump.cc) start from: the corpus
// cleaned as `doppel scan` cleans it, and each document's content profile, built by the
// library itself so the prototypes see the C++ tokenisation, stems and weights.
#pragma once

#include <string>
#include <vector>

#include "common/thread_pool.h"
#include "doppel/engine.h"
#include "match/profile.h"
#include "text/stem.h"

namespace doppel::proto {

struct ProtoCorpus {
  std::vector<CleanedDocument> docs;
  std::vector<match::ContentProfile> profiles;  // per document, of its cleaned text
};

// Reads and cleans `inputs` (2 threads) and profiles every document with `pool`. False
// when the inputs cannot be read or cleaned.
inline bool LoadProtoCorpus(const std::vector<std::string>& inputs, common::ThreadPool* pool, ProtoCorpus* out) {
  Options options;
  options.num_threads = 2;
  Engine engine(options);
  if (!engine.AddInputs(inputs).ok()) return false;
  auto cleaned = engine.Clean();
  if (!cleaned.ok()) return false;
  out->docs = std::move(cleaned).value();
  out->profiles.assign(out->docs.size(), {});
  pool->ParallelFor(out->docs.size(), 64, [&](size_t begin, size_t end) {
    text::Stemmer stemmer;
    for (size_t d = begin; d < end; ++d) out->profiles[d] = match::BuildProfile(out->docs[d].text, &stemmer);
  });
  return true;
}

}  // namespace doppel::proto
