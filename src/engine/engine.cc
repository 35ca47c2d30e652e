// Engine: runs the pipeline stages over the corpus. See include/doppel/engine.h.
#include "doppel/engine.h"

#include <xxhash.h>

#include <algorithm>
#include <chrono>
#include <unordered_set>

#include "clean/cleaner.h"
#include "cluster/derivation.h"
#include "cluster/original.h"
#include "cluster/verify.h"
#include "common/hash.h"
#include "common/thread_pool.h"
#include "index/candidates.h"
#include "io/reader.h"
#include "shingle/shingler.h"
#include "sketch/minhash.h"
#include "text/normalize.h"
#include "text/tokenize.h"

namespace doppel {
namespace {

using Clock = std::chrono::steady_clock;
double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// Exact copies larger than this are reported as a star (each member with the first one)
// rather than all pairs, so a text copied 10,000 times gives 9,999 lines, not 50 million.
constexpr size_t kMaxExactGroupAllPairs = 64;
// Documents smaller than this many distinct shingles are not reported as partial copies
// (a one-line text, such as a wire headline, is contained in many texts by chance).
constexpr uint32_t kMinPartialCopyShingles = 20;
// An excerpt has at most this share of its source's shingles; two texts of about the same
// size that share most shingles are near duplicates (or not), never excerpts.
constexpr double kMaxExcerptSizeRatio = 0.8;
// A document joins a cluster only when it is at least this similar (Jaccard or the
// containment of the smaller in the larger) to the cluster's core.
constexpr double kCoreMinSimilarity = 0.5;

// Per-document state kept after preparation.
struct Prepared {
  XXH128_hash_t exact{0, 0};
  uint32_t num_words = 0;
  std::vector<uint32_t> shingles;  // sorted unique 32-bit shingle hashes
};

bool SameHash(const XXH128_hash_t& x, const XXH128_hash_t& y) {
  return x.high64 == y.high64 && x.low64 == y.low64;
}
bool HashLess(const XXH128_hash_t& x, const XXH128_hash_t& y) {
  return x.high64 != y.high64 ? x.high64 < y.high64 : x.low64 < y.low64;
}

}  // namespace

struct Engine::Impl : io::DocumentSink {
  Options options;
  std::vector<Document> documents;
  std::vector<InputIssue> issues;
  std::unordered_set<std::string> ids;
  ProgressFn progress;
  double seconds_read = 0;

  void OnDocument(Document document) override {
    if (!ids.insert(document.id).second) {
      issues.push_back({InputIssueKind::kDuplicateId, document.where,
                        "id '" + document.id + "' was seen before; this one is skipped", true});
      return;
    }
    documents.push_back(std::move(document));
    if (documents.size() % 1024 == 0) Report("read", documents.size(), 0);
  }
  void OnIssue(InputIssue issue) override { issues.push_back(std::move(issue)); }
  // --strict stops reading at the first issue.
  bool StopRequested() override { return options.input.strict && issues.size() > strict_base; }
  size_t strict_base = 0;

  Status StrictCheck(size_t issues_before) const {
    if (!options.input.strict || issues.size() == issues_before) return Status::Ok();
    const InputIssue& first = issues[issues_before];
    return DataError(first.where.ToString() + ": " + InputIssueKindName(first.kind) + ": " +
                     first.detail + " (--strict)");
  }

  void Report(std::string_view stage, uint64_t done, uint64_t total) const {
    if (progress) progress(stage, done, total);
  }

