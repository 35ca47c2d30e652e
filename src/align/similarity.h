// Sentence similarity for alignment: weighted overlap of content terms.
//
// A sentence is the set of its content terms: the stems of its non-stop words, and the
// values of its numbers ("#9000" whether written "9,000" or "nine thousand"). Paraphrase
// keeps the stems of a sentence's content words and its names and numbers far more
// often than its wording (the observation behind the lexical baselines of "Monolingual
// Sentence Alignment" studies, e.g. Barzilay and Elhadad, "Sentence Alignment for
// Monolingual Comparable Corpora"), so term overlap is a good cue without any model.
//
// Weights are inverse document frequencies over the sentences of the two documents
// together (each sentence one "document"): w(t) = ln(1 + N / df(t)). Within one pair of
// texts, words of the topic ("bill", "president") occur everywhere and say little about
// which sentence renders which, while a name or a number in one sentence of each text
// almost fixes the pair. No external frequency list is needed.
//
// The similarity of two groups of sentences is the weighted Dice coefficient of the
// union of their term sets: 2 w(A n B) / (w(A) + w(B)). It is symmetric and lies in
// [0, 1]; joining a sentence to a group raises it only when the sentence explains more
// of the other side than it adds unexplained weight, which is what lets the aligner
// decide merges, splits and condensations with one measure.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "align/doc_model.h"
#include "align/quantities.h"

namespace doppel::align {

using TermSet = std::vector<uint32_t>;  // sorted, unique term ids

class TermSpace {
 public:
  // `qa` and `qb` are ExtractQuantities of a and b.
  TermSpace(const DocModel& a, const std::vector<Quantity>& qa, const DocModel& b,
            const std::vector<Quantity>& qb);

  // side 0 = a, 1 = b.
  const TermSet& Terms(int side, uint32_t sentence) const { return terms_[side][sentence]; }
  size_t num_sentences(int side) const { return terms_[side].size(); }
  double Weight(uint32_t term) const { return weights_[term]; }
  double Weight(const TermSet& terms) const;
  // Sum of the weights of the terms in both sets.
  double SharedWeight(const TermSet& x, const TermSet& y) const;
  // Weighted Dice of the two sets; 0 when both are empty.
  double Dice(const TermSet& x, const TermSet& y) const;
  // Union of the term sets of `sentences` of one side.
  TermSet Union(int side, const std::vector<uint32_t>& sentences) const;
  // Share of a's (side 0) or b's total term weight that sentences hold, for coverage.
  double TotalWeight(int side) const { return total_weight_[side]; }
  // Whether the term occurs anywhere on `side`.
  bool OnSide(int side, uint32_t term) const { return (presence_[term] >> side) & 1; }

 private:
  std::vector<TermSet> terms_[2];
  std::vector<double> weights_;
  std::vector<uint8_t> presence_;  // bit 0: in a, bit 1: in b
  double total_weight_[2] = {0, 0};
};

// Sentence-by-sentence Dice values, rows a, columns b, kept sparse (pairs that share a
// term), computed through an inverted index: the cost is proportional to the shared
// postings, not to n * m set merges. Terms held by more than kMaxPosting sentences of a
// side are left out of the index (their IDF weight is near zero anyway), which bounds
// the work on long documents.
class SimilarityMatrix {
 public:
  static constexpr uint32_t kMaxPosting = 512;
  explicit SimilarityMatrix(const TermSpace& space);
  double At(uint32_t a, uint32_t b) const;
  // The non-zero entries of row a, sorted by column.
  const std::vector<std::pair<uint32_t, float>>& Row(uint32_t a) const { return rows_[a]; }
  uint32_t rows() const { return static_cast<uint32_t>(rows_.size()); }
  uint32_t cols() const { return cols_; }

 private:
  uint32_t cols_ = 0;
  std::vector<std::vector<std::pair<uint32_t, float>>> rows_;
};

}  // namespace doppel::align
