// Rewrite and same-story matching. See rewrite.h.
#include "match/rewrite.h"

#include "common/sorted_set.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <memory>
#include <numeric>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/thread_pool.h"
#include "index/candidates.h"
#include "match/bound.h"

namespace doppel::match {
namespace {

bool Included(const std::vector<uint8_t>& include, size_t d) {
  return include.empty() || include[d] != 0;
}

// Share of the smaller set's elements that the other set has (0 when either is empty).
double SmallerContained(const std::vector<uint32_t>& x, const std::vector<uint32_t>& y) {
  if (x.empty() || y.empty()) return 0.0;
  const size_t shared = common::CountCommon(x, y);
  return static_cast<double>(shared) / static_cast<double>(std::min(x.size(), y.size()));
}

}  // namespace

SentenceIndex IndexSentences(const ContentProfile& p, const DfTable& df) {
  return IndexSentences(p, TfIdf(p, df), df);
}

SentenceIndex IndexSentences(const ContentProfile& p, const TermVector& vector, const DfTable& df) {
  // Released term counts (ContentProfile::ReleaseTerms): the vector holds every term.
  const bool released = p.terms.empty();
  const uint32_t num_terms = static_cast<uint32_t>(released ? vector.terms.size() : p.terms.size());
  constexpr uint32_t kNone = 0xFFFFFFFFu;
  // Each profile term's id (kNoTerm when the table does not know it) and the terms in
  // ascending id order. vector.terms[t] is the id of p.terms[t] when every term is known
  // to the table (always for a document the table was built from), and then ids ascend
  // with t; otherwise look ids up and sort.
  thread_local std::vector<uint32_t> id_of, by_rank, rank_of;
  id_of.resize(num_terms);
  by_rank.clear();
  const bool aligned = released || vector.terms.size() == num_terms;
  // A released profile has no terms of its own to look up: it needs its vector.
  assert(!released || !vector.terms.empty() || p.sentence_terms.empty());
  if (released && vector.terms.empty()) return SentenceIndex{};
  for (uint32_t t = 0; t < num_terms; ++t) {
    id_of[t] = aligned ? vector.terms[t] : df.IdOf(p.terms[t].term);
    if (id_of[t] != DfTable::kNoTerm) by_rank.push_back(t);
  }
  if (!aligned) std::sort(by_rank.begin(), by_rank.end(), [&](uint32_t x, uint32_t y) { return id_of[x] < id_of[y]; });
  rank_of.assign(num_terms, kNone);
  for (uint32_t r = 0; r < by_rank.size(); ++r) rank_of[by_rank[r]] = r;

  // (term rank, sentence, weight) for every sentence's unit vector, sentence after
  // sentence; within a sentence by ascending id (the order its norm is summed in).
  struct Entry {
    uint32_t rank;
    uint32_t sentence;
    float weight;
    float tf;  // 1 + ln(count in the sentence), for the pair-local weights
  };
  thread_local std::vector<Entry> entries;
  thread_local std::vector<uint32_t> in_sentence;  // per rank: count in this sentence
  thread_local std::vector<uint32_t> ranks;
  entries.clear();
  in_sentence.assign(by_rank.size(), 0);
  uint32_t begin = 0, s = 0;
  for (uint32_t end : p.sentence_ends) {
    ranks.clear();
    for (uint32_t k = begin; k < end; ++k) {
      const uint32_t r = rank_of[p.sentence_terms[k]];
      if (r != kNone && in_sentence[r]++ == 0) ranks.push_back(r);
    }
    begin = end;
    std::sort(ranks.begin(), ranks.end());
    const size_t first = entries.size();
    double norm2 = 0;
    for (uint32_t r : ranks) {
      const double tf = SublinearTf(in_sentence[r]);
      const double w = tf * df.IdfOf(id_of[by_rank[r]]);
      in_sentence[r] = 0;
      entries.push_back({r, s, static_cast<float>(w), static_cast<float>(tf)});
      norm2 += w * w;
    }
    if (norm2 > 0) {
      const double inv = 1.0 / std::sqrt(norm2);
      for (size_t k = first; k < entries.size(); ++k) entries[k].weight = static_cast<float>(entries[k].weight * inv);
    }
    ++s;
  }
  // Grouped by term: a counting sort by rank, stable, so each term's sentences ascend.
  SentenceIndex index;
  index.num_sentences = s;
  thread_local std::vector<uint32_t> start;  // per rank
  start.assign(by_rank.size() + 1, 0);
  for (const Entry& e : entries) ++start[e.rank + 1];
  // Every output array is allocated once at its final size (growing them by push_back
  // was a fifth of this function's time, in operator new).
  size_t used_ranks = 0;
  for (uint32_t r = 0; r < by_rank.size(); ++r) used_ranks += start[r + 1] != 0;
  index.terms.reserve(used_ranks);
  index.offsets.reserve(used_ranks + 1);
  thread_local std::vector<uint32_t> term_rank_of;  // per index term: its rank
  term_rank_of.clear();
  for (uint32_t r = 0; r < by_rank.size(); ++r) {
    if (start[r + 1] != 0) {
      index.terms.push_back(id_of[by_rank[r]]);
      index.offsets.push_back(start[r]);
      term_rank_of.push_back(r);
    }
    start[r + 1] += start[r];
  }
  index.offsets.push_back(static_cast<uint32_t>(entries.size()));
  index.sentence.resize(entries.size());
  index.weight.resize(entries.size());
  index.tf.resize(entries.size());
  for (const Entry& e : entries) {
    const uint32_t at = start[e.rank]++;
    index.sentence[at] = e.sentence;
    index.weight[at] = e.weight;
    index.tf[at] = e.tf;
  }
  // First occurrence of each uncommon term, in reading order (its position in
  // sentence_terms; only the order matters), by ascending id; then each one's rank in
  // reading order.
  const double max_df = std::max(2.0, kMaxOrderDfShare * static_cast<double>(df.num_documents()));
  thread_local std::vector<uint32_t> first_at;  // per index into p.terms
  first_at.assign(num_terms, kNone);
  for (uint32_t k = static_cast<uint32_t>(p.sentence_terms.size()); k-- > 0;) first_at[p.sentence_terms[k]] = k;
  // Every indexed term's first position in reading order, for the pair-local story order.
  index.first_position.resize(index.terms.size());
  for (size_t k = 0; k < index.terms.size(); ++k) index.first_position[k] = first_at[by_rank[term_rank_of[k]]];
  thread_local std::vector<uint32_t> entry_of;  // per index into p.terms: its first_terms entry
  entry_of.assign(num_terms, kNone);
  auto uncommon_first = [&](uint32_t t) { return first_at[t] != kNone && df.DfOf(id_of[t]) <= max_df; };
  size_t num_first = 0;
  for (uint32_t t : by_rank) num_first += uncommon_first(t);
  index.first_terms.reserve(num_first);
  index.first_rank.reserve(num_first);
  for (uint32_t t : by_rank) {
    if (!uncommon_first(t)) continue;
    entry_of[t] = static_cast<uint32_t>(index.first_terms.size());
    index.first_terms.push_back(id_of[t]);
    index.first_rank.push_back(first_at[t]);
  }
  index.first_order.resize(index.first_terms.size());
  uint32_t order = 0;
  for (uint32_t k = 0; k < p.sentence_terms.size(); ++k) {
    const uint32_t t = p.sentence_terms[k];
    if (first_at[t] == k && entry_of[t] != kNone) index.first_order[entry_of[t]] = order++;
  }
  // Both by ascending id, first_terms a subset of terms (a term first met in a sentence
  // has an entry there); were one missing, the walk ends short and term_order stays empty.
  const uint32_t num_first_terms = static_cast<uint32_t>(index.first_terms.size());
  index.term_order.assign(index.terms.size(), num_first_terms);
  index.term_rank.assign(index.terms.size(), SentenceIndex::kNotFirst);
  uint32_t f = 0;
  for (size_t k = 0; k < index.terms.size() && f < num_first_terms; ++k) {
    if (index.terms[k] != index.first_terms[f]) continue;
    index.term_order[k] = index.first_order[f];
    index.term_rank[k] = index.first_rank[f];
    ++f;
  }
  if (f != num_first_terms) {
    index.term_order.clear();
    index.term_rank.clear();
  } else {
    // first_rank and first_order now sit in the per-term arrays: the indices of a
    // default scan's typed documents are held together (its peak memory: the per-term
    // arrays on top of them were +110 MB on the 100k bench corpus).
    std::vector<uint32_t>().swap(index.first_rank);
    std::vector<uint32_t>().swap(index.first_order);
  }
  // The buffers stay allocated per thread for the next document, unless this one was
  // huge (a giant document must not pin its size in every thread).
  constexpr size_t kMaxKept = size_t{1} << 20;
  if (p.sentence_terms.size() > kMaxKept || num_terms > kMaxKept) {
    for (std::vector<uint32_t>* v : {&id_of, &by_rank, &rank_of, &in_sentence, &ranks, &start, &first_at, &entry_of}) {
      std::vector<uint32_t>().swap(*v);
    }
    std::vector<Entry>().swap(entries);
  }
  return index;
}

namespace {

constexpr uint32_t kEmptySlot = SentenceIndex::kNotFirst;

// StoryOrder from b's positions of the shared terms laid out in a's reading order (slots
// without a shared term hold kEmptySlot): their longest increasing run over `shared`. The
// slots are first packed in place (most are empty, at random: skipping them was a
// mispredicted branch each), and the run's tails are searched without branching on the
// comparisons (they go either way at random, as in std::lower_bound). StoryOrder was 2.8%
// of a METER + Reuters scan's samples; this and its share of the similarities' walk, 1.5%.
double OrderedShare(uint32_t* slots, size_t num_slots, size_t shared) {
  if (shared < 3) return 0.0;
  size_t num_ranks = 0;
  for (size_t s = 0; s < num_slots; ++s) {
    const uint32_t rb = slots[s];
    slots[num_ranks] = rb;
    num_ranks += rb != kEmptySlot;
  }
  uint32_t* const tails = slots;  // tails[k] is written after ranks up to k are read
  size_t size = 0;
  for (size_t s = 0; s < num_ranks; ++s) {
    const uint32_t rb = slots[s];
    // The first tail >= rb (std::lower_bound): the answer stays in [base, base + len].
    size_t at = 0;
    if (size > 0) {
      const uint32_t* base = tails;
      size_t len = size;
      while (len > 1) {
        const size_t half = len / 2;
        base = base[half - 1] < rb ? base + half : base;
        len -= half;
      }
      at = static_cast<size_t>(base - tails) + (*base < rb);
    }
    tails[at] = rb;
    size += at == size;
  }
  return static_cast<double>(size) / static_cast<double>(shared);
}

}  // namespace

namespace {

// first_order or first_rank of an index (`rank` picks which), read from its per-term arrays
// when IndexSentences moved them there (first_terms are the terms whose term_rank is set,
// in the same ascending order).
const std::vector<uint32_t>& FirstOf(const SentenceIndex& x, bool rank, std::vector<uint32_t>* scratch) {
  const std::vector<uint32_t>& own = rank ? x.first_rank : x.first_order;
  if (own.size() == x.first_terms.size() || x.term_rank.size() != x.terms.size() ||
      x.term_order.size() != x.terms.size()) {
    return own;
  }
  scratch->clear();
  for (size_t k = 0; k < x.term_rank.size(); ++k) {
    if (x.term_rank[k] != SentenceIndex::kNotFirst) scratch->push_back(rank ? x.term_rank[k] : x.term_order[k]);
  }
  return *scratch;
}

}  // namespace

double StoryOrder(const SentenceIndex& a, const SentenceIndex& b) {
  // b's positions of the shared terms, laid out in a's reading order; then their longest
  // increasing run.
  thread_local std::vector<uint32_t> scratch_a, scratch_b;
  const std::vector<uint32_t>& order_a = FirstOf(a, /*rank=*/false, &scratch_a);
  const std::vector<uint32_t>& rank_b = FirstOf(b, /*rank=*/true, &scratch_b);
  thread_local std::vector<uint32_t> slots;
  slots.assign(a.first_terms.size(), kEmptySlot);
  size_t shared = 0;
  common::ForEachCommonIndex(a.first_terms, b.first_terms, [&](size_t i, size_t j) {
    slots[order_a[i]] = rank_b[j];
    ++shared;
  });
  return OrderedShare(slots.data(), slots.size(), shared);
}

namespace {

// Calls on_common(i, j) for every term id both ascending lists hold (a[i] == b[j]), in
// ascending order, as common::ForEachCommonIndex. Terms of two reports of one story are
// shared at random, so the scalar walk mispredicts its equality branch at every other
// shared term; here four ids meet four (SSE2, as common::CountCommon), and the branch is
// on whether a block pair shares any (mostly yes), the hits then read off a bit mask. A
// common id is met in exactly one block pair, and the pairs advance in id order, so the
// calls come in ascending order as the scalar walk's (which finishes the tails).
template <typename OnCommon>
void ForEachCommonTerm(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b, OnCommon on_common) {
  size_t i = 0, j = 0;
  const size_t na = a.size(), nb = b.size();
#if defined(__SSE2__)
  // Lane k's four bits at 4k (a 4-bit mask spread a nibble apart), so that hits come out
  // by ascending a-lane and the rotation that matched is the bit within the nibble.
  static constexpr uint16_t kSpread[16] = {0x0000, 0x0001, 0x0010, 0x0011, 0x0100, 0x0101, 0x0110, 0x0111,
                                           0x1000, 0x1001, 0x1010, 0x1011, 0x1100, 0x1101, 0x1110, 0x1111};
  while (i + 4 <= na && j + 4 <= nb) {
    const __m128i va = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a.data() + i));
    const __m128i vb = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b.data() + j));
    // Rotation r compares a's lane k with b's lane (k + r) mod 4.
    const int m0 = _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(va, vb)));
    const int m1 = _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(va, _mm_shuffle_epi32(vb, _MM_SHUFFLE(0, 3, 2, 1)))));
    const int m2 = _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(va, _mm_shuffle_epi32(vb, _MM_SHUFFLE(1, 0, 3, 2)))));
    const int m3 = _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(va, _mm_shuffle_epi32(vb, _MM_SHUFFLE(2, 1, 0, 3)))));
    uint32_t hits = kSpread[m0] | kSpread[m1] << 1 | kSpread[m2] << 2 | kSpread[m3] << 3;
    while (hits != 0) {
      const uint32_t bit = static_cast<uint32_t>(__builtin_ctz(hits));
      hits &= hits - 1;
      const uint32_t k = bit >> 2, r = bit & 3;
      on_common(i + k, j + ((k + r) & 3));
    }
    const uint32_t last_a = a[i + 3], last_b = b[j + 3];
    i += last_a <= last_b ? 4 : 0;
    j += last_b <= last_a ? 4 : 0;
  }
