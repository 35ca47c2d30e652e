#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/html_report.h"

namespace doppel::report {
namespace {

using Json = nlohmann::json;

const std::string kNasty =
    "Caf\xC3\xA9 \xF0\x9F\x98\x80 \xE4\xB8\xAD\xE6\x96\x87 </script><script>window.pwned=1</script> "
    "<!-- comment --> <SCRIPT> \"quoted\" back\\slash line\xE2\x80\xA8sep & more.";

struct Corpus {
  std::vector<Document> docs;
  ScanResult result;
};

// Three documents in one cluster (original 0), one unclustered.
Corpus MakeCorpus() {
  Corpus c;
  c.docs = {{"orig </script>", kNasty + "\nSecond line.", "", {"in.jsonl", 1}},
            {"copy-1", kNasty, "", {"in.jsonl", 2}},
            {"copy-<!--2", "Headline\n" + kNasty, "", {"in.jsonl", 3}},
            {"alone", "Nothing to see.", "", {"in.jsonl", 4}}};
  for (const Document& d : c.docs) c.result.ids.push_back(d.id);
  c.result.pairs = {{0, 1, Relation::kNearDuplicate, 0.9, {{"jaccard", 0.9}}},
                    {0, 2, Relation::kPartialCopy, 0.95, {}}};
  Cluster cluster;
  cluster.original = 0;
  cluster.original_confidence = 1;
  cluster.original_reasons = {"longest text after cleaning"};
  cluster.members = {1, 2, 0};
  c.result.clusters = {cluster};
  InputIssue issue;  // (a braced list here made GCC 12 warn -Wmaybe-uninitialized)
  issue.kind = InputIssueKind::kMalformedJson;
  issue.where.file = "in.jsonl";
  issue.where.line = 5;
  issue.detail = "bad </script> line";
  issue.skipped = true;
  c.result.issues.push_back(issue);
  return c;
}

// A comparison naming the first 5 bytes of each text as verbatim.
Result<Comparison> FakeCompare(const Document& a, const Document& b) {
  Comparison c;
  c.a_id = a.id;
  c.b_id = b.id;
  c.relation = Relation::kNearDuplicate;
  Alignment al;
  al.a_spans = {{0, 5}};
  al.b_spans = {{0, 5}};
  c.alignments = {al};
  return c;
}

std::string Write(const Corpus& c, const HtmlReportOptions& options, const CompareFn& compare) {
  std::ostringstream out;
  const Status s = WriteHtmlReportWith(
      c.result, [&](DocIndex d) -> const Document& { return c.docs[d]; }, options, compare, out);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out.str();
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + 1)) {
    ++n;
  }
  return n;
}

// The JSON inside <script type="application/json" id="ID">.
Json DataElement(const std::string& page, const std::string& id) {
  const std::string open = "<script type=\"application/json\" id=\"" + id + "\">";
  const size_t begin = page.find(open);
  EXPECT_NE(begin, std::string::npos) << id;
  if (begin == std::string::npos) return nullptr;
  const size_t start = begin + open.size();
  const size_t end = page.find("</script>", start);
  return Json::parse(page.substr(start, end - start));
}

TEST(HtmlReportTest, DocumentTextsCannotBreakOutOfTheDataElements) {
  const Corpus c = MakeCorpus();
  const std::string page = Write(c, HtmlReportOptions{}, FakeCompare);
  // Every "</script" in the page closes one of the page's own script elements: the errors
  // hook in <head>, the index, one element per cluster, and the page script.
  EXPECT_EQ(Count(page, "<script"), 4u);
  EXPECT_EQ(Count(page, "</script"), 4u);
  EXPECT_EQ(Count(page, "<!--"), 0u);
  EXPECT_EQ(page.find("\xE2\x80\xA8"), std::string::npos);
}

TEST(HtmlReportTest, EmbeddedDataRoundTrips) {
  const Corpus c = MakeCorpus();
  const std::string page = Write(c, HtmlReportOptions{}, FakeCompare);
  const Json index = DataElement(page, "doppel-index");
  EXPECT_EQ(index["summary"]["documents_in_clusters"], 3);
  EXPECT_EQ(index["issues"][0]["detail"], "bad </script> line");
  EXPECT_EQ(index["clusters"][0]["original"], "orig </script>");
  EXPECT_EQ(index["clusters"][0]["relations"]["near_duplicate"], 1);
  EXPECT_EQ(index["clusters"][0]["relations"]["partial_copy"], 1);

  const Json cluster = DataElement(page, "doppel-cluster-0");
  ASSERT_EQ(cluster["members"].size(), 3u);
  EXPECT_TRUE(cluster["members"][0]["original"].get<bool>());
  EXPECT_EQ(cluster["members"][0]["text"], c.docs[0].text);
  EXPECT_EQ(cluster["members"][0]["where"], "in.jsonl:1");
  EXPECT_EQ(cluster["members"][1]["id"], "copy-1");  // near_duplicate before partial_copy
  EXPECT_EQ(cluster["members"][1]["text"], c.docs[1].text);
  EXPECT_EQ(cluster["members"][1]["features"]["jaccard"], 0.9);
  EXPECT_EQ(cluster["members"][2]["text"], c.docs[2].text);
  EXPECT_EQ(cluster["members"][2]["compare"]["alignments"][0]["b"].dump(), "[[0,5]]");
  EXPECT_EQ(cluster["pairs_total"], 2);
}

