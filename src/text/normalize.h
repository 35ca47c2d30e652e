// Text normalisation with a byte map back to the source (as sentencepiece does).
//
// Normalize() applies, in order: Unicode NFKC, case folding, one form for punctuation
// (all quotes -> ' or ", all dashes -> -, ellipsis -> ..., every Unicode space and
// control character run -> one ASCII space; leading and trailing spaces dropped).
// Line breaks are whitespace like any other. Deterministic and locale-independent
// (utf8proc tables); the tables are part of the index format.
//
// Each option switches one step (NormalizeOptions):
//  - nfkc: Unicode NFKC (utf8proc, Unicode 15): full-width forms, ligatures, superscripts,
//    U+2026 -> "...", NBSP -> space, precomposed accents.
//  - case_fold: Unicode full case folding (A -> a, SS -> ss, sigma forms -> one sigma).
//    NFKC and case folding together give exactly utf8proc_map(COMPOSE|COMPAT|CASEFOLD).
//  - fold_punctuation: single quotes, apostrophes and primes (U+2018 U+2019 U+201A U+201B
//    U+2032 U+2035 U+0060 U+00B4 U+02BC U+2039 U+203A ...) -> '; double quotes and
//    guillemets (U+201C-U+201F U+00AB U+00BB U+2033 ...) and two adjacent ' (`` and '')
//    -> "; dashes (U+2010-U+2015 U+2212 U+FE58 U+FE63 U+FF0D ...) -> -; U+2026 -> ...;
//    every run of whitespace and control characters (categories Zs Zl Zp Cc: tab, line
//    breaks, NBSP, U+2028, U+2029, C0 and C1 controls) -> one space, trimmed at both ends;
//    default-ignorable characters (soft hyphen, zero-width space and joiners, BOM,
//    bidirectional marks, variation selectors) are dropped, not made spaces: they occur
//    inside words, and an invisible character must not split one.
// With every option off the output equals the input.
//
// Speed: ASCII text takes a table-driven path that never calls utf8proc, and single
// characters of the Basic Multilingual Plane use a table built once per option set
// (about 0.5 MB, built in about 10 ms on first use); the byte map costs one store per
// output byte. About 700-800 MB/s per core on English news, 400-500 MB/s on CJK text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "doppel/options.h"

namespace doppel::text {

// `source` must be valid UTF-8 (each invalid byte becomes U+FFFD, mapped to that byte) and
// shorter than 4 GiB (longer input is cut there). When `to_source` is not null it receives
// normalized.size() + 1 entries: (*to_source)[i] is the byte offset in `source` of the
// start of the source character that produced normalised byte i, and the last entry is
// source.size(). So a normalised span [b, e) maps to the source span
// [(*to_source)[b], (*to_source)[e]) (end rounded to a character boundary; for an end
// inside an expansion use SourceEnd). Characters that produce no output (dropped ones,
// whitespace after the first of a run, trailing whitespace) belong to the span of the
// normalised byte before them; leading ones belong to no span. All output of one character, or of one character with
// the combining marks that follow it, maps to that character's first byte. Thread-safe.
std::string Normalize(std::string_view source, const NormalizeOptions& options,
                      std::vector<uint32_t>* to_source = nullptr);

// A text with the words (TokenizeWords) of Normalize(source, options), byte for byte,
// and nothing else promised: for the word hashes of shingling. All-ASCII text (most of a
// corpus) is not normalised: NFKC leaves ASCII alone, case folding only lowers A-Z, and
// punctuation folding only changes the bytes between words, so the words are the source's
// lowered, written 16 bytes at a time with every other byte a space (common::FoldBlock).
// Any other text, or options without case folding, goes through Normalize.
std::string NormalizeForWords(std::string_view source, const NormalizeOptions& options);

// Source end offset for normalised end `norm_end` (exclusive): the end of the source
// character (or cluster) that produced byte norm_end - 1, extended over the characters
// after it that produced no output (to_source alone cannot tell them apart). So the whole source text behind normalised bytes [b, e) is
// [to_source[b], SourceEnd(to_source, e)). `norm_end` is clamped to the normalised size.
uint32_t SourceEnd(const std::vector<uint32_t>& to_source, uint32_t norm_end);

namespace internal {

// Normalize() without its lookup tables (the ASCII and BMP fast paths): every character
// goes through utf8proc. Tests check that both give identical results.
std::string NormalizeWithoutTables(std::string_view source, const NormalizeOptions& options,
                                   std::vector<uint32_t>* to_source = nullptr);

// True when `cp` may reorder or compose with the character before it, so a cluster
// continues through it (exposed for tests).
bool ContinuesCluster(char32_t cp);

}  // namespace internal

}  // namespace doppel::text
