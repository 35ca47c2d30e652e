#include "align/aligner.h"

#include <algorithm>
#include <array>
#include <limits>
#include <numeric>
#include <tuple>

namespace doppel::align {
namespace {

struct Move {
  uint8_t da, db;
};
constexpr std::array<Move, 7> kMoves = {{{1, 0}, {0, 1}, {1, 1}, {2, 1}, {1, 2}, {3, 1}, {1, 3}}};

std::vector<uint32_t> Range(uint32_t begin, uint32_t end) {
  std::vector<uint32_t> out(end - begin);
  std::iota(out.begin(), out.end(), begin);
  return out;
}

class Aligner {
 public:
  Aligner(const TermSpace& space, const SimilarityMatrix& matrix,
          const std::vector<bool>* may_merge, const AlignerOptions& options)
      : space_(space),
        matrix_(matrix),
        may_merge_(may_merge),
        t_(options.min_similarity),
        na_(matrix.rows()),
        nb_(matrix.cols()),
        group_of_a_(na_, -1),
        group_of_b_(nb_, -1) {}

  std::vector<SentenceGroup> Run(bool headlines) {
    uint32_t start = 0;
    if (headlines && matrix_.At(0, 0) >= 0.5 * t_) {
      AddGroup({0}, {0}, matrix_.At(0, 0));
      start = 1;
    }
    if (static_cast<uint64_t>(na_ + 1) * (nb_ + 1) <= kMaxDpCells) MonotonePass(start);
    ReorderPass();
    for (int round = 0; round < 4; ++round) {
      const bool joined_a = AttachPass(0);
      const bool joined_b = AttachPass(1);
      if (!joined_a && !joined_b) break;
    }
    return Finish();
  }

 private:
  double GroupSimilarity(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) const {
    if (a.size() == 1 && b.size() == 1) return matrix_.At(a[0], b[0]);
    return space_.Dice(space_.Union(0, a), space_.Union(1, b));
  }

  void AddGroup(std::vector<uint32_t> a, std::vector<uint32_t> b, double similarity) {
    const int id = static_cast<int>(groups_.size());
    for (uint32_t i : a) group_of_a_[i] = id;
    for (uint32_t j : b) group_of_b_[j] = id;
    groups_.push_back({std::move(a), std::move(b), similarity, false});
  }

  // Pass 1: Gale-Church-style DP over moves kMoves.
  void MonotonePass(uint32_t start) {
    // Cells are offset by `start` (the headlines, when already aligned).
    const uint32_t n = na_ - start, m = nb_ - start;
    const size_t width = m + 1;
    std::vector<double> score((n + 1) * width, -std::numeric_limits<double>::infinity());
    std::vector<uint8_t> back((n + 1) * width, 0);
    std::vector<float> group_sim((n + 1) * width, 0);
    score[0] = 0;
    for (uint32_t i = 0; i <= n; ++i) {
      for (uint32_t j = 0; j <= m; ++j) {
        if (i == 0 && j == 0) continue;
        double best = -std::numeric_limits<double>::infinity();
        uint8_t best_move = 0;
        float best_sim = 0;
        for (uint8_t m = 0; m < kMoves.size(); ++m) {
          const Move mv = kMoves[m];
          if (mv.da > i || mv.db > j) continue;
          const double prev = score[(i - mv.da) * width + (j - mv.db)];
          if (prev == -std::numeric_limits<double>::infinity()) continue;
          double gain = 0, s = 0;
          if (mv.da > 0 && mv.db > 0) {
            s = MoveSimilarity(start + i - mv.da, start + i, start + j - mv.db, start + j);
            if (s < t_) continue;
            gain = 0.5 * (mv.da + mv.db) * (s - t_);
          }
          if (prev + gain > best) {
            best = prev + gain;
            best_move = m;
            best_sim = static_cast<float>(s);
          }
        }
        score[i * width + j] = best;
        back[i * width + j] = best_move;
        group_sim[i * width + j] = best_sim;
      }
    }
    std::vector<std::tuple<uint32_t, uint32_t, uint8_t, float>> path;
    uint32_t i = n, j = m;
    while (i > 0 || j > 0) {
      const uint8_t m = back[i * width + j];
      path.emplace_back(i, j, m, group_sim[i * width + j]);
      i -= kMoves[m].da;
      j -= kMoves[m].db;
    }
    std::reverse(path.begin(), path.end());
    for (const auto& [pi, pj, m, s] : path) {
      const Move mv = kMoves[m];
      if (mv.da == 0 || mv.db == 0) continue;
      AddGroup(Range(start + pi - mv.da, start + pi), Range(start + pj - mv.db, start + pj), s);
    }
  }

