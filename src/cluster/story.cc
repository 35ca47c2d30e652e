// Story clusters. See story.h.
#include "cluster/story.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <iterator>
#include <limits>
#include <numeric>
#include <utility>

#include "common/sorted_set.h"
#include "common/stopwatch.h"
#include "common/thread_pool.h"
#include "match/bound.h"

namespace doppel::cluster {
namespace {

// A cluster's centroid: the sum of its members' unit vectors, truncated to the heaviest
// terms, sorted by term; `norm` is the Euclidean norm of the truncated sum.
struct Centroid {
  std::vector<uint32_t> terms;
  std::vector<float> weights;
  double norm = 1.0;
  uint32_t size = 1;
};

// The dot product of two centroids (sums of their members' unit vectors), through a dense
// array of the smaller one's weights by term (`dense`: all zero before and after, grown as
// needed): the larger one's terms are looked up in term order, so the common terms'
// products are added in the order of a merge walk over the two term lists (and any other
// term adds +0), without its unpredictable branches (~1.5x faster on METER + Reuters).
// `exact_at`: the value the caller compares the dot product with. When a float sum (SIMD
// gathers) is clearly above or below it, that sum is returned instead of the exact one:
// the products are non-negative, so the float sum is within a relative ~1e-5 of the exact
// one, and kClearMargin (1e-3) leaves the comparison's outcome the same as the exact sum's.
// Negative: always exact.
constexpr double kClearMargin = 1e-3;
double SumDot(const Centroid& x, const Centroid& y, std::vector<float>* dense, double exact_at = -1.0) {
  const Centroid& small = x.terms.size() <= y.terms.size() ? x : y;
  const Centroid& large = x.terms.size() <= y.terms.size() ? y : x;
  if (small.terms.empty()) return 0.0;
  if (dense->size() <= small.terms.back()) dense->resize(small.terms.back() + 1, 0.0f);
  float* d = dense->data();
  for (size_t i = 0; i < small.terms.size(); ++i) d[small.terms[i]] = small.weights[i];
  const uint32_t limit = small.terms.back();
  const size_t n = static_cast<size_t>(std::upper_bound(large.terms.begin(), large.terms.end(), limit) -
                                       large.terms.begin());
  double dot = -1.0;
  if (exact_at >= 0) {
    const double approx = match::FloatDot(d, large.terms.data(), large.weights.data(), n);
    if (approx > exact_at * (1 + kClearMargin) || approx < exact_at * (1 - kClearMargin)) dot = approx;
  }
  if (dot < 0) {
    dot = 0;
    for (size_t j = 0; j < n; ++j) dot += static_cast<double>(d[large.terms[j]]) * large.weights[j];
  }
  for (uint32_t t : small.terms) d[t] = 0.0f;
  return dot;
}

// Whether clusters x and y are close enough to merge: their centroids' cosine reaches
// `threshold` and the mean cosine between the members of one and the members of the other
// reaches `min_average_link` (truncated centroids make the mean a slight underestimate).
// Both tests compare the dot product with a bound, so it is computed in float unless it
// is within 0.1% of the larger bound (SumDot).
bool CentroidsClose(const Centroid& x, const Centroid& y, double threshold, double min_average_link,
                    std::vector<float>* dense) {
  const double denominator = x.norm * y.norm;
  const double pairs = static_cast<double>(x.size) * y.size;
  const double bound = std::max(threshold * denominator, min_average_link * pairs);
  const double dot = SumDot(x, y, dense, bound);
  const double cosine = denominator > 0 ? dot / denominator : 0.0;
  const double average_link = dot / pairs;
  return cosine >= threshold && average_link >= min_average_link;
}

// x += y, keeping the `max_terms` heaviest terms (ties to the smaller term).
void AddInto(Centroid* x, const Centroid& y, int max_terms) {
  // The sum, merged in term order into scratch arrays (written by index: no capacity
  // checks in the loop).
  thread_local std::vector<uint32_t> terms_buffer;
  thread_local std::vector<float> weights_buffer;
  const size_t nx = x->terms.size(), ny = y.terms.size();
  if (terms_buffer.size() < nx + ny) {
    terms_buffer.resize(nx + ny);
    weights_buffer.resize(nx + ny);
  }
  uint32_t* terms = terms_buffer.data();
  float* weights = weights_buffer.data();
  const uint32_t* xt = x->terms.data();
  const float* xw = x->weights.data();
  // The lightest summed weight of x's terms and of y's (each term of x or y only keeps
  // its weight; a common term's sum is at least either).
  float min_x = std::numeric_limits<float>::infinity(), min_y = min_x;
  size_t i = 0, j = 0, m = 0;
  while (i < nx && j < ny) {
    if (xt[i] < y.terms[j]) {
      terms[m] = xt[i];
      min_x = std::min(min_x, xw[i]);
      weights[m++] = xw[i++];
    } else if (y.terms[j] < xt[i]) {
      terms[m] = y.terms[j];
      min_y = std::min(min_y, y.weights[j]);
      weights[m++] = y.weights[j++];
    } else {
      terms[m] = xt[i];
      const float sum = xw[i++] + y.weights[j++];
      min_x = std::min(min_x, sum);
      min_y = std::min(min_y, sum);
      weights[m++] = sum;
    }
  }
  for (; i < nx; ++i, ++m) {
    terms[m] = xt[i];
    min_x = std::min(min_x, xw[i]);
    weights[m] = xw[i];
  }
  for (; j < ny; ++j, ++m) {
    terms[m] = y.terms[j];
    min_y = std::min(min_y, y.weights[j]);
    weights[m] = y.weights[j];
  }
  if (max_terms > 0 && m > static_cast<size_t>(max_terms)) {
    // The max_terms-th heaviest weight; every heavier term is kept, and of the terms of
    // exactly that weight the smallest ones (the merge is in term order) up to max_terms.
    // When x (or y) alone has max_terms terms, the cut is at least the lightest of them:
    // lighter terms cannot be among the heaviest and are left out of the selection (a
    // document joining a full centroid brings many light terms).
    const auto limit = static_cast<size_t>(max_terms);
    float floor = -std::numeric_limits<float>::infinity();
    if (nx >= limit) floor = min_x;
    if (ny >= limit) floor = std::max(floor, min_y);
    thread_local std::vector<float> sorted;
    sorted.clear();
    for (size_t k = 0; k < m; ++k) {
      if (weights[k] >= floor) sorted.push_back(weights[k]);
    }
    std::nth_element(sorted.begin(), sorted.begin() + (max_terms - 1), sorted.end(), std::greater<float>());
    const float cut = sorted[max_terms - 1];
    size_t heavier = 0;
    for (size_t k = 0; k < m; ++k) heavier += weights[k] > cut;
    size_t ties = static_cast<size_t>(max_terms) - heavier;
    x->terms.resize(static_cast<size_t>(max_terms));
    x->weights.resize(static_cast<size_t>(max_terms));
    size_t out = 0;
    for (size_t k = 0; k < m; ++k) {
      if (weights[k] > cut || (weights[k] == cut && ties > 0 && ties--)) {
        x->terms[out] = terms[k];
        x->weights[out++] = weights[k];
      }
    }
  } else {
    x->terms.assign(terms, terms + m);
    x->weights.assign(weights, weights + m);
  }
  double norm2 = 0;
  for (float w : x->weights) norm2 += static_cast<double>(w) * w;
  x->norm = std::sqrt(norm2);
  x->size += y.size;
}

// into = into | from (sorted unique term lists). A few terms are inserted in place (a
// document joining a large cluster must not copy the cluster's whole list).
void UniteInto(std::vector<uint32_t>* into, const std::vector<uint32_t>& from) {
  constexpr size_t kInsertAtMost = 16;
  if (from.size() <= kInsertAtMost) {
    for (uint32_t t : from) {
      const auto at = std::lower_bound(into->begin(), into->end(), t);
      if (at == into->end() || *at != t) into->insert(at, t);
    }
    return;
  }
  std::vector<uint32_t> joined;
  joined.reserve(into->size() + from.size());
  std::set_union(into->begin(), into->end(), from.begin(), from.end(), std::back_inserter(joined));
  into->swap(joined);
}

// Sorts edges strongest first, ties by a, then b (a total order when no two edges join
// the same pair). A counting sort into buckets of equal cosine width (four edges a bucket
// on average; a weaker edge never falls in an earlier bucket), then each bucket by the
// full order: the order of one std::sort, at about half its cost on METER + Reuters.
bool Stronger(const StoryEdge& x, const StoryEdge& y) {
  if (x.cosine != y.cosine) return x.cosine > y.cosine;
  if (x.a != y.a) return x.a < y.a;
  return x.b < y.b;
}

void SortStrongestFirst(std::vector<StoryEdge>* edges) {
  const auto stronger = Stronger;
  const size_t m = edges->size();
  constexpr size_t kMinBucketed = 4096;  // below, one std::sort
  if (m < kMinBucketed) {
    std::sort(edges->begin(), edges->end(), stronger);
    return;
  }
  double lo = (*edges)[0].cosine, hi = lo;
  for (const StoryEdge& e : *edges) {
    lo = std::min(lo, e.cosine);
    hi = std::max(hi, e.cosine);
  }
  const size_t buckets = m / 4;
  const double scale = hi > lo ? static_cast<double>(buckets) / (hi - lo) : 0.0;
  // (hi - cosine) * scale does not decrease as the cosine falls (rounding is monotone).
  auto bucket_of = [&](double cosine) {
    return std::min(static_cast<size_t>((hi - cosine) * scale), buckets - 1);
  };
  std::vector<uint32_t> start(buckets + 1, 0);
  for (const StoryEdge& e : *edges) ++start[bucket_of(e.cosine) + 1];
  for (size_t b = 0; b < buckets; ++b) start[b + 1] += start[b];
  std::vector<StoryEdge> sorted(m);
  {
    std::vector<uint32_t> next(start.begin(), start.end() - 1);
    for (const StoryEdge& e : *edges) sorted[next[bucket_of(e.cosine)]++] = e;
  }
  for (size_t b = 0; b < buckets; ++b) {
    if (start[b + 1] - start[b] > 1) std::sort(sorted.begin() + start[b], sorted.begin() + start[b + 1], stronger);
  }
  edges->swap(sorted);
}

class UnionFind {
 public:
  explicit UnionFind(uint32_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0u); }
  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  // Joins the sets of roots x and y under the smaller index; returns the new root.
  uint32_t Join(uint32_t x, uint32_t y) {
    if (y < x) std::swap(x, y);
    parent_[y] = x;
    return x;
  }