#endif
  while (i < na && j < nb) {
    const uint32_t x = a[i], y = b[j];
    if (x == y) on_common(i, j);
    i += x <= y;
    j += y <= x;
  }
}

// Sentence cosines of a x b (row-major), from the two inverted lists: only shared terms
// cost anything. Each cell sums its products in ascending term order. When both indices
// carry term_order/term_rank, the same walk lays out the story order's slots (b's
// positions of the shared uncommon terms in a's reading order; *slots has one more, where
// a's other terms write) and counts them in *shared; otherwise *shared is left alone.
void SentenceSimilarities(const SentenceIndex& a, const SentenceIndex& b, std::vector<float>* sim,
                          std::vector<uint32_t>* slots, size_t* shared) {
  sim->assign(static_cast<size_t>(a.num_sentences) * b.num_sentences, 0.0f);
  float* const cells = sim->data();
  const uint32_t cols = b.num_sentences;
  auto scatter = [&](size_t i, size_t j) {
    for (uint32_t x = a.offsets[i]; x < a.offsets[i + 1]; ++x) {
      float* row = cells + static_cast<size_t>(a.sentence[x]) * cols;
      for (uint32_t y = b.offsets[j]; y < b.offsets[j + 1]; ++y) {
        row[b.sentence[y]] += a.weight[x] * b.weight[y];
      }
    }
  };
  if (a.term_order.size() == a.terms.size() && b.term_rank.size() == b.terms.size()) {
    const uint32_t none = static_cast<uint32_t>(a.first_terms.size());
    slots->assign(a.first_terms.size() + 1, kEmptySlot);
    uint32_t* const slot = slots->data();
    size_t count = 0;
    // A term first in a and not in b writes kEmptySlot over kEmptySlot; one not first
    // in a writes the spare slot: no branch.
    ForEachCommonTerm(a.terms, b.terms, [&](size_t i, size_t j) {
      const uint32_t o = a.term_order[i], rb = b.term_rank[j];
      slot[o] = rb;
      count += (o != none) & (rb != kEmptySlot);
      scatter(i, j);
    });
    slots->pop_back();
    *shared = count;
  } else {
    ForEachCommonTerm(a.terms, b.terms, scatter);
  }
}

