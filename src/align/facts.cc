#include "align/facts.h"

namespace doppel::align {

std::vector<FactFlag> DetectFacts(const FactInput& input) {
  (void)input;
  return {};
}

}  // namespace doppel::align
