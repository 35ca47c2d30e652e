// JSONL writers for pairs, clusters and cleaned documents (docs/output-schema.md).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/round.h"
#include "common/thread_pool.h"
#include "doppel/report.h"

namespace doppel {
namespace {

using Json = nlohmann::ordered_json;

using common::Round4;

// The text nlohmann::json::dump gives a JSON value, with invalid UTF-8 replaced.
std::string Dump(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

void WriteLine(const Json& row, std::ostream& out) { out << Dump(row) << '\n'; }

Status Finish(std::ostream& out, const char* what) {
  out.flush();
  if (!out) return IoError(std::string("could not write ") + what);
  return Status::Ok();
}

// A pairs file repeats the same ids, feature names and 4-decimal numbers many times:
// each is formatted once (as nlohmann::json would: the output is the same bytes as a
// Json object per row) and then copied. The numbers k / 10^4 in [0, 1] and the ids of
// the documents the pairs name are formatted up front and shared; names are cached per
// formatter.
class PairLineFormatter {
 public:
  PairLineFormatter(const std::vector<std::string>& ids, const std::vector<std::string>& numbers)
      : ids_(ids), numbers_(numbers) {}

  void Format(const Pair& p, std::string* line) {
    line->append("{\"a\":");
    line->append(Id(p.a));
    line->append(",\"b\":");
    line->append(Id(p.b));
    line->append(",\"relation\":");
    line->append(RelationText(p.relation));
    line->append(",\"score\":");
    AppendNumber(p.score, line);
    if (!p.features.empty()) {
      line->append(",\"features\":{");
      for (size_t i = 0; i < p.features.size(); ++i) {
        if (i > 0) line->push_back(',');
        line->append(FeatureName(i, p.features[i].name));
        line->push_back(':');
        AppendNumber(p.features[i].value, line);
      }
      line->push_back('}');
    }
    line->append("}\n");
  }

  // k / 10^4 for k = 0 .. 10^4, as Json prints Round4 of them.
  static std::vector<std::string> NumberTable() {
    std::vector<std::string> numbers(10001);
    for (size_t k = 0; k < numbers.size(); ++k) numbers[k] = Dump(Round4(static_cast<double>(k) / 1e4));
    return numbers;
  }

 private:
  const std::string& Id(DocIndex d) { return ids_[d]; }
  // The name of the i-th feature: pairs of one relation list the same names in the same
  // order, so the name last seen at position i is compared first (hashing every name of
  // every pair was a third of the formatting).
  const std::string& FeatureName(size_t i, std::string_view name) {
    if (i >= by_position_.size()) by_position_.resize(i + 1, nullptr);
    const std::pair<const std::string, std::string>*& last = by_position_[i];
    if (last == nullptr || last->first != name) last = &CachedEntry(name);
    return last->second;
  }
  const std::string& RelationText(Relation relation) {
    const auto r = static_cast<size_t>(relation);
    if (r >= relations_.size()) relations_.resize(r + 1);
    if (relations_[r].empty()) relations_[r] = Dump(RelationName(relation));
    return relations_[r];
  }
  const std::pair<const std::string, std::string>& CachedEntry(std::string_view name) {
    auto [it, fresh] = names_.try_emplace(std::string(name));
    if (fresh) it->second = Dump(it->first);
    return *it;
  }
  // Round4(x), as Json would print it. Whole numbers above 1 (counts such as
  // min_particulars) are formatted once each.
  void AppendNumber(double x, std::string* line) {
    const double scaled = std::round(x * 1e4);
    if (scaled >= 0 && scaled <= 1e4) {
      line->append(numbers_[static_cast<size_t>(scaled)]);
    } else if (x >= 0 && x < static_cast<double>(kMaxCachedWhole) && x == std::floor(x)) {
      const auto k = static_cast<size_t>(x);
      if (k >= wholes_.size()) wholes_.resize(k + 1);
      if (wholes_[k].empty()) wholes_[k] = Dump(Round4(x));
      line->append(wholes_[k]);
    } else {
      line->append(Dump(Round4(x)));
    }
  }
  static constexpr size_t kMaxCachedWhole = 4096;

  const std::vector<std::string>& ids_;  // by document, JSON text (named documents only)
  const std::vector<std::string>& numbers_;
  std::unordered_map<std::string, std::string> names_;  // name -> its JSON text
  std::vector<const std::pair<const std::string, std::string>*> by_position_;  // into names_ (nodes are stable)
  std::vector<std::string> relations_;  // by Relation, JSON text
  std::vector<std::string> wholes_;     // whole number k -> its JSON text
};

}  // namespace

Status WritePairsJsonl(const ScanResult& result, std::ostream& out, int num_threads) {
  const std::vector<std::string> numbers = PairLineFormatter::NumberTable();
  // Blocks of pairs formatted in parallel, a wave at a time, written in order.
  constexpr size_t kBlock = 4096;
  const size_t num_pairs = result.pairs.size();
  const size_t num_blocks = (num_pairs + kBlock - 1) / kBlock;
  std::unique_ptr<common::ThreadPool> pool;  // num_threads <= 0: every core
  if (num_blocks >= 2 && num_threads != 1) pool = std::make_unique<common::ThreadPool>(num_threads);
  // The ids of the documents the pairs name, as JSON text, once for every block.
  std::vector<std::string> ids(result.ids.size());
  {
    std::vector<uint8_t> named(result.ids.size(), 0);
    for (const Pair& p : result.pairs) named[p.a] = named[p.b] = 1;
    auto dump = [&](size_t begin, size_t end) {
      for (size_t d = begin; d < end; ++d) {
        if (named[d]) ids[d] = Dump(result.ids[d]);
      }
    };
    if (pool) {
      pool->ParallelFor(ids.size(), 1024, dump);
    } else {
      dump(0, ids.size());
    }
  }
  const size_t wave = static_cast<size_t>(pool ? pool->num_threads() : 1) * 4;
  std::vector<std::string> text(std::min(wave, num_blocks));
  for (size_t first = 0; first < num_blocks; first += wave) {
    const size_t count = std::min(wave, num_blocks - first);
    auto format = [&](size_t begin, size_t end) {
      for (size_t k = begin; k < end; ++k) {
        PairLineFormatter formatter(ids, numbers);
        std::string& block = text[k];
        block.clear();
        const size_t from = (first + k) * kBlock, to = std::min(num_pairs, from + kBlock);
        // Room for the block from its first line's length (growing it a doubling at a time
        // copied it over and over).
        formatter.Format(result.pairs[from], &block);
        block.reserve(block.size() * (to - from) * 5 / 4);
        for (size_t i = from + 1; i < to; ++i) formatter.Format(result.pairs[i], &block);
      }
    };
    if (pool) {
      pool->ParallelFor(count, 1, format);
    } else {
      format(0, count);
    }
    for (size_t k = 0; k < count; ++k) out.write(text[k].data(), static_cast<std::streamsize>(text[k].size()));
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