// Exact: a float cosine x has x >= kAlignCosine (in double) iff x >= this, the nearest
// float above 0.4 (the float below it is below 0.4).
constexpr float kAlignCosineF = static_cast<float>(kAlignCosine);
static_assert(static_cast<double>(kAlignCosineF) >= kAlignCosine &&
              static_cast<double>(std::bit_cast<float>(std::bit_cast<uint32_t>(kAlignCosineF) - 1)) < kAlignCosine);

// The longest common subsequence of a's and b's sentences under a match predicate, one
// row of matches at a time, bit-parallel (Allison and Dix 1986, Hyyro 2004): bit j of V is
// 0 where the LCS of the rows so far grows at column j, and a row whose matches are M
// makes V' = (V + (V & M)) | (V & ~M), the sum carried across 64-bit words; the LCS is the
// number of 0 bits. One add per 64 columns instead of a max over three cells per cell (the
// DP was a tenth of MeasurePair); the same integer (tested against the DP).
class BitLcs {
 public:
  void Reset(uint32_t cols) {
    cols_ = cols;
    v_.assign((cols + 63) / 64, ~uint64_t{0});
  }
  size_t words() const { return v_.size(); }
  // match[w]: bit k set when column 64 w + k matches (none past cols).
  void AddRow(const uint64_t* match) {
    uint64_t carry = 0;
    for (size_t w = 0; w < v_.size(); ++w) {
      const uint64_t v = v_[w], m = match[w];
      const uint64_t u = v & m;
      const uint64_t sum = v + u;
      const uint64_t with_carry = sum + carry;
      carry = static_cast<uint64_t>(sum < v) | static_cast<uint64_t>(with_carry < sum);
      v_[w] = with_carry | (v & ~m);
    }
  }
  uint32_t Length() const {
    uint32_t zeros = 0;
    for (size_t w = 0; w < v_.size(); ++w) {
      const uint32_t bits = std::min<uint32_t>(64, cols_ - static_cast<uint32_t>(64 * w));
      const uint64_t valid = bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
      zeros += static_cast<uint32_t>(std::popcount(~v_[w] & valid));
    }
    return zeros;
  }

 private:
  uint32_t cols_ = 0;
  std::vector<uint64_t> v_;
};

// One row's matches (cosine >= kAlignCosine) as bits, and its maximum (running in
// *best, as std::max over the row) and every column's (best_b, std::max per column).
// Four columns at a time: the maxima of floats without NaN in any order are the same
// value, and max(x, y) picks y when equal, as std::max(y, x). (Fused, the matrix is read
// once for the maxima and the alignment.)
void RowMatchesAndMaxima(const float* row, uint32_t cols, float* best, float* best_b, uint64_t* match) {
  float row_best = *best;
  uint32_t j = 0;
  for (uint32_t w = 0; w * 64 < cols; ++w) {
    const uint32_t end = std::min(cols, w * 64 + 64);
    uint64_t bits = 0;
#if defined(__SSE2__)
    __m128 vbest = _mm_set1_ps(row_best);
    const __m128 threshold = _mm_set1_ps(kAlignCosineF);
    for (; j + 4 <= end; j += 4) {
      const __m128 x = _mm_loadu_ps(row + j);
      vbest = _mm_max_ps(x, vbest);
      _mm_storeu_ps(best_b + j, _mm_max_ps(x, _mm_loadu_ps(best_b + j)));
      bits |= static_cast<uint64_t>(_mm_movemask_ps(_mm_cmpge_ps(x, threshold))) << (j - w * 64);
    }
    alignas(16) float lanes[4];
    _mm_store_ps(lanes, vbest);
    for (float lane : lanes) row_best = std::max(row_best, lane);
#endif
    for (; j < end; ++j) {
      row_best = std::max(row_best, row[j]);
      best_b[j] = std::max(best_b[j], row[j]);
      bits |= static_cast<uint64_t>(row[j] >= kAlignCosineF) << (j - w * 64);
    }
    match[w] = bits;
  }
  *best = row_best;
}

}  // namespace

