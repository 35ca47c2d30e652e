// Candidate generation: documents that share keys (LSH band hashes, sampled shingles,
// rare content terms) become candidate pairs, to be verified before anything is
// accepted. A collision alone never joins two documents.
//
// The keys are turned into an inverted index (postings sorted by key). A pair is kept
// when the number of keys it shares reaches both an absolute minimum and a fraction of
// the smaller document's keys. So two documents that share one sentence by chance are not
// even verified, while an excerpt (which keeps most of its samples) is. Counting every
// shared key would cost the sum of squared posting lengths, and the lists of reused text
// grow with the corpus; prefix filtering ("Scaling Up All Pairs Similarity Search",
// Bayardo, Ma and Srikant, WWW 2007) finds exactly the same pairs and counts while
// probing only each document's rarest keys (see candidates.cc).
//
// Keys shared by very many documents (a boilerplate shingle, a huge bucket of copies)
// would cost quadratic work: a posting list longer than max_posting_size pairs each member
// only with the list's first `star_size` members (in document order), so the work stays
// linear while copies of one text are still connected to a common core.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include "common/fill_vector.h"
#include "common/thread_pool.h"

namespace doppel::index {

// (key, document) postings; any order (postings already sorted by (key, document) skip
// the sort). 12 bytes (4-byte aligned): postings are most of the index state, which issue
// #5 bounds per document.
#pragma pack(push, 4)
struct Posting {
  uint64_t key;
  uint32_t doc;
};
#pragma pack(pop)
static_assert(sizeof(Posting) == 12);

struct CandidateOptions {
  // A pair must share at least this many distinct keys ...
  uint32_t min_shared_keys = 1;
  // ... and at least this fraction of the distinct keys of the document with fewer.
  double min_shared_fraction = 0.0;
  // Posting lists longer than this are reduced to stars (see above).
  uint32_t max_posting_size = 1000;
  // Members of the star core.
  uint32_t star_size = 4;
  // At most this many partners per finding document (the pair's document that comes first
  // in the (keys, document) order), those sharing the most keys (ties: the lower document
  // index); 0: no limit.
  uint32_t max_partners = 0;
};

struct CandidateStats {
  uint64_t postings = 0;
  uint64_t oversized_lists = 0;  // lists reduced to stars
  uint64_t shared_key_counts = 0;  // pair-key incidences counted (probed or merged)
  uint64_t partners_dropped = 0;   // candidates over CandidateOptions::max_partners
};

// A candidate: documents a < b sharing `shared` keys.
struct Candidate {
  uint32_t a;
  uint32_t b;
  uint32_t shared;
};

// Candidates among num_docs documents, sorted by (a, b), with their exact shared-key
// counts. Consumes `postings` (reordered in place; its order afterwards is unspecified).
// `pool` may be null (one thread). Deterministic for any thread count.
std::vector<Candidate> CandidatesFromPostings(std::vector<Posting>* postings, uint32_t num_docs,
                                              const CandidateOptions& options,
                                              common::ThreadPool* pool, CandidateStats* stats);

// The same from postings packed as (key << 32 | document) and sorted (the near-duplicate
// stage's sampled shingles, which it sorts as such words): no 16-byte Posting is made.
// Consumes `packed`.
std::vector<Candidate> CandidatesFromPackedPostings(common::FillVector<uint64_t>* packed, uint32_t num_docs,
                                                    const CandidateOptions& options,
                                                    common::ThreadPool* pool, CandidateStats* stats);

// The same candidates, handed over chunk by chunk instead of collected and put in
// order: a caller that verifies them can free each chunk once it is verified and order
// only the pairs that pass (rewrite verification: on the 100k bench corpus 12.5 M
// candidates, 9% passing; sorting them held a second copy of all of them).
//
// Documents are worked on in chunks of kCandidateChunk consecutive documents (the same
// chunks for any thread count). visit(chunk, found) is called once for each chunk with
// candidates, by the thread that counted it (so concurrently for different chunks), with
// the chunk's candidates as (a = the document of the chunk that found the pair, b = its
// partner, shared): grouped by a, ascending, and in an unspecified but deterministic order
// within a group; the callee may take or reorder them. Each candidate pair is handed over
// once, from one of its two documents (so a > b happens).
inline constexpr uint32_t kCandidateChunk = 512;
inline size_t NumCandidateChunks(uint32_t num_docs) {
  return (size_t{num_docs} + kCandidateChunk - 1) / kCandidateChunk;
}
using CandidateVisitor = std::function<void(size_t chunk, std::vector<Candidate>* found)>;
void VisitCandidates(std::vector<Posting>* postings, uint32_t num_docs, const CandidateOptions& options,
                     common::ThreadPool* pool, CandidateStats* stats, const CandidateVisitor& visit);
// VisitCandidates over packed sorted postings (as CandidatesFromPackedPostings).
void VisitPackedCandidates(common::FillVector<uint64_t>* packed, uint32_t num_docs, const CandidateOptions& options,
                           common::ThreadPool* pool, CandidateStats* stats, const CandidateVisitor& visit);

// Pairs (any type with uint32_t members a < b, each pair at most once) gathered in
// per-chunk vectors, moved into one vector sorted by (a, b); the chunk vectors are
// emptied. In parallel and deterministic: the pairs are spread over ranges of a, each
// range counting-sorted by a and each a's run sorted by b.
template <class PairT>
std::vector<PairT> SortPairsByDocuments(std::vector<std::vector<PairT>>* chunks, uint32_t num_docs,
                                        common::ThreadPool* pool);

// LSH band keys of one MinHash signature (num_bands x rows_per_band slots): each band of
// rows_per_band slots is hashed with its band number into one key, keys[band]. The keys
// are all banding needs, so an index keeps them instead of the signature (8 bytes a band
// instead of 4 a slot).
void BandKeys(const uint32_t* signature, int num_bands, int rows_per_band, uint64_t* keys);

// Postings of per-document keys (num_docs x keys_per_doc, row-major); documents with
// include[doc] == 0 are left out.
std::vector<Posting> KeyPostings(const std::vector<uint64_t>& keys, int keys_per_doc,
                                 const std::vector<uint8_t>& include);

// LSH banding over MinHash signatures (num_docs x num_slots, row-major): BandKeys of each
// document's signature, as postings. Documents with include[doc] == 0 are left out.
std::vector<Posting> BandPostings(const std::vector<uint32_t>& signatures, int num_slots,
                                  int num_bands, int rows_per_band,
                                  const std::vector<uint8_t>& include);

template <class PairT>
std::vector<PairT> SortPairsByDocuments(std::vector<std::vector<PairT>>* chunks, uint32_t num_docs,
                                        common::ThreadPool* pool) {
  std::vector<std::vector<PairT>>& chunk_out = *chunks;
  const size_t num_chunks = chunk_out.size();
  if (num_docs == 0) return {};
  constexpr size_t kRanges = 64;
  auto range_of = [&](uint32_t a) { return static_cast<size_t>(uint64_t{a} * kRanges / num_docs); };
  std::vector<std::array<size_t, kRanges>> at(num_chunks);  // per chunk: its first slot in each range
  auto count_ranges = [&](size_t first, size_t last) {
    for (size_t chunk = first; chunk < last; ++chunk) {
      at[chunk].fill(0);
      for (const PairT& candidate : chunk_out[chunk]) ++at[chunk][range_of(candidate.a)];
    }
  };
  std::array<size_t, kRanges + 1> range_start{};
  {
    if (pool) {
      pool->ParallelFor(num_chunks, 16, count_ranges);
    } else {
      count_ranges(0, num_chunks);
    }
    size_t sum = 0;
    for (size_t range = 0; range < kRanges; ++range) {
      range_start[range] = sum;
      for (size_t chunk = 0; chunk < num_chunks; ++chunk) {
        const size_t here = at[chunk][range];
        at[chunk][range] = sum;
        sum += here;
      }
    }
    range_start[kRanges] = sum;
  }
  std::vector<PairT> staged(range_start[kRanges]);
  auto stage = [&](size_t first, size_t last) {
    for (size_t chunk = first; chunk < last; ++chunk) {
      for (const PairT& candidate : chunk_out[chunk]) staged[at[chunk][range_of(candidate.a)]++] = candidate;
      std::vector<PairT>().swap(chunk_out[chunk]);
    }
  };
  if (pool) {
    pool->ParallelFor(num_chunks, 16, stage);
  } else {
    stage(0, num_chunks);
  }
  std::vector<PairT> all(staged.size());
  auto sort_range = [&](size_t first, size_t last) {
    std::vector<uint32_t> start_of;
    for (size_t range = first; range < last; ++range) {
      // The documents of this range: those d with range_of(d) == range.
      const uint32_t lo = static_cast<uint32_t>((uint64_t{range} * num_docs + kRanges - 1) / kRanges);
      const uint32_t hi = static_cast<uint32_t>((uint64_t{range + 1} * num_docs + kRanges - 1) / kRanges);
      start_of.assign(static_cast<size_t>(hi - lo) + 1, 0);
      const size_t base = range_start[range];
      for (size_t i = base; i < range_start[range + 1]; ++i) ++start_of[staged[i].a - lo + 1];
      for (uint32_t d = 0; d < hi - lo; ++d) start_of[d + 1] += start_of[d];
      std::vector<uint32_t> fill(start_of.begin(), start_of.end() - 1);
      for (size_t i = base; i < range_start[range + 1]; ++i) all[base + fill[staged[i].a - lo]++] = staged[i];
      for (uint32_t d = 0; d < hi - lo; ++d) {
        std::sort(all.begin() + base + start_of[d], all.begin() + base + start_of[d + 1],
                  [](const PairT& x, const PairT& y) { return x.b < y.b; });
      }
    }
  };
  if (pool) {
    pool->ParallelFor(kRanges, 1, sort_range);
  } else {
    sort_range(0, kRanges);
  }
  return all;
}

}  // namespace doppel::index
