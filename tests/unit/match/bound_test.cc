#include "match/bound.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "match/profile.h"
#include "match/rewrite.h"
#include "match_test_util.h"
#include "text/stem.h"

namespace doppel::match {
namespace {

// Random documents over a small vocabulary (so many terms are shared, some held by one
// document only) and their TF-IDF corpus.
RewriteCorpus RandomCorpus(size_t num_docs, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> vocabulary;
  for (int i = 0; i < 400; ++i) {
    std::string word;
    for (int k = 0; k < 3 + i % 7; ++k) word += static_cast<char>('a' + (i * 7 + k * 13 + k * i) % 26);
    vocabulary.push_back(word + std::to_string(i));
  }
  text::Stemmer stemmer;
  std::vector<ContentProfile> profiles;
  for (size_t d = 0; d < num_docs; ++d) {
    std::string text;
    const int words = 5 + static_cast<int>(rng() % 200);
    for (int w = 0; w < words; ++w) {
      // Zipf-like: low indices often, high ones (mostly one document's) rarely.
      const size_t index = static_cast<size_t>(std::pow(rng() % 10000 / 10000.0, 3.0) * vocabulary.size());
      text += vocabulary[index] + (w % 12 == 11 ? ". " : " ");
    }
    profiles.push_back(BuildProfile(text, &stemmer));
  }
  return BuildRewriteCorpus(profiles, {}, nullptr);
}

TEST(QuantizeUpTest, RoundsUpIntoOneTo255) {
  EXPECT_EQ(QuantizeUp(1.0f, 1.0f), 255);
  EXPECT_EQ(QuantizeUp(0.5f, 1.0f), 128);  // 127.5 up
  EXPECT_EQ(QuantizeUp(1e-9f, 1.0f), 1);
  for (float w : {0.001f, 0.01f, 0.1f, 0.3f, 0.7f}) {
    EXPECT_GE(QuantizeUp(w, 0.7f) * (0.7 / 255.0), static_cast<double>(w));
  }
}

// The bound is never below the exact dot product, and close above it.
TEST(PackedVectorsTest, BoundIsAtLeastTheDotProduct) {
  const RewriteCorpus corpus = RandomCorpus(60, 3);
  const PackedVectors packed(corpus.vectors, corpus.df, {}, nullptr);
  PackedQuery query(corpus.df.num_terms());
  size_t pairs = 0;
  double worst_gap = 0;
  for (size_t a = 0; a < corpus.vectors.size(); ++a) {
    query.Set(corpus.vectors[a], packed);
    for (size_t b = 0; b < corpus.vectors.size(); ++b) {
      if (a == b) continue;
      const double exact = Dot(corpus.vectors[a], corpus.vectors[b]);
      const double bound = static_cast<double>(query.Sum(packed.begin(b), packed.end(b))) * query.scale() *
                           packed.scale(b);
      ASSERT_GE(bound, exact - 1e-9) << a << " " << b;
      worst_gap = std::max(worst_gap, bound - exact);
      pairs += exact > 0;
    }
    query.Clear(corpus.vectors[a], packed);
  }
  EXPECT_GT(pairs, 1000u);       // the documents do share terms
  EXPECT_LT(worst_gap, 0.05);    // and the bound is tight enough to filter on
}

// The entries are the vector's terms one for one, in order (those of a single document
// too), each with its q; an excluded document has none.
TEST(PackedVectorsTest, EntriesAreTheVectorsTermsAndExcludedDocumentsHaveNone) {
  const RewriteCorpus corpus = RandomCorpus(30, 5);
  std::vector<uint8_t> include(corpus.vectors.size(), 1);
  include[4] = 0;
  const PackedVectors packed(corpus.vectors, corpus.df, include, nullptr);
  EXPECT_EQ(packed.begin(4), packed.end(4));
  size_t single = 0;
  for (size_t d = 0; d < corpus.vectors.size(); ++d) {
    if (d == 4) continue;
    const TermVector& v = corpus.vectors[d];
    ASSERT_TRUE(packed.aligned(d)) << d;
    ASSERT_EQ(static_cast<size_t>(packed.end(d) - packed.begin(d)), v.terms.size()) << d;
    float m = 0;
    for (float w : v.weights) m = std::max(m, w);
    for (size_t k = 0; k < v.terms.size(); ++k) {
      EXPECT_EQ(packed.begin(d)[k] >> 8, packed.PackedId(v.terms[k])) << d << " " << k;
      EXPECT_EQ(packed.begin(d)[k] & 0xFFu, QuantizeUp(v.weights[k], m)) << d << " " << k;
      single += corpus.df.DfOf(v.terms[k]) == 1;
    }
  }
  EXPECT_GT(single, 0u);  // the corpus has terms of one document, which stay
}

// A layout moves where each document's entries lie, not what they are.
TEST(PackedVectorsTest, LayoutKeepsEachDocumentsEntries) {
  const RewriteCorpus corpus = RandomCorpus(50, 11);
  const PackedVectors plain(corpus.vectors, corpus.df, {}, nullptr);
  std::vector<uint32_t> layout(corpus.vectors.size());
  for (uint32_t d = 0; d < layout.size(); ++d) layout[d] = static_cast<uint32_t>(layout.size() - 1 - d);
  std::swap(layout[3], layout[20]);
  const PackedVectors moved(corpus.vectors, corpus.df, {}, nullptr, layout);
  for (size_t d = 0; d < corpus.vectors.size(); ++d) {
    EXPECT_EQ(std::vector<uint32_t>(plain.begin(d), plain.end(d)), std::vector<uint32_t>(moved.begin(d), moved.end(d)))
        << d;
    EXPECT_EQ(plain.scale(d), moved.scale(d));
  }
  // Laid out in that order: the last document's entries first, right before the next.
  const size_t last = corpus.vectors.size() - 1;
  EXPECT_EQ(moved.end(last), moved.begin(last - 1));
  // Slot k holds document layout[k], and reading by slot reads the same as by document.
  for (uint32_t k = 0; k < layout.size(); ++k) {
    const uint32_t d = layout[k];
    ASSERT_EQ(moved.slot(d), k);
    EXPECT_EQ(moved.begin_at(k), moved.begin(d));
    EXPECT_EQ(moved.end_at(k), moved.end(d));
    EXPECT_EQ(moved.scale_at(k), plain.scale(d));
    EXPECT_EQ(moved.aligned_at(k), plain.aligned(d));
    EXPECT_EQ(plain.slot(d), d);  // no layout: document order
  }
}

// SetFrom (a document's own entries) gives the query Set gives (its vector quantized): the
// same scale and the same sums against every document, on every path.
TEST(PackedQueryTest, SetFromEntriesIsSetFromTheVector) {
  const RewriteCorpus corpus = RandomCorpus(50, 23);
  const PackedVectors packed(corpus.vectors, corpus.df, {}, nullptr);
  for (common::SimdLevel simd : {common::SimdLevel::kScalar, common::BestSimd()}) {
    PackedQuery from_vector(simd), from_entries(simd);
    from_vector.Reserve(corpus.df.num_terms());
    from_entries.Reserve(corpus.df.num_terms());
    for (size_t a = 0; a < corpus.vectors.size(); ++a) {
      ASSERT_TRUE(packed.aligned(a));
      from_vector.Set(corpus.vectors[a], packed);
      from_entries.SetFrom(packed, a);
      EXPECT_EQ(from_entries.scale(), from_vector.scale()) << a;
      for (size_t b = 0; b < corpus.vectors.size(); ++b) {
        ASSERT_EQ(from_entries.Sum(packed.begin(b), packed.end(b)), from_vector.Sum(packed.begin(b), packed.end(b)))
            << a << " " << b;
      }
      from_vector.Clear(corpus.vectors[a], packed);
      from_entries.ClearFrom(packed, a);
      // Cleared: no sum left against anything.
      for (size_t b = 0; b < corpus.vectors.size(); ++b) ASSERT_EQ(from_entries.Sum(packed.begin(b), packed.end(b)), 0u);
    }
  }
}

// Packed ids number the terms by descending document frequency, ties by term id.
TEST(PackedVectorsTest, PackedIdsFollowDescendingDocumentFrequency) {
  const RewriteCorpus corpus = RandomCorpus(40, 7);
  const PackedVectors packed(corpus.vectors, corpus.df, {}, nullptr);
  const uint32_t num_terms = static_cast<uint32_t>(corpus.df.num_terms());
  std::vector<uint32_t> term_of(num_terms, DfTable::kNoTerm);
  for (uint32_t id = 0; id < num_terms; ++id) {
    ASSERT_LT(packed.PackedId(id), num_terms);
    ASSERT_EQ(term_of[packed.PackedId(id)], DfTable::kNoTerm) << "two terms share a packed id";
    term_of[packed.PackedId(id)] = id;
  }
  size_t df_steps = 0;
  for (uint32_t rank = 1; rank < num_terms; ++rank) {
    const uint32_t before = corpus.df.DfOf(term_of[rank - 1]), after = corpus.df.DfOf(term_of[rank]);
    ASSERT_GE(before, after) << rank;
    if (before == after) {
      EXPECT_LT(term_of[rank - 1], term_of[rank]);
    }
    df_steps += before != after;
  }
  EXPECT_GT(df_steps, 5u);  // the corpus has many document frequencies to order by
  // FirstIdHeldByAtMost: the packed ids from it on are exactly the terms held by at most
  // that many documents.
  for (uint32_t max_df : {0u, 1u, 2u, 5u, 20u, 1000u}) {
    const uint32_t first = PackedVectors::FirstIdHeldByAtMost(corpus.df, max_df);
    for (uint32_t rank = 0; rank < num_terms; ++rank) {
      ASSERT_EQ(rank >= first, corpus.df.DfOf(term_of[rank]) <= max_df) << max_df << " " << rank;
    }
  }
}

// FindRewriteCandidates finds the same pairs, with the same cosines, whether it filters
// through the packed bounds or the float filter; also at thresholds equal to pairs'
// cosines.
TEST(PackedVectorsTest, VerificationFindsTheSamePairsEitherWay) {
  const RewriteCorpus corpus = RandomCorpus(300, 9);
  RewriteSettings packed_settings, float_settings;
  packed_settings.pack_min_vector_bytes = 0;
  float_settings.pack_min_vector_bytes = ~size_t{0};
  std::vector<double> thresholds = {0.05, 0.15, 0.3};
  {
    float_settings.min_cosine = 0.05;
    const std::vector<ScoredPair> some = FindRewriteCandidates(corpus, {}, float_settings, nullptr, nullptr);
    ASSERT_GT(some.size(), 20u);
    thresholds.push_back(some[some.size() / 3].cosine);
    thresholds.push_back(some[some.size() / 2].cosine);
  }
  for (double threshold : thresholds) {
    packed_settings.min_cosine = float_settings.min_cosine = threshold;
    const std::vector<ScoredPair> x = FindRewriteCandidates(corpus, {}, packed_settings, nullptr, nullptr);
    const std::vector<ScoredPair> y = FindRewriteCandidates(corpus, {}, float_settings, nullptr, nullptr);
    SCOPED_TRACE(threshold);
    test_util::ExpectSamePairs(x, y);
  }
}

// RewriteSettings::max_shared_df keeps exactly the verified pairs whose documents share a
// term held by 2 to max_shared_df documents, or one of which holds none, on both
// verification paths (packed: from SharedByPackedId's mark; float: by lookup).
TEST(PackedVectorsTest, SharedDfRuleIsTheSharedUncommonTermTest) {
  const RewriteCorpus corpus = RandomCorpus(300, 9);
  std::vector<std::vector<uint32_t>> uncommon_of(corpus.vectors.size());
  RewriteSettings packed_settings, float_settings;
  packed_settings.pack_min_vector_bytes = 0;
  float_settings.pack_min_vector_bytes = ~size_t{0};
  packed_settings.min_cosine = float_settings.min_cosine = 0.05;
  size_t dropped = 0;
  for (uint32_t max_df : {2u, 5u, 20u, 60u}) {
    for (size_t d = 0; d < corpus.vectors.size(); ++d) {
      uncommon_of[d].clear();
      for (uint32_t t : corpus.vectors[d].terms) {
        const uint32_t df = corpus.df.DfOf(t);
        if (df >= 2 && df <= max_df) uncommon_of[d].push_back(t);
      }
    }
    auto admit = [&](uint32_t a, uint32_t b) {
      const std::vector<uint32_t>& x = uncommon_of[a];
      const std::vector<uint32_t>& y = uncommon_of[b];
      if (x.empty() || y.empty()) return true;
      for (uint32_t t : x) {
        if (std::find(y.begin(), y.end(), t) != y.end()) return true;
      }
      return false;
    };
    for (RewriteSettings settings : {packed_settings, float_settings}) {
      const std::vector<ScoredPair> expected = FindRewriteCandidates(corpus, {}, settings, nullptr, nullptr, admit);
      dropped += FindRewriteCandidates(corpus, {}, settings, nullptr, nullptr).size() - expected.size();
      settings.max_shared_df = max_df;
      const std::vector<ScoredPair> ruled = FindRewriteCandidates(corpus, {}, settings, nullptr, nullptr);
      SCOPED_TRACE(max_df);
      test_util::ExpectSamePairs(ruled, expected);
    }
  }
  EXPECT_GT(dropped, 20u);  // the rule is tested where it drops pairs
}

// Every code path of PackedQuery::Sum gives the scalar sums: lengths around the 16-entry
// blocks and past the 65,536 entries after which the SIMD lanes are flushed, ids up to the
// last term (the gathers read 4 bytes an id).
TEST(PackedQueryTest, EveryPathGivesTheScalarSum) {
  if (common::BestSimd() == common::SimdLevel::kScalar) {
    GTEST_SKIP() << "this CPU (or DOPPEL_SIMD=scalar) has only the scalar path";
  }
  constexpr uint32_t kTerms = 1000;
  std::mt19937 rng(13);
  TermVector query_vector;
  for (uint32_t id = 0; id < kTerms; id += 1 + rng() % 3) {
    query_vector.terms.push_back(id);
    query_vector.weights.push_back(static_cast<float>(1 + rng() % 1000) / 1000.0f);
  }
  query_vector.terms.push_back(kTerms - 1);  // the last id, read by a gather at the array's end
  query_vector.weights.push_back(1.0f);
  PackedQuery scalar(kTerms, common::SimdLevel::kScalar), simd(kTerms, common::BestSimd());
  scalar.Set(query_vector);
  simd.Set(query_vector);
  for (size_t length : {0, 1, 15, 16, 17, 100, 65535, 65536, 65537, 200000}) {
    std::vector<uint32_t> entries(length);
    for (uint32_t& e : entries) e = ((length % 2 ? kTerms - 1 - rng() % 8 : rng() % kTerms) << 8) | (1 + rng() % 255);
    ASSERT_EQ(simd.Sum(entries.data(), entries.data() + length), scalar.Sum(entries.data(), entries.data() + length))
        << length;
  }
  // The largest products everywhere: 32-bit lanes would wrap without their flushes.
  const std::vector<uint32_t> heaviest(1100001, ((kTerms - 1) << 8) | 255);
  EXPECT_EQ(simd.Sum(heaviest.data(), heaviest.data() + heaviest.size()), uint64_t{1100001} * 255 * 255);
  EXPECT_EQ(scalar.Sum(heaviest.data(), heaviest.data() + heaviest.size()), uint64_t{1100001} * 255 * 255);
}

// The code paths to compare: the portable one and, where the CPU has one, the widest.
std::vector<common::SimdLevel> Paths() {
  std::vector<common::SimdLevel> paths = {common::SimdLevel::kScalar};
  if (common::BestSimd() != common::SimdLevel::kScalar) paths.push_back(common::BestSimd());
  return paths;
}

// Calls fn(a, b, dense) for every ordered pair of the corpus's documents, `dense` holding
// a's weights by term id and zero elsewhere.
template <typename Fn>
void ForEachPairAgainstDense(const RewriteCorpus& corpus, Fn fn) {
  std::vector<float> dense(corpus.df.num_terms(), 0.0f);
  for (size_t a = 0; a < corpus.vectors.size(); ++a) {
    const TermVector& va = corpus.vectors[a];
    for (size_t i = 0; i < va.terms.size(); ++i) dense[va.terms[i]] = va.weights[i];
    for (size_t b = 0; b < corpus.vectors.size(); ++b) fn(a, b, dense);
    for (uint32_t t : va.terms) dense[t] = 0.0f;
  }
}

// The filter's rule (kFloatDotMargin) on FloatDot's sums, on every path, keeps a pair
// whose exact dot product reaches the threshold and drops one that misses it by more than
// the margin: over the corpus's document pairs, at thresholds just at and past each exact
// dot product.
TEST(FloatDotTest, EveryPathKeepsWhatReachesAndDropsWhatFallsShort) {
  const RewriteCorpus corpus = RandomCorpus(60, 29);
  size_t tested = 0;
  ForEachPairAgainstDense(corpus, [&](size_t a, size_t b, const std::vector<float>& dense) {
    const double exact = Dot(corpus.vectors[a], corpus.vectors[b]);
    if (exact <= 0) return;
    ++tested;
    for (common::SimdLevel simd : Paths()) {
      const TermVector& vb = corpus.vectors[b];
      const float sum = FloatDot(dense.data(), vb.terms.data(), vb.weights.data(), vb.terms.size(), simd);
      EXPECT_TRUE(sum >= static_cast<float>(exact) - kFloatDotMargin) << a << " " << b;
      EXPECT_FALSE(sum >= static_cast<float>(exact + 2 * kFloatDotMargin) - kFloatDotMargin) << a << " " << b;
    }
  });
  EXPECT_GT(tested, 1000u);
}

// FloatDotShared keeps, in order, exactly the terms of b that a holds: the exact sum over
// them is the sum over all of b's terms (and over the common terms, DotWithTop) to the
// last bit, on every path, and its float sum is within a tenth of FloatDot's margin.
// SharedByPackedId keeps the same terms in the same order as FloatDotShared, on every
// path: ExactDot gives the same sum to the last bit.
TEST(SharedByPackedIdTest, SameSharedTermsAsFloatDotSharedForAlignedDocuments) {
  const RewriteCorpus corpus = RandomCorpus(80, 37);
  const PackedVectors packed(corpus.vectors, corpus.df, {}, nullptr);
  std::vector<float> by_packed_id(corpus.df.num_terms(), 0.0f);
  size_t compared = 0, marked = 0;
  ForEachPairAgainstDense(corpus, [&](size_t a, size_t b, const std::vector<float>& dense) {
    ASSERT_TRUE(packed.aligned(b));
    const TermVector& va = corpus.vectors[a];
    const TermVector& vb = corpus.vectors[b];
    ASSERT_EQ(static_cast<size_t>(packed.end(b) - packed.begin(b)), vb.terms.size());
    for (size_t i = 0; i < va.terms.size(); ++i) by_packed_id[packed.PackedId(va.terms[i])] = va.weights[i];
    SharedTerms expected;
    FloatDotShared(dense.data(), vb.terms.data(), vb.weights.data(), vb.terms.size(), &expected);
    for (common::SimdLevel simd : Paths()) {
      SharedTerms shared;
      SharedByPackedId(by_packed_id.data(), packed.begin(b), vb.weights.data(), vb.terms.size(), &shared, simd);
      ASSERT_EQ(shared.size, expected.size) << a << " " << b;
      for (size_t k = 0; k < shared.size; ++k) {
        ASSERT_EQ(shared.dense[k], expected.dense[k]);
        ASSERT_EQ(shared.weights[k], expected.weights[k]);
      }
      EXPECT_EQ(ExactDot(shared).dot, ExactDot(expected).dot);
      // Marked: a shared term's packed id is at least mark_from_id (checked at a few cuts).
      for (uint32_t cut : {0u, 5u, 50u, 200u, static_cast<uint32_t>(corpus.df.num_terms())}) {
        bool expected_mark = false;
        for (size_t k = 0; k < vb.terms.size(); ++k) {
          const uint32_t id = packed.PackedId(vb.terms[k]);
          expected_mark |= by_packed_id[id] != 0.0f && id >= cut;
        }
        SharedByPackedId(by_packed_id.data(), packed.begin(b), vb.weights.data(), vb.terms.size(), &shared, simd, cut);
        ASSERT_EQ(shared.marked, expected_mark) << a << " " << b << " " << cut;
        marked += expected_mark;
      }
    }
    compared += expected.size > 0;
    for (uint32_t t : va.terms) by_packed_id[packed.PackedId(t)] = 0.0f;
  });
  EXPECT_GT(compared, 100u);
  EXPECT_GT(marked, 100u);
}

TEST(FloatDotSharedTest, ExactSumOverSharedTermsIsTheFullSumToTheLastBit) {
  const RewriteCorpus corpus = RandomCorpus(60, 31);
  size_t with_shared = 0;
  ForEachPairAgainstDense(corpus, [&](size_t a, size_t b, const std::vector<float>& dense) {
    const TermVector& vb = corpus.vectors[b];
    DotParts full;
    size_t common = 0;
    for (size_t j = 0; j < vb.terms.size(); ++j) {
      const double product = static_cast<double>(dense[vb.terms[j]]) * vb.weights[j];
      full.dot += product;
      full.top_term = std::max(full.top_term, product);
      common += dense[vb.terms[j]] != 0.0f;
    }
    with_shared += common > 0;
    for (common::SimdLevel simd : Paths()) {
      SharedTerms shared;
      const float sum = FloatDotShared(dense.data(), vb.terms.data(), vb.weights.data(), vb.terms.size(), &shared, simd);
      EXPECT_NEAR(sum, full.dot, kFloatDotMargin / 10) << a << " " << b;
      ASSERT_EQ(shared.size, common) << a << " " << b;
      const DotParts parts = ExactDot(shared);
      EXPECT_EQ(parts.dot, full.dot) << a << " " << b;
      EXPECT_EQ(parts.top_term, full.top_term) << a << " " << b;
      EXPECT_EQ(parts.dot, DotWithTop(corpus.vectors[a], vb).dot) << a << " " << b;
    }
  });
  EXPECT_GT(with_shared, 1000u);
}

}  // namespace
}  // namespace doppel::match