uint32_t OrderedAlignment(const float* sim, uint32_t rows, uint32_t cols) {
  if (rows == 0 || cols == 0) return 0;
  BitLcs lcs;
  lcs.Reset(cols);
  std::vector<uint64_t> match(lcs.words());
  for (uint32_t i = 0; i < rows; ++i) {
    const float* row = sim + static_cast<size_t>(i) * cols;
    std::fill(match.begin(), match.end(), 0);
    for (uint32_t j = 0; j < cols; ++j) match[j / 64] |= static_cast<uint64_t>(row[j] >= kAlignCosine) << (j % 64);
    lcs.AddRow(match.data());
  }
  return lcs.Length();
}

namespace {

// Logistic model of the rewrite score over the pair-local evidence (MeasurePairLocal):
// (1, pair_matched_min, pair_matched_max, pair_aligned_min, pair_aligned_max,
// pair_local_align2, pair_story_order) (min and max over the two sides). Fit (features
// standardised, L2 0.01, Newton's method) on the labelled rewrite / same_story pairs of
// the "fit" groups of tests/fixtures/rewrites as FindStories reports them
// (tools/proto/pairlocal_research.py); the threshold was chosen on fit (just above its
// highest independent pair, logit 1.7399) and folded into the bias so that the default
// rewrite_threshold 0.8 decides there. No feature depends on the corpus around the pair,
// so the score of a pair is the same whatever else is scanned with it (the model over
// corpus-IDF features before it typed 11 fit and 3 held-out independent pairs rewrite
// when the fixtures were scanned among METER + Reuters, and both paraphrases of the
// bundled example same_story, whose corpus is half one story). local_align2 carries the
// weight, as it did there: a rewrite keeps runs of its source's consecutive sentences.
// See docs/rewrite.md for the held-out numbers.
constexpr double kScoreWeights[] = {-5.191, 2.014, -0.183, -1.218, 1.976, 19.062, 3.024};

// A rectangle of the sentence matrix holding every cell with cosine >= kLocalAlignCosine
// (rows [r0, r1), columns [c0, c1)), the only cells that add to a local alignment. Cells
// above or left of it hold H = 0 (every path to them only loses) and cells below or right
// of it are below the maximum (reached from the rectangle by losing steps only), so a pass
// over the rectangle alone finds the same maximum at the same cell with the same H along
// the way; and it holds the second pass's scoring cells too (a subset). r0 == r1: none.
struct Box {
  uint32_t r0 = 0, r1 = 0, c0 = 0, c1 = 0;
};

// Exact: a float cosine x has x - kLocalAlignCosine >= 0 (in double) iff x >= this.
constexpr float kLocalAlignCosineF = static_cast<float>(kLocalAlignCosine);
static_assert(static_cast<double>(kLocalAlignCosineF) == kLocalAlignCosine);

// The box from each row's and each column's largest cosine.
Box BoxOfMaxima(const float* row_max, uint32_t rows, const float* col_max, uint32_t cols) {
  Box box{rows, 0, cols, 0};
  for (uint32_t i = 0; i < rows; ++i) {
    if (row_max[i] >= kLocalAlignCosineF) box.r0 = std::min(box.r0, i), box.r1 = i + 1;
  }
  for (uint32_t j = 0; j < cols; ++j) {
    if (col_max[j] >= kLocalAlignCosineF) box.c0 = std::min(box.c0, j), box.c1 = j + 1;
  }
  return box.r1 > box.r0 && box.c1 > box.c0 ? box : Box{};
}

LocalAlignmentScores LocalAlignmentsIn(const float* sim, uint32_t cols, const Box& box) {
  LocalAlignmentScores out;
  if (box.r0 == box.r1) return out;
  constexpr double t = kLocalAlignCosine, gap = kLocalAlignGap;
  thread_local std::vector<double> h, prev, cur, from_up;
  thread_local std::vector<uint8_t> used_row, used_col;  // over the box
  // Forward pass, H kept whole for the trace-back (box row i at h[(i + 1) * stride], row
  // and column 0 are the zero border). Only maxima here: the trace-back recomputes the few
  // moves on its path.
  const uint32_t num_rows = box.r1 - box.r0, w = box.c1 - box.c0;
  const size_t stride = w + 1;
  //
  // Each cell is the maximum of four terms, each computed as in the recurrence; the three
  // from the row above first, for the whole row (independent cells), then the left one
  // along the row, so the chain from cell to cell is one subtraction and one maximum
  // instead of three maxima. The same value: no term is NaN or -0 (H >= +0, and x - x is
  // +0), so a maximum does not depend on the order it is taken in.
  h.assign((num_rows + 1) * stride, 0.0);
  from_up.resize(w);
  double* const up_best = from_up.data();
  uint32_t at_i = 0, at_j = 0;  // the maximum's cell in h (the first in row-major order)
  for (uint32_t i = 0; i < num_rows; ++i) {
    const float* row = sim + static_cast<size_t>(box.r0 + i) * cols + box.c0;
    const double* up_row = h.data() + i * stride;
    double* h_row = h.data() + (i + 1) * stride;
    for (uint32_t j = 0; j < w; ++j) {
      up_best[j] = std::max(std::max(0.0, up_row[j] + (static_cast<double>(row[j]) - t)), up_row[j + 1] - gap);
    }
    double row_best = 0;
    for (uint32_t j = 0; j < w; ++j) {
      const double v = std::max(up_best[j], h_row[j] - gap);
      h_row[j + 1] = v;
      row_best = std::max(row_best, v);
    }
    if (row_best > out.best) {
      out.best = row_best;
      at_i = i + 1;
      at_j = static_cast<uint32_t>(std::find(h_row + 1, h_row + 1 + w, row_best) - h_row);
    }
  }
  // The best alignment's rows and columns, traced back from its maximum until H is 0: the
  // diagonal when it gives H, else up when it does, else left.
  used_row.assign(num_rows, 0);
  used_col.assign(w, 0);
  uint32_t i = at_i, j = at_j;
  while (i > 0 && j > 0) {
    const double v = h[i * stride + j];
    if (v <= 0) break;
    const double s = static_cast<double>(sim[static_cast<size_t>(box.r0 + i - 1) * cols + box.c0 + j - 1]) - t;
    if (v == h[(i - 1) * stride + j - 1] + s) {
      used_row[--i] = 1;
      used_col[--j] = 1;
    } else if (v == h[(i - 1) * stride + j] - gap) {
      used_row[--i] = 1;
    } else {
      used_col[--j] = 1;
    }
  }
  // Second pass: used rows and columns score -1.
  prev.assign(stride, 0.0);
  cur.assign(stride, 0.0);
  for (uint32_t r = 0; r < num_rows; ++r) {
    const float* row = sim + static_cast<size_t>(box.r0 + r) * cols + box.c0;
    const bool row_used = used_row[r] != 0;
    for (uint32_t k = 0; k < w; ++k) {
      const double s = row_used || used_col[k] ? -1.0 : static_cast<double>(row[k]) - t;
      up_best[k] = std::max(std::max(0.0, prev[k] + s), prev[k + 1] - gap);
    }
    for (uint32_t k = 0; k < w; ++k) {
      const double v = std::max(up_best[k], cur[k] - gap);
      cur[k + 1] = v;
      out.second = std::max(out.second, v);
    }
    std::swap(prev, cur);
  }
  // A huge pair must not pin its matrix in every thread.
  constexpr size_t kMaxKept = size_t{1} << 20;
  if (h.size() > kMaxKept) std::vector<double>().swap(h);
  if (from_up.size() > kMaxKept) std::vector<double>().swap(from_up);
  return out;
}

}  // namespace

