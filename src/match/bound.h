// Upper bounds of TF-IDF dot products from 8-bit weights, for candidate verification.
//
// Verification reads each candidate partner's whole vector (4-byte id + 4-byte weight per
// term): on the 100k bench corpus, 5.5 M candidates stream some 11 GB, and the loop waits
// on those loads. Most candidates fail (83% there). A PackedVectors entry is 4 bytes, the
// term id and an 8-bit weight rounded up, so the test that drops a failing candidate reads
// half the bytes; the candidates that may pass take their exact weights from the vectors
// at the shared terms only (SharedByPackedId). The entries are the vector's terms one for
// one, those of a single document included (1-3% of the terms of real news: left out,
// they made the entries stop matching the vector's positions).
//
// The bound: each weight w of a vector with largest weight m is stored as
// q = ceil(255 w / m) (1..255), so w <= q m / 255, and for two vectors
//   sum_t a_t b_t <= (m_a / 255) (m_b / 255) sum_t qa_t qb_t,
// an integer sum computed exactly. It is never below the true dot product (up to double
// rounding, which the caller's margin covers), so filtering on it drops no pair that
// reaches the threshold.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/fill_vector.h"
#include "common/simd.h"
#include "match/weights.h"

namespace doppel::common {
class ThreadPool;
}

namespace doppel::match {

class PackedVectors {
 public:
  // Term ids must fit 24 bits.
  static constexpr size_t kMaxTerms = size_t{1} << 24;

  // Packs vectors[d] for every d with include[d] != 0 (all when include is empty). Requires
  // df.num_terms() <= kMaxTerms. The entries lie in memory in the order of `layout` (a
  // permutation of the documents; document order when empty), so that documents read
  // one after another can be put side by side. `pool` may be null.
  PackedVectors(const std::vector<TermVector>& vectors, const DfTable& df,
                const std::vector<uint8_t>& include, common::ThreadPool* pool,
                const std::vector<uint32_t>& layout = {});

  // The packed id of a term id: terms are renumbered by descending document frequency
  // (ties by term id), so that the ids of the terms most documents hold, which most
  // entries name, are a few small ones and a query's weights for them (PackedQuery) sit
  // in a few cache lines instead of all over an array of every term.
  uint32_t PackedId(uint32_t term) const { return packed_id_[term]; }
  // The packed ids of the terms `df` counts in at most max_df documents are this one and
  // those after it (the terms in more documents come first).
  static uint32_t FirstIdHeldByAtMost(const DfTable& df, uint32_t max_df);

  // Entries of document d: (packed id << 8) | q, in its vector's term order (the sums
  // over them do not depend on the order, and sorting them by packed id bought nothing).
  const uint32_t* begin(size_t d) const { return begin_at(slot(d)); }
  const uint32_t* end(size_t d) const { return end_at(slot(d)); }
  // m_d / 255: a weight's bound is q * scale(d).
  double scale(size_t d) const { return scale_at(slot(d)); }
  // Whether d's entries are its vector's terms one for one (every weight positive, as
  // TF-IDF weights are), so that entry k is term k of vectors[d].
  bool aligned(size_t d) const { return aligned_at(slot(d)); }

  // The same by slot: document layout[k] is in slot k (document d in slot d without a
  // layout). A caller that reads documents in layout order reads their sizes and scales
  // in memory order too (by document they were a cache miss a partner on the 100k bench
  // corpus: 45% of the verification loop's own time).
  size_t slot(size_t d) const { return slot_of_.empty() ? d : slot_of_[d]; }
  const uint32_t* begin_at(size_t k) const { return entries_.data() + docs_[k].start; }
  const uint32_t* end_at(size_t k) const { return begin_at(k) + docs_[k].size; }
  double scale_at(size_t k) const { return docs_[k].scale; }
  bool aligned_at(size_t k) const { return docs_[k].aligned != 0; }
  // Starts loading slot k's size and scale (which begin_at and scale_at read).
  void PrefetchSlot(size_t k) const { __builtin_prefetch(docs_.data() + k); }

  size_t MemoryBytes() const {
    return (packed_id_.capacity() + entries_.capacity() + slot_of_.capacity()) * sizeof(uint32_t) +
           docs_.capacity() * sizeof(Doc);
  }

