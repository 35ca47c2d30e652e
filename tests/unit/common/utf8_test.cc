#include "common/utf8.h"

#include <gtest/gtest.h>

namespace doppel::common {
namespace {

TEST(Utf8Test, ValidTextIsUnchanged) {
  std::string s = "plain ascii, caf\xC3\xA9, \xE2\x82\xAC, \xF0\x9F\x98\x80";
  EXPECT_TRUE(IsValidUtf8(s));
  EXPECT_EQ(RepairUtf8(&s), 0u);
  EXPECT_EQ(s, "plain ascii, caf\xC3\xA9, \xE2\x82\xAC, \xF0\x9F\x98\x80");
}

TEST(Utf8Test, ReplacesEachMaximalInvalidSubpart) {
  // Lone continuation byte, truncated 3-byte sequence, overlong 2-byte form, surrogate.
  std::string s = "a\x80" "b\xE2\x82" "c\xC0\xAF" "d\xED\xA0\x80" "e";
  EXPECT_FALSE(IsValidUtf8(s));
  EXPECT_EQ(RepairUtf8(&s), 1u + 1u + 2u + 3u);
  EXPECT_TRUE(IsValidUtf8(s));
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(s, "a" + r + "b" + r + "c" + r + r + "d" + r + r + r + "e");
}

TEST(Utf8Test, TruncatedSequenceAtEndIsReplaced) {
  std::string s = "end\xF0\x9F\x98";
  EXPECT_EQ(RepairUtf8(&s), 1u);
  EXPECT_EQ(s, "end\xEF\xBF\xBD");
}

TEST(Utf8Test, DecodeAndEncodeRoundTrip) {
  for (char32_t cp : {U'a', U'\u00E9', U'\u20AC', U'\U0001F600'}) {
    std::string s;
    AppendUtf8(cp, &s);
    int len = 0;
    EXPECT_EQ(DecodeUtf8(s, 0, &len), cp);
    EXPECT_EQ(static_cast<size_t>(len), s.size());
  }
}

}  // namespace
}  // namespace doppel::common
