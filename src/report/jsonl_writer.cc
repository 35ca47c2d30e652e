// JSONL writers for pairs, clusters and cleaned documents (docs/output-schema.md).
#include <cmath>
#include <string>
#include <unordered_map>
#include <vector>

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

// The text nlohmann::json::dump gives a JSON value, with invalid UTF-8 replaced.
std::string Dump(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

// A pairs file repeats the same ids, feature names and 4-decimal numbers many times:
// each is formatted once (as nlohmann::json would: the output is the same bytes as a
// Json object per row) and then copied.
class PairLineFormatter {
 public:
  explicit PairLineFormatter(const ScanResult& result) : result_(result), ids_(result.ids.size()) {}

  void Format(const Pair& p, std::string* line) {
    line->assign("{\"a\":");
    line->append(Id(p.a));
    line->append(",\"b\":");
    line->append(Id(p.b));
    line->append(",\"relation\":");
    line->append(Dump(RelationName(p.relation)));
    line->append(",\"score\":");
    AppendNumber(p.score, line);
    if (!p.features.empty()) {
      line->append(",\"features\":{");
      for (size_t i = 0; i < p.features.size(); ++i) {
        if (i > 0) line->push_back(',');
        auto [it, fresh] = names_.try_emplace(p.features[i].name);
        if (fresh) it->second = Dump(p.features[i].name);
        line->append(it->second);
        line->push_back(':');
        AppendNumber(p.features[i].value, line);
      }
      line->push_back('}');
    }
    line->append("}\n");
  }

 private:
  const std::string& Id(DocIndex d) {
    if (ids_[d].empty()) ids_[d] = Dump(result_.ids[d]);
    return ids_[d];
  }
  // Round4(x), as Json would print it; the values k / 10^4 in [0, 1] come from a table.
  void AppendNumber(double x, std::string* line) {
    const double scaled = std::round(x * 1e4);
    if (scaled >= 0 && scaled <= 1e4) {
      auto k = static_cast<size_t>(scaled);
      if (numbers_.empty()) numbers_.resize(10001);
      if (numbers_[k].empty()) numbers_[k] = Dump(Round4(x));
      line->append(numbers_[k]);
    } else {
      line->append(Dump(Round4(x)));
    }
  }

  const ScanResult& result_;
  std::vector<std::string> ids_;      // JSON strings, filled on first use
  std::vector<std::string> numbers_;  // k / 10^4 as JSON numbers, filled on first use
  std::unordered_map<std::string, std::string> names_;
};

}  // namespace

Status WritePairsJsonl(const ScanResult& result, std::ostream& out) {
  PairLineFormatter formatter(result);
  std::string line;
  for (const Pair& p : result.pairs) {
    formatter.Format(p, &line);
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
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