  // Similarity of a[a0, a1) with b[b0, b1); 0 when the move may not be made: a member of
  // a multi-sentence group must be a sentence that may merge and must share at least
  // kMinMemberContainment of its weight with the other side (a short unrelated sentence
  // costs a group little Dice, so the Dice rule alone would let it be absorbed).
  double MoveSimilarity(uint32_t a0, uint32_t a1, uint32_t b0, uint32_t b1) const {
    if (a1 - a0 == 1 && b1 - b0 == 1) return matrix_.At(a0, b0);
    double best_pair = 0;
    for (uint32_t i = a0; i < a1; ++i) {
      if (!may_merge_[0][i]) return 0;
      for (uint32_t j = b0; j < b1; ++j) best_pair = std::max(best_pair, matrix_.At(i, j));
    }
    for (uint32_t j = b0; j < b1; ++j) {
      if (!may_merge_[1][j]) return 0;
    }
    if (best_pair < 0.5 * t_) return 0;
    const TermSet a = space_.Union(0, Range(a0, a1));
    const TermSet b = space_.Union(1, Range(b0, b1));
    if (!MembersContribute(0, Range(a0, a1), b) || !MembersContribute(1, Range(b0, b1), a)) {
      return 0;
    }
    return space_.Dice(a, b);
  }

  // Each member of a multi-sentence side shares kMinMemberContainment of its weight with
  // the other side, and brings kMinMemberNovelty of its weight that the other members of
  // its side do not already hold (a repeated sentence adds nothing to a merge).
  bool MembersContribute(int side, const std::vector<uint32_t>& members,
                         const TermSet& other) const {
    if (members.size() < 2) return true;
    for (uint32_t s : members) {
      const TermSet& own = space_.Terms(side, s);
      const double weight = space_.Weight(own);
      if (space_.SharedWeight(own, other) < kMinMemberContainment * weight) return false;
      std::vector<uint32_t> rest;
      for (uint32_t m : members) {
        if (m != s) rest.push_back(m);
      }
      if (weight - space_.SharedWeight(own, space_.Union(side, rest)) <
          kMinMemberNovelty * weight) {
        return false;
      }
    }
    return true;
  }

  // Pass 2: best unmatched pairs first.
  void ReorderPass() {
    std::vector<std::tuple<float, uint32_t, uint32_t>> candidates;
    for (uint32_t i = 0; i < na_; ++i) {
      if (group_of_a_[i] >= 0) continue;
      for (const auto& [j, s] : matrix_.Row(i)) {
        if (group_of_b_[j] < 0 && s >= t_) candidates.emplace_back(s, i, j);
      }
    }
    std::sort(candidates.begin(), candidates.end(), [](const auto& x, const auto& y) {
      if (std::get<0>(x) != std::get<0>(y)) return std::get<0>(x) > std::get<0>(y);
      return std::tie(std::get<1>(x), std::get<2>(x)) < std::tie(std::get<1>(y), std::get<2>(y));
    });
    for (const auto& [s, i, j] : candidates) {
      if (group_of_a_[i] >= 0 || group_of_b_[j] >= 0) continue;
      AddGroup({i}, {j}, s);
    }
  }

  bool CanGrow(const SentenceGroup& group) const {
    for (uint32_t i : group.a) {
      if (!may_merge_[0][i]) return false;
    }
    for (uint32_t j : group.b) {
      if (!may_merge_[1][j]) return false;
    }
    return true;
  }

  // Pass 3: joins unaligned sentences of `side` to groups. Returns whether any joined.
  bool AttachPass(int side) {
    const uint32_t n = side == 0 ? na_ : nb_;
    std::vector<int>& group_of = side == 0 ? group_of_a_ : group_of_b_;
    bool changed = false;
    for (uint32_t s = 0; s < n; ++s) {
      if (group_of[s] >= 0 || !may_merge_[side][s]) continue;
      const TermSet& own = space_.Terms(side, s);
      const double own_weight = space_.Weight(own);
      if (own_weight <= 0) continue;
      // Groups whose other side shares a term with s.
      std::vector<int> candidates;
      if (side == 0) {
        for (const auto& [j, sim] : matrix_.Row(s)) {
          if (group_of_b_[j] >= 0) candidates.push_back(group_of_b_[j]);
        }
      } else {
        for (uint32_t i = 0; i < na_; ++i) {
          if (group_of_a_[i] >= 0 && matrix_.At(i, s) > 0) candidates.push_back(group_of_a_[i]);
        }
      }
      std::sort(candidates.begin(), candidates.end());
      candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
      int best = -1;
      double best_gain = 1e-9, best_sim = 0;
      for (int g : candidates) {
        const SentenceGroup& group = groups_[g];
        if (!CanGrow(group)) continue;
        const TermSet other = space_.Union(1 - side, side == 0 ? group.b : group.a);
        if (space_.SharedWeight(own, other) < kMinAttachContainment * own_weight) continue;
        const TermSet same = space_.Union(side, side == 0 ? group.a : group.b);
        if (own_weight - space_.SharedWeight(own, same) < kMinMemberNovelty * own_weight) continue;
        std::vector<uint32_t> joined = side == 0 ? group.a : group.b;
        joined.insert(std::upper_bound(joined.begin(), joined.end(), s), s);
        const double sim =
            side == 0 ? GroupSimilarity(joined, group.b) : GroupSimilarity(group.a, joined);
        if (sim - group.similarity > best_gain) {
          best_gain = sim - group.similarity;
          best = g;
          best_sim = sim;
        }
      }
      if (best < 0) continue;
      std::vector<uint32_t>& members = side == 0 ? groups_[best].a : groups_[best].b;
      members.insert(std::upper_bound(members.begin(), members.end(), s), s);
      groups_[best].similarity = best_sim;
      group_of[s] = best;
      changed = true;
    }
    return changed;
  }