// (MeasurePair calls LocalAlignmentsIn with the box from the maxima it already has.)
LocalAlignmentScores LocalAlignments(const float* sim, uint32_t rows, uint32_t cols) {
  if (rows == 0 || cols == 0) return {};
  std::vector<float> row_max(rows, 0.0f), col_max(cols, 0.0f);
  for (uint32_t i = 0; i < rows; ++i) {
    for (uint32_t j = 0; j < cols; ++j) {
      const float x = sim[static_cast<size_t>(i) * cols + j];
      row_max[i] = std::max(row_max[i], x);
      col_max[j] = std::max(col_max[j], x);
    }
  }
  return LocalAlignmentsIn(sim, cols, BoxOfMaxima(row_max.data(), rows, col_max.data(), cols));
}

RewriteSettings SettingsFrom(const RewriteOptions& options) {
  RewriteSettings s;
  s.num_features = options.num_features;
  s.max_posting_size = options.max_posting_size;
  s.min_pair_cosine = options.min_pair_cosine;
  s.max_pairs_per_doc = options.max_pairs_per_doc;
  s.rewrite_threshold = options.rewrite_threshold;
  return s;
}

namespace {

RewriteCorpus BuildRewriteCorpusIn(const std::vector<ContentProfile>& profiles, const std::vector<uint8_t>& include,
                                   common::ThreadPool* pool, std::vector<ContentProfile>* release) {
  RewriteCorpus corpus;
  const size_t n = profiles.size();
  // DF in chunks (parallel), merged in chunk order.
  constexpr size_t kChunk = 4096;
  const size_t num_chunks = (n + kChunk - 1) / kChunk;
  std::vector<DfTable> partial(num_chunks);
  auto count = [&](size_t begin, size_t end) {
    for (size_t c = begin; c < end; ++c) {
      const size_t first = c * kChunk, last = std::min(n, (c + 1) * kChunk);
      partial[c] = DfTable::Count(profiles.data() + first, last - first, &include, first);
    }
  };
  if (pool) {
    pool->ParallelFor(num_chunks, 1, count);
  } else {
    count(0, num_chunks);
  }
  // Merge the sorted chunk tables pairwise (a tree: log2(chunks) linear rounds, each
  // round's merges in parallel); the result is the same for any pool size.
  while (partial.size() > 1) {
    std::vector<DfTable> next((partial.size() + 1) / 2);
    auto merge = [&](size_t begin, size_t end) {
      for (size_t k = begin; k < end; ++k) {
        next[k] = 2 * k + 1 < partial.size() ? DfTable::MergeFinalized(partial[2 * k], partial[2 * k + 1])
                                             : std::move(partial[2 * k]);
      }
    };
    if (pool) {
      pool->ParallelFor(next.size(), 1, merge);
    } else {
      merge(0, next.size());
    }
    partial.swap(next);
  }
  if (!partial.empty()) corpus.df = std::move(partial[0]);
  corpus.df.BuildIndex();
  corpus.vectors.resize(n);
  auto weigh = [&](size_t begin, size_t end) {
    for (size_t d = begin; d < end; ++d) {
      if (Included(include, d)) corpus.vectors[d] = TfIdf(profiles[d], corpus.df);
      if (release != nullptr) (*release)[d].ReleaseTerms(corpus.vectors[d].terms.size());
    }
  };
  if (pool) {
    pool->ParallelFor(n, 256, weigh);
  } else {
    weigh(0, n);
  }
  return corpus;
}

}  // namespace

RewriteCorpus BuildRewriteCorpus(const std::vector<ContentProfile>& profiles, const std::vector<uint8_t>& include,
                                 common::ThreadPool* pool) {
  return BuildRewriteCorpusIn(profiles, include, pool, nullptr);
}

RewriteCorpus BuildRewriteCorpus(std::vector<ContentProfile>* profiles, const std::vector<uint8_t>& include,
                                 common::ThreadPool* pool) {
  return BuildRewriteCorpusIn(*profiles, include, pool, profiles);
}

namespace {

// Candidates ahead of the one being scored whose partner vector is prefetched, and how
// many cache lines of each of its two arrays.
constexpr size_t kPrefetchAhead = 4;
constexpr size_t kPrefetchLines = 4;

// The packed bound of a partner is never below its dot product; this margin covers the
// double rounding of both (the products are exact integers or floats summing to <= 1).
constexpr double kBoundMargin = 1e-9;

void PrefetchPacked(const PackedVectors& packed, uint32_t d) {
  const char* begin = reinterpret_cast<const char*>(packed.begin(d));
  const size_t lines = std::min<size_t>(2 * kPrefetchLines, (reinterpret_cast<const char*>(packed.end(d)) - begin + 63) / 64);
  for (size_t line = 0; line < lines; ++line) __builtin_prefetch(begin + 64 * line);
}

void PrefetchHead(const TermVector& v) {
  const size_t lines = std::min(kPrefetchLines, (v.terms.size() * sizeof(uint32_t) + 63) / 64);
  for (size_t line = 0; line < lines; ++line) {
    __builtin_prefetch(reinterpret_cast<const char*>(v.terms.data()) + 64 * line);
    __builtin_prefetch(reinterpret_cast<const char*>(v.weights.data()) + 64 * line);
  }
}

}  // namespace

