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

// The inline DecodeUtf8 decodes the common sequences itself and hands the rest to
// DecodeUtf8Any: both must agree on every three bytes, whole or cut short, valid or not.
TEST(Utf8Test, InlineDecodeAgreesWithTheFullDecoderOnEveryThreeBytes) {
  size_t inline_paths = 0;
  for (int b0 = 0x80; b0 < 0x100; ++b0) {
    for (int b1 = 0; b1 < 0x100; ++b1) {
      for (int b2 = 0; b2 < 0x100; b2 += (b1 & 0xC0) == 0x80 ? 1 : 0x3F) {
        const char bytes[4] = {static_cast<char>(b0), static_cast<char>(b1), static_cast<char>(b2), '\x80'};
        for (size_t size = 1; size <= 4; ++size) {
          const std::string_view text(bytes, size);
          int fast_length = 0, full_length = 0;
          const char32_t fast = DecodeUtf8(text, 0, &fast_length);
          ASSERT_EQ(fast, DecodeUtf8Any(text, 0, &full_length)) << b0 << " " << b1 << " " << b2 << " " << size;
          ASSERT_EQ(fast_length, full_length);
          inline_paths += (b0 >= 0xC2 && b0 <= 0xDF && size >= 2 && fast_length == 2);
        }
      }
    }
  }
  EXPECT_GT(inline_paths, 0u);
}

}  // namespace
}  // namespace doppel::common