  std::vector<SentenceGroup> Finish() {
    // Aligned groups in b order; mark those outside the longest run in a order as moved.
    std::vector<SentenceGroup> aligned = std::move(groups_);
    std::sort(aligned.begin(), aligned.end(),
              [](const SentenceGroup& x, const SentenceGroup& y) { return x.b[0] < y.b[0]; });
    const size_t n = aligned.size();
    std::vector<int> tails, prev(n, -1);  // patience sorting over a[0]
    for (size_t g = 0; g < n; ++g) {
      const uint32_t key = aligned[g].a[0];
      auto it = std::lower_bound(tails.begin(), tails.end(), key,
                                 [&](int t, uint32_t v) { return aligned[t].a[0] < v; });
      if (it != tails.begin()) prev[g] = *(it - 1);
      if (it == tails.end()) {
        tails.push_back(static_cast<int>(g));
      } else {
        *it = static_cast<int>(g);
      }
    }
    std::vector<bool> in_order(n, false);
    for (int g = tails.empty() ? -1 : tails.back(); g >= 0; g = prev[g]) in_order[g] = true;
    for (size_t g = 0; g < n; ++g) aligned[g].moved = !in_order[g];

    // Merge in the unaligned sentences: added ones by b position, dropped ones after the
    // group holding the a sentence before them.
    std::vector<int> group_of_a(na_, -1);
    for (size_t g = 0; g < n; ++g) {
      for (uint32_t i : aligned[g].a) group_of_a[i] = static_cast<int>(g);
    }
    struct Keyed {
      int64_t b_key;
      int order;  // 0 aligned/added, 1 dropped
      uint32_t a_key;
      SentenceGroup group;
    };
    std::vector<Keyed> all;
    for (size_t g = 0; g < n; ++g) {
      all.push_back({aligned[g].b[0], 0, aligned[g].a[0], aligned[g]});
    }
    std::vector<bool> b_aligned(nb_, false);
    for (const SentenceGroup& g : aligned) {
      for (uint32_t j : g.b) b_aligned[j] = true;
    }
    for (uint32_t j = 0; j < nb_; ++j) {
      if (!b_aligned[j]) all.push_back({j, 0, 0, SentenceGroup{{}, {j}, 0, false}});
    }
    for (uint32_t i = 0; i < na_; ++i) {
      if (group_of_a[i] >= 0) continue;
      int64_t key = -1;
      for (int64_t p = static_cast<int64_t>(i) - 1; p >= 0; --p) {
        if (group_of_a[p] >= 0) {
          key = aligned[group_of_a[p]].b[0];
          break;
        }
      }
      all.push_back({key, 1, i, SentenceGroup{{i}, {}, 0, false}});
    }
    std::stable_sort(all.begin(), all.end(), [](const Keyed& x, const Keyed& y) {
      return std::tie(x.b_key, x.order, x.a_key) < std::tie(y.b_key, y.order, y.a_key);
    });
    std::vector<SentenceGroup> out;
    out.reserve(all.size());
    for (Keyed& k : all) out.push_back(std::move(k.group));
    return out;
  }

  const TermSpace& space_;
  const SimilarityMatrix& matrix_;
  const std::vector<bool>* may_merge_;  // [side][sentence]
  const double t_;
  const uint32_t na_, nb_;
  std::vector<int> group_of_a_, group_of_b_;
  std::vector<SentenceGroup> groups_;
};

}  // namespace

std::vector<SentenceGroup> AlignSentences(const TermSpace& space, const SimilarityMatrix& matrix,
                                          const std::vector<bool> may_merge[2],
                                          const bool headline[2], const AlignerOptions& options) {
  return Aligner(space, matrix, may_merge, options).Run(headline[0] && headline[1]);
}

}  // namespace doppel::align