 private:
  std::vector<uint32_t> parent_;
};

}  // namespace

uint32_t EventTermMaxDf(const match::DfTable& df, const StoryOptions& options) {
  const uint64_t cap = std::max<uint64_t>(options.event_min_df_cap,
                                          df.num_documents() / std::max<uint32_t>(1, options.event_df_divisor));
  return static_cast<uint32_t>(std::min<uint64_t>(cap, 0xFFFFFFFFu));
}

std::vector<std::vector<uint32_t>> EventTerms(const std::vector<match::TermVector>& vectors,
                                              const match::DfTable& df, const StoryOptions& options,
                                              common::ThreadPool* pool) {
  const uint32_t cap = EventTermMaxDf(df, options);
  std::vector<std::vector<uint32_t>> out(vectors.size());
  auto pick = [&](size_t begin, size_t end) {
    for (size_t d = begin; d < end; ++d) {
      auto is_event_term = [&](uint32_t t) { return df.HeldByTwoToMax(t, cap); };
      const std::vector<uint32_t>& terms = vectors[d].terms;
      out[d].reserve(static_cast<size_t>(std::count_if(terms.begin(), terms.end(), is_event_term)));
      for (uint32_t t : terms) {  // ascending ids: the result is sorted
        if (is_event_term(t)) out[d].push_back(t);
      }
    }
  };
  if (pool) {
    pool->ParallelFor(vectors.size(), 256, pick);
  } else {
    pick(0, vectors.size());
  }
  return out;
}

