#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "doppel/report.h"

namespace doppel {
namespace {

ScanResult SmallResult() {
  ScanResult r;
  r.ids = {"a", "b", "c", "d"};
  r.pairs = {{0, 1, Relation::kExact, 1.0, {}},
             {0, 2, Relation::kNearDuplicate, 0.9, {}},
             {1, 2, Relation::kNearDuplicate, 0.85, {}},
             {3, 0, Relation::kPartialCopy, 0.95, {}}};
  Cluster c;
  c.id = 0;
  c.story = 0;
  c.members = {0, 1, 2, 3};
  r.clusters = {c};
  ScanStats& s = r.stats;
  s.documents_read = 4;
  s.documents_skipped = 1;
  s.bytes_read = 4000;
  s.bytes_removed = 12;
  s.candidate_pairs = 5;
  s.candidate_pairs_band = 4;
  s.candidate_pairs_sampled = 3;
  s.band_star_buckets = 2;
  s.sampled_star_lists = 1;
  s.sampled_partners_dropped = 7;
  s.rewrite_candidates_dropped = 11;
  s.index_bytes_band_keys = 1600;
  s.index_bytes_postings = 400;
  s.index_bytes = 2000;
  s.shingle_set_bytes = 8000;
  s.seconds_read = 0.0123456;
  s.seconds_total = 2.5;
  s.seconds_near = 0.25;
  s.seconds_rewrite_typing = 0.5;
  s.cpu_seconds_user = 1.25;
  s.cpu_seconds_system = 0.25;
  s.peak_rss_bytes = 123456789;
  return r;
}

TEST(StatsWriterTest, WritesCountsCostsAndBreakdowns) {
  std::ostringstream out;
  ASSERT_TRUE(WriteStatsJson(SmallResult(), out).ok());
  const nlohmann::json j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["schema"], "doppel-scan-stats/1");
  EXPECT_EQ(j["documents"], 4);
  EXPECT_EQ(j["documents_skipped"], 1);
  EXPECT_EQ(j["bytes"], 4000);
  EXPECT_EQ(j["bytes_removed"], 12);
  EXPECT_EQ(j["candidate_pairs"], 5);
  EXPECT_EQ(j["candidate_pairs_by_channel"]["band"], 4);
  EXPECT_EQ(j["candidate_pairs_by_channel"]["sampled"], 3);
  EXPECT_EQ(j["candidate_caps"]["band_star_buckets"], 2);
  EXPECT_EQ(j["candidate_caps"]["sampled_star_lists"], 1);
  EXPECT_EQ(j["candidate_caps"]["sampled_partners_dropped"], 7);
  EXPECT_EQ(j["candidate_caps"]["rewrite_candidates_dropped"], 11);
  EXPECT_EQ(j["pairs"], 4);
  EXPECT_EQ(j["pairs_by_relation"]["exact"], 1);
  EXPECT_EQ(j["pairs_by_relation"]["near_duplicate"], 2);
  EXPECT_EQ(j["pairs_by_relation"]["partial_copy"], 1);
  EXPECT_EQ(j["pairs_by_relation"]["rewrite"], 0);
  EXPECT_EQ(j["pairs_by_relation"]["same_story"], 0);
  EXPECT_EQ(j["clusters"], 1);
  EXPECT_EQ(j["clustered_documents"], 4);
  EXPECT_EQ(j["stories"], 1);
  EXPECT_EQ(j["index_bytes"], 2000);
  EXPECT_EQ(j["index_bytes_by_part"]["band_keys"], 1600);
  EXPECT_EQ(j["index_bytes_by_part"]["postings"], 400);
  EXPECT_DOUBLE_EQ(j["index_bytes_per_document"].get<double>(), 500.0);
  EXPECT_EQ(j["shingle_set_bytes"], 8000);
  EXPECT_DOUBLE_EQ(j["seconds"]["read"].get<double>(), 0.012);
  EXPECT_DOUBLE_EQ(j["seconds"]["total"].get<double>(), 2.5);
  EXPECT_DOUBLE_EQ(j["seconds"]["prepare"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(j["seconds"]["match_near"].get<double>(), 0.25);
  EXPECT_DOUBLE_EQ(j["seconds"]["match_rewrite_typing"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(j["seconds"]["match_rewrite_profiles"].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(j["cpu_seconds"]["total"].get<double>(), 1.5);
  EXPECT_EQ(j["peak_rss_bytes"], 123456789);
}

TEST(StatsWriterTest, EmptyScanHasEveryKey) {
  std::ostringstream out;
  ASSERT_TRUE(WriteStatsJson(ScanResult{}, out).ok());
  const nlohmann::json j = nlohmann::json::parse(out.str());
  for (const char* key : {"documents", "candidate_pairs", "pairs", "clusters", "index_bytes",
                          "index_bytes_per_document", "seconds", "cpu_seconds", "peak_rss_bytes"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["index_bytes_per_document"], 0.0);
}

TEST(StatsWriterTest, FailingStreamIsAnIoError) {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  EXPECT_EQ(WriteStatsJson(SmallResult(), out).code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace doppel
