#include "match/bound.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "common/simd.h"
#include "common/thread_pool.h"

namespace doppel::match {
namespace {

float MaxWeight(const TermVector& v) {
  float m = 0;
  for (float w : v.weights) m = std::max(m, w);
  return m;
}

// QuantizeUp with 255 / max_weight given: a multiply instead of a division per weight.
// Its rounding (~1e-16 relative) can put q one below the exact ceiling only where
// 255 w / max_weight is within that of an integer: the bound then falls short of w by
// ~1e-16 w, far inside the callers' margin.
inline uint8_t QuantizeUpBy(float w, double inverse_scale) {
  const double q = std::ceil(static_cast<double>(w) * inverse_scale);
  return static_cast<uint8_t>(std::clamp(q, 1.0, 255.0));
}

}  // namespace

uint8_t QuantizeUp(float w, float max_weight) {
  return QuantizeUpBy(w, 255.0 / static_cast<double>(max_weight));
}

PackedVectors::PackedVectors(const std::vector<TermVector>& vectors, const DfTable& df,
                             const std::vector<uint8_t>& include, common::ThreadPool* pool,
                             const std::vector<uint32_t>& layout) {
  const size_t n = vectors.size();
  auto included = [&](size_t d) { return include.empty() || include[d] != 0; };
  const size_t num_terms = df.num_terms();
  {
    std::vector<uint32_t> by_df(num_terms);
    for (uint32_t id = 0; id < num_terms; ++id) by_df[id] = id;
    std::sort(by_df.begin(), by_df.end(), [&df](uint32_t x, uint32_t y) {
      const uint32_t dx = df.DfOf(x), dy = df.DfOf(y);
      return dx != dy ? dx > dy : x < y;
    });
    packed_id_.resize(num_terms);
    for (uint32_t rank = 0; rank < num_terms; ++rank) packed_id_[by_df[rank]] = rank;
  }
  if (!layout.empty()) {
    slot_of_.resize(n);
    for (uint32_t k = 0; k < n; ++k) slot_of_[layout[k]] = k;
  }
  // Sizes first (the terms of positive weight: all of them in TF-IDF vectors), so the
  // entries are one contiguous array.
  docs_.assign(n, Doc{});
  auto count = [&](size_t first, size_t last) {
    for (size_t d = first; d < last; ++d) {
      if (!included(d)) continue;
      uint32_t kept = 0;
      for (float w : vectors[d].weights) kept += static_cast<uint32_t>(w > 0);
      Doc& doc = docs_[slot(d)];
      doc.size = kept;
      doc.aligned = kept == vectors[d].terms.size();
    }
  };
  auto fill = [&](size_t first, size_t last) {
    for (size_t d = first; d < last; ++d) {
      if (!included(d)) continue;
      const TermVector& v = vectors[d];
      const float m = MaxWeight(v);
      Doc& doc = docs_[slot(d)];
      doc.scale = static_cast<double>(m) / 255.0;
      const double inverse = 255.0 / static_cast<double>(m);
      uint32_t* out = entries_.data() + doc.start;
      for (size_t i = 0; i < v.terms.size(); ++i) {
        if (!(v.weights[i] > 0)) continue;
        *out++ = (packed_id_[v.terms[i]] << 8) | QuantizeUpBy(v.weights[i], inverse);
      }
    }
  };
  if (pool) {
    pool->ParallelFor(n, 256, count);
  } else {
    count(0, n);
  }
  uint64_t total = 0;
  for (Doc& doc : docs_) {  // slot order: memory order
    doc.start = total;
    total += doc.size;
  }
  entries_.resize(total);
  if (pool) {
    pool->ParallelFor(n, 256, fill);
  } else {
    fill(0, n);
  }
}

uint32_t PackedVectors::FirstIdHeldByAtMost(const DfTable& df, uint32_t max_df) {
  uint32_t first = 0;
  for (uint32_t t = 0; t < df.num_terms(); ++t) first += df.DfOf(t) > max_df;
  return first;
}

template <typename IdOf>
void PackedQuery::SetBy(const TermVector& v, IdOf id_of) {
  const float m = MaxWeight(v);
  scale_ = static_cast<double>(m) / 255.0;
  const double inverse = 255.0 / static_cast<double>(m);
  for (size_t i = 0; i < v.terms.size(); ++i) {
    if (v.weights[i] > 0) dense_[id_of(v.terms[i])] = QuantizeUpBy(v.weights[i], inverse);
  }
}

void PackedQuery::Set(const TermVector& v) {
  SetBy(v, [](uint32_t id) { return id; });
}

void PackedQuery::Set(const TermVector& v, const PackedVectors& packed) {
  SetBy(v, [&packed](uint32_t id) { return packed.PackedId(id); });
}

void PackedQuery::Clear(const TermVector& v) {
  for (uint32_t id : v.terms) dense_[id] = 0;
}

void PackedQuery::SetFrom(const PackedVectors& packed, size_t d) {
  scale_ = packed.scale(d);
  for (const uint32_t* e = packed.begin(d); e != packed.end(d); ++e) dense_[*e >> 8] = static_cast<uint8_t>(*e & 0xFFu);
}

void PackedQuery::ClearFrom(const PackedVectors& packed, size_t d) {
  for (const uint32_t* e = packed.begin(d); e != packed.end(d); ++e) dense_[*e >> 8] = 0;
}

void PackedQuery::Clear(const TermVector& v, const PackedVectors& packed) {
  for (uint32_t id : v.terms) dense_[packed.PackedId(id)] = 0;
}

#ifdef DOPPEL_HAVE_AVX512_PATH
namespace {

// PackedQuery::Sum sixteen entries at a time: the query's weights gathered by id (4-byte
// loads at byte offsets, hence the query array's 3 bytes of padding), multiplied in 16-bit
// halves (vpmaddwd: both factors <= 255), summed in 32-bit lanes that are flushed to 64
// bits before they could overflow.
DOPPEL_TARGET_AVX512 uint64_t SumAvx512(const uint8_t* dense, const uint32_t* begin, const uint32_t* end) {
  const __m512i low_byte = _mm512_set1_epi32(0xFF);
  uint64_t sum = 0;
  const uint32_t* p = begin;
  while (end - p >= 16) {
    // At most 4,096 steps before a flush: 4,096 * 255 * 255 < 2^31 per lane.
    const uint32_t* const stop = p + 16 * std::min<ptrdiff_t>((end - p) / 16, 4096);
    __m512i acc = _mm512_setzero_si512();
    for (; p < stop; p += 16) {
      const __m512i e = _mm512_loadu_si512(p);
      // Zero-masked and merge forms throughout: GCC 12 warns (bug 105593) on the forms that
      // merge into an undefined register.
      const __m512i ids = _mm512_maskz_srli_epi32(0xFFFF, e, 8);
      const __m512i q = _mm512_and_si512(e, low_byte);
      const __m512i g =
          _mm512_and_si512(_mm512_mask_i32gather_epi32(_mm512_setzero_si512(), 0xFFFF, ids, dense, 1), low_byte);
      acc = _mm512_add_epi32(acc, _mm512_madd_epi16(g, q));
    }
    alignas(64) uint32_t lanes[16];
    _mm512_store_si512(lanes, acc);
    for (uint32_t lane : lanes) sum += lane;
  }
  for (; p < end; ++p) sum += dense[*p >> 8] * (*p & 0xFFu);
  return sum;
}

// FloatDot's sum sixteen terms at a time: the dense weights gathered by term id,
// multiplied and added in sixteen float lanes (the tail under a mask).
DOPPEL_TARGET_AVX512 float FloatDotAvx512(const float* dense, const uint32_t* terms, const float* weights, size_t n) {
  __m512 acc0 = _mm512_setzero_ps(), acc1 = _mm512_setzero_ps();
  size_t j = 0;
  for (; j + 32 <= n; j += 32) {
    const __m512i ids0 = _mm512_loadu_si512(terms + j);
    const __m512i ids1 = _mm512_loadu_si512(terms + j + 16);
    const __m512 g0 = _mm512_mask_i32gather_ps(_mm512_setzero_ps(), 0xFFFF, ids0, dense, 4);
    const __m512 g1 = _mm512_mask_i32gather_ps(_mm512_setzero_ps(), 0xFFFF, ids1, dense, 4);
    acc0 = _mm512_fmadd_ps(g0, _mm512_loadu_ps(weights + j), acc0);
    acc1 = _mm512_fmadd_ps(g1, _mm512_loadu_ps(weights + j + 16), acc1);
  }
  for (; j < n; j += 16) {
    const __mmask16 m = n - j >= 16 ? __mmask16{0xFFFF} : static_cast<__mmask16>((1u << (n - j)) - 1);
    const __m512i ids = _mm512_maskz_loadu_epi32(m, terms + j);
    const __m512 g = _mm512_mask_i32gather_ps(_mm512_setzero_ps(), m, ids, dense, 4);
    acc0 = _mm512_fmadd_ps(g, _mm512_maskz_loadu_ps(m, weights + j), acc0);
  }
  // (Not _mm512_reduce_add_ps: GCC 12 warns on its extracts into undefined registers, bug
  // 105593.)
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, _mm512_add_ps(acc0, acc1));
  float sum = 0;
  for (float lane : lanes) sum += lane;
  return sum;
}

// FloatDotShared's AVX-512 form: FloatDotAvx512's sums, and each step's lanes whose
// gathered value is not zero compressed, in order, into the shared arrays.
DOPPEL_TARGET_AVX512 float FloatDotSharedAvx512(const float* dense, const uint32_t* terms, const float* weights,
                                                size_t n, float* shared_dense, float* shared_weights,
                                                size_t* num_shared) {
  __m512 acc = _mm512_setzero_ps();
  size_t count = 0;
  for (size_t j = 0; j < n; j += 16) {
    const __mmask16 m = n - j >= 16 ? __mmask16{0xFFFF} : static_cast<__mmask16>((1u << (n - j)) - 1);
    const __m512i ids = _mm512_maskz_loadu_epi32(m, terms + j);
    const __m512 g = _mm512_mask_i32gather_ps(_mm512_setzero_ps(), m, ids, dense, 4);
    const __m512 w = _mm512_maskz_loadu_ps(m, weights + j);
    acc = _mm512_fmadd_ps(g, w, acc);
    const __mmask16 nonzero = _mm512_cmp_ps_mask(g, _mm512_setzero_ps(), _CMP_NEQ_UQ) & m;
    _mm512_mask_compressstoreu_ps(shared_dense + count, nonzero, g);
    _mm512_mask_compressstoreu_ps(shared_weights + count, nonzero, w);
    count += static_cast<size_t>(std::popcount(static_cast<unsigned>(nonzero)));
  }
  *num_shared = count;
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, acc);
  float sum = 0;
  for (float lane : lanes) sum += lane;
  return sum;
}

