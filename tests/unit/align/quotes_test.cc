#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "align/doc_model.h"
#include "align/facts_internal.h"
#include "text/stem.h"

namespace doppel::align::internal {
namespace {

std::vector<std::string> Quotations(const std::string& text) {
  text::Stemmer stemmer;
  const DocModel doc = BuildDocModel(text, CleanOptions{}, &stemmer);
  std::vector<std::string> out;
  for (const Quote& q : FindQuotes(doc)) out.emplace_back(doc.text.substr(q.inner.begin, q.inner.size()));
  return out;
}

TEST(FindQuotesTest, CurlyAndStraightDoubleQuotes) {
  EXPECT_EQ(Quotations("He said \"we will win\" and left."), std::vector<std::string>{"we will win"});
  EXPECT_EQ(Quotations("She said \xE2\x80\x9Cnot today\xE2\x80\x9D."), std::vector<std::string>{"not today"});
}

// Japanese and Chinese quote with corner brackets 「 」.
TEST(FindQuotesTest, CornerBrackets) {
  // 彼は「明日行く」と言った。
  EXPECT_EQ(Quotations("\u5F7C\u306F\u300C\u660E\u65E5\u884C\u304F\u300D\u3068\u8A00\u3063\u305F\u3002"),
            std::vector<std::string>{"\u660E\u65E5\u884C\u304F"});
  // No closing bracket before the paragraph break: nothing.
  EXPECT_TRUE(Quotations("\u300C\u660E\u65E5\n\n\u884C\u304F").empty());
}

}  // namespace
}  // namespace doppel::align::internal
