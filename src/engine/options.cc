#include "doppel/options.h"

#include <string>

namespace doppel {

Status Validate(const Options& o) {
  auto bad = [](const std::string& m) { return InvalidArgument(m); };
  if (o.num_threads < 0) return bad("--threads must be 0 (all cores) or more, got " + std::to_string(o.num_threads));
  if (o.num_threads > 1024) return bad("--threads must be at most 1024");
  if (o.input.id_field.empty()) return bad("--id-field must not be empty");
  if (o.input.text_field.empty()) return bad("--text-field must not be empty");
  if (o.input.max_doc_bytes == 0 || o.input.max_doc_bytes > (uint64_t{1} << 31))
    return bad("--max-doc-bytes must be between 1 and 2147483648");
  const NearDupOptions& n = o.near;
  if (n.shingle_size < 1 || n.shingle_size > 32) return bad("--shingle-size must be between 1 and 32");
  if (n.num_bands < 1 || n.rows_per_band < 1 || n.num_bands * n.rows_per_band > 1024)
    return bad("--bands x --rows must be between 1 and 1024 signature slots");
  if (!(n.jaccard_threshold > 0 && n.jaccard_threshold <= 1))
    return bad("--jaccard must be in (0, 1]");
  if (!(n.containment_threshold > 0 && n.containment_threshold <= 1))
    return bad("--containment must be in (0, 1]");
  if (n.containment_sample_mod < 1 || n.containment_sample_mod > 1024)
    return bad("containment_sample_mod must be between 1 and 1024");
  if (n.max_bucket_size < 2) return bad("--max-bucket must be at least 2");
  if (n.max_band_bucket_size < 2) return bad("--max-band-bucket must be at least 2");
  if (n.max_partners < 1) return bad("--max-partners must be at least 1");
  if (o.clean.min_boilerplate_docs < 2) return bad("--boilerplate-min-docs must be at least 2");
  if (o.rewrite.num_features < 1 || o.rewrite.num_features > 1024)
    return bad("rewrite num_features must be between 1 and 1024");
  if (o.rewrite.max_posting_size < 2) return bad("rewrite max_posting_size must be at least 2");
  if (o.rewrite.rare_key_df < 2) return bad("rewrite rare_key_df must be at least 2");
  if (!(o.rewrite.min_pair_cosine >= 0 && o.rewrite.min_pair_cosine <= 1))
    return bad("rewrite min_pair_cosine must be in [0, 1]");
  if (o.rewrite.max_pairs_per_doc < 1) return bad("rewrite max_pairs_per_doc must be at least 1");
  if (!(o.rewrite.rewrite_threshold >= 0 && o.rewrite.rewrite_threshold <= 1))
    return bad("rewrite rewrite_threshold must be in [0, 1]");
  return Status::Ok();
}

}  // namespace doppel
