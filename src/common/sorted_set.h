// Operations on sorted, unique vectors used as sets (shingle sets, name and fact atoms).
#pragma once

#include <cstddef>
#include <vector>

namespace doppel::common {

// Number of elements both sorted unique vectors hold that satisfy `keep` (a merge walk).
template <typename T, typename Keep>
size_t CountCommonIf(const std::vector<T>& a, const std::vector<T>& b, Keep keep) {
  size_t i = 0, j = 0, common = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      common += keep(a[i]) ? 1 : 0;
      ++i;
      ++j;
    }
  }
  return common;
}

// Number of elements both sorted unique vectors hold.
template <typename T>
size_t CountCommon(const std::vector<T>& a, const std::vector<T>& b) {
  return CountCommonIf(a, b, [](const T&) { return true; });
}

}  // namespace doppel::common
