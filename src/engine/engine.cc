// Engine: runs the pipeline stages over the corpus. See include/doppel/engine.h.
#include "doppel/engine.h"


#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <system_error>
#include <thread>

#include "clean/cleaner.h"
#include "common/hash.h"
#include "common/sorted_set.h"
#include "common/stopwatch.h"
#include "common/thread_pool.h"
#include "engine/scan_state.h"
#include "io/reader.h"

namespace doppel {
namespace {

// "1.50 GiB", "12.3 MiB", "640 KiB".
std::string Size(uint64_t bytes) {
  char buf[32];
  const double b = static_cast<double>(bytes);
  if (bytes >= (1ull << 30)) {
    std::snprintf(buf, sizeof buf, "%.2f GiB", b / (1ull << 30));
  } else if (bytes >= (1ull << 20)) {
    std::snprintf(buf, sizeof buf, "%.1f MiB", b / (1ull << 20));
  } else {
    std::snprintf(buf, sizeof buf, "%.0f KiB", b / 1024);
  }
  return buf;
}

// A number from the first line of a file ("max" and unreadable files give 0).
uint64_t ReadNumber(const char* path) {
  std::ifstream in(path);
  std::string word;
  if (!(in >> word) || word.empty() || word[0] < '0' || word[0] > '9') return 0;
  try {
    return std::stoull(word);
  } catch (const std::exception&) {  // out of range: no usable limit
    return 0;
  }
}

}  // namespace

uint64_t EstimateScanBytes(uint64_t text_bytes, uint64_t num_documents, ScanMode mode) {
  const double base = 16.0 * (1 << 20);
  const bool rewrite = mode == ScanMode::kRewrite;
  const double per_byte = rewrite ? 4.3 : 2.0;
  const double per_document = rewrite ? 5.0 * 1024 : 0.8 * 1024;
  return static_cast<uint64_t>(base + per_byte * static_cast<double>(text_bytes) +
                               per_document * static_cast<double>(num_documents));
}

uint64_t AvailableMemoryBytes() {
  uint64_t available = 0;
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  uint64_t kib = 0;
  std::string unit;
  while (meminfo >> key >> kib) {
    std::getline(meminfo, unit);
    if (key == "MemAvailable:") {
      available = kib * 1024;
      break;
    }
  }
  const uint64_t cgroup_max = ReadNumber("/sys/fs/cgroup/memory.max");
  if (cgroup_max > 0) {
    const uint64_t used = ReadNumber("/sys/fs/cgroup/memory.current");
    const uint64_t left = cgroup_max > used ? cgroup_max - used : 0;
    if (available == 0 || left < available) available = left;
  }
  return available;
}

// The ids read so far, as 64-bit hashes with the index of the document holding each, in
// an open-addressing table; equal hashes are settled on the documents' ids. (A set of
// strings kept a second copy of every id, an allocation and a node per document on the
// thread that hands documents over in order.)
class IdSet {
 public:
  // Whether `id` is new; then it is remembered as documents[index].
  bool Insert(std::string_view id, uint32_t index, const std::vector<Document>& documents) {
    if (2 * (size_ + 1) > index_.size()) Grow();
    const uint64_t hash = common::Hash64(id, kSeed);
    const size_t mask = index_.size() - 1;
    size_t slot = hash & mask;
    for (; index_[slot] != kEmpty; slot = (slot + 1) & mask) {
      if (hash_[slot] == hash && documents[index_[slot]].id == id) return false;
    }
    hash_[slot] = hash;
    index_[slot] = index;
    ++size_;
    return true;
  }

 private:
  static constexpr uint32_t kEmpty = 0xFFFFFFFFu;
  static constexpr uint64_t kSeed = 0x696473ull;  // "ids"
  void Grow() {
    std::vector<uint64_t> hash(std::max<size_t>(1024, 2 * index_.size()));
    std::vector<uint32_t> index(hash.size(), kEmpty);
    const size_t mask = index.size() - 1;
    for (size_t k = 0; k < index_.size(); ++k) {
      if (index_[k] == kEmpty) continue;
      size_t slot = hash_[k] & mask;
      while (index[slot] != kEmpty) slot = (slot + 1) & mask;
      hash[slot] = hash_[k];
      index[slot] = index_[k];
    }
    hash_.swap(hash);
    index_.swap(index);
  }
  std::vector<uint64_t> hash_;
  std::vector<uint32_t> index_;
  size_t size_ = 0;
};

struct Engine::Impl : io::DocumentSink {
  ~Impl() override { FinishReclaiming(); }

