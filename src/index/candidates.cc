#include "index/candidates.h"

#include <algorithm>
#include <array>
#include <bit>
#include <atomic>
#include <cmath>
#include <cstring>
#include <functional>
#include <type_traits>

#include "common/hash.h"
#include "common/thread_pool.h"

namespace doppel::index {
namespace {

// Keys probed beyond the minimal prefix (see CandidatesFromPostings).
constexpr uint32_t kExtraProbes = 3;
// How many documents ahead VisitLists prefetches the lists a document probes.
constexpr uint32_t kProbeAhead = 4;

// Shared keys a pair needs when the document with fewer keys has `fewer` of them (the
// rule of CandidateOptions; never below 1, since a pair that shares nothing is no pair).
uint32_t RequiredShared(const CandidateOptions& options, uint32_t fewer) {
  const double by_fraction = std::ceil(options.min_shared_fraction * fewer - 1e-9);
  uint32_t required = std::max<uint32_t>(1, options.min_shared_keys);
  if (by_fraction > required) {
    required = by_fraction >= 4294967295.0 ? 0xFFFFFFFFu : static_cast<uint32_t>(by_fraction);
  }
  return required;
}

// Ranges shorter than this are sorted by comparison (see SortPostingRange).
constexpr size_t kMinRadixPostings = 64;

bool PostingLess(const Posting& x, const Posting& y) {
  return x.key != y.key ? x.key < y.key : x.doc < y.doc;
}

// Sorts [begin, begin + n) by (key, doc), all keys equal above bit `top`: an in-place
// MSD radix sort ("Engineering Radix Sort", McIlroy, Bostic and McIlroy: the American
// flag sort) on 8-bit digits, down to insertion sort for short ranges. No fresh scratch
// copy of the postings (fresh pages cost more than the sort on some machines), and 2-3x
// faster than std::sort on millions of postings. With a pool and `scratch` room for n
// postings (memory the caller has written already), the top level is a scatter into the
// scratch by slices in parallel, each bucket copied back by the task that sorts it: the
// in-place permutation ran on one thread (5.7-8.3 ms of the 100k bench corpus's band
// keys, the other thread idle).
void SortPostingRange(Posting* begin, size_t n, int top, common::ThreadPool* pool, Posting* scratch = nullptr,
                      size_t scratch_size = 0) {
  if (n <= 16) {
    for (Posting* i = begin + 1; i < begin + n; ++i) {
      const Posting v = *i;
      Posting* j = i;
      for (; j > begin && PostingLess(v, j[-1]); --j) *j = j[-1];
      *j = v;
    }
    return;
  }
  // A 256-bucket pass costs its histogram and 256 sub-ranges whatever the range's size:
  // random 64-bit keys reach ranges of ~30 after two levels, each of which then paid for
  // 256 more (BM_SampledShingleCandidates/30000 173 -> 155 ms with comparison sorts below
  // 64 postings; 64 to 1,024 measure alike, 4,096 is slower).
  if (n < kMinRadixPostings) {
    std::sort(begin, begin + n, PostingLess);
    return;
  }
  // Skip the digits every key of the range shares: a key held by hundreds of documents
  // would otherwise descend through all eight levels, each a 256-bucket pass.
  if (top >= 0) {
    uint64_t any = 0, all = ~uint64_t{0};
    for (size_t i = 0; i < n; ++i) {
      any |= begin[i].key;
      all &= begin[i].key;
    }
    const uint64_t varying = (any ^ all) & (top >= 63 ? ~uint64_t{0} : (uint64_t{2} << top) - 1);
    top = varying ? 63 - __builtin_clzll(varying) : -1;
  }
  if (top < 0) {  // one key: by document
    std::sort(begin, begin + n, PostingLess);
    return;
  }
  constexpr int kDigitBits = 8;
  constexpr size_t kBuckets = size_t{1} << kDigitBits;
  const int shift = std::max(0, top + 1 - kDigitBits);
  const uint64_t mask = (uint64_t{1} << (top + 1 - shift)) - 1;
  size_t end_of[kBuckets] = {};
  constexpr size_t kSlices = 8;
  std::vector<std::array<size_t, kBuckets>> counts;
  if (pool != nullptr && n >= 65536) {
    // The top level's histogram in parallel slices (the counts add up the same).
    counts.resize(kSlices);
    pool->ParallelFor(kSlices, 1, [&](size_t first, size_t last) {
      for (size_t s = first; s < last; ++s) {
        std::array<size_t, kBuckets>& c = counts[s];
        c.fill(0);
        for (size_t i = n * s / kSlices; i < n * (s + 1) / kSlices; ++i) ++c[(begin[i].key >> shift) & mask];
      }
    });
    for (const auto& c : counts) {
      for (size_t b = 0; b < kBuckets; ++b) end_of[b] += c[b];
    }
  } else {
    for (size_t i = 0; i < n; ++i) ++end_of[(begin[i].key >> shift) & mask];
  }
  size_t head[kBuckets];
  size_t sum = 0;
  for (size_t b = 0; b < kBuckets; ++b) {
    head[b] = sum;
    sum += end_of[b];
    end_of[b] = sum;
  }
  const bool scatter = !counts.empty() && scratch != nullptr && scratch_size >= n && pool->num_threads() > 1;
  if (scatter) {
    // Slice s's postings of bucket b go after the earlier slices' (a stable scatter).
    std::vector<std::array<size_t, kBuckets>> at(kSlices);
    for (size_t b = 0; b < kBuckets; ++b) {
      size_t next = head[b];
      for (size_t slice = 0; slice < kSlices; ++slice) {
        at[slice][b] = next;
        next += counts[slice][b];
      }
    }
    pool->ParallelFor(kSlices, 1, [&](size_t first, size_t last) {
      for (size_t slice = first; slice < last; ++slice) {
        std::array<size_t, kBuckets>& to = at[slice];
        for (size_t i = n * slice / kSlices; i < n * (slice + 1) / kSlices; ++i) {
          scratch[to[(begin[i].key >> shift) & mask]++] = begin[i];
        }
      }
    });
  } else {
    // Cycle each misplaced posting to its bucket's next free slot.
    for (size_t b = 0; b < kBuckets; ++b) {
      while (head[b] < end_of[b]) {
        Posting v = begin[head[b]];
        size_t d = (v.key >> shift) & mask;
        while (d != b) {
          std::swap(v, begin[head[d]++]);
          d = (v.key >> shift) & mask;
        }
        begin[head[b]++] = v;
      }
    }
  }
  // The buckets are independent: at the top level (with a pool) they are sorted in
  // parallel, each by one thread, so the result does not depend on the thread count.
  // (Every posting is ordered by key and document, so neither does it depend on how the
  // top level placed them.)
  auto sort_buckets = [&](size_t first, size_t last) {
    for (size_t b = first; b < last; ++b) {
      const size_t start = b == 0 ? 0 : end_of[b - 1];
      if (scatter) std::memcpy(begin + start, scratch + start, (end_of[b] - start) * sizeof(Posting));
      SortPostingRange(begin + start, end_of[b] - start, shift - 1, nullptr);
    }
  };
  if (pool != nullptr && n >= 65536) {
    pool->ParallelFor(kBuckets, 1, sort_buckets);
  } else {
    sort_buckets(0, kBuckets);
  }
}

// Postings below this many are sorted whole (the filter's bitmaps would cost more).
constexpr size_t kMinFilteredPostings = size_t{1} << 16;

// Moves the postings whose key other postings have too to the front, in order, and
// counts each of the others in (*all_keys)[doc]; returns how many are at the front (the
// rest of *postings keeps its size and unspecified postings: the caller's sort uses the
// room). Two bitmaps over a hash of the keys (seen once, seen again) find the others in
// two linear passes, where sorting them with the rest was the
// largest part of the sort: 65% of the band postings of the 100k bench corpus go here
// (81% are keys of one document; the rest share a bucket with another key, stay, and the
// pass after the sort drops them: nothing depends on the hash but the work), and 68% of
// METER + Reuters' sampled shingles. Where most keys are shared (the bench corpus's
// sampled shingles: 17% would go), the second pass is skipped: when more than half of
// the postings land in a bucket already seen, fewer than half could go.
size_t DropUniqueKeys(std::vector<Posting>* postings, std::vector<uint32_t>* all_keys, common::ThreadPool* pool) {
  const size_t n = postings->size();
  if (n < kMinFilteredPostings) return n;
  int bits = 16;
  while (bits < 40 && (uint64_t{1} << bits) < 4 * uint64_t{n}) ++bits;
  const int shift = 64 - bits;
  auto bucket = [shift](uint64_t key) { return (key * 0x9E3779B97F4A7C15ull) >> shift; };
  const size_t words = (size_t{1} << bits) / 64;
  Posting* const post = postings->data();
  // With more than one thread, each task marks the postings of one slice in bitmaps of
  // its own, and the slices' bitmaps are then merged (a bucket is seen twice when a slice
  // saw it twice or two slices saw it): every key is read once, by one task, and no word
  // is written by two threads.
  const bool parallel = pool != nullptr && pool->num_threads() > 1;
  const size_t num_slices = parallel ? static_cast<size_t>(pool->num_threads()) : 1;
  std::vector<std::vector<uint64_t>> once_of(num_slices), twice_of(num_slices);
  auto mark = [&](size_t first, size_t last) {
    for (size_t slice = first; slice < last; ++slice) {
      std::vector<uint64_t>& once = once_of[slice];
      std::vector<uint64_t>& twice = twice_of[slice];
      once.assign(words, 0);
      twice.assign(words, 0);
      for (size_t i = n * slice / num_slices; i < n * (slice + 1) / num_slices; ++i) {
        const uint64_t b = bucket(post[i].key);
        const uint64_t bit = uint64_t{1} << (b & 63);
        const uint64_t old = once[b >> 6];
        once[b >> 6] = old | bit;
        twice[b >> 6] |= old & bit;
      }
    }
  };
  // Into the first slice's bitmaps, in ranges of words; the distinct buckets counted.
  constexpr size_t kMergeRanges = 64;
  std::array<uint64_t, kMergeRanges> distinct_of{};
  auto merge = [&](size_t first, size_t last) {
    for (size_t range = first; range < last; ++range) {
      uint64_t distinct = 0;
      for (size_t w = words * range / kMergeRanges; w < words * (range + 1) / kMergeRanges; ++w) {
        uint64_t once = once_of[0][w], twice = twice_of[0][w];
        for (size_t slice = 1; slice < num_slices; ++slice) {
          twice |= twice_of[slice][w] | (once & once_of[slice][w]);
          once |= once_of[slice][w];
        }
        once_of[0][w] = once;
        twice_of[0][w] = twice;
        distinct += static_cast<uint64_t>(std::popcount(once));
      }
      distinct_of[range] = distinct;
    }
  };
  if (parallel) {
    pool->ParallelFor(num_slices, 1, mark);
    pool->ParallelFor(kMergeRanges, 1, merge);
  } else {
    mark(0, 1);
    merge(0, kMergeRanges);
  }
  for (size_t slice = 1; slice < num_slices; ++slice) {
    std::vector<uint64_t>().swap(once_of[slice]);
    std::vector<uint64_t>().swap(twice_of[slice]);
  }
  const std::vector<uint64_t>& twice = twice_of[0];
  // A posting whose bucket was seen before it: all but the first of each bucket's.
  uint64_t distinct = 0;
  for (uint64_t d : distinct_of) distinct += d;
  const uint64_t repeats = n - distinct;
  if (2 * repeats > n) return n;
  auto shared = [&](size_t i) {
    const uint64_t b = bucket(post[i].key);
    return (twice[b >> 6] & (uint64_t{1} << (b & 63))) != 0;
  };
  if (!parallel) {
    size_t kept = 0;
    for (size_t i = 0; i < n; ++i) {
      if (shared(i)) {
        post[kept++] = post[i];
      } else {
        ++(*all_keys)[post[i].doc];
      }
    }
    return kept;
  }
  // In slices, each compacted in place at the front of its own range (the dropped ones
  // counted atomically), then the slices' kept postings moved down after the earlier
  // slices', in slice order: the order of one pass. (Counting in one pass, then copying the
  // kept postings into a new array in a second, took 18-37 ms with two threads on the 100k
  // bench corpus's band keys, more than the one pass of one thread, 16 ms; this 15-18 ms.)
  constexpr size_t kSlices = 64;
  std::array<size_t, kSlices + 1> kept_of{};
  pool->ParallelFor(kSlices, 1, [&](size_t first, size_t last) {
    for (size_t slice = first; slice < last; ++slice) {
      const size_t begin = n * slice / kSlices, end = n * (slice + 1) / kSlices;
      size_t at = begin;
      for (size_t i = begin; i < end; ++i) {
        if (shared(i)) {
          post[at++] = post[i];
        } else {
          std::atomic_ref<uint32_t>((*all_keys)[post[i].doc]).fetch_add(1, std::memory_order_relaxed);
        }
      }
      kept_of[slice + 1] = at - begin;
    }
  });
  size_t kept = kept_of[1];
  for (size_t slice = 1; slice < kSlices; ++slice) {
    // Down to `kept` from the slice's start, at or after it: an overlap moves safely.
    std::memmove(post + kept, post + n * slice / kSlices, kept_of[slice + 1] * sizeof(Posting));
    kept += kept_of[slice + 1];
  }
  return kept;
}

}  // namespace

// Candidate generation with prefix filtering ("Scaling Up All Pairs Similarity Search",
// Bayardo, Ma and Srikant, WWW 2007).
//
// Each pair is the responsibility of its "smaller" document x under the total order
// (number of keys, document index). The pair must share at least t = RequiredShared(m)
// of x's m keys (in the star sense below), so among any m - t + 1 of x's keys at least
// one is shared: x probes only its m - t + 1 rarest keys (shortest posting lists, ties by
// key), counting the larger documents y it meets there, and the count over the remaining
// t - 1 keys of x is then completed exactly by merging x's and y's sorted key lists. The
// sets of pairs and counts are those of counting every shared key, but the long lists of
// common keys (a reused sentence, a wire boilerplate line) are rarely walked: they sit at
// the end of a document's order.
//
// Probing kExtraProbes more keys than the minimum leaves t - 1 - kExtraProbes keys
// unprobed, so a y met fewer than kExtraProbes + 1 times cannot reach t and is dropped
// without reading its keys. Most documents met in the prefix share a sentence or two with
// x by chance; the merge (a cache miss on y's keys) was the main cost of the pure prefix.
// On the 100k benchmark corpus 3 extra probes cut candidate generation by 40% (0 and 8
// extra probes are both slower).
//
// Star rule for lists longer than max_posting_size, in document order: a pair is
// connected through such a list only when the lower-numbered of the two is one of the
// first star_size members (the core). Short lists connect every pair of members; their
// members are reordered by (keys, document) so that x finds the larger documents of a
// list as one contiguous tail.
namespace {

// The posting lists: their documents, list after list (list_doc[list_begin[l] ..
// list_begin[l + 1]) for list l, in key order), and every document's number of keys,
// those held by it alone included.
struct Lists {
  // Sized to the postings before the list pass writes it (not zeroed first: a memset of
  // 25 MB on the calling thread for the 100k bench corpus's sampled shingles).
  common::FillVector<uint32_t> doc;
  std::vector<uint32_t> begin;
  std::vector<uint32_t> all_keys;
  uint64_t postings = 0;  // for CandidateStats::postings
};

// One pass over each key's run of postings (sorted by (key, document); key(i) and doc(i)
// read posting i of n): a document counts once per key, every key counts towards its
// documents' keys, and a key left with one document goes (it can join no pair); the kept
// runs are the lists. (Four passes over the postings before, on the main thread.) With a
// pool of two or more threads and enough postings, the two halves (cut between two keys)
// are passed at once, each compacting into its own part of `doc`, and the second half's
// lists are then moved to follow the first's: the same lists as one pass (the 100k bench
// corpus's 6.3 M sampled postings: ~10 ms of the calling thread alone before).
template <typename Key, typename Doc>
void CollectLists(size_t n, Key key_of, Doc doc_of, Lists* lists, common::ThreadPool* pool) {
  lists->doc.resize(n);
  constexpr size_t kMinSplit = size_t{1} << 16;
  size_t cut = n;  // the second half's first posting
  if (pool != nullptr && pool->num_threads() > 1 && n >= kMinSplit) {
    cut = n / 2;
    const uint64_t key = key_of(cut);
    while (cut > 0 && key_of(cut - 1) == key) --cut;
    if (cut == 0) cut = n;
  }
  struct Half {
    size_t kept = 0;                // lists' documents, from the half's first posting on
    std::vector<uint32_t> begin;    // relative to the half's first posting
    std::vector<uint32_t> all_keys;  // the second half's own counts
    uint64_t postings = 0;
  };
  Half halves[2];
  auto pass = [&](size_t h) {
    const size_t first = h == 0 ? 0 : cut, last = h == 0 ? cut : n;
    Half& half = halves[h];
    std::vector<uint32_t>& all_keys = h == 0 ? lists->all_keys : half.all_keys;
    if (h == 1) all_keys.assign(lists->all_keys.size(), 0);
    uint32_t* const out = lists->doc.data() + first;
    size_t kept = 0;
    for (size_t i = first; i < last;) {
      const uint64_t key = key_of(i);
      const size_t run_begin = kept;
      uint32_t last_doc = 0;
      for (; i < last && key_of(i) == key; ++i) {
        const uint32_t doc = doc_of(i);
        if (kept != run_begin && doc == last_doc) continue;  // the same document again
        ++all_keys[doc];
        out[kept++] = doc;
        last_doc = doc;
      }
      const size_t run_docs = kept - run_begin;
      half.postings += run_docs;
      if (run_docs >= 2) {
        half.begin.push_back(static_cast<uint32_t>(run_begin));
      } else {
        kept = run_begin;  // a key of one document
      }
    }
    half.kept = kept;
  };
  if (cut < n) {
    pool->ParallelFor(2, 1, [&](size_t begin, size_t end) {
      for (size_t h = begin; h < end; ++h) pass(h);
    });
  } else {
    pass(0);
  }
  lists->begin = std::move(halves[0].begin);
  lists->postings += halves[0].postings;
  size_t kept = halves[0].kept;
  if (cut < n) {
    const Half& second = halves[1];
    std::memmove(lists->doc.data() + kept, lists->doc.data() + cut, second.kept * sizeof(uint32_t));
    for (const uint32_t b : second.begin) lists->begin.push_back(static_cast<uint32_t>(kept + b));
    for (size_t d = 0; d < second.all_keys.size(); ++d) lists->all_keys[d] += second.all_keys[d];
    lists->postings += second.postings;
    kept += second.kept;
  }
  lists->doc.resize(kept);
}

void VisitLists(Lists lists, uint32_t num_docs, const CandidateOptions& options, common::ThreadPool* pool,
                CandidateStats* stats, const CandidateVisitor& visit);

}  // namespace

void VisitCandidates(std::vector<Posting>* postings, uint32_t num_docs, const CandidateOptions& options,
                     common::ThreadPool* pool, CandidateStats* stats, const CandidateVisitor& visit) {
  std::vector<Posting>& post = *postings;
  // Every key of a document counts in the pair rules (RequiredShared takes the key count
  // of the document with fewer, and that order decides which document handles a pair);
  // then the keys held by one document alone go: they can join no pair, and they are
  // most postings (a band key or a sampled shingle is usually unique to its document),
  // which every pass below would otherwise walk. Most of them go before the sort
  // (DropUniqueKeys, which counts them), the rest after it.
  // Postings that come sorted need neither: the list pass drops their unique keys.
  Lists lists;
  lists.all_keys.assign(num_docs, 0);
  const bool sorted = std::is_sorted(post.begin(), post.end(), PostingLess);
  if (!sorted) {
    const size_t kept = DropUniqueKeys(&post, &lists.all_keys, pool);
    lists.postings = post.size() - kept;
    // The dropped postings' room after the kept ones (written already: no fresh pages) is
    // the sort's scratch.
    SortPostingRange(post.data(), kept, 63, pool, post.data() + kept, post.size() - kept);
    post.resize(kept);
  }
  // From here on only the postings' documents are read, a quarter of their bytes (the
  // probe walks lists scattered over them): the postings go.
  CollectLists(
      post.size(), [&](size_t i) { return post[i].key; }, [&](size_t i) { return post[i].doc; }, &lists, pool);
  std::vector<Posting>().swap(post);
  VisitLists(std::move(lists), num_docs, options, pool, stats, visit);
}

void VisitPackedCandidates(common::FillVector<uint64_t>* packed, uint32_t num_docs, const CandidateOptions& options,
                           common::ThreadPool* pool, CandidateStats* stats, const CandidateVisitor& visit) {
  Lists lists;
  lists.all_keys.assign(num_docs, 0);
  const common::FillVector<uint64_t>& p = *packed;
  CollectLists(
      p.size(), [&](size_t i) { return p[i] >> 32; }, [&](size_t i) { return static_cast<uint32_t>(p[i]); },
      &lists, pool);
  common::FillVector<uint64_t>().swap(*packed);
  VisitLists(std::move(lists), num_docs, options, pool, stats, visit);
}

namespace {

void VisitLists(Lists lists, uint32_t num_docs, const CandidateOptions& options, common::ThreadPool* pool,
                CandidateStats* stats, const CandidateVisitor& visit) {
  common::FillVector<uint32_t>& list_doc = lists.doc;
  std::vector<uint32_t>& list_begin = lists.begin;
  const std::vector<uint32_t>& all_keys = lists.all_keys;
  if (stats) stats->postings += lists.postings;
  const size_t num_postings = list_doc.size();
  const size_t num_lists = list_begin.size();
  list_begin.push_back(static_cast<uint32_t>(num_postings));
  auto list_size = [&](uint32_t l) { return list_begin[l + 1] - list_begin[l]; };
  auto oversized = [&](uint32_t l) { return list_size(l) > options.max_posting_size; };

  // Keys per document, and the (keys, document) order that decides which of two
  // documents handles their pair.
  std::vector<uint32_t> doc_offset(num_docs + 1, 0);
  // The per-document slots below are filled in two halves of the lists at once: a
  // document's slots for the second half start after its postings in the first.
  const uint32_t split_list = static_cast<uint32_t>(
      std::upper_bound(list_begin.begin(), list_begin.end(), static_cast<uint32_t>(num_postings / 2)) -
      list_begin.begin() - 1);
  const uint32_t split_posting = list_begin[std::min<size_t>(split_list, num_lists)];
  // Each half's postings per document, counted by a thread each (one pass over all the
  // postings took the calling thread alone 2.2-2.7 ms on the 100k bench corpus's sampled
  // shingles, now 1.4-1.5); a document's keys are the sum.
  // Runs task(0) and task(1) (the two halves), a thread each when there is a pool.
  auto for_each_half = [pool](const std::function<void(size_t)>& task) {
    if (pool == nullptr) {
      task(0);
      task(1);
      return;
    }
    pool->ParallelFor(2, 1, [&](size_t first, size_t last) {
      for (size_t half = first; half < last; ++half) task(half);
    });
  };
  std::vector<uint32_t> first_half(num_docs, 0);
  {
    std::vector<uint32_t>& second_half = doc_offset;  // at d + 1
    for_each_half([&](size_t half) {
      if (half == 0) {
        for (size_t i = 0; i < split_posting; ++i) ++first_half[list_doc[i]];
      } else {
        for (size_t i = split_posting; i < num_postings; ++i) ++second_half[list_doc[i] + 1];
      }
    });
  }
  // Keys of d held by other documents too (its slots below).
  auto num_keys = [&](uint32_t d) { return doc_offset[d + 1] - doc_offset[d]; };
  for (uint32_t d = 0; d < num_docs; ++d) doc_offset[d + 1] += doc_offset[d] + first_half[d];
  auto before = [&](uint32_t x, uint32_t y) {
    const uint32_t kx = all_keys[x], ky = all_keys[y];
    return kx != ky ? kx < ky : x < y;
  };

  uint64_t num_oversized = 0;
  for (uint32_t l = 0; l < num_lists; ++l) num_oversized += oversized(l);
  if (stats) stats->oversized_lists += num_oversized;

  // Per document, in list order (slots doc_offset[d] .. doc_offset[d + 1]): its lists,
  // and its postings (indices into `list_doc`).
  std::vector<uint32_t> doc_keys(num_postings);
  std::vector<uint32_t> doc_postings(num_postings);
  {
    const uint32_t list_ranges[3] = {0, std::min<uint32_t>(split_list, static_cast<uint32_t>(num_lists)),
                                     static_cast<uint32_t>(num_lists)};
    for_each_half([&](size_t half) {
      std::vector<uint32_t> fill(doc_offset.begin(), doc_offset.end() - 1);
      if (half == 1) {
        for (uint32_t d = 0; d < num_docs; ++d) fill[d] += first_half[d];
      }
      for (uint32_t l = list_ranges[half]; l < list_ranges[half + 1]; ++l) {
        for (uint32_t i = list_begin[l]; i < list_begin[l + 1]; ++i) {
          const uint32_t slot = fill[list_doc[i]]++;
          doc_keys[slot] = l;
          doc_postings[slot] = i;
        }
      }
    });
    // The lists that are not stars are put in the (keys, document) order: the documents
    // in that order (a counting sort by key count, stable) each take the next position of
    // each of their lists, which also gives their slots' new postings. (A comparison sort
    // of each list cost METER + Reuters' rewrite keys 10 ms, reading the key count of
    // every document it compared.) Each half of the lists is refilled by one task.
    uint32_t max_keys = 0;
    for (uint32_t d = 0; d < num_docs; ++d) max_keys = std::max(max_keys, all_keys[d]);
    std::vector<uint32_t> ranked(num_docs);
    {
      std::vector<uint32_t> start(size_t{max_keys} + 2, 0);
      for (uint32_t d = 0; d < num_docs; ++d) ++start[all_keys[d] + 1];
      for (size_t k = 0; k + 1 < start.size(); ++k) start[k + 1] += start[k];
      for (uint32_t d = 0; d < num_docs; ++d) ranked[start[all_keys[d]]++] = d;
    }
    std::vector<uint32_t> next(list_begin.begin(), list_begin.end() - 1);
    for_each_half([&](size_t half) {
      for (const uint32_t d : ranked) {
        const uint32_t from = doc_offset[d] + (half == 1 ? first_half[d] : 0);
        const uint32_t to = half == 1 ? doc_offset[d + 1] : doc_offset[d] + first_half[d];
        for (uint32_t slot = from; slot < to; ++slot) {
          const uint32_t l = doc_keys[slot];
          if (oversized(l)) continue;
          const uint32_t i = next[l]++;
          list_doc[i] = d;
          doc_postings[slot] = i;
        }
      }
    });
  }
  const uint32_t star = std::max<uint32_t>(1, options.star_size);
  // Whether x and y, both members of list l at postings px and py, are connected by it.
  auto connected = [&](uint32_t l, uint32_t px, uint32_t py) {
    return !oversized(l) || std::min(px, py) - list_begin[l] < star;
  };

  // Work in chunks of documents (kCandidateChunk, fixed); each document's partners go to
  // `visit` as soon as they are counted.
  const size_t num_chunks = NumCandidateChunks(num_docs);
  std::atomic<uint64_t> counted{0}, dropped{0};
  auto work = [&](size_t chunk_begin, size_t chunk_end) {
    // Dense counters, all zero between documents (reset through `touched`): bytes while
    // x probes at most 255 keys (a document is met at most once a key), which keeps a
    // million documents' counters in 1 MB (in the L2 cache; 4-byte counters were 4 MB, and
    // each incidence a miss: the sampled channel of the 1M bench corpus counts 2.1 billion).
    thread_local std::vector<uint8_t> count8_storage;
    thread_local std::vector<uint32_t> count_storage;
    thread_local std::vector<uint32_t> touched_storage;
    thread_local std::vector<uint32_t> order_storage;
    thread_local std::vector<uint32_t> suffix_storage;
    thread_local std::vector<uint32_t> suffix_keys_storage;
    thread_local std::vector<Candidate> found_storage;
    thread_local std::vector<uint32_t> in_reach_storage;
    std::vector<uint32_t>& in_reach = in_reach_storage;
    if (count8_storage.size() < num_docs) count8_storage.assign(num_docs, 0);
    std::vector<uint32_t>& touched = touched_storage;
    std::vector<uint32_t>& order = order_storage;    // x's slots, rarest list first
    std::vector<uint32_t>& suffix = suffix_storage;  // x's slots outside the prefix, list order
    std::vector<uint32_t>& suffix_keys = suffix_keys_storage;  // their lists
    std::vector<Candidate>& found = found_storage;
    uint64_t local_counted = 0, local_dropped = 0;
    for (size_t chunk = chunk_begin; chunk < chunk_end; ++chunk) {
      const uint32_t first = static_cast<uint32_t>(chunk * kCandidateChunk);
      const uint32_t last = static_cast<uint32_t>(std::min<size_t>(num_docs, size_t{first} + kCandidateChunk));
      for (uint32_t x = first; x < last; ++x) {
        // The first lines of the lists of the document kProbeAhead ahead, and their
        // bounds: the probe's first read of each list was a miss to memory (the sampled
        // postings of the 100k bench corpus are 25 MB, read at random).
        if (x + kProbeAhead < num_docs) {
          const uint32_t ahead = x + kProbeAhead;
          for (uint32_t slot = doc_offset[ahead]; slot < doc_offset[ahead + 1]; ++slot) {
            __builtin_prefetch(list_begin.data() + doc_keys[slot]);
            __builtin_prefetch(list_doc.data() + doc_postings[slot] + 1);
          }
        }
        const size_t found_before = found.size();
        const uint32_t m = num_keys(x);
        const uint32_t required = RequiredShared(options, all_keys[x]);
        if (required > m) continue;  // x shares too few keys with anyone
        const uint32_t prefix_size = std::min(m, m - required + 1 + kExtraProbes);
        order.resize(m);
        for (uint32_t k = 0; k < m; ++k) order[k] = doc_offset[x] + k;
        suffix.clear();
        if (prefix_size < m) {
          std::nth_element(order.begin(), order.begin() + prefix_size, order.end(),
                           [&](uint32_t p, uint32_t q) {
                             const uint32_t lp = doc_keys[p], lq = doc_keys[q];
                             const uint32_t np = list_size(lp), nq = list_size(lq);
                             return np != nq ? np < nq : lp < lq;
                           });
          suffix.assign(order.begin() + prefix_size, order.end());
          std::sort(suffix.begin(), suffix.end());  // slot order = list order
        }
        suffix_keys.resize(suffix.size());
        for (size_t s = 0; s < suffix.size(); ++s) suffix_keys[s] = doc_keys[suffix[s]];
        // Probe the prefix: count the later documents (in the (keys, document) order)
        // connected to x through each key. `touched` gets room for every posting probed
        // first, so a document met for the first time is appended without a branch (whether
        // a count was zero is a coin toss the predictor lost), and the loops read through
        // local pointers (through the vectors, the compiler reloaded their data pointers
        // after every counter store).
        size_t reach_total = 0;
        for (uint32_t k = 0; k < prefix_size; ++k) {
          const uint32_t l = doc_keys[order[k]];
          reach_total += oversized(l) ? std::max(star, list_size(l)) : list_begin[l + 1] - doc_postings[order[k]];
        }
        if (touched.size() < reach_total) touched.resize(reach_total);
        auto probe = [&](auto* const count) {
          using Count = std::remove_reference_t<decltype(*count)>;
          const uint32_t* const docs = list_doc.data();
          uint32_t* const touched_begin = touched.data();
          uint32_t* touched_end = touched_begin;
          for (uint32_t k = 0; k < prefix_size; ++k) {
            const uint32_t l = doc_keys[order[k]];
            const uint32_t p = doc_postings[order[k]];
            const uint32_t begin = list_begin[l], end = list_begin[l + 1];
            if (!oversized(l)) {
              for (uint32_t i = p + 1; i < end; ++i) {
                const uint32_t y = docs[i];
                const Count c = count[y];
                count[y] = static_cast<Count>(c + 1);
                *touched_end = y;
                touched_end += c == 0;
              }
            } else {
              // Document order: a core member meets every member, any other one the core.
              const uint32_t reach = p - begin < star ? end : std::min(end, begin + star);
              for (uint32_t i = begin; i < reach; ++i) {
                const uint32_t y = docs[i];
                if (i == p || !before(x, y)) continue;
                const Count c = count[y];
                count[y] = static_cast<Count>(c + 1);
                *touched_end = y;
                touched_end += c == 0;
              }
            }
          }
          // The documents still in reach, with their counts so far, in place of `touched`
          // (their keys prefetched before the merges below read them).
          uint32_t* reach_end = touched_begin;
          for (const uint32_t* t = touched_begin; t != touched_end; ++t) {
            const uint32_t y = *t;
            const uint32_t shared = count[y];
            count[y] = 0;
            local_counted += shared;
            if (shared + suffix.size() < required) continue;  // out of reach: y not read
            if (shared >= required && suffix.empty()) {
              found.push_back({x, y, shared});
              continue;
            }
            __builtin_prefetch(doc_keys.data() + doc_offset[y]);
            *reach_end++ = y;
            in_reach.push_back(shared);
          }
          for (const uint32_t* t = touched_begin; t != reach_end; ++t) {
            const uint32_t y = *t;
            uint32_t shared = in_reach[t - touched_begin];
            // Complete the count over x's suffix: merge it with y's keys (both in list
            // order), stopping once the threshold is out of reach.
            const uint32_t* const y_keys = doc_keys.data() + doc_offset[y];
            const uint32_t y_num_keys = num_keys(y);
            uint32_t yk = 0;
            for (size_t s = 0; s < suffix.size() && yk != y_num_keys; ++s) {
              if (shared + (suffix.size() - s) < required) break;
              const uint32_t l = suffix_keys[s];
              while (yk != y_num_keys && y_keys[yk] < l) ++yk;
              if (yk != y_num_keys && y_keys[yk] == l) {
                ++local_counted;
                shared += connected(l, doc_postings[suffix[s]], doc_postings[doc_offset[y] + yk]);
                ++yk;
              }
            }
            if (shared >= required) found.push_back({x, y, shared});
          }
          in_reach.clear();
        };
        if (prefix_size <= 255) {
          probe(count8_storage.data());
        } else {
          if (count_storage.size() < num_docs) count_storage.assign(num_docs, 0);
          probe(count_storage.data());
        }
        if (options.max_partners != 0 && found.size() - found_before > options.max_partners) {
          local_dropped += found.size() - found_before - options.max_partners;
          const auto first = found.begin() + static_cast<ptrdiff_t>(found_before);
          const auto keep = first + options.max_partners;
          std::nth_element(first, keep, found.end(), [](const Candidate& p, const Candidate& q) {
            return p.shared != q.shared ? p.shared > q.shared : p.b < q.b;
          });
          found.erase(keep, found.end());
        }
      }
      if (!found.empty()) {
        visit(chunk, &found);
        found.clear();
      }
    }
    counted += local_counted;
    dropped += local_dropped;
  };
  // The chunks are taken costliest first (the postings their documents probe), so that no
  // expensive chunk is left to run alone at the end (METER + Reuters' rewrite keys: a tail
  // of ~3 ms on one of two threads). Each chunk's candidates go to `visit` with its index:
  // the order of work does not change them.
  common::ParallelForCostliestFirst(
      pool, num_chunks, 1,
      [&](size_t chunk) {
        const uint32_t begin = static_cast<uint32_t>(chunk * kCandidateChunk);
        const uint32_t end = static_cast<uint32_t>(std::min<size_t>(num_docs, size_t{begin} + kCandidateChunk));
        uint64_t cost = 0;
        for (uint32_t slot = doc_offset[begin]; slot < doc_offset[end]; ++slot) cost += list_size(doc_keys[slot]);
        return cost;
      },
      [&](size_t chunk) { work(chunk, chunk + 1); });
  if (stats) {
    stats->shared_key_counts += counted.load();
    stats->partners_dropped += dropped.load();
  }
}

// The candidates `visit_with(visitor)` hands to the visitor, as CandidatesFromPostings
// returns them: each pair (a < b) once, sorted by (a, b).
template <typename VisitWith>
std::vector<Candidate> CollectCandidates(uint32_t num_docs, common::ThreadPool* pool, VisitWith visit_with) {
  std::vector<std::vector<Candidate>> chunk_out(NumCandidateChunks(num_docs));
  visit_with([&chunk_out](size_t chunk, std::vector<Candidate>* found) {
    for (Candidate& c : *found) {
      if (c.a > c.b) std::swap(c.a, c.b);
    }
    chunk_out[chunk].swap(*found);
  });
  return SortPairsByDocuments(&chunk_out, num_docs, pool);
}

}  // namespace

std::vector<Candidate> CandidatesFromPostings(std::vector<Posting>* postings, uint32_t num_docs,
                                              const CandidateOptions& options,
                                              common::ThreadPool* pool, CandidateStats* stats) {
  return CollectCandidates(num_docs, pool, [&](const CandidateVisitor& visit) {
    VisitCandidates(postings, num_docs, options, pool, stats, visit);
  });
}

std::vector<Candidate> CandidatesFromPackedPostings(common::FillVector<uint64_t>* packed, uint32_t num_docs,
                                                    const CandidateOptions& options,
                                                    common::ThreadPool* pool, CandidateStats* stats) {
  return CollectCandidates(num_docs, pool, [&](const CandidateVisitor& visit) {
    VisitPackedCandidates(packed, num_docs, options, pool, stats, visit);
  });
}

void BandKeys(const uint32_t* signature, int num_bands, int rows_per_band, uint64_t* keys) {
  for (int band = 0; band < num_bands; ++band) {
    uint64_t h = common::Mix64(0x6c7368ull + static_cast<uint64_t>(band));
    for (int row = 0; row < rows_per_band; ++row) {
      h = common::Combine64(h, signature[band * rows_per_band + row]);
    }
    keys[band] = h;
  }
}

std::vector<Posting> KeyPostings(const std::vector<uint64_t>& keys, int keys_per_doc,
                                 const std::vector<uint8_t>& include) {
  std::vector<Posting> postings;
  const size_t num_docs = include.size();
  postings.reserve(num_docs * keys_per_doc);
  for (size_t doc = 0; doc < num_docs; ++doc) {
    if (!include[doc]) continue;
    for (int k = 0; k < keys_per_doc; ++k) {
      postings.push_back({keys[doc * keys_per_doc + k], static_cast<uint32_t>(doc)});
    }
  }
  return postings;
}

std::vector<Posting> BandPostings(const std::vector<uint32_t>& signatures, int num_slots,
                                  int num_bands, int rows_per_band,
                                  const std::vector<uint8_t>& include) {
  const size_t num_docs = include.size();
  std::vector<uint64_t> keys(num_docs * num_bands);
  for (size_t doc = 0; doc < num_docs; ++doc) {
    BandKeys(signatures.data() + doc * num_slots, num_bands, rows_per_band, keys.data() + doc * num_bands);
  }
  return KeyPostings(keys, num_bands, include);
}

}  // namespace doppel::index
