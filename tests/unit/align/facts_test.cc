// Changed-fact detectors: each kind is flagged when a rewrite changes that fact, and not
// flagged when the rewrite only words it differently.
#include <gtest/gtest.h>

#include <string>

#include "compare_testing.h"

namespace doppel::align {
namespace {

using testing::AllFacts;
using testing::CompareTexts;
using testing::FactsOf;
using testing::kRewrite;
using testing::kStory;
using testing::Rewrite;

// Runs kStory against `b` and expects exactly one flag, of `kind`, whose spans hold
// `a_text` and `b_text` (empty: no span expected).
void ExpectOneFlag(const std::string& b, FactKind kind, const std::string& a_text,
                   const std::string& b_text) {
  const Comparison c = CompareTexts(kStory, b);
  ASSERT_EQ(c.facts.size(), 1u) << AllFacts(c);
  const FactFlag& f = c.facts[0];
  EXPECT_EQ(f.kind, kind) << AllFacts(c);
  if (a_text.empty()) {
    EXPECT_FALSE(f.a_span.has_value());
  } else {
    ASSERT_TRUE(f.a_span.has_value());
    EXPECT_NE(f.a_text.find(a_text), std::string::npos) << f.a_text;
  }
  if (b_text.empty()) {
    EXPECT_FALSE(f.b_span.has_value());
  } else {
    ASSERT_TRUE(f.b_span.has_value());
    EXPECT_NE(f.b_text.find(b_text), std::string::npos) << f.b_text;
  }
  EXPECT_FALSE(f.reason.empty());
  EXPECT_GE(f.alignment, 0);
}

TEST(FactsTest, FaithfulRewriteRaisesNoFlag) {
  // Numbers in other forms (3 / three, 1200 / 1,200, 4.2 million / 4.2m, around / about),
  // clauses reordered, every phrase reworded.
  const Comparison c = CompareTexts(kStory, kRewrite);
  EXPECT_TRUE(c.facts.empty()) << AllFacts(c);
  EXPECT_STREQ(ComparisonRelationName(c), "rewrite");
}

TEST(FactsTest, FlagsAChangedNumber) {
  ExpectOneFlag(Rewrite("leaving 40 cargo ships", "leaving 60 cargo ships"), FactKind::kNumber,
                "40", "60");
}

// b changes 40 to a value that a states elsewhere: a's "two fishermen" is accounted for by
// b's "Two fishermen", so it does not explain b's "two cargo ships".
TEST(FactsTest, FlagsANumberChangedToOneTheSourceUsesElsewhere) {
  ExpectOneFlag(Rewrite("leaving 40 cargo ships", "leaving two cargo ships"), FactKind::kNumber,
                "40", "two");
}

TEST(FactsTest, FlagsAChangedAmountWrittenInWords) {
  ExpectOneFlag(Rewrite("4.2 million pounds", "five million pounds"), FactKind::kNumber, "4.2m",
                "five million");
}

TEST(FactsTest, EquivalentNumberFormsAreNotFlagged) {
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"4.2 million pounds", "4,200,000 pounds"},
           {"40 cargo ships", "forty cargo ships"},
           {"around 1200 passengers", "some 1,200 passengers"},
           {"around 1200 passengers", "roughly 1,190 passengers"},
           {"at least 3 days", "at least three days"}}) {
    const Comparison c = CompareTexts(kStory, Rewrite(from, to));
    EXPECT_TRUE(c.facts.empty()) << from << " -> " << to << "\n" << AllFacts(c);
  }
}

// A number restated in another unit is a conversion, not a change; in the same unit it is.
TEST(FactsTest, NumbersInDifferentUnitsAreNotComparedButTheSameUnitIs) {
  const std::string a =
      "The minister said a plan would follow within 60 days. The ferry line closed last year.";
  const std::string converted =
      "A plan will follow within two months, the minister said. The ferry line shut last year.";
  const std::string changed =
      "A plan will follow within 90 days, the minister said. The ferry line shut last year.";
  Comparison c = CompareTexts(a, converted);
  EXPECT_TRUE(FactsOf(c, FactKind::kNumber).empty()) << AllFacts(c);
  c = CompareTexts(a, changed);
  ASSERT_EQ(FactsOf(c, FactKind::kNumber).size(), 1u) << AllFacts(c);
}

