#include "index/candidates.h"

#include <gtest/gtest.h>

#include "common/thread_pool.h"

namespace doppel::index {
namespace {

uint32_t NumDocs(const std::vector<Posting>& postings) {
  uint32_t n = 0;
  for (const Posting& p : postings) n = std::max(n, p.doc + 1);
  return n;
}

TEST(CandidatesTest, PairsDocumentsSharingEnoughKeys) {
  std::vector<Posting> postings = {{1, 0}, {1, 1}, {2, 0}, {2, 1}, {2, 2}, {3, 2}, {3, 3}};
  CandidateOptions options;
  options.min_shared_keys = 2;
  auto c = CandidatesFromPostings(&postings, NumDocs(postings), options, nullptr, nullptr);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].a, 0u);
  EXPECT_EQ(c[0].b, 1u);
  EXPECT_EQ(c[0].shared, 2u);
}

TEST(CandidatesTest, RepeatedPostingCountsOnce) {
  std::vector<Posting> postings = {{5, 0}, {5, 0}, {5, 1}};
  CandidateOptions options;
  options.min_shared_keys = 2;
  EXPECT_TRUE(CandidatesFromPostings(&postings, NumDocs(postings), options, nullptr, nullptr).empty());
}

TEST(CandidatesTest, OversizedListBecomesAStar) {
  std::vector<Posting> postings;
  for (uint32_t d = 0; d < 50; ++d) postings.push_back({42, d});
  CandidateOptions options;
  options.max_posting_size = 10;
  options.star_size = 2;
  CandidateStats stats;
  auto c = CandidatesFromPostings(&postings, NumDocs(postings), options, nullptr, &stats);
  // Members 0 and 1 are the core: 49 + 48 pairs instead of 1225.
  EXPECT_EQ(c.size(), 49u + 48u);
  EXPECT_EQ(stats.oversized_lists, 1u);
  for (const Candidate& x : c) EXPECT_LE(x.a, 1u);
}

TEST(CandidatesTest, SharedFractionOfTheSmallerDocument) {
  // Doc 0 has 4 keys, doc 1 has 10 keys: they share 2 (half of doc 0's).
  // Doc 2 has 10 keys and shares 2 with doc 1 (a fifth): dropped at fraction 0.5.
  std::vector<Posting> postings;
  for (uint64_t k : {1, 2, 3, 4}) postings.push_back({k, 0});
  for (uint64_t k : {1, 2, 10, 11, 12, 13, 14, 15, 16, 17}) postings.push_back({k, 1});
  for (uint64_t k : {10, 11, 30, 31, 32, 33, 34, 35, 36, 37}) postings.push_back({k, 2});
  CandidateOptions options;
  options.min_shared_keys = 2;
  options.min_shared_fraction = 0.5;
  auto c = CandidatesFromPostings(&postings, 3, options, nullptr, nullptr);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].a, 0u);
  EXPECT_EQ(c[0].b, 1u);
}

// 3,000 documents of 6 keys each out of 997, so that lists of about 18 documents form,
// some of them over the posting cap of the options below.
constexpr uint32_t kManyDocs = 3000;
std::vector<Posting> ManyDocsPostings() {
  std::vector<Posting> postings;
  for (uint32_t d = 0; d < kManyDocs; ++d) {
    for (uint64_t k = 0; k < 6; ++k) postings.push_back({(d * 7 + k * 13) % 997, d});
  }
  return postings;
}
CandidateOptions ManyDocsOptions() {
  CandidateOptions options;
  options.min_shared_keys = 2;
  options.max_posting_size = 20;
  return options;
}

TEST(CandidatesTest, SameResultForAnyThreadCount) {
  const std::vector<Posting> base = ManyDocsPostings();
  const CandidateOptions options = ManyDocsOptions();
  auto p1 = base, p2 = base;
  common::ThreadPool one(1), three(3);
  auto c1 = CandidatesFromPostings(&p1, kManyDocs, options, &one, nullptr);
  auto c3 = CandidatesFromPostings(&p2, kManyDocs, options, &three, nullptr);
  ASSERT_EQ(c1.size(), c3.size());
  ASSERT_FALSE(c1.empty());
  for (size_t i = 0; i < c1.size(); ++i) {
    EXPECT_EQ(c1[i].a, c3[i].a);
    EXPECT_EQ(c1[i].b, c3[i].b);
    EXPECT_EQ(c1[i].shared, c3[i].shared);
    EXPECT_LT(c1[i].a, c1[i].b);
  }
}