// SharedByPackedId sixteen entries at a time: the array's values gathered by packed id,
// and the lanes where they are not zero compressed, in order, into the shared arrays.
DOPPEL_TARGET_AVX512 size_t SharedByPackedIdAvx512(const float* dense, const uint32_t* entries, const float* weights,
                                                   size_t n, float* shared_dense, float* shared_weights,
                                                   uint32_t mark_from_id, bool* marked) {
  size_t count = 0;
  const __m512i mark_from = _mm512_set1_epi32(static_cast<int>(mark_from_id));
  __mmask16 mark = 0;
  for (size_t j = 0; j < n; j += 16) {
    const __mmask16 m = n - j >= 16 ? __mmask16{0xFFFF} : static_cast<__mmask16>((1u << (n - j)) - 1);
    const __m512i ids = _mm512_maskz_srli_epi32(m, _mm512_maskz_loadu_epi32(m, entries + j), 8);
    const __m512 g = _mm512_mask_i32gather_ps(_mm512_setzero_ps(), m, ids, dense, 4);
    const __mmask16 nonzero = _mm512_cmp_ps_mask(g, _mm512_setzero_ps(), _CMP_NEQ_UQ) & m;
    mark |= _mm512_mask_cmpge_epu32_mask(nonzero, ids, mark_from);
    _mm512_mask_compressstoreu_ps(shared_dense + count, nonzero, g);
    _mm512_mask_compressstoreu_ps(shared_weights + count, nonzero, _mm512_maskz_loadu_ps(nonzero, weights + j));
    count += static_cast<size_t>(std::popcount(static_cast<unsigned>(nonzero)));
  }
  *marked = mark != 0;
  return count;
}

}  // namespace
#endif

