// Property: every span in the JSON of a comparison is a valid byte range of the ORIGINAL
// text it names, on character boundaries, and every quoted text is exactly the bytes at
// its offsets. Checked on seeded random document pairs (news-like text with non-ASCII
// words, numbers, quotes and paragraphs, mutated into a rewrite; and raw random Unicode)
// and on every pair of documents of a group in the labelled fixtures.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../text/random_text.h"
#include "common/utf8.h"
#include "doppel/compare.h"

namespace doppel::align {
namespace {

using Json = nlohmann::json;

bool IsBoundary(const std::string& text, uint64_t pos) {
  return pos == text.size() || (static_cast<uint8_t>(text[pos]) & 0xC0) != 0x80;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

// Checks one span; returns its bytes.
std::string CheckSpan(const Json& span, const std::string& text, const std::string& what) {
  EXPECT_TRUE(span.is_array() && span.size() == 2) << what;
  if (!span.is_array() || span.size() != 2) return "";
  const uint64_t begin = span[0].get<uint64_t>(), end = span[1].get<uint64_t>();
  EXPECT_LT(begin, end) << what;
  EXPECT_LE(end, text.size()) << what;
  if (begin >= end || end > text.size()) return "";
  EXPECT_TRUE(IsBoundary(text, begin)) << what << " begin " << begin;
  EXPECT_TRUE(IsBoundary(text, end)) << what << " end " << end;
  const std::string bytes = text.substr(begin, end - begin);
  EXPECT_TRUE(common::IsValidUtf8(bytes)) << what;
  return bytes;
}

void CheckComparison(const Document& a, const Document& b) {
  Result<Comparison> result = Compare(a, b, CompareOptions{});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  std::ostringstream out;
  ASSERT_TRUE(WriteComparisonJson(result.value(), out).ok());
  const Json j = Json::parse(out.str());
  const std::string context = a.id + " ~ " + b.id;
  EXPECT_EQ(j["a"]["id"], a.id);
  EXPECT_EQ(j["b"]["id"], b.id);

  // Removed spans: sorted, disjoint, inside the text.
  const std::string* texts[2] = {&a.text, &b.text};
  std::vector<std::pair<uint64_t, uint64_t>> removed[2];
  for (int side = 0; side < 2; ++side) {
    uint64_t last_end = 0;
    for (const Json& r : j[side == 0 ? "a" : "b"]["removed"]) {
      const uint64_t begin = r["start"], end = r["end"];
      EXPECT_LE(last_end, begin) << context;
      EXPECT_LT(begin, end) << context;
      EXPECT_LE(end, texts[side]->size()) << context;
      removed[side].emplace_back(begin, end);
      last_end = end;
    }
  }
  // Alignment spans: trimmed sentences, each once, never inside a removed span.
  std::map<uint64_t, int> seen[2];
  for (const Json& al : j["alignments"]) {
    const std::string kind = al["kind"];
    EXPECT_TRUE(kind == "verbatim" || kind == "paraphrase" || kind == "merged" || kind == "added" ||
                kind == "dropped")
        << kind;
    for (int side = 0; side < 2; ++side) {
      for (const Json& span : al[side == 0 ? "a_spans" : "b_spans"]) {
        const std::string bytes = CheckSpan(span, *texts[side], context + " " + kind);
        if (bytes.empty()) continue;
        EXPECT_FALSE(IsSpace(bytes.front()) || IsSpace(bytes.back())) << context << ": " << bytes;
        const uint64_t begin = span[0], end = span[1];
        EXPECT_EQ(++seen[side][begin], 1) << context;
        for (const auto& [rb, re] : removed[side]) EXPECT_TRUE(end <= rb || begin >= re) << context;
      }
    }
    if (kind == "added") {
      EXPECT_TRUE(al["a_spans"].empty());
    }
    if (kind == "dropped") {
      EXPECT_TRUE(al["b_spans"].empty());
    }
  }
  // Fact spans and their texts.
  for (const Json& f : j["facts"]) {
    EXPECT_TRUE(!f["a_span"].is_null() || !f["b_span"].is_null()) << context;
    for (int side = 0; side < 2; ++side) {
      const Json& span = f[side == 0 ? "a_span" : "b_span"];
      const Json& quoted = f[side == 0 ? "a_text" : "b_text"];
      if (span.is_null()) {
        EXPECT_TRUE(quoted.is_null()) << context;
        continue;
      }
      EXPECT_EQ(CheckSpan(span, *texts[side], context + " fact"), quoted.get<std::string>())
          << context;
    }
    EXPECT_FALSE(f["reason"].get<std::string>().empty());
  }
  // Deterministic.
  std::ostringstream again;
  ASSERT_TRUE(WriteComparisonJson(Compare(a, b, CompareOptions{}).value(), again).ok());
  EXPECT_EQ(out.str(), again.str()) << context;
}

// News-like random text: sentences of words (some capitalised names, some non-ASCII),
// numbers in several written forms, quotations, paragraphs.
class StoryGenerator {
 public:
  explicit StoryGenerator(uint64_t seed) : rng_(seed), raw_(seed) {}

  std::vector<std::string> Sentences(int n) {
    std::vector<std::string> out;
    for (int k = 0; k < n; ++k) out.push_back(Sentence());
    return out;
  }

  std::string Sentence() {
    static const std::vector<std::string> kWords = {
        "the",       "council",   "said",      "storm",    "port",   "ships",     "closed",
        "not",       "never",     "at least",  "about",    "former", "President", "Ortiz",
        "Westhaven", "Blue Line", "Zürich",    "naïve",    "Łódź",   "東京",      "told",
        "reporters", "on",        "Tuesday",   "March",    "1998",   "4.2m",      "4,200",
        "six",       "£264m",     "5%",        "per cent", "denied", "granted",   "according to",
        "allegedly", "up to",     "more than", "no",       "most",   "patients",  "Mr",
        "Hale",      "was",       "\u2014",    "(",        ")",      "it's",      "don't",
        "e.g.",      "U.S.",      "14th"};
    std::string s;
    const size_t n = Uniform(3, 18);
    bool quote_open = false;
    for (size_t k = 0; k < n; ++k) {
      if (k > 0) s += Uniform(0, 12) == 0 ? ", " : " ";
      if (Uniform(0, 10) == 0) {
        s += quote_open ? "" : (Uniform(0, 1) ? "\"" : "\u201C");
        quote_open = !quote_open;
      }
      s += kWords[Uniform(0, kWords.size() - 1)];
      if (Uniform(0, 40) == 0) s += raw_.Next(static_cast<int>(Uniform(1, 4)), 3);
    }
    if (quote_open) s += Uniform(0, 1) ? "\"" : "\u201D";
    static const char* kEnds[] = {".", "!", "?", ".\"", ""};
    s += kEnds[Uniform(0, 4)];
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
  }

  std::string Join(const std::vector<std::string>& sentences) {
    std::string out;
    for (size_t k = 0; k < sentences.size(); ++k) {
      if (k > 0) out += Uniform(0, 3) == 0 ? "\n\n" : (Uniform(0, 8) == 0 ? "\n" : " ");
      out += sentences[k];
    }
    return out;
  }

  // A rewrite: sentences kept, edited, dropped, added, swapped, or repeated.
  std::vector<std::string> Mutate(std::vector<std::string> s) {
    const size_t edits = Uniform(1, 6);
    for (size_t e = 0; e < edits && !s.empty(); ++e) {
      const size_t k = Uniform(0, s.size() - 1);
      switch (Uniform(0, 5)) {
        case 0:
          s.erase(s.begin() + static_cast<long>(k));
          break;
        case 1:
          s.insert(s.begin() + static_cast<long>(k), Sentence());
          break;
        case 2:
          std::swap(s[k], s[Uniform(0, s.size() - 1)]);
          break;
        case 3: {
          const std::string more = Sentence();
          s[k] += ' ';
          s[k] += more;
          break;
        }
        case 4: {
          const std::string copy = s[k];
          s.insert(s.begin() + static_cast<long>(k), copy);
          break;
        }
        default:
          s[k] = Sentence();
          break;
      }
    }
    return s;
  }

  std::string RawText() { return raw_.Next(static_cast<int>(Uniform(0, 300)), 4); }

  size_t Uniform(size_t lo, size_t hi) {
    return std::uniform_int_distribution<size_t>(lo, hi)(rng_);
  }

 private:
  std::mt19937_64 rng_;
  text::testing::RandomText raw_;
};

TEST(SpansPropertyTest, RandomStoriesAndRewrites) {
  StoryGenerator gen(20241122);
  for (int trial = 0; trial < 150; ++trial) {
    const std::vector<std::string> source = gen.Sentences(static_cast<int>(gen.Uniform(1, 14)));
    const std::string number = std::to_string(trial);
    const Document a{std::string("rand-a-").append(number), gen.Join(source), "", {}};
    const Document b{std::string("rand-b-").append(number), gen.Join(gen.Mutate(source)), "", {}};
    CheckComparison(a, b);
  }
}

TEST(SpansPropertyTest, RawUnicode) {
  StoryGenerator gen(7);
  for (int trial = 0; trial < 60; ++trial) {
    const Document a{"raw-a", gen.RawText(), "", {}};
    const Document b{"raw-b", trial % 3 == 0 ? a.text + gen.RawText() : gen.RawText(), "", {}};
    CheckComparison(a, b);
  }
}

std::vector<Json> ReadJsonl(const std::string& path) {
  std::vector<Json> rows;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) rows.push_back(Json::parse(line));
  }
  return rows;
}

TEST(SpansPropertyTest, EveryPairOfEveryFixtureGroup) {
  const std::string root = std::string(DOPPEL_SOURCE_DIR) + "/tests/fixtures/";
  size_t pairs = 0;
  for (const std::string part : {"rewrites/part-a", "rewrites/part-b", "case"}) {
    const std::vector<Json> rows = ReadJsonl(root + part + "/docs.jsonl");
    ASSERT_FALSE(rows.empty()) << part;
    std::map<std::string, std::vector<Document>> groups;
    for (const Json& r : rows) {
      groups[r["group"].get<std::string>()].push_back({r["id"], r["text"], "", {}});
    }
    for (const auto& [group, docs] : groups) {
      for (const Document& a : docs) {
        for (const Document& b : docs) {
          if (&a == &b) continue;
          CheckComparison(a, b);
          ++pairs;
        }
      }
    }
  }
  EXPECT_GT(pairs, 200u);
}

TEST(SpansPropertyTest, ConcurrentCallsGiveTheSameResults) {
  const std::vector<Json> rows =
      ReadJsonl(std::string(DOPPEL_SOURCE_DIR) + "/tests/fixtures/case/docs.jsonl");
  ASSERT_GE(rows.size(), 6u);
  std::vector<Document> docs;
  for (const Json& r : rows) docs.push_back({r["id"], r["text"], "", {}});
  auto all_json = [&]() {
    std::string out;
    for (size_t k = 1; k < 6; ++k) {
      std::ostringstream one;
      EXPECT_TRUE(
          WriteComparisonJson(Compare(docs[0], docs[k], CompareOptions{}).value(), one).ok());
      out += one.str();
    }
    return out;
  };
  const std::string expected = all_json();
  std::vector<std::string> got(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < got.size(); ++t) threads.emplace_back([&, t]() { got[t] = all_json(); });
  for (std::thread& t : threads) t.join();
  for (const std::string& g : got) EXPECT_EQ(g, expected);
}

}  // namespace
}  // namespace doppel::align
