// Dumps, for every in-story pair FindStories reports on a corpus, how the two documents'
// uncommon terms meet, for the story-chaining research (templated wire items joining one
// story): one line per pair {"a", "b", "relation", "cosine", "story_size", "shared_event_terms",
// "min_shared_df", "event_terms_a", "event_terms_b", "particulars", "min_particulars"}.
// Not part of the build; compile as tools/proto/typing_dump.cc is compiled:
//   B=build; g++ -std=c++20 -O2 -Isrc -Iinclude tools/proto/story_dump.cc $B/src/libdoppel_core.a \
//     -o /tmp/story_dump $(pkg-config --libs libutf8proc libzstd libxxhash zlib) -lsimdjson -lstemmer -lpthread
//   /tmp/story_dump ../shared/data/meter/docs.jsonl ../shared/data/reuters21578/docs.jsonl > /tmp/story_dump.jsonl
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cluster/story.h"
#include "common/sorted_set.h"
#include "common/thread_pool.h"
#include "doppel/engine.h"
#include "match/profile.h"
#include "match/rewrite.h"
#include "text/stem.h"

#include "proto_corpus.h"

using namespace doppel;

int main(int argc, char** argv) {
  std::vector<std::string> inputs(argv + 1, argv + argc);
  common::ThreadPool pool(2);
  proto::ProtoCorpus corpus;
  if (!proto::LoadProtoCorpus(inputs, &pool, &corpus)) return 2;
  const std::vector<CleanedDocument>& docs = corpus.docs;
  const std::vector<match::ContentProfile>& profiles = corpus.profiles;
  const size_t n = docs.size();
  const cluster::StoryOptions story_options;
  cluster::StoryScan scan = cluster::FindStories(profiles, {}, {}, match::RewriteSettings{}, story_options, &pool);
  const std::vector<std::vector<uint32_t>> events =
      cluster::EventTerms(scan.corpus.vectors, scan.corpus.df, story_options, &pool);
  std::map<uint32_t, uint32_t> story_size;
  for (size_t d = 0; d < n; ++d) ++story_size[scan.story_of[d]];
  for (const Pair& q : scan.pairs) {
    const std::vector<uint32_t>& ea = events[q.a];
    const std::vector<uint32_t>& eb = events[q.b];
    uint32_t shared = 0, min_df = 0;
    common::ForEachCommonIndex(ea, eb, [&](size_t i, size_t) {
      ++shared;
      const uint32_t df = scan.corpus.df.DfOf(ea[i]);
      if (min_df == 0 || df < min_df) min_df = df;
    });
    nlohmann::json j = {{"a", docs[q.a].id}, {"b", docs[q.b].id},
                        {"relation", q.relation == Relation::kRewrite ? "rewrite" : "same_story"},
                        {"story_size", story_size[scan.story_of[q.a]]},
                        {"shared_event_terms", shared}, {"min_shared_df", min_df},
                        {"event_terms_a", ea.size()}, {"event_terms_b", eb.size()}};
    for (const auto& [name, value] : q.features) j[name] = value;
    std::printf("%s\n", j.dump().c_str());
  }
  return 0;
}
