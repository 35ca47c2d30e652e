// Derivation clusters (nested in stories when rewrite detection ran) and their originals.
#include <algorithm>
#include <atomic>
#include <functional>

#include "clean/cleaner.h"
#include "cluster/derivation.h"
#include "cluster/original.h"
#include "cluster/verify.h"
#include "engine/scan_state.h"
#include "text/tokenize.h"

namespace doppel::engine {
namespace {

// A document joins a cluster only when it is at least this similar (Jaccard or the
// containment of the smaller in the larger) to the cluster's core.
constexpr double kCoreMinSimilarity = 0.5;

}  // namespace

void BuildClusters(ScanState* s, ScanResult* result, const std::function<void()>& beside) {
  const size_t n = s->n;
  const std::vector<Document>& docs = s->docs;
  // Derivation-level clusters over representatives; exact copies follow their
  // representative. close_to_core: the node is itself a near copy or excerpt of the core,
  // or (rewrite mode) typed a rewrite of it.
  auto star_cluster = [&] {
    return cluster::StarCluster(
        static_cast<uint32_t>(n), s->derivation_edges, s->group_size, [&](uint32_t x, uint32_t core) {
          const cluster::SetOverlap o = cluster::CompareSets(s->prepared[x].shingles, s->prepared[core].shingles);
          const double smaller_contained = o.size_a <= o.size_b ? o.containment_of_a() : o.containment_of_b();
          if (std::max(o.jaccard(), smaller_contained) >= kCoreMinSimilarity) return true;
          return s->close_to_core && s->close_to_core(x, core);
        });
  };
  // The fact atoms and quoted words of a member's cleaned text (a pasted block or a
  // template must not count as content).
  auto cleaned_text = [&](uint32_t m, std::string* storage) -> std::string_view {
    if (s->removals[m].empty()) return docs[m].text;
    *storage = clean::ApplyRemovals(docs[m].text, s->removals[m]);
    return *storage;
  };
  // StarCluster runs on one thread; beside it, another finds the facts of the documents
  // with a derivation edge (nearly all of them end in a cluster of two or more, the ones
  // whose facts are read) until it is done, and the clusters then reuse them (the same
  // values: facts depend on the text alone).
  std::vector<std::vector<uint32_t>> early_atoms;
  std::vector<uint32_t> early_quoted;
  std::vector<uint8_t> early_done;
  std::vector<uint32_t> center;
  bool beside_done = false;
  const bool originals = s->opt.choose_originals;
  if (originals && s->pool->num_threads() > 1 && !s->derivation_edges.empty()) {
    std::vector<uint32_t> linked;
    {
      std::vector<uint8_t> seen(n, 0);
      for (const cluster::Edge& e : s->derivation_edges) {
        for (const uint32_t d : {e.a, e.b}) {
          if (!seen[d]) linked.push_back(d);
          seen[d] = 1;
        }
      }
    }
    early_atoms.resize(n);
    early_quoted.assign(n, 0);
    early_done.assign(n, 0);
    std::atomic<bool> star_done{false};
    s->pool->Beside(
        [&] {
          center = star_cluster();
          star_done.store(true, std::memory_order_release);
        },
        [&] {
          std::string storage;
          for (size_t k = 0; k < linked.size() && !star_done.load(std::memory_order_acquire); ++k) {
            const uint32_t d = linked[k];
            const std::string_view text = cleaned_text(d, &storage);
            early_atoms[d] = cluster::FactAtoms(text);
            early_quoted[d] = cluster::QuotedWords(text);
            early_done[d] = 1;
          }
        });
  } else if (beside && !originals) {
    // Nothing below reads the pairs (only the originals' evidence does): `beside` may
    // reorder them now, beside the serial StarCluster, rather than beside the clusters'
    // final ordering (near mode, 100k bench corpus: ~3 ms of a thread alone).
    s->pool->Beside([&] { center = star_cluster(); }, beside);
    beside_done = true;
  } else {
    center = star_cluster();
  }
  // Members by center, listed only for the centers reported (most documents are alone:
  // a list each was an allocation a document).
  std::vector<uint32_t> center_size(n, 0);
  for (uint32_t d = 0; d < n; ++d) ++center_size[center[s->rep[d]]];

  // Story of each derivation cluster, and how many documents each story holds.
  const bool stories = !s->story_of.empty();
  std::vector<uint32_t> story_docs(n, 0);
  if (stories) {
    for (uint32_t d = 0; d < n; ++d) ++story_docs[s->story_of[s->rep[d]]];
  }
  // The reported centers' members, grouped by center in one array (a counting sort)
  // rather than a list for every document (100 k empty lists and a reservation for each
  // reported center, allocated on one thread); each cluster's own list is made by the task
  // that sorts it. (The cluster stage, two threads, 100k bench corpus near mode, 14
  // alternating runs: median 13.0 ms against 13.5, within the host's noise.)
  constexpr uint32_t kUnreported = 0xFFFFFFFFu;
  std::vector<uint32_t> centers;
  std::vector<uint32_t> cluster_of(n, kUnreported);  // by center
  std::vector<uint32_t> member_begin(1, 0);
  for (uint32_t c = 0; c < n; ++c) {
    if (center_size[c] == 0) continue;
    const bool in_story = stories && story_docs[s->story_of[c]] >= 2;
    if (center_size[c] >= 2 || in_story) {
      cluster_of[c] = static_cast<uint32_t>(centers.size());
      centers.push_back(c);
      member_begin.push_back(member_begin.back() + center_size[c]);
    }
  }
  std::vector<uint32_t> all_members(member_begin.back());
  {
    std::vector<uint32_t> next(member_begin.begin(), member_begin.end() - 1);
    for (uint32_t d = 0; d < n; ++d) {
      const uint32_t k = cluster_of[center[s->rep[d]]];
      if (k != kUnreported) all_members[next[k]++] = d;
    }
  }
  // Excerpt and copy edges by cluster, for the original's direction evidence.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> excerpts_of(originals ? n : 0), copies_of(originals ? n : 0);
  for (size_t i = 0; originals && i < s->pairs.size(); ++i) {
    const Pair& p = s->pairs[i];
    if (center[s->rep[p.a]] != center[s->rep[p.b]]) continue;
    if (p.relation == Relation::kPartialCopy) {
      excerpts_of[center[s->rep[p.a]]].push_back({p.a, p.b});
    } else if (p.relation == Relation::kExact || p.relation == Relation::kNearDuplicate) {
      copies_of[center[s->rep[p.a]]].push_back({p.a, p.b});
    }
  }
  std::vector<Cluster> clusters(centers.size());
  // The largest clusters first (their facts and centrality cost the most), so that none is
  // left to run alone at the end; each cluster's result goes to its own slot.
  common::ParallelForCostliestFirst(
      s->pool, centers.size(), 16, [&](size_t k) { return member_begin[k + 1] - member_begin[k]; },
      [&](size_t k) {
        std::vector<uint32_t> members(all_members.begin() + member_begin[k], all_members.begin() + member_begin[k + 1]);
        std::sort(members.begin(), members.end(), [&](uint32_t x, uint32_t y) { return s->IdLess(x, y); });
        Cluster& cl = clusters[k];
        if (!originals) {
          cl.original = kNoDocument;
          cl.members = std::move(members);
          return;
        }
        std::vector<cluster::MemberFacts> facts;
        facts.reserve(members.size());
        for (uint32_t m : members) {
          facts.push_back({m, docs[m].time, s->prepared[m].num_words, s->boilerplate_bytes[m],
                           s->repeated_bytes[m], {}, 0, {}});
          // Facts and quotations of the cleaned text (a pasted block or a template must not
          // count as content); a one-member cluster (a report alone in its story) has no
          // one to compare them with.
          if (members.size() < 2) continue;
          const bool early = !early_done.empty() && early_done[m];
          // Centrality needs a third member: between two, their similarity is the same both ways.
          if (early && members.size() < 3) {
            facts.back().atoms = std::move(early_atoms[m]);
            facts.back().quoted_words = early_quoted[m];
            continue;
          }
          std::string storage;
          const std::string_view text = cleaned_text(m, &storage);
          thread_local std::vector<text::Span> words;
          text::TokenizeWords(text, &words);
          if (early) {
            facts.back().atoms = std::move(early_atoms[m]);
            facts.back().quoted_words = early_quoted[m];
          } else {
            facts.back().atoms = cluster::FactAtoms(text, words);
            facts.back().quoted_words = cluster::QuotedWords(text);
          }
          if (members.size() >= 3) facts.back().bigrams = cluster::WordBigrams(text, words);
        }
        std::vector<cluster::ExcerptEdge> excerpts;
        auto at = [&](uint32_t d) {
          return static_cast<uint32_t>(
              std::lower_bound(members.begin(), members.end(), d,
                               [&](uint32_t x, uint32_t y) { return s->IdLess(x, y); }) -
              members.begin());
        };
        for (const auto& [source, excerpt] : excerpts_of[centers[k]]) excerpts.push_back({at(source), at(excerpt)});
        std::vector<cluster::CopyEdge> copies;
        for (const auto& [x, y] : copies_of[centers[k]]) copies.push_back({at(x), at(y)});
        cluster::OriginalChoice choice = cluster::ChooseOriginal(facts, excerpts, copies);
        cl.original = choice.doc;
        cl.original_confidence = choice.confidence;
        cl.original_reasons = std::move(choice.reasons);
        cl.members = std::move(members);
      });
  // Order: stories by their total size, then their first member id; clusters inside a
  // story by size, then first member id. Ids follow that order. (Serial: `beside` runs on
  // the pool's other thread meanwhile.)
  auto order_clusters = [&] {
    std::vector<uint32_t> cluster_story(clusters.size());
    std::vector<uint32_t> story_size(n, 0);
    for (size_t k = 0; k < clusters.size(); ++k) {
      cluster_story[k] = stories ? s->story_of[s->rep[centers[k]]] : centers[k];
      story_size[cluster_story[k]] += static_cast<uint32_t>(clusters[k].members.size());
    }
    std::vector<std::string_view> story_first(n);
    for (size_t k = 0; k < clusters.size(); ++k) {
      std::string_view first = docs[clusters[k].members[0]].id;
      std::string_view& f = story_first[cluster_story[k]];
      if (f.empty() || first < f) f = first;
    }
    std::vector<size_t> order(clusters.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::sort(order.begin(), order.end(), [&](size_t x, size_t y) {
      const uint32_t sx = cluster_story[x], sy = cluster_story[y];
      if (sx != sy) {
        if (story_size[sx] != story_size[sy]) return story_size[sx] > story_size[sy];
        return story_first[sx] < story_first[sy];
      }
      if (clusters[x].members.size() != clusters[y].members.size())
        return clusters[x].members.size() > clusters[y].members.size();
      return docs[clusters[x].members[0]].id < docs[clusters[y].members[0]].id;
    });
    // Story ids in order of first appearance, from a flat table, into a list sized once
    // (with a std::map of the 12.7 k stories and the list grown by doubling, the cluster
    // stage took 16-23 ms, median 19, against 15-19, median 17: 100k bench corpus, near
    // mode, two threads, 14 alternating runs).
    constexpr uint32_t kNoStory = 0xFFFFFFFFu;
    std::vector<uint32_t> story_id(n, kNoStory);
    uint32_t num_stories = 0;
    result->clusters.reserve(result->clusters.size() + order.size());
    for (size_t i = 0; i < order.size(); ++i) {
      Cluster& cl = clusters[order[i]];
      cl.id = static_cast<uint32_t>(i);
      uint32_t& id = story_id[cluster_story[order[i]]];
      if (id == kNoStory) id = num_stories++;
      cl.story = id;
      result->clusters.push_back(std::move(cl));
    }
  };
  if (beside && !beside_done) {
    s->pool->Beside(order_clusters, beside);
  } else {
    order_clusters();
  }
}

}  // namespace doppel::engine