void SharedByPackedId(const float* dense, const uint32_t* entries, const float* weights, size_t n,
                      SharedTerms* shared, common::SimdLevel simd, uint32_t mark_from_id) {
  shared->Reserve(n);
#ifdef DOPPEL_HAVE_AVX512_PATH
  if (simd == common::SimdLevel::kAvx512) {
    shared->size = SharedByPackedIdAvx512(dense, entries, weights, n, shared->dense.data(), shared->weights.data(),
                                          mark_from_id, &shared->marked);
    return;
  }
#endif
  (void)simd;
  size_t count = 0;
  bool marked = false;
  for (size_t j = 0; j < n; ++j) {
    const uint32_t id = entries[j] >> 8;
    const float d = dense[id];
    shared->dense[count] = d;
    shared->weights[count] = weights[j];
    count += d != 0.0f;
    marked |= d != 0.0f && id >= mark_from_id;
  }
  shared->size = count;
  shared->marked = marked;
}

float FloatDotShared(const float* dense, const uint32_t* terms, const float* weights, size_t n,
                     SharedTerms* shared, common::SimdLevel simd) {
  shared->Reserve(n);
#ifdef DOPPEL_HAVE_AVX512_PATH
  if (simd == common::SimdLevel::kAvx512) {
    return FloatDotSharedAvx512(dense, terms, weights, n, shared->dense.data(), shared->weights.data(), &shared->size);
  }
#endif
  // One pass: each term's value read once, for the sum and the shared terms.
  size_t count = 0;
  float sum = 0;
  for (size_t j = 0; j < n; ++j) {
    const float d = dense[terms[j]];
    sum += d * weights[j];
    // Written at every term, kept (the count advances) where the value is not zero.
    shared->dense[count] = d;
    shared->weights[count] = weights[j];
    count += d != 0.0f;
  }
  shared->size = count;
  return sum;
}