// A number hyphen-joined to a word has that word as its unit ("six-figure" is a
// magnitude, not a count of six), and a currency symbol is a unit: neither compares with
// a sum in pounds. The same compound with another number is still a change.
TEST(FactsTest, CompoundsAndCurrenciesAreUnits) {
  const std::string a =
      "A father stole a six-figure sum from the firm where he worked. He was spared jail on Friday.";
  const std::string pounds =
      "A father took £101,000 from the firm that employed him. He was spared jail on Friday.";
  Comparison c = CompareTexts(a, pounds);
  EXPECT_TRUE(FactsOf(c, FactKind::kNumber).empty()) << AllFacts(c);
  const std::string seven =
      "A father stole a seven-figure sum from the firm where he worked. He was spared jail on Friday.";
  c = CompareTexts(a, seven);
  EXPECT_EQ(FactsOf(c, FactKind::kNumber).size(), 1u) << AllFacts(c);
  c = CompareTexts("The council cut £264m from the budget. Unions met on Monday.",
                   "The council cut £364m from its budget. Unions met on Monday.");
  EXPECT_EQ(FactsOf(c, FactKind::kNumber).size(), 1u) << AllFacts(c);
}

// "June 24 and 25" reads day 24 and number 25; "24 and 25 June" number 24 and day 25: the
// same two dates. A changed day in the same shape is still flagged.
TEST(FactsTest, ADateRangeWrittenTheOtherWayRoundIsNotAChange) {
  const std::string a =
      "The band will play Croke Park on June 24 and 25. The tour starts in San Diego in March.";
  const std::string b =
      "The Croke Park shows are on 24 and 25 June. The tour opens in San Diego in March.";
  const std::string changed =
      "The Croke Park shows are on 24 and 26 June. The tour opens in San Diego in March.";
  Comparison c = CompareTexts(a, b);
  EXPECT_TRUE(FactsOf(c, FactKind::kNumber).empty()) << AllFacts(c);
  EXPECT_TRUE(FactsOf(c, FactKind::kDate).empty()) << AllFacts(c);
  c = CompareTexts(a, changed);
  EXPECT_EQ(FactsOf(c, FactKind::kNumber).size() + FactsOf(c, FactKind::kDate).size(), 1u) << AllFacts(c);
}

TEST(FactsTest, FlagsAChangedWeekday) {
  ExpectOneFlag(Rewrite("port on Tuesday", "port on Wednesday"), FactKind::kDate, "Tuesday",
                "Wednesday");
}

TEST(FactsTest, FlagsAChangedYearWithItsDate) {
  const std::string a =
      "The tribunal ruled in September 1998 that the zoo supplied recreation. "
      "The zoo appealed against the ruling.";
  const std::string b =
      "In September 1996 the tribunal ruled that the zoo supplied recreation. "
      "The zoo then appealed the ruling.";
  const Comparison c = CompareTexts(a, b);
  ASSERT_EQ(c.facts.size(), 1u) << AllFacts(c);
  EXPECT_EQ(c.facts[0].kind, FactKind::kDate);
  EXPECT_EQ(c.facts[0].a_text, "September 1998");
  EXPECT_EQ(c.facts[0].b_text, "September 1996");
}

TEST(FactsTest, FlagsANameInTheSameSlot) {
  ExpectOneFlag(Rewrite("The operator Blue Line cancelled", "The operator Red Funnel cancelled"),
                FactKind::kEntity, "Blue Line", "Red Funnel");
}

TEST(FactsTest, ADroppedOrDescribedNameIsNotFlagged) {
  const Comparison c =
      CompareTexts(kStory, Rewrite("The operator Blue Line cancelled", "The operator cancelled"));
  EXPECT_TRUE(FactsOf(c, FactKind::kEntity).empty()) << AllFacts(c);
}

// A name counts as replaced only in the same slot: a context word on the same side
// ("MP for ___, said he was deeply disillusioned" / "disillusioned with the ___
// leadership" share only "disillusioned", on opposite sides),
// numbers not counted as context.
TEST(FactsTest, NamesInDifferentSlotsAreNotASubstitution) {
  const std::string a =
      "Robert Jackson, MP for Wantage in Oxfordshire, said he was deeply disillusioned with "
      "the party's leadership. He joined the party in 1970.";
  const std::string b =
      "Robert Jackson has left, saying he was disillusioned with the Tory leadership and its "
      "views. He joined the party in 1970.";
  const Comparison c = CompareTexts(a, b);
  EXPECT_TRUE(FactsOf(c, FactKind::kEntity).empty()) << AllFacts(c);
}