  Options options;
  // The engine's threads, started at their first use and kept until the engine goes:
  // reading, cleaning and scanning share them. (A pool of each call's own was joined at
  // its end: the scan's worker, leaving, freed its thread-local scratch while the caller
  // waited, 2-4 ms with two threads on the 100k bench corpus.)
  std::unique_ptr<common::ThreadPool> pool;
  common::ThreadPool* Pool() {
    if (pool == nullptr) pool = std::make_unique<common::ThreadPool>(options.num_threads);
    return pool.get();
  }
  // Frees a finished scan's rewrite state in the background (see Scan).
  std::thread reclaimer;
  void FinishReclaiming() {
    if (reclaimer.joinable()) reclaimer.join();
  }
  std::vector<Document> documents;
  bool text_released = false;  // by a scan with Options::release_text
  Status TextCheck() const {
    if (!text_released) return Status::Ok();
    return InvalidArgument("the documents' text was freed by an earlier scan (Options::release_text): add them again");
  }
  std::vector<InputIssue> issues;
  IdSet ids;
  ProgressFn progress;
  double seconds_read = 0;
  uint64_t text_bytes = 0;

  uint64_t Estimate() const { return EstimateScanBytes(text_bytes, documents.size(), options.mode); }
  bool OverMemory() const { return options.memory_limit != 0 && Estimate() > options.memory_limit; }
  Status MemoryCheck() const {
    if (!OverMemory()) return Status::Ok();
    return ResourceExhausted(
        "the corpus would need about " + Size(Estimate()) + " for --mode " +
        (options.mode == ScanMode::kRewrite ? "rewrite" : "near") + " (estimated from the " +
        std::to_string(documents.size()) + " documents and " + Size(text_bytes) +
        " of text read so far) but the memory limit is " + Size(options.memory_limit) +
        " (--max-memory; by default the memory available at start): scan a part of the corpus "
        "at a time, use --mode near (about 40% of the memory), or raise the limit");
  }

