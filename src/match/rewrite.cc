// Rewrite and same-story matching. See rewrite.h.
#include "match/rewrite.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "common/thread_pool.h"
#include "index/candidates.h"

namespace doppel::match {
namespace {

bool Included(const std::vector<uint8_t>& include, size_t d) {
  return include.empty() || include[d] != 0;
}

// Share of the smaller set's elements that the other set has (0 when either is empty).
double SmallerContained(const std::vector<uint32_t>& x, const std::vector<uint32_t>& y) {
  if (x.empty() || y.empty()) return 0.0;
  size_t i = 0, j = 0, shared = 0;
  while (i < x.size() && j < y.size()) {
    if (x[i] < y[j]) {
      ++i;
    } else if (x[i] > y[j]) {
      ++j;
    } else {
      ++shared;
      ++i;
      ++j;
    }
  }
  return static_cast<double>(shared) / static_cast<double>(std::min(x.size(), y.size()));
}

}  // namespace

std::vector<TermVector> SentenceVectors(const ContentProfile& p, const DfTable& df) {
  std::vector<TermVector> out;
  out.reserve(p.num_sentences());
  uint32_t begin = 0;
  std::vector<std::pair<uint64_t, uint32_t>> counts;
  for (uint32_t end : p.sentence_ends) {
    counts.clear();
    for (uint32_t k = begin; k < end; ++k) counts.push_back({p.terms[p.sentence_terms[k]].term, 1});
    begin = end;
    std::sort(counts.begin(), counts.end());
    TermVector v;
    double norm2 = 0;
    for (size_t i = 0; i < counts.size();) {
      size_t j = i + 1;
      while (j < counts.size() && counts[j].first == counts[i].first) ++j;
      const double w = (1.0 + std::log(static_cast<double>(j - i))) * df.Idf(counts[i].first);
      v.terms.push_back(counts[i].first);
      v.weights.push_back(static_cast<float>(w));
      norm2 += w * w;
      i = j;
    }
    if (norm2 > 0) {
      const double inv = 1.0 / std::sqrt(norm2);
      for (float& w : v.weights) w = static_cast<float>(w * inv);
    }
    out.push_back(std::move(v));
  }
  return out;
}

namespace {

// Length of the longest order-preserving one-to-one alignment of sentences whose cosine
// is at least kAlignCosine (a longest common subsequence under a similarity predicate).
uint32_t OrderedAlignment(const std::vector<TermVector>& x, const std::vector<TermVector>& y) {
  if (x.empty() || y.empty()) return 0;
  std::vector<uint32_t> prev(y.size() + 1, 0), cur(y.size() + 1, 0);
  for (size_t i = 0; i < x.size(); ++i) {
    for (size_t j = 0; j < y.size(); ++j) {
      uint32_t best = std::max(prev[j + 1], cur[j]);
      if (prev[j] + 1 > best && Dot(x[i], y[j]) >= kAlignCosine) best = prev[j] + 1;
      cur[j + 1] = best;
    }
    std::swap(prev, cur);
  }
  return prev[y.size()];
}

// Logistic model of the rewrite score over (1, cosine, matched_min, matched_max,
// aligned_min, aligned_max) (min and max over the two sides). Fit (L2 0.01) on the 85
// labelled rewrite / same_story pairs of the "fit" groups of tests/fixtures/rewrites with
// tools/proto/fit_typing.py; see docs/rewrite.md for the held-out numbers. The alignment
// features carry the weight: a rewrite keeps its source's sentences (and their order),
// an independent report of the same facts tells them in other sentences.
constexpr double kScoreWeights[] = {-1.855, 0.330, 1.061, 0.793, 1.756, 2.182};

}  // namespace

RewriteSettings SettingsFrom(const RewriteOptions& options) {
  RewriteSettings s;
  s.num_features = options.num_features;
  s.max_posting_size = options.max_posting_size;
  return s;
}

RewriteCorpus BuildRewriteCorpus(const std::vector<ContentProfile>& profiles,
                                 const std::vector<uint8_t>& include, common::ThreadPool* pool) {
  RewriteCorpus corpus;
  const size_t n = profiles.size();
  // DF in chunks (parallel), merged in chunk order.
  constexpr size_t kChunk = 4096;
  const size_t num_chunks = (n + kChunk - 1) / kChunk;
  std::vector<DfTable> partial(num_chunks);
  auto count = [&](size_t begin, size_t end) {
    for (size_t c = begin; c < end; ++c) {
      for (size_t d = c * kChunk; d < std::min(n, (c + 1) * kChunk); ++d) {
        if (Included(include, d)) partial[c].Add(profiles[d]);
      }
      partial[c].Finalize();
    }
  };
  if (pool) {
    pool->ParallelFor(num_chunks, 1, count);
  } else {
    count(0, num_chunks);
  }
  for (const DfTable& t : partial) corpus.df.Merge(t);
  corpus.df.Finalize();
  corpus.vectors.resize(n);
  auto weigh = [&](size_t begin, size_t end) {
    for (size_t d = begin; d < end; ++d) {
      if (Included(include, d)) corpus.vectors[d] = TfIdf(profiles[d], corpus.df);
    }
  };
  if (pool) {
    pool->ParallelFor(n, 256, weigh);
  } else {
    weigh(0, n);
  }
  return corpus;
}

std::vector<ScoredPair> FindRewriteCandidates(const RewriteCorpus& corpus,
                                              const std::vector<uint8_t>& include,
                                              const RewriteSettings& settings,
                                              common::ThreadPool* pool, RewriteStats* stats) {
  const size_t n = corpus.vectors.size();
  // Keys: the heaviest terms held by 2..max_posting_size documents.
  std::vector<std::vector<uint64_t>> keys(n);
  auto pick = [&](size_t begin, size_t end) {
    std::vector<uint32_t> order;
    for (size_t d = begin; d < end; ++d) {
      if (!Included(include, d)) continue;
      const TermVector& v = corpus.vectors[d];
      order.clear();
      for (uint32_t i = 0; i < v.terms.size(); ++i) {
        const uint32_t df = corpus.df.Df(v.terms[i]);
        if (df >= 2 && df <= settings.max_posting_size) order.push_back(i);
      }
      const size_t k = std::min<size_t>(order.size(), static_cast<size_t>(std::max(0, settings.num_features)));
      std::partial_sort(order.begin(), order.begin() + k, order.end(), [&](uint32_t x, uint32_t y) {
        return v.weights[x] != v.weights[y] ? v.weights[x] > v.weights[y] : v.terms[x] < v.terms[y];
      });
      for (size_t i = 0; i < k; ++i) keys[d].push_back(v.terms[order[i]]);
    }
  };
  if (pool) {
    pool->ParallelFor(n, 256, pick);
  } else {
    pick(0, n);
  }
  std::vector<index::Posting> postings;
  uint64_t with_keys = 0;
  for (uint32_t d = 0; d < n; ++d) {
    with_keys += !keys[d].empty();
    for (uint64_t key : keys[d]) postings.push_back({key, d});
    std::vector<uint64_t>().swap(keys[d]);
  }
  const uint64_t index_bytes = postings.size() * sizeof(index::Posting) + corpus.df.MemoryBytes();
  index::CandidateOptions copt;
  copt.min_shared_keys = std::max<uint32_t>(1, settings.min_shared_features);
  copt.max_posting_size = settings.max_posting_size;
  index::CandidateStats cstats;
  std::vector<index::Candidate> candidates =
      index::CandidatesFromPostings(&postings, static_cast<uint32_t>(n), copt, pool, &cstats);
  std::vector<index::Posting>().swap(postings);
  std::vector<DotParts> cosine(candidates.size());
  auto verify = [&](size_t begin, size_t end) {
    for (size_t c = begin; c < end; ++c) {
      cosine[c] = DotWithTop(corpus.vectors[candidates[c].a], corpus.vectors[candidates[c].b]);
    }
  };
  if (pool) {
    pool->ParallelFor(candidates.size(), 4096, verify);
  } else {
    verify(0, candidates.size());
  }
  std::vector<ScoredPair> out;
  for (size_t c = 0; c < candidates.size(); ++c) {
    if (cosine[c].dot >= settings.min_cosine) {
      out.push_back({candidates[c].a, candidates[c].b, cosine[c].dot, cosine[c].top_term});
    }
  }
  if (stats) {
    stats->documents_with_keys += with_keys;
    stats->postings += cstats.postings;
    stats->candidate_pairs += candidates.size();
    stats->verified_pairs += out.size();
    stats->shared_key_counts += cstats.shared_key_counts;
    stats->index_bytes += index_bytes;
  }
  return out;
}

PairEvidence MeasurePair(const ContentProfile& a, const ContentProfile& b,
                         const TermVector& vector_a, const TermVector& vector_b,
                         const DfTable& df) {
  return MeasurePair(a, b, vector_a, vector_b, SentenceVectors(a, df), SentenceVectors(b, df));
}

PairEvidence MeasurePair(const ContentProfile& a, const ContentProfile& b,
                         const TermVector& vector_a, const TermVector& vector_b,
                         const std::vector<TermVector>& sa, const std::vector<TermVector>& sb) {
  PairEvidence e;
  e.cosine = Dot(vector_a, vector_b);
  e.narrative_bigrams = SmallerContained(a.narrative_bigrams, b.narrative_bigrams);
  e.entities = SmallerContained(a.entities, b.entities);
  e.numbers = SmallerContained(a.numbers, b.numbers);
  const uint32_t aligned = OrderedAlignment(sa, sb);
  if (!sa.empty() && !sb.empty()) {
    std::vector<double> best_b(sb.size(), 0.0);
    double sum_a = 0;
    uint32_t matched = 0;
    for (size_t i = 0; i < sa.size(); ++i) {
      double best = 0;
      for (size_t j = 0; j < sb.size(); ++j) {
        const double c = Dot(sa[i], sb[j]);
        best = std::max(best, c);
        best_b[j] = std::max(best_b[j], c);
      }
      sum_a += best;
      matched += best >= kAlignCosine;
    }
    e.matched_a = static_cast<double>(matched) / sa.size();
    e.similar_a = sum_a / sa.size();
    double sum_b = 0;
    matched = 0;
    for (double best : best_b) {
      sum_b += best;
      matched += best >= kAlignCosine;
    }
    e.matched_b = static_cast<double>(matched) / sb.size();
    e.similar_b = sum_b / sb.size();
  }
  e.aligned_a = sa.empty() ? 0.0 : static_cast<double>(aligned) / sa.size();
  e.aligned_b = sb.empty() ? 0.0 : static_cast<double>(aligned) / sb.size();
  const double wa = a.num_words, wb = b.num_words;
  e.length_ratio = std::max(wa, wb) > 0 ? std::min(wa, wb) / std::max(wa, wb) : 0.0;
  e.rewrite_score = RewriteScore(e);
  return e;
}

double RewriteScore(const PairEvidence& e) {
  const double x[] = {1.0,
                      e.cosine,
                      std::min(e.matched_a, e.matched_b),
                      std::max(e.matched_a, e.matched_b),
                      std::min(e.aligned_a, e.aligned_b),
                      std::max(e.aligned_a, e.aligned_b)};
  double z = 0;
  for (size_t i = 0; i < std::size(x); ++i) z += kScoreWeights[i] * x[i];
  return 1.0 / (1.0 + std::exp(-z));
}

Pair TypePair(uint32_t a, uint32_t b, const PairEvidence& e, const RewriteSettings& settings) {
  Pair p;
  p.a = a;
  p.b = b;
  const bool rewrite = e.rewrite_score >= settings.rewrite_threshold;
  p.relation = rewrite ? Relation::kRewrite : Relation::kSameStory;
  p.score = rewrite ? e.rewrite_score : e.cosine;
  p.features = {{"cosine", e.cosine},
                {"narrative_bigrams", e.narrative_bigrams},
                {"entities", e.entities},
                {"numbers", e.numbers},
                {"aligned_a", e.aligned_a},
                {"aligned_b", e.aligned_b},
                {"matched_a", e.matched_a},
                {"matched_b", e.matched_b},
                {"length_ratio", e.length_ratio},
                {"rewrite_score", e.rewrite_score}};
  return p;
}

}  // namespace doppel::match