TEST(FactsTest, AnAcronymIsTheSameName) {
  const std::string a =
      "The Crown Prosecution Service said it would not appeal the ruling. "
      "The driver was cleared last week.";
  const std::string b =
      "The CPS said it would not appeal against the ruling. "
      "The motorist was cleared a week ago.";
  const Comparison c = CompareTexts(a, b);
  EXPECT_TRUE(FactsOf(c, FactKind::kEntity).empty()) << AllFacts(c);
}

// The acronym is tested against the whole capitalised run around the name, so it holds
// when the other words of the name are not names by themselves (both texts also use
// "prosecution" in lower case).
TEST(FactsTest, AnAcronymOfANameWhoseWordsAreAlsoCommonIsTheSameName) {
  const std::string a =
      "The magistrates heard the prosecution case on Monday. "
      "The Crown Prosecution Service confirmed that a new trial would be held.";
  const std::string b =
      "The magistrates heard the prosecution case on Monday. "
      "After an inquiry the CPS confirmed that a new trial would be held.";
  const Comparison c = CompareTexts(a, b);
  EXPECT_TRUE(FactsOf(c, FactKind::kEntity).empty()) << AllFacts(c);
}

TEST(FactsTest, FlagsAStatusWordAddedToATitle) {
  const std::string a =
      "President Helena Marsh on Tuesday vetoed the drilling bill. "
      "Parliament passed the bill last month.";
  const std::string b =
      "Former President Helena Marsh vetoed the drilling bill on Tuesday. "
      "Parliament approved the bill a month ago.";
  const Comparison c = CompareTexts(a, b);
  ASSERT_EQ(c.facts.size(), 1u) << AllFacts(c);
  EXPECT_EQ(c.facts[0].kind, FactKind::kTitle);
  EXPECT_EQ(c.facts[0].b_text, "Former President Helena Marsh");
}

TEST(FactsTest, ATitleLeftOutIsNotFlagged) {
  const std::string a =
      "Deputy Prime Minister John Prescott met union leaders on Thursday. "
      "No deal was offered at the meeting.";
  const std::string b =
      "Mr Prescott held talks with union leaders on Thursday. "
      "No deal was put on the table.";
  const Comparison c = CompareTexts(a, b);
  EXPECT_TRUE(c.facts.empty()) << AllFacts(c);
}

TEST(FactsTest, FlagsADroppedBound) {
  ExpectOneFlag(Rewrite("at least 3 days", "3 days"), FactKind::kQualifier, "at least three", "3");
}

TEST(FactsTest, ABoundCarriedByAVerbIsNotFlagged) {
  const std::string a =
      "The deal could be worth more than $1.8bn to the maker. "
      "Deliveries start in 2008.";
  const std::string b = "The deal could top $1.8bn for the maker. Deliveries begin in 2008.";
  const Comparison c = CompareTexts(a, b);
  EXPECT_TRUE(c.facts.empty()) << AllFacts(c);
}

// "longer than" bounds the number as "more than" does; an "over" kept a few words
// before the number ("over the next 15 years") keeps the bound.
TEST(FactsTest, AComparativeOrAKeptQualifierWordIsNotADroppedBound) {
  const std::string a =
      "No caller will wait more than 12 minutes for an answer, the board said. "
      "The fund will pay out over 15 years to the charities.";
  const std::string b =
      "The board said no caller should wait longer than 12 minutes to be answered. "
      "The charities will receive the money over the next 15 years.";
  const Comparison c = CompareTexts(a, b);
  EXPECT_TRUE(FactsOf(c, FactKind::kQualifier).empty()) << AllFacts(c);
}

TEST(FactsTest, FlagsABoundTurnedRoundByAComparative) {
  const std::string a = "Fewer than 40 ferries sailed on Monday. The port reopened on Tuesday.";
  const std::string b = "Greater than 40 ferries sailed on Monday. The port opened again on Tuesday.";
  const Comparison c = CompareTexts(a, b);
  EXPECT_FALSE(FactsOf(c, FactKind::kQualifier).empty()) << AllFacts(c);
}

