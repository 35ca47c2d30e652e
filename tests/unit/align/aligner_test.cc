// Sentence alignment: verbatim, paraphrase, reordering, condensation, splits, added and
// dropped sentences, and what cleaning removed.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "compare_testing.h"

namespace doppel::align {
namespace {

using testing::CompareTexts;
using testing::Describe;
using testing::FindAlignment;

const std::string kSource =
    "A storm closed the port of Westhaven on Monday, stranding forty cargo ships. "
    "Harbour master Ella Ortiz said the closure would last three days. "
    "Ferry services to the northern islands were cancelled. "
    "The coastguard rescued two fishermen whose boat capsized near the breakwater. "
    "Shops in the town centre stayed open despite flooded streets.";

// Every sentence of both texts is in exactly one alignment.
void ExpectPartition(const Comparison& c) {
  std::set<uint32_t> a_seen, b_seen;
  for (const Alignment& al : c.alignments) {
    for (const ByteSpan& s : al.a_spans) EXPECT_TRUE(a_seen.insert(s.begin).second);
    for (const ByteSpan& s : al.b_spans) EXPECT_TRUE(b_seen.insert(s.begin).second);
    EXPECT_FALSE(al.a_spans.empty() && al.b_spans.empty());
  }
}

TEST(AlignerTest, IdenticalTextsAreVerbatimAndExact) {
  const Comparison c = CompareTexts(kSource, kSource);
  ASSERT_EQ(c.alignments.size(), 5u);
  for (const Alignment& al : c.alignments) {
    EXPECT_EQ(al.kind, AlignmentKind::kVerbatim) << Describe(al, kSource, kSource);
    EXPECT_FALSE(al.moved);
  }
  EXPECT_STREQ(ComparisonRelationName(c), "exact");
  EXPECT_TRUE(c.facts.empty()) << testing::AllFacts(c);
}

TEST(AlignerTest, ParaphrasedSentencesPairOneToOne) {
  const std::string b =
      "On Monday a storm shut Westhaven port and left forty cargo ships stranded. "
      "The closure will last three days, according to harbour master Ella Ortiz. "
      "Ferries to the northern islands did not sail. "
      "Two fishermen were rescued by the coastguard after their boat capsized by the breakwater. "
      "Town centre shops remained open although streets were flooded.";
  const Comparison c = CompareTexts(kSource, b);
  ExpectPartition(c);
  ASSERT_EQ(c.alignments.size(), 5u);
  for (const Alignment& al : c.alignments) {
    EXPECT_EQ(al.kind, AlignmentKind::kParaphrase) << Describe(al, kSource, b);
    EXPECT_EQ(al.a_spans.size(), 1u);
    EXPECT_FALSE(al.moved);
  }
  EXPECT_STREQ(ComparisonRelationName(c), "rewrite");
}

TEST(AlignerTest, FollowsReorderedSentencesAndMarksThemMoved) {
  const std::string b =
      "The coastguard rescued two fishermen whose boat capsized near the breakwater. "
      "A storm closed the port of Westhaven on Monday, stranding forty cargo ships. "
      "Harbour master Ella Ortiz said the closure would last three days. "
      "Shops in the town centre stayed open despite flooded streets. "
      "Ferry services to the northern islands were cancelled.";
  const Comparison c = CompareTexts(kSource, b);
  ExpectPartition(c);
  ASSERT_EQ(c.alignments.size(), 5u);
  int moved = 0;
  for (const Alignment& al : c.alignments) {
    ASSERT_EQ(al.a_spans.size(), 1u);
    ASSERT_EQ(al.b_spans.size(), 1u);
    EXPECT_EQ(al.kind, AlignmentKind::kVerbatim);
    EXPECT_EQ(testing::Cut(kSource, al.a_spans[0]), testing::Cut(b, al.b_spans[0]));
    moved += al.moved;
  }
  EXPECT_EQ(moved, 2);  // the fishermen and the ferries left their places
  // Sorted in b's reading order.
  EXPECT_EQ(testing::Cut(b, c.alignments[0].b_spans[0]).substr(0, 3), "The");
}

TEST(AlignerTest, CondensedSentenceAlignsToAllItsSources) {
  const std::string b =
      "A storm shut Westhaven port on Monday, stranding forty cargo ships and cancelling ferry "
      "services to the northern islands for the three days the closure will last. "
      "The coastguard rescued two fishermen whose boat capsized near the breakwater.";
  const Comparison c = CompareTexts(kSource, b);
  ExpectPartition(c);
  const Alignment* summary = FindAlignment(c, kSource, b, "", "A storm shut");
  ASSERT_NE(summary, nullptr);
  EXPECT_EQ(summary->kind, AlignmentKind::kMerged) << Describe(*summary, kSource, b);
  EXPECT_GE(summary->a_spans.size(), 2u) << Describe(*summary, kSource, b);
  const Alignment* shops = FindAlignment(c, kSource, b, "Shops", "");
  ASSERT_NE(shops, nullptr);
  EXPECT_EQ(shops->kind, AlignmentKind::kDropped);
}

TEST(AlignerTest, SplitSentenceIsMerged) {
  const std::string b =
      "A storm closed the port of Westhaven on Monday. "
      "Forty cargo ships were left stranded outside the port by the storm. "
      "Harbour master Ella Ortiz said the closure would last three days. "
      "Ferry services to the northern islands were cancelled. "
      "The coastguard rescued two fishermen whose boat capsized near the breakwater. "
      "Shops in the town centre stayed open despite flooded streets.";
  const Comparison c = CompareTexts(kSource, b);
  ExpectPartition(c);
  const Alignment* split = FindAlignment(c, kSource, b, "", "A storm closed");
  ASSERT_NE(split, nullptr);
  EXPECT_EQ(split->kind, AlignmentKind::kMerged) << Describe(*split, kSource, b);
  EXPECT_EQ(split->a_spans.size(), 1u);
  EXPECT_EQ(split->b_spans.size(), 2u);
}

TEST(AlignerTest, ReportsAddedAndDroppedSentences) {
  const std::string b =
      "A storm closed the port of Westhaven on Monday, stranding forty cargo ships. "
      "Harbour master Ella Ortiz said the closure would last three days. "
      "Tickets for the summer music festival go on sale next week. "
      "The coastguard rescued two fishermen whose boat capsized near the breakwater. "
      "Shops in the town centre stayed open despite flooded streets.";
  const Comparison c = CompareTexts(kSource, b);
  ExpectPartition(c);
  const Alignment* added = FindAlignment(c, kSource, b, "", "Tickets");
  ASSERT_NE(added, nullptr);
  EXPECT_EQ(added->kind, AlignmentKind::kAdded);
  EXPECT_TRUE(added->a_spans.empty());
  const Alignment* dropped = FindAlignment(c, kSource, b, "Ferry", "");
  ASSERT_NE(dropped, nullptr);
  EXPECT_EQ(dropped->kind, AlignmentKind::kDropped);
  EXPECT_TRUE(dropped->b_spans.empty());
  // The dropped sentence is listed after the alignment of the a sentence before it.
  for (size_t k = 0; k < c.alignments.size(); ++k) {
    if (&c.alignments[k] != dropped) continue;
    ASSERT_GT(k, 0u);
    EXPECT_EQ(testing::Cut(kSource, c.alignments[k - 1].a_spans.back()).substr(0, 7), "Harbour");
  }
}

TEST(AlignerTest, HeadlinesAlignWithEachOther) {
  const std::string a = "Storm closes Westhaven port\n\n" + kSource;
  const std::string b = "Westhaven Port Shut By Storm\n\n" + kSource;
  const Comparison c = CompareTexts(a, b);
  ASSERT_FALSE(c.alignments.empty());
  const Alignment& first = c.alignments[0];
  ASSERT_EQ(first.a_spans.size(), 1u);
  ASSERT_EQ(first.b_spans.size(), 1u);
  EXPECT_EQ(testing::Cut(a, first.a_spans[0]), "Storm closes Westhaven port");
  EXPECT_EQ(testing::Cut(b, first.b_spans[0]), "Westhaven Port Shut By Storm");
}

TEST(AlignerTest, UnrelatedTextsAlignNothing) {
  const std::string b =
      "The central bank raised interest rates by a quarter point. Analysts had expected the "
      "move after inflation rose for a third month. Mortgage lenders are likely to follow.";
  const Comparison c = CompareTexts(kSource, b);
  ExpectPartition(c);
  for (const Alignment& al : c.alignments) {
    EXPECT_TRUE(al.kind == AlignmentKind::kAdded || al.kind == AlignmentKind::kDropped)
        << Describe(al, kSource, b);
  }
  EXPECT_STREQ(ComparisonRelationName(c), "unrelated");
  EXPECT_TRUE(c.facts.empty()) << testing::AllFacts(c);
}

TEST(AlignerTest, RepeatedParagraphsAreRemovedAndNotAligned) {
  const std::string para =
      "Harbour master Ella Ortiz said the closure would last three days and that ships would "
      "wait in the bay until the wind dropped below gale force.";
  const std::string a = "A storm closed the port of Westhaven on Monday.\n\n" + para +
                        "\n\nFerry services to the northern islands were cancelled.";
  const std::string b = "A storm closed the port of Westhaven on Monday.\n\n" + para + "\n\n" +
                        para + "\n\nFerry services to the northern islands were cancelled.";
  const Comparison c = CompareTexts(a, b);
  ASSERT_EQ(c.b_removed.size(), 1u);
  EXPECT_EQ(c.b_removed[0].kind, RemovalKind::kRepeated);
  EXPECT_TRUE(c.a_removed.empty());
  for (const Alignment& al : c.alignments) {
    EXPECT_EQ(al.kind, AlignmentKind::kVerbatim) << Describe(al, a, b);
    for (const ByteSpan& s : al.b_spans) {
      EXPECT_TRUE(s.end <= c.b_removed[0].begin || s.begin >= c.b_removed[0].end);
    }
  }
  // Without cleaning, the second copy is an added sentence.
  CompareOptions raw;
  raw.clean.enabled = false;
  const Comparison unclean = CompareTexts(a, b, raw);
  EXPECT_TRUE(unclean.b_removed.empty());
  int added = 0;
  for (const Alignment& al : unclean.alignments) added += al.kind == AlignmentKind::kAdded;
  EXPECT_EQ(added, 1);
}

TEST(AlignerTest, EmptyAndWordlessTextsGiveNoAlignments) {
  const Comparison c = CompareTexts("", " \n\n ... \n");
  EXPECT_TRUE(c.alignments.empty());
  EXPECT_TRUE(c.facts.empty());
  EXPECT_STREQ(ComparisonRelationName(c), "unrelated");
}

TEST(AlignerTest, RejectsBadOptions) {
  CompareOptions options;
  options.min_similarity = 0;
  Document a{"a", "x", "", {}};
  Result<Comparison> r = Compare(a, a, options);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  options.min_similarity = 1.5;
  EXPECT_EQ(Compare(a, a, options).status().code(), StatusCode::kInvalidArgument);
}

TEST(AlignerTest, LongDocumentsAlignWithoutTheDynamicProgram) {
  // 2,500 distinct sentences a side: over the DP's cell budget, so passes 2 and 3 align.
  std::string a, b;
  for (int k = 0; k < 2500; ++k) {
    const std::string s = "Item " + std::to_string(k) + " concerns case number " +
                          std::to_string(k * 7919 % 100003) + " filed in district " +
                          std::to_string(k % 97) + ". ";
    a += s;
    b += s;
  }
  const Comparison c = CompareTexts(a, b);
  ASSERT_EQ(c.alignments.size(), 2500u);
  for (const Alignment& al : c.alignments) EXPECT_EQ(al.kind, AlignmentKind::kVerbatim);
}

}  // namespace
}  // namespace doppel::align
