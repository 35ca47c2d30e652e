// Planning the HTML report: see html_plan.h.
#include "report/html_plan.h"

#include <algorithm>
#include <numeric>

namespace doppel::report {
namespace {

constexpr int kNoPairGroup = static_cast<int>(Relation::kSameStory) + 1;

// Orders links as the page lists them (see LinkMembers).
bool LinkBefore(const MemberLink& x, const MemberLink& y, const ScanResult& result) {
  if (x.direct != y.direct) return x.direct;
  const int gx = LinkGroup(x), gy = LinkGroup(y);
  if (gx != gy) return gx < gy;
  return result.ids[x.member] < result.ids[y.member];
}

// True when pair p is a better link than q: stronger relation, then higher score, then the
// other end with the smaller id (so the choice does not depend on pair order).
bool BetterPair(const Pair* p, DocIndex p_other, const Pair* q, DocIndex q_other,
                const ScanResult& result) {
  if (q == nullptr) return true;
  if (p->relation != q->relation) return p->relation < q->relation;
  if (p->score != q->score) return p->score > q->score;
  return result.ids[p_other] < result.ids[q_other];
}

}  // namespace

PairIndex::PairIndex(const ScanResult& result) : by_doc_(result.ids.size()) {
  for (const Pair& p : result.pairs) {
    if (p.a < by_doc_.size()) by_doc_[p.a].push_back(&p);
    if (p.b < by_doc_.size() && p.b != p.a) by_doc_[p.b].push_back(&p);
  }
}

const std::vector<const Pair*>& PairIndex::Of(DocIndex d) const {
  static const std::vector<const Pair*> kNone;
  return d < by_doc_.size() ? by_doc_[d] : kNone;
}

int LinkGroup(const MemberLink& link) {
  return link.pair == nullptr ? kNoPairGroup : static_cast<int>(link.pair->relation);
}

std::vector<MemberLink> LinkMembers(const ScanResult& result, const Cluster& cluster,
                                    const PairIndex& pairs) {
  // Members are sorted by id in Cluster, but not necessarily by DocIndex.
  std::vector<DocIndex> sorted_members = cluster.members;
  std::sort(sorted_members.begin(), sorted_members.end());
  auto in_cluster = [&](DocIndex d) {
    return std::binary_search(sorted_members.begin(), sorted_members.end(), d);
  };
  std::vector<MemberLink> links;
  links.reserve(cluster.members.size());
  for (DocIndex m : cluster.members) {
    if (m == cluster.original) continue;
    MemberLink link;
    link.member = m;
    for (const Pair* p : pairs.Of(m)) {
      const DocIndex other = p->a == m ? p->b : p->a;
      if (other == cluster.original) {
        if (!link.direct || BetterPair(p, other, link.pair, link.via, result)) {
          link.pair = p;
          link.via = other;
          link.direct = true;
        }
      } else if (!link.direct && in_cluster(other) &&
                 BetterPair(p, other, link.pair, link.via, result)) {
        link.pair = p;
        link.via = other;
      }
    }
    links.push_back(link);
  }
  std::sort(links.begin(), links.end(), [&](const MemberLink& x, const MemberLink& y) {
    return LinkBefore(x, y, result);
  });
  return links;
}

std::vector<DocIndex> ChooseRoundRobin(const std::vector<MemberLink>& links, size_t max_count) {
  if (links.size() <= max_count) {
    std::vector<DocIndex> all;
    all.reserve(links.size());
    for (const MemberLink& link : links) all.push_back(link.member);
    return all;
  }
  // Positions of each group's links, in page order. A group is (direct?, relation).
  std::vector<std::vector<size_t>> groups;
  std::vector<std::pair<bool, int>> group_keys;
  for (size_t pos = 0; pos < links.size(); ++pos) {
    const std::pair<bool, int> key{links[pos].direct, LinkGroup(links[pos])};
    if (group_keys.empty() || group_keys.back() != key) {  // links are sorted by group
      group_keys.push_back(key);
      groups.emplace_back();
    }
    groups.back().push_back(pos);
  }
  std::vector<size_t> chosen;
  for (size_t round = 0; chosen.size() < max_count; ++round) {
    bool any = false;
    for (const std::vector<size_t>& group : groups) {
      if (round < group.size() && chosen.size() < max_count) {
        chosen.push_back(group[round]);
        any = true;
      }
    }
    if (!any) break;
  }
  std::sort(chosen.begin(), chosen.end());
  std::vector<DocIndex> members;
  members.reserve(chosen.size());
  for (size_t pos : chosen) members.push_back(links[pos].member);
  return members;
}

ReportPlan PlanReport(const ScanResult& result, const PairIndex& pairs,
                      const std::function<uint64_t(DocIndex)>& text_bytes,
                      const HtmlReportOptions& options) {
  ReportPlan plan;
  plan.clusters_total = result.clusters.size();
  std::vector<size_t> order(result.clusters.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const Cluster& cx = result.clusters[x];
    const Cluster& cy = result.clusters[y];
    if (cx.members.size() != cy.members.size()) return cx.members.size() > cy.members.size();
    return cx.id < cy.id;
  });
  if (order.size() > options.max_clusters_listed) order.resize(options.max_clusters_listed);

  uint64_t total_bytes = 0;
  bool texts_open = true;  // texts stop for good at the first cluster over a limit
  for (size_t index : order) {
    const Cluster& cluster = result.clusters[index];
    ClusterPlan cp;
    cp.cluster = index;
    cp.links = LinkMembers(result, cluster, pairs);
    if (texts_open && plan.clusters_with_texts >= options.max_clusters_with_texts) {
      texts_open = false;
    }
    if (texts_open) {
      const size_t others = options.max_texts_per_cluster > 0 ? options.max_texts_per_cluster - 1 : 0;
      std::vector<DocIndex> members = ChooseRoundRobin(cp.links, others);
      members.insert(members.begin(), cluster.original);
      uint64_t bytes = 0;
      for (DocIndex d : members) bytes += std::min<uint64_t>(text_bytes(d), options.max_text_bytes);
      if (total_bytes + bytes > options.max_total_text_bytes && plan.clusters_with_texts > 0) {
        texts_open = false;
        plan.text_budget_reached = true;
      } else {
        // The first cluster always carries texts, trimmed to fit the budget if need be.
        while (members.size() > 1 && total_bytes + bytes > options.max_total_text_bytes) {
          bytes -= std::min<uint64_t>(text_bytes(members.back()), options.max_text_bytes);
          members.pop_back();
        }
        total_bytes += bytes;
        cp.text_members = std::move(members);
        ++plan.clusters_with_texts;
      }
    }
    plan.clusters.push_back(std::move(cp));
  }
  return plan;
}

}  // namespace doppel::report
