#include "common/fill_vector.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace doppel::common {
namespace {

// Only sizing leaves values unset; every way of giving a value still gives it, and a
// type with a constructor is still constructed.
TEST(FillVectorTest, ValuesGivenAreKeptAndClassTypesConstructed) {
  FillVector<uint64_t> v(1000);
  for (size_t i = 0; i < v.size(); ++i) v[i] = i * 3;
  v.resize(2000);  // the first 1000 survive the growth
  for (size_t i = 0; i < 1000; ++i) ASSERT_EQ(v[i], i * 3);
  v.assign(10, 7);
  EXPECT_EQ(v, FillVector<uint64_t>(10, 7));
  v.push_back(42);
  v.emplace_back(43);
  EXPECT_EQ(v.size(), 12u);
  EXPECT_EQ(v[10], 42u);
  EXPECT_EQ(v[11], 43u);
  FillVector<std::string> strings(3);  // default-constructed: empty
  for (const std::string& s : strings) EXPECT_TRUE(s.empty());
  strings.resize(5, "x");
  EXPECT_EQ(strings[4], "x");
  FillVector<uint64_t>().swap(v);
  EXPECT_TRUE(v.empty());
}

}  // namespace
}  // namespace doppel::common
