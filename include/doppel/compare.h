// Compare two documents: align their sentences and flag the facts that changed.
//
// For a pair of texts (a source and a copy or rewrite of it), Compare() reports
//  - which sentences of b render which sentences of a (alignments), each as verbatim,
//    paraphrase, merged (several sentences fused into one, or one split into several),
//    added (only in b) or dropped (only in a), whatever their order;
//  - the facts b changed: numbers, dates, names, titles and qualifiers, negations,
//    quotes, speakers, and claims of b that nothing in a supports (facts);
//  - what cleaning removed from each text (boilerplate, repeated paragraphs);
//  - a relation for the pair as a whole, with a score.
// Every span is a byte range [begin, end) of the ORIGINAL Document::text.
//
//   doppel::CompareOptions options;
//   DOPPEL_ASSIGN_OR_RETURN(doppel::Comparison c, doppel::Compare(source, copy, options));
//   for (const doppel::FactFlag& f : c.facts) Show(doppel::FactKindName(f.kind), f.reason);
//   DOPPEL_RETURN_IF_ERROR(doppel::WriteComparisonJson(c, std::cout));
//
// The algorithm is described in src/align/aligner.h and src/align/facts.h; the JSON
// schema in docs/compare-schema.md.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "doppel/document.h"
#include "doppel/options.h"
#include "doppel/report.h"
#include "doppel/status.h"

namespace doppel {

// A byte range [begin, end) of a document's original text.
struct ByteSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
  friend bool operator==(const ByteSpan&, const ByteSpan&) = default;
};

// How sentences of a and b correspond. Names are part of the output format.
enum class AlignmentKind : int {
  kVerbatim = 0,    // one sentence each, same normalised words (or nearly all 5-grams shared)
  kParaphrase = 1,  // one sentence each, same content in other wording
  kMerged = 2,      // several sentences of one side render one (or more) of the other:
                    // fused, split, or condensed into a summary sentence
  kAdded = 3,       // sentences of b with no counterpart in a
  kDropped = 4,     // sentences of a with no counterpart in b
};
const char* AlignmentKindName(AlignmentKind kind);  // "verbatim", "paraphrase", ...

struct Alignment {
  AlignmentKind kind = AlignmentKind::kVerbatim;
  std::vector<ByteSpan> a_spans;  // sentences of a, in text order; empty for kAdded
  std::vector<ByteSpan> b_spans;  // sentences of b, in text order; empty for kDropped
  // Content similarity of the two sides in [0, 1] (weighted stem overlap, see
  // src/align/similarity.h); 0 for kAdded and kDropped.
  double similarity = 0;
  // True when this alignment breaks the order of the others (b moved the sentence).
  bool moved = false;
};

// Kinds of changed fact. Names are part of the output format.
enum class FactKind : int {
  kNumber = 0,            // a number or amount differs (written forms are normalised first)
  kDate = 1,              // a date, month, year or weekday differs
  kEntity = 2,            // a person, place or organisation differs
  kTitle = 3,             // a title or role differs (former, acting, chief, ...)
  kQualifier = 4,         // a hedge or bound added, dropped or changed (at least, about, ...)
  kNegation = 5,          // a statement's polarity flipped (not, never, denied, ...)
  kQuote = 6,             // quoted words altered, or a quote dropped
  kSpeaker = 7,           // a statement attributed to someone else
  kUnsupportedClaim = 8,  // a sentence of b that nothing in a supports
};
const char* FactKindName(FactKind kind);  // "number", "date", ..., "unsupported_claim"

// One changed fact. At least one of the spans is set.
struct FactFlag {
  FactKind kind = FactKind::kNumber;
  std::optional<ByteSpan> a_span;  // the fact as a states it, or nothing (b added it)
  std::optional<ByteSpan> b_span;  // the fact as b states it, or nothing (b dropped it)
  std::string a_text;              // the bytes of a_span, exactly (empty without a_span)
  std::string b_text;              // the bytes of b_span, exactly (empty without b_span)
  std::string reason;              // one readable sentence: what changed and why it counts
  int alignment = -1;              // index into Comparison::alignments, or -1 (whole pair)
};

struct CompareOptions {
  // Cleaning applied to each text before alignment (single-document cleaning: repeated
  // paragraphs and in-document template furniture; no corpus statistics). Only
  // `enabled`, `remove_repeated` and `remove_boilerplate` apply.
  CleanOptions clean;
  // Two sentence groups are aligned when their similarity is at least this, in [0, 1].
  double min_similarity = 0.25;
  // Detect changed facts (off: alignments only).
  bool detect_facts = true;
};

// Checks the bounds of CompareOptions; kInvalidArgument names the option.
Status Validate(const CompareOptions& options);

struct Comparison {
  std::string a_id;
  std::string b_id;
  // The pair's relation, or nothing when the texts are unrelated (see
  // ComparisonRelationName and docs/compare-schema.md for the rule).
  std::optional<Relation> relation;
  double score = 0;               // in [0, 1]: the evidence the relation rests on
  std::vector<Feature> features;  // coverage figures behind relation and score
  // Every non-removed sentence of a and of b appears in exactly one alignment.
  // Sorted in the reading order of b; a dropped sentence follows the alignment of the
  // a sentence before it.
  std::vector<Alignment> alignments;
  // Sorted by position in b, then in a. None when the texts are unrelated; no
  // unsupported_claim when b is an independent report (same_story) rather than a copy.
  std::vector<FactFlag> facts;
  std::vector<Removal> a_removed;  // spans cleaning removed from a, sorted
  std::vector<Removal> b_removed;  // spans cleaning removed from b, sorted
};

// "exact", "near_duplicate", "partial_copy", "rewrite", "same_story" or "unrelated".
const char* ComparisonRelationName(const Comparison& comparison);

// Aligns and compares a (the earlier or source text) with b. A pure function: no
// globals, safe to call from many threads at once. Returns kInvalidArgument when the
// options are out of bounds or a text is 4 GiB or longer. Empty texts give an empty
// comparison (relation unrelated).
Result<Comparison> Compare(const Document& a, const Document& b, const CompareOptions& options);

// Writes the comparison as one JSON object and a newline (docs/compare-schema.md).
// kIoError when the stream fails.
Status WriteComparisonJson(const Comparison& comparison, std::ostream& out);

// Writes a readable side-by-side report for a terminal: each alignment with both texts,
// facts under the alignment they belong to. `a` and `b` must be the documents compared.
// `color` adds ANSI colours. kIoError when the stream fails.
Status WriteComparisonText(const Comparison& comparison, const Document& a, const Document& b,
                           bool color, std::ostream& out);

}  // namespace doppel