  void OnDocument(Document document) override {
    if (!ids.Insert(document.id, static_cast<uint32_t>(documents.size()), documents)) {
      issues.push_back({InputIssueKind::kDuplicateId, document.where,
                        "id '" + document.id + "' was seen before; this one is skipped", true});
      return;
    }
    text_bytes += document.text.size();
    documents.push_back(std::move(document));
  }
  // On the thread that called AddInputs (ProgressFn's promise): OnDocument may run on a
  // pool thread.
  void OnProgress() override { Report("read", documents.size(), 0); }
  void OnIssue(InputIssue issue) override { issues.push_back(std::move(issue)); }
  // --strict stops reading at the first issue.
  // --max-memory stops it as soon as the corpus read so far would not fit.
  bool StopRequested() override {
    return OverMemory() || (options.input.strict && issues.size() > strict_base);
  }
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
};

Engine::Engine(Options options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
}
Engine::~Engine() = default;

Status Engine::AddInputs(const std::vector<std::string>& paths) {
  const size_t before = impl_->issues.size();
  impl_->strict_base = before;
  common::Stopwatch watch;
  Status read = io::ReadPaths(paths, impl_->options.input, impl_.get(), impl_->Pool());
  impl_->seconds_read += watch.Lap();
  DOPPEL_RETURN_IF_ERROR(impl_->MemoryCheck());
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
  DOPPEL_RETURN_IF_ERROR(impl_->MemoryCheck());
  return impl_->StrictCheck(before);
}

const std::vector<InputIssue>& Engine::issues() const { return impl_->issues; }
size_t Engine::num_documents() const { return impl_->documents.size(); }
const Document& Engine::document(DocIndex index) const { return impl_->documents.at(index); }
void Engine::SetProgress(ProgressFn progress) { impl_->progress = std::move(progress); }

Result<std::vector<CleanedDocument>> Engine::Clean() {
  DOPPEL_RETURN_IF_ERROR(Validate(impl_->options));
  DOPPEL_RETURN_IF_ERROR(impl_->TextCheck());
  std::vector<std::vector<Removal>> removals = engine::FindAllRemovals(
      impl_->documents, impl_->options.clean, impl_->Pool(),
      [this](std::string_view stage, uint64_t done, uint64_t total) { impl_->Report(stage, done, total); });
  std::vector<CleanedDocument> out(impl_->documents.size());
  for (size_t d = 0; d < out.size(); ++d) {
    out[d].id = impl_->documents[d].id;
    out[d].text = clean::ApplyRemovals(impl_->documents[d].text, removals[d]);
    out[d].removed = std::move(removals[d]);
  }
  return out;
}

Result<ScanResult> Engine::Scan() {
  impl_->FinishReclaiming();  // the last scan's state is gone before this one starts
  const Options& opt = impl_->options;
  DOPPEL_RETURN_IF_ERROR(Validate(opt));
  DOPPEL_RETURN_IF_ERROR(impl_->TextCheck());
  DOPPEL_RETURN_IF_ERROR(impl_->MemoryCheck());
  const std::vector<Document>& docs = impl_->documents;
  if (docs.size() >= 0xFFFFFFF0u) return InvalidArgument("more than 4 billion documents in one scan");
  ScanResult result;
  result.ids.reserve(docs.size());
  for (const Document& d : docs) result.ids.push_back(d.id);
  result.issues = impl_->issues;
  result.stats.documents_read = docs.size();
  for (const InputIssue& issue : impl_->issues) result.stats.documents_skipped += issue.skipped;
  result.stats.seconds_read = impl_->seconds_read;

  engine::ScanState state(opt, docs, impl_->Pool(),
                          [this](std::string_view stage, uint64_t done, uint64_t total) {
                            impl_->Report(stage, done, total);
                          },
                          &result.stats);
  if (opt.release_text && !opt.choose_originals && opt.mode == ScanMode::kRewrite) {
    state.text_owner = &impl_->documents;
    impl_->text_released = true;
  }
  common::Stopwatch watch;
  engine::PrepareDocuments(&state);
  result.stats.seconds_prepare = watch.Lap();
  engine::GroupExactCopies(&state);
  engine::FindNearDuplicates(&state);
  result.stats.seconds_near = watch.Lap();
  if (opt.mode == ScanMode::kRewrite) engine::FindRewrites(&state);
  result.stats.seconds_match = result.stats.seconds_near + watch.Lap();
  // Pairs by relation, then a's id, then b's. The ids are compared once, in a sort of the
  // documents the pairs name (ids are unique), and the pairs by those ranks: a rewrite scan
  // reports several pairs per document. The pairs are put in order through 64-bit keys
  // (relation, rank of a, rank of b) and their positions, then moved once (sorting the
  // Pair objects moved each a dozen times). This runs beside the clusters' final ordering
  // (BuildClusters: both are serial, and the pairs are final by then).
  auto sort_pairs = [&] {
    std::vector<Pair>& pairs = state.pairs;
    std::vector<uint32_t> rank(docs.size(), 0);
    {
      std::vector<uint8_t> named(docs.size(), 0);
      std::vector<uint32_t> by_id;
      for (const Pair& p : pairs) {
        for (const DocIndex d : {p.a, p.b}) {
          if (!named[d]) {
            named[d] = 1;
            by_id.push_back(d);
          }
        }
      }
      std::sort(by_id.begin(), by_id.end(), [&](uint32_t x, uint32_t y) { return docs[x].id < docs[y].id; });
      for (size_t i = 0; i < by_id.size(); ++i) rank[by_id[i]] = static_cast<uint32_t>(i);
    }
    const auto less = [&](const Pair& x, const Pair& y) {
      if (x.relation != y.relation) return x.relation < y.relation;
      if (x.a != y.a) return rank[x.a] < rank[y.a];
      return rank[x.b] < rank[y.b];
    };
    if (docs.size() >= (size_t{1} << 29)) {  // ranks would not fit the keys
      std::sort(pairs.begin(), pairs.end(), less);
      return;
    }
    std::vector<common::Value128> order(pairs.size());
    for (uint32_t i = 0; i < order.size(); ++i) {
      const Pair& p = pairs[i];
      order[i] = {i, (static_cast<uint64_t>(p.relation) << 58) | (static_cast<uint64_t>(rank[p.a]) << 29) | rank[p.b]};
    }
    common::VectorSort128(order.data(), order.size());
    std::vector<Pair> sorted;
    sorted.reserve(order.size());
    for (const common::Value128& key_index : order) sorted.push_back(std::move(pairs[key_index.lo]));
    pairs.swap(sorted);
  };
  engine::BuildClusters(&state, &result, sort_pairs);
  result.pairs = std::move(state.pairs);
  // Rewrite mode: the rewrite stage's per-document state (hundreds of thousands of small
  // blocks: 10-15 ms on METER + Reuters; split over more threads it takes longer, each
  // block going back to the arena of the thread that allocated it) is freed by a thread of
  // its own while the caller writes the results; the next Scan or the engine's destructor
  // waits for it. (Before, it was freed beside the pairs' sort, which takes 4 ms.)
  // The per-document state of preparation (a shingle set, removals and an exact group
  // each) goes the same way, in both modes: freeing it was the last serial step of a scan
  // (METER + Reuters with two threads: the default scan 0.576 -> 0.560 s, near mode 0.188
  // -> 0.186 s, best of 7 runs).
  state.close_to_core = nullptr;  // its last user
  result.stats.index_bytes += state.band_keys.size() * sizeof(uint64_t);
  result.stats.index_bytes_band_keys += state.band_keys.size() * sizeof(uint64_t);
  auto reclaim = [profiles = std::move(state.rewrite_profiles), scan = std::move(state.rewrite_scan),
                  prepared = std::move(state.prepared), removals = std::move(state.removals),
                  members_of = std::move(state.members_of), band_keys = std::move(state.band_keys)]() mutable {
    profiles.reset();
    scan.reset();
    std::vector<engine::Prepared>().swap(prepared);
    std::vector<std::vector<Removal>>().swap(removals);
    std::vector<std::vector<uint32_t>>().swap(members_of);
    std::vector<uint64_t>().swap(band_keys);
  };
  try {
    impl_->reclaimer = std::thread(std::move(reclaim));
  } catch (const std::system_error&) {
    // No thread to be had: the state is freed here, by `reclaim` or (when std::thread had
    // already taken it) by the copy the failed thread dropped.
    reclaim();
  }
  result.stats.seconds_cluster = watch.Lap();
  return result;
}

}  // namespace doppel