std::vector<ScoredPair> FindRewriteCandidates(const RewriteCorpus& corpus,
                                              const std::vector<uint8_t>& include,
                                              const RewriteSettings& settings,
                                              common::ThreadPool* pool, RewriteStats* stats,
                                              const std::function<bool(uint32_t, uint32_t)>& admit) {
  const size_t n = corpus.vectors.size();
  // Keys: the heaviest terms held by 2..max_posting_size documents.
  std::vector<std::vector<uint32_t>> keys(n);  // term ids
  auto pick = [&](size_t begin, size_t end) {
    std::vector<uint32_t> order;
    for (size_t d = begin; d < end; ++d) {
      if (!Included(include, d)) continue;
      const TermVector& v = corpus.vectors[d];
      order.clear();
      for (uint32_t i = 0; i < v.terms.size(); ++i) {
        const uint32_t df = corpus.df.DfOf(v.terms[i]);
        if (df >= 2 && df <= settings.max_posting_size) order.push_back(i);
      }
      const size_t k = std::min<size_t>(order.size(), static_cast<size_t>(std::max(0, settings.num_features)));
      std::partial_sort(order.begin(), order.begin() + k, order.end(), [&](uint32_t x, uint32_t y) {
        return v.weights[x] != v.weights[y] ? v.weights[x] > v.weights[y] : v.terms[x] < v.terms[y];
      });
      for (size_t i = 0; i < k; ++i) keys[d].push_back(v.terms[order[i]]);
    }
  };
  if (pool) {
    pool->ParallelFor(n, 256, pick);
  } else {
    pick(0, n);
  }
  std::vector<index::Posting> postings;
  uint64_t with_keys = 0;
  for (uint32_t d = 0; d < n; ++d) {
    with_keys += !keys[d].empty();
    for (uint32_t key : keys[d]) postings.push_back({corpus.df.TermOf(key), d});
    std::vector<uint32_t>().swap(keys[d]);
  }
  const uint64_t index_bytes = postings.size() * sizeof(index::Posting) + corpus.df.MemoryBytes();
  index::CandidateOptions copt;
  copt.min_shared_keys = std::max<uint32_t>(1, settings.min_shared_features);
  copt.max_posting_size = settings.max_posting_size;
  // The candidates come per chunk of documents, grouped by the document that found them
  // (index::VisitCandidates), and are verified chunk by chunk once all are counted: each
  // document x is scattered into a dense array over term ids once and its partners, in
  // document order, are scored against it (O(|y|) per candidate). A chunk's candidates
  // are freed once verified and only the pairs that pass are put in order, so the
  // candidates are never sorted into a second copy (on the 100k bench corpus 12.5 M of
  // them, 150 MB, 91% failing; 132 M at 1M documents). Verifying each chunk as soon as it
  // was counted, with the packed vectors built beforehand, was ~10% slower there. The
  // exact sum runs over y's terms in ascending term order whichever document of the pair
  // is x, so it adds the same products in the same order as a sum over b's terms against
  // a's dense array would: the same cosine to the last bit. The partners are scattered
  // over memory and each is read once: the head of a partner's vector a few partners
  // ahead is prefetched, so its first cache misses overlap the current candidate's work.
  // Then FloatDotMayReach, a float sum, drops the pairs that cannot reach min_cosine
  // before the exact sum (one chain of dependent double additions) runs (about half fail
  // on METER + Reuters).
  //
  // Where the vectors are too large for the caches, the partners stream from memory and
  // the loop waits on those loads: packed 8-bit bounds (bound.h) then drop most failing
  // candidates reading 4 bytes a shared term instead of 8 a term (100k bench corpus, 220
  // MB of vectors, 125 candidates a document: 7-13% less CPU for the whole default scan,
  // same pairs). Where the vectors stay in cache packing is only extra work (METER +
  // Reuters, 27 MB: no change; a 10k-document corpus with 8 candidates a document: 18%
  // slower), so the float filter does it, as it does where ids do not fit 24 bits.
  const size_t num_terms = corpus.df.num_terms();
  size_t vector_bytes = 0;
  for (size_t d = 0; d < n; ++d) {
    if (Included(include, d)) vector_bytes += corpus.vectors[d].terms.size() * (sizeof(uint32_t) + sizeof(float));
  }
  const common::SimdLevel simd = common::BestSimd();
  const size_t num_chunks = index::NumCandidateChunks(static_cast<uint32_t>(n));
  // A chunk's candidates as each finder x with its partner count, then the partners of
  // each in document order (their vectors then come in memory order): 4 bytes a candidate
  // instead of index::Candidate's 12 while all wait for verification (1.5 KB a document
  // on the 100k bench corpus, at the default scan's peak).
  struct ChunkCandidates {
    std::vector<uint32_t> finders;   // x, partner count, x, partner count, ...
    std::vector<uint32_t> partners;  // per finder, ascending
  };
  std::vector<ChunkCandidates> chunk_found(num_chunks);
  index::CandidateStats cstats;
  index::VisitCandidates(&postings, static_cast<uint32_t>(n), copt, pool, &cstats,
                         [&chunk_found](size_t chunk, std::vector<index::Candidate>* found) {
                           ChunkCandidates& out = chunk_found[chunk];
                           out.partners.reserve(found->size());
                           for (size_t first = 0; first < found->size();) {
                             const uint32_t x = (*found)[first].a;
                             size_t last = first;
                             while (last < found->size() && (*found)[last].a == x) ++last;
                             out.finders.push_back(x);
                             out.finders.push_back(static_cast<uint32_t>(last - first));
                             const size_t at = out.partners.size();
                             for (size_t c = first; c < last; ++c) out.partners.push_back((*found)[c].b);
                             std::sort(out.partners.begin() + at, out.partners.end());
                             first = last;
                           }
                         });
  std::vector<index::Posting>().swap(postings);
  uint64_t num_candidates = 0;
  for (const ChunkCandidates& found : chunk_found) num_candidates += found.partners.size();
  std::unique_ptr<PackedVectors> packed;
  if (num_candidates != 0 && num_terms <= PackedVectors::kMaxTerms && vector_bytes >= settings.pack_min_vector_bytes) {
    packed = std::make_unique<PackedVectors>(corpus.vectors, corpus.df, include, pool);
  }
  std::vector<std::vector<ScoredPair>> chunk_out(num_chunks);
  auto verify_chunk = [&](size_t chunk, const ChunkCandidates& found) {
    thread_local std::vector<float> dense;
    thread_local PackedQuery query;
    if (dense.size() < num_terms) dense.assign(num_terms, 0.0f);
    if (packed) query.Reserve(num_terms);
    std::vector<ScoredPair>& passed = chunk_out[chunk];
    const uint32_t* next = found.partners.data();
    for (size_t f = 0; f < found.finders.size(); f += 2) {
      const uint32_t x = found.finders[f];
      const uint32_t* const partners = next;
      const size_t m = found.finders[f + 1];
      next += m;
      const TermVector& vx = corpus.vectors[x];
      for (size_t i = 0; i < vx.terms.size(); ++i) dense[vx.terms[i]] = vx.weights[i];
      if (packed) query.Set(vx);
      for (size_t c = 0; c < m; ++c) {
        const uint32_t y = partners[c];
        const TermVector& vy = corpus.vectors[y];
        if (packed) {
          if (c + kPrefetchAhead < m) PrefetchPacked(*packed, partners[c + kPrefetchAhead]);
          const double bound =
              static_cast<double>(query.Sum(packed->begin(y), packed->end(y))) * query.scale() * packed->scale(y);
          if (bound + kBoundMargin < settings.min_cosine) continue;
        } else {
          if (c + kPrefetchAhead < m) PrefetchHead(corpus.vectors[partners[c + kPrefetchAhead]]);
          if (!FloatDotMayReach(dense.data(), vy, settings.min_cosine, simd)) continue;
        }
        DotParts parts;
        for (size_t j = 0; j < vy.terms.size(); ++j) {
          const double product = static_cast<double>(dense[vy.terms[j]]) * vy.weights[j];
          parts.dot += product;
          parts.top_term = std::max(parts.top_term, product);
        }
        const uint32_t a = std::min(x, y), b = std::max(x, y);
        // The admit test only where the cosine passes: it may cost more than the cosine.
        if (parts.dot >= settings.min_cosine && (!admit || admit(a, b))) {
          passed.push_back({a, b, parts.dot, parts.top_term});
        }
      }
      for (uint32_t t : vx.terms) dense[t] = 0.0f;
      if (packed) query.Clear(vx);
    }
  };
  auto verify = [&](size_t first, size_t last) {
    for (size_t chunk = first; chunk < last; ++chunk) {
      verify_chunk(chunk, chunk_found[chunk]);
      chunk_found[chunk] = ChunkCandidates();
    }
  };
  if (pool) {
    pool->ParallelFor(num_chunks, 1, verify);
  } else {
    verify(0, num_chunks);
  }
  packed.reset();
  std::vector<ScoredPair> out = index::SortPairsByDocuments(&chunk_out, static_cast<uint32_t>(n), pool);
  if (stats) {
    stats->documents_with_keys += with_keys;
    stats->postings += cstats.postings;
    stats->candidate_pairs += num_candidates;
    stats->verified_pairs += out.size();
    stats->shared_key_counts += cstats.shared_key_counts;
    stats->index_bytes += index_bytes;
  }
  return out;
}

