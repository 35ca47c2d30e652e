#include "args.h"

#include <iostream>

namespace doppel::cli {

void AddInputFlags(CLI::App* app, CliArgs* a) {
  app->add_option("inputs", a->inputs,
                  "Files or directories to read: .txt/.md (one document each; id = path relative "
                  "to the argument), .jsonl/.jsonl.gz/.jsonl.zst (one document a line), or - for "
                  "JSONL on stdin. Directories are read recursively in sorted order.")
      ->required();
  app->add_option("--id-field", a->id_field, "JSONL field holding the id; dotted paths allowed")
      ->capture_default_str()->group("Input");
  app->add_option("--text-field", a->text_field, "JSONL field holding the text; dotted paths allowed")
      ->capture_default_str()->group("Input");
  app->add_option("--time-field", a->time_field,
                  "JSONL field holding a publication time (ISO 8601); when every member of a "
                  "cluster has one, the earliest is the original")
      ->group("Input");
  app->add_option("--max-doc-bytes", a->max_doc_bytes,
                  "Documents larger than this many bytes are reported and skipped")
      ->capture_default_str()->group("Input");
  app->add_flag("--strict", a->strict,
                "Treat any input issue (invalid UTF-8, malformed line, missing field, duplicate "
                "id, empty or oversized document) as an error: exit 4")
      ->group("Input");
  app->add_option("--issues", a->issues_path,
                  "Write every input issue as JSONL to this file ({file, line, kind, detail, skipped})")
      ->group("Input");
  app->add_flag("--no-clean", a->no_clean, "Do not remove repeated or boilerplate spans")
      ->group("Cleaning");
  app->add_option("--boilerplate-min-docs", a->boilerplate_min_docs,
                  "A line is corpus boilerplate when it occurs in at least this many otherwise "
                  "different documents")
      ->capture_default_str()->group("Cleaning");
}

void AddRunFlags(CLI::App* app, CliArgs* a) {
  app->add_option("-j,--threads", a->threads,
                  "Worker threads (0 = all cores); output is identical for any value")
      ->capture_default_str()->group("Run");
  app->add_flag("-q,--quiet", a->quiet, "No summary or progress on stderr")->group("Run");
  app->add_option("--progress", a->progress,
                  "Progress bar on stderr: auto (when stderr is a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str()->group("Run");
}

void AddMatchFlags(CLI::App* app, CliArgs* a) {
  app->add_option("--mode", a->mode,
                  "rewrite (default): exact copies, near duplicates, partial copies, and "
                  "paraphrased rewrites and independent same-story reports, in derivation "
                  "clusters nested in stories; near: copies only (the fast path)")
      ->check(CLI::IsMember({"near", "rewrite"}))
      ->capture_default_str()->group("Matching");
  app->add_option("--jaccard", a->jaccard,
                  "near_duplicate when the word-shingle Jaccard similarity is at least this")
      ->check(CLI::Range(0.0, 1.0))->capture_default_str()->group("Matching");
  app->add_option("--containment", a->containment,
                  "partial_copy when this share of the smaller document's shingles is in the larger")
      ->check(CLI::Range(0.0, 1.0))->capture_default_str()->group("Matching");
  app->add_option("--shingle-size", a->shingle_size, "Words per shingle")
      ->capture_default_str()->group("Matching");
  app->add_option("--bands", a->bands, "MinHash-LSH bands (bands x rows = signature slots)")
      ->capture_default_str()->group("Matching");
  app->add_option("--rows", a->rows, "MinHash-LSH rows per band")
      ->capture_default_str()->group("Matching");
  app->add_option("--max-bucket", a->max_bucket,
                  "Sampled-shingle buckets (partial-copy candidates) larger than this pair each member "
                  "with a small core only (keeps frequent content from causing quadratic work)")
      ->capture_default_str()->group("Matching");
  app->add_option("--max-band-bucket", a->max_band_bucket,
                  "MinHash-LSH band buckets larger than this pair each member with a small core only "
                  "(their members are near duplicates of one another: a cluster needs a connected "
                  "core, not every pair)")
      ->capture_default_str()->group("Matching");
  app->add_option("--max-partners", a->max_partners,
                  "Sampled-shingle (partial-copy) candidates a document keeps: those sharing the most "
                  "samples, enough with the band candidates to connect a group of hundreds of near copies")
      ->capture_default_str()->group("Matching");
  a->max_memory = "auto";
  app->add_option("--max-memory", a->max_memory,
                  "Stop early with exit 6 when the corpus would need more memory than this "
                  "(estimated while reading: docs/cli.md): auto (the memory available at start), "
                  "0 (no limit), or a size such as 512M, 8G")
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            uint64_t bytes = 0;
            return value == "auto" || ParseSize(value, &bytes) ? std::string()
                                                               : "not a size (auto, 0, 512M, 8G ...): " + value;
          },
          "SIZE"))
      ->capture_default_str()->group("Run");
  RewriteOptions& r = a->rewrite;
  app->add_option("--rewrite-features", r.num_features,
                  "Rewrite mode: content words per document used as candidate keys (its highest TF-IDF "
                  "words held by 2 or more documents)")
      ->capture_default_str()->group("Rewrites");
  app->add_option("--rewrite-max-posting", r.max_posting_size,
                  "Rewrite mode: a word held by more documents than this is not a candidate key")
      ->capture_default_str()->group("Rewrites");
  app->add_option("--rewrite-rare-key", r.rare_key_df,
                  "Rewrite mode: two documents are candidates when they share two keys, one of them "
                  "held by at most this many documents, or three keys")
      ->check(CLI::Range(2u, 4294967295u))->capture_default_str()->group("Rewrites");
  app->add_option("--rewrite-max-candidates", r.max_candidates,
                  "Rewrite mode: candidates a document verifies, those sharing the most keys with it "
                  "(bounds the work per document in dense corpora); 0: all")
      ->capture_default_str()->group("Rewrites");
  app->add_option("--min-pair-cosine", r.min_pair_cosine,
                  "Rewrite mode: TF-IDF cosine from which two documents of one story are reported "
                  "as a pair (rewrite or same_story)")
      ->check(CLI::Range(0.0, 1.0))->capture_default_str()->group("Rewrites");
  app->add_option("--max-pairs-per-doc", r.max_pairs_per_doc,
                  "Rewrite mode: pairs reported per document inside a story (its strongest)")
      ->capture_default_str()->group("Rewrites");
  app->add_option("--rewrite-threshold", r.rewrite_threshold,
                  "Rewrite mode: rewrite score from which a pair is a rewrite (one derives from the "
                  "other) rather than same_story, when it also keeps its names and numbers "
                  "(docs/rewrite.md)")
      ->check(CLI::Range(0.0, 1.0))->capture_default_str()->group("Rewrites");
}

