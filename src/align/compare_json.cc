// WriteComparisonJson: the JSON form of a Comparison (docs/compare-schema.md).
#include <cmath>
#include <nlohmann/json.hpp>

#include "common/round.h"
#include "doppel/compare.h"

namespace doppel {
namespace {

using Json = nlohmann::ordered_json;

using common::Round4;

Json SpanJson(const ByteSpan& span) { return Json::array({span.begin, span.end}); }

Json SpansJson(const std::vector<ByteSpan>& spans) {
  Json out = Json::array();
  for (const ByteSpan& s : spans) out.push_back(SpanJson(s));
  return out;
}

Json SideJson(const std::string& id, const std::vector<Removal>& removed) {
  Json side;
  side["id"] = id;
  Json spans = Json::array();
  for (const Removal& r : removed) {
    spans.push_back(Json{{"start", r.begin}, {"end", r.end}, {"kind", RemovalKindName(r.kind)}});
  }
  side["removed"] = std::move(spans);
  return side;
}

}  // namespace

Status WriteComparisonJson(const Comparison& c, std::ostream& out) {
  Json row;
  row["a"] = SideJson(c.a_id, c.a_removed);
  row["b"] = SideJson(c.b_id, c.b_removed);
  row["relation"] = ComparisonRelationName(c);
  row["score"] = Round4(c.score);
  Json features = Json::object();
  for (const Feature& f : c.features) features[f.name] = Round4(f.value);
  row["features"] = std::move(features);
  Json alignments = Json::array();
  for (const Alignment& a : c.alignments) {
    alignments.push_back(Json{{"kind", AlignmentKindName(a.kind)},
                              {"a_spans", SpansJson(a.a_spans)},
                              {"b_spans", SpansJson(a.b_spans)},
                              {"similarity", Round4(a.similarity)},
                              {"moved", a.moved}});
  }
  row["alignments"] = std::move(alignments);
  Json facts = Json::array();
  for (const FactFlag& f : c.facts) {
    Json fact;
    fact["kind"] = FactKindName(f.kind);
    fact["a_span"] = f.a_span ? SpanJson(*f.a_span) : Json(nullptr);
    fact["b_span"] = f.b_span ? SpanJson(*f.b_span) : Json(nullptr);
    fact["a_text"] = f.a_span ? Json(f.a_text) : Json(nullptr);
    fact["b_text"] = f.b_span ? Json(f.b_text) : Json(nullptr);
    fact["reason"] = f.reason;
    fact["alignment"] = f.alignment >= 0 ? Json(f.alignment) : Json(nullptr);
    facts.push_back(std::move(fact));
  }
  row["facts"] = std::move(facts);
  out << row.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
  out.flush();
  if (!out) return IoError("could not write the comparison");
  return Status::Ok();
}

}  // namespace doppel