TEST(FactsTest, FlagsAChangedQuantifier) {
  const std::string a =
      "The minister said no patient would wait more than 12 months for surgery. "
      "The targets start next year.";
  const std::string b =
      "Most patients would wait less than 12 months for surgery, the minister said. "
      "The targets begin next year.";
  const Comparison c = CompareTexts(a, b);
  ASSERT_FALSE(FactsOf(c, FactKind::kQualifier).empty()) << AllFacts(c);
  EXPECT_EQ(FactsOf(c, FactKind::kQualifier)[0].b_text, "Most patients");
}

// "not some X" is "no X"; "some X" turned into "no X" is still a change.
TEST(FactsTest, ANegatedSomeIsNo) {
  const std::string a =
      "Mr Milburn said the candidate is not some unknown hopeful. Voters go to the polls in May.";
  const std::string no =
      "The candidate was no unknown hopeful, Mr Milburn said. Voters go to the polls in May.";
  Comparison c = CompareTexts(a, no);
  EXPECT_TRUE(FactsOf(c, FactKind::kQualifier).empty()) << AllFacts(c);
  c = CompareTexts("Mr Milburn said some unknown hopefuls will stand. Voters go to the polls in May.",
                   "No unknown hopefuls will stand, Mr Milburn said. Voters go to the polls in May.");
  EXPECT_EQ(FactsOf(c, FactKind::kQualifier).size(), 1u) << AllFacts(c);
}

TEST(FactsTest, FlagsANegationFlip) {
  ExpectOneFlag(Rewrite("has not been inspected so far", "has been inspected already"),
                FactKind::kNegation, "not", "lighthouse");
}

TEST(FactsTest, FlagsARefusalTurnedIntoAGrant) {
  const std::string a =
      "The judge refused the society permission to appeal. "
      "The society may now ask the Court of Appeal directly.";
  const std::string b =
      "The judge granted the society permission to appeal. "
      "The society may now go to the Court of Appeal.";
  const Comparison c = CompareTexts(a, b);
  ASSERT_EQ(c.facts.size(), 1u) << AllFacts(c);
  EXPECT_EQ(c.facts[0].kind, FactKind::kNegation);
  EXPECT_EQ(c.facts[0].a_text, "refused");
}

TEST(FactsTest, NegationsReworded) {
  const std::string a =
      "The judge refused the society permission to appeal. "
      "\"We are not against energy,\" Reyes said.";
  const std::string b =
      "The judge turned down the society's request to appeal. "
      "Reyes said her party was not opposed to energy.";
  const Comparison c = CompareTexts(a, b);
  EXPECT_TRUE(FactsOf(c, FactKind::kNegation).empty()) << AllFacts(c);
}

// "X, not Y" contrasts two names ("rather than"); "rules out quitting" is "will not quit".
TEST(FactsTest, AContrastOrAPhrasalNegationIsNotAFlip) {
  const std::string a =
      "He wrote that Tom Reyes rather than Ann Vale should lead the council. "
      "The coach says he will never quit the club despite the defeat.";
  const std::string b =
      "He wrote that Tom Reyes, not Ann Vale, should lead the council. "
      "The coach rules out quitting the club despite the defeat.";
  const Comparison c = CompareTexts(a, b);
  EXPECT_TRUE(FactsOf(c, FactKind::kNegation).empty()) << AllFacts(c);
}

TEST(FactsTest, FlagsAnAlteredQuotation) {
  const std::string a =
      "Analyst Tom Hale called the targets \"reasonably impressive\" on Monday. "
      "The plan runs to 2010.";
  const std::string b =
      "Analyst Tom Hale called the targets \"hugely impressive\" on Monday. "
      "The plan lasts until 2010.";
  const Comparison c = CompareTexts(a, b);
  ASSERT_EQ(c.facts.size(), 1u) << AllFacts(c);
  EXPECT_EQ(c.facts[0].kind, FactKind::kQuote);
  EXPECT_EQ(c.facts[0].a_text, "reasonably impressive");
  EXPECT_EQ(c.facts[0].b_text, "hugely impressive");
}

