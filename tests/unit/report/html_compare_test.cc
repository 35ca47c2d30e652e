#include <gtest/gtest.h>

#include "report/html_compare.h"

namespace doppel::report {
namespace {

TEST(ComparisonJsonTest, ClipsSpansToTheShownTextAndKeepsIndices) {
  Comparison c;
  c.relation = Relation::kRewrite;
  c.score = 0.71234;
  c.features = {{"coverage", 0.5}};
  Alignment verbatim;
  verbatim.kind = AlignmentKind::kVerbatim;
  verbatim.a_spans = {{0, 10}, {20, 30}};  // second a span crosses the cut at 25
  verbatim.b_spans = {{0, 12}};
  verbatim.similarity = 1;
  Alignment dropped;
  dropped.kind = AlignmentKind::kDropped;
  dropped.a_spans = {{40, 50}};  // wholly past the cut
  c.alignments = {verbatim, dropped};
  FactFlag fact;
  fact.kind = FactKind::kNumber;
  fact.a_span = ByteSpan{40, 44};  // past the cut: becomes null
  fact.b_span = ByteSpan{2, 5};
  fact.reason = "120 became 150";
  fact.alignment = 1;
  c.facts = {fact};
  c.a_removed = {{0, 3, RemovalKind::kBoilerplate}, {30, 35, RemovalKind::kRepeated}};

  const nlohmann::ordered_json j = ComparisonJson(c, /*a_bytes=*/25, /*b_bytes=*/100);
  EXPECT_EQ(j["relation"], "rewrite");
  EXPECT_DOUBLE_EQ(j["score"].get<double>(), 0.7123);
  ASSERT_EQ(j["alignments"].size(), 2u);  // facts refer to alignments by index
  EXPECT_EQ(j["alignments"][0]["kind"], "verbatim");
  EXPECT_EQ(j["alignments"][0]["a"].dump(), "[[0,10],[20,25]]");
  EXPECT_EQ(j["alignments"][0]["b"].dump(), "[[0,12]]");
  EXPECT_EQ(j["alignments"][1]["a"].dump(), "[]");
  EXPECT_TRUE(j["facts"][0]["a"].is_null());
  EXPECT_EQ(j["facts"][0]["b"].dump(), "[2,5]");
  EXPECT_EQ(j["facts"][0]["alignment"], 1);
  EXPECT_EQ(j["a_removed"].dump(), "[[0,3,\"boilerplate\"]]");
  EXPECT_EQ(j["b_removed"].dump(), "[]");
}

TEST(ComparisonJsonTest, UnrelatedPairHasNoRelation) {
  Comparison c;
  const nlohmann::ordered_json j = ComparisonJson(c, 10, 10);
  EXPECT_EQ(j["relation"], "unrelated");
  EXPECT_TRUE(j["alignments"].empty());
}

}  // namespace
}  // namespace doppel::report
