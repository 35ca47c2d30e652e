#include "shingle/shingler.h"

#include <algorithm>

#include "common/hash.h"

namespace doppel::shingle {

void HashWords(std::string_view text, const std::vector<text::Span>& words, uint64_t seed,
               std::vector<uint64_t>* word_hashes) {
  word_hashes->clear();
  word_hashes->reserve(words.size());
  for (const text::Span& w : words) {
    word_hashes->push_back(common::Hash64(text.substr(w.begin, w.end - w.begin), seed));
  }
}

void ShingleHashes(const std::vector<uint64_t>& word_hashes, int size,
                   std::vector<uint64_t>* shingle_hashes) {
  shingle_hashes->clear();
  const size_t n = word_hashes.size();
  if (n == 0) return;
  const size_t k = std::min<size_t>(static_cast<size_t>(size), n);
  shingle_hashes->reserve(n - k + 1);
  for (size_t start = 0; start + k <= n; ++start) {
    uint64_t h = word_hashes[start];
    for (size_t j = 1; j < k; ++j) h = common::Combine64(h, word_hashes[start + j]);
    shingle_hashes->push_back(common::Mix64(h));
  }
}

void ShingleSet32(const std::vector<uint64_t>& shingle_hashes, std::vector<uint32_t>* set) {
  set->resize(shingle_hashes.size());
  for (size_t i = 0; i < shingle_hashes.size(); ++i) {
    (*set)[i] = static_cast<uint32_t>(shingle_hashes[i]);
  }
  std::sort(set->begin(), set->end());
  set->erase(std::unique(set->begin(), set->end()), set->end());
}

}  // namespace doppel::shingle
