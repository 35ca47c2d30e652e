// A pair comparison (doppel::Comparison) as the JSON the HTML report embeds.
#pragma once

#include <cstddef>

#include <nlohmann/json.hpp>

#include "doppel/compare.h"

namespace doppel::report {

// The comparison of original a with member b, for texts shown up to a_bytes and b_bytes
// (the page may cut long texts): spans are clipped to what is shown and spans wholly
// past it are dropped. Offsets stay UTF-8 byte offsets into Document::text. Layout:
//   {"relation", "score", "features": {name: value},
//    "alignments": [{"kind", "a": [[begin, end], ...], "b": [...], "similarity", "moved"}],
//    "facts": [{"kind", "a": [begin, end] | null, "b": ..., "reason", "alignment"}],
//    "a_removed": [[begin, end, kind], ...], "b_removed": [...]}
nlohmann::ordered_json ComparisonJson(const Comparison& comparison, size_t a_bytes,
                                      size_t b_bytes);

}  // namespace doppel::report
