#include "sketch/minhash.h"

#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "common/hash.h"

namespace doppel::sketch {
namespace {

std::vector<uint64_t> Range(uint64_t begin, uint64_t end) {
  std::vector<uint64_t> v;
  for (uint64_t x = begin; x < end; ++x) v.push_back(common::Mix64(x + 12345));
  return v;
}

TEST(MinHashTest, IdenticalSetsGiveIdenticalSignatures) {
  OnePermutationMinHasher h(100, 7);
  auto s = Range(0, 500);
  std::vector<uint32_t> a(100), b(100);
  h.Sketch(s.data(), s.size(), a.data());
  std::reverse(s.begin(), s.end());
  s.push_back(s[3]);  // duplicates do not matter
  h.Sketch(s.data(), s.size(), b.data());
  EXPECT_EQ(a, b);
}

TEST(MinHashTest, EstimatesJaccardWithinThreeStandardErrors) {
  const int k = 128;
  OnePermutationMinHasher h(k, 99);
  // |A| = |B| = 1000, overlap chosen for J in {0.2, 0.5, 0.8}.
  for (double target : {0.2, 0.5, 0.8}) {
    const uint64_t inter = static_cast<uint64_t>(std::round(2000 * target / (1 + target)));
    auto a = Range(0, 1000);
    auto b = Range(1000 - inter, 2000 - inter);
    const double j = static_cast<double>(inter) / (2000 - inter);
    std::vector<uint32_t> sa(k), sb(k);
    h.Sketch(a.data(), a.size(), sa.data());
    h.Sketch(b.data(), b.size(), sb.data());
    const double est = EstimateJaccard(sa.data(), sb.data(), k);
    EXPECT_NEAR(est, j, 3 * std::sqrt(j * (1 - j) / k)) << "J=" << j;
  }
}

TEST(MinHashTest, DensifiesShortSetsSoEveryBinIsFilled) {
  OnePermutationMinHasher h(100, 1);
  auto s = Range(0, 3);  // far fewer elements than bins
  std::vector<uint32_t> sig(100);
  h.Sketch(s.data(), s.size(), sig.data());
  for (uint32_t v : sig) EXPECT_NE(v, 0xFFFFFFFFu);
  // A short set equal to another gives the same signature; disjoint ones differ.
  auto t = Range(100, 103);
  std::vector<uint32_t> sig2(100);
  h.Sketch(t.data(), t.size(), sig2.data());
  EXPECT_LT(EstimateJaccard(sig.data(), sig2.data(), 100), 0.1);
}

TEST(MinHashTest, EmptySetIsAllEmptyBins) {
  OnePermutationMinHasher h(16, 1);
  std::vector<uint32_t> sig(16, 0);
  h.Sketch(nullptr, 0, sig.data());
  for (uint32_t v : sig) EXPECT_EQ(v, 0xFFFFFFFFu);
}

TEST(MinHashTest, SeedChangesTheSignature) {
  auto s = Range(0, 200);
  std::vector<uint32_t> a(64), b(64);
  OnePermutationMinHasher(64, 1).Sketch(s.data(), s.size(), a.data());
  OnePermutationMinHasher(64, 2).Sketch(s.data(), s.size(), b.data());
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace doppel::sketch
