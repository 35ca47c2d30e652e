// Helpers for the match tests.
#pragma once

#include <gtest/gtest.h>

#include <vector>

#include "match/rewrite.h"

namespace doppel::match::test_util {

// The same verified pairs, in the same order, with the same cosines and top terms to the
// last bit (wrap the call in SCOPED_TRACE to name the case).
inline void ExpectSamePairs(const std::vector<ScoredPair>& x, const std::vector<ScoredPair>& y) {
  ASSERT_EQ(x.size(), y.size());
  for (size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(x[i].a, y[i].a) << i;
    EXPECT_EQ(x[i].b, y[i].b) << i;
    EXPECT_EQ(x[i].cosine, y[i].cosine) << i;
    EXPECT_EQ(x[i].top_term, y[i].top_term) << i;
  }
}

}  // namespace doppel::match::test_util