TEST(FactsTest, FlagsAnAlteredQuotationInSingleQuotes) {
  const std::string a =
      "Analyst Tom Hale called the targets 'reasonably impressive' on Monday. "
      "The plan runs to 2010 and can't be changed.";
  const std::string b =
      "Analyst Tom Hale called the targets 'hugely impressive' on Monday. "
      "The plan lasts until 2010 and can't be changed.";
  const Comparison c = CompareTexts(a, b);
  ASSERT_EQ(c.facts.size(), 1u) << AllFacts(c);
  EXPECT_EQ(c.facts[0].kind, FactKind::kQuote);
  EXPECT_EQ(c.facts[0].b_text, "hugely impressive");
}

TEST(FactsTest, PartialAndCurlyQuotationsAreNotFlagged) {
  const std::string b =
      Rewrite("\"We have never seen waves like this in thirty years,\" Ortiz told reporters",
              "Ortiz told reporters she had \xE2\x80\x9Cnever seen waves like this\xE2\x80\x9D");
  const Comparison c = CompareTexts(kStory, b);
  EXPECT_TRUE(c.facts.empty()) << AllFacts(c);
}

TEST(FactsTest, FlagsAStatementGivenToAnotherSpeaker) {
  const std::string a =
      "Victor Hale leads the National Union bloc. Imogen Reyes leads the Green Labour group. "
      "\"The president has chosen slogans over paychecks,\" Hale told reporters.";
  const std::string b =
      "Victor Hale heads the National Union bloc. Imogen Reyes heads the Green Labour group. "
      "\"The president has chosen slogans over paychecks,\" Reyes said.";
  const Comparison c = CompareTexts(a, b);
  ASSERT_EQ(c.facts.size(), 1u) << AllFacts(c);
  EXPECT_EQ(c.facts[0].kind, FactKind::kSpeaker);
  EXPECT_EQ(c.facts[0].a_text, "Hale told");
  EXPECT_EQ(c.facts[0].b_text, "Reyes said");
}

TEST(FactsTest, PronounsAndAppositionsKeepTheSpeaker) {
  const std::string a =
      "Imogen Reyes, who leads the Green Labour group, welcomed the veto. "
      "\"We are against blank cheques,\" Reyes said.";
  for (const std::string& b :
       {std::string("Imogen Reyes, who leads the Green Labour group, welcomed the veto. "
                    "\"We are against blank cheques,\" she said."),
        std::string("Imogen Reyes, who leads the Green Labour group, welcomed the veto. "
                    "\"We are against blank cheques,\" said the Green Labour leader.")}) {
    const Comparison c = CompareTexts(a, b);
    EXPECT_TRUE(FactsOf(c, FactKind::kSpeaker).empty()) << b << "\n" << AllFacts(c);
  }
}

TEST(FactsTest, WordsAfterSaidAreWhatWasSaidNotASpeaker) {
  const std::string a =
      "Mr Blair said the Tories had no plan for schools. Ministers met on Monday.";
  const std::string b =
      "The Tories had no plan for schools, Mr Blair said. Ministers met on Monday.";
  const Comparison c = CompareTexts(a, b);
  EXPECT_TRUE(c.facts.empty()) << AllFacts(c);
}

TEST(FactsTest, FlagsAnAddedClaim) {
  const std::string b = kRewrite +
                        " The mayor also ordered an immediate evacuation of every school in the "
                        "district while engineers survey the damage.";
  ExpectOneFlag(b, FactKind::kUnsupportedClaim, "", "The mayor also ordered");
}

TEST(FactsTest, AnAddedSentenceThatRestatesTheSourceIsNotAClaim) {
  const std::string b = kRewrite + " Forty cargo ships remain stranded in the bay at Westhaven.";
  const Comparison c = CompareTexts(kStory, b);
  EXPECT_TRUE(c.facts.empty()) << AllFacts(c);
}

TEST(FactsTest, SpansAreTheirTexts) {
  const Comparison c =
      CompareTexts(kStory, Rewrite("leaving 40 cargo ships", "leaving 60 cargo ships"));
  for (const FactFlag& f : c.facts) {
    if (f.a_span) {
      EXPECT_EQ(testing::Cut(kStory, *f.a_span), f.a_text);
    }
  }
}

TEST(FactsTest, DetectFactsOffGivesAlignmentsOnly) {
  CompareOptions options;
  options.detect_facts = false;
  const Comparison c =
      CompareTexts(kStory, Rewrite("leaving 40 cargo ships", "leaving 60 cargo ships"), options);
  EXPECT_TRUE(c.facts.empty());
  EXPECT_FALSE(c.alignments.empty());
}

}  // namespace
}  // namespace doppel::align
