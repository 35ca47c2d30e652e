#include "index/candidates.h"

#include <algorithm>

#include "common/hash.h"

namespace doppel::index {

std::vector<Candidate> CandidatesFromPostings(std::vector<Posting>* postings,
                                              const CandidateOptions& options,
                                              CandidateStats* stats) {
  std::sort(postings->begin(), postings->end(), [](const Posting& x, const Posting& y) {
    return x.key != y.key ? x.key < y.key : x.doc < y.doc;
  });
  // Drop repeated (key, doc) postings: a document counts once per key.
  postings->erase(std::unique(postings->begin(), postings->end(),
                              [](const Posting& x, const Posting& y) {
                                return x.key == y.key && x.doc == y.doc;
                              }),
                  postings->end());
  if (stats) stats->postings += postings->size();

  std::vector<uint64_t> emitted;  // (a << 32 | b), one per shared key
  const size_t n = postings->size();
  for (size_t begin = 0; begin < n;) {
    size_t end = begin + 1;
    while (end < n && (*postings)[end].key == (*postings)[begin].key) ++end;
    const size_t len = end - begin;
    if (len >= 2) {
      const bool star = len > options.max_posting_size;
      if (star && stats) ++stats->oversized_lists;
      const size_t core = star ? std::min<size_t>(options.star_size, len) : len;
      for (size_t i = begin; i < begin + core; ++i) {
        for (size_t j = i + 1; j < end; ++j) {
          const uint64_t a = (*postings)[i].doc, b = (*postings)[j].doc;
          emitted.push_back(a << 32 | b);
        }
      }
    }
    begin = end;
  }
  if (stats) stats->pair_emissions += emitted.size();
  std::sort(emitted.begin(), emitted.end());
  std::vector<Candidate> out;
  for (size_t i = 0; i < emitted.size();) {
    size_t j = i + 1;
    while (j < emitted.size() && emitted[j] == emitted[i]) ++j;
    const uint32_t shared = static_cast<uint32_t>(j - i);
    if (shared >= options.min_shared_keys) {
      out.push_back({static_cast<uint32_t>(emitted[i] >> 32),
                     static_cast<uint32_t>(emitted[i] & 0xFFFFFFFFu), shared});
    }
    i = j;
  }
  return out;
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
