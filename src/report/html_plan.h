// What the HTML report embeds: which clusters are listed, which carry texts, and which
// members of those clusters are shown with their text.
//
// A crawl can give a million clusters, or one cluster of 100,000 exact copies. The page
// must stay small enough for a browser to parse, so the plan caps what is embedded
// (HtmlReportOptions) and records what it left out, for the page to say so.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "doppel/html_report.h"
#include "doppel/report.h"

namespace doppel::report {

// How one member is tied to its cluster's original.
struct MemberLink {
  DocIndex member = 0;
  // The verified pair joining member and original, or (when there is none) the member's
  // strongest pair with another member of the cluster. Null for the original itself, or
  // when the member has no pair inside the cluster.
  const Pair* pair = nullptr;
  // True when `pair` joins the member with the original directly.
  bool direct = false;
  // The other end of `pair` (the original when direct).
  DocIndex via = 0;
};

// Pairs of the result grouped by document, for finding a member's links.
class PairIndex {
 public:
  explicit PairIndex(const ScanResult& result);
  // Pairs with document d at either end, in result.pairs order.
  const std::vector<const Pair*>& Of(DocIndex d) const;

 private:
  std::vector<std::vector<const Pair*>> by_doc_;
};

// Links of every member of `cluster` but the original, ordered as the page lists them:
// direct links first, by relation (strongest first), then by id; then indirect links the
// same way; then members with no pair.
std::vector<MemberLink> LinkMembers(const ScanResult& result, const Cluster& cluster,
                                    const PairIndex& pairs);

// Relation group of a link for ordering and round-robin choice: the relation's value,
// or one past the last relation when the link has no pair.
int LinkGroup(const MemberLink& link);

struct ClusterPlan {
  size_t cluster = 0;                // index into ScanResult::clusters
  std::vector<MemberLink> links;     // every member but the original, in page order
  // Members embedded with their texts: the original first, then chosen members in page
  // order. Empty when the cluster carries no texts.
  std::vector<DocIndex> text_members;
};

struct ReportPlan {
  std::vector<ClusterPlan> clusters;  // listed clusters, largest first (ties by id)
  size_t clusters_total = 0;
  size_t clusters_with_texts = 0;
  // True when max_total_text_bytes stopped texts before max_clusters_with_texts did.
  bool text_budget_reached = false;
};

// Plans the page. `text_bytes(d)` is the byte length of document d's text.
ReportPlan PlanReport(const ScanResult& result, const PairIndex& pairs,
                      const std::function<uint64_t(DocIndex)>& text_bytes,
                      const HtmlReportOptions& options);

// Chooses up to `max_count` members from `links` (in page order) round-robin over their
// relation groups: one of each relation in turn, so that a few rewrites are not crowded
// out by thousands of exact copies. Returns the chosen members in page order.
std::vector<DocIndex> ChooseRoundRobin(const std::vector<MemberLink>& links, size_t max_count);

}  // namespace doppel::report
