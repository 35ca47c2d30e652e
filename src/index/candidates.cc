#include "index/candidates.h"

#include <algorithm>
#include <atomic>
#include <cmath>

#include "common/hash.h"
#include "common/thread_pool.h"

namespace doppel::index {

std::vector<Candidate> CandidatesFromPostings(std::vector<Posting>* postings, uint32_t num_docs,
                                              const CandidateOptions& options,
                                              common::ThreadPool* pool, CandidateStats* stats) {
  std::sort(postings->begin(), postings->end(), [](const Posting& x, const Posting& y) {
    return x.key != y.key ? x.key < y.key : x.doc < y.doc;
  });
  // A document counts once per key.
  postings->erase(std::unique(postings->begin(), postings->end(),
                              [](const Posting& x, const Posting& y) {
                                return x.key == y.key && x.doc == y.doc;
                              }),
                  postings->end());
  const size_t num_postings = postings->size();
  if (stats) stats->postings += num_postings;

  // Lists: [list_begin[l], list_begin[l + 1]) in `postings`. Per document: its lists.
  std::vector<uint32_t> list_begin;
  for (size_t i = 0; i < num_postings; ++i) {
    if (i == 0 || (*postings)[i].key != (*postings)[i - 1].key) list_begin.push_back(static_cast<uint32_t>(i));
  }
  list_begin.push_back(static_cast<uint32_t>(num_postings));
  const size_t num_lists = list_begin.size() - 1;
  std::vector<uint32_t> doc_offset(num_docs + 1, 0);
  std::vector<uint32_t> doc_lists(num_postings);
  std::vector<uint32_t> position(num_postings);  // rank of the doc within its list
  std::vector<uint32_t> list_index(num_postings);
  for (size_t l = 0; l < num_lists; ++l) {
    for (uint32_t i = list_begin[l]; i < list_begin[l + 1]; ++i) {
      ++doc_offset[(*postings)[i].doc + 1];
      position[i] = i - list_begin[l];
      list_index[i] = static_cast<uint32_t>(l);
    }
  }
  for (uint32_t d = 0; d < num_docs; ++d) doc_offset[d + 1] += doc_offset[d];
  {
    std::vector<uint32_t> fill(doc_offset.begin(), doc_offset.end() - 1);
    for (size_t l = 0; l < num_lists; ++l) {
      for (uint32_t i = list_begin[l]; i < list_begin[l + 1]; ++i) {
        doc_lists[fill[(*postings)[i].doc]++] = i;
      }
    }
  }
  uint64_t oversized = 0;
  for (size_t l = 0; l < num_lists; ++l) oversized += list_begin[l + 1] - list_begin[l] > options.max_posting_size;
  if (stats) stats->oversized_lists += oversized;

  const uint32_t star = std::max<uint32_t>(1, options.star_size);
  // Work in chunks of documents; each chunk's candidates land in its own vector.
  constexpr size_t kChunk = 512;
  const size_t num_chunks = (num_docs + kChunk - 1) / kChunk;
  std::vector<std::vector<Candidate>> chunk_out(num_chunks);
  std::atomic<uint64_t> counted{0};
  auto work = [&](size_t chunk_begin, size_t chunk_end) {
    // Dense counters, all zero between documents (reset through `touched`).
    thread_local std::vector<uint32_t> count;
    thread_local std::vector<uint32_t> touched;
    if (count.size() < num_docs) count.assign(num_docs, 0);
    touched.clear();
    uint64_t local_counted = 0;
    for (size_t chunk = chunk_begin; chunk < chunk_end; ++chunk) {
      std::vector<Candidate>& out = chunk_out[chunk];
      const uint32_t first = static_cast<uint32_t>(chunk * kChunk);
      const uint32_t last = static_cast<uint32_t>(std::min<size_t>(num_docs, first + kChunk));
      for (uint32_t a = first; a < last; ++a) {
        const uint32_t a_keys = doc_offset[a + 1] - doc_offset[a];
        for (uint32_t k = doc_offset[a]; k < doc_offset[a + 1]; ++k) {
          const uint32_t p = doc_lists[k];
          const uint32_t l = list_index[p];
          const uint32_t begin = list_begin[l], end = list_begin[l + 1];
          const bool oversized_list = end - begin > options.max_posting_size;
          const bool a_in_core = position[p] < star;
          if (!oversized_list || a_in_core) {
            // Every later member (all of them for a core member of an oversized list).
            for (uint32_t i = p + 1; i < end; ++i) {
              const uint32_t b = (*postings)[i].doc;
              if (count[b]++ == 0) touched.push_back(b);
            }
          } else {
            // A non-core member of an oversized list: the later core members only.
            for (uint32_t i = begin; i < begin + star && i < end; ++i) {
              const uint32_t b = (*postings)[i].doc;
              if (b <= a) continue;
              if (count[b]++ == 0) touched.push_back(b);
            }
          }
        }
        std::sort(touched.begin(), touched.end());
        for (uint32_t b : touched) {
          const uint32_t shared = count[b];
          count[b] = 0;
          local_counted += shared;
          const uint32_t fewer = std::min(a_keys, doc_offset[b + 1] - doc_offset[b]);
          if (shared >= options.min_shared_keys &&
              shared >= std::ceil(options.min_shared_fraction * fewer - 1e-9)) {
            out.push_back({a, b, shared});
          }
        }
        touched.clear();
      }
    }
    counted += local_counted;
  };
  if (pool) {
    pool->ParallelFor(num_chunks, 1, work);
  } else {
    work(0, num_chunks);
  }
  if (stats) stats->shared_key_counts += counted.load();
  std::vector<Candidate> all;
  for (auto& c : chunk_out) all.insert(all.end(), c.begin(), c.end());
  return all;
}

std::vector<Posting> BandPostings(const std::vector<uint32_t>& signatures, int num_slots,
                                  int num_bands, int rows_per_band,
                                  const std::vector<uint8_t>& include) {
  std::vector<Posting> postings;
  const size_t num_docs = include.size();
  postings.reserve(num_docs * num_bands);
  for (size_t doc = 0; doc < num_docs; ++doc) {
    if (!include[doc]) continue;
    const uint32_t* sig = signatures.data() + doc * num_slots;
    for (int band = 0; band < num_bands; ++band) {
      uint64_t h = common::Mix64(0x6c7368ull + static_cast<uint64_t>(band));
      for (int row = 0; row < rows_per_band; ++row) {
        h = common::Combine64(h, sig[band * rows_per_band + row]);
      }
      postings.push_back({h, static_cast<uint32_t>(doc)});
    }
  }
  return postings;
}

}  // namespace doppel::index
