// Choosing the original of a derivation cluster.
//
// Now a documented deterministic rule (content-based ranking comes with the explanations
// stage): with publication times for every member, the earliest wins; otherwise the
// member that keeps the most words after cleaning (copies cut from a source, or wrapped
// in template lines that cleaning removes, are never longer than it), ties to the member
// that came first in the input.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace doppel::cluster {

struct MemberFacts {
  uint32_t doc;
  std::string time;    // empty when unknown
  uint32_t num_words;  // after cleaning
};

struct OriginalChoice {
  uint32_t doc = 0;
  double confidence = 0;
  std::vector<std::string> reasons;
};

OriginalChoice ChooseOriginal(const std::vector<MemberFacts>& members);

}  // namespace doppel::cluster