// VisitCandidates hands over, chunk by chunk, exactly the candidates CandidatesFromPostings
// returns (each once, from a document of the chunk, grouped by it in ascending order), the
// same chunks with the same contents for any thread count; SortPairsByDocuments puts them
// back in (a, b) order.
TEST(CandidatesTest, VisitedChunksHoldEveryCandidateOnce) {
  const std::vector<Posting> base = ManyDocsPostings();
  const CandidateOptions options = ManyDocsOptions();
  auto reference_postings = base;
  const std::vector<Candidate> reference = CandidatesFromPostings(&reference_postings, kManyDocs, options, nullptr, nullptr);
  ASSERT_FALSE(reference.empty());
  std::vector<std::vector<std::vector<Candidate>>> by_pool;
  for (size_t threads : {1, 3}) {
    common::ThreadPool pool(threads);
    auto postings = base;
    std::vector<std::vector<Candidate>> chunks(NumCandidateChunks(kManyDocs));
    CandidateStats stats;
    VisitCandidates(&postings, kManyDocs, options, &pool, &stats, [&chunks](size_t chunk, std::vector<Candidate>* found) {
      ASSERT_TRUE(chunks[chunk].empty()) << "chunk " << chunk << " visited twice";
      chunks[chunk] = *found;
    });
    for (size_t chunk = 0; chunk < chunks.size(); ++chunk) {
      for (size_t i = 0; i < chunks[chunk].size(); ++i) {
        const Candidate& c = chunks[chunk][i];
        EXPECT_EQ(c.a / kCandidateChunk, chunk);
        if (i > 0) {
          EXPECT_LE(chunks[chunk][i - 1].a, c.a);
        }
        EXPECT_NE(c.a, c.b);
      }
    }
    by_pool.push_back(chunks);
    for (auto& chunk : chunks) {
      for (Candidate& c : chunk) {
        if (c.a > c.b) std::swap(c.a, c.b);
      }
    }
    const std::vector<Candidate> sorted = SortPairsByDocuments(&chunks, kManyDocs, &pool);
    ASSERT_EQ(sorted.size(), reference.size());
    for (size_t i = 0; i < sorted.size(); ++i) {
      EXPECT_EQ(sorted[i].a, reference[i].a);
      EXPECT_EQ(sorted[i].b, reference[i].b);
      EXPECT_EQ(sorted[i].shared, reference[i].shared);
    }
    for (const auto& chunk : chunks) EXPECT_TRUE(chunk.empty());
  }
  ASSERT_EQ(by_pool[0].size(), by_pool[1].size());
  for (size_t chunk = 0; chunk < by_pool[0].size(); ++chunk) {
    ASSERT_EQ(by_pool[0][chunk].size(), by_pool[1][chunk].size());
    for (size_t i = 0; i < by_pool[0][chunk].size(); ++i) {
      EXPECT_EQ(by_pool[0][chunk][i].a, by_pool[1][chunk][i].a);
      EXPECT_EQ(by_pool[0][chunk][i].b, by_pool[1][chunk][i].b);
    }
  }
}

TEST(CandidatesTest, BandKeysMatchOnlyForEqualBands) {
  // Three documents, 2 bands x 2 rows: doc 1 equals doc 0 in band 0 only.
  std::vector<uint32_t> sigs = {1, 2, 3, 4,  1, 2, 9, 9,  7, 7, 7, 7};
  std::vector<uint8_t> include = {1, 1, 1};
  auto postings = BandPostings(sigs, 4, 2, 2, include);
  ASSERT_EQ(postings.size(), 6u);
  CandidateOptions options;
  auto c = CandidatesFromPostings(&postings, NumDocs(postings), options, nullptr, nullptr);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].a, 0u);
  EXPECT_EQ(c[0].b, 1u);
}

TEST(CandidatesTest, SameRowsInDifferentBandsDoNotCollide) {
  std::vector<uint32_t> sigs = {1, 2, 3, 4,  3, 4, 1, 2};
  std::vector<uint8_t> include = {1, 1};
  auto postings = BandPostings(sigs, 4, 2, 2, include);
  EXPECT_TRUE(CandidatesFromPostings(&postings, NumDocs(postings), CandidateOptions{}, nullptr, nullptr).empty());
}

TEST(CandidatesTest, ExcludedDocumentsGetNoPostings) {
  std::vector<uint32_t> sigs = {1, 1, 1, 1};
  auto postings = BandPostings(sigs, 2, 1, 2, {1, 0});
  EXPECT_EQ(postings.size(), 1u);
}

}  // namespace
}  // namespace doppel::index
