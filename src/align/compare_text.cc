// WriteComparisonText: the readable terminal view of a Comparison.
//
//   a: case-src (14 sentences)
//   b: case-rw4 (15 sentences; cleaning removed 2 spans, 120 bytes)
//   relation: rewrite, score 0.83 (aligned: a 91%, b 93%)
//
//    1 ~ paraphrase 0.42
//      a| President Helena Marsh on Tuesday vetoed a bill ...
//      b| President Helena Marsh has blocked a bill ...
//      ! number: "290,000" -> "390,000": b gives 390,000 where a gives 290,000
//
// Kinds are marked = verbatim, ~ paraphrase, & merged, + added, - dropped. With colour,
// the spans of facts are highlighted inside the sentences as well.
#include <algorithm>
#include <cstdio>
#include <map>
#include <string>

#include "doppel/compare.h"

namespace doppel {
namespace {

constexpr const char* kReset = "\x1b[0m";
constexpr const char* kBold = "\x1b[1m";
constexpr const char* kDim = "\x1b[2m";
constexpr const char* kRed = "\x1b[31m";
constexpr const char* kGreen = "\x1b[32m";
constexpr const char* kYellow = "\x1b[33m";
constexpr const char* kBlue = "\x1b[34m";
constexpr const char* kCyan = "\x1b[36m";
constexpr const char* kHighlight = "\x1b[1;4;33m";

class Painter {
 public:
  explicit Painter(bool color) : color_(color) {}
  std::string operator()(const char* code, const std::string& s) const {
    return color_ ? code + s + kReset : s;
  }
  bool on() const { return color_; }

