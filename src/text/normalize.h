// Text normalisation with a byte map back to the source (as sentencepiece does).
//
// Normalize() applies, in order: Unicode NFKC, case folding, one form for punctuation
// (all quotes -> ' or ", all dashes -> -, ellipsis -> ..., every Unicode space and
// control character run -> one ASCII space; leading and trailing spaces dropped).
// Line breaks are whitespace like any other. Deterministic and locale-independent
// (utf8proc tables); the tables are part of the index format.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "doppel/options.h"

namespace doppel::text {

// `source` must be valid UTF-8. When `to_source` is not null it receives
// normalized.size() + 1 entries: (*to_source)[i] is the byte offset in `source` of the
// start of the source character that produced normalised byte i, and the last entry is
// source.size(). So a normalised span [b, e) maps to the source span
// [(*to_source)[b], (*to_source)[e]) (end rounded to a character boundary; for an end
// inside an expansion use SourceEnd).
std::string Normalize(std::string_view source, const NormalizeOptions& options,
                      std::vector<uint32_t>* to_source = nullptr);

// Source end offset for normalised end `norm_end` (exclusive): the end of the source
// character that produced byte norm_end - 1.
uint32_t SourceEnd(const std::vector<uint32_t>& to_source, uint32_t norm_end);

}  // namespace doppel::text
