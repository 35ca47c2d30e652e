#include "sketch/minhash.h"

#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "common/hash.h"
#include "common/simd.h"

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

// Unmix64(Mix64(x)) == x: each step of Mix64 undone (a shift of 33 or more XORed in is its
// own inverse; an odd multiplier has an inverse mod 2^64).
uint64_t InverseOf(uint64_t odd) {
  uint64_t inverse = odd;
  for (int i = 0; i < 6; ++i) inverse *= 2 - odd * inverse;
  return inverse;
}
uint64_t Unmix64(uint64_t x) {
  x ^= x >> 33;
  x *= InverseOf(common::kMix64Multiplier2);
  x ^= x >> 33;
  x *= InverseOf(common::kMix64Multiplier1);
  x ^= x >> 33;
  return x;
}

// The vector path (eight elements a step, the rest one by one) gives the scalar path's
// signature bit for bit, whatever the set size and bin count, including an element whose
// value is the empty marker (capped below it) in every lane position.
TEST(MinHashSimdTest, EveryPathGivesTheScalarSignature) {
  if (common::BestSimd() == common::SimdLevel::kScalar) {
    GTEST_SKIP() << "this CPU has only the scalar path";
  }
  constexpr uint64_t kSeed = 0x5eed;
  ASSERT_EQ(Unmix64(common::Mix64(0x0123456789abcdefull)), 0x0123456789abcdefull);
  std::mt19937_64 rng(3);
  for (int slots : {1, 7, 100, 128, 256}) {
    const OnePermutationMinHasher scalar(slots, kSeed, common::SimdLevel::kScalar);
    const OnePermutationMinHasher best(slots, kSeed, common::BestSimd());
    for (size_t size : {0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 550, 2001}) {
      std::vector<uint64_t> set(size);
      for (uint64_t& x : set) x = rng();
      std::vector<uint32_t> a(slots), b(slots);
      scalar.Sketch(set.data(), set.size(), a.data());
      best.Sketch(set.data(), set.size(), b.data());
      EXPECT_EQ(a, b) << slots << " slots, " << size << " elements";
    }
    // An element whose mixed hash has all-ones low bits: its value is capped at 2^32 - 2.
    const uint64_t capped = Unmix64((rng() << 32) | 0xFFFFFFFFull) ^ kSeed;
    ASSERT_EQ(static_cast<uint32_t>(common::Mix64(capped ^ kSeed)), 0xFFFFFFFFu);
    for (size_t at = 0; at < 16; ++at) {
      std::vector<uint64_t> set(16);
      for (uint64_t& x : set) x = rng() | (uint64_t{1} << 63);
      set[at] = capped;
      std::vector<uint32_t> a(slots), b(slots);
      scalar.Sketch(set.data(), set.size(), a.data());
      best.Sketch(set.data(), set.size(), b.data());
      EXPECT_EQ(a, b) << slots << " slots, capped element at " << at;
    }
    std::vector<uint32_t> alone(slots);
    best.Sketch(&capped, 1, alone.data());
    EXPECT_EQ(alone[0], 0xFFFFFFFEu);
  }
}

}  // namespace
}  // namespace doppel::sketch