 private:
  // What a partner's test reads of it besides its entries, side by side.
  struct Doc {
    uint64_t start = 0;  // in entries_
    uint32_t size = 0;
    uint32_t aligned = 0;
    double scale = 0;
  };
  std::vector<uint32_t> packed_id_;  // by term id
  common::FillVector<uint32_t> entries_;  // written whole, in parallel, once sized
  std::vector<Doc> docs_;           // by slot
  std::vector<uint32_t> slot_of_;   // by document; empty without a layout
};

// q = ceil(255 w / max_weight), in 1..255, for 0 < w <= max_weight.
uint8_t QuantizeUp(float w, float max_weight);

// One document scattered into a dense array of 8-bit weights (by term id), to bound its
// dot product with many partners. Set() and Clear() cost O(terms of the document).
class PackedQuery {
 public:
  // `simd` picks Sum's code path (every path gives the same sums).
  explicit PackedQuery(common::SimdLevel simd = common::BestSimd()) : simd_(simd) {}
  explicit PackedQuery(size_t num_terms, common::SimdLevel simd = common::BestSimd()) : simd_(simd) {
    Reserve(num_terms);
  }
  // Room for term ids below num_terms (grows only; the array stays all zero between
  // documents).
  void Reserve(size_t num_terms);
  // The weights of v by term id (for entries of term ids), or by packed id (for the
  // entries of `packed`).
  void Set(const TermVector& v);
  void Clear(const TermVector& v);
  void Set(const TermVector& v, const PackedVectors& packed);
  void Clear(const TermVector& v, const PackedVectors& packed);
  // The same as Set(vectors[d], packed) and Clear for a document of `packed` (whose entries
  // hold its q by packed id, quantized as Set would), from its entries: no lookup of
  // packed ids by term and no quantizing.
  void SetFrom(const PackedVectors& packed, size_t d);
  void ClearFrom(const PackedVectors& packed, size_t d);
  double scale() const { return scale_; }
  // sum over the partner's entries of q_query[id] * q_partner, exact.
  uint64_t Sum(const uint32_t* begin, const uint32_t* end) const;

 private:
  static constexpr size_t kPadding = 4;
  uint64_t SumScalar(const uint32_t* begin, const uint32_t* end) const;
  template <typename IdOf>
  void SetBy(const TermVector& v, IdOf id_of);
  std::vector<uint8_t> dense_;
  double scale_ = 0;
  common::SimdLevel simd_;
};

// A float sum of a dot product (FloatDot, FloatDotShared) is within ~1e-5 of the exact
// sum whatever its order (the products are non-negative and add up to at most 1): a filter
// that drops a pair when its float sum is below threshold - kFloatDotMargin keeps every
// pair whose exact dot product reaches the threshold, on every path, and the caller
// decides on the exact sum, so the pairs that pass in the end are the same on every path.
inline constexpr float kFloatDotMargin = 1e-3f;

// sum_j dense[terms[j]] * weights[j] in float (the order depends on `simd`). For
// non-negative terms it is within a relative n * 2^-23 or so of the exact sum.
float FloatDot(const float* dense, const uint32_t* terms, const float* weights, size_t n,
               common::SimdLevel simd = common::BestSimd());

// The terms a vector shares with a dense array (those where the array is not zero), in
// the vector's order: the array's value and the vector's weight of each.
struct SharedTerms {
  std::vector<float> dense, weights;  // [0, size)
  size_t size = 0;
  // SharedByPackedId: whether a shared term's packed id is at least its `mark_from_id`.
  bool marked = false;
  // Room for the shared terms of n candidates and a SIMD block's spare lanes (the arrays
  // grow to n + 16 and stay).
  void Reserve(size_t n) {
    if (dense.size() >= n + 16) return;
    dense.resize(n + 16);
    weights.resize(n + 16);
  }
};

// A float sum of the dot product, as FloatDot's (its order depends on `simd`; within the
// same bound of the exact sum), and the shared terms into `shared` (its arrays grow to
// n + 16 and stay), from one pass over the terms. The
// exact dot product over them (ExactDot) adds the same non-zero products in the same order
// as a sum over all n terms, whose other products are +0.0 and change no sum of
// non-negative products: the same value to the last bit, from a chain of additions a few
// times shorter (the terms two documents share are a fraction of either's).
float FloatDotShared(const float* dense, const uint32_t* terms, const float* weights, size_t n,
                     SharedTerms* shared, common::SimdLevel simd = common::BestSimd());

// For a document whose packed entries are aligned with its vector (PackedVectors::
// aligned): the entries whose packed id has a value in `dense` (an array by packed id,
// zero elsewhere), in their order, into `shared` (its arrays grow to n + 16 and stay):
// the array's value and the vector's weight of that term (weights[k] for entry k). The
// same terms in the same order as FloatDotShared over the vector against the same values
// by term id, so ExactDot gives the same sum to the last bit; it reads the entries (which
// the bound has just read) instead of the vector's term ids, and looks up by packed id,
// where the terms most entries name sit in a few cache lines (by term id they were all
// over the array). shared->marked tells whether one of them has a packed id of at least
// `mark_from_id`: as packed ids follow descending document frequency, whether the two
// documents share a term held by at most some number of documents.
void SharedByPackedId(const float* dense, const uint32_t* entries, const float* weights, size_t n,
                      SharedTerms* shared, common::SimdLevel simd = common::BestSimd(),
                      uint32_t mark_from_id = 0xFFFFFFFFu);

// sum over the shared terms of double(dense) * weight in their order, and the largest
// product.
DotParts ExactDot(const SharedTerms& shared);

}  // namespace doppel::match
