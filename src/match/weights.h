// Corpus document frequencies and TF-IDF vectors of content profiles.
//
// The DF table is index state: the weights of every feature (candidate keys, cosine,
// sentence alignment) come from it, so a stored index keeps it with the profiles' keys.
// IDF(t) = ln((N + 1) / (df(t) + 0.5)); TF weight 1 + ln(count) (sublinear, so a word
// repeated in one paragraph does not dominate); vectors are unit length.
//
// After Finalize() each term has a dense id, its rank in term-hash order, so vectors hold
// 4-byte ids (sorted ids are sorted hashes) and verification can scatter one document
// into a dense array and score many partners against it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "match/profile.h"

namespace doppel::match {

class DfTable {
 public:
  static constexpr uint32_t kNoTerm = 0xFFFFFFFFu;

  // Counts each term of `profile` once. Add from one thread, then Finalize().
  void Add(const ContentProfile& profile);
  // The finalized table of these profiles (a bulk Add of each, then Finalize), counted in
  // one hash pass rather than by sorting every occurrence.
  static DfTable Count(const ContentProfile* profiles, size_t num_profiles,
                       const std::vector<uint8_t>* include = nullptr, size_t first_index = 0);
  // The table of both finalized tables' documents, finalized: one linear merge.
  static DfTable MergeFinalized(const DfTable& a, const DfTable& b);
  // Sorts the table for lookups. Call once after the last Add.
  void Finalize();
  // Hashes the finalized terms for constant-time IdOf (Finalize does it; Count and
  // MergeFinalized leave it to the caller, as their results are usually merged again).
  void BuildIndex();

  uint64_t num_documents() const { return num_documents_; }
  size_t num_terms() const { return entries_.size(); }
  size_t MemoryBytes() const {
    return entries_.capacity() * sizeof(Entry) + idf_.capacity() * sizeof(double) +
           slots_.capacity() * sizeof(uint32_t);
  }

  // Valid after Finalize. The id of `term`, or kNoTerm when no document has it.
  uint32_t IdOf(uint64_t term) const;
  uint64_t TermOf(uint32_t id) const { return entries_[id].term; }
  uint32_t DfOf(uint32_t id) const { return entries_[id].df; }
  // Whether two documents can share term `id` (2 or more hold it) and at most `max_df` do:
  // the terms that tie documents to one event (cluster::EventTerms) and that key the
  // rewrite candidates (FindRewriteCandidates).
  bool HeldByTwoToMax(uint32_t id, uint32_t max_df) const {
    const uint32_t df = DfOf(id);
    return df >= 2 && df <= max_df;
  }
  double IdfOf(uint32_t id) const { return idf_.empty() ? IdfFromDf(entries_[id].df) : idf_[id]; }
  // By term hash (0 / the IDF of df 0 for an unknown term).
  uint32_t Df(uint64_t term) const;
  double Idf(uint64_t term) const;

 private:
  struct Entry {
    uint64_t term;
    uint32_t df;
  };
  double IdfFromDf(uint32_t df) const;
  // Sorted, compacted entries_ -> compacted_size_ and idf_.
  void SettleIdf();
  std::vector<Entry> entries_;  // sorted by term after Finalize
  std::vector<double> idf_;     // per id, after Finalize (empty before)
  // Open-addressing index term -> id (BuildIndex): slot = Mix64(term) & mask, ids + 1
  // (0 = empty), so a lookup is one or two cache lines instead of a binary search.
  std::vector<uint32_t> slots_;
  size_t compacted_size_ = 0;
  uint64_t num_documents_ = 0;
};

// A sparse unit vector: term ids (DfTable) ascending, one weight each.
struct TermVector {
  std::vector<uint32_t> terms;
  std::vector<float> weights;
  size_t MemoryBytes() const {
    return terms.capacity() * sizeof(uint32_t) + weights.capacity() * sizeof(float);
  }
};

// 1 + ln(count): the sublinear term frequency (count >= 1), from a table for small counts.
double SublinearTf(uint32_t count);

// TF-IDF of the profile's terms, unit length (empty when the profile has no terms known
// to `df`).
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
