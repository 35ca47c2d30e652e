#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "report/html_plan.h"

namespace doppel::report {
namespace {

// A result over documents named d0, d1, ...
ScanResult MakeResult(size_t num_docs) {
  ScanResult r;
  for (size_t d = 0; d < num_docs; ++d) {
    std::string id = "d";
    id += std::to_string(d);  // ("d" + std::to_string(d): GCC 12 warns -Wrestrict, bug 105651)
    r.ids.push_back(id);
  }
  return r;
}

void AddPair(ScanResult* r, DocIndex a, DocIndex b, Relation relation, double score) {
  Pair p;
  p.a = a;
  p.b = b;
  p.relation = relation;
  p.score = score;
  r->pairs.push_back(p);
}

void AddCluster(ScanResult* r, DocIndex original, std::vector<DocIndex> members) {
  Cluster c;
  c.id = static_cast<uint32_t>(r->clusters.size());
  c.story = c.id;
  c.original = original;
  c.members = std::move(members);
  r->clusters.push_back(c);
}

std::vector<DocIndex> Members(const std::vector<MemberLink>& links) {
  std::vector<DocIndex> out;
  for (const MemberLink& l : links) out.push_back(l.member);
  return out;
}

TEST(LinkMembersTest, DirectLinksFirstByRelationThenIndirect) {
  ScanResult r = MakeResult(5);
  AddPair(&r, 0, 1, Relation::kNearDuplicate, 0.9);
  AddPair(&r, 0, 2, Relation::kExact, 1.0);
  AddPair(&r, 2, 3, Relation::kExact, 1.0);  // 3 reaches the original only through 2
  AddCluster(&r, 0, {0, 1, 2, 3, 4});        // 4 has no pair at all
  r.pairs.push_back(r.pairs[0]);              // duplicates must not matter
  const PairIndex pairs(r);
  const std::vector<MemberLink> links = LinkMembers(r, r.clusters[0], pairs);
  EXPECT_EQ(Members(links), (std::vector<DocIndex>{2, 1, 3, 4}));
  EXPECT_TRUE(links[0].direct);
  EXPECT_EQ(links[0].pair->relation, Relation::kExact);
  EXPECT_FALSE(links[2].direct);
  EXPECT_EQ(links[2].via, 2u);
  EXPECT_EQ(links[3].pair, nullptr);
}

TEST(LinkMembersTest, IgnoresPairsLeavingTheCluster) {
  ScanResult r = MakeResult(4);
  AddPair(&r, 1, 3, Relation::kExact, 1.0);  // 3 is in another cluster
  AddPair(&r, 1, 2, Relation::kPartialCopy, 0.9);
  AddCluster(&r, 0, {0, 1, 2});
  AddCluster(&r, 3, {3});
  const PairIndex pairs(r);
  const std::vector<MemberLink> links = LinkMembers(r, r.clusters[0], pairs);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].member, 1u);
  EXPECT_EQ(links[0].via, 2u);
  EXPECT_EQ(links[0].pair->relation, Relation::kPartialCopy);
}

TEST(ChooseRoundRobinTest, RareRelationsAreNotCrowdedOut) {
  // Original 0; 1..8 exact copies; 9 a partial copy; 10 a rewrite.
  ScanResult r = MakeResult(11);
  for (DocIndex d = 1; d <= 8; ++d) AddPair(&r, 0, d, Relation::kExact, 1.0);
  AddPair(&r, 0, 9, Relation::kPartialCopy, 0.9);
  AddPair(&r, 0, 10, Relation::kRewrite, 0.7);
  AddCluster(&r, 0, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  const PairIndex pairs(r);
  const std::vector<MemberLink> links = LinkMembers(r, r.clusters[0], pairs);
  EXPECT_EQ(ChooseRoundRobin(links, 4), (std::vector<DocIndex>{1, 2, 9, 10}));
  EXPECT_EQ(ChooseRoundRobin(links, 2), (std::vector<DocIndex>{1, 9}));
  EXPECT_EQ(ChooseRoundRobin(links, 100).size(), 10u);
  EXPECT_TRUE(ChooseRoundRobin(links, 0).empty());
}

TEST(PlanReportTest, ListsLargestFirstAndCapsTexts) {
  ScanResult r = MakeResult(9);
  AddCluster(&r, 0, {0, 1});
  AddCluster(&r, 2, {2, 3, 4});
  AddCluster(&r, 5, {5, 6});
  AddCluster(&r, 7, {7, 8});
  const PairIndex pairs(r);
  HtmlReportOptions options;
  options.max_clusters_listed = 3;
  options.max_clusters_with_texts = 2;
  options.max_texts_per_cluster = 2;
  const ReportPlan plan = PlanReport(r, pairs, [](DocIndex) { return 10; }, options);
  ASSERT_EQ(plan.clusters.size(), 3u);
  EXPECT_EQ(plan.clusters_total, 4u);
  EXPECT_EQ(plan.clusters[0].cluster, 1u);  // 3 members
  EXPECT_EQ(plan.clusters[1].cluster, 0u);  // ties by id
  EXPECT_EQ(plan.clusters[2].cluster, 2u);
  EXPECT_EQ(plan.clusters_with_texts, 2u);
  EXPECT_FALSE(plan.text_budget_reached);
  // Original first, then at most max_texts_per_cluster - 1 others.
  EXPECT_EQ(plan.clusters[0].text_members, (std::vector<DocIndex>{2, 3}));
  EXPECT_TRUE(plan.clusters[2].text_members.empty());
}

TEST(PlanReportTest, TextBudgetStopsTextsForLaterClusters) {
  ScanResult r = MakeResult(6);
  AddCluster(&r, 0, {0, 1});
  AddCluster(&r, 2, {2, 3});
  AddCluster(&r, 4, {4, 5});
  const PairIndex pairs(r);
  HtmlReportOptions options;
  options.max_text_bytes = 100;
  options.max_total_text_bytes = 450;
  // Each document is 1000 bytes, counted as max_text_bytes (100) once cut.
  const ReportPlan plan = PlanReport(r, pairs, [](DocIndex) { return 1000; }, options);
  EXPECT_EQ(plan.clusters_with_texts, 2u);
  EXPECT_TRUE(plan.text_budget_reached);
  EXPECT_TRUE(plan.clusters[2].text_members.empty());
}

TEST(PlanReportTest, FirstClusterKeepsItsOriginalOverTheBudget) {
  ScanResult r = MakeResult(3);
  AddCluster(&r, 1, {0, 1, 2});
  const PairIndex pairs(r);
  HtmlReportOptions options;
  options.max_total_text_bytes = 10;
  const ReportPlan plan = PlanReport(r, pairs, [](DocIndex) { return 1000; }, options);
  EXPECT_EQ(plan.clusters[0].text_members, (std::vector<DocIndex>{1}));
}

}  // namespace
}  // namespace doppel::report