PairEvidence MeasurePair(const ContentProfile& a, const ContentProfile& b,
                         const TermVector& vector_a, const TermVector& vector_b,
                         const DfTable& df) {
  return MeasurePair(a, b, vector_a, vector_b, IndexSentences(a, vector_a, df),
                     IndexSentences(b, vector_b, df));
}

PairEvidence MeasurePair(const ContentProfile& a, const ContentProfile& b,
                         const TermVector& vector_a, const TermVector& vector_b,
                         const SentenceIndex& sa, const SentenceIndex& sb, double cosine) {
  PairEvidence e;
  e.cosine = cosine >= 0 ? cosine : Dot(vector_a, vector_b);
  e.narrative_bigrams = SmallerContained(a.narrative_bigrams, b.narrative_bigrams);
  e.entities = SmallerContained(a.entities, b.entities);
  e.numbers = SmallerContained(a.numbers, b.numbers);
  const uint32_t rows = sa.num_sentences, cols = sb.num_sentences;
  bool story_order_done = false;
  if (rows > 0 && cols > 0) {
    thread_local std::vector<float> sim;
    thread_local std::vector<uint32_t> slots;
    size_t shared = SIZE_MAX;
    SentenceSimilarities(sa, sb, &sim, &slots, &shared);
    if (shared != SIZE_MAX) {
      e.story_order = OrderedShare(slots.data(), slots.size(), shared);
      story_order_done = true;
    }
    thread_local std::vector<float> best_a, best_b;
    thread_local std::vector<uint64_t> match;
    thread_local BitLcs lcs;
    best_a.resize(rows);
    best_b.assign(cols, 0.0f);
    lcs.Reset(cols);
    match.resize(lcs.words());
    double sum_a = 0;
    uint32_t matched_a = 0;
    for (uint32_t i = 0; i < rows; ++i) {
      float best = 0;
      RowMatchesAndMaxima(sim.data() + static_cast<size_t>(i) * cols, cols, &best, best_b.data(), match.data());
      lcs.AddRow(match.data());
      best_a[i] = best;
      sum_a += best;
      matched_a += best >= kAlignCosine;
    }
    const uint32_t aligned = lcs.Length();
    e.aligned_a = static_cast<double>(aligned) / rows;
    e.aligned_b = static_cast<double>(aligned) / cols;
    double sum_b = 0;
    uint32_t matched_b = 0;
    for (float best : best_b) {
      sum_b += best;
      matched_b += best >= kAlignCosine;
    }
    e.matched_a = static_cast<double>(matched_a) / rows;
    e.matched_b = static_cast<double>(matched_b) / cols;
    e.similar_a = sum_a / rows;
    e.similar_b = sum_b / cols;
    const LocalAlignmentScores local =
        LocalAlignmentsIn(sim.data(), cols, BoxOfMaxima(best_a.data(), rows, best_b.data(), cols));
    e.local_align2 = (local.best + local.second) / std::max(1u, std::min(rows, cols));
  }
  if (!story_order_done) e.story_order = StoryOrder(sa, sb);
  MeasurePairLocal(sa, sb, &e);
  const double wa = a.num_words, wb = b.num_words;
  e.length_ratio = std::max(wa, wb) > 0 ? std::min(wa, wb) / std::max(wa, wb) : 0.0;
  e.rewrite_score = RewriteScore(e);
  return e;
}

namespace {

// Sum of the k best local alignments of sim (rows x cols), each found after the rows and
// columns of the previous ones are used up (they then score -1): the Smith-Waterman of
// LocalAlignments with the threshold and gap as parameters, in double.
double LocalAlignmentsK(const std::vector<double>& sim, uint32_t rows, uint32_t cols, double t, double gap, int k) {
  thread_local std::vector<double> h;
  thread_local std::vector<uint8_t> dead_row, dead_col;
  h.resize(static_cast<size_t>(rows + 1) * (cols + 1));
  dead_row.assign(rows, 0);
  dead_col.assign(cols, 0);
  auto at = [&](uint32_t i, uint32_t j) -> double& { return h[static_cast<size_t>(i) * (cols + 1) + j]; };
  auto score = [&](uint32_t i, uint32_t j) {
    return dead_row[i] || dead_col[j] ? -1.0 : sim[static_cast<size_t>(i) * cols + j] - t;
  };
  double total = 0;
  for (int run = 0; run < k; ++run) {
    std::fill(h.begin(), h.end(), 0.0);
    double best = 0;
    uint32_t bi = 0, bj = 0;
    for (uint32_t i = 0; i < rows; ++i) {
      for (uint32_t j = 0; j < cols; ++j) {
        const double v = std::max({0.0, at(i, j) + score(i, j), at(i, j + 1) - gap, at(i + 1, j) - gap});
        at(i + 1, j + 1) = v;
        if (v > best) best = v, bi = i + 1, bj = j + 1;
      }
    }
    if (bi == 0) break;
    total += best;
    uint32_t i = bi, j = bj;
    while (i > 0 && j > 0 && at(i, j) > 0) {
      if (std::abs(at(i, j) - (at(i - 1, j - 1) + score(i - 1, j - 1))) < 1e-12) {
        dead_row[i - 1] = dead_col[j - 1] = 1;
        --i, --j;
      } else if (std::abs(at(i, j) - (at(i - 1, j) - gap)) < 1e-12) {
        dead_row[i - 1] = 1;
        --i;
      } else {
        dead_col[j - 1] = 1;
        --j;
      }
    }
  }
  return total;
}

}  // namespace

