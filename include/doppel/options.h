// Options: one struct per pipeline stage, gathered in doppel::Options.
//
// Every default is written in the declaration with its unit. Validate() checks every
// bound in one place. The options marked [index] define the index: they change which
// documents match, so a stored index records them (IndexSpec) and refuses a query made
// with other values.
#pragma once

#include <cstdint>
#include <string>

#include "doppel/status.h"

namespace doppel {

struct InputOptions {
  // JSONL field holding the document id; dotted paths reach into objects ("meta.url").
  std::string id_field = "id";
  // JSONL field holding the text.
  std::string text_field = "text";
  // JSONL field holding a publication time (ISO 8601 sorts correctly); empty = none.
  std::string time_field;
  // Documents larger than this (bytes) are reported and skipped.
  uint64_t max_doc_bytes = 64ull << 20;
  // Turn every input issue (invalid UTF-8, malformed line, ...) into an error.
  bool strict = false;
};

struct NormalizeOptions {
  bool nfkc = true;              // [index] Unicode NFKC
  bool case_fold = true;         // [index] Unicode case folding
  bool fold_punctuation = true;  // [index] one form for quotes, dashes, ellipses, spaces
  bool operator==(const NormalizeOptions&) const = default;
};

struct CleanOptions {
  bool enabled = true;  // [index]
  // Remove paragraphs and sentences a document repeats (keep the first occurrence).
  bool remove_repeated = true;  // [index]
  // Remove lines that recur across the corpus, and in-document template furniture.
  bool remove_boilerplate = true;  // [index]
  // A line is corpus boilerplate when it occurs in at least this many distinct documents
  // whose other content differs.
  uint32_t min_boilerplate_docs = 4;  // [index]
};

struct NearDupOptions {
  // Words per shingle.
  int shingle_size = 5;  // [index]
  // MinHash-LSH banding: num_bands * rows_per_band signature slots.
  int num_bands = 20;      // [index]
  int rows_per_band = 5;   // [index]
  // Seed of the MinHash and shingle hash functions.
  uint64_t seed = 0x646f7070656cull;  // [index] "doppel"
  // A pair is near_duplicate when its word-shingle Jaccard is at least this.
  double jaccard_threshold = 0.8;
  // A pair is partial_copy when the smaller document's shingles are at least this
  // contained in the larger one (and the Jaccard is below jaccard_threshold).
  double containment_threshold = 0.8;
  // Shingles kept for containment candidates: those whose hash is 0 mod this (1/16).
  uint32_t containment_sample_mod = 16;  // [index]
  // Sampled-shingle posting lists (containment candidates) larger than this pair each
  // member with the list's first 4 members only (a star, in document order), so frequent
  // content cannot cause quadratic work. Exact copies are found by their content hash
  // whatever the bucket size.
  uint32_t max_bucket_size = 1000;
  // The same for LSH band buckets, whose members are near duplicates of one another: a
  // cluster needs a connected core, not every pair. A text copied 20,000 times with 5
  // words changed in each gave 12.4 M near_duplicate pairs, 19.5 s and 5.9 GB at 1,000;
  // 0.38 M pairs, 1.7 s and 0.33 GB at 64, one cluster either way. The bench corpora
  // (10k to 1M), METER + Reuters and BBC give the same pairs at 64 as at 1,000.
  uint32_t max_band_bucket_size = 64;
  // Sampled-shingle candidates a document keeps: those that share the most samples with
  // it. In a group of hundreds of near copies every document is a candidate of every
  // other; these many, with the band channel's, connect the group. 20 groups of 500 near
  // copies: 1.88 M pairs, 4.0 s and 1.0 GB -> 0.60 M pairs, 1.4 s and 0.38 GB. The bench
  // corpora (10k to 1M), METER + Reuters and BBC give the same pairs. (Capping the band
  // channel too split 20,000 near copies of one text into 10 clusters.)
  uint32_t max_partners = 64;
};

struct RewriteOptions {
  // Content-word features kept per document for rewrite candidates (highest TF-IDF).
  int num_features = 24;  // [index]
  // Features held by more documents than this are not candidate keys (a frequent word
  // cannot cause quadratic work). 500 finds the same METER stories as 2000 with a
  // quarter of the candidates (docs/rewrite.md).
  uint32_t max_posting_size = 500;  // [index]
  // Two documents are rewrite candidates when they share two keys of which at least one
  // is held by at most this many documents (a name, a rare word), or three keys. Two
  // shared common keys alone are mostly chance: on METER + Reuters every value from 35
  // to 500 finds the same METER stories, with 1.36 M candidates at 500 (where every key
  // counts as rare) and 0.48 M at 64; on the 100k bench corpus 12.5 M -> 5.5 M
  // (docs/rewrite.md, "Rare keys").
  uint32_t rare_key_df = 64;  // [index]
  // Candidates a document verifies: of the pairs it finds (it finds a pair when it has no
  // more keys than the other document, or as many and comes first), those sharing the
  // most keys (ties: the other document's index); 0: all. Bounds verification at this
  // many cosines a document however dense a corpus's topics, as max_posting_size bounds
  // the count. On METER + Reuters 16 and above find the same METER stories and fixture
  // types as no limit (12: story F1 0.9794, 8: 0.9780 against 0.9804); 32 keeps twice
  // that. On the 100k bench corpus, 55 candidates a document -> 28 (docs/rewrite.md,
  // "Candidates a document verifies").
  uint32_t max_candidates = 32;
  // A pair is reported (rewrite or same_story) when both documents share a story, their
  // TF-IDF cosine is at least this, and it is among either document's
  // `max_pairs_per_doc` strongest such pairs (stories of thousands stay linear).
  double min_pair_cosine = 0.2;
  uint32_t max_pairs_per_doc = 8;
  // Rewrite score (src/match/rewrite.h) from which a pair is a rewrite, not same_story.
  double rewrite_threshold = 0.8;
};

enum class ScanMode {
  kNear,     // exact, near_duplicate and partial_copy only: the fast path
  kRewrite,  // also rewrite and same_story (the default)
};

struct Options {
  InputOptions input;
  NormalizeOptions normalize;
  CleanOptions clean;
  NearDupOptions near;
  RewriteOptions rewrite;
  ScanMode mode = ScanMode::kRewrite;
  // Worker threads; 0 = all cores. Output is byte-identical for any value.
  int num_threads = 0;
  // Bytes a scan may use; 0 = no limit. Reading stops, and Scan() refuses to start, as
  // soon as EstimateScanBytes() of the corpus exceeds it: a clear kResourceExhausted
  // error early instead of the system killing the run late. Not index state.
  uint64_t memory_limit = 0;
  // Choose each cluster's original (its facts, quotations and centrality: ~10% of a
  // near-mode scan). Turn off when only the pairs are read (`doppel scan --pairs` alone):
  // the clusters then keep their members and stories, and Cluster::original is
  // kNoDocument. Not index state.
  bool choose_originals = true;
  // Free each document's text once the scan has read it for the last time (in the default
  // scan, as its content profile is built), so that later stages reuse the memory: on the
  // 100k bench corpus the default scan's peak RSS goes 1,336 -> 1,025 MiB. Only with
  // choose_originals off (the originals' evidence reads the text at the end) and only in
  // ScanMode::kRewrite (in near mode the text's last reading comes after the scan's other
  // large arrays are made, so freeing it lowers no peak). After such a scan,
  // Engine::document(d).text is empty and Scan() and Clean() return kInvalidArgument.
  // `doppel scan --pairs` alone sets it. Not index state.
  bool release_text = false;
};

// Checks every bound; returns kInvalidArgument naming the option and the bound.
Status Validate(const Options& options);

}  // namespace doppel
