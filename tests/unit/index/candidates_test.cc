#include "index/candidates.h"

#include <gtest/gtest.h>

namespace doppel::index {
namespace {

TEST(CandidatesTest, PairsDocumentsSharingEnoughKeys) {
  std::vector<Posting> postings = {{1, 0}, {1, 1}, {2, 0}, {2, 1}, {2, 2}, {3, 2}, {3, 3}};
  CandidateOptions options;
  options.min_shared_keys = 2;
  auto c = CandidatesFromPostings(&postings, options, nullptr);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].a, 0u);
  EXPECT_EQ(c[0].b, 1u);
  EXPECT_EQ(c[0].shared, 2u);
}

TEST(CandidatesTest, RepeatedPostingCountsOnce) {
  std::vector<Posting> postings = {{5, 0}, {5, 0}, {5, 1}};
  CandidateOptions options;
  options.min_shared_keys = 2;
  EXPECT_TRUE(CandidatesFromPostings(&postings, options, nullptr).empty());
}

TEST(CandidatesTest, OversizedListBecomesAStar) {
  std::vector<Posting> postings;
  for (uint32_t d = 0; d < 50; ++d) postings.push_back({42, d});
  CandidateOptions options;
  options.max_posting_size = 10;
  options.star_size = 2;
  CandidateStats stats;
  auto c = CandidatesFromPostings(&postings, options, &stats);
  // Members 0 and 1 are the core: 49 + 48 pairs instead of 1225.
  EXPECT_EQ(c.size(), 49u + 48u);
  EXPECT_EQ(stats.oversized_lists, 1u);
  for (const Candidate& x : c) EXPECT_LE(x.a, 1u);
}

TEST(CandidatesTest, BandKeysMatchOnlyForEqualBands) {
  // Three documents, 2 bands x 2 rows: doc 1 equals doc 0 in band 0 only.
  std::vector<uint32_t> sigs = {1, 2, 3, 4,  1, 2, 9, 9,  7, 7, 7, 7};
  std::vector<uint8_t> include = {1, 1, 1};
  auto postings = BandPostings(sigs, 4, 2, 2, include);
  ASSERT_EQ(postings.size(), 6u);
  CandidateOptions options;
  auto c = CandidatesFromPostings(&postings, options, nullptr);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].a, 0u);
  EXPECT_EQ(c[0].b, 1u);
}

TEST(CandidatesTest, SameRowsInDifferentBandsDoNotCollide) {
  std::vector<uint32_t> sigs = {1, 2, 3, 4,  3, 4, 1, 2};
  std::vector<uint8_t> include = {1, 1};
  auto postings = BandPostings(sigs, 4, 2, 2, include);
  EXPECT_TRUE(CandidatesFromPostings(&postings, CandidateOptions{}, nullptr).empty());
}

TEST(CandidatesTest, ExcludedDocumentsGetNoPostings) {
  std::vector<uint32_t> sigs = {1, 1, 1, 1};
  auto postings = BandPostings(sigs, 2, 1, 2, {1, 0});
  EXPECT_EQ(postings.size(), 1u);
}

}  // namespace
}  // namespace doppel::index