void MeasurePairLocal(const SentenceIndex& a, const SentenceIndex& b, PairEvidence* e) {
  const uint32_t rows = a.num_sentences, cols = b.num_sentences;
  if (rows == 0 || cols == 0 || a.tf.size() != a.sentence.size() || b.tf.size() != b.sentence.size()) return;
  const double n = static_cast<double>(rows) + cols;
  auto df_of = [](const SentenceIndex& x, size_t k) { return x.offsets[k + 1] - x.offsets[k]; };
  // w(df) for df = 1 .. rows + cols, computed once per pair (a log per term was a third
  // of this function's time).
  thread_local std::vector<double> weight_of;
  weight_of.resize(rows + cols + 1);
  for (uint32_t df = 1; df <= rows + cols; ++df) weight_of[df] = std::log(1.0 + n / df);
  thread_local std::vector<double> norm_a, norm_b, sim;
  norm_a.assign(rows, 0.0);
  norm_b.assign(cols, 0.0);
  sim.assign(static_cast<size_t>(rows) * cols, 0.0);
  struct Shared {
    size_t i, j;
    double w;
  };
  thread_local std::vector<Shared> shared;
  shared.clear();
  auto add_norms = [](const SentenceIndex& x, size_t k, double w, std::vector<double>* norm) {
    for (uint32_t q = x.offsets[k]; q < x.offsets[k + 1]; ++q) {
      const double v = x.tf[q] * w;
      (*norm)[x.sentence[q]] += v * v;
    }
  };
  for (size_t i = 0, j = 0; i < a.terms.size() || j < b.terms.size();) {
    if (j == b.terms.size() || (i < a.terms.size() && a.terms[i] < b.terms[j])) {
      add_norms(a, i, weight_of[df_of(a, i)], &norm_a);
      ++i;
    } else if (i == a.terms.size() || b.terms[j] < a.terms[i]) {
      add_norms(b, j, weight_of[df_of(b, j)], &norm_b);
      ++j;
    } else {
      const double w = weight_of[df_of(a, i) + df_of(b, j)];
      add_norms(a, i, w, &norm_a);
      add_norms(b, j, w, &norm_b);
      shared.push_back({i, j, w});
      ++i, ++j;
    }
  }
  for (const Shared& t : shared) {
    for (uint32_t p = a.offsets[t.i]; p < a.offsets[t.i + 1]; ++p) {
      const double va = a.tf[p] * t.w;
      double* row = sim.data() + static_cast<size_t>(a.sentence[p]) * cols;
      for (uint32_t q = b.offsets[t.j]; q < b.offsets[t.j + 1]; ++q) row[b.sentence[q]] += va * b.tf[q] * t.w;
    }
  }
  for (double& x : norm_a) x = x > 0 ? 1.0 / std::sqrt(x) : 0.0;
  for (double& x : norm_b) x = x > 0 ? 1.0 / std::sqrt(x) : 0.0;
  thread_local std::vector<double> best_b;
  best_b.assign(cols, 0.0);
  uint32_t matched_a = 0;
  // Longest order-preserving one-to-one alignment at the threshold (an LCS).
  thread_local std::vector<uint32_t> prev, cur;
  prev.assign(cols + 1, 0);
  cur.assign(cols + 1, 0);
  for (uint32_t i = 0; i < rows; ++i) {
    double best = 0;
    cur[0] = 0;
    for (uint32_t j = 0; j < cols; ++j) {
      double& x = sim[static_cast<size_t>(i) * cols + j];
      x *= norm_a[i] * norm_b[j];
      best = std::max(best, x);
      best_b[j] = std::max(best_b[j], x);
      cur[j + 1] = std::max({prev[j + 1], cur[j], prev[j] + (x >= kPairAlignSimilarity ? 1u : 0u)});
    }
    matched_a += best >= kPairAlignSimilarity;
    std::swap(prev, cur);
  }
  const uint32_t aligned = prev[cols];
  uint32_t matched_b = 0;
  for (double x : best_b) matched_b += x >= kPairAlignSimilarity;
  e->pair_matched_a = static_cast<double>(matched_a) / rows;
  e->pair_matched_b = static_cast<double>(matched_b) / cols;
  e->pair_aligned_a = static_cast<double>(aligned) / rows;
  e->pair_aligned_b = static_cast<double>(aligned) / cols;
  e->pair_local_align2 = LocalAlignmentsK(sim, rows, cols, kPairLocalAlignCosine, kPairLocalAlignGap, 2) /
                         std::max(1u, std::min(rows, cols));
  // Story order over the shared terms few of the pair's sentences hold.
  const double max_df = std::max(2.0, kPairOrderShare * n);
  thread_local std::vector<std::pair<uint32_t, uint32_t>> firsts;  // (position in a, position in b)
  firsts.clear();
  if (a.first_position.size() == a.terms.size() && b.first_position.size() == b.terms.size()) {
    for (const Shared& t : shared) {
      if (df_of(a, t.i) + df_of(b, t.j) <= max_df) firsts.push_back({a.first_position[t.i], b.first_position[t.j]});
    }
  }
  if (firsts.size() >= 3) {
    std::sort(firsts.begin(), firsts.end());
    std::vector<uint32_t> tails;
    for (const auto& [pa, pb] : firsts) {
      auto it = std::lower_bound(tails.begin(), tails.end(), pb);
      if (it == tails.end()) {
        tails.push_back(pb);
      } else {
        *it = pb;
      }
    }
    e->pair_story_order = static_cast<double>(tails.size()) / firsts.size();
  }
}

double RewriteScore(const PairEvidence& e) {
  const double x[] = {1.0,
                      std::min(e.pair_matched_a, e.pair_matched_b),
                      std::max(e.pair_matched_a, e.pair_matched_b),
                      std::min(e.pair_aligned_a, e.pair_aligned_b),
                      std::max(e.pair_aligned_a, e.pair_aligned_b),
                      e.pair_local_align2,
                      e.pair_story_order};
  double z = 0;
  static_assert(std::size(x) == std::size(kScoreWeights));
  for (size_t i = 0; i < std::size(x); ++i) z += kScoreWeights[i] * x[i];
  return 1.0 / (1.0 + std::exp(-z));
}

Pair TypePair(uint32_t a, uint32_t b, const PairEvidence& e, const RewriteSettings& settings) {
  Pair p;
  p.a = a;
  p.b = b;
  const bool rewrite = e.rewrite_score >= settings.rewrite_threshold;
  p.relation = rewrite ? Relation::kRewrite : Relation::kSameStory;
  p.score = rewrite ? e.rewrite_score : e.cosine;
  p.features = {{"cosine", e.cosine},
                {"narrative_bigrams", e.narrative_bigrams},
                {"entities", e.entities},
                {"numbers", e.numbers},
                {"aligned_a", e.aligned_a},
                {"aligned_b", e.aligned_b},
                {"matched_a", e.matched_a},
                {"matched_b", e.matched_b},
                {"length_ratio", e.length_ratio},
                {"story_order", e.story_order},
                {"local_align2", e.local_align2},
                {"pair_matched_a", e.pair_matched_a},
                {"pair_matched_b", e.pair_matched_b},
                {"pair_aligned_a", e.pair_aligned_a},
                {"pair_aligned_b", e.pair_aligned_b},
                {"pair_local_align2", e.pair_local_align2},
                {"pair_story_order", e.pair_story_order},
                {"rewrite_score", e.rewrite_score}};
  return p;
}

}  // namespace doppel::match