bool SharesEventTerm(const std::vector<uint32_t>& x, const std::vector<uint32_t>& y) {
  return x.empty() || y.empty() || common::AnyCommon(x, y);
}

void KeepEdgesSharingEventTerms(const std::vector<std::vector<uint32_t>>& event_terms,
                                std::vector<StoryEdge>* edges, common::ThreadPool* pool) {
  std::vector<uint8_t> keep(edges->size());
  auto test = [&](size_t begin, size_t end) {
    for (size_t k = begin; k < end; ++k) {
      const std::vector<uint32_t>& x = event_terms[(*edges)[k].a];
      const std::vector<uint32_t>& y = event_terms[(*edges)[k].b];
      keep[k] = SharesEventTerm(x, y);
    }
  };
  if (pool) {
    pool->ParallelFor(edges->size(), 4096, test);
  } else {
    test(0, edges->size());
  }
  size_t out = 0;
  for (size_t k = 0; k < edges->size(); ++k) {
    if (keep[k]) (*edges)[out++] = (*edges)[k];
  }
  edges->resize(out);
}

std::vector<uint32_t> StoryClusters(const std::vector<match::TermVector>& vectors,
                                    std::vector<StoryEdge> edges,
                                    const std::vector<StoryEdge>& must_link,
                                    const StoryOptions& options,
                                    const std::vector<std::vector<uint32_t>>* event_terms) {
  const auto n = static_cast<uint32_t>(vectors.size());
  UnionFind sets(n);
  // The event terms of each cluster (the union of its members'), by root: a document's
  // own list until its cluster first grows (most documents never join anything, so the
  // lists are not copied up front).
  const bool guard = options.require_shared_event_term && event_terms != nullptr && event_terms->size() == n;
  std::vector<std::vector<uint32_t>> cluster_terms(guard ? n : 0);
  std::vector<uint8_t> own_terms(guard ? n : 0, 0);
  auto terms_of = [&](uint32_t root) -> const std::vector<uint32_t>& {
    return own_terms[root] ? cluster_terms[root] : (*event_terms)[root];
  };
  auto shares_event_term = [&](uint32_t x, uint32_t y) { return !guard || SharesEventTerm(terms_of(x), terms_of(y)); };
  // Centroids are created lazily: most documents of a large corpus never join anything.
  std::vector<Centroid> centroid(n);
  std::vector<uint8_t> has_centroid(n, 0);
  auto get = [&](uint32_t root) -> Centroid& {
    if (!has_centroid[root]) {
      Centroid& c = centroid[root];
      c.terms = vectors[root].terms;
      c.weights = vectors[root].weights;
      double norm2 = 0;
      for (float w : c.weights) norm2 += static_cast<double>(w) * w;
      c.norm = std::sqrt(norm2);
      has_centroid[root] = 1;
    }
    return centroid[root];
  };
  // A root without a centroid has not joined anything yet: a single document.
  auto size_of = [&](uint32_t root) -> uint32_t { return has_centroid[root] ? centroid[root].size : 1; };
  auto merge = [&](uint32_t x, uint32_t y) {
    Centroid& cx = get(x);
    Centroid& cy = get(y);
    const uint32_t root = sets.Join(x, y);
    const uint32_t other = root == x ? y : x;
    Centroid& into = root == x ? cx : cy;
    AddInto(&into, root == x ? cy : cx, options.centroid_terms);
    Centroid().terms.swap(centroid[other].terms);
    std::vector<float>().swap(centroid[other].weights);
    if (guard) {
      std::vector<uint32_t>& into = cluster_terms[root];
      if (!own_terms[root]) {
        into = (*event_terms)[root];
        own_terms[root] = 1;
      }
      if (own_terms[other]) {  // the larger list stays, the smaller one goes into it
        if (cluster_terms[other].size() > into.size()) into.swap(cluster_terms[other]);
        UniteInto(&into, cluster_terms[other]);
        std::vector<uint32_t>().swap(cluster_terms[other]);
      } else {
        UniteInto(&into, (*event_terms)[other]);
      }
    }
  };
  for (const StoryEdge& e : must_link) {
    const uint32_t x = sets.Find(e.a), y = sets.Find(e.b);
    if (x != y) merge(x, y);
  }
  edges.erase(std::remove_if(edges.begin(), edges.end(),
                             [&](const StoryEdge& e) { return e.cosine < options.min_edge_cosine; }),
              edges.end());
  if (!std::is_sorted(edges.begin(), edges.end(), Stronger)) SortStrongestFirst(&edges);
  // Edges are taken strongest first, so the first edge that leaves a cluster (and is not
  // inside it) is its strongest outgoing one: tried[root] records that it was seen.
  std::vector<uint8_t> tried(n, 0);
  std::vector<uint8_t> leaf_member(n, 0);  // joined through the leaf rule
  std::vector<float> dense;                // CentroidsClose's scratch
  for (const StoryEdge& e : edges) {
    const uint32_t x = sets.Find(e.a), y = sets.Find(e.b);
    if (x == y) continue;
    const uint32_t size_x = size_of(x), size_y = size_of(y);
    const bool single = size_x == 1 || size_y == 1;
    const double threshold = single ? options.join_threshold : options.merge_threshold;
    const bool strong_enough = single || e.cosine >= options.merge_min_edge;
    // Leaf rule: the small side's strongest outgoing edge, to a core member.
    bool leaf = false;
    uint32_t leaf_doc = 0;
    if (e.cosine >= options.leaf_edge_threshold && e.cosine - e.top_term >= options.leaf_min_robust) {
      const bool leaf_x = size_x <= options.leaf_max_size &&
                          (!tried[x] || !options.leaf_nearest_only) &&
                          (!options.leaf_to_core_only || !leaf_member[e.b]);
      const bool leaf_y = size_y <= options.leaf_max_size &&
                          (!tried[y] || !options.leaf_nearest_only) &&
                          (!options.leaf_to_core_only || !leaf_member[e.a]);
      leaf = leaf_x || leaf_y;
      leaf_doc = leaf_x ? e.a : e.b;
    }
    tried[x] = tried[y] = 1;
    // An edge that can neither merge (too weak between two clusters) nor join a leaf
    // changes nothing: the event-term and centroid tests are skipped (most of the edges
    // between two clusters once the large ones have formed).
    if (!strong_enough && !leaf) continue;
    if (!shares_event_term(x, y)) continue;
    if (strong_enough && CentroidsClose(get(x), get(y), threshold, options.min_average_link, &dense)) {
      merge(x, y);
      tried[sets.Find(x)] = 0;
    } else if (leaf) {
      merge(x, y);
      tried[sets.Find(x)] = 0;
      leaf_member[leaf_doc] = 1;
    }
  }
  std::vector<uint32_t> label(n);
  for (uint32_t d = 0; d < n; ++d) label[d] = sets.Find(d);
  return label;
}

