// Corpus document frequencies and TF-IDF vectors of content profiles.
//
// The DF table is index state: the weights of every feature (candidate keys, cosine,
// sentence alignment) come from it, so a stored index keeps it with the profiles' keys.
// IDF(t) = ln((N + 1) / (df(t) + 0.5)); TF weight 1 + ln(count) (sublinear, so a word
// repeated in one paragraph does not dominate); vectors are unit length.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "match/profile.h"

namespace doppel::match {

class DfTable {
 public:
  // Counts each term of `profile` once. Add from one thread, then Finalize().
  void Add(const ContentProfile& profile);
  // Adds the counts of another table (built over other documents, before Finalize).
  void Merge(const DfTable& other);
  // Sorts the table for lookups. Call once after the last Add/Merge.
  void Finalize();

  uint64_t num_documents() const { return num_documents_; }
  // Documents holding `term` (0 when unknown). Valid after Finalize.
  uint32_t Df(uint64_t term) const;
  double Idf(uint64_t term) const;
  size_t num_terms() const { return entries_.size(); }
  size_t MemoryBytes() const { return entries_.capacity() * sizeof(Entry); }

 private:
  struct Entry {
    uint64_t term;
    uint32_t df;
  };
  std::vector<Entry> entries_;  // sorted by term after Finalize
  size_t compacted_size_ = 0;
  uint64_t num_documents_ = 0;
  bool finalized_ = false;
};

// A sparse unit vector: terms sorted ascending, one weight each.
struct TermVector {
  std::vector<uint64_t> terms;
  std::vector<float> weights;
  size_t MemoryBytes() const {
    return terms.capacity() * sizeof(uint64_t) + weights.capacity() * sizeof(float);
  }
};

// TF-IDF of the profile's terms, unit length (empty when the profile has no terms).
TermVector TfIdf(const ContentProfile& profile, const DfTable& df);

// Dot product of two vectors (their cosine: both are unit length).
double Dot(const TermVector& a, const TermVector& b);

// The dot product and the largest single-term contribution to it. A cosine carried by one
// shared word (a surname, "queen") is weak evidence of one story whatever its value.
struct DotParts {
  double dot = 0;
  double top_term = 0;
  double robust() const { return dot - top_term; }
};
DotParts DotWithTop(const TermVector& a, const TermVector& b);

}  // namespace doppel::match
