// Options::release_text (what `doppel scan --pairs` alone sets): the default scan frees
// each document's text after its last reading and gives the same pairs and clusters; the
// engine then refuses to scan or clean again, and near mode, or a scan that chooses
// originals, keeps the text.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "doppel/engine.h"

namespace doppel {
namespace {

void AddFixtures(Engine* engine) {
  const std::string root = std::string(DOPPEL_SOURCE_DIR) + "/tests/fixtures/";
  ASSERT_TRUE(engine
                  ->AddInputs({root + "case/docs.jsonl", root + "rewrites/part-a/docs.jsonl",
                               root + "rewrites/part-b/docs.jsonl"})
                  .ok());
}

Options Lean(ScanMode mode, bool release_text) {
  Options options;
  options.mode = mode;
  options.num_threads = 2;
  options.choose_originals = false;
  options.release_text = release_text;
  return options;
}

std::string Outputs(const ScanResult& r) {
  std::ostringstream out;
  EXPECT_TRUE(WritePairsJsonl(r, out).ok());
  EXPECT_TRUE(WriteClustersJsonl(r, out).ok());
  return out.str();
}

size_t DocumentsWithText(const Engine& engine) {
  size_t with_text = 0;
  for (DocIndex d = 0; d < engine.num_documents(); ++d) with_text += !engine.document(d).text.empty();
  return with_text;
}

TEST(ReleaseTextTest, DefaultScanFreesTheTextAndGivesTheSameOutput) {
  Engine kept{Lean(ScanMode::kRewrite, false)};
  AddFixtures(&kept);
  Result<ScanResult> with_text = kept.Scan();
  ASSERT_TRUE(with_text.ok());
  Engine released{Lean(ScanMode::kRewrite, true)};
  AddFixtures(&released);
  ASSERT_GT(DocumentsWithText(released), 10u);
  Result<ScanResult> without_text = released.Scan();
  ASSERT_TRUE(without_text.ok());
  EXPECT_EQ(Outputs(with_text.value()), Outputs(without_text.value()));
  EXPECT_GE(with_text.value().pairs.size(), 5u);
  EXPECT_EQ(DocumentsWithText(released), 0u);
  EXPECT_EQ(DocumentsWithText(kept), kept.num_documents());

  const Result<ScanResult> again = released.Scan();
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(again.status().message().find("release_text"), std::string::npos) << again.status().message();
  EXPECT_FALSE(released.Clean().ok());
  // The engine that kept its text scans again.
  EXPECT_TRUE(kept.Scan().ok());
}

TEST(ReleaseTextTest, NearModeAndOriginalsKeepTheText) {
  Engine near{Lean(ScanMode::kNear, true)};
  AddFixtures(&near);
  ASSERT_TRUE(near.Scan().ok());
  EXPECT_EQ(DocumentsWithText(near), near.num_documents());
  EXPECT_TRUE(near.Scan().ok());

  Options full = Lean(ScanMode::kRewrite, true);
  full.choose_originals = true;
  Engine with_originals{full};
  AddFixtures(&with_originals);
  ASSERT_TRUE(with_originals.Scan().ok());
  EXPECT_EQ(DocumentsWithText(with_originals), with_originals.num_documents());
}

}  // namespace
}  // namespace doppel
