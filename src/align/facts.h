// Changed facts between two aligned texts.
//
// Each detector compares what an aligned group of sentences states on each side, after
// reading it into values (quantities.h) and small structures (names, titles, speakers,
// quotes), never as raw strings. They are built for PRECISION: every flag costs a
// reader's attention, so a detector stays silent unless the change is unambiguous:
//  - number / date: a value of b's group that a's whole text never states, paired with
//    a value of a's group (same kind) that b's whole text never states. Values are
//    compared after reading ("4.2m" = "4.2 million", "six" = "6", rounding of an
//    approximate figure is allowed), and one-to-one (a multiset match: values matched
//    in their own group first, then anywhere in the other text);
//  - qualifier: the same value bounded differently ("at least 28" -> "28");
//    a hedge (allegedly, according to ...) or degree adverb (significantly ...) of a's
//    group absent from b's; a quantifier of the same noun changed (no -> most);
//  - entity: a name of b's group found nowhere in a (in any case or demonym form),
//    paired with a name of a's group found nowhere in b;
//  - title: the same person given a status word (former, acting, deputy ...) on one side
//    only, when the other side still gives a title;
//  - negation: one side of a closely aligned sentence pair negates, the other does not;
//  - quote: a quotation of b that shares words with one of a (in the aligned group) but
//    is not a contiguous run of a's words: quotation marks claim verbatim words;
//  - speaker: the same statement attributed (said, told, according to ...) to a named
//    speaker on each side, and the names differ and are never given together in a;
//  - unsupported_claim: when b derives from a, an added sentence of b that no sentence
//    of a renders and most of whose content (or a new name or number) occurs nowhere
//    in a.
#pragma once

#include <vector>

#include "align/aligner.h"
#include "align/doc_model.h"
#include "align/quantities.h"
#include "align/similarity.h"
#include "doppel/compare.h"

namespace doppel::align {

struct FactInput {
  const DocModel& a;
  const DocModel& b;
  const std::vector<Quantity>& qa;
  const std::vector<Quantity>& qb;
  const TermSpace& space;
  const SimilarityMatrix& matrix;
  const std::vector<SentenceGroup>& groups;  // as AlignSentences returns them
  // b derives from a (exact, near duplicate, partial copy or rewrite). Only then is a
  // sentence b adds a claim a should support; an independent report (same story)
  // brings its own facts.
  bool derived = true;
};

// All flags, with FactFlag::alignment set to the group index. Sorted by b position, then
// a position, then kind. Thread-safe.
std::vector<FactFlag> DetectFacts(const FactInput& input);

}  // namespace doppel::align
