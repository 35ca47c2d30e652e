// Helpers for the align tests: run Compare() on two literal texts and read the result
// back as text.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "doppel/compare.h"

namespace doppel::align::testing {

inline Comparison CompareTexts(const std::string& a, const std::string& b,
                               const CompareOptions& options = CompareOptions{}) {
  Document da{"a", a, "", {}};
  Document db{"b", b, "", {}};
  Result<Comparison> result = Compare(da, db, options);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.ok() ? std::move(result).value() : Comparison{};
}

inline std::string Cut(const std::string& text, const ByteSpan& span) {
  return text.substr(span.begin, span.end - span.begin);
}

// One alignment as "kind: a1 | a2 => b1 | b2".
inline std::string Describe(const Alignment& al, const std::string& a, const std::string& b) {
  std::string out = std::string(AlignmentKindName(al.kind)) + ": ";
  for (size_t k = 0; k < al.a_spans.size(); ++k) out += (k ? " | " : "") + Cut(a, al.a_spans[k]);
  out += " => ";
  for (size_t k = 0; k < al.b_spans.size(); ++k) out += (k ? " | " : "") + Cut(b, al.b_spans[k]);
  return out;
}

// The alignment holding the b sentence that starts with `b_prefix` (or the a sentence,
// for a dropped one, with `a_prefix`); null when none.
inline const Alignment* FindAlignment(const Comparison& c, const std::string& a,
                                      const std::string& b, const std::string& a_prefix,
                                      const std::string& b_prefix) {
  for (const Alignment& al : c.alignments) {
    for (const ByteSpan& s : al.b_spans) {
      if (!b_prefix.empty() && Cut(b, s).rfind(b_prefix, 0) == 0) return &al;
    }
    for (const ByteSpan& s : al.a_spans) {
      if (!a_prefix.empty() && Cut(a, s).rfind(a_prefix, 0) == 0) return &al;
    }
  }
  return nullptr;
}

inline std::vector<FactFlag> FactsOf(const Comparison& c, FactKind kind) {
  std::vector<FactFlag> out;
  for (const FactFlag& f : c.facts) {
    if (f.kind == kind) out.push_back(f);
  }
  return out;
}

inline std::string AllFacts(const Comparison& c) {
  std::string out;
  for (const FactFlag& f : c.facts) {
    out += std::string(FactKindName(f.kind)) + " [" + f.a_text + "] -> [" + f.b_text +
           "]: " + f.reason + "\n";
  }
  return out;
}

// A short news story and a faithful rewrite of it: every phrase reworded, every fact
// kept (numbers in other written forms, reported order changed in places). The fact
// tests change one thing in the rewrite at a time.
inline const std::string kStory =
    "Port closed as storm hits Westhaven\n\n"
    "A violent storm closed the port of Westhaven on Tuesday, stranding 40 cargo ships in the "
    "bay. Harbour master Ella Ortiz said the closure would last at least three days.\n\n"
    "\"We have never seen waves like this in thirty years,\" Ortiz told reporters at the quay.\n\n"
    "Ferry services to the northern islands were cancelled, and the operator Blue Line said about "
    "1,200 passengers were affected. The coastguard rescued two fishermen whose boat capsized "
    "near the breakwater.\n\n"
    "Repairs to the sea wall are expected to cost 4.2m pounds, the council said. The damaged "
    "lighthouse has not been inspected yet.";

inline const std::string kRewrite =
    "Storm shuts Westhaven port\n\n"
    "A fierce storm shut the Westhaven port on Tuesday, leaving 40 cargo ships stranded in the "
    "bay. The closure will last at least 3 days, harbour master Ella Ortiz said.\n\n"
    "\"We have never seen waves like this in thirty years,\" Ortiz told reporters at the quay.\n\n"
    "The operator Blue Line cancelled ferry services to the northern islands, and it said around "
    "1200 passengers were affected. Two fishermen were rescued by the coastguard after their boat "
    "capsized near the breakwater.\n\n"
    "The council said repairs to the sea wall are expected to cost 4.2 million pounds. The "
    "damaged lighthouse has not been inspected so far.";

// kRewrite with `from` replaced by `to` (which must occur exactly once).
inline std::string Rewrite(const std::string& from, const std::string& to,
                           const std::string& base = kRewrite) {
  const size_t pos = base.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  EXPECT_EQ(base.find(from, pos + 1), std::string::npos) << from;
  std::string out = base;
  if (pos != std::string::npos) out.replace(pos, from.size(), to);
  return out;
}

}  // namespace doppel::align::testing