  // Cleaning for every document: removals, in input order.
  std::vector<std::vector<Removal>> FindAllRemovals(common::ThreadPool* pool) {
    const size_t n = documents.size();
    std::vector<std::vector<Removal>> removals(n);
    if (!options.clean.enabled) return removals;
    std::vector<std::vector<uint64_t>> keys(n);
    pool->ParallelFor(
        n, 256,
        [&](size_t begin, size_t end) {
          for (size_t d = begin; d < end; ++d) keys[d] = clean::LineKeys(documents[d].text);
        },
        [&](size_t done, size_t total) { Report("clean: line statistics", done, total); });
    clean::CorpusLineStats stats;
    for (size_t d = 0; d < n; ++d) {
      stats.Add(keys[d]);
      std::vector<uint64_t>().swap(keys[d]);
    }
    stats.Finalize(options.clean);
    pool->ParallelFor(
        n, 256,
        [&](size_t begin, size_t end) {
          for (size_t d = begin; d < end; ++d)
            removals[d] = clean::FindRemovals(documents[d].text, &stats, options.clean);
        },
        [&](size_t done, size_t total) { Report("clean", done, total); });
    return removals;
  }
};

Engine::Engine(Options options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
}
Engine::~Engine() = default;

Status Engine::AddInputs(const std::vector<std::string>& paths) {
  const size_t before = impl_->issues.size();
  impl_->strict_base = before;
  auto start = Clock::now();
  Status read = io::ReadPaths(paths, impl_->options.input, impl_.get());
  impl_->seconds_read += Seconds(start);
  if (read.code() == StatusCode::kCancelled) return impl_->StrictCheck(before);
  DOPPEL_RETURN_IF_ERROR(read);
  return impl_->StrictCheck(before);
}

Status Engine::AddDocument(Document document) {
  const size_t before = impl_->issues.size();
  if (document.text.find_first_not_of(" \t\r\n\f\v") == std::string::npos) {
    impl_->OnIssue({InputIssueKind::kEmpty, document.where, "document is empty", true});
  } else {
    impl_->OnDocument(std::move(document));
  }
  return impl_->StrictCheck(before);
}

const std::vector<InputIssue>& Engine::issues() const { return impl_->issues; }
size_t Engine::num_documents() const { return impl_->documents.size(); }
const Document& Engine::document(DocIndex index) const { return impl_->documents.at(index); }
void Engine::SetProgress(ProgressFn progress) { impl_->progress = std::move(progress); }

Result<std::vector<CleanedDocument>> Engine::Clean() {
  DOPPEL_RETURN_IF_ERROR(Validate(impl_->options));
  common::ThreadPool pool(impl_->options.num_threads);
  std::vector<std::vector<Removal>> removals = impl_->FindAllRemovals(&pool);
  std::vector<CleanedDocument> out(impl_->documents.size());
  for (size_t d = 0; d < out.size(); ++d) {
    out[d].id = impl_->documents[d].id;
    out[d].text = clean::ApplyRemovals(impl_->documents[d].text, removals[d]);
    out[d].removed = std::move(removals[d]);
  }
  return out;
}

Result<ScanResult> Engine::Scan() {
  const Options& opt = impl_->options;
  DOPPEL_RETURN_IF_ERROR(Validate(opt));
  const std::vector<Document>& docs = impl_->documents;
  const size_t n = docs.size();
  if (n >= 0xFFFFFFF0u) return InvalidArgument("more than 4 billion documents in one scan");
  common::ThreadPool pool(opt.num_threads);
  ScanResult result;
  result.ids.reserve(n);
  for (const Document& d : docs) result.ids.push_back(d.id);
  result.issues = impl_->issues;
  result.stats.documents_read = n;
  result.stats.documents_skipped = 0;
  for (const InputIssue& issue : impl_->issues) result.stats.documents_skipped += issue.skipped;
  result.stats.seconds_read = impl_->seconds_read;

  // 1. Cleaning, normalisation, shingles, sketches.
  auto start = Clock::now();
  std::vector<std::vector<Removal>> removals = impl_->FindAllRemovals(&pool);
  const int num_slots = opt.near.num_bands * opt.near.rows_per_band;
  sketch::OnePermutationMinHasher hasher(num_slots, opt.near.seed);
  std::vector<Prepared> prepared(n);
  std::vector<uint32_t> signatures(n * static_cast<size_t>(num_slots));
  std::vector<uint32_t> boilerplate_bytes(n, 0), repeated_bytes(n, 0);
  pool.ParallelFor(
      n, 64,
      [&](size_t begin, size_t end) {
        std::vector<text::Span> words;
        std::vector<uint64_t> word_hashes, shingle_hashes;
        for (size_t d = begin; d < end; ++d) {
          for (const Removal& r : removals[d]) {
            (r.kind == RemovalKind::kRepeated ? repeated_bytes : boilerplate_bytes)[d] += r.end - r.begin;
          }
          // Most documents lose nothing to cleaning: normalise them without a copy.
          const std::string normalized =
              removals[d].empty()
                  ? text::Normalize(docs[d].text, opt.normalize)
                  : text::Normalize(clean::ApplyRemovals(docs[d].text, removals[d]), opt.normalize);
          text::TokenizeWords(normalized, &words);
          shingle::HashWords(normalized, words, opt.near.seed, &word_hashes);
          shingle::ShingleHashes(word_hashes, opt.near.shingle_size, &shingle_hashes);
          Prepared& p = prepared[d];
          p.num_words = static_cast<uint32_t>(words.size());
          // The exact key is the word sequence, so spacing and punctuation-only
          // differences do not split exact copies.
          p.exact = XXH3_128bits(word_hashes.data(), word_hashes.size() * sizeof(uint64_t));
          shingle::ShingleSet32(shingle_hashes, &p.shingles);
          hasher.Sketch(shingle_hashes.data(), shingle_hashes.size(),
                        signatures.data() + d * num_slots);
        }
      },
      [&](size_t done, size_t total) { impl_->Report("sketch", done, total); });
  for (size_t d = 0; d < n; ++d) result.stats.bytes_removed += boilerplate_bytes[d] + repeated_bytes[d];
  for (const Document& d : docs) result.stats.bytes_read += d.text.size();
  removals.clear();
  result.stats.seconds_prepare = Seconds(start);

  // 2. Exact groups: documents with the same word sequence. Documents without words take
  // no part in matching.
  start = Clock::now();
  std::vector<uint32_t> by_hash;
  for (uint32_t d = 0; d < n; ++d) {
    if (prepared[d].num_words > 0) by_hash.push_back(d);
  }
  std::sort(by_hash.begin(), by_hash.end(), [&](uint32_t x, uint32_t y) {
    if (!SameHash(prepared[x].exact, prepared[y].exact))
      return HashLess(prepared[x].exact, prepared[y].exact);
    return x < y;
  });
  std::vector<uint32_t> rep(n);  // exact-group representative (lowest index)
  for (uint32_t d = 0; d < n; ++d) rep[d] = d;
  std::vector<uint32_t> group_size(n, 1);
  std::vector<uint8_t> include(n, 0);
  auto id_less = [&](uint32_t x, uint32_t y) { return docs[x].id < docs[y].id; };
  for (size_t i = 0; i < by_hash.size();) {
    size_t j = i + 1;
    while (j < by_hash.size() && SameHash(prepared[by_hash[j]].exact, prepared[by_hash[i]].exact)) ++j;
    const uint32_t r = by_hash[i];
    include[r] = 1;
    group_size[r] = static_cast<uint32_t>(j - i);
    std::vector<uint32_t> group(by_hash.begin() + i, by_hash.begin() + j);
    for (uint32_t d : group) rep[d] = r;
    if (group.size() >= 2) {
      std::sort(group.begin(), group.end(), id_less);
      const size_t core = group.size() <= kMaxExactGroupAllPairs ? group.size() : 1;
      for (size_t x = 0; x < core; ++x) {
        for (size_t y = x + 1; y < group.size(); ++y) {
          result.pairs.push_back({group[x], group[y], Relation::kExact, 1.0, {}});
        }
      }
    }
    i = j;
  }

  // 3. Candidates: MinHash-LSH bands (near duplicates) and sampled shingles (partial
  // copies), over exact-group representatives only.
  index::CandidateStats cand_stats;
  index::CandidateOptions band_opts;
  band_opts.max_posting_size = opt.near.max_bucket_size;
  std::vector<index::Posting> postings =
      index::BandPostings(signatures, num_slots, opt.near.num_bands, opt.near.rows_per_band, include);
  std::vector<index::Candidate> candidates =
      index::CandidatesFromPostings(&postings, static_cast<uint32_t>(n), band_opts, &pool, &cand_stats);
  postings.clear();
  const uint32_t mod = opt.near.containment_sample_mod;
  for (uint32_t d = 0; d < n; ++d) {
    if (!include[d]) continue;
    for (uint32_t s : prepared[d].shingles) {
      if (common::Mix64(s) % mod == 0) postings.push_back({s, d});
    }
  }
  index::CandidateOptions sample_opts;
  sample_opts.max_posting_size = opt.near.max_bucket_size;
  // An excerpt keeps ~containment of its samples; half of the smaller document's samples
  // (and at least two) leaves a wide margin below the 0.8 default while dropping pairs
  // that share a sentence or two by chance.
  sample_opts.min_shared_keys = 2;
  sample_opts.min_shared_fraction = 0.5;
  std::vector<index::Candidate> sampled =
      index::CandidatesFromPostings(&postings, static_cast<uint32_t>(n), sample_opts, &pool, &cand_stats);
  std::vector<index::Posting>().swap(postings);
  candidates.insert(candidates.end(), sampled.begin(), sampled.end());
  std::sort(candidates.begin(), candidates.end(), [](const auto& x, const auto& y) {
    return x.a != y.a ? x.a < y.a : x.b < y.b;
  });
  candidates.erase(std::unique(candidates.begin(), candidates.end(),
                               [](const auto& x, const auto& y) { return x.a == y.a && x.b == y.b; }),
                   candidates.end());
  result.stats.candidate_pairs = candidates.size();

  // 4. Verify every candidate on the exact shingle sets.
  std::vector<Pair> verified(candidates.size());
  std::vector<uint8_t> accepted(candidates.size(), 0);
  const NearDupOptions& near = opt.near;
  pool.ParallelFor(
      candidates.size(), 1024,
      [&](size_t begin, size_t end) {
        for (size_t c = begin; c < end; ++c) {
          const uint32_t a = candidates[c].a, b = candidates[c].b;
          const cluster::SetOverlap o = cluster::CompareSets(prepared[a].shingles, prepared[b].shingles);
          const double j = o.jaccard();
          Pair& p = verified[c];
          if (j >= near.jaccard_threshold) {
            p = {a, b, Relation::kNearDuplicate, j, {}};
            if (id_less(b, a)) std::swap(p.a, p.b);
          } else {
            // Partial copy: the smaller document mostly contained in the larger.
            const bool a_smaller = o.size_a < o.size_b || (o.size_a == o.size_b && a > b);
            const double contained = a_smaller ? o.containment_of_a() : o.containment_of_b();
            const uint32_t small_size = a_smaller ? o.size_a : o.size_b;
            const uint32_t large_size = a_smaller ? o.size_b : o.size_a;
            if (contained < near.containment_threshold || small_size < kMinPartialCopyShingles ||
                small_size > kMaxExcerptSizeRatio * large_size) {
              continue;
            }
            p = {a_smaller ? b : a, a_smaller ? a : b, Relation::kPartialCopy, contained, {}};
          }
          p.features = {{"jaccard", j},
                        {"containment", std::max(o.containment_of_a(), o.containment_of_b())},
                        {"shingles_a", static_cast<double>(p.a == a ? o.size_a : o.size_b)},
                        {"shingles_b", static_cast<double>(p.a == a ? o.size_b : o.size_a)}};
          accepted[c] = 1;
        }
      },
      [&](size_t done, size_t total) { impl_->Report("verify", done, total); });
  // Members of exact groups share their representative's pairs (all of them while both
  // groups are small, else only the representatives').
  std::vector<std::vector<uint32_t>> members_of(n);
  for (uint32_t d : by_hash) members_of[rep[d]].push_back(d);
  std::vector<cluster::Edge> edges;
  for (size_t c = 0; c < candidates.size(); ++c) {
    if (!accepted[c]) continue;
    const uint32_t ra = candidates[c].a, rb = candidates[c].b;
    edges.push_back({ra, rb, verified[c].score});
    const Pair& p = verified[c];
    const std::vector<uint32_t>& group_a = members_of[p.a];
    const std::vector<uint32_t>& group_b = members_of[p.b];
    if (group_a.size() * group_b.size() == 1 || group_a.size() > kMaxExactGroupAllPairs ||
        group_b.size() > kMaxExactGroupAllPairs) {
      result.pairs.push_back(p);
      continue;
    }
    for (uint32_t x : group_a) {
      for (uint32_t y : group_b) {
        Pair q = p;
        q.a = x;
        q.b = y;
        if (q.relation != Relation::kPartialCopy && id_less(y, x)) std::swap(q.a, q.b);
        result.pairs.push_back(std::move(q));
      }
    }
  }
  result.stats.seconds_match = Seconds(start);

  // 5. Clusters over representatives; exact copies follow their representative.
  start = Clock::now();
  std::vector<uint32_t> center = cluster::StarCluster(
      static_cast<uint32_t>(n), edges, group_size, [&](uint32_t x, uint32_t core) {
        const cluster::SetOverlap o = cluster::CompareSets(prepared[x].shingles, prepared[core].shingles);
        const double smaller_contained =
            o.size_a <= o.size_b ? o.containment_of_a() : o.containment_of_b();
        return std::max(o.jaccard(), smaller_contained) >= kCoreMinSimilarity;
      });
  std::vector<std::vector<uint32_t>> by_center(n);
  for (uint32_t d = 0; d < n; ++d) by_center[center[rep[d]]].push_back(d);
  std::vector<uint32_t> centers;
  for (uint32_t c = 0; c < n; ++c) {
    if (by_center[c].size() >= 2) centers.push_back(c);
  }
  // Excerpt edges by cluster, for the original's direction evidence.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> excerpts_of(n);
  for (const Pair& p : result.pairs) {
    if (p.relation == Relation::kPartialCopy) excerpts_of[center[rep[p.a]]].push_back({p.a, p.b});
  }
  result.clusters.resize(centers.size());
  pool.ParallelFor(centers.size(), 16, [&](size_t begin, size_t end) {
    for (size_t k = begin; k < end; ++k) {
      std::vector<uint32_t>& members = by_center[centers[k]];
      std::sort(members.begin(), members.end(), id_less);
      std::vector<cluster::MemberFacts> facts;
      for (uint32_t m : members) {
        facts.push_back({m, docs[m].time, prepared[m].num_words, boilerplate_bytes[m],
                         repeated_bytes[m], cluster::FactAtoms(docs[m].text)});
      }
      std::vector<cluster::ExcerptEdge> excerpts;
      for (const auto& [source, excerpt] : excerpts_of[centers[k]]) {
        auto at = [&](uint32_t d) {
          return static_cast<uint32_t>(std::lower_bound(members.begin(), members.end(), d, id_less) -
                                       members.begin());
        };
        excerpts.push_back({at(source), at(excerpt)});
      }
      cluster::OriginalChoice choice = cluster::ChooseOriginal(facts, excerpts);
      Cluster& cl = result.clusters[k];
      cl.original = choice.doc;
      cl.original_confidence = choice.confidence;
      cl.original_reasons = std::move(choice.reasons);
      cl.members = std::move(members);
    }
  });
  std::sort(result.clusters.begin(), result.clusters.end(), [&](const Cluster& x, const Cluster& y) {
    if (x.members.size() != y.members.size()) return x.members.size() > y.members.size();
    return docs[x.members[0]].id < docs[y.members[0]].id;
  });
  for (size_t i = 0; i < result.clusters.size(); ++i) {
    result.clusters[i].id = static_cast<uint32_t>(i);
    result.clusters[i].story = static_cast<uint32_t>(i);
  }
  std::sort(result.pairs.begin(), result.pairs.end(), [&](const Pair& x, const Pair& y) {
    if (x.relation != y.relation) return x.relation < y.relation;
    if (docs[x.a].id != docs[y.a].id) return docs[x.a].id < docs[y.a].id;
    return docs[x.b].id < docs[y.b].id;
  });
  result.stats.index_bytes = signatures.size() * sizeof(uint32_t);
  result.stats.seconds_cluster = Seconds(start);
  return result;
}

}  // namespace doppel
