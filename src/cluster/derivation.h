// Chain-guarded clustering of verified edges.
//
// Single-link clustering (union-find over edges) chains: A~B and B~C put A and C together
// however far apart they are, and on real corpora whole topics collapse into one
// component. Here every cluster has a core (its center) and a member must be verified
// against that core, not just against one neighbour:
//  1. Nodes are ordered by degree, then summed edge score, then weight (e.g. exact-copy
//     count), then index. In that order, an unassigned node becomes a center and takes
//     every still-unassigned neighbour it has a verified edge with (star clustering,
//     "The Star Clustering Algorithm", Aslam, Pelekhov and Rus, 2004).
//  2. A node left alone whose neighbours were taken by other centers joins the cluster of
//     its best neighbour only if `close_to_core(node, that center)` holds.
// Deterministic: ties break on node index.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace doppel::cluster {

struct Edge {
  uint32_t a;
  uint32_t b;
  double score;  // in [0, 1]
};

// Returns, for each of num_nodes nodes, the center of its cluster (itself for a center or
// an isolated node). `weight` may be empty (all 1).
std::vector<uint32_t> StarCluster(uint32_t num_nodes, const std::vector<Edge>& edges,
                                  const std::vector<uint32_t>& weight,
                                  const std::function<bool(uint32_t, uint32_t)>& close_to_core);

}  // namespace doppel::cluster
