#include "align/similarity.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <unordered_map>

#include "common/sorted_set.h"

namespace doppel::align {
namespace {

std::string QuantityTerm(const Quantity& q) {
  char buf[48];
  std::snprintf(buf, sizeof(buf), "#%d:%.6g", static_cast<int>(q.kind), q.value);
  return buf;
}

}  // namespace

TermSpace::TermSpace(const DocModel& a, const std::vector<Quantity>& qa, const DocModel& b,
                     const std::vector<Quantity>& qb) {
  std::unordered_map<std::string, uint32_t> ids;
  std::vector<uint32_t> df;
  auto id_of = [&](const std::string& term) {
    auto [it, inserted] = ids.try_emplace(term, static_cast<uint32_t>(ids.size()));
    if (inserted) df.push_back(0);
    return it->second;
  };
  const DocModel* docs[2] = {&a, &b};
  const std::vector<Quantity>* quantities[2] = {&qa, &qb};
  for (int side = 0; side < 2; ++side) {
    const DocModel& doc = *docs[side];
    terms_[side].resize(doc.sentences.size());
    std::vector<int32_t> quantity_at(doc.tokens.size(), -1);
    for (size_t q = 0; q < quantities[side]->size(); ++q) {
      const Quantity& quantity = (*quantities[side])[q];
      for (uint32_t k = quantity.first_token; k < quantity.end_token; ++k) {
        quantity_at[k] = static_cast<int32_t>(q);
      }
    }
    for (size_t s = 0; s < doc.sentences.size(); ++s) {
      TermSet& set = terms_[side][s];
      const Sentence& sentence = doc.sentences[s];
      for (uint32_t k = sentence.first_token; k < sentence.end_token; ++k) {
        const Token& t = doc.tokens[k];
        if (quantity_at[k] >= 0) {
          const Quantity& q = (*quantities[side])[quantity_at[k]];
          if (k == q.first_token && !q.weak) set.push_back(id_of(QuantityTerm(q)));
          continue;
        }
        if (t.stopword || t.stem.size() < 2) continue;
        set.push_back(id_of(t.stem));
      }
      common::SortUnique(&set);
      for (uint32_t term : set) ++df[term];
    }
  }
  presence_.assign(df.size(), 0);
  for (int side = 0; side < 2; ++side) {
    for (const TermSet& set : terms_[side]) {
      for (uint32_t term : set) presence_[term] |= static_cast<uint8_t>(1 << side);
    }
  }
  const double n = static_cast<double>(terms_[0].size() + terms_[1].size());
  weights_.resize(df.size());
  for (size_t term = 0; term < df.size(); ++term) weights_[term] = std::log(1.0 + n / df[term]);
  for (int side = 0; side < 2; ++side) {
    for (const TermSet& set : terms_[side]) total_weight_[side] += Weight(set);
  }
}

double TermSpace::Weight(const TermSet& terms) const {
  double w = 0;
  for (uint32_t term : terms) w += weights_[term];
  return w;
}

double TermSpace::SharedWeight(const TermSet& x, const TermSet& y) const {
  double w = 0;
  common::ForEachCommonIndex(x, y, [&](size_t i, size_t) { w += weights_[x[i]]; });
  return w;
}

double TermSpace::Dice(const TermSet& x, const TermSet& y) const {
  const double total = Weight(x) + Weight(y);
  return total > 0 ? 2 * SharedWeight(x, y) / total : 0;
}

TermSet TermSpace::Union(int side, const std::vector<uint32_t>& sentences) const {
  TermSet out;
  for (uint32_t s : sentences) {
    const TermSet& set = terms_[side][s];
    out.insert(out.end(), set.begin(), set.end());
  }
  common::SortUnique(&out);
  return out;
}

SimilarityMatrix::SimilarityMatrix(const TermSpace& space) {
  const uint32_t na = static_cast<uint32_t>(space.num_sentences(0));
  cols_ = static_cast<uint32_t>(space.num_sentences(1));
  rows_.resize(na);
  std::unordered_map<uint32_t, std::vector<uint32_t>> postings;  // term -> b sentences
  for (uint32_t j = 0; j < cols_; ++j) {
    for (uint32_t term : space.Terms(1, j)) postings[term].push_back(j);
  }
  std::vector<double> b_weight(cols_);
  for (uint32_t j = 0; j < cols_; ++j) b_weight[j] = space.Weight(space.Terms(1, j));
  std::vector<double> shared(cols_, 0);
  std::vector<uint32_t> touched;
  for (uint32_t i = 0; i < na; ++i) {
    touched.clear();
    for (uint32_t term : space.Terms(0, i)) {
      auto it = postings.find(term);
      if (it == postings.end() || it->second.size() > kMaxPosting) continue;
      for (uint32_t j : it->second) {
        if (shared[j] == 0) touched.push_back(j);
        shared[j] += space.Weight(term);
      }
    }
    std::sort(touched.begin(), touched.end());
    const double a_weight = space.Weight(space.Terms(0, i));
    for (uint32_t j : touched) {
      rows_[i].emplace_back(j, static_cast<float>(2 * shared[j] / (a_weight + b_weight[j])));
      shared[j] = 0;
    }
  }
}

double SimilarityMatrix::At(uint32_t a, uint32_t b) const {
  const auto& row = rows_[a];
  auto it =
      std::lower_bound(row.begin(), row.end(), b,
                       [](const std::pair<uint32_t, float>& e, uint32_t v) { return e.first < v; });
  return it != row.end() && it->first == b ? it->second : 0.0;
}

}  // namespace doppel::align