Options ToOptions(const CliArgs& a) {
  Options o;
  o.input.id_field = a.id_field;
  o.input.text_field = a.text_field;
  o.input.time_field = a.time_field;
  o.input.max_doc_bytes = a.max_doc_bytes;
  o.input.strict = a.strict;
  o.clean.enabled = !a.no_clean;
  o.clean.min_boilerplate_docs = a.boilerplate_min_docs;
  o.mode = a.mode == "rewrite" ? ScanMode::kRewrite : ScanMode::kNear;
  o.near.shingle_size = a.shingle_size;
  o.near.num_bands = a.bands;
  o.near.rows_per_band = a.rows;
  o.near.jaccard_threshold = a.jaccard;
  o.near.containment_threshold = a.containment;
  o.near.max_bucket_size = a.max_bucket;
  o.near.max_band_bucket_size = a.max_band_bucket;
  o.near.max_partners = a.max_partners;
  o.rewrite = a.rewrite;
  o.num_threads = a.threads;
  o.choose_originals = a.choose_originals;
  o.release_text = a.release_text;
  if (a.max_memory == "auto") {
    o.memory_limit = AvailableMemoryBytes();
  } else if (!a.max_memory.empty()) {
    ParseSize(a.max_memory, &o.memory_limit);  // checked by the flag's validator
  }
  return o;
}

bool ParseSize(const std::string& text, uint64_t* bytes) {
  size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    return false;
  }
  if (used == 0 || !(value >= 0) || text[0] == '-' || text[0] == '+' || text[0] == ' ') return false;
  double scale = 1;
  const std::string suffix = text.substr(used);
  if (suffix == "K" || suffix == "k") {
    scale = 1024.0;
  } else if (suffix == "M" || suffix == "m") {
    scale = 1024.0 * 1024;
  } else if (suffix == "G" || suffix == "g") {
    scale = 1024.0 * 1024 * 1024;
  } else if (suffix == "T" || suffix == "t") {
    scale = 1024.0 * 1024 * 1024 * 1024;
  } else if (!suffix.empty()) {
    return false;
  }
  const double result = value * scale;
  if (result >= 1.8e19) return false;
  *bytes = static_cast<uint64_t>(result);
  return true;
}

int ExitCode(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk: return kExitOk;
    case StatusCode::kInvalidArgument: return kExitUsage;
    case StatusCode::kNotFound:
    case StatusCode::kIoError:
    case StatusCode::kCorruptIndex:
    case StatusCode::kIncompatibleIndex: return kExitIo;
    case StatusCode::kDataError: return kExitData;
    case StatusCode::kResourceExhausted: return kExitResources;
    case StatusCode::kCancelled:
    case StatusCode::kInternal: return kExitInternal;
  }
  return kExitInternal;
}

int Fail(const Status& status) {
  std::cerr << "doppel: " << status.message() << "\n";
  return ExitCode(status);
}

}  // namespace doppel::cli
