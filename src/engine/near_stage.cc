// Exact copies, near duplicates and partial copies.
#include <algorithm>
#include <cstddef>
#include <span>
#include <utility>

#include "cluster/verify.h"
#include "common/hash.h"
#include "common/sorted_set.h"
#include "common/thread_pool.h"
#include "engine/scan_state.h"
#include "index/candidates.h"
#include "shingle/shingler.h"

namespace doppel::engine {
namespace {

// Exact copies larger than this are reported as a star (each member with the first one)
// rather than all pairs, so a text copied 10,000 times gives 9,999 lines, not 50 million.
constexpr size_t kMaxExactGroupAllPairs = 64;
// Documents smaller than this many distinct shingles are not reported as partial copies
// (a one-line text, such as a wire headline, is contained in many texts by chance).
constexpr uint32_t kMinPartialCopyShingles = 20;
// An excerpt has at most this share of its source's shingles; two texts of about the same
// size that share most shingles are near duplicates (or not), never excerpts.
constexpr double kMaxExcerptSizeRatio = 0.8;

bool SameHash(const XXH128_hash_t& x, const XXH128_hash_t& y) {
  return x.high64 == y.high64 && x.low64 == y.low64;
}

// Sorts data[0, split) and data[split, n) at once, a thread each: the order of one sort of
// data[0, n) when every value before `split` is below every value after it.
template <typename T>
void SortTwoParts(common::ThreadPool* pool, T* data, size_t split, size_t n, void (*sort)(T*, size_t)) {
  pool->ParallelFor(2, 1, [&](size_t first, size_t last) {
    for (size_t part = first; part < last; ++part) {
      if (part == 0) {
        sort(data, split);
      } else {
        sort(data + split, n - split);
      }
    }
  });
}

}  // namespace

void SwapPairSides(Pair* pair) {
  std::swap(pair->a, pair->b);
  std::vector<Feature>& f = pair->features;
  for (size_t i = 0; i < f.size(); ++i) {
    const std::string_view name = f[i].name;
    if (name.size() < 2 || name.substr(name.size() - 2) != "_a") continue;
    for (size_t k = 0; k < f.size(); ++k) {
      const std::string_view other = f[k].name;
      if (other.size() == name.size() && other.substr(0, name.size() - 2) == name.substr(0, name.size() - 2) &&
          other.substr(name.size() - 2) == "_b") {
        std::swap(f[i].value, f[k].value);
        break;
      }
    }
  }
}

void ScanState::AddGroupPair(Pair p) {
  const std::vector<uint32_t>& group_a = members_of[p.a];
  const std::vector<uint32_t>& group_b = members_of[p.b];
  // A document alone in its group has no list (its group is itself).
  const size_t size_a = std::max<size_t>(1, group_a.size()), size_b = std::max<size_t>(1, group_b.size());
  if (size_a * size_b <= 1 || size_a > kMaxExactGroupAllPairs || size_b > kMaxExactGroupAllPairs) {
    pairs.push_back(std::move(p));
    return;
  }
  const uint32_t alone_a = p.a, alone_b = p.b;
  const std::span<const uint32_t> members_a = group_a.empty() ? std::span(&alone_a, 1) : std::span(group_a);
  const std::span<const uint32_t> members_b = group_b.empty() ? std::span(&alone_b, 1) : std::span(group_b);
  for (uint32_t x : members_a) {
    for (uint32_t y : members_b) {
      Pair q = p;
      q.a = x;
      q.b = y;
      // Only partial copies are directed; every other pair is written with a < b. (The
      // group members' pair starts in the representatives' orientation.)
      if (q.relation != Relation::kPartialCopy && IdLess(y, x)) SwapPairSides(&q);
      pairs.push_back(std::move(q));
    }
  }
}

bool ScanState::CopyPair(uint32_t a, uint32_t b, Pair* pair) const {
  const NearDupOptions& near = opt.near;
  const cluster::SetOverlap o = cluster::CompareSets(prepared[a].shingles, prepared[b].shingles);
  const double j = o.jaccard();
  Pair p;
  if (j >= near.jaccard_threshold) {
    if (pair == nullptr) return true;
    p = {a, b, Relation::kNearDuplicate, j, {}};
    if (IdLess(b, a)) std::swap(p.a, p.b);
  } else {
    // Partial copy: the smaller document mostly contained in the larger.
    const bool a_smaller = o.size_a < o.size_b || (o.size_a == o.size_b && a > b);
    const double contained = a_smaller ? o.containment_of_a() : o.containment_of_b();
    const uint32_t small_size = a_smaller ? o.size_a : o.size_b;
    const uint32_t large_size = a_smaller ? o.size_b : o.size_a;
    if (contained < near.containment_threshold || small_size < kMinPartialCopyShingles ||
        small_size > kMaxExcerptSizeRatio * large_size) {
      return false;
    }
    if (pair == nullptr) return true;
    p = {a_smaller ? b : a, a_smaller ? a : b, Relation::kPartialCopy, contained, {}};
  }
  p.features = {{"jaccard", j},
                {"containment", std::max(o.containment_of_a(), o.containment_of_b())},
                {"shingles_a", static_cast<double>(p.a == a ? o.size_a : o.size_b)},
                {"shingles_b", static_cast<double>(p.a == a ? o.size_b : o.size_a)}};
  *pair = std::move(p);
  return true;
}

void GroupExactCopies(ScanState* s) {
  const size_t n = s->n;
  // The documents with words in (hash, index) order: sorted as (high 64 bits, index) pairs
  // by VectorSort128, then each run of equal high halves (almost never longer than one) by
  // (low half, index). (std::sort through the documents' states read two scattered hashes a
  // comparison: ~10 ms of the calling thread alone, 100k bench corpus.)
  // The keys below 2^63 go to the front and the others to the back, so that the two parts
  // are sorted at once, by a thread each, into the order of one sort. (With the runs'
  // comparison below: 3.6-4.2 -> 2.3-2.4 ms of the calling thread, 100k bench corpus.)
  size_t num_keyed = 0, num_low = 0;
  for (uint32_t d = 0; d < n; ++d) {
    if (s->prepared[d].num_words == 0) continue;
    ++num_keyed;
    num_low += s->prepared[d].exact.high64 >> 63 == 0;
  }
  std::vector<common::Value128> keyed(num_keyed);
  {
    size_t low = 0, high = num_low;
    for (uint32_t d = 0; d < n; ++d) {
      if (s->prepared[d].num_words == 0) continue;
      const uint64_t hash = s->prepared[d].exact.high64;
      keyed[hash >> 63 == 0 ? low++ : high++] = {d, hash};
    }
  }
  SortTwoParts(s->pool, keyed.data(), num_low, keyed.size(), common::VectorSort128);
  std::vector<uint32_t> by_hash(keyed.size());
  for (size_t i = 0; i < keyed.size(); ++i) by_hash[i] = static_cast<uint32_t>(keyed[i].lo);
  for (size_t i = 0; i < keyed.size();) {
    size_t j = i + 1;
    while (j < keyed.size() && keyed[j].hi == keyed[i].hi) ++j;
    if (j - i >= 2) {
      std::sort(by_hash.begin() + i, by_hash.begin() + j, [&](uint32_t x, uint32_t y) {
        const uint64_t lx = s->prepared[x].exact.low64, ly = s->prepared[y].exact.low64;
        return lx != ly ? lx < ly : x < y;
      });
    }
    i = j;
  }
  s->rep.resize(n);
  for (uint32_t d = 0; d < n; ++d) s->rep[d] = d;
  s->group_size.assign(n, 1);
  s->include.assign(n, 0);
  s->members_of.assign(n, {});
  // Runs of equal hashes: the high halves (keyed[k].hi belongs to by_hash[k]: the tie sort
  // above reordered runs of equal high halves only) settle almost every comparison without
  // reading the documents' states at scattered places.
  for (size_t i = 0; i < by_hash.size();) {
    size_t j = i + 1;
    while (j < by_hash.size() && keyed[j].hi == keyed[i].hi &&
           SameHash(s->prepared[by_hash[j]].exact, s->prepared[by_hash[i]].exact)) {
      ++j;
    }
    const uint32_t r = by_hash[i];
    s->include[r] = 1;
    s->group_size[r] = static_cast<uint32_t>(j - i);
    if (j - i >= 2) {
      std::vector<uint32_t> group(by_hash.begin() + i, by_hash.begin() + j);
      for (uint32_t d : group) s->rep[d] = r;
      s->members_of[r] = group;
      std::sort(group.begin(), group.end(), [&](uint32_t x, uint32_t y) { return s->IdLess(x, y); });
      const size_t core = group.size() <= kMaxExactGroupAllPairs ? group.size() : 1;
      for (size_t x = 0; x < core; ++x) {
        for (size_t y = x + 1; y < group.size(); ++y) {
          s->pairs.push_back({group[x], group[y], Relation::kExact, 1.0, {}});
        }
      }
    }
    i = j;
  }
}

void FindNearDuplicates(ScanState* s) {
  const Options& opt = s->opt;
  const uint32_t n = static_cast<uint32_t>(s->n);
  // Candidates: MinHash-LSH bands (near duplicates) and sampled shingles (partial copies),
  // over exact-group representatives only.
  index::CandidateStats cand_stats, sample_stats;
  index::CandidateOptions band_opts;
  band_opts.max_posting_size = opt.near.max_band_bucket_size;
  std::vector<index::Posting> postings = index::KeyPostings(s->band_keys, opt.near.num_bands, s->include);
  s->stats->index_bytes += postings.size() * sizeof(index::Posting);
  s->stats->index_bytes_postings += postings.size() * sizeof(index::Posting);
  std::vector<index::Candidate> candidates =
      index::CandidatesFromPostings(&postings, n, band_opts, s->pool, &cand_stats);
  s->stats->candidate_pairs_band += candidates.size();
  std::vector<index::Posting>().swap(postings);
  // Sampled shingles (taken at preparation), as (sample << 32 | document) so that one
  // sort of the words (VectorSort64) puts them in (key, document) order, the order the
  // candidate lists want (CandidatesFromPackedPostings). (The in-place sort of 16-byte
  // postings took 40% of this channel on the 100k bench corpus, where most samples are
  // shared and few go before it; a stable LSD radix sort by the sample, in parallel
  // slices, took 0.70 s of the one-thread match stage where VQSort takes 0.65.)
  // The samples below 2^31 (Prepared::samples_low, counted at preparation) go to the front
  // of the array and the others after them, so that the two halves are sorted at once, by
  // a thread each, into the order of one sort (the sort was ~20 ms of the calling thread
  // alone, two threads, 100k bench corpus).
  std::vector<uint64_t> offset(n + 1, 0), offset_high(n + 1, 0);
  for (uint32_t d = 0; d < n; ++d) {
    const Prepared& p = s->prepared[d];
    offset[d + 1] = offset[d] + (s->include[d] ? p.samples_low : 0);
    offset_high[d + 1] = offset_high[d] + (s->include[d] ? p.samples.size() - p.samples_low : 0);
  }
  const uint64_t num_low = offset[n];
  common::FillVector<uint64_t> packed(num_low + offset_high[n]);  // written whole below, in parallel
  s->pool->ParallelFor(n, 4096, [&](size_t first, size_t last) {
    for (size_t d = first; d < last; ++d) {
      if (!s->include[d]) continue;
      uint64_t* low = packed.data() + offset[d];
      uint64_t* high = packed.data() + num_low + offset_high[d];
      // (The samples stay allocated until the scan's state is freed, off the calling
      // thread, at its end: freeing 100k small vectors here cost this loop twice its time,
      // and the sort and list pass after it another ~30 ms on one thread (100k bench
      // corpus), glibc sorting the freed blocks into its bins at the next large allocation.)
      const std::vector<uint32_t>& samples = s->prepared[d].samples;
      for (const uint32_t sample : samples) {
        const uint64_t posting = uint64_t{sample} << 32 | d;
        if (sample < kLowSamples) {
          *low++ = posting;
        } else {
          *high++ = posting;
        }
      }
    }
  });
  std::vector<uint64_t>().swap(offset);
  std::vector<uint64_t>().swap(offset_high);
  SortTwoParts(s->pool, packed.data(), num_low, packed.size(), common::VectorSort64);
  s->stats->index_bytes += packed.size() * sizeof(uint64_t);
  s->stats->index_bytes_postings += packed.size() * sizeof(uint64_t);
  index::CandidateOptions sample_opts;
  sample_opts.max_posting_size = opt.near.max_bucket_size;
  // An excerpt keeps ~containment of its samples; half of the smaller document's samples
  // (and at least two) leaves a wide margin below the 0.8 default while dropping pairs
  // that share a sentence or two by chance.
  sample_opts.min_shared_keys = 2;
  sample_opts.min_shared_fraction = 0.5;
  sample_opts.max_partners = opt.near.max_partners;
  std::vector<index::Candidate> sampled =
      index::CandidatesFromPackedPostings(&packed, n, sample_opts, s->pool, &sample_stats);
  s->stats->band_star_buckets += cand_stats.oversized_lists;
  s->stats->sampled_star_lists += sample_stats.oversized_lists;
  s->stats->sampled_partners_dropped += sample_stats.partners_dropped;
  s->stats->candidate_pairs_sampled += sampled.size();
  // Both channels' candidates come sorted by (a, b): merged, not sorted again (a sort of
  // the ~75 k on the 100k bench corpus was ~3 ms of the calling thread alone).
  const auto mid = static_cast<std::ptrdiff_t>(candidates.size());
  candidates.insert(candidates.end(), sampled.begin(), sampled.end());
  std::inplace_merge(candidates.begin(), candidates.begin() + mid, candidates.end(),
                     [](const auto& x, const auto& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
  candidates.erase(std::unique(candidates.begin(), candidates.end(),
                               [](const auto& x, const auto& y) { return x.a == y.a && x.b == y.b; }),
                   candidates.end());
  s->stats->candidate_pairs += candidates.size();

  // Verify every candidate on the exact shingle sets.
  std::vector<Pair> verified(candidates.size());
  std::vector<uint8_t> accepted(candidates.size(), 0);
  s->pool->ParallelFor(
      candidates.size(), 1024,
      [&](size_t begin, size_t end) {
        for (size_t c = begin; c < end; ++c) {
          const uint32_t a = candidates[c].a, b = candidates[c].b;
          if (!s->CopyPair(a, b, &verified[c])) continue;
          accepted[c] = 1;
        }
      },
      [&](size_t done, size_t total) { s->Report("verify", done, total); });
  for (size_t c = 0; c < candidates.size(); ++c) {
    if (!accepted[c]) continue;
    s->derivation_edges.push_back({candidates[c].a, candidates[c].b, verified[c].score});
    s->AddGroupPair(verified[c]);
  }
}

}  // namespace doppel::engine
