// Rewrite and same-story matching. See rewrite.h.
#include "match/rewrite.h"

#include "common/sorted_set.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <memory>

#include "common/fill_vector.h"
#include "common/hash.h"
#include "common/thread_pool.h"
#include "index/candidates.h"
#include "match/bound.h"

namespace doppel::match {
namespace {

bool Included(const std::vector<uint8_t>& include, size_t d) {
  return include.empty() || include[d] != 0;
}

// Share of the smaller set's elements that the other set has (0 when either is empty);
// `shared` receives how many both have.
double SmallerContained(const std::vector<uint32_t>& x, const std::vector<uint32_t>& y, size_t* shared = nullptr) {
  const size_t common = x.empty() || y.empty() ? 0 : common::CountCommon(x, y);
  if (shared != nullptr) *shared = common;
  if (x.empty() || y.empty()) return 0.0;
  return static_cast<double>(common) / static_cast<double>(std::min(x.size(), y.size()));
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
  // (Not after ReleaseSentenceTerms.)
  assert(p.sentence_terms.size() == (p.sentence_ends.empty() ? 0 : p.sentence_ends.back()));
  if (released && vector.terms.empty()) return SentenceIndex{};
  for (uint32_t t = 0; t < num_terms; ++t) {
    id_of[t] = aligned ? vector.terms[t] : df.IdOf(p.terms[t]);
    if (id_of[t] != DfTable::kNoTerm) by_rank.push_back(t);
  }
  if (!aligned) std::sort(by_rank.begin(), by_rank.end(), [&](uint32_t x, uint32_t y) { return id_of[x] < id_of[y]; });
  rank_of.assign(num_terms, kNone);
  for (uint32_t r = 0; r < by_rank.size(); ++r) rank_of[by_rank[r]] = r;

  // (term rank, sentence, tf) for every sentence's distinct terms, sentence after sentence.
  struct Entry {
    uint32_t rank;
    uint32_t sentence;
    float tf;
  };
  thread_local std::vector<Entry> entries;
  thread_local std::vector<uint32_t> in_sentence;  // per rank: count in this sentence
  thread_local std::vector<uint32_t> ranks;
  entries.clear();
  in_sentence.assign(by_rank.size(), 0);
  uint32_t begin = 0, s = 0;
  for (uint32_t end : p.sentence_ends) {
    if (s == kMaxIndexedSentences) break;
    ranks.clear();
    for (uint32_t k = begin; k < end; ++k) {
      const uint32_t r = rank_of[p.sentence_terms[k]];
      if (r != kNone && in_sentence[r]++ == 0) ranks.push_back(r);
    }
    begin = end;
    for (uint32_t r : ranks) {
      entries.push_back({r, s, static_cast<float>(SublinearTf(in_sentence[r]))});
      in_sentence[r] = 0;
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
  index.first_position.reserve(used_ranks);
  // First position of each profile term in reading order (its index in sentence_terms).
  thread_local std::vector<uint32_t> first_at;
  first_at.assign(num_terms, kNone);
  for (uint32_t k = static_cast<uint32_t>(p.sentence_terms.size()); k-- > 0;) first_at[p.sentence_terms[k]] = k;
  for (uint32_t r = 0; r < by_rank.size(); ++r) {
    if (start[r + 1] != 0) {
      index.terms.push_back(id_of[by_rank[r]]);
      index.offsets.push_back(start[r]);
      index.first_position.push_back(first_at[by_rank[r]]);
    }
    start[r + 1] += start[r];
  }
  index.offsets.push_back(static_cast<uint32_t>(entries.size()));
  index.sentence.resize(entries.size());
  index.tf.resize(entries.size());
  for (const Entry& e : entries) {
    const uint32_t at = start[e.rank]++;
    index.sentence[at] = static_cast<uint16_t>(e.sentence);
    index.tf[at] = e.tf;
  }
  return index;
}

namespace {

// Logistic model of the rewrite score over the pair-local evidence (MeasurePairLocal):
// (1, pair_matched_min, pair_matched_max, pair_aligned_min, pair_aligned_max,
// pair_local_align3, pair_story_order) (min and max over the two sides). Fit (features
// standardised, L2 0.01, Newton's method) on the labelled rewrite / same_story pairs of
// the "fit" groups of tests/fixtures/rewrites as FindStories reports them
// (tools/proto/pairlocal_research.py ... fit); the threshold was chosen on fit (just above
// its highest independent pair, logit 1.5548) and folded into the bias so that the default
// rewrite_threshold 0.8 decides there. No feature depends on the corpus around the pair,
// so the score of a pair is the same whatever else is scanned with it (the model over
// corpus-IDF features before it typed 5 fit and 1 held-out independent pairs rewrite
// when the fixtures were scanned among METER + Reuters, and both paraphrases of the
// bundled example same_story, whose corpus is half one story). local_align3 carries the
// weight: a rewrite keeps runs of its source's consecutive sentences, even when it moves
// blocks. Three runs rather than two: leave-one-group-out recall inside the fit half 0.660
// against 0.651 (one negative over either way) and fit closure recall 0.849 against 0.811.
// See docs/rewrite.md for the held-out numbers.
constexpr double kScoreWeights[] = {-6.556, 3.190, -0.141, -3.119, 2.737, 20.122, 4.337};

}  // namespace

RewriteSettings SettingsFrom(const RewriteOptions& options) {
  RewriteSettings s;
  s.num_features = options.num_features;
  s.max_posting_size = options.max_posting_size;
  s.rare_key_df = options.rare_key_df;
  s.max_candidates = options.max_candidates;
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

// The entries of the document in `slot` (PackedVectors::begin_at).
void PrefetchPacked(const PackedVectors& packed, uint32_t slot) {
  const char* begin = reinterpret_cast<const char*>(packed.begin_at(slot));
  const size_t lines =
      std::min<size_t>(2 * kPrefetchLines, (reinterpret_cast<const char*>(packed.end_at(slot)) - begin + 63) / 64);
  for (size_t line = 0; line < lines; ++line) __builtin_prefetch(begin + 64 * line);
}

// A chunk's candidates as each finder x with its partner count, then the partners of
// each (4 bytes a candidate instead of index::Candidate's 12 while all wait for
// verification: 1.5 KB a document on the 100k bench corpus, at the default scan's peak).
struct ChunkCandidates {
  std::vector<uint32_t> finders;   // x, partner count, x, partner count, ...
  std::vector<uint32_t> partners;  // per finder
};

// The documents in breadth-first order over the candidate graph (either document of a
// pair leads to the other; roots and neighbours in the order the chunks list them), as
// rank[d]. Documents that are candidates of one another come close together in it: one
// story's documents, most of whose pairs are candidates, come out as a run.
std::vector<uint32_t> BreadthFirstRanks(size_t n, const std::vector<ChunkCandidates>& chunks) {
  std::vector<uint64_t> start(n + 1, 0);
  for (const ChunkCandidates& found : chunks) {
    for (size_t f = 0; f < found.finders.size(); f += 2) start[found.finders[f] + 1] += found.finders[f + 1];
    for (uint32_t y : found.partners) ++start[y + 1];
  }
  for (size_t d = 0; d < n; ++d) start[d + 1] += start[d];
  common::FillVector<uint32_t> neighbours(start[n]);  // written whole below
  {
    std::vector<uint64_t> next(start.begin(), start.end() - 1);
    for (const ChunkCandidates& found : chunks) {
      const uint32_t* partner = found.partners.data();
      for (size_t f = 0; f < found.finders.size(); f += 2) {
        const uint32_t x = found.finders[f];
        for (uint32_t c = 0; c < found.finders[f + 1]; ++c, ++partner) {
          neighbours[next[x]++] = *partner;
          neighbours[next[*partner]++] = x;
        }
      }
    }
  }
  constexpr uint32_t kUnseen = 0xFFFFFFFFu;
  std::vector<uint32_t> rank(n, kUnseen);
  std::vector<uint32_t> queue;  // the documents in rank order
  queue.reserve(n);
  for (uint32_t root = 0; root < n; ++root) {
    if (rank[root] != kUnseen) continue;
    rank[root] = static_cast<uint32_t>(queue.size());
    queue.push_back(root);
    for (size_t head = queue.size() - 1; head < queue.size(); ++head) {
      const uint32_t u = queue[head];
      for (uint64_t k = start[u]; k < start[u + 1]; ++k) {
        const uint32_t v = neighbours[k];
        if (rank[v] != kUnseen) continue;
        rank[v] = static_cast<uint32_t>(queue.size());
        queue.push_back(v);
      }
    }
  }
  return rank;
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
  // Keys: the heaviest terms held by 2..max_posting_size documents, up to num_features a
  // document in one flat array, each as 2 id + 1 when rare, else 2 id: a term's postings
  // are keyed 2 id, and a rare key's second one 2 id + 1 (a rare key counts twice).
  const size_t max_keys = static_cast<size_t>(std::max(0, settings.num_features));
  common::FillVector<uint32_t> doc_keys(n * max_keys);  // d's first num_doc_keys[d] are written and read
  std::vector<uint32_t> num_doc_keys(n, 0);
  // settings.max_shared_df: whether each document holds a term that few documents hold
  // (2 to max_shared_df; a term two documents share is held by 2 or more).
  const uint32_t max_shared_df = settings.max_shared_df;
  std::vector<uint8_t> uncommon(max_shared_df != 0 ? n : 0, 0);
  auto pick = [&](size_t begin, size_t end) {
    std::vector<uint32_t> order;
    for (size_t d = begin; d < end; ++d) {
      if (!Included(include, d)) continue;
      const TermVector& v = corpus.vectors[d];
      order.clear();
      bool holds_uncommon = false;
      for (uint32_t i = 0; i < v.terms.size(); ++i) {
        if (corpus.df.HeldByTwoToMax(v.terms[i], settings.max_posting_size)) order.push_back(i);
        holds_uncommon |= corpus.df.HeldByTwoToMax(v.terms[i], max_shared_df);
      }
      if (max_shared_df != 0) uncommon[d] = holds_uncommon;
      const size_t k = std::min(order.size(), max_keys);
      // The k heaviest (a strict order: ties by term), in no particular order: the keys
      // are a set (their postings are put in key order below).
      if (k < order.size()) {
        std::nth_element(order.begin(), order.begin() + k, order.end(), [&](uint32_t x, uint32_t y) {
          return v.weights[x] != v.weights[y] ? v.weights[x] > v.weights[y] : v.terms[x] < v.terms[y];
        });
      }
      uint32_t* out = doc_keys.data() + d * max_keys;
      for (size_t i = 0; i < k; ++i) {
        const uint32_t term = v.terms[order[i]];
        out[i] = 2 * term + (corpus.df.DfOf(term) <= settings.rare_key_df ? 1 : 0);
      }
      num_doc_keys[d] = static_cast<uint32_t>(k);
    }
  };
  if (pool) {
    pool->ParallelFor(n, 256, pick);
  } else {
    pick(0, n);
  }
  uint64_t with_keys = 0;
  for (uint32_t d = 0; d < n; ++d) with_keys += num_doc_keys[d] != 0;
  // The postings come out sorted by (key, document), as the candidate index wants them
  // (it skips its sort for them): a counting sort over the keys, filled in document order.
  // (Sorting postings keyed by term hash was a serial 0.017 s of the 0.13 s this stage
  // takes on METER + Reuters with two threads.) The documents are cut into a few ranges,
  // each counted and then scattered by one task: a key's postings from an earlier range
  // come first, so the order is that of one pass.
  const size_t num_keys = 2 * corpus.df.num_terms();
  // Two ranges at most: each holds a counter per key (8 bytes a term between them).
  const size_t num_ranges = pool != nullptr ? std::min<size_t>(2, static_cast<size_t>(pool->num_threads())) : 1;
  std::vector<std::vector<uint32_t>> key_start(num_ranges);
  auto range_begin = [&](size_t r) { return static_cast<uint32_t>(n * r / num_ranges); };
  auto count_range = [&](size_t first, size_t last) {
    for (size_t r = first; r < last; ++r) {
      std::vector<uint32_t>& count = key_start[r];
      count.assign(num_keys, 0);
      for (uint32_t d = range_begin(r); d < range_begin(r + 1); ++d) {
        const uint32_t* keys = doc_keys.data() + d * max_keys;
        for (uint32_t i = 0; i < num_doc_keys[d]; ++i) {
          ++count[keys[i] & ~1u];
          if (keys[i] & 1) ++count[keys[i]];
        }
      }
    }
  };
  if (pool) {
    pool->ParallelFor(num_ranges, 1, count_range);
  } else {
    count_range(0, num_ranges);
  }
  uint32_t total = 0;
  for (size_t k = 0; k < num_keys; ++k) {
    for (size_t r = 0; r < num_ranges; ++r) {
      const uint32_t here = key_start[r][k];
      key_start[r][k] = total;
      total += here;
    }
  }
  // (key << 32 | document): in (key, document) order by construction.
  common::FillVector<uint64_t> postings(total);  // written whole below, in parallel
  auto scatter_range = [&](size_t first, size_t last) {
    for (size_t r = first; r < last; ++r) {
      std::vector<uint32_t>& next = key_start[r];
      for (uint32_t d = range_begin(r); d < range_begin(r + 1); ++d) {
        const uint32_t* keys = doc_keys.data() + d * max_keys;
        for (uint32_t i = 0; i < num_doc_keys[d]; ++i) {
          const uint32_t key = keys[i] & ~1u;
          postings[next[key]++] = uint64_t{key} << 32 | d;
          if (keys[i] & 1) postings[next[key + 1]++] = (uint64_t{key} + 1) << 32 | d;
        }
      }
    }
  };
  if (pool) {
    pool->ParallelFor(num_ranges, 1, scatter_range);
  } else {
    scatter_range(0, num_ranges);
  }
  std::vector<std::vector<uint32_t>>().swap(key_start);
  common::FillVector<uint32_t>().swap(doc_keys);
  std::vector<uint32_t>().swap(num_doc_keys);
  const uint64_t index_bytes = postings.size() * sizeof(uint64_t) + corpus.df.MemoryBytes();
  index::CandidateOptions copt;
  copt.min_shared_keys = std::max<uint32_t>(1, settings.min_shared_features) + 1;  // rare keys count twice
  copt.max_posting_size = settings.max_posting_size;
  copt.max_partners = settings.max_candidates;
  // The candidates come per chunk of documents, grouped by the document that found them
  // (index::VisitCandidates), and are verified finder by finder once all are counted: each
  // document x is scattered into a dense array over term ids once and its partners, in
  // memory order, are scored against it (O(|y|) per candidate). Only the pairs that pass
  // are put in order, so the candidates are never sorted into a second copy (on the 100k
  // bench corpus 5.5 M of them, 83% failing). Verifying each chunk as soon as it
  // was counted, with the packed vectors built beforehand, was ~10% slower there. The
  // exact sum runs over y's terms in ascending term order whichever document of the pair
  // is x, so it adds the same products in the same order as a sum over b's terms against
  // a's dense array would: the same cosine to the last bit. The partners are scattered
  // over memory and each is read once: the head of a partner's vector a few partners
  // ahead is prefetched, so its first cache misses overlap the current candidate's work.
  // Then a float sum (FloatDotShared) drops the pairs that cannot reach min_cosine
  // before the exact sum (one chain of dependent double additions) runs (about half fail
  // on METER + Reuters); the same pass keeps the terms y shares with x, so the exact sum
  // adds only those (the others add +0.0: the same value to the last bit, from a chain a
  // few times shorter).
  //
  // Where the vectors are too large for the caches, the partners stream from memory and
  // the loop waits on those loads: packed 8-bit bounds (bound.h) then drop most failing
  // candidates reading 4 bytes a term instead of 8 (100k bench corpus, 220
  // MB of vectors, 125 candidates a document: 7-13% less CPU for the whole default scan,
  // same pairs); numbering the packed terms by descending document frequency (so the
  // query weights most entries gather sit in a few cache lines) cut this stage by another
  // 23% there (10.7 -> 8.2 s on one thread), and verifying in breadth-first order over
  // the candidate graph (see FinderWork below) another 15-17% (4.0-4.4 -> 3.3-3.8 s for
  // the whole candidate stage, one thread); a candidate that passes its bound takes the
  // terms it shares with x from its packed entries, which the bound has just read, and
  // x's weights by packed id (SharedByPackedId: another 5%, 3.11-3.41 -> 3.04-3.14 s).
  // Where the vectors stay in cache packing is
  // only extra work (METER + Reuters, 27 MB: 0.36 -> 0.43 s; a 10k-document corpus with 8
  // candidates a document: 18% slower), so the float filter does it, as it does where ids
  // do not fit 24 bits.
  const size_t num_terms = corpus.df.num_terms();
  size_t vector_bytes = 0;
  for (size_t d = 0; d < n; ++d) {
    if (Included(include, d)) vector_bytes += corpus.vectors[d].terms.size() * (sizeof(uint32_t) + sizeof(float));
  }
  const common::SimdLevel simd = common::BestSimd();
  const size_t num_chunks = index::NumCandidateChunks(static_cast<uint32_t>(n));
  std::vector<ChunkCandidates> chunk_found(num_chunks);
  index::CandidateStats cstats;
  index::VisitPackedCandidates(&postings, static_cast<uint32_t>(n), copt, pool, &cstats,
                               [&chunk_found](size_t chunk, std::vector<index::Candidate>* found) {
                           ChunkCandidates& out = chunk_found[chunk];
                           out.partners.reserve(found->size());
                           for (size_t first = 0; first < found->size();) {
                             const uint32_t x = (*found)[first].a;
                             size_t last = first;
                             while (last < found->size() && (*found)[last].a == x) ++last;
                             out.finders.push_back(x);
                             out.finders.push_back(static_cast<uint32_t>(last - first));
                             for (size_t c = first; c < last; ++c) out.partners.push_back((*found)[c].b);
                             first = last;
                           }
                         });
  common::FillVector<uint64_t>().swap(postings);
  uint64_t num_candidates = 0;
  for (const ChunkCandidates& found : chunk_found) num_candidates += found.partners.size();
  const bool pack =
      num_candidates != 0 && num_terms <= PackedVectors::kMaxTerms && vector_bytes >= settings.pack_min_vector_bytes;
  // The finders, each with its partners, in the order they are verified. Where the vectors
  // are packed (too large for the caches), in breadth-first order over the candidate graph
  // (BreadthFirstRanks), the packed vectors laid out in that order too, and each finder's
  // partners in it: a story's documents then come one after another, and a partner read
  // for one finder is often still in the cache for the next (on the 100k bench corpus a
  // 1.5 MB cache would have held 51% of the partners' bytes in this order and 3% in
  // document order). Elsewhere in document order. Which document of a pair is the finder
  // stays as found, and the pairs are put in order at the end: the order changes no pair.
  struct FinderWork {
    uint32_t x;
    uint32_t count;
    uint32_t* partners;
  };
  std::vector<FinderWork> work;
  for (ChunkCandidates& found : chunk_found) {
    uint32_t* next = found.partners.data();
    for (size_t f = 0; f < found.finders.size(); f += 2) {
      work.push_back({found.finders[f], found.finders[f + 1], next});
      next += found.finders[f + 1];
    }
  }
  std::vector<uint32_t> rank, layout;  // layout[rank[d]] = d
  std::unique_ptr<PackedVectors> packed;
  if (pack) {
    rank = BreadthFirstRanks(n, chunk_found);
    std::sort(work.begin(), work.end(), [&rank](const FinderWork& p, const FinderWork& q) { return rank[p.x] < rank[q.x]; });
    layout.resize(n);
    for (uint32_t d = 0; d < n; ++d) layout[rank[d]] = d;
    packed = std::make_unique<PackedVectors>(corpus.vectors, corpus.df, include, pool, layout);
    std::vector<uint32_t>().swap(rank);  // packed->slot(d) from here on
  }
  // SharedByPackedId marks the pairs sharing a term held by at most max_shared_df documents.
  const uint32_t first_uncommon_id = packed && max_shared_df != 0
                                         ? PackedVectors::FirstIdHeldByAtMost(corpus.df, max_shared_df)
                                         : 0xFFFFFFFFu;
  // Whether x and y share such a term, where SharedByPackedId did not say: y's terms
  // that x holds (x_holds(term id)), looked up.
  auto share_uncommon = [&](const TermVector& vy, auto x_holds) {
    for (uint32_t t : vy.terms) {
      if (corpus.df.HeldByTwoToMax(t, max_shared_df) && x_holds(t)) return true;
    }
    return false;
  };
  // Units of consecutive finders with about kUnitCandidates candidates, each unit's pairs
  // in its own vector.
  constexpr uint64_t kUnitCandidates = 8192;
  std::vector<size_t> unit_begin = {0};
  {
    uint64_t in_unit = 0;
    for (size_t w = 0; w < work.size(); ++w) {
      in_unit += work[w].count;
      if (in_unit >= kUnitCandidates) {
        unit_begin.push_back(w + 1);
        in_unit = 0;
      }
    }
    if (unit_begin.back() != work.size()) unit_begin.push_back(work.size());
  }
  const size_t num_units = unit_begin.size() - 1;
  std::vector<std::vector<ScoredPair>> unit_out(num_units);
  auto verify_unit = [&](size_t unit) {
    thread_local std::vector<float> dense;
    thread_local SharedTerms shared;
    thread_local PackedQuery query;
    thread_local std::vector<float> dense_packed;  // x's weights by packed id
    std::vector<float>& by_id = packed ? dense_packed : dense;
    if (by_id.size() < num_terms) by_id.assign(num_terms, 0.0f);
    if (packed) query.Reserve(num_terms);
    std::vector<ScoredPair>& passed = unit_out[unit];
    for (size_t w = unit_begin[unit]; w < unit_begin[unit + 1]; ++w) {
      const uint32_t x = work[w].x;
      uint32_t* const partners = work[w].partners;
      const size_t m = work[w].count;
      // The partners in memory order: where the vectors are packed, as their slots (their
      // ranks, read once each instead of at every comparison), which the loop below reads
      // the packed vectors by, in ascending order; elsewhere as documents.
      if (packed) {
        for (size_t c = 0; c < m; ++c) partners[c] = static_cast<uint32_t>(packed->slot(partners[c]));
        std::sort(partners, partners + m);
      } else {
        std::sort(partners, partners + m);
      }
      const TermVector& vx = corpus.vectors[x];
      if (packed) {
        // From x's own entries (read in order, and often still cached from x's turn as a
        // partner), when they are its terms one for one.
        if (packed->aligned(x)) {
          query.SetFrom(*packed, x);
          const uint32_t* e = packed->begin(x);
          for (size_t i = 0; i < vx.terms.size(); ++i) dense_packed[e[i] >> 8] = vx.weights[i];
        } else {
          query.Set(vx, *packed);
          for (size_t i = 0; i < vx.terms.size(); ++i) dense_packed[packed->PackedId(vx.terms[i])] = vx.weights[i];
        }
      } else {
        for (size_t i = 0; i < vx.terms.size(); ++i) dense[vx.terms[i]] = vx.weights[i];
      }
      for (size_t c = 0; c < m; ++c) {
        const uint32_t k = partners[c];  // y's slot where the vectors are packed
        const uint32_t y = packed ? layout[k] : k;
        const TermVector& vy = corpus.vectors[y];
        // The exact sum runs over the terms y shares with x only, in y's term order.
        DotParts parts;
        bool shares_uncommon = false;  // read only under settings.max_shared_df
        if (packed) {
          // Partners' slots (scattered over docs_ where they are chance candidates) and
          // vectors' heads twice as far ahead as their entries, whose prefetch reads the slot.
          if (c + 2 * kPrefetchAhead < m) {
            const uint32_t ahead = partners[c + 2 * kPrefetchAhead];
            packed->PrefetchSlot(ahead);
            __builtin_prefetch(&corpus.vectors[layout[ahead]]);
          }
          if (c + kPrefetchAhead < m) PrefetchPacked(*packed, partners[c + kPrefetchAhead]);
          const double bound =
              static_cast<double>(query.Sum(packed->begin_at(k), packed->end_at(k))) * query.scale() * packed->scale_at(k);
          if (bound + kBoundMargin < settings.min_cosine) continue;
          if (packed->aligned_at(k)) {
            SharedByPackedId(dense_packed.data(), packed->begin_at(k), vy.weights.data(), vy.terms.size(), &shared, simd,
                             first_uncommon_id);
            parts = ExactDot(shared);
            shares_uncommon = shared.marked;
          } else {
            // (A weight that is not positive, which TF-IDF vectors do not have: the merge
            // of the two term lists adds the same products in the same order.)
            parts = DotWithTop(vx, vy);
            if (max_shared_df != 0 && parts.dot >= settings.min_cosine) {
              shares_uncommon =
                  share_uncommon(vy, [&](uint32_t t) { return dense_packed[packed->PackedId(t)] != 0.0f; });
            }
          }
        } else {
          // The vector's header (its arrays' addresses) twice as far ahead as the arrays,
          // whose prefetch reads it.
          if (c + 2 * kPrefetchAhead < m) __builtin_prefetch(&corpus.vectors[partners[c + 2 * kPrefetchAhead]]);
          if (c + kPrefetchAhead < m) PrefetchHead(corpus.vectors[partners[c + kPrefetchAhead]]);
          const float sum =
              FloatDotShared(dense.data(), vy.terms.data(), vy.weights.data(), vy.terms.size(), &shared, simd);
          if (sum < static_cast<float>(settings.min_cosine) - kFloatDotMargin) continue;
          parts = ExactDot(shared);
          if (max_shared_df != 0 && parts.dot >= settings.min_cosine) {
            shares_uncommon = share_uncommon(vy, [&](uint32_t t) { return dense[t] != 0.0f; });
          }
        }
        if (parts.dot < settings.min_cosine) continue;
        if (max_shared_df != 0 && uncommon[x] && uncommon[y] && !shares_uncommon) continue;
        const uint32_t a = std::min(x, y), b = std::max(x, y);
        // The admit test only where the cosine passes: it may cost more than the cosine.
        if (!admit || admit(a, b)) {
          passed.push_back({a, b, parts.dot, parts.top_term});
        }
      }
      if (packed) {
        if (packed->aligned(x)) {
          query.ClearFrom(*packed, x);
          for (const uint32_t* e = packed->begin(x); e != packed->end(x); ++e) dense_packed[*e >> 8] = 0.0f;
        } else {
          query.Clear(vx, *packed);
          for (uint32_t t : vx.terms) dense_packed[packed->PackedId(t)] = 0.0f;
        }
      } else {
        for (uint32_t t : vx.terms) dense[t] = 0.0f;
      }
    }
  };
  // The units with the most candidates first, so that none is left to run alone at the
  // end (each unit's pairs land in its own slot: the order does not change them).
  common::ParallelForCostliestFirst(
      pool, num_units, 1,
      [&](size_t unit) {
        uint64_t c = 0;
        for (size_t w = unit_begin[unit]; w < unit_begin[unit + 1]; ++w) c += work[w].count;
        return c;
      },
      verify_unit);
  std::vector<ChunkCandidates>().swap(chunk_found);
  packed.reset();
  std::vector<ScoredPair> out = index::SortPairsByDocuments(&unit_out, static_cast<uint32_t>(n), pool);
  if (stats) {
    stats->documents_with_keys += with_keys;
    stats->postings += cstats.postings;
    stats->candidate_pairs += num_candidates;
    stats->candidates_dropped += cstats.partners_dropped;
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

PairEvidence MeasurePairOverall(const ContentProfile& a, const ContentProfile& b,
                                const TermVector& vector_a, const TermVector& vector_b, double cosine) {
  PairEvidence e;
  e.cosine = cosine >= 0 ? cosine : Dot(vector_a, vector_b);
  e.narrative_bigrams = SmallerContained(a.narrative_bigrams, b.narrative_bigrams);
  size_t shared_entities = 0, shared_numbers = 0;
  e.entities = SmallerContained(a.entities, b.entities, &shared_entities);
  e.numbers = SmallerContained(a.numbers, b.numbers, &shared_numbers);
  // Particulars: names and numbers together (IsRewrite).
  const size_t pa = a.entities.size() + a.numbers.size(), pb = b.entities.size() + b.numbers.size();
  e.min_particulars = static_cast<uint32_t>(std::min(pa, pb));
  e.particulars = e.min_particulars > 0
                      ? static_cast<double>(shared_entities + shared_numbers) / e.min_particulars
                      : 0.0;
  const double wa = a.num_words, wb = b.num_words;
  e.length_ratio = std::max(wa, wb) > 0 ? std::min(wa, wb) / std::max(wa, wb) : 0.0;
  return e;
}

PairEvidence MeasurePair(const ContentProfile& a, const ContentProfile& b,
                         const TermVector& vector_a, const TermVector& vector_b,
                         const SentenceIndex& sa, const SentenceIndex& sb, double cosine) {
  PairEvidence e = MeasurePairOverall(a, b, vector_a, vector_b, cosine);
  AddSentenceEvidence(sa, sb, &e);
  return e;
}

void AddSentenceEvidence(const SentenceIndex& sa, const SentenceIndex& sb, PairEvidence* e) {
  MeasurePairLocal(sa, sb, e);
  e->rewrite_score = RewriteScore(*e);
  e->sentences_measured = true;
}

void LocalAlignments(const double* sim, uint32_t rows, uint32_t cols, double t, double gap, int max_runs,
                     std::vector<double>* runs) {
  runs->clear();
  if (rows == 0 || cols == 0) return;
  thread_local std::vector<double> h;
  thread_local std::vector<uint8_t> dead_row, dead_col;
  h.resize(static_cast<size_t>(rows + 1) * (cols + 1));
  dead_row.assign(rows, 0);
  dead_col.assign(cols, 0);
  auto at = [&](uint32_t i, uint32_t j) -> double& { return h[static_cast<size_t>(i) * (cols + 1) + j]; };
  auto score = [&](uint32_t i, uint32_t j) {
    return dead_row[i] || dead_col[j] ? -1.0 : sim[static_cast<size_t>(i) * cols + j] - t;
  };
  for (int run = 0; run < max_runs; ++run) {
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
    runs->push_back(best);
    // Trace the path back from the maximum until H reaches 0: its rows and columns are used.
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
}

void MeasurePairLocal(const SentenceIndex& a, const SentenceIndex& b, PairEvidence* e) {
  const uint32_t rows = a.num_sentences, cols = b.num_sentences;
  if (rows == 0 || cols == 0) return;
  const double n = static_cast<double>(rows) + cols;
  auto df_of = [](const SentenceIndex& x, size_t k) { return x.offsets[k + 1] - x.offsets[k]; };
  // w(df) = log(1 + n / df) for df = 1 .. n (a log per term was a third of this
  // function's time): a table per n, kept per thread for n up to kMaxCachedWeights (1 MiB
  // of tables at most; computing the logs of every pair was a tenth of this function's
  // time), made for the pair above that.
  constexpr uint32_t kMaxCachedWeights = 512;
  thread_local std::vector<std::vector<double>> weight_tables(kMaxCachedWeights + 1);
  thread_local std::vector<double> large_table;
  const uint32_t total = rows + cols;
  std::vector<double>& weight_of = total <= kMaxCachedWeights ? weight_tables[total] : large_table;
  if (weight_of.size() != total + 1) {
    weight_of.resize(total + 1);
    for (uint32_t df = 1; df <= total; ++df) weight_of[df] = std::log(1.0 + n / df);
  }
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
  // The shared terms first (a merge walk that only compares), then each side's norms over
  // its own terms in term order, a shared term weighed by both sides' sentences: the same
  // additions in the same order as one interleaved walk, with fewer mispredicted branches.
  thread_local std::vector<double> weight_a, weight_b;
  weight_a.resize(a.terms.size());
  weight_b.resize(b.terms.size());
  for (size_t i = 0; i < a.terms.size(); ++i) weight_a[i] = weight_of[df_of(a, i)];
  for (size_t j = 0; j < b.terms.size(); ++j) weight_b[j] = weight_of[df_of(b, j)];
  common::ForEachCommonIndex(a.terms, b.terms, [&](size_t i, size_t j) {
    const double w = weight_of[df_of(a, i) + df_of(b, j)];
    weight_a[i] = weight_b[j] = w;
    shared.push_back({i, j, w});
  });
  for (size_t i = 0; i < a.terms.size(); ++i) add_norms(a, i, weight_a[i], &norm_a);
  for (size_t j = 0; j < b.terms.size(); ++j) add_norms(b, j, weight_b[j], &norm_b);
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
  thread_local std::vector<double> local_runs;
  LocalAlignments(sim.data(), rows, cols, kPairLocalAlignCosine, kPairLocalAlignGap, kPairLocalAlignRuns, &local_runs);
  double runs = 0;
  for (double run : local_runs) runs += run;
  e->pair_local_align3 = runs / std::max(1u, std::min(rows, cols));
  // Story order over the shared terms few of the pair's sentences hold.
  const double max_df = std::max(2.0, kPairOrderShare * n);
  // (position in a << 32 | position in b): sorted as numbers, the pairs' lexicographic order.
  thread_local std::vector<uint64_t> firsts;
  firsts.clear();
  for (const Shared& t : shared) {
    if (df_of(a, t.i) + df_of(b, t.j) <= max_df) {
      firsts.push_back(uint64_t{a.first_position[t.i]} << 32 | b.first_position[t.j]);
    }
  }
  if (firsts.size() >= 3) {
    if (firsts.size() >= common::kVectorSortMinValues) {
      common::VectorSort64(firsts.data(), firsts.size());
    } else {
      std::sort(firsts.begin(), firsts.end());
    }
    thread_local std::vector<uint32_t> tails;  // longest increasing run of b's positions
    tails.clear();
    for (const uint64_t first : firsts) {
      const uint32_t pb = static_cast<uint32_t>(first);
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
                      e.pair_local_align3,
                      e.pair_story_order};
  double z = 0;
  static_assert(std::size(x) == std::size(kScoreWeights));
  for (size_t i = 0; i < std::size(x); ++i) z += kScoreWeights[i] * x[i];
  return 1.0 / (1.0 + std::exp(-z));
}

bool KeepsParticulars(const PairEvidence& e) {
  return e.min_particulars < kMinParticulars || e.particulars >= kMinParticularShare;
}

bool IsRewrite(const PairEvidence& e, double threshold) {
  return e.sentences_measured && e.rewrite_score >= threshold && KeepsParticulars(e);
}

Pair TypePair(uint32_t a, uint32_t b, const PairEvidence& e, const RewriteSettings& settings) {
  Pair p;
  p.a = a;
  p.b = b;
  const bool rewrite = IsRewrite(e, settings.rewrite_threshold);
  p.relation = rewrite ? Relation::kRewrite : Relation::kSameStory;
  p.score = rewrite ? e.rewrite_score : e.cosine;
  p.features.reserve(14);  // every feature below: one allocation
  p.features = {{"cosine", e.cosine},
                {"narrative_bigrams", e.narrative_bigrams},
                {"entities", e.entities},
                {"numbers", e.numbers},
                {"length_ratio", e.length_ratio}};
  if (e.sentences_measured) {
    p.features.insert(p.features.end(), {{"pair_matched_a", e.pair_matched_a},
                                         {"pair_matched_b", e.pair_matched_b},
                                         {"pair_aligned_a", e.pair_aligned_a},
                                         {"pair_aligned_b", e.pair_aligned_b},
                                         {"pair_local_align3", e.pair_local_align3},
                                         {"pair_story_order", e.pair_story_order}});
  }
  p.features.insert(p.features.end(), {{"particulars", e.particulars},
                                       {"min_particulars", static_cast<double>(e.min_particulars)}});
  if (e.sentences_measured) p.features.push_back({"rewrite_score", e.rewrite_score});
  return p;
}

}  // namespace doppel::match
