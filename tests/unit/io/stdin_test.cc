// "-": JSONL from standard input, plain or compressed (detected by magic number).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "common/thread_pool.h"
#include "io/byte_stream.h"
#include "io_test_util.h"

namespace doppel::io {
namespace {

using Strings = std::vector<std::string>;
using test_util::CollectingSink;
using test_util::TempDir;

// Runs ReadPaths(paths) with `fd` as fd 0 (closed once it is), restoring fd 0 afterwards.
Status ReadWithStdinFd(int fd, const std::vector<std::string>& paths, CollectingSink* sink,
                       common::ThreadPool* pool = nullptr, const ReadAheadPolicy& policy = ReadAheadPolicy{}) {
  const int saved = dup(0);
  dup2(fd, 0);
  close(fd);
  Status status = ReadPaths(paths, InputOptions{}, sink, pool, policy);
  dup2(saved, 0);
  close(saved);
  return status;
}

// Runs ReadPaths(paths) with fd 0 reading from `stdin_file`.
Status ReadWithStdin(const std::string& stdin_file, const std::vector<std::string>& paths,
                     CollectingSink* sink) {
  const int fd = open(stdin_file.c_str(), O_RDONLY);
  EXPECT_GE(fd, 0);
  return ReadWithStdinFd(fd, paths, sink);
}

TEST(StdinTest, ReadsPlainJsonlFromStdinNamedDash) {
  TempDir dir;
  std::string input = dir.Write("in", "{\"id\": \"a\", \"text\": \"x\"}\n[]\n");
  CollectingSink sink;
  ASSERT_TRUE(ReadWithStdin(input, {"-"}, &sink).ok());
  EXPECT_EQ(sink.Ids(), (Strings{"a"}));
  EXPECT_EQ(sink.documents[0].where.ToString(), "-:1");
  EXPECT_EQ(sink.IssueKeys(), (Strings{"not_an_object -:2"}));
}

TEST(StdinTest, DetectsGzipAndZstdOnStdin) {
  TempDir dir;
  std::string gz = dir.Write("in.gz", test_util::Gzip(test_util::NumberedJsonl(0, 3)));
  std::string zst = dir.Write("in.zst", test_util::Zstd(test_util::NumberedJsonl(5, 2)));
  CollectingSink gz_sink;
  ASSERT_TRUE(ReadWithStdin(gz, {"-"}, &gz_sink).ok());
  EXPECT_EQ(gz_sink.Ids(), test_util::NumberedIds(0, 3));
  CollectingSink zst_sink;
  ASSERT_TRUE(ReadWithStdin(zst, {"-"}, &zst_sink).ok());
  EXPECT_EQ(zst_sink.Ids(), test_util::NumberedIds(5, 2));
}

TEST(StdinTest, TruncatedCompressedStdinIsAnIssueNotAnError) {
  TempDir dir;
  std::string packed = test_util::Gzip(test_util::NumberedJsonl(0, 3));
  std::string input = dir.Write("cut.gz", packed.substr(0, packed.size() - 2));
  CollectingSink sink;
  ASSERT_TRUE(ReadWithStdin(input, {"-"}, &sink).ok());
  EXPECT_EQ(sink.Ids(), test_util::NumberedIds(0, 3));
  EXPECT_EQ(sink.IssueKeys(), (Strings{"truncated -:4"}));
}

TEST(StdinTest, ShortStdinIsReadWhole) {
  TempDir dir;
  std::string input = dir.Write("tiny", "{}");  // shorter than the 4-byte magic sniff
  CollectingSink sink;
  ASSERT_TRUE(ReadWithStdin(input, {"-"}, &sink).ok());
  EXPECT_EQ(sink.IssueKeys(), (Strings{"missing_id -:1"}));
}

TEST(StdinTest, UnreadableStdinIsAnIoError) {
  TempDir dir;
  // A directory opens fine but read(2) fails with EISDIR.
  CollectingSink sink;
  Status status = ReadWithStdin(dir.path(), {"-"}, &sink);
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_EQ(status.message().rfind("cannot read standard input: ", 0), 0u) << status.message();
}

TEST(StdinTest, MixesStdinWithFilesInArgumentOrder) {
  TempDir dir;
  std::string input = dir.Write("in", "{\"id\": \"from-stdin\", \"text\": \"x\"}\n");
  std::string file = dir.Write("f.txt", "file text");
  CollectingSink sink;
  ASSERT_TRUE(ReadWithStdin(input, {file, "-", file}, &sink).ok());
  EXPECT_EQ(sink.Ids(), (Strings{"f.txt", "from-stdin", "f.txt"}));
}

// Runs ReadPaths({"-"}) with fd 0 the read end of a pipe that a thread fills with
// `bytes` (in 64 KiB writes) and closes.
Status ReadFromPipe(const std::string& bytes, CollectingSink* sink, common::ThreadPool* pool,
                    const ReadAheadPolicy& policy = ReadAheadPolicy{}) {
  int ends[2];
  EXPECT_EQ(pipe(ends), 0);
  std::thread writer([&] {
    for (size_t at = 0; at < bytes.size();) {
      const ssize_t n = write(ends[1], bytes.data() + at, std::min<size_t>(bytes.size() - at, 65536));
      if (n <= 0) break;
      at += static_cast<size_t>(n);
    }
    close(ends[1]);
  });
  Status status = ReadWithStdinFd(ends[0], {"-"}, sink, pool, policy);
  writer.join();
  return status;
}

TEST(StdinTest, PipedStdinGivesTheSameWithThreadsAndReadAhead) {
  // Plain and compressed, with a malformed line: one thread, two threads (the default
  // policy: plain input is not read ahead, compressed is) and two threads reading
  // everything ahead in small chunks all give the same documents and issues.
  std::string plain = test_util::NumberedJsonl(0, 3000);
  plain.insert(plain.find('\n', plain.size() / 2) + 1, "{broken\n");  // between two lines
  for (const std::string& bytes : {plain, test_util::Zstd(plain), test_util::Gzip(plain)}) {
    common::ThreadPool pool_one(1), pool_two(2);
    CollectingSink one, two, ahead;
    ASSERT_TRUE(ReadFromPipe(bytes, &one, &pool_one).ok());
    ASSERT_TRUE(ReadFromPipe(bytes, &two, &pool_two).ok());
    ReadAheadPolicy always;
    always.min_plain_bytes = always.min_compressed_bytes = 0;
    always.chunk_bytes = 4096;
    always.max_chunks = 3;
    ASSERT_TRUE(ReadFromPipe(bytes, &ahead, &pool_two, always).ok());
    EXPECT_EQ(one.Ids(), test_util::NumberedIds(0, 3000));
    EXPECT_EQ(one.IssueKeys().size(), 1u);
    EXPECT_EQ(two.events, one.events);
    EXPECT_EQ(ahead.events, one.events);
    EXPECT_EQ(two.IssueKeys(), one.IssueKeys());
    EXPECT_EQ(ahead.IssueKeys(), one.IssueKeys());
  }
}

TEST(StdinTest, PipeBufferIsEnlargedAndOtherDescriptorsLeftAlone) {
  int ends[2];
  ASSERT_EQ(pipe(ends), 0);
  const int before = fcntl(ends[0], F_GETPIPE_SZ);
  EnlargePipeBuffer(ends[0]);
  const int after = fcntl(ends[0], F_GETPIPE_SZ);
  close(ends[0]);
  close(ends[1]);
  // The system may cap pipes below 1 MiB (/proc/sys/fs/pipe-max-size): never smaller.
  EXPECT_GE(after, before);
  std::ifstream max_size("/proc/sys/fs/pipe-max-size");
  long cap = 0;
  if (max_size >> cap && cap >= (1 << 20)) {
    EXPECT_EQ(after, 1 << 20);
  }
  TempDir dir;
  const int file = open(dir.Write("f", "x").c_str(), O_RDONLY);
  ASSERT_GE(file, 0);
  EnlargePipeBuffer(file);  // not a pipe: nothing to do, nothing fails
  EXPECT_EQ(fcntl(file, F_GETPIPE_SZ), -1);
  close(file);
}

}  // namespace
}  // namespace doppel::io