DotParts ExactDot(const SharedTerms& shared) {
  DotParts parts;
  for (size_t k = 0; k < shared.size; ++k) {
    const double product = static_cast<double>(shared.dense[k]) * shared.weights[k];
    parts.dot += product;
    parts.top_term = std::max(parts.top_term, product);
  }
  return parts;
}

float FloatDot(const float* dense, const uint32_t* terms, const float* weights, size_t n, common::SimdLevel simd) {
  float sum;
#ifdef DOPPEL_HAVE_AVX512_PATH
  if (simd == common::SimdLevel::kAvx512) {
    sum = FloatDotAvx512(dense, terms, weights, n);
  } else
#endif
  {
    (void)simd;
    // Four independent partial sums (the exact double sum is one chain of dependent
    // additions).
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t j = 0;
    for (; j + 4 <= n; j += 4) {
      s0 += dense[terms[j]] * weights[j];
      s1 += dense[terms[j + 1]] * weights[j + 1];
      s2 += dense[terms[j + 2]] * weights[j + 2];
      s3 += dense[terms[j + 3]] * weights[j + 3];
    }
    for (; j < n; ++j) s0 += dense[terms[j]] * weights[j];
    sum = (s0 + s1) + (s2 + s3);
  }
  return sum;
}

void PackedQuery::Reserve(size_t num_terms) {
  // 4 bytes past the last id stay readable (SumAvx512's gathers read 4 bytes an id).
  if (dense_.size() < num_terms + kPadding) dense_.resize(num_terms + kPadding, 0);
}

uint64_t PackedQuery::Sum(const uint32_t* begin, const uint32_t* end) const {
#ifdef DOPPEL_HAVE_AVX512_PATH
  if (simd_ == common::SimdLevel::kAvx512) return SumAvx512(dense_.data(), begin, end);
#endif
  return SumScalar(begin, end);
}

uint64_t PackedQuery::SumScalar(const uint32_t* begin, const uint32_t* end) const {
  // Four independent sums (the loads of dense_ are the latency to hide).
  uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  const uint8_t* dense = dense_.data();
  const uint32_t* p = begin;
  for (; p + 4 <= end; p += 4) {
    s0 += dense[p[0] >> 8] * (p[0] & 0xFFu);
    s1 += dense[p[1] >> 8] * (p[1] & 0xFFu);
    s2 += dense[p[2] >> 8] * (p[2] & 0xFFu);
    s3 += dense[p[3] >> 8] * (p[3] & 0xFFu);
  }
  uint64_t sum = s0 + s1 + s2 + s3;
  for (; p < end; ++p) sum += dense[*p >> 8] * (*p & 0xFFu);
  return sum;
}

}  // namespace doppel::match
