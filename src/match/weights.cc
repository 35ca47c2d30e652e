#include "match/weights.h"

#include <algorithm>
#include <cmath>

namespace doppel::match {

void DfTable::Add(const ContentProfile& profile) {
  ++num_documents_;
  for (const TermCount& t : profile.terms) entries_.push_back({t.term, 1});
  // Keep memory proportional to distinct terms: compact when the buffer doubles.
  if (entries_.size() > 2 * compacted_size_ + (1u << 16)) {
    Finalize();
    finalized_ = false;
  }
}

void DfTable::Merge(const DfTable& other) {
  num_documents_ += other.num_documents_;
  entries_.insert(entries_.end(), other.entries_.begin(), other.entries_.end());
}

void DfTable::Finalize() {
  std::sort(entries_.begin(), entries_.end(),
            [](const Entry& x, const Entry& y) { return x.term < y.term; });
  size_t out = 0;
  for (size_t i = 0; i < entries_.size();) {
    Entry e = entries_[i];
    size_t j = i + 1;
    while (j < entries_.size() && entries_[j].term == e.term) e.df += entries_[j++].df;
    entries_[out++] = e;
    i = j;
  }
  entries_.resize(out);
  compacted_size_ = out;
  finalized_ = true;
}

uint32_t DfTable::Df(uint64_t term) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), term,
                             [](const Entry& e, uint64_t t) { return e.term < t; });
  return it != entries_.end() && it->term == term ? it->df : 0;
}

double DfTable::Idf(uint64_t term) const {
  return std::log((static_cast<double>(num_documents_) + 1.0) / (Df(term) + 0.5));
}

TermVector TfIdf(const ContentProfile& profile, const DfTable& df) {
  TermVector v;
  v.terms.reserve(profile.terms.size());
  v.weights.reserve(profile.terms.size());
  double norm2 = 0;
  std::vector<double> w(profile.terms.size());
  for (size_t i = 0; i < profile.terms.size(); ++i) {
    const TermCount& t = profile.terms[i];
    w[i] = (1.0 + std::log(static_cast<double>(t.count))) * df.Idf(t.term);
    norm2 += w[i] * w[i];
  }
  if (norm2 <= 0) return v;
  const double inv = 1.0 / std::sqrt(norm2);
  for (size_t i = 0; i < profile.terms.size(); ++i) {
    v.terms.push_back(profile.terms[i].term);
    v.weights.push_back(static_cast<float>(w[i] * inv));
  }
  return v;
}

double Dot(const TermVector& a, const TermVector& b) {
  double dot = 0;
  size_t i = 0, j = 0;
  while (i < a.terms.size() && j < b.terms.size()) {
    if (a.terms[i] < b.terms[j]) {
      ++i;
    } else if (a.terms[i] > b.terms[j]) {
      ++j;
    } else {
      dot += static_cast<double>(a.weights[i++]) * b.weights[j++];
    }
  }
  return dot;
}

}  // namespace doppel::match

namespace doppel::match {

DotParts DotWithTop(const TermVector& a, const TermVector& b) {
  DotParts parts;
  size_t i = 0, j = 0;
  while (i < a.terms.size() && j < b.terms.size()) {
    if (a.terms[i] < b.terms[j]) {
      ++i;
    } else if (a.terms[i] > b.terms[j]) {
      ++j;
    } else {
      const double x = static_cast<double>(a.weights[i++]) * b.weights[j++];
      parts.dot += x;
      parts.top_term = std::max(parts.top_term, x);
    }
  }
  return parts;
}

}  // namespace doppel::match
