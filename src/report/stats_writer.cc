// `doppel scan --stats FILE`: one JSON object describing a scan's work and cost, for
// benchmarks and capacity planning (bench/e2e/run_bench.py reads it).
//
//   {"schema": "doppel-scan-stats/1",
//    "documents": 10000, "documents_skipped": 0, "bytes": 31000000, "bytes_removed": 120000,
//    "candidate_pairs": 4028,                          // verified candidates (union)
//    "candidate_pairs_by_channel": {"band": 3900, "sampled": 4037, "rewrite": 0},  // before the union
//    "candidate_caps": {"band_star_buckets": 0, "sampled_star_lists": 16,  // where the caps
//                       "sampled_partners_dropped": 17,                      // trimmed candidates
//                       "rewrite_candidates_dropped": 0},
//    "pairs": 17635, "pairs_by_relation": {"exact": ..., "near_duplicate": ...,
//                                          "partial_copy": ..., "rewrite": ..., "same_story": ...},
//    "clusters": 3000, "clustered_documents": 9000, "stories": 3000,
//    "index_bytes": 3000000,                           // band keys + postings
//    "index_bytes_by_part": {"band_keys": 1600000, "postings": 1400000, "rewrite": 0},
//    "index_bytes_per_document": 300.0, "shingle_set_bytes": 20000000,
//    "seconds": {"read": 0.41, "prepare": 3.2, "match": 0.3, "cluster": 0.1, "write": 0.05,
//                "total": 4.1, "match_near": 0.3,       // wall clock; match split into
//                "match_rewrite_profiles": 0, "match_rewrite_candidates": 0,  // its parts
//                "match_rewrite_stories": 0, "match_rewrite_typing": 0},
//    "cpu_seconds": {"user": 4.0, "system": 0.2, "total": 4.2},  // whole process
//    "peak_rss_bytes": 79000000}
//
// Every key is always present (0 when not measured); times are rounded to milliseconds.
#include <cmath>
#include <iterator>
#include <set>

#include <nlohmann/json.hpp>

#include "doppel/report.h"

namespace doppel {
namespace {

using Json = nlohmann::ordered_json;

double Millis(double seconds) { return std::round(seconds * 1e3) / 1e3; }

}  // namespace

Status WriteStatsJson(const ScanResult& result, std::ostream& out) {
  const ScanStats& s = result.stats;
  Json row;
  row["schema"] = "doppel-scan-stats/1";
  row["documents"] = s.documents_read;
  row["documents_skipped"] = s.documents_skipped;
  row["bytes"] = s.bytes_read;
  row["bytes_removed"] = s.bytes_removed;
  row["candidate_pairs"] = s.candidate_pairs;
  row["candidate_pairs_by_channel"] = {{"band", s.candidate_pairs_band},
                                       {"sampled", s.candidate_pairs_sampled},
                                       {"rewrite", s.candidate_pairs_rewrite}};
  row["candidate_caps"] = {{"band_star_buckets", s.band_star_buckets},
                           {"sampled_star_lists", s.sampled_star_lists},
                           {"sampled_partners_dropped", s.sampled_partners_dropped},
                           {"rewrite_candidates_dropped", s.rewrite_candidates_dropped}};
  row["pairs"] = result.pairs.size();
  constexpr Relation kRelations[] = {Relation::kExact, Relation::kNearDuplicate,
                                     Relation::kPartialCopy, Relation::kRewrite,
                                     Relation::kSameStory};
  uint64_t by_relation[std::size(kRelations)] = {};
  for (const Pair& p : result.pairs) {
    const size_t r = static_cast<size_t>(p.relation);
    if (r < std::size(kRelations)) ++by_relation[r];
  }
  Json relations = Json::object();
  for (size_t r = 0; r < std::size(kRelations); ++r) {
    relations[RelationName(kRelations[r])] = by_relation[r];
  }
  row["pairs_by_relation"] = std::move(relations);
  uint64_t clustered = 0;
  std::set<uint32_t> stories;
  for (const Cluster& c : result.clusters) {
    clustered += c.members.size();
    stories.insert(c.story);
  }
  row["clusters"] = result.clusters.size();
  row["clustered_documents"] = clustered;
  row["stories"] = stories.size();
  row["index_bytes"] = s.index_bytes;
  row["index_bytes_by_part"] = {{"band_keys", s.index_bytes_band_keys},
                                {"postings", s.index_bytes_postings},
                                {"rewrite", s.index_bytes_rewrite}};
  row["index_bytes_per_document"] =
      s.documents_read ? std::round(10.0 * s.index_bytes / s.documents_read) / 10 : 0.0;
  row["shingle_set_bytes"] = s.shingle_set_bytes;
  row["rewrite_profile_bytes"] = s.rewrite_profile_bytes;
  row["seconds"] = {{"read", Millis(s.seconds_read)},       {"prepare", Millis(s.seconds_prepare)},
                    {"match", Millis(s.seconds_match)},     {"cluster", Millis(s.seconds_cluster)},
                    {"write", Millis(s.seconds_write)},     {"total", Millis(s.seconds_total)},
                    {"match_near", Millis(s.seconds_near)},
                    {"match_rewrite_profiles", Millis(s.seconds_rewrite_profiles)},
                    {"match_rewrite_candidates", Millis(s.seconds_rewrite_candidates)},
                    {"match_rewrite_stories", Millis(s.seconds_rewrite_stories)},
                    {"match_rewrite_typing", Millis(s.seconds_rewrite_typing)}};
  row["cpu_seconds"] = {{"user", Millis(s.cpu_seconds_user)},
                        {"system", Millis(s.cpu_seconds_system)},
                        {"total", Millis(s.cpu_seconds_user + s.cpu_seconds_system)}};
  row["peak_rss_bytes"] = s.peak_rss_bytes;
  out << row.dump(1, ' ', false, Json::error_handler_t::replace) << '\n';
  out.flush();
  if (!out) return IoError("could not write stats");
  return Status::Ok();
}

}  // namespace doppel
