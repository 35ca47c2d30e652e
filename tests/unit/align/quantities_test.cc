// Reading numbers and dates as values.
#include "align/quantities.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "align/doc_model.h"
#include "text/stem.h"

namespace doppel::align {
namespace {

struct Read {
  QuantityKind kind;
  double value;
  std::string text;  // original span
  Bound bound;
};

std::vector<Read> ReadAll(const std::string& text) {
  text::Stemmer stemmer;
  CleanOptions clean;
  clean.enabled = false;
  const DocModel doc = BuildDocModel(text, clean, &stemmer);
  std::vector<Read> out;
  for (const Quantity& q : ExtractQuantities(doc)) {
    out.push_back({q.kind, q.value, text.substr(q.orig.begin, q.orig.end - q.orig.begin), q.bound});
  }
  return out;
}

double OnlyValue(const std::string& text) {
  const std::vector<Read> all = ReadAll(text);
  EXPECT_EQ(all.size(), 1u) << text;
  return all.empty() ? -1 : all[0].value;
}

TEST(QuantitiesTest, ReadsDigitsWithGroupingDecimalsAndScales) {
  EXPECT_DOUBLE_EQ(OnlyValue("It cost 1,200 pounds."), 1200);
  EXPECT_DOUBLE_EQ(OnlyValue("It cost 1200 pounds."), 1200);
  EXPECT_DOUBLE_EQ(OnlyValue("It cost 4.2m pounds."), 4.2e6);
  EXPECT_DOUBLE_EQ(OnlyValue("It cost 4.2 million pounds."), 4.2e6);
  EXPECT_DOUBLE_EQ(OnlyValue("It cost 4,200,000 pounds."), 4.2e6);
  EXPECT_DOUBLE_EQ(OnlyValue("It cost $1.8bn in all."), 1.8e9);
  EXPECT_DOUBLE_EQ(OnlyValue("Sales rose 25k units."), 25e3);
}

TEST(QuantitiesTest, ReadsNumberWords) {
  EXPECT_DOUBLE_EQ(OnlyValue("There were six of them."), 6);
  EXPECT_DOUBLE_EQ(OnlyValue("There were twenty-five of them."), 25);
  EXPECT_DOUBLE_EQ(OnlyValue("There were two hundred and forty of them."), 240);
  EXPECT_DOUBLE_EQ(OnlyValue("There were three thousand of them."), 3000);
  EXPECT_DOUBLE_EQ(OnlyValue("There were half a dozen of them."), 6);
  EXPECT_DOUBLE_EQ(OnlyValue("It cost a million pounds."), 1e6);
}

TEST(QuantitiesTest, CurrencyAndPercentBelongToTheSpan) {
  std::vector<Read> r = ReadAll(
      "Funding of \xC2\xA3"
      "264m was promised, up 5% on last year.");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].text,
            "\xC2\xA3"
            "264m");
  EXPECT_DOUBLE_EQ(r[0].value, 264e6);
  EXPECT_EQ(r[1].text, "5%");
  r = ReadAll("Prices rose five per cent.");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].text, "five per cent");
}

TEST(QuantitiesTest, TellsYearsDaysMonthsAndWeekdays) {
  const std::vector<Read> r =
      ReadAll("The ruling came on Tuesday 14 March 1998, not in 2,000 cases.");
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r[0].kind, QuantityKind::kWeekday);
  EXPECT_EQ(r[1].kind, QuantityKind::kDay);
  EXPECT_DOUBLE_EQ(r[1].value, 14);
  EXPECT_EQ(r[2].kind, QuantityKind::kMonth);
  EXPECT_DOUBLE_EQ(r[2].value, 3);
  EXPECT_EQ(r[3].kind, QuantityKind::kYear);
  EXPECT_DOUBLE_EQ(r[3].value, 1998);
  EXPECT_EQ(r[4].kind, QuantityKind::kNumber);  // grouped: an amount, not a year
}

TEST(QuantitiesTest, MayAndMarchAreMonthsOnlyNextToADayOrYear) {
  EXPECT_TRUE(ReadAll("Ministers May decide later.").empty());
  const std::vector<Read> r = ReadAll("It opens in May 2004.");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].kind, QuantityKind::kMonth);
}

TEST(QuantitiesTest, ReadsTheQualifierBeforeANumber) {
  EXPECT_EQ(ReadAll("It needs at least 28 votes.")[0].bound, Bound::kAtLeast);
  EXPECT_EQ(ReadAll("It needs more than 28 votes.")[0].bound, Bound::kAtLeast);
  EXPECT_EQ(ReadAll("It takes up to 50 planes.")[0].bound, Bound::kAtMost);
  EXPECT_EQ(ReadAll("It takes no more than 50 planes.")[0].bound, Bound::kAtMost);
  EXPECT_EQ(ReadAll("It takes about 50 planes.")[0].bound, Bound::kApprox);
  EXPECT_EQ(ReadAll("It takes 50 planes.")[0].bound, Bound::kExact);
}

TEST(QuantitiesTest, SameValueAllowsRoundingOnlyForApproximateFigures) {
  Quantity a, b;
  a.value = 4.2e6;
  b.value = 4.2e6;
  EXPECT_TRUE(SameValue(a, b));
  b.value = 4.23e6;
  EXPECT_TRUE(SameValue(a, b));  // within 1% for large amounts
  b.value = 4.4e6;
  EXPECT_FALSE(SameValue(a, b));
  a.value = 1180;
  b.value = 1200;
  EXPECT_FALSE(SameValue(a, b));
  b.bound = Bound::kApprox;
  EXPECT_TRUE(SameValue(a, b));  // "about 1,200" for 1,180
  a.value = 6;
  b.value = 5;
  EXPECT_FALSE(SameValue(a, b));  // small counts never round
  a.kind = QuantityKind::kYear;
  a.value = 1998;
  b.kind = QuantityKind::kNumber;
  b.value = 1998;
  EXPECT_FALSE(SameValue(a, b));
}

TEST(QuantitiesTest, FormatsValuesForReaders) {
  Quantity q;
  q.value = 390000;
  EXPECT_EQ(FormatQuantity(q), "390,000");
  q.value = 4.2e6;
  EXPECT_EQ(FormatQuantity(q), "4.2 million");
  q.value = 5;
  q.percent = true;
  EXPECT_EQ(FormatQuantity(q), "5%");
  q.kind = QuantityKind::kMonth;
  q.value = 9;
  EXPECT_EQ(FormatQuantity(q), "September");
}

}  // namespace
}  // namespace doppel::align
