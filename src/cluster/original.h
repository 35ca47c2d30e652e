// Choosing the original of a derivation cluster, from content alone unless publication
// times are known.
//
// With a time for every member (--time-field), the earliest wins. Otherwise each member
// gets a score from evidence that a copy differs from its source in one direction only:
//  - excerpts: for a partial_copy edge the larger text is the source (+2 / -2);
//  - added furniture: cleaning removed template lines from the member while a copy of it
//    (exact, near duplicate or excerpt: the same wording) has none (-1), which a
//    republication adds around its source's text; or a repeated block (-1), which
//    scrapers add. (Template lines alone say nothing across a rewrite: a wire text
//    carries its own slug and time lines, which the newspapers that rewrite it drop.);
//  - quotations: words inside quotation marks, relative to the member quoting most
//    (+0..2). Copies and rewrites shorten, paraphrase or drop a source's quotations and
//    almost never lengthen them (measured: the member quoting most is the source in 15 of
//    15 fixture groups and in 83% of METER stories, where chance is 22% and 45%);
//  - fact coverage: the mean share of the other members' fact atoms (names in the
//    original case, numbers) that the member also has (+0..1). A rewrite keeps, drops or
//    condenses the facts of its source and rarely brings new specific ones;
//  - centrality: the mean word-bigram Jaccard similarity to the other members, relative
//    to the most central member (+0..0.5). Each copy changes its source in its own way,
//    so copies are closer to the source than to one another: the source is the medoid of
//    a star. Measured against at most kMaxCentralityPeers other members, and only in
//    clusters of three or more (between two it is the same both ways);
//  - length, as a last tie-breaker (+0..0.05, relative to the longest member).
// The highest score wins, ties to the member first in input order. The confidence grows
// with the margin over the runner-up. Reasons name the evidence that favoured the choice.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/tokenize.h"

namespace doppel::cluster {

struct MemberFacts {
  uint32_t doc = 0;
  std::string time;              // empty when unknown
  uint32_t num_words = 0;        // after cleaning
  uint32_t boilerplate_bytes = 0;  // removed by cleaning as boilerplate
  uint32_t repeated_bytes = 0;     // removed by cleaning as repeated
  std::vector<uint32_t> atoms;   // sorted unique hashes of fact atoms (FactAtoms)
  uint32_t quoted_words = 0;     // words inside quotation marks (QuotedWords)
  std::vector<uint32_t> bigrams;  // sorted unique hashes of case-folded word bigrams (WordBigrams)
};

// Fact coverage and centrality compare a member with at most this many others (the first
// in member order), so a cluster of thousands of copies costs linear, not quadratic, work.
inline constexpr size_t kMaxCentralityPeers = 32;

// A directed containment: members[source] contains members[excerpt] (indices into the
// members vector).
struct ExcerptEdge {
  uint32_t source;
  uint32_t excerpt;
};

// Two members whose texts are copies of each other (exact or near duplicates), as indices
// into the members.
struct CopyEdge {
  uint32_t a;
  uint32_t b;
};

struct OriginalChoice {
  uint32_t doc = 0;
  double confidence = 0;
  std::vector<std::string> reasons;
};

OriginalChoice ChooseOriginal(const std::vector<MemberFacts>& members,
                              const std::vector<ExcerptEdge>& excerpts = {},
                              const std::vector<CopyEdge>& copies = {});

// Fact atoms of a text in its original case: numbers, and capitalised words that do not
// start a sentence or line (names of people, places, organisations), case-folded and
// hashed; sorted and unique. Cheap: one pass, no allocation beyond the result.
std::vector<uint32_t> FactAtoms(std::string_view text);
// The same with the text's words (text::TokenizeWords) already found.
std::vector<uint32_t> FactAtoms(std::string_view text, const std::vector<text::Span>& words);

// Case-folded word bigrams of a text, hashed; sorted and unique.
std::vector<uint32_t> WordBigrams(std::string_view text);
std::vector<uint32_t> WordBigrams(std::string_view text, const std::vector<text::Span>& words);

// Words inside quotation marks: "...", “...”, «...», ``...''. An
// unclosed quotation ends at a paragraph break.
uint32_t QuotedWords(std::string_view text);

}  // namespace doppel::cluster
