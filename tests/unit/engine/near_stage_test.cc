// The near-duplicate stage on a large group of near copies: a band bucket over
// NearDupOptions::max_band_bucket_size pairs its members with a star core instead of every
// pair, so the pairs stay linear in the group while the cluster is the same. (The
// sampled-shingle lists, which would pair them all below max_bucket_size, are capped
// low here.)
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "doppel/engine.h"

namespace doppel {
namespace {

// `n` copies of one 300-word text, each with 2 of its words replaced.
std::vector<Document> NearCopies(int n) {
  std::mt19937 rng(11);
  std::vector<std::string> words;
  // (Words built by append: GCC 12 gives a false -Wrestrict warning on "literal" + std::string.)
  auto word = [](const char* prefix, uint32_t k) { return std::string(prefix).append(std::to_string(k)); };
  for (int w = 0; w < 300; ++w) words.push_back(word("w", rng() % 5000));
  std::vector<Document> docs;
  for (int i = 0; i < n; ++i) {
    std::vector<std::string> copy = words;
    for (int k = 0; k < 2; ++k) copy[rng() % copy.size()] = word("changed", rng() % 100000);
    Document d;
    d.id = word("copy-", static_cast<uint32_t>(i));
    for (const std::string& w : copy) {
      d.text.append(w);
      d.text.push_back(' ');
    }
    docs.push_back(std::move(d));
  }
  return docs;
}

ScanResult ScanNear(const std::vector<Document>& docs, uint32_t max_band_bucket, uint32_t max_bucket = 64,
                    uint32_t max_partners = 64, ScanMode mode = ScanMode::kNear) {
  Options options;
  options.mode = mode;
  options.num_threads = 2;
  options.near.max_band_bucket_size = max_band_bucket;
  options.near.max_bucket_size = max_bucket;
  options.near.max_partners = max_partners;
  Engine engine{options};
  for (const Document& d : docs) EXPECT_TRUE(engine.AddDocument(d).ok());
  Result<ScanResult> result = engine.Scan();
  EXPECT_TRUE(result.ok());
  return std::move(result).value();
}

TEST(NearStageTest, LargeBandBucketsPairMembersWithACoreAndKeepTheCluster) {
  const std::vector<Document> docs = NearCopies(600);
  // Sampled-shingle lists are stars too (max_bucket 64), so the band buckets decide the
  // pairs.
  const ScanResult all_pairs = ScanNear(docs, 100000);  // no band bucket is a star
  const ScanResult star = ScanNear(docs, 64);
  ASSERT_EQ(all_pairs.clusters.size(), 1u);
  ASSERT_EQ(star.clusters.size(), 1u);
  EXPECT_EQ(star.clusters[0].members.size(), docs.size());
  EXPECT_EQ(star.clusters[0].members, all_pairs.clusters[0].members);
  // Every pair (179,700) against a few per member and band.
  EXPECT_GT(all_pairs.pairs.size(), 100000u);
  EXPECT_LT(star.pairs.size(), all_pairs.pairs.size() / 4);
  for (const Pair& p : star.pairs) EXPECT_EQ(p.relation, Relation::kNearDuplicate);
}

// Sampled-shingle lists under max_bucket_size pair every member of a group of near
// copies; max_partners keeps each document's strongest candidates only, and the group
// stays one cluster.
TEST(NearStageTest, EachDocumentKeepsItsStrongestSampledCandidates) {
  const std::vector<Document> docs = NearCopies(400);
  const ScanResult every = ScanNear(docs, 64, 1000, 100000);
  const ScanResult capped = ScanNear(docs, 64, 1000, 16);
  ASSERT_EQ(every.clusters.size(), 1u);
  ASSERT_EQ(capped.clusters.size(), 1u);
  EXPECT_EQ(capped.clusters[0].members, every.clusters[0].members);
  EXPECT_EQ(every.pairs.size(), docs.size() * (docs.size() - 1) / 2);  // every pair
  EXPECT_LT(capped.pairs.size(), every.pairs.size() / 2);
}

// In rewrite mode, the pairs of a group of near copies that the caps leave unlisted are
// copies still: the story typing does not report them as rewrites (it did, 8 a document,
// before it asked whether a pair inside one group of copy links is itself a copy).
TEST(NearStageTest, CopiesTheCapsLeaveUnlistedAreNotTypedAsRewrites) {
  const std::vector<Document> docs = NearCopies(400);
  const ScanResult result = ScanNear(docs, 64, 1000, 16, ScanMode::kRewrite);
  ASSERT_EQ(result.clusters.size(), 1u);
  EXPECT_EQ(result.clusters[0].members.size(), docs.size());
  EXPECT_LT(result.pairs.size(), docs.size() * (docs.size() - 1) / 2);  // the caps applied
  for (const Pair& p : result.pairs) EXPECT_EQ(p.relation, Relation::kNearDuplicate);
}

}  // namespace
}  // namespace doppel
