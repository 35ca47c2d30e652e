// JSONL writers for pairs, clusters and cleaned documents (docs/output-schema.md).
#include <cmath>

#include <nlohmann/json.hpp>

#include "doppel/report.h"

namespace doppel {
namespace {

using Json = nlohmann::ordered_json;

// Scores are printed rounded to 4 decimals: enough to read, stable across platforms.
double Round4(double x) { return std::round(x * 1e4) / 1e4; }

void WriteLine(const Json& row, std::ostream& out) {
  out << row.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
}

Status Finish(std::ostream& out, const char* what) {
  out.flush();
  if (!out) return IoError(std::string("could not write ") + what);
  return Status::Ok();
}

}  // namespace

Status WritePairsJsonl(const ScanResult& result, std::ostream& out) {
  for (const Pair& p : result.pairs) {
    Json row;
    row["a"] = result.ids[p.a];
    row["b"] = result.ids[p.b];
    row["relation"] = RelationName(p.relation);
    row["score"] = Round4(p.score);
    if (!p.features.empty()) {
      Json features = Json::object();
      for (const Feature& f : p.features) features[f.name] = Round4(f.value);
      row["features"] = std::move(features);
    }
    WriteLine(row, out);
  }
  return Finish(out, "pairs");
}

Status WriteClustersJsonl(const ScanResult& result, std::ostream& out) {
  for (const Cluster& c : result.clusters) {
    Json row;
    row["cluster"] = c.id;
    row["story"] = c.story;
    row["original"] = result.ids[c.original];
    row["original_confidence"] = Round4(c.original_confidence);
    row["original_reasons"] = c.original_reasons;
    Json members = Json::array();
    for (DocIndex m : c.members) members.push_back(result.ids[m]);
    row["size"] = c.members.size();
    row["members"] = std::move(members);
    WriteLine(row, out);
  }
  return Finish(out, "clusters");
}

Status WriteCleanedJsonl(const std::vector<CleanedDocument>& cleaned, std::ostream& out) {
  for (const CleanedDocument& d : cleaned) {
    Json row;
    row["id"] = d.id;
    row["text"] = d.text;
    Json removed = Json::array();
    for (const Removal& r : d.removed) {
      removed.push_back(Json{{"start", r.begin}, {"end", r.end}, {"kind", RemovalKindName(r.kind)}});
    }
    row["removed"] = std::move(removed);
    WriteLine(row, out);
  }
  return Finish(out, "cleaned documents");
}

}  // namespace doppel