namespace {

// FindStories; `release` (the same profiles, or null) has its term counts released once
// the vectors are built.
StoryScan FindStoriesIn(const std::vector<match::ContentProfile>& profiles,
                        const std::vector<uint8_t>& include, const std::vector<StoryEdge>& must_link,
                        const match::RewriteSettings& settings, const StoryOptions& options,
                        common::ThreadPool* pool, std::vector<match::ContentProfile>* release,
                        const CopyPairFn& copy_pair) {
  StoryScan out;
  common::Stopwatch watch;
  // Bytes held: the profiles with their term counts (before any are released) and the vectors.
  for (const match::ContentProfile& p : profiles) out.profile_bytes += p.MemoryBytes();
  match::RewriteCorpus corpus = release != nullptr ? match::BuildRewriteCorpus(release, include, pool)
                                                   : match::BuildRewriteCorpus(profiles, include, pool);
  for (const match::TermVector& v : corpus.vectors) out.profile_bytes += v.MemoryBytes();
  // Candidates that share no event term are neither edges nor reported pairs: verification
  // drops them (SharesEventTerm's test, from the terms it finds the two share).
  std::vector<std::vector<uint32_t>> event_terms =
      options.require_shared_event_term ? EventTerms(corpus.vectors, corpus.df, options, pool)
                                        : std::vector<std::vector<uint32_t>>();
  match::RewriteSettings verify_settings = settings;
  verify_settings.max_shared_df = options.require_shared_event_term ? EventTermMaxDf(corpus.df, options) : 0;
  std::vector<match::ScoredPair> scored =
      match::FindRewriteCandidates(corpus, include, verify_settings, pool, &out.stats);
  std::vector<StoryEdge> edges;
  edges.reserve(scored.size());
  for (const match::ScoredPair& p : scored) edges.push_back({p.a, p.b, p.cosine, p.top_term});
  out.seconds_candidates = watch.Lap();

  std::vector<std::pair<uint32_t, uint32_t>> related;
  related.reserve(must_link.size());
  for (const StoryEdge& e : must_link) related.push_back({std::min(e.a, e.b), std::max(e.a, e.b)});
  std::sort(related.begin(), related.end());
  const size_t n = profiles.size();
  // Pairs that may be reported: not linked and cosine >= min_pair_cosine (indices into
  // `scored`); a reported pair is one of them in one story, among the max_pairs_per_doc
  // strongest in-story ones of either document.
  std::vector<uint32_t> reportable;
  for (uint32_t k = 0; k < scored.size(); ++k) {
    const match::ScoredPair& p = scored[k];
    if (p.cosine < settings.min_pair_cosine) continue;
    if (std::binary_search(related.begin(), related.end(), std::make_pair(p.a, p.b))) continue;
    reportable.push_back(k);
  }
  // Of `pairs` (indices into `scored`), whether each is among the max_pairs_per_doc
  // strongest of either of its documents (ties: the earlier pair). Each document's pairs,
  // (cosine, position), in one array grouped by document (a counting sort: first[d] is
  // where document d's run starts).
  auto strongest_of_either = [&](const std::vector<uint32_t>& pairs) {
    std::vector<uint32_t> first(n + 1, 0);
    for (uint32_t k : pairs) {
      ++first[scored[k].a + 1];
      ++first[scored[k].b + 1];
    }
    for (size_t d = 0; d < n; ++d) first[d + 1] += first[d];
    std::vector<std::pair<double, uint32_t>> strongest(first[n]);
    {
      std::vector<uint32_t> next(first.begin(), first.end() - 1);
      for (uint32_t i = 0; i < pairs.size(); ++i) {
        const match::ScoredPair& p = scored[pairs[i]];
        strongest[next[p.a]++] = {p.cosine, i};
        strongest[next[p.b]++] = {p.cosine, i};
      }
    }
    // Each document's run in parallel; a pair kept by both of its documents is marked by
    // both (the same value: no conflict worth a lock, but written through atomic_ref).
    std::vector<uint8_t> keep(pairs.size(), 0);
    auto cut = [&](size_t from, size_t to) {
      for (size_t d = from; d < to; ++d) {
        const auto begin = strongest.begin() + first[d], end = strongest.begin() + first[d + 1];
        const auto kept = begin + std::min<size_t>(end - begin, settings.max_pairs_per_doc);
        std::partial_sort(begin, kept, end, [](const auto& x, const auto& y) {
          return x.first != y.first ? x.first > y.first : x.second < y.second;
        });
        for (auto it = begin; it != kept; ++it) {
          std::atomic_ref<uint8_t>(keep[it->second]).store(1, std::memory_order_relaxed);
        }
      }
    };
    if (pool != nullptr) {
      pool->ParallelFor(n, 1024, cut);
    } else {
      cut(0, n);
    }
    return keep;
  };

  // Story clustering runs on one thread. Beside it, another measures the pairs likely to
  // be reported (the strongest reportable pairs of each document, stories aside) until the
  // stories are done: their whole-text evidence, and their sentence evidence where they
  // keep their particulars. Typing then reuses what is there and measures the rest. Every
  // measure is a function of the two documents alone, so the output is the same however
  // far the speculation got (METER + Reuters, two threads: the stories take ~50 ms, a
  // tenth of the scan, with the other thread idle).
  // The likely pairs (indices into `scored`), strongest first, and the evidence of the
  // first speculated.size() of them: it grows as the speculation goes, so its memory is
  // that of the pairs measured (a million-document corpus has millions of likely pairs).
  // The strongest pairs are the likeliest to end inside one story and be reported: on the
  // 100k bench corpus, two threads, 66% of the pairs speculated in index order were
  // reported, and the rest of the speculation's work was lost.
  std::vector<uint32_t> likely_pairs;
  std::vector<match::PairEvidence> speculated;
  std::vector<match::SentenceIndex> sentences(n);
  std::vector<uint8_t> indexed(n, 0);
  // Where the profiles may be changed (`release`), a document's sentence terms go once its
  // index is built: the index stands for them from then on (StoryScan::Measure reads it),
  // and their memory takes part of the indices' (on the 100k bench corpus the indices are
  // the default scan's last large allocation, ~240 MB, and its peak).
  auto index_sentences = [&](uint32_t d) {
    if (indexed[d]) return;
    sentences[d] = match::IndexSentences(profiles[d], corpus.vectors[d], corpus.df);
    indexed[d] = 1;
    if (release != nullptr && sentences[d].num_sentences > 0) (*release)[d].ReleaseSentenceTerms();
  };
  // The edges StoryClusters takes, strongest first, sorted here in two halves at once and
  // merged (a total order: the same sequence as one sort), so that the one thread of the
  // clustering does not sort them.
  if (pool != nullptr && pool->num_threads() > 1) {
    edges.erase(std::remove_if(edges.begin(), edges.end(),
                               [&](const StoryEdge& e) { return e.cosine < options.min_edge_cosine; }),
                edges.end());
    const auto mid = edges.begin() + static_cast<ptrdiff_t>(edges.size() / 2);
    pool->ParallelFor(2, 1, [&](size_t first, size_t last) {
      for (size_t half = first; half < last; ++half) {
        std::vector<StoryEdge> part(half == 0 ? edges.begin() : mid, half == 0 ? mid : edges.end());
        SortStrongestFirst(&part);
        std::copy(part.begin(), part.end(), half == 0 ? edges.begin() : mid);
      }
    });
    std::inplace_merge(edges.begin(), mid, edges.end(), Stronger);
  }
  if (pool != nullptr && pool->num_threads() > 1 && !reportable.empty()) {
    const std::vector<uint8_t> likely = strongest_of_either(reportable);
    for (size_t i = 0; i < reportable.size(); ++i) {
      if (likely[i]) likely_pairs.push_back(reportable[i]);
    }
    std::sort(likely_pairs.begin(), likely_pairs.end(), [&](uint32_t x, uint32_t y) {
      return scored[x].cosine != scored[y].cosine ? scored[x].cosine > scored[y].cosine : x < y;
    });
    std::atomic<bool> stories_done{false};
    pool->Beside(
        [&] {
          out.story_of = StoryClusters(corpus.vectors, std::move(edges), must_link, options, &event_terms);
          stories_done.store(true, std::memory_order_release);
        },
        [&] {
          for (size_t i = 0; i < likely_pairs.size() && !stories_done.load(std::memory_order_acquire); ++i) {
            const match::ScoredPair& p = scored[likely_pairs[i]];
            match::PairEvidence e = match::MeasurePairOverall(profiles[p.a], profiles[p.b], corpus.vectors[p.a],
                                                              corpus.vectors[p.b], p.cosine);
            if (match::KeepsParticulars(e)) {
              index_sentences(p.a);
              index_sentences(p.b);
              match::AddSentenceEvidence(sentences[p.a], sentences[p.b], &e);
            }
            speculated.push_back(e);
          }
        });
  } else {
    out.story_of = StoryClusters(corpus.vectors, std::move(edges), must_link, options, &event_terms);
  }
  out.seconds_stories = watch.Lap();

  // Groups of documents joined by must_link links, for copy_pair.
  UnionFind copies(copy_pair ? static_cast<uint32_t>(n) : 0);
  if (copy_pair) {
    for (const StoryEdge& e : must_link) {
      const uint32_t x = copies.Find(e.a), y = copies.Find(e.b);
      if (x != y) copies.Join(x, y);
    }
  }
  // Reported: in one story, not linked, cosine >= min_pair_cosine, among the
  // max_pairs_per_doc strongest such edges of either document, and not copies inside one
  // group of links (asked last, of the few pairs kept: in a group of hundreds of near
  // copies nearly every pair is an edge).
  std::vector<uint32_t> in_story;  // indices into `scored`
  for (uint32_t k : reportable) {
    if (out.story_of[scored[k].a] == out.story_of[scored[k].b]) in_story.push_back(k);
  }
  const std::vector<uint8_t> keep = strongest_of_either(in_story);
  std::vector<uint32_t> reported;  // indices into `scored`
  for (size_t i = 0; i < in_story.size(); ++i) {
    if (!keep[i]) continue;
    const match::ScoredPair& p = scored[in_story[i]];
    if (copy_pair && copies.Find(p.a) == copies.Find(p.b) && copy_pair(p.a, p.b)) continue;
    reported.push_back(in_story[i]);
  }
  // The whole-text evidence of every reported pair first (or all of its evidence, taken
  // from the speculation): a pair that does not keep its particulars is same_story whatever
  // its sentences say, so only the others are measured sentence by sentence (44% of the
  // METER + Reuters pairs, most of them template items, need no sentence index).
  // The speculated pairs as (index into `scored`, position in `speculated`), by index.
  std::vector<std::pair<uint32_t, uint32_t>> speculated_at(speculated.size());
  for (uint32_t i = 0; i < speculated.size(); ++i) speculated_at[i] = {likely_pairs[i], i};
  std::sort(speculated_at.begin(), speculated_at.end());
  std::vector<match::PairEvidence> evidence(reported.size());
  std::vector<uint8_t> complete(reported.size(), 0);  // the evidence is all there
  auto overall = [&](size_t begin, size_t end) {
    for (size_t k = begin; k < end; ++k) {
      const match::ScoredPair& p = scored[reported[k]];
      const auto at = std::lower_bound(speculated_at.begin(), speculated_at.end(), std::make_pair(reported[k], 0u));
      if (at != speculated_at.end() && at->first == reported[k]) {
        evidence[k] = speculated[at->second];
        complete[k] = 1;
      } else {
        evidence[k] = match::MeasurePairOverall(profiles[p.a], profiles[p.b], corpus.vectors[p.a], corpus.vectors[p.b],
                                                p.cosine);
      }
    }
  };
  // Sentence vectors once per document measured.
  std::vector<uint8_t> measured(n, 0);
  auto split = [&](size_t begin, size_t end) {
    for (size_t d = begin; d < end; ++d) {
      if (measured[d]) index_sentences(static_cast<uint32_t>(d));
    }
  };
  out.pairs.resize(reported.size());
  auto measure = [&](size_t begin, size_t end) {
    for (size_t k = begin; k < end; ++k) {
      const match::ScoredPair& p = scored[reported[k]];
      match::PairEvidence& e = evidence[k];
      if (!complete[k] && match::KeepsParticulars(e)) match::AddSentenceEvidence(sentences[p.a], sentences[p.b], &e);
      out.pairs[k] = match::TypePair(p.a, p.b, e, settings);
    }
  };
  if (pool) {
    pool->ParallelFor(reported.size(), 256, overall);
  } else {
    overall(0, reported.size());
  }
  for (size_t k = 0; k < reported.size(); ++k) {
    if (!complete[k] && match::KeepsParticulars(evidence[k])) {
      measured[scored[reported[k]].a] = measured[scored[reported[k]].b] = 1;
    }
  }
  if (pool) {
    pool->ParallelFor(n, 256, split);
    pool->ParallelFor(reported.size(), 64, measure);
  } else {
    split(0, n);
    measure(0, reported.size());
  }
  out.seconds_typing = watch.Lap();
  out.sentences = std::move(sentences);
  out.corpus = std::move(corpus);
  out.event_terms = std::move(event_terms);
  return out;
}

}  // namespace