TEST(HtmlReportTest, LongTextsAreCutOnACodePointAndComparedAsShown) {
  Corpus c = MakeCorpus();
  HtmlReportOptions options;
  options.max_text_bytes = 4;  // byte 4 is inside the é of "Caf\xC3\xA9"
  options.num_threads = 1;
  std::vector<std::string> compared;
  const std::string page = Write(c, options, [&](const Document& a, const Document& b) {
    compared.push_back(a.text + "|" + b.text);
    return FakeCompare(a, b);
  });
  EXPECT_EQ(compared, (std::vector<std::string>{"Caf|Caf", "Caf|Head"}));
  const Json cluster = DataElement(page, "doppel-cluster-0");
  EXPECT_EQ(cluster["members"][0]["text"], "Caf");
  EXPECT_EQ(cluster["members"][0]["cut"], 3);
  EXPECT_EQ(cluster["members"][0]["bytes"], c.docs[0].text.size());
  EXPECT_EQ(cluster["members"][1]["compare"]["alignments"][0]["a"].dump(), "[[0,3]]");
}

TEST(HtmlReportTest, FailedComparisonIsNamedAndThePageStillWritten) {
  const Corpus c = MakeCorpus();
  const std::string page = Write(c, HtmlReportOptions{}, [](const Document&, const Document&) {
    return Result<Comparison>(InvalidArgument("too long"));
  });
  const Json cluster = DataElement(page, "doppel-cluster-0");
  EXPECT_FALSE(cluster["members"][1].contains("compare"));
  EXPECT_EQ(cluster["members"][1]["compare_error"], "invalid_argument: too long");
}

TEST(HtmlReportTest, OutputIsIdenticalForAnyThreadCount) {
  const Corpus c = MakeCorpus();
  HtmlReportOptions one, four;
  one.num_threads = 1;
  four.num_threads = 4;
  EXPECT_EQ(Write(c, one, FakeCompare), Write(c, four, FakeCompare));
}

TEST(HtmlReportTest, LoadsNothingFromOutside) {
  const Corpus c = MakeCorpus();
  const std::string page = Write(c, HtmlReportOptions{}, nullptr);
  EXPECT_NE(page.find("Content-Security-Policy\" content=\"default-src 'none'"), std::string::npos);
  for (const char* needle : {"http://", "https://", " src=", "<link", "@import", "url(", "//cdn"}) {
    EXPECT_EQ(page.find(needle), std::string::npos) << needle;
  }
}

TEST(HtmlReportTest, ListsMembersUpToTheLimitAndCountsTheRest) {
  const Corpus c = MakeCorpus();
  HtmlReportOptions options;
  options.max_members_listed = 2;
  options.max_texts_per_cluster = 1;  // the original only
  const Json cluster = DataElement(Write(c, options, FakeCompare), "doppel-cluster-0");
  EXPECT_EQ(cluster["members"].size(), 2u);
  EXPECT_EQ(cluster["members_listed"], 2);
  EXPECT_EQ(cluster["size"], 3);
  EXPECT_FALSE(cluster["members"][1].contains("text"));
}

TEST(HtmlReportTest, MembersWithTextsAreListedFirst) {
  // Original 0, exact copies 1-3, partial copy 4; texts for 3 members: round-robin picks
  // the first exact copy and the partial copy, which must come before the other copies.
  Corpus c;
  for (int d = 0; d < 5; ++d) {
    c.docs.push_back({"d" + std::to_string(d), "text " + std::to_string(d), "", {"in.jsonl", 1}});
    c.result.ids.push_back(c.docs.back().id);
  }
  for (DocIndex d = 1; d <= 3; ++d) c.result.pairs.push_back({0, d, Relation::kExact, 1.0, {}});
  c.result.pairs.push_back({0, 4, Relation::kPartialCopy, 0.9, {}});
  Cluster cluster;
  cluster.members = {0, 1, 2, 3, 4};
  c.result.clusters = {cluster};
  HtmlReportOptions options;
  options.max_texts_per_cluster = 3;
  const Json data = DataElement(Write(c, options, FakeCompare), "doppel-cluster-0");
  std::vector<std::string> order;
  for (const Json& m : data["members"]) {
    order.push_back(m["id"].get<std::string>() + (m.contains("text") ? "+" : ""));
  }
  EXPECT_EQ(order, (std::vector<std::string>{"d0+", "d1+", "d4+", "d2", "d3"}));
}

TEST(HtmlReportTest, RejectsZeroLimits) {
  const Corpus c = MakeCorpus();
  HtmlReportOptions options;
  options.max_texts_per_cluster = 0;
  std::ostringstream out;
  const Status s = WriteHtmlReportWith(
      c.result, [&](DocIndex d) -> const Document& { return c.docs[d]; }, options, nullptr, out);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
}

TEST(HtmlReportTest, PublicWriterUsesTheRealComparison) {
  const Corpus c = MakeCorpus();
  std::ostringstream out;
  ASSERT_TRUE(WriteHtmlReport(c.result, [&](DocIndex d) -> const Document& { return c.docs[d]; },
                              HtmlReportOptions{}, out)
                  .ok());
  const Json cluster = DataElement(out.str(), "doppel-cluster-0");
  ASSERT_TRUE(cluster["members"][1].contains("compare"));
  EXPECT_FALSE(cluster["members"][1]["compare"]["alignments"].empty());
}

}  // namespace
}  // namespace doppel::report
