// The memory limit: a corpus that would not fit stops reading with kResourceExhausted.
#include <gtest/gtest.h>

#include <string>

#include "doppel/engine.h"

namespace doppel {
namespace {

Document Doc(const std::string& id, size_t bytes) {
  Document d;
  d.id = id;
  d.text = std::string(bytes, 'a');
  return d;
}

TEST(MemoryLimitTest, EstimateGrowsWithTextDocumentsAndMode) {
  const uint64_t base = EstimateScanBytes(0, 0, ScanMode::kNear);
  EXPECT_GT(EstimateScanBytes(1 << 20, 0, ScanMode::kNear), base);
  EXPECT_GT(EstimateScanBytes(0, 1000, ScanMode::kNear), base);
  EXPECT_GT(EstimateScanBytes(1 << 20, 1000, ScanMode::kRewrite),
            EstimateScanBytes(1 << 20, 1000, ScanMode::kNear));
  // The benchmark's 100k corpus (310 MB of text): near peaked at 663 MiB.
  const double near = static_cast<double>(EstimateScanBytes(310'000'000, 100'000, ScanMode::kNear));
  EXPECT_NEAR(near / (663.0 * (1 << 20)), 1.0, 0.1);
}

TEST(MemoryLimitTest, AddingPastTheLimitFailsAndNamesIt) {
  Options options;
  options.mode = ScanMode::kNear;
  options.memory_limit = EstimateScanBytes(100'000, 2, ScanMode::kNear);
  Engine engine(options);
  ASSERT_TRUE(engine.AddDocument(Doc("a", 50'000)).ok());
  ASSERT_TRUE(engine.AddDocument(Doc("b", 50'000)).ok());
  const Status status = engine.AddDocument(Doc("c", 50'000));
  EXPECT_EQ(status.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(status.message().find("memory limit"), std::string::npos) << status.message();
  EXPECT_FALSE(engine.Scan().ok());
}

TEST(MemoryLimitTest, NoLimitByDefault) {
  Engine engine{Options{}};
  EXPECT_TRUE(engine.AddDocument(Doc("a", 1 << 20)).ok());
}

TEST(MemoryLimitTest, AvailableMemoryIsKnownOnLinux) {
  EXPECT_GT(AvailableMemoryBytes(), 0u);
}

}  // namespace
}  // namespace doppel
