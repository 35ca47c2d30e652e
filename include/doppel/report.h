// What a scan finds: verified pairs and clusters, and what it read.
//
// The JSONL schemas written from these are documented in docs/output-schema.md.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "doppel/document.h"
#include "doppel/status.h"

namespace doppel {

// Relations, weakest evidence last. Names are part of the output format.
enum class Relation : int {
  kExact = 0,          // same normalised, cleaned text
  kNearDuplicate = 1,  // word-shingle Jaccard >= NearDupOptions::jaccard_threshold
  kPartialCopy = 2,    // b is (mostly) an excerpt of a
  kRewrite = 3,        // one derives from the other through paraphrase
  kSameStory = 4,      // the same event, reported independently
};
const char* RelationName(Relation relation);  // "exact", "near_duplicate", ...

// Index of a document in ScanResult::ids.
using DocIndex = uint32_t;
// No document: Cluster::original when the scan did not choose originals
// (Options::choose_originals).
inline constexpr DocIndex kNoDocument = 0xFFFFFFFFu;

// A named figure of a pair's evidence. `name` refers to a string with static storage (the
// features are a fixed vocabulary: docs/output-schema.md), so a pair's features cost no
// allocation per name (for each of the ~10^5 pairs of a scan, three names were longer
// than std::string's inline buffer).
struct Feature {
  std::string_view name;
  double value;
};

// One verified pair. For kPartialCopy, b is the excerpt; otherwise ids[a] < ids[b].
struct Pair {
  DocIndex a = 0;
  DocIndex b = 0;
  Relation relation = Relation::kExact;
  double score = 0;               // in [0, 1]; what the relation's threshold applies to
  std::vector<Feature> features;  // the evidence that decided the relation
};

// A derivation cluster: documents joined by exact, near_duplicate, partial_copy and
// rewrite edges, nested in a story (which adds same_story edges).
struct Cluster {
  uint32_t id = 0;                  // 0-based, in output order
  uint32_t story = 0;               // story id; clusters of one story share it
  DocIndex original = 0;            // the member judged to be the source, or kNoDocument
  double original_confidence = 0;   // in [0, 1]
  std::vector<std::string> original_reasons;
  std::vector<DocIndex> members;    // sorted by id; includes original
};

// A span removed by cleaning, in byte offsets into Document::text.
enum class RemovalKind : int { kRepeated = 0, kBoilerplate = 1 };
const char* RemovalKindName(RemovalKind kind);  // "repeated", "boilerplate"
struct Removal {
  uint32_t begin = 0;
  uint32_t end = 0;
  RemovalKind kind = RemovalKind::kBoilerplate;
};

// Counts for the run summary and `doppel scan --stats` (WriteStatsJson).
struct ScanStats {
  uint64_t documents_read = 0;      // accepted into the corpus
  uint64_t documents_skipped = 0;   // see issues
  uint64_t bytes_read = 0;          // bytes of the accepted documents' texts
  uint64_t bytes_removed = 0;       // bytes, by cleaning
  uint64_t candidate_pairs = 0;     // pairs before verification, all channels (union)
  // Pairs each candidate channel produced, before the union (a pair found by both
  // channels counts in both): MinHash-LSH bands, sampled shingles.
  uint64_t candidate_pairs_band = 0;
  uint64_t candidate_pairs_sampled = 0;
  uint64_t candidate_pairs_rewrite = 0;  // rewrite mode: pairs sharing content-word keys
  // Where the candidate caps applied (NearDupOptions): LSH band buckets and sampled-shingle
  // lists made stars (each member paired with the first 4 only), and sampled-shingle
  // candidates past a document's max_partners strongest. Nonzero: a group of near copies
  // or a widely shared passage was larger than the caps; its cluster still forms, but not
  // every pair of it is listed. Rewrite mode: candidates past a document's
  // RewriteOptions::max_candidates strongest (by shared keys), not verified.
  uint64_t band_star_buckets = 0;
  uint64_t sampled_star_lists = 0;
  uint64_t sampled_partners_dropped = 0;
  uint64_t rewrite_candidates_dropped = 0;
  uint64_t index_bytes = 0;         // bytes: band keys + postings + rewrite index
  uint64_t index_bytes_band_keys = 0;  // bytes of LSH band keys (8 B a band per document)
  uint64_t index_bytes_postings = 0;    // bytes of the band and sampled-shingle postings built
  uint64_t index_bytes_rewrite = 0;     // rewrite mode: key postings and the DF table
  uint64_t rewrite_profile_bytes = 0;   // rewrite mode: content profiles and TF-IDF vectors
  uint64_t shingle_set_bytes = 0;   // bytes of the 32-bit shingle sets held for verification, and of their samples
  // Wall-clock seconds per Engine stage.
  double seconds_read = 0, seconds_prepare = 0, seconds_match = 0, seconds_cluster = 0;
  // Filled by the application, not by Engine::Scan (doppel scan fills them after writing
  // its outputs): wall seconds writing outputs and for the whole command, process CPU
  // seconds (getrusage RUSAGE_SELF, all threads) and peak resident set size in bytes.
  double seconds_write = 0, seconds_total = 0;
  // Inside the match stage: near duplicates (exact groups, LSH and sampled candidates,
  // verification) and, in rewrite mode, content profiles, rewrite candidates (DF table,
  // TF-IDF vectors, keys, cosine), story clustering, and the typing of in-story pairs.
  double seconds_near = 0, seconds_rewrite_profiles = 0, seconds_rewrite_candidates = 0,
         seconds_rewrite_stories = 0, seconds_rewrite_typing = 0;
  double cpu_seconds_user = 0, cpu_seconds_system = 0;
  uint64_t peak_rss_bytes = 0;
};

struct ScanResult {
  std::vector<std::string> ids;  // DocIndex -> id, in input order
  std::vector<Pair> pairs;       // sorted: by relation strength, then ids
  std::vector<Cluster> clusters;
  std::vector<InputIssue> issues;  // in input order
  ScanStats stats;
};

// One document after cleaning (doppel clean).
struct CleanedDocument {
  std::string id;
  std::string text;              // the document with the removed spans cut out
  std::vector<Removal> removed;  // byte offsets into the original text, sorted
};

// JSONL writers; schemas in docs/output-schema.md. kIoError when the stream fails.
// WritePairsJsonl formats blocks of pairs on `num_threads` threads (0: every core; the
// bytes do not depend on it).
Status WritePairsJsonl(const ScanResult& result, std::ostream& out, int num_threads = 1);
Status WriteClustersJsonl(const ScanResult& result, std::ostream& out);
Status WriteCleanedJsonl(const std::vector<CleanedDocument>& cleaned, std::ostream& out);
// One JSON object with result.stats, pairs by relation and cluster counts (the schema is
// in src/report/stats_writer.cc). kIoError when the stream fails.
Status WriteStatsJson(const ScanResult& result, std::ostream& out);

}  // namespace doppel
