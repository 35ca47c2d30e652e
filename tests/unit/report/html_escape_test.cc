#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "report/html_escape.h"

namespace doppel::report {
namespace {

std::string SafeDump(const nlohmann::json& value) {
  std::string out;
  AppendScriptSafeJson(value.dump(), &out);
  return out;
}

TEST(ScriptSafeJsonTest, NoScriptEndOrCommentOpenerSurvives) {
  const std::string text = "a </script><script>alert(1)</script> <!-- x --> </SCRIPT b & c";
  const std::string out = SafeDump(nlohmann::json{{"text", text}});
  EXPECT_EQ(out.find('<'), std::string::npos);
  EXPECT_EQ(out.find('>'), std::string::npos);
  EXPECT_EQ(out.find('&'), std::string::npos);
  EXPECT_NE(out.find("\\u003c/script\\u003e"), std::string::npos);
}

TEST(ScriptSafeJsonTest, ParsesBackToTheSameValue) {
  const std::string text =
      "caf\xC3\xA9 \xF0\x9F\x98\x80 \xE4\xB8\xAD </script> <!-- \"q\" \\ line\xE2\x80\xA8sep "
      "para\xE2\x80\xA9sep \xE2\x82\xAC";  // é, 😀, 中, U+2028, U+2029, €
  const nlohmann::json value = {{"text", text}, {"<key>", {1, 2}}};
  const std::string out = SafeDump(value);
  EXPECT_EQ(out.find("\xE2\x80\xA8"), std::string::npos);
  EXPECT_EQ(out.find("\xE2\x80\xA9"), std::string::npos);
  EXPECT_NE(out.find("\xE2\x82\xAC"), std::string::npos);  // other E2 sequences untouched
  EXPECT_EQ(nlohmann::json::parse(out), value);
}

TEST(EscapeHtmlTest, EscapesMarkupCharacters) {
  EXPECT_EQ(EscapeHtml("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(EscapeHtml("caf\xC3\xA9"), "caf\xC3\xA9");
}

TEST(Utf8CutPointTest, NeverSplitsACodePoint) {
  const std::string text = "a\xC3\xA9\xF0\x9F\x98\x80\xE4\xB8\xAD";  // a é 😀 中: 1+2+4+3 bytes
  EXPECT_EQ(Utf8CutPoint(text, 0), 0u);
  EXPECT_EQ(Utf8CutPoint(text, 1), 1u);
  EXPECT_EQ(Utf8CutPoint(text, 2), 1u);  // inside é
  EXPECT_EQ(Utf8CutPoint(text, 3), 3u);
  EXPECT_EQ(Utf8CutPoint(text, 4), 3u);  // inside 😀
  EXPECT_EQ(Utf8CutPoint(text, 6), 3u);
  EXPECT_EQ(Utf8CutPoint(text, 7), 7u);
  EXPECT_EQ(Utf8CutPoint(text, 9), 7u);  // inside 中
  EXPECT_EQ(Utf8CutPoint(text, 10), 10u);
  EXPECT_EQ(Utf8CutPoint(text, 99), 10u);
}

}  // namespace
}  // namespace doppel::report
