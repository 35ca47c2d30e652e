// Dumps what the typing research (tools/proto/typing_research.py) needs, computed by the
// library itself so the Python prototypes see the C++ tokenisation, stems and weights:
//  - one line per document not from METER/Reuters: {"doc": id, "story": label,
//    "num_words", "sentences": [[[term_id, count], ...], ...], "entities": [...],
//    "numbers": [...], "vector": [[term_id, weight], ...]}
//  - one line per in-story pair FindStories reports: {"pair": [a, b], "cosine", features...}
//  - one line {"df": {term_id: df, ...}, "num_documents": N} for the terms the dumped
//    documents use;
//  - with --words first: one line {"words": {term_id: {lower_word: count}}} mapping each
//    content term (a Snowball stem, by its DfTable id) to the lower-case surface words that
//    produced it in the dumped documents, for the synonym research
//    (tools/proto/synonym_research.py looks the words up in WordNet). Tokenisation,
//    lowering, stop words and stemming as in match/profile.cc (numbers skipped).
// Not part of the build; compile against a build dir's libdoppel_core.a:
//
//   B=build-typing; g++ -std=c++20 -O2 -Isrc -Iinclude tools/proto/typing_dump.cc \
//     $B/src/libdoppel_core.a -o $B/typing_dump $(pkg-config --libs libutf8proc libzstd \
//     libxxhash zlib) -lsimdjson -lstemmer -lpthread
//   $B/typing_dump tests/fixtures/rewrites/part-{a,b,c,d}/docs.jsonl > /tmp/typing_dump.jsonl
//   $B/typing_dump --words tests/fixtures/rewrites/part-{a,b,c,d}/docs.jsonl > /tmp/syn_dump.jsonl
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cluster/story.h"
#include "common/thread_pool.h"
#include "doppel/engine.h"
#include "match/profile.h"
#include "match/rewrite.h"
#include "match/weights.h"
#include "text/normalize.h"
#include "text/stem.h"
#include "text/stopwords.h"
#include "text/tokenize.h"

#include "proto_corpus.h"

using namespace doppel;

static bool Dumped(const std::string& id) {
  return id.rfind("reuters:", 0) != 0 && id.rfind("meter:", 0) != 0;
}

int main(int argc, char** argv) {
  std::vector<std::string> inputs(argv + 1, argv + argc);
  const bool with_words = !inputs.empty() && inputs[0] == "--words";
  if (with_words) inputs.erase(inputs.begin());
  common::ThreadPool pool(2);
  proto::ProtoCorpus corpus;
  if (!proto::LoadProtoCorpus(inputs, &pool, &corpus)) return 2;
  const std::vector<CleanedDocument>& docs = corpus.docs;
  const std::vector<match::ContentProfile>& profiles = corpus.profiles;
  const size_t n = docs.size();
  cluster::StoryScan scan = cluster::FindStories(profiles, {}, {}, match::RewriteSettings{}, {}, &pool);
  const match::DfTable& df = scan.corpus.df;
  std::map<uint32_t, uint32_t> used_df;
  for (size_t d = 0; d < n; ++d) {
    if (!Dumped(docs[d].id)) continue;
    const match::ContentProfile& p = profiles[d];
    nlohmann::json sentences = nlohmann::json::array();
    uint32_t begin = 0;
    for (uint32_t end : p.sentence_ends) {
      std::map<uint32_t, uint32_t> counts;
      for (uint32_t k = begin; k < end; ++k) {
        const uint32_t id = df.IdOf(p.terms[p.sentence_terms[k]].term);
        if (id != match::DfTable::kNoTerm) ++counts[id];
      }
      // Reading order of first occurrence inside the sentence is kept separately.
      nlohmann::json order = nlohmann::json::array();
      std::set<uint32_t> seen;
      for (uint32_t k = begin; k < end; ++k) {
        const uint32_t id = df.IdOf(p.terms[p.sentence_terms[k]].term);
        if (id != match::DfTable::kNoTerm && seen.insert(id).second) order.push_back({id, counts[id]});
      }
      sentences.push_back(order);
      for (auto& [id, c] : counts) used_df[id] = df.DfOf(id);
      begin = end;
    }
    nlohmann::json vec = nlohmann::json::array();
    const match::TermVector& v = scan.corpus.vectors[d];
    for (size_t k = 0; k < v.terms.size(); ++k) {
      vec.push_back({v.terms[k], v.weights[k]});
      used_df[v.terms[k]] = df.DfOf(v.terms[k]);
    }
    nlohmann::json j = {{"doc", docs[d].id},      {"story", docs[scan.story_of[d]].id},
                        {"num_words", p.num_words}, {"sentences", sentences},
                        {"entities", p.entities},  {"numbers", p.numbers},
                        {"vector", vec}};
    std::printf("%s\n", j.dump().c_str());
  }
  for (const Pair& q : scan.pairs) {
    if (!Dumped(docs[q.a].id) || !Dumped(docs[q.b].id)) continue;
    nlohmann::json j = {{"pair", {docs[q.a].id, docs[q.b].id}},
                        {"relation", q.relation == Relation::kRewrite ? "rewrite" : "same_story"}};
    for (const auto& [name, value] : q.features) j[name] = value;
    std::printf("%s\n", j.dump().c_str());
  }
  nlohmann::json dfj = nlohmann::json::object();
  for (auto& [id, c] : used_df) dfj[std::to_string(id)] = c;
  nlohmann::json j = {{"df", dfj}, {"num_documents", df.num_documents()}};
  std::printf("%s\n", j.dump().c_str());
  if (with_words) {
    // Surface words of every term of the dumped documents.
    std::map<uint32_t, std::map<std::string, uint32_t>> words;
    {
      text::Stemmer stemmer;
      NormalizeOptions fold;
      std::vector<text::Span> tokens;
      for (size_t d = 0; d < n; ++d) {
        if (!Dumped(docs[d].id)) continue;
        const std::string& t = docs[d].text;
        tokens.clear();
        text::TokenizeWords(t, &tokens);
        for (const text::Span& s : tokens) {
          const std::string_view w(t.data() + s.begin, s.end - s.begin);
          if (w.empty() || (w[0] >= '0' && w[0] <= '9')) continue;
          bool ascii = true;
          std::string lower(w);
          for (char& c : lower) {
            if (static_cast<unsigned char>(c) >= 0x80) ascii = false;
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
          }
          if (!ascii) lower = text::Normalize(w, fold);
          if (lower.empty() || text::IsStopword(lower)) continue;
          const uint32_t id = df.IdOf(match::TermHash(stemmer.Stem(lower)));
          if (id != match::DfTable::kNoTerm) ++words[id][lower];
        }
      }
    }
    nlohmann::json wj = nlohmann::json::object();
    for (auto& [id, m] : words) wj[std::to_string(id)] = m;
    std::printf("%s\n", nlohmann::json{{"words", wj}}.dump().c_str());
  }
  return 0;
}
