// Prototype driver for the rewrite/story stage (until the engine wires it in): reads
// corpora with doppel::Engine, cleans them, builds content profiles, candidates, story
// clusters, and scores METER story clusters against meter/pairs.jsonl, sweeping the story
// thresholds. Not part of the build; compile by hand against build/:
//
//   tools/proto/build_bench.sh && build/rewrite_bench --pairs ../shared/data/meter/pairs.jsonl \
//       ../shared/data/meter/docs.jsonl ../shared/data/reuters21578/docs.jsonl
//
// Options: --pairs FILE (METER labelled pairs), --join LIST, --merge LIST, --edge LIST
// (comma-separated thresholds to sweep), --features N, --min-shared N, --max-posting N,
// --dump-evidence FILE (evidence of every verified pair whose ids do not start with
// "reuters:" and "meter:", i.e. fixture pairs, as JSONL), --threads N. REPEAT=k (env):
// run the candidates + verification k more times and print the best CPU time.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "cluster/story.h"
#include "common/sorted_set.h"
#include "common/thread_pool.h"
#include "doppel/engine.h"
#include "match/profile.h"
#include "match/rewrite.h"
#include "match/weights.h"
#include "text/stem.h"

using namespace doppel;
using Clock = std::chrono::steady_clock;

static double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

static std::vector<double> ParseList(const std::string& s) {
  std::vector<double> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) out.push_back(std::stod(item));
  return out;
}

// "meter:pa:courts/01.03.00/burstein/burstein1.txt" -> "courts/01.03.00/burstein".
static std::string MeterGroup(const std::string& id) {
  if (id.rfind("meter:", 0) != 0) return "";
  const size_t second = id.find(':', 6);
  const size_t slash = id.rfind('/');
  return id.substr(second + 1, slash - second - 1);
}

