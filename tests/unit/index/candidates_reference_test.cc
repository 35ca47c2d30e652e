// CandidatesFromPostings (prefix filtering) against brute-force counting of every shared
// key, on random postings with skewed key frequencies, repeated postings and oversized
// lists (stars), over random options and thread counts.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <random>
#include <tuple>
#include <utility>
#include <vector>

#include "common/thread_pool.h"
#include "index/candidates.h"

namespace doppel::index {
namespace {

// The definition, counted pair by pair: documents a < b share a key when both are in its
// list; through a list longer than max_posting_size (members in document order) only when
// a is one of its first star_size members. Kept when the count reaches min_shared_keys and
// ceil(min_shared_fraction x the keys of the document with fewer).
std::vector<Candidate> BruteForce(std::vector<Posting> postings, uint32_t num_docs,
                                  const CandidateOptions& options) {
  std::map<uint64_t, std::vector<uint32_t>> lists;
  // (The key copied out: Posting is packed, and a reference to its key would be misaligned.)
  for (const Posting& p : postings) lists[uint64_t{p.key}].push_back(p.doc);
  std::vector<uint32_t> keys(num_docs, 0);
  for (auto& [key, docs] : lists) {
    std::sort(docs.begin(), docs.end());
    docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
    for (uint32_t d : docs) ++keys[d];
  }
  const uint32_t star = std::max<uint32_t>(1, options.star_size);
  std::vector<uint32_t> shared(static_cast<size_t>(num_docs) * num_docs, 0);  // [a][b], a < b
  for (const auto& [key, docs] : lists) {
    const bool oversized = docs.size() > options.max_posting_size;
    for (size_t i = 0; i < docs.size(); ++i) {
      if (oversized && i >= star) break;
      for (size_t j = i + 1; j < docs.size(); ++j) ++shared[size_t{docs[i]} * num_docs + docs[j]];
    }
  }
  std::vector<Candidate> out;
  for (uint32_t a = 0; a < num_docs; ++a) {
    for (uint32_t b = a + 1; b < num_docs; ++b) {
      const uint32_t count = shared[size_t{a} * num_docs + b];
      const uint32_t fewer = std::min(keys[a], keys[b]);
      if (count > 0 && count >= options.min_shared_keys &&
          count >= std::ceil(options.min_shared_fraction * fewer - 1e-9)) {
        out.push_back({a, b, count});
      }
    }
  }
  if (options.max_partners == 0) return out;
  // Each pair belongs to the document that comes first by (keys, index); each document
  // keeps its max_partners partners sharing the most keys (ties: the lower index).
  auto before = [&](uint32_t x, uint32_t y) { return keys[x] != keys[y] ? keys[x] < keys[y] : x < y; };
  std::map<uint32_t, std::vector<std::pair<uint32_t, uint32_t>>> by_finder;  // finder -> (partner, count)
  for (const Candidate& c : out) {
    const uint32_t finder = before(c.a, c.b) ? c.a : c.b;
    by_finder[finder].push_back({finder == c.a ? c.b : c.a, c.shared});
  }
  std::vector<Candidate> kept;
  for (auto& [finder, partners] : by_finder) {
    std::sort(partners.begin(), partners.end(), [](const auto& p, const auto& q) {
      return p.second != q.second ? p.second > q.second : p.first < q.first;
    });
    if (partners.size() > options.max_partners) partners.resize(options.max_partners);
    for (const auto& [partner, count] : partners) kept.push_back({std::min(finder, partner), std::max(finder, partner), count});
  }
  std::sort(kept.begin(), kept.end(), [](const Candidate& x, const Candidate& y) {
    return x.a != y.a ? x.a < y.a : x.b < y.b;
  });
  return kept;
}

// Whether `got` equals `expected` candidate by candidate (a, b, shared); on failure,
// the first difference.
::testing::AssertionResult SameCandidates(const std::vector<Candidate>& got, const std::vector<Candidate>& expected) {
  if (got.size() != expected.size()) {
    return ::testing::AssertionFailure() << got.size() << " candidates, expected " << expected.size();
  }
  for (size_t i = 0; i < got.size(); ++i) {
    if (std::tie(got[i].a, got[i].b, got[i].shared) != std::tie(expected[i].a, expected[i].b, expected[i].shared)) {
      return ::testing::AssertionFailure()
             << "candidate " << i << ": (" << got[i].a << ", " << got[i].b << ", " << got[i].shared
             << "), expected (" << expected[i].a << ", " << expected[i].b << ", " << expected[i].shared << ")";
    }
  }
  return ::testing::AssertionSuccess();
}

struct RandomCase {
  std::vector<Posting> postings;
  uint32_t num_docs;
  CandidateOptions options;
};

RandomCase MakeCase(uint32_t seed) {
  std::mt19937 rng(seed);
  RandomCase c;
  c.num_docs = 50 + rng() % 400;
  const uint32_t vocabulary = 20 + rng() % 600;
  // Skewed key frequencies (keys near 0 are common), a few keys in almost every
  // document, documents of very different sizes, some repeated postings, and groups of
  // documents copying each other's keys (so that high thresholds still find pairs).
  std::geometric_distribution<uint32_t> skew(3.0 / vocabulary);
  for (uint32_t d = 0; d < c.num_docs; ++d) {
    const uint32_t size = rng() % 4 == 0 ? 1 + rng() % 4 : 5 + rng() % 60;
    for (uint32_t k = 0; k < size; ++k) c.postings.push_back({skew(rng) % vocabulary, d});
    if (rng() % 8 == 0) c.postings.push_back({1000000u + rng() % 3, d});
    if (rng() % 10 == 0 && !c.postings.empty()) c.postings.push_back(c.postings.back());
  }
  const size_t originals = c.postings.size();
  for (uint32_t copy = 0; copy < c.num_docs / 10; ++copy) {
    const uint32_t source = rng() % c.num_docs, target = rng() % c.num_docs;
    const uint32_t keep = 1 + rng() % 4;  // keep about keep/4 of the source's keys
    for (size_t i = 0; i < originals; ++i) {
      if (c.postings[i].doc == source && rng() % 4 < keep) c.postings.push_back({c.postings[i].key, target});
    }
  }
  std::shuffle(c.postings.begin(), c.postings.end(), rng);
  c.options.min_shared_keys = rng() % 5;
  const double fractions[] = {0.0, 0.1, 0.25, 0.5, 0.5, 0.75, 0.9, 1.0};
  c.options.min_shared_fraction = fractions[rng() % 8];
  c.options.max_posting_size = rng() % 3 == 0 ? 1000 : 2 + rng() % 40;
  c.options.star_size = rng() % 6;  // 0 behaves as 1
  c.options.max_partners = rng() % 3 == 0 ? 1 + rng() % 6 : 0;
  return c;
}

std::string Describe(const RandomCase& c, uint32_t seed) {
  return "seed " + std::to_string(seed) + ": " + std::to_string(c.num_docs) + " docs, " +
         std::to_string(c.postings.size()) + " postings, min_shared_keys " +
         std::to_string(c.options.min_shared_keys) + ", fraction " +
         std::to_string(c.options.min_shared_fraction) + ", max_posting_size " +
         std::to_string(c.options.max_posting_size) + ", star " +
         std::to_string(c.options.star_size) + ", max_partners " + std::to_string(c.options.max_partners);
}

TEST(CandidatesReferenceTest, SameCandidatesAndCountsAsBruteForce) {
  common::ThreadPool three(3);
  size_t nonempty = 0, with_oversized = 0, capped = 0;
  for (uint32_t seed = 1; seed <= 200; ++seed) {
    const RandomCase c = MakeCase(seed);
    const std::vector<Candidate> expected = BruteForce(c.postings, c.num_docs, c.options);
    std::vector<Posting> work = c.postings;
    CandidateStats stats;
    const std::vector<Candidate> got =
        CandidatesFromPostings(&work, c.num_docs, c.options, seed % 2 ? &three : nullptr, &stats);
    nonempty += !expected.empty();
    with_oversized += stats.oversized_lists > 0;
    if (c.options.max_partners != 0) {
      CandidateOptions unlimited = c.options;
      unlimited.max_partners = 0;
      capped += BruteForce(c.postings, c.num_docs, unlimited).size() > expected.size();
    }
    ASSERT_TRUE(SameCandidates(got, expected)) << Describe(c, seed);
  }
  // The generator must exercise what the filter can get wrong.
  EXPECT_GT(nonempty, 130u);
  EXPECT_GT(with_oversized, 60u);
  EXPECT_GT(capped, 20u);  // max_partners dropped some candidates
}

// Inputs large enough for the keys of one document to be dropped before the sort
// (DropUniqueKeys, from 65,536 postings): mostly unique 64-bit keys, as LSH band keys
// are, some of them repeated within their document (a unique key still counts once
// towards its document's keys, which the fraction rule reads), plus shared keys; and a
// case where most keys are shared, where the filter stands aside.
TEST(CandidatesReferenceTest, LargeInputsWithMostlyUniqueKeysAsBruteForce) {
  common::ThreadPool two(2);
  for (uint32_t seed = 1; seed <= 4; ++seed) {
    std::mt19937_64 rng(seed);
    const uint32_t num_docs = 1500;
    const bool mostly_shared = seed == 4;
    std::vector<Posting> postings;
    size_t previous_begin = 0;
    for (uint32_t d = 0; d < num_docs; ++d) {
      const size_t begin = postings.size();
      const uint32_t size = 20 + rng() % 60;
      for (uint32_t k = 0; k < size; ++k) {
        const bool shared = mostly_shared ? rng() % 10 != 0 : rng() % 8 == 0;
        postings.push_back({shared ? rng() % 3000 : rng(), d});
        if (rng() % 16 == 0) postings.push_back(postings.back());
      }
      // Every tenth document copies about half of the one before (pairs the fraction
      // rule keeps).
      if (d % 10 == 1) {
        for (size_t i = previous_begin; i < begin; ++i) {
          if (rng() % 2 == 0) postings.push_back({postings[i].key, d});
        }
      }
      previous_begin = begin;
    }
    std::shuffle(postings.begin(), postings.end(), rng);
    ASSERT_GE(postings.size(), size_t{65536});
    CandidateOptions options;
    options.min_shared_keys = 2;
    options.min_shared_fraction = seed == 2 ? 0.1 : 0.0;
    options.max_posting_size = seed == 3 ? 10 : 1000;
    const std::vector<Candidate> expected = BruteForce(postings, num_docs, options);
    for (common::ThreadPool* pool : {static_cast<common::ThreadPool*>(nullptr), &two}) {
      std::vector<Posting> work = postings;
      CandidateStats stats;
      const std::vector<Candidate> got = CandidatesFromPostings(&work, num_docs, options, pool, &stats);
      ASSERT_TRUE(SameCandidates(got, expected)) << "seed " << seed;
    }
    EXPECT_FALSE(expected.empty()) << "seed " << seed;
  }
}

// Enough shared postings left after the unique keys go (>= 65,536) for the sort's top level
// to scatter them in parallel into the room the dropped ones leave (two threads or more):
// the same candidates as brute force with one, two and three threads and with none.
TEST(CandidatesReferenceTest, ScatteredTopLevelAsBruteForce) {
  std::mt19937_64 rng(11);
  const uint32_t num_docs = 4000;
  std::vector<Posting> postings;
  for (uint32_t d = 0; d < num_docs; ++d) {
    const uint32_t size = 50 + rng() % 50;
    for (uint32_t k = 0; k < size; ++k) {
      const bool shared = rng() % 10 < 3;
      postings.push_back({shared ? rng() % 20000 : rng(), d});
    }
  }
  std::shuffle(postings.begin(), postings.end(), rng);
  size_t shared_postings = 0;
  for (const Posting& p : postings) shared_postings += p.key < 20000;
  ASSERT_GE(shared_postings, size_t{65536});
  ASSERT_GE(postings.size() - shared_postings, shared_postings);  // room for the scatter
  CandidateOptions options;
  options.min_shared_keys = 2;
  options.max_posting_size = 1000;
  const std::vector<Candidate> expected = BruteForce(postings, num_docs, options);
  EXPECT_FALSE(expected.empty());
  common::ThreadPool one(1), two(2), three(3);
  for (common::ThreadPool* pool : {static_cast<common::ThreadPool*>(nullptr), &one, &two, &three}) {
    std::vector<Posting> work = postings;
    const std::vector<Candidate> got = CandidatesFromPostings(&work, num_docs, options, pool, nullptr);
    ASSERT_TRUE(SameCandidates(got, expected)) << (pool ? pool->num_threads() : 0) << " threads";
  }
}

// Packed postings (key << 32 | document, sorted) past the size from which two threads
// pass the lists' two halves at once (CollectLists): the same candidates as brute force
// with and without a pool, the cut falling inside long lists and between short ones.
TEST(CandidatesReferenceTest, LargePackedInputsAsBruteForce) {
  common::ThreadPool two(2);
  for (uint32_t seed = 1; seed <= 3; ++seed) {
    std::mt19937_64 rng(seed);
    const uint32_t num_docs = 2000;
    // Seed 1: a few hundred common keys (long lists); 2: many rare keys; 3: one key held
    // by every document (the middle posting falls inside it).
    const uint32_t vocabulary = seed == 1 ? 300 : 40000;
    std::vector<Posting> postings;
    for (uint32_t d = 0; d < num_docs; ++d) {
      const uint32_t size = 30 + rng() % 50;
      for (uint32_t k = 0; k < size; ++k) postings.push_back({rng() % vocabulary, d});
      if (seed == 3) {
        for (int r = 0; r < 40; ++r) postings.push_back({7, d});
      }
    }
    std::vector<uint64_t> sorted;
    for (const Posting& p : postings) sorted.push_back(p.key << 32 | p.doc);
    std::sort(sorted.begin(), sorted.end());
    ASSERT_GE(sorted.size(), size_t{65536});
    CandidateOptions options;
    options.min_shared_keys = seed == 1 ? 6 : 2;
    options.max_posting_size = seed == 3 ? 5000 : 1000;
    const std::vector<Candidate> expected = BruteForce(postings, num_docs, options);
    for (common::ThreadPool* pool : {static_cast<common::ThreadPool*>(nullptr), &two}) {
      common::FillVector<uint64_t> packed(sorted.begin(), sorted.end());
      CandidateStats stats;
      const std::vector<Candidate> got = CandidatesFromPackedPostings(&packed, num_docs, options, pool, &stats);
      ASSERT_TRUE(SameCandidates(got, expected)) << "seed " << seed << (pool ? ", two threads" : ", one");
    }
    EXPECT_FALSE(expected.empty()) << "seed " << seed;
  }
}

TEST(CandidatesReferenceTest, ExcerptFoundThroughItsRarestKeysOnly) {
  // Doc 0 (4 keys) shares its two most common keys (2, 3: in every document) with doc 1
  // and nothing rare: with fraction 0.5 it needs 2 shared keys, and it has them.
  std::vector<Posting> postings;
  for (uint64_t k : {0, 1, 2, 3}) postings.push_back({k, 0});
  for (uint64_t k : {2, 3, 7, 8, 9, 10}) postings.push_back({k, 1});
  for (uint32_t d = 2; d < 12; ++d) {
    postings.push_back({2, d});
    postings.push_back({3, d});
    postings.push_back({100 + d, d});
  }
  CandidateOptions options;
  options.min_shared_keys = 2;
  options.min_shared_fraction = 0.5;
  const std::vector<Candidate> expected = BruteForce(postings, 12, options);
  const std::vector<Candidate> got = CandidatesFromPostings(&postings, 12, options, nullptr, nullptr);
  ASSERT_EQ(got.size(), expected.size());
  ASSERT_FALSE(got.empty());
  EXPECT_EQ(got[0].a, 0u);
  EXPECT_EQ(got[0].b, 1u);
  EXPECT_EQ(got[0].shared, 2u);
}

}  // namespace
}  // namespace doppel::index
