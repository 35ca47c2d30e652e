#include "common/byte_finder.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace doppel::common {
namespace {

// The definition: the first position at or after pos whose byte is in the set.
size_t Reference(const std::string& text, size_t pos, const std::string& bytes, bool non_ascii) {
  for (; pos < text.size(); ++pos) {
    const auto c = static_cast<unsigned char>(text[pos]);
    if (bytes.find(static_cast<char>(c)) != std::string::npos || (non_ascii && c >= 0x80)) return pos;
  }
  return text.size();
}

TEST(ByteFinderTest, FindsEveryMatchInOrderAsTheDefinitionDoes) {
  std::mt19937 rng(7);
  const ByteFinder quotes({'"', '\'', '\n'}, /*non_ascii=*/false);
  const ByteFinder with_high({'"', '`'}, /*non_ascii=*/true);
  for (int round = 0; round < 500; ++round) {
    std::string text(std::uniform_int_distribution<size_t>(0, 200)(rng), 'a');
    for (char& c : text) {
      const int kind = std::uniform_int_distribution<int>(0, 40)(rng);
      c = kind == 0 ? '"' : kind == 1 ? '\'' : kind == 2 ? '\n' : kind == 3 ? '`'
          : kind == 4 ? static_cast<char>(0xE2) : static_cast<char>('a' + kind % 26);
    }
    for (size_t pos = 0; pos <= text.size(); ++pos) {
      ASSERT_EQ(quotes.Next(text, pos), Reference(text, pos, "\"'\n", false)) << text << " @" << pos;
      ASSERT_EQ(with_high.Next(text, pos), Reference(text, pos, "\"`", true)) << text << " @" << pos;
    }
  }
}

TEST(ByteFinderTest, ReportsTheEndWhenNothingMatches) {
  const ByteFinder finder({'"'}, false);
  EXPECT_EQ(finder.Next("", 0), 0u);
  EXPECT_EQ(finder.Next(std::string(100, 'x'), 3), 100u);
  EXPECT_EQ(finder.Next(std::string(40, 'x') + "\"", 0), 40u);
  EXPECT_TRUE(finder.Matches('"'));
  EXPECT_FALSE(finder.Matches('x'));
}

}  // namespace
}  // namespace doppel::common