 private:
  bool color_;
};

// `text[span]` with every whitespace run made one space; with colour, the bytes inside
// `marks` highlighted.
std::string Flatten(const std::string& text, ByteSpan span, const std::vector<ByteSpan>& marks,
                    const Painter& paint) {
  std::string out;
  bool space = false, marked = false;
  for (uint32_t pos = span.begin; pos < span.end && pos < text.size(); ++pos) {
    const bool in_mark =
        paint.on() && std::any_of(marks.begin(), marks.end(),
                                  [&](const ByteSpan& m) { return m.begin <= pos && pos < m.end; });
    if (in_mark != marked) {
      out += in_mark ? kHighlight : kReset;
      marked = in_mark;
    }
    const char c = text[pos];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  if (marked) out += kReset;
  return out;
}

std::string Percent(double share) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%.0f%%", share * 100);
  return buf;
}

std::string Fixed2(double v) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%.2f", v);
  return buf;
}

double FeatureValue(const Comparison& c, const std::string& name) {
  for (const Feature& f : c.features) {
    if (f.name == name) return f.value;
  }
  return 0;
}

std::string SideLine(const char* label, const std::string& id, const std::vector<Removal>& removed,
                     const Comparison& c, bool side_a) {
  size_t sentences = 0;
  for (const Alignment& a : c.alignments) sentences += side_a ? a.a_spans.size() : a.b_spans.size();
  std::string line =
      std::string(label) + ": " + id + " (" + std::to_string(sentences) + " sentences";
  if (!removed.empty()) {
    uint64_t bytes = 0;
    for (const Removal& r : removed) bytes += r.end - r.begin;
    line += "; cleaning removed " + std::to_string(removed.size()) + " span" +
            (removed.size() == 1 ? "" : "s") + ", " + std::to_string(bytes) + " bytes";
  }
  return line + ")\n";
}

// `text[span]` quoted on one line, cut after kMaxQuoted bytes (at a character boundary).
std::string Quoted(const std::string& text, const std::optional<ByteSpan>& span) {
  constexpr size_t kMaxQuoted = 60;
  if (!span) return "(none)";
  std::string out;
  bool space = false, cut = false;
  for (uint32_t pos = span->begin; pos < span->end && pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    const bool lead = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (lead && out.size() >= kMaxQuoted) {
      cut = true;
      break;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return "\"" + out + (cut ? "...\"" : "\"");
}

}  // namespace

Status WriteComparisonText(const Comparison& c, const Document& a, const Document& b, bool color,
                           std::ostream& out) {
  const Painter paint(color);
  out << SideLine("a", c.a_id, c.a_removed, c, true)
      << SideLine("b", c.b_id, c.b_removed, c, false);
  out << "relation: " << paint(kBold, ComparisonRelationName(c)) << ", score " << Fixed2(c.score)
      << " (aligned: a " << Percent(FeatureValue(c, "aligned_coverage_a")) << ", b "
      << Percent(FeatureValue(c, "aligned_coverage_b")) << "; verbatim: a "
      << Percent(FeatureValue(c, "verbatim_coverage_a")) << ", b "
      << Percent(FeatureValue(c, "verbatim_coverage_b")) << ")\n";

  std::map<int, std::vector<const FactFlag*>> facts_of;
  for (const FactFlag& f : c.facts) facts_of[f.alignment].push_back(&f);

  auto print_facts = [&](const std::vector<const FactFlag*>& facts, const char* indent) {
    for (const FactFlag* f : facts) {
      out << indent << paint(kYellow, std::string("! ") + FactKindName(f->kind)) << ": "
          << Quoted(a.text, f->a_span) << " -> " << Quoted(b.text, f->b_span) << ": " << f->reason
          << "\n";
    }
  };

  for (size_t idx = 0; idx < c.alignments.size(); ++idx) {
    const Alignment& al = c.alignments[idx];
    const char* mark = "=";
    const char* code = kDim;
    switch (al.kind) {
      case AlignmentKind::kVerbatim:
        mark = "=";
        code = kDim;
        break;
      case AlignmentKind::kParaphrase:
        mark = "~";
        code = kCyan;
        break;
      case AlignmentKind::kMerged:
        mark = "&";
        code = kBlue;
        break;
      case AlignmentKind::kAdded:
        mark = "+";
        code = kGreen;
        break;
      case AlignmentKind::kDropped:
        mark = "-";
        code = kRed;
        break;
    }
    char num[32];
    std::snprintf(num, sizeof(num), "%3zu", idx + 1);
    out << "\n" << num << " " << paint(code, std::string(mark) + " " + AlignmentKindName(al.kind));
    if (al.kind != AlignmentKind::kAdded && al.kind != AlignmentKind::kDropped) {
      out << " " << Fixed2(al.similarity);
    }
    if (al.moved) out << " " << paint(kBold, "moved");
    out << "\n";
    std::vector<ByteSpan> a_marks, b_marks;
    auto it = facts_of.find(static_cast<int>(idx));
    if (it != facts_of.end()) {
      for (const FactFlag* f : it->second) {
        if (f->a_span) a_marks.push_back(*f->a_span);
        if (f->b_span) b_marks.push_back(*f->b_span);
      }
    }
    for (const ByteSpan& s : al.a_spans)
      out << "    a| " << Flatten(a.text, s, a_marks, paint) << "\n";
    for (const ByteSpan& s : al.b_spans)
      out << "    b| " << Flatten(b.text, s, b_marks, paint) << "\n";
    if (it != facts_of.end()) print_facts(it->second, "    ");
  }
  for (int side = 0; side < 2; ++side) {
    const std::vector<Removal>& removed = side == 0 ? c.a_removed : c.b_removed;
    if (removed.empty()) continue;
    out << "\nremoved from " << (side == 0 ? "a" : "b") << " by cleaning:\n";
    for (const Removal& r : removed) {
      out << "    " << paint(kDim, std::string("[") + RemovalKindName(r.kind) + "] ")
          << Quoted(side == 0 ? a.text : b.text, ByteSpan{r.begin, r.end}) << "\n";
    }
  }
  auto whole = facts_of.find(-1);
  if (whole != facts_of.end()) {
    out << "\nwhole text:\n";
    print_facts(whole->second, "    ");
  }
  std::map<std::string, int> counts;
  for (const FactFlag& f : c.facts) ++counts[FactKindName(f.kind)];
  out << "\nfacts: " << c.facts.size();
  if (!counts.empty()) {
    out << " (";
    bool first = true;
    for (const auto& [kind, n] : counts) {
      out << (first ? "" : ", ") << kind << " " << n;
      first = false;
    }
    out << ")";
  }
  out << "\n";
  out.flush();
  if (!out) return IoError("could not write the comparison");
  return Status::Ok();
}

}  // namespace doppel
