// Rounding of scores and features for output.
#pragma once

#include <cmath>

namespace doppel::common {

// x rounded to 4 decimals: scores and features are printed so (pairs, clusters, compare,
// the HTML report): enough to read, and stable across platforms.
inline double Round4(double x) { return std::round(x * 1e4) / 1e4; }

}  // namespace doppel::common
