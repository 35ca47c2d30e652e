// Operations on sorted, unique vectors used as sets (shingle sets, name and fact atoms).
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace doppel::common {

// Sorts `v` and drops repeated elements: a sorted unique vector.
template <typename T>
void SortUnique(std::vector<T>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

// Calls on_common(i, j) for every element both sorted unique vectors hold (a[i] == b[j]),
// in ascending order (a merge walk). The keys of parallel arrays: term ids of sparse
// vectors, of inverted lists.
template <typename T, typename OnCommon>
void ForEachCommonIndex(const std::vector<T>& a, const std::vector<T>& b, OnCommon on_common) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      on_common(i++, j++);
    }
  }
}

// Number of elements both sorted unique vectors hold that satisfy `keep`.
template <typename T, typename Keep>
size_t CountCommonIf(const std::vector<T>& a, const std::vector<T>& b, Keep keep) {
  size_t common = 0;
  ForEachCommonIndex(a, b, [&](size_t i, size_t) { common += keep(a[i]) ? 1 : 0; });
  return common;
}

// Number of elements both sorted unique vectors hold.
template <typename T>
size_t CountCommon(const std::vector<T>& a, const std::vector<T>& b) {
  return CountCommonIf(a, b, [](const T&) { return true; });
}

}  // namespace doppel::common
