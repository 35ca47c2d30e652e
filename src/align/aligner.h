// Sentence alignment of two texts that tell the same story, allowing reordering,
// merging, splitting and condensation.
//
// Three passes over the similarity of sentence groups (similarity.h):
//  1. Monotone dynamic programming in the manner of Gale and Church, "A Program for
//     Aligning Sentences in Bilingual Corpora": the best-scoring path through the two
//     sentence sequences with moves 1-0 and 0-1 (dropped, added; score 0), 1-1, 2-1, 1-2,
//     3-1 and 1-3. A match move of k + l sentences with group similarity s scores
//     (k + l) / 2 * (s - t), t = min_similarity, and is allowed only when s >= t. The
//     length factor makes one 2-1 merge beat a 1-1 plus a dropped sentence exactly when
//     the joined group explains the other side better (Dice rises), and a weak 1-1 lose
//     to leaving both sentences unaligned. Instead of Gale-Church's length model, the
//     score is content overlap: rewrites change sentence lengths freely. Every member
//     of a group must share kMinMemberContainment of its weight with the other side and
//     hold kMinMemberNovelty of its weight that its side's other members lack, so neither
//     an unrelated short sentence nor a repeated one is absorbed into a merge.
//  2. Reordering: rewrites move sentences and paragraphs, which a monotone path cannot
//     follow. Unaligned pairs with similarity >= t are then aligned greedily, best first
//     (the "best unmatched match" step of monolingual aligners such as "Sentence
//     Alignment for Monolingual Comparable Corpora", Barzilay and Elhadad).
//  3. Condensation and splitting: a summary sentence renders several source sentences,
//     often not adjacent ones. Each still unaligned sentence joins the aligned group
//     whose other side holds at least kMinAttachContainment of its term weight, when
//     joining raises the group's similarity (the sentence explains more than it
//     dilutes). Repeated until nothing changes.
// Finally a longest increasing subsequence of the aligned groups (in b order, by a
// position) marks the groups outside it as moved.
//
// The DP is O(n * m) cells; above kMaxDpCells (about 2000 x 2000 sentences) pass 1 is
// skipped and passes 2-3 align everything, so no input can exhaust memory.
#pragma once

#include <cstdint>
#include <vector>

#include "align/similarity.h"

namespace doppel::align {

inline constexpr uint64_t kMaxDpCells = 4'000'000;
inline constexpr double kMinAttachContainment = 0.3;
inline constexpr double kMinMemberContainment = 0.25;
inline constexpr double kMinMemberNovelty = 0.25;

struct AlignerOptions {
  // A sentence group pair is aligned when its similarity is at least this, in [0, 1].
  double min_similarity = 0.25;
};

struct SentenceGroup {
  std::vector<uint32_t> a;  // sentence indices of a, sorted; empty: added
  std::vector<uint32_t> b;  // sentence indices of b, sorted; empty: dropped
  double similarity = 0;    // weighted Dice of the two unions; 0 for added/dropped
  bool moved = false;
};

// `may_merge[side][sentence]` is false for sentences that align one to one only
// (headlines: a title-case line summarises the whole story, not the sentence next to it).
// When both texts open with a headline (`headline[side]`), the two headlines are aligned
// with each other if their similarity reaches half of min_similarity: a rewrite rewrites
// the headline as a headline, in few shared words.
// Every sentence of both sides lands in exactly one group. Groups are sorted in b's
// reading order; a group with no b follows the group of the a sentence before it.
// Deterministic. Thread-safe (no shared state).
std::vector<SentenceGroup> AlignSentences(const TermSpace& space, const SimilarityMatrix& matrix,
                                          const std::vector<bool> may_merge[2],
                                          const bool headline[2], const AlignerOptions& options);

}  // namespace doppel::align
