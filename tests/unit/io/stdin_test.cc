// "-": JSONL from standard input, plain or compressed (detected by magic number).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "io_test_util.h"

namespace doppel::io {
namespace {

using Strings = std::vector<std::string>;
using test_util::CollectingSink;
using test_util::TempDir;

// Runs ReadPaths(paths) with fd 0 reading from `stdin_file`, restoring fd 0 afterwards.
Status ReadWithStdin(const std::string& stdin_file, const std::vector<std::string>& paths,
                     CollectingSink* sink) {
  int saved = dup(0);
  int fd = open(stdin_file.c_str(), O_RDONLY);
  EXPECT_GE(fd, 0);
  dup2(fd, 0);
  close(fd);
  Status status = ReadPaths(paths, InputOptions{}, sink);
  dup2(saved, 0);
  close(saved);
  return status;
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

}  // namespace
}  // namespace doppel::io
