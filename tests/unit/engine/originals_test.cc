// Options::choose_originals = false (what `doppel scan --pairs` alone asks for) skips the
// originals' evidence and nothing else: the pairs, the clusters' members and their stories
// are those of a full scan; each cluster's original is kNoDocument, the clusters' JSONL
// says so with a null, and the HTML report, which needs originals, refuses the result.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "doppel/engine.h"
#include "doppel/html_report.h"

namespace doppel {
namespace {

ScanResult ScanFixtures(ScanMode mode, bool choose_originals) {
  Options options;
  options.mode = mode;
  options.num_threads = 2;
  options.choose_originals = choose_originals;
  Engine engine{options};
  const std::string root = std::string(DOPPEL_SOURCE_DIR) + "/tests/fixtures/";
  EXPECT_TRUE(engine.AddInputs({root + "case/docs.jsonl", root + "rewrites/part-a/docs.jsonl",
                                root + "rewrites/part-b/docs.jsonl"})
                  .ok());
  Result<ScanResult> result = engine.Scan();
  EXPECT_TRUE(result.ok());
  return std::move(result).value();
}

std::string PairsJsonl(const ScanResult& r) {
  std::ostringstream out;
  EXPECT_TRUE(WritePairsJsonl(r, out).ok());
  return out.str();
}

TEST(ChooseOriginalsTest, OffKeepsPairsMembersAndStoriesAndLeavesNoOriginal) {
  for (const ScanMode mode : {ScanMode::kNear, ScanMode::kRewrite}) {
    const ScanResult full = ScanFixtures(mode, true);
    const ScanResult lean = ScanFixtures(mode, false);
    EXPECT_EQ(PairsJsonl(full), PairsJsonl(lean));
    ASSERT_EQ(full.clusters.size(), lean.clusters.size());
    ASSERT_GE(full.clusters.size(), 1u);
    size_t multi = 0;
    for (size_t k = 0; k < full.clusters.size(); ++k) {
      EXPECT_EQ(full.clusters[k].id, lean.clusters[k].id);
      EXPECT_EQ(full.clusters[k].story, lean.clusters[k].story);
      EXPECT_EQ(full.clusters[k].members, lean.clusters[k].members);
      EXPECT_NE(full.clusters[k].original, kNoDocument);
      EXPECT_EQ(lean.clusters[k].original, kNoDocument);
      EXPECT_TRUE(lean.clusters[k].original_reasons.empty());
      multi += full.clusters[k].members.size() >= 2;
    }
    EXPECT_GE(multi, 1u);
  }
}

TEST(ChooseOriginalsTest, ClustersJsonlSaysNullAndTheReportRefuses) {
  const ScanResult lean = ScanFixtures(ScanMode::kNear, false);
  std::ostringstream clusters;
  ASSERT_TRUE(WriteClustersJsonl(lean, clusters).ok());
  std::istringstream lines(clusters.str());
  std::string line;
  size_t rows = 0;
  while (std::getline(lines, line)) {
    ++rows;
    EXPECT_NE(line.find("\"original\":null"), std::string::npos) << line;
    EXPECT_EQ(line.find("original_confidence"), std::string::npos) << line;
  }
  EXPECT_EQ(rows, lean.clusters.size());

  Document empty;
  std::ostringstream page;
  const Status s = WriteHtmlReport(lean, [&](DocIndex) -> const Document& { return empty; }, HtmlReportOptions{}, page);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("choose_originals"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace doppel
