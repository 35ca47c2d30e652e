// Helpers for the io tests: a scratch directory, a collecting sink, and in-memory gzip
// and zstd compressors (so compressed inputs are generated at test time).
#pragma once

#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <random>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <string_view>
#include <vector>

#include "doppel/document.h"
#include "io/byte_stream.h"
#include "io/reader.h"

namespace doppel::io::test_util {

// Serves `data` in chunks of pseudo-random size (1..max_chunk), then optionally fails.
class ChoppyStream : public ByteStream {
 public:
  ChoppyStream(std::string data, size_t max_chunk, Status fail_at_end = Status::Ok())
      : data_(std::move(data)), max_chunk_(max_chunk), fail_at_end_(std::move(fail_at_end)) {}
  Result<size_t> Read(char* dst, size_t capacity) override {
    if (pos_ == data_.size()) {
      if (!fail_at_end_.ok()) return fail_at_end_;
      return size_t{0};
    }
    size_t n = std::min({capacity, data_.size() - pos_, 1 + rng_() % max_chunk_});
    std::memcpy(dst, data_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::string data_;
  size_t pos_ = 0;
  size_t max_chunk_;
  Status fail_at_end_;
  std::mt19937 rng_{12345};
};

// A fresh directory under $TMPDIR, removed with its contents at destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "doppel_io_XXXXXX").string();
    char* made = mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string Path(std::string_view rel) const { return path_ + "/" + std::string(rel); }

  // Writes `bytes` to `rel` (creating parent directories) and returns the full path.
  std::string Write(std::string_view rel, std::string_view bytes) const {
    std::string full = Path(rel);
    std::filesystem::create_directories(std::filesystem::path(full).parent_path());
    std::ofstream out(full, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    EXPECT_TRUE(out.good()) << full;
    return full;
  }

 private:
  std::string path_;
};

class CollectingSink : public DocumentSink {
 public:
  void OnDocument(Document document) override {
    events.push_back("doc " + document.id);
    documents.push_back(std::move(document));
  }
  void OnIssue(InputIssue issue) override {
    events.push_back(std::string("issue ") + InputIssueKindName(issue.kind));
    issues.push_back(std::move(issue));
  }
  bool StopRequested() override {
    return stop_after_issues > 0 && issues.size() >= stop_after_issues;
  }
  void OnProgress() override { progress_threads.push_back(std::this_thread::get_id()); }

  // "kind file:line" for each issue, in order.
  std::vector<std::string> IssueKeys() const {
    std::vector<std::string> keys;
    for (const InputIssue& issue : issues) {
      keys.push_back(std::string(InputIssueKindName(issue.kind)) + " " + issue.where.ToString());
    }
    return keys;
  }
  std::vector<std::string> Ids() const {
    std::vector<std::string> ids;
    for (const Document& document : documents) ids.push_back(document.id);
    return ids;
  }

  std::vector<Document> documents;
  std::vector<InputIssue> issues;
  std::vector<std::string> events;  // documents and issues interleaved, in order
  size_t stop_after_issues = 0;     // > 0: ask to stop once this many issues arrived
  std::vector<std::thread::id> progress_threads;  // the thread of each OnProgress call
};

// A gzip member holding `data` (deflate via zlib, gzip wrapper).
inline std::string Gzip(std::string_view data, int level = 6) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// One zstd frame holding `data`.
inline std::string Zstd(std::string_view data, int level = 3) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  size_t size = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), level);
  EXPECT_FALSE(ZSTD_isError(size));
  out.resize(size);
  return out;
}

// JSONL lines "{"id": "<prefix><n>", "text": "document number <n> ..."}" for n in
// [first, first + count).
inline std::string NumberedJsonl(int first, int count, std::string_view prefix = "d") {
  std::string out;
  for (int n = first; n < first + count; ++n) {
    out += "{\"id\": \"" + std::string(prefix) + std::to_string(n) +
           "\", \"text\": \"document number " + std::to_string(n) +
           " with some filler words to make it longer\"}\n";
  }
  return out;
}

inline std::vector<std::string> NumberedIds(int first, int count, std::string_view prefix = "d") {
  std::vector<std::string> ids;
  for (int n = first; n < first + count; ++n)
    ids.push_back(std::string(prefix) + std::to_string(n));
  return ids;
}

}  // namespace doppel::io::test_util