StoryScan FindStories(const std::vector<match::ContentProfile>& profiles,
                      const std::vector<uint8_t>& include, const std::vector<StoryEdge>& must_link,
                      const match::RewriteSettings& settings, const StoryOptions& options,
                      common::ThreadPool* pool, const CopyPairFn& copy_pair) {
  return FindStoriesIn(profiles, include, must_link, settings, options, pool, nullptr, copy_pair);
}

StoryScan FindStories(std::vector<match::ContentProfile>* profiles, const std::vector<uint8_t>& include,
                      const std::vector<StoryEdge>& must_link, const match::RewriteSettings& settings,
                      const StoryOptions& options, common::ThreadPool* pool, const CopyPairFn& copy_pair) {
  return FindStoriesIn(*profiles, include, must_link, settings, options, pool, profiles, copy_pair);
}

match::PairEvidence StoryScan::Measure(const std::vector<match::ContentProfile>& profiles, uint32_t a,
                                       uint32_t b) const {
  match::PairEvidence e = match::MeasurePairOverall(profiles[a], profiles[b], corpus.vectors[a], corpus.vectors[b]);
  if (!match::KeepsParticulars(e)) return e;  // same_story whatever the sentences say
  match::SentenceIndex built[2];
  const match::SentenceIndex* index[2];
  const uint32_t docs[2] = {a, b};
  for (int k = 0; k < 2; ++k) {
    const uint32_t d = docs[k];
    if (d < sentences.size() && sentences[d].num_sentences > 0) {
      index[k] = &sentences[d];
    } else {
      built[k] = match::IndexSentences(profiles[d], corpus.vectors[d], corpus.df);
      index[k] = &built[k];
    }
  }
  match::AddSentenceEvidence(*index[0], *index[1], &e);
  return e;
}

}  // namespace doppel::cluster
