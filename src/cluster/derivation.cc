#include "cluster/derivation.h"

#include <algorithm>

namespace doppel::cluster {

std::vector<uint32_t> StarCluster(uint32_t num_nodes, const std::vector<Edge>& edges,
                                  const std::vector<uint32_t>& weight,
                                  const std::function<bool(uint32_t, uint32_t)>& close_to_core) {
  constexpr uint32_t kNone = 0xFFFFFFFFu;
  // Adjacency in CSR form, neighbours sorted by score descending, then index.
  std::vector<uint32_t> degree(num_nodes, 0);
  std::vector<double> strength(num_nodes, 0.0);
  for (const Edge& e : edges) {
    ++degree[e.a];
    ++degree[e.b];
    strength[e.a] += e.score;
    strength[e.b] += e.score;
  }
  std::vector<uint32_t> offset(num_nodes + 1, 0);
  for (uint32_t v = 0; v < num_nodes; ++v) offset[v + 1] = offset[v] + degree[v];
  std::vector<std::pair<double, uint32_t>> adj(offset[num_nodes]);
  {
    std::vector<uint32_t> fill(offset.begin(), offset.end() - 1);
    for (const Edge& e : edges) {
      adj[fill[e.a]++] = {e.score, e.b};
      adj[fill[e.b]++] = {e.score, e.a};
    }
  }
  for (uint32_t v = 0; v < num_nodes; ++v) {
    std::sort(adj.begin() + offset[v], adj.begin() + offset[v + 1],
              [](const auto& x, const auto& y) {
                return x.first != y.first ? x.first > y.first : x.second < y.second;
              });
  }

  // The nodes with an edge, by degree, strength and weight (descending), then index. The
  // sort keys sit beside the index (the comparisons read three arrays at scattered
  // places otherwise: ~3.5 ms for 25 k nodes on the 100k bench corpus).
  struct Ranked {
    uint32_t degree;
    uint32_t weight;
    double strength;
    uint32_t node;
  };
  std::vector<Ranked> ranked;
  for (uint32_t v = 0; v < num_nodes; ++v) {
    if (degree[v] > 0) ranked.push_back({degree[v], weight.empty() ? 1u : weight[v], strength[v], v});
  }
  std::sort(ranked.begin(), ranked.end(), [](const Ranked& x, const Ranked& y) {
    if (x.degree != y.degree) return x.degree > y.degree;
    if (x.strength != y.strength) return x.strength > y.strength;
    if (x.weight != y.weight) return x.weight > y.weight;
    return x.node < y.node;
  });
  std::vector<uint32_t> order(ranked.size());
  for (size_t i = 0; i < ranked.size(); ++i) order[i] = ranked[i].node;
  std::vector<Ranked>().swap(ranked);

  std::vector<uint32_t> center(num_nodes, kNone);
  std::vector<uint32_t> members(num_nodes, 0);  // per center
  for (uint32_t v : order) {
    if (center[v] != kNone) continue;
    center[v] = v;
    members[v] = 1;
    for (uint32_t k = offset[v]; k < offset[v + 1]; ++k) {
      const uint32_t u = adj[k].second;
      if (center[u] == kNone) {
        center[u] = v;
        ++members[v];
      }
    }
  }
  // Lone centers: join the best neighbour's cluster when close to that cluster's core.
  for (uint32_t v : order) {
    if (center[v] != v || members[v] != 1) continue;
    for (uint32_t k = offset[v]; k < offset[v + 1]; ++k) {
      const uint32_t core = center[adj[k].second];
      if (core == v || members[core] < 1) continue;
      if (close_to_core(v, core)) {
        center[v] = core;
        members[v] = 0;
        ++members[core];
        break;
      }
    }
  }
  for (uint32_t v = 0; v < num_nodes; ++v) {
    if (center[v] == kNone) center[v] = v;
  }
  return center;
}

}  // namespace doppel::cluster