int main(int argc, char** argv) {
  std::vector<std::string> inputs;
  std::string pairs_path, dump_path;
  const cluster::StoryOptions defaults;
  std::vector<double> joins = {defaults.join_threshold}, merges = {defaults.merge_threshold},
                      edges_min = {defaults.min_edge_cosine}, leafs = {defaults.leaf_edge_threshold};
  match::RewriteSettings settings;
  int threads = 2;
  int centroid_terms = 128;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() { return std::string(argv[++i]); };
    if (a == "--pairs") pairs_path = next();
    else if (a == "--join") joins = ParseList(next());
    else if (a == "--merge") merges = ParseList(next());
    else if (a == "--edge") edges_min = ParseList(next());
    else if (a == "--leaf") leafs = ParseList(next());
    else if (a == "--features") settings.num_features = std::stoi(next());
    else if (a == "--min-shared") settings.min_shared_features = std::stoi(next());
    else if (a == "--max-posting") settings.max_posting_size = std::stoi(next());
    else if (a == "--centroid-terms") centroid_terms = std::stoi(next());
    else if (a == "--dump-evidence") dump_path = next();
    else if (a == "--threads") threads = std::stoi(next());
    else inputs.push_back(a);
  }
  settings.min_cosine = *std::min_element(edges_min.begin(), edges_min.end());
  if (getenv("E2E")) {
    // The one-call path the engine uses, with default options, timed.
    Options o;
    o.num_threads = threads;
    Engine e(o);
    if (!e.AddInputs(inputs).ok()) return 2;
    auto c = e.Clean();
    if (!c.ok()) return 2;
    auto t = Clock::now();
    common::ThreadPool p(threads);
    std::vector<match::ContentProfile> prof(c->size());
    std::clock_t c0 = std::clock();
    p.ParallelFor(c->size(), 64, [&](size_t b, size_t en) {
      text::Stemmer st;
      for (size_t d = b; d < en; ++d) prof[d] = match::BuildProfile((*c)[d].text, &st);
    });
    std::clock_t c1 = std::clock();
    cluster::StoryScan scan = cluster::FindStories(prof, {}, {}, match::RewriteSettings{}, {}, &p);
    std::clock_t c2 = std::clock();
    std::fprintf(stderr, "E2E cpu: profiles %.2fs, FindStories %.2fs\n", double(c1 - c0) / CLOCKS_PER_SEC,
                 double(c2 - c1) / CLOCKS_PER_SEC);
    {
      // FindStories phases, CPU time.
      std::clock_t k0 = std::clock();
      match::RewriteCorpus rc = match::BuildRewriteCorpus(prof, {}, &p);
      std::clock_t k1 = std::clock();
      match::RewriteStats st;
      auto sc = match::FindRewriteCandidates(rc, {}, match::RewriteSettings{}, &p, &st);
      std::clock_t k2 = std::clock();
      std::vector<cluster::StoryEdge> ed;
      for (auto& q : sc) ed.push_back({q.a, q.b, q.cosine, q.top_term});
      auto lab = cluster::StoryClusters(rc.vectors, ed, {}, {});
      std::clock_t k3 = std::clock();
      std::fprintf(stderr, "E2E cpu: corpus %.2fs, candidates+verify %.2fs, stories %.2fs, typing ~%.2fs\n",
                   double(k1 - k0) / CLOCKS_PER_SEC, double(k2 - k1) / CLOCKS_PER_SEC,
                   double(k3 - k2) / CLOCKS_PER_SEC,
                   double(c2 - c1 - (k3 - k0)) / CLOCKS_PER_SEC);
    }
    size_t rw = 0;
    for (const Pair& q : scan.pairs) rw += q.relation == Relation::kRewrite;
    std::fprintf(stderr, "E2E profiles+FindStories %.2fs: %zu pairs (%zu rewrite), candidates %llu\n",
                 Since(t), scan.pairs.size(), rw, (unsigned long long)scan.stats.candidate_pairs);
    if (getenv("E2E_ONLY")) return 0;
  }
  Options options;
  options.num_threads = threads;
  Engine engine(options);
  auto t0 = Clock::now();
  if (Status s = engine.AddInputs(inputs); !s.ok()) {
    std::fprintf(stderr, "read: %s\n", s.ToString().c_str());
    return 2;
  }
  auto cleaned = engine.Clean();
  if (!cleaned.ok()) return 2;
  const std::vector<CleanedDocument>& docs = *cleaned;
  const size_t n = docs.size();
  std::fprintf(stderr, "read+clean %zu docs: %.2fs\n", n, Since(t0));

  common::ThreadPool pool(threads);
  t0 = Clock::now();
  std::vector<match::ContentProfile> profiles(n);
  pool.ParallelFor(n, 64, [&](size_t begin, size_t end) {
    text::Stemmer stemmer;
    for (size_t d = begin; d < end; ++d) profiles[d] = match::BuildProfile(docs[d].text, &stemmer);
  });
  const double t_profile = Since(t0);
  t0 = Clock::now();
  match::RewriteCorpus corpus = match::BuildRewriteCorpus(profiles, {}, &pool);
  const double t_corpus = Since(t0);
  t0 = Clock::now();
  match::RewriteStats stats;
  std::vector<match::ScoredPair> scored = match::FindRewriteCandidates(corpus, {}, settings, &pool, &stats);
  const double t_cand = Since(t0);
  if (getenv("REPEAT")) {
    double best = 1e9;
    for (int r = 0; r < atoi(getenv("REPEAT")); ++r) {
      std::clock_t k0 = std::clock();
      match::RewriteStats st2;
      auto again = match::FindRewriteCandidates(corpus, {}, settings, &pool, &st2);
      best = std::min(best, double(std::clock() - k0) / CLOCKS_PER_SEC);
      if (again.size() != scored.size()) return 3;
    }
    std::fprintf(stderr, "REPEAT best cpu candidates+verify %.3fs\n", best);
  }
  if (getenv("NAMES")) {
    // The engine's extra story-edge filter (src/engine/rewrite_stage.cc at 956dbe9): keep
    // an edge only when the two documents share NAMES rare names (df <= max(50, N/100)).
    const uint32_t min_names = atoi(getenv("NAMES"));
    std::unordered_map<uint32_t, uint32_t> name_df;
    for (const auto& p : profiles) for (uint32_t e : p.entities) ++name_df[e];
    const uint32_t cap = std::max<uint32_t>(50, n / 100);
    std::vector<match::ScoredPair> kept;
    for (const auto& sp : scored) {
      const auto& x = profiles[sp.a].entities;
      const auto& y = profiles[sp.b].entities;
      uint32_t shared = 0;
      size_t i = 0, j = 0;
      while (i < x.size() && j < y.size()) {
        if (x[i] < y[j]) ++i;
        else if (x[i] > y[j]) ++j;
        else { shared += name_df[x[i]] <= cap; ++i; ++j; }
      }
      if (shared >= min_names) kept.push_back(sp);
    }
    std::fprintf(stderr, "NAMES=%u keeps %zu of %zu edges\n", min_names, kept.size(), scored.size());
    scored.swap(kept);
  }
  size_t profile_bytes = 0, vector_bytes = 0;
  for (const auto& p : profiles) profile_bytes += p.MemoryBytes();
  for (const auto& v : corpus.vectors) vector_bytes += v.MemoryBytes();
  std::fprintf(stderr,
               "profiles %.2fs, corpus %.2fs, candidates+verify %.2fs\n"
               "candidates %llu (%.1f/doc), verified(cos>=%.2f) %zu (%.1f/doc), count work %llu\n"
               "memory/doc: profile %.0f B, vector %.0f B, index (postings+DF) %.0f B; DF terms %zu\n",
               t_profile, t_corpus, t_cand, (unsigned long long)stats.candidate_pairs,
               2.0 * stats.candidate_pairs / n, settings.min_cosine, scored.size(),
               2.0 * scored.size() / n, (unsigned long long)stats.shared_key_counts,
               double(profile_bytes) / n, double(vector_bytes) / n, double(stats.index_bytes) / n,
               corpus.df.num_terms());

  std::unordered_map<std::string, uint32_t> index_of;
  std::vector<std::string> group(n);
  for (uint32_t d = 0; d < n; ++d) {
    index_of[docs[d].id] = d;
    group[d] = MeterGroup(docs[d].id);
  }
  struct Labelled {
    uint32_t a, b;
    bool same;
    std::string label;
  };
  std::vector<Labelled> labelled;
  if (!pairs_path.empty()) {
    std::ifstream in(pairs_path);
    std::string line;
    while (std::getline(in, line)) {
      auto j = nlohmann::json::parse(line);
      auto ia = index_of.find(j["a"].get<std::string>());
      auto ib = index_of.find(j["b"].get<std::string>());
      if (ia == index_of.end() || ib == index_of.end()) continue;
      const std::string label = j["label"];
      labelled.push_back({ia->second, ib->second, label != "different_story", label});
    }
    // Candidate recall.
    std::set<std::pair<uint32_t, uint32_t>> have;
    for (const auto& s : scored) have.insert({s.a, s.b});
    size_t pos = 0, found = 0;
    for (const auto& l : labelled) {
      if (!l.same) continue;
      ++pos;
      found += have.count({std::min(l.a, l.b), std::max(l.a, l.b)});
    }
    std::fprintf(stderr, "METER same-story pairs among verified candidates: %zu/%zu = %.4f\n", found,
                 pos, double(found) / pos);
  }
  for (double edge_min : edges_min) {
    for (double join : joins) {
      for (double merge : merges) {
       for (double leaf : leafs) {
        cluster::StoryOptions so;
        so.leaf_edge_threshold = leaf;
        so.leaf_nearest_only = !getenv("LEAF_ANY");
        so.merge_min_edge = defaults.merge_min_edge;
        if (getenv("MERGE_EDGE")) so.merge_min_edge = atof(getenv("MERGE_EDGE"));
        if (getenv("LEAF_CHAIN")) so.leaf_to_core_only = false;
        if (getenv("LEAFSIZE")) so.leaf_max_size = atoi(getenv("LEAFSIZE"));
        if (getenv("ROBUST")) so.leaf_min_robust = atof(getenv("ROBUST"));
        so.min_edge_cosine = edge_min;
        so.join_threshold = join;
        so.merge_threshold = merge;
        so.centroid_terms = centroid_terms;
        if (getenv("EVENTGUARD")) so.require_shared_event_term = atoi(getenv("EVENTGUARD")) != 0;
        if (getenv("EVENTDIV")) so.event_df_divisor = atoi(getenv("EVENTDIV"));
        const std::vector<std::vector<uint32_t>> names = cluster::EventTerms(corpus.vectors, corpus.df, so, &pool);
        std::vector<cluster::StoryEdge> edges;
        for (const auto& s : scored) {
          edges.push_back({s.a, s.b, s.cosine, s.top_term});
        }
        t0 = Clock::now();
        if (so.require_shared_event_term) cluster::KeepEdgesSharingEventTerms(names, &edges, &pool);
        std::vector<uint32_t> label = cluster::StoryClusters(corpus.vectors, edges, {}, so, &names);
        const double t_story = Since(t0);
        if (labelled.empty()) continue;
        size_t tp = 0, fp = 0, fn = 0;
        std::map<std::string, size_t> fn_by;
        for (const auto& l : labelled) {
          const bool pred = label[l.a] == label[l.b];
          if (l.same && pred) ++tp;
          else if (l.same) ++fn, ++fn_by[l.label];
          else if (pred) ++fp;
        }
        std::set<uint32_t> meter_clusters;
        for (uint32_t d = 0; d < n; ++d) {
          if (!group[d].empty()) meter_clusters.insert(label[d]);
        }
        size_t attach = 0;
        for (uint32_t d = 0; d < n; ++d) {
          if (group[d].empty() && docs[d].id.rfind("reuters:", 0) == 0 && meter_clusters.count(label[d])) ++attach;
        }
        // Clusters holding more than one METER story.
        std::map<uint32_t, std::set<std::string>> stories;
        for (uint32_t d = 0; d < n; ++d) {
          if (!group[d].empty()) stories[label[d]].insert(group[d]);
        }
        size_t mixed = 0;
        for (const auto& [c, s] : stories) mixed += s.size() > 1;
        const double p = tp + fp ? double(tp) / (tp + fp) : 1, r = tp + fn ? double(tp) / (tp + fn) : 1;
        std::printf("leaf %.2f edge %.2f join %.2f merge %.2f: F1 %.4f P %.4f R %.4f attach %zu mixed %zu (%.2fs) fn:",
                    leaf, edge_min, join, merge, 2 * p * r / (p + r), p, r, attach, mixed, t_story);
        for (const auto& [k, v] : fn_by) std::printf(" %s=%zu", k.c_str(), v);
        {
          // Reuters-only stories: documents in them, the largest, pairs inside.
          std::map<uint32_t, size_t> size_of;
          for (uint32_t d = 0; d < n; ++d) {
            if (!meter_clusters.count(label[d])) ++size_of[label[d]];
          }
          std::vector<size_t> sizes;
          size_t in_stories = 0, pairs_inside = 0;
          for (const auto& [c, s] : size_of) {
            if (s < 2) continue;
            sizes.push_back(s);
            in_stories += s;
            pairs_inside += s * (s - 1) / 2;
          }
          std::sort(sizes.rbegin(), sizes.rend());
          std::printf(" | reuters-only stories %zu holding %zu docs, largest", sizes.size(), in_stories);
          for (size_t k = 0; k < std::min<size_t>(3, sizes.size()); ++k) std::printf(" %zu", sizes[k]);
          std::printf(", pairs inside %zu", pairs_inside);
        }
        std::printf("\n");
        std::fflush(stdout);
        if (getenv("ATTACH")) {
          std::map<uint32_t, std::pair<std::vector<uint32_t>, std::vector<uint32_t>>> mix;
          for (uint32_t d = 0; d < n; ++d) {
            if (!meter_clusters.count(label[d])) continue;
            (group[d].empty() ? mix[label[d]].second : mix[label[d]].first).push_back(d);
          }
          for (const auto& [c, mr] : mix) {
            if (mr.second.empty()) continue;
            std::printf("  cluster %u: %zu meter (%s ...), %zu reuters (%s ...)\n", c, mr.first.size(),
                        docs[mr.first[0]].id.c_str(), mr.second.size(), docs[mr.second[0]].id.c_str());
          }
        }
        if (getenv("DIAG")) {
          // Split stories: fragments (cluster label -> members) and the best edge between
          // the largest fragment and each other one.
          std::map<std::string, std::map<uint32_t, std::vector<uint32_t>>> frag;
          for (uint32_t d = 0; d < n; ++d) {
            if (!group[d].empty()) frag[group[d]][label[d]].push_back(d);
          }
          std::map<std::pair<uint32_t, uint32_t>, double> edge_of;
          for (const auto& s : scored) edge_of[{s.a, s.b}] = s.cosine;
          size_t singles = 0, multi = 0;
          for (const auto& [g, fs] : frag) {
            if (fs.size() < 2) continue;
            std::vector<std::vector<uint32_t>> parts;
            for (const auto& [c, m] : fs) parts.push_back(m);
            std::sort(parts.begin(), parts.end(), [](auto& x, auto& y) { return x.size() > y.size(); });
            std::printf("  %s:", g.c_str());
            for (size_t k = 1; k < parts.size(); ++k) {
              double best = 0;
              for (uint32_t x : parts[0]) for (uint32_t y : parts[k]) {
                auto it = edge_of.find({std::min(x, y), std::max(x, y)});
                if (it != edge_of.end()) best = std::max(best, it->second);
              }
              // Cluster size of the fragment's label (it may hold other stories' docs).
              size_t csize = 0;
              for (uint32_t d = 0; d < n; ++d) csize += label[d] == label[parts[k][0]];
              (parts[k].size() == 1 ? singles : multi)++;
              std::printf(" [%zu/%zu best %.2f]", parts[k].size(), csize, best);
            }
            std::printf(" main %zu\n", parts[0].size());
          }
          std::printf("fragments: %zu single, %zu multi\n", singles, multi);
        }
       }
      }
    }
  }
  if (!dump_path.empty()) {
    std::ofstream out(dump_path);
    for (const auto& s : scored) {
      const std::string& ia = docs[s.a].id;
      const std::string& ib = docs[s.b].id;
      if (ia.rfind("reuters:", 0) == 0 || ib.rfind("reuters:", 0) == 0) continue;
      if (ia.rfind("meter:", 0) == 0 || ib.rfind("meter:", 0) == 0) continue;
      match::PairEvidence e = match::MeasurePair(profiles[s.a], profiles[s.b], corpus.vectors[s.a],
                                                 corpus.vectors[s.b], corpus.df);
      nlohmann::json j = {{"a", ia}, {"b", ib}, {"cosine", e.cosine},
                          {"narrative_bigrams", e.narrative_bigrams}, {"entities", e.entities},
                          {"numbers", e.numbers}, {"length_ratio", e.length_ratio},
                          {"pair_aligned_a", e.pair_aligned_a}, {"pair_aligned_b", e.pair_aligned_b},
                          {"pair_matched_a", e.pair_matched_a}, {"pair_matched_b", e.pair_matched_b},
                          {"pair_story_order", e.pair_story_order}, {"pair_local_align3", e.pair_local_align3},
                          {"rewrite_score", e.rewrite_score}};
      out << j.dump() << "\n";
    }
  }
  return 0;
}
