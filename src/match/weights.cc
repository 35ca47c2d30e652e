#include "match/weights.h"

#include "common/hash.h"
#include "common/sorted_set.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace doppel::match {

void DfTable::Add(const ContentProfile& profile) {
  ++num_documents_;
  idf_.clear();
  slots_.clear();
  for (const uint64_t term : profile.terms) entries_.push_back({term, 1});
  // Keep memory proportional to distinct terms: compact when the buffer doubles.
  if (entries_.size() > 2 * compacted_size_ + (1u << 16)) Finalize();
}

DfTable DfTable::Count(const ContentProfile* profiles, size_t num_profiles,
                       const std::vector<uint8_t>* include, size_t first_index) {
  DfTable out;
  size_t occurrences = 0;
  for (size_t k = 0; k < num_profiles; ++k) {
    if (include && !include->empty() && !(*include)[first_index + k]) continue;
    ++out.num_documents_;
    occurrences += profiles[k].terms.size();
  }
  // Counting table: (term, count) by open addressing; 0 never is a term hash here, as
  // every term hash of a profile is nonzero (TermMemo stores max(hash, 1)). Sized for the
  // distinct terms, not the occurrences (far fewer: a table for every occurrence of a
  // 4096-document chunk was tens of MB, mostly page faults), doubled at half load.
  size_t capacity = 1024;
  while (capacity < 2 * std::min<size_t>(occurrences, 4096)) capacity *= 2;
  std::vector<Entry> table(capacity, Entry{0, 0});
  size_t mask = capacity - 1;
  size_t distinct = 0;
  auto grow = [&]() {
    std::vector<Entry> bigger(2 * table.size(), Entry{0, 0});
    const size_t bigger_mask = bigger.size() - 1;
    for (const Entry& e : table) {
      if (e.df == 0) continue;
      size_t slot = common::Mix64(e.term) & bigger_mask;
      while (bigger[slot].df != 0) slot = (slot + 1) & bigger_mask;
      bigger[slot] = e;
    }
    table.swap(bigger);
    mask = bigger_mask;
  };
  for (size_t k = 0; k < num_profiles; ++k) {
    if (include && !include->empty() && !(*include)[first_index + k]) continue;
    for (const uint64_t term : profiles[k].terms) {
      size_t slot = common::Mix64(term) & mask;
      while (table[slot].df != 0 && table[slot].term != term) slot = (slot + 1) & mask;
      if (table[slot].df == 0) {
        if (2 * (distinct + 1) > table.size()) {
          grow();
          slot = common::Mix64(term) & mask;
          while (table[slot].df != 0) slot = (slot + 1) & mask;
        }
        table[slot].term = term;
        ++distinct;
      }
      ++table[slot].df;
    }
  }
  out.entries_.reserve(distinct);
  for (const Entry& e : table) {
    if (e.df != 0) out.entries_.push_back(e);
  }
  std::sort(out.entries_.begin(), out.entries_.end(),
            [](const Entry& x, const Entry& y) { return x.term < y.term; });
  out.SettleIdf();
  return out;
}

void DfTable::SettleIdf() {
  compacted_size_ = entries_.size();
  idf_.resize(entries_.size());
  for (size_t k = 0; k < entries_.size(); ++k) idf_[k] = IdfFromDf(entries_[k].df);
}

void DfTable::BuildIndex() {
  size_t capacity = 16;
  while (capacity < 2 * entries_.size()) capacity *= 2;
  slots_.assign(capacity, 0);
  const size_t mask = capacity - 1;
  for (size_t id = 0; id < entries_.size(); ++id) {
    size_t slot = common::Mix64(entries_[id].term) & mask;
    while (slots_[slot] != 0) slot = (slot + 1) & mask;
    slots_[slot] = static_cast<uint32_t>(id + 1);
  }
}

DfTable DfTable::MergeFinalized(const DfTable& a, const DfTable& b) {
  DfTable out;
  out.num_documents_ = a.num_documents_ + b.num_documents_;
  out.entries_.reserve(a.entries_.size() + b.entries_.size());
  size_t i = 0, j = 0;
  while (i < a.entries_.size() || j < b.entries_.size()) {
    if (j == b.entries_.size() || (i < a.entries_.size() && a.entries_[i].term < b.entries_[j].term)) {
      out.entries_.push_back(a.entries_[i++]);
    } else if (i == a.entries_.size() || b.entries_[j].term < a.entries_[i].term) {
      out.entries_.push_back(b.entries_[j++]);
    } else {
      out.entries_.push_back({a.entries_[i].term, a.entries_[i].df + b.entries_[j].df});
      ++i;
      ++j;
    }
  }
  out.SettleIdf();
  return out;
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
  SettleIdf();
  BuildIndex();
}

uint32_t DfTable::IdOf(uint64_t term) const {
  if (!slots_.empty()) {
    const size_t mask = slots_.size() - 1;
    for (size_t slot = common::Mix64(term) & mask; slots_[slot] != 0; slot = (slot + 1) & mask) {
      if (entries_[slots_[slot] - 1].term == term) return slots_[slot] - 1;
    }
    return kNoTerm;
  }
  auto it = std::lower_bound(entries_.begin(), entries_.end(), term,
                             [](const Entry& e, uint64_t t) { return e.term < t; });
  return it != entries_.end() && it->term == term ? static_cast<uint32_t>(it - entries_.begin())
                                                  : kNoTerm;
}

uint32_t DfTable::Df(uint64_t term) const {
  const uint32_t id = IdOf(term);
  return id == kNoTerm ? 0 : entries_[id].df;
}

double DfTable::IdfFromDf(uint32_t df) const {
  return std::log((static_cast<double>(num_documents_) + 1.0) / (df + 0.5));
}

double DfTable::Idf(uint64_t term) const { return IdfFromDf(Df(term)); }

double SublinearTf(uint32_t count) {
  static const auto kTable = [] {
    std::array<double, 64> t{};
    for (uint32_t c = 1; c < t.size(); ++c) t[c] = 1.0 + std::log(static_cast<double>(c));
    return t;
  }();
  return count < kTable.size() ? kTable[count] : 1.0 + std::log(static_cast<double>(count));
}

TermVector TfIdf(const ContentProfile& profile, const DfTable& df) {
  TermVector v;
  v.terms.reserve(profile.terms.size());
  v.weights.reserve(profile.terms.size());
  double norm2 = 0;
  thread_local std::vector<uint32_t> counts;
  profile.CountTerms(&counts);
  // profile.terms is sorted by hash, so ids come out ascending.
  for (size_t k = 0; k < profile.terms.size(); ++k) {
    const uint32_t id = df.IdOf(profile.terms[k]);
    if (id == DfTable::kNoTerm) continue;
    const double w = SublinearTf(counts[k]) * df.IdfOf(id);
    v.terms.push_back(id);
    v.weights.push_back(static_cast<float>(w));
    norm2 += w * w;
  }
  if (norm2 <= 0) return TermVector();
  const double inv = 1.0 / std::sqrt(norm2);
  for (float& w : v.weights) w = static_cast<float>(w * inv);
  return v;
}

double Dot(const TermVector& a, const TermVector& b) { return DotWithTop(a, b).dot; }

DotParts DotWithTop(const TermVector& a, const TermVector& b) {
  DotParts parts;
  common::ForEachCommonIndex(a.terms, b.terms, [&](size_t i, size_t j) {
    const double x = static_cast<double>(a.weights[i]) * b.weights[j];
    parts.dot += x;
    parts.top_term = std::max(parts.top_term, x);
  });
  return parts;
}

}  // namespace doppel::match
