// A pair comparison as report JSON: see html_compare.h.
#include "report/html_compare.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "common/round.h"

namespace doppel::report {
namespace {

using Json = nlohmann::ordered_json;

using common::Round4;

// [begin, end] clipped to [0, limit), or nothing when empty after clipping or inverted.
std::optional<Json> SpanJson(uint32_t begin, uint32_t end, size_t limit) {
  const size_t b = begin, e = std::min<size_t>(end, limit);
  if (b >= e) return std::nullopt;
  return Json::array({b, e});
}

Json SpansJson(const std::vector<ByteSpan>& spans, size_t limit) {
  Json out = Json::array();
  for (const ByteSpan& s : spans) {
    if (std::optional<Json> span = SpanJson(s.begin, s.end, limit)) out.push_back(*span);
  }
  return out;
}

Json RemovedJson(const std::vector<Removal>& removed, size_t limit) {
  Json out = Json::array();
  for (const Removal& r : removed) {
    if (std::optional<Json> span = SpanJson(r.begin, r.end, limit)) {
      span->push_back(RemovalKindName(r.kind));
      out.push_back(*span);
    }
  }
  return out;
}

}  // namespace

Json ComparisonJson(const Comparison& c, size_t a_bytes, size_t b_bytes) {
  Json out;
  out["relation"] = ComparisonRelationName(c);
  out["score"] = Round4(c.score);
  Json features = Json::object();
  for (const Feature& f : c.features) features[f.name] = Round4(f.value);
  out["features"] = std::move(features);
  Json alignments = Json::array();
  for (const Alignment& al : c.alignments) {
    Json row;
    row["kind"] = AlignmentKindName(al.kind);
    row["a"] = SpansJson(al.a_spans, a_bytes);
    row["b"] = SpansJson(al.b_spans, b_bytes);
    row["similarity"] = Round4(al.similarity);
    row["moved"] = al.moved;
    // Indices stay those of Comparison::alignments (facts refer to them), so an
    // alignment wholly past the cut stays as an entry with no spans.
    alignments.push_back(std::move(row));
  }
  out["alignments"] = std::move(alignments);
  Json facts = Json::array();
  for (const FactFlag& f : c.facts) {
    std::optional<Json> a, b;
    if (f.a_span) a = SpanJson(f.a_span->begin, f.a_span->end, a_bytes);
    if (f.b_span) b = SpanJson(f.b_span->begin, f.b_span->end, b_bytes);
    Json row;
    row["kind"] = FactKindName(f.kind);
    row["a"] = a ? *a : Json(nullptr);
    row["b"] = b ? *b : Json(nullptr);
    row["reason"] = f.reason;
    row["alignment"] = f.alignment;
    facts.push_back(std::move(row));
  }
  out["facts"] = std::move(facts);
  out["a_removed"] = RemovedJson(c.a_removed, a_bytes);
  out["b_removed"] = RemovedJson(c.b_removed, b_bytes);
  return out;
}

}  // namespace doppel::report
