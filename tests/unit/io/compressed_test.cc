// .jsonl.gz and .jsonl.zst: round trips, concatenated members, and damaged streams.
// Compressed inputs are made at test time with zlib and libzstd.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/thread_pool.h"
#include "io_test_util.h"

namespace doppel::io {
namespace {

using Strings = std::vector<std::string>;
using test_util::CollectingSink;
using test_util::Gzip;
using test_util::NumberedIds;
using test_util::NumberedJsonl;
using test_util::TempDir;
using test_util::Zstd;

CollectingSink ReadFile(const std::string& path) {
  CollectingSink sink;
  Status status = ReadPaths({path}, InputOptions{}, &sink);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return sink;
}

// Enough lines that the decompressed stream spans several 1 MiB input blocks and
// several 4 MiB line-buffer fills.
constexpr int kManyLines = 60000;

TEST(CompressedTest, ReadsGzipJsonlAcrossManyBlocks) {
  TempDir dir;
  std::string path = dir.Write("big.jsonl.gz", Gzip(NumberedJsonl(0, kManyLines), 1));
  CollectingSink sink = ReadFile(path);
  EXPECT_TRUE(sink.issues.empty());
  EXPECT_EQ(sink.Ids(), NumberedIds(0, kManyLines));
  EXPECT_EQ(sink.documents.back().where.ToString(), path + ":" + std::to_string(kManyLines));
}

TEST(CompressedTest, ReadsZstdJsonlAcrossManyBlocks) {
  TempDir dir;
  std::string path = dir.Write("big.jsonl.zst", Zstd(NumberedJsonl(0, kManyLines), 1));
  CollectingSink sink = ReadFile(path);
  EXPECT_TRUE(sink.issues.empty());
  EXPECT_EQ(sink.Ids(), NumberedIds(0, kManyLines));
}

TEST(CompressedTest, ReadsConcatenatedGzipMembers) {
  TempDir dir;
  // The first member ends mid-line: members are byte streams, not line containers.
  std::string all = NumberedJsonl(0, 30);
  std::string path =
      dir.Write("cat.jsonl.gz", Gzip(all.substr(0, 1001)) + Gzip("") + Gzip(all.substr(1001)));
  CollectingSink sink = ReadFile(path);
  EXPECT_TRUE(sink.issues.empty());
  EXPECT_EQ(sink.Ids(), NumberedIds(0, 30));
}

TEST(CompressedTest, ReadsConcatenatedZstdFrames) {
  TempDir dir;
  std::string all = NumberedJsonl(0, 30);
  std::string path = dir.Write("cat.jsonl.zst", Zstd(all.substr(0, 777)) + Zstd(all.substr(777)));
  CollectingSink sink = ReadFile(path);
  EXPECT_TRUE(sink.issues.empty());
  EXPECT_EQ(sink.Ids(), NumberedIds(0, 30));
}

TEST(CompressedTest, TruncatedGzipKeepsLinesBeforeTheCutAndReportsTheLineReached) {
  TempDir dir;
  std::string plain = NumberedJsonl(1, 200);
  std::string packed = Gzip(plain, 0);  // stored blocks: decompressed bytes track the cut
  // Cut inside line 100 (1-based); lines 1..99 are whole before the cut.
  size_t line_100_start = 0;
  for (int line = 1; line < 100; ++line) line_100_start = plain.find('\n', line_100_start) + 1;
  size_t cut = packed.size() - (plain.size() - line_100_start) + 10;
  std::string path = dir.Write("cut.jsonl.gz", packed.substr(0, cut));
  CollectingSink sink = ReadFile(path);
  EXPECT_EQ(sink.Ids(), NumberedIds(1, 99));
  EXPECT_EQ(sink.IssueKeys(), (Strings{"truncated " + path + ":100"}));
  EXPECT_EQ(sink.issues[0].detail,
            "gzip stream is truncated (ends inside member 1) at line 100; the incomplete line "
            "is dropped; the lines before it were read");
  EXPECT_TRUE(sink.issues[0].skipped);
}

TEST(CompressedTest, GzipCutInItsTrailerStillDeliversEveryLine) {
  TempDir dir;
  std::string packed = Gzip(NumberedJsonl(0, 50));
  std::string path = dir.Write("trailer.jsonl.gz", packed.substr(0, packed.size() - 4));
  CollectingSink sink = ReadFile(path);
  EXPECT_EQ(sink.Ids(), NumberedIds(0, 50));
  EXPECT_EQ(sink.IssueKeys(), (Strings{"truncated " + path + ":51"}));
  EXPECT_EQ(sink.issues[0].detail,
            "gzip stream is truncated (ends inside member 1) at line 51; the lines before it "
            "were read");
}

TEST(CompressedTest, CorruptGzipDataIsReportedAndTheLinesBeforeTheDamageAreKept) {
  TempDir dir;
  std::string packed = Gzip(NumberedJsonl(0, 2000));
  // Damage the deflate data in the middle (about line 1000 of 2000).
  for (size_t pos = packed.size() / 2; pos < packed.size() / 2 + 16; ++pos) packed[pos] ^= 0x5A;
  std::string path = dir.Write("bad.jsonl.gz", packed);
  CollectingSink sink = ReadFile(path);
  // Bytes decoded from damaged back-references may form broken lines before zlib notices
  // (malformed_json issues); the stream fault itself is always the last issue.
  ASSERT_FALSE(sink.issues.empty());
  const InputIssue& last = sink.issues.back();
  EXPECT_EQ(last.kind, InputIssueKind::kTruncated);
  EXPECT_EQ(last.where.file, path);
  EXPECT_NE(last.detail.find("gzip"), std::string::npos) << last.detail;
  for (size_t k = 0; k + 1 < sink.issues.size(); ++k) {
    EXPECT_NE(sink.issues[k].kind, InputIssueKind::kTruncated);
  }
  ASSERT_GE(sink.documents.size(), 900u);
  std::vector<std::string> ids = sink.Ids();
  ids.resize(900);
  EXPECT_EQ(ids, NumberedIds(0, 900));
}

TEST(CompressedTest, GzipCrcMismatchSaysTheTextMayBeDamaged) {
  TempDir dir;
  std::string plain = NumberedJsonl(0, 10);
  std::string packed = Gzip(plain, 0);  // stored block: a flipped byte decodes as is
  size_t in_text = packed.find("number 5");
  ASSERT_NE(in_text, std::string::npos);
  packed[in_text + 7] = '6';
  std::string path = dir.Write("crc.jsonl.gz", packed);
  CollectingSink sink = ReadFile(path);
  EXPECT_EQ(sink.Ids(), NumberedIds(0, 10));
  EXPECT_EQ(sink.documents[5].text.rfind("document number 6", 0), 0u);
  EXPECT_EQ(sink.IssueKeys(), (Strings{"truncated " + path + ":11"}));
  EXPECT_EQ(sink.issues[0].detail,
            "gzip member 1 fails its CRC-32 check (the text read from it may be damaged) at "
            "line 11; the lines before it were read");
}

TEST(CompressedTest, GarbageAfterGzipMemberIsReportedAfterAllLines) {
  TempDir dir;
  std::string path =
      dir.Write("junk.jsonl.gz", Gzip(NumberedJsonl(0, 10)) + "this is not gzip data\n");
  CollectingSink sink = ReadFile(path);
  EXPECT_EQ(sink.Ids(), NumberedIds(0, 10));
  EXPECT_EQ(sink.IssueKeys(), (Strings{"truncated " + path + ":11"}));
  EXPECT_EQ(sink.issues[0].detail.rfind("data after gzip member 1 is not a gzip member", 0), 0u)
      << sink.issues[0].detail;
}

TEST(CompressedTest, CompressedContentNamedPlainJsonlIsDetectedByMagicNumber) {
  TempDir dir;
  std::string gz = dir.Write("gz.jsonl", Gzip(NumberedJsonl(0, 3)));
  std::string zst = dir.Write("zst.jsonl", Zstd(NumberedJsonl(3, 3)));
  std::string tiny = dir.Write("tiny.jsonl", "{}");  // shorter than a magic number
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({gz, zst, tiny}, InputOptions{}, &sink).ok());
  EXPECT_EQ(sink.Ids(), NumberedIds(0, 6));
  EXPECT_EQ(sink.IssueKeys(), (Strings{"missing_id " + tiny + ":1"}));
}

TEST(CompressedTest, PlainTextNamedGzIsReportedAtLineOne) {
  TempDir dir;
  std::string path = dir.Write("liar.jsonl.gz", NumberedJsonl(0, 3));
  CollectingSink sink = ReadFile(path);
  EXPECT_TRUE(sink.documents.empty());
  EXPECT_EQ(sink.IssueKeys(), (Strings{"truncated " + path + ":1"}));
}

TEST(CompressedTest, EmptyCompressedFilesAreReported) {
  TempDir dir;
  std::string gz = dir.Write("empty.jsonl.gz", "");
  std::string zst = dir.Write("empty.jsonl.zst", "");
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({gz, zst}, InputOptions{}, &sink).ok());
  EXPECT_EQ(sink.IssueKeys(), (Strings{"truncated " + gz + ":1", "truncated " + zst + ":1"}));
  EXPECT_EQ(sink.issues[0].detail, "gzip file is empty at line 1");
  EXPECT_EQ(sink.issues[1].detail, "zstd file is empty at line 1");
}

TEST(CompressedTest, CompressedEmptyTextGivesNoDocumentsAndNoIssues) {
  TempDir dir;
  std::string gz = dir.Write("nothing.jsonl.gz", Gzip(""));
  std::string zst = dir.Write("nothing.jsonl.zst", Zstd(""));
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({gz, zst}, InputOptions{}, &sink).ok());
  EXPECT_TRUE(sink.documents.empty());
  EXPECT_TRUE(sink.issues.empty());
}

TEST(CompressedTest, TruncatedZstdKeepsLinesBeforeTheCut) {
  TempDir dir;
  std::string plain = NumberedJsonl(0, 20000);
  std::string packed = Zstd(plain, 1);
  std::string path = dir.Write("cut.jsonl.zst", packed.substr(0, packed.size() / 2));
  CollectingSink sink = ReadFile(path);
  ASSERT_EQ(sink.issues.size(), 1u);
  EXPECT_EQ(sink.issues[0].kind, InputIssueKind::kTruncated);
  EXPECT_EQ(sink.issues[0].where.file, path);
  EXPECT_EQ(
      sink.issues[0].detail.rfind("zstd stream is truncated (ends inside a frame) at line ", 0), 0u)
      << sink.issues[0].detail;
  // zstd emits whole blocks, so roughly the first half of the lines come through.
  EXPECT_GT(sink.documents.size(), 5000u);
  EXPECT_LT(sink.documents.size(), 20000u);
  EXPECT_EQ(sink.Ids(), NumberedIds(0, static_cast<int>(sink.documents.size())));
  // The line reached is the first one not delivered.
  EXPECT_EQ(sink.issues[0].where.line, sink.documents.size() + 1);
}

TEST(CompressedTest, TruncatedSecondZstdFrameKeepsTheWholeFirstFrame) {
  TempDir dir;
  std::string second = Zstd(NumberedJsonl(10, 10));
  std::string path = dir.Write("cut2.jsonl.zst", Zstd(NumberedJsonl(0, 10)) + second.substr(0, 6));
  CollectingSink sink = ReadFile(path);
  EXPECT_EQ(sink.Ids(), NumberedIds(0, 10));
  EXPECT_EQ(sink.IssueKeys(), (Strings{"truncated " + path + ":11"}));
}

TEST(CompressedTest, CorruptZstdIsReportedAndEarlierFramesAreKept) {
  TempDir dir;
  std::string second = Zstd(NumberedJsonl(10, 500));
  for (size_t pos = 20; pos < 40; ++pos) second[pos] = static_cast<char>(0xFF);
  std::string path = dir.Write("bad.jsonl.zst", Zstd(NumberedJsonl(0, 10)) + second);
  CollectingSink sink = ReadFile(path);
  ASSERT_EQ(sink.issues.size(), 1u);
  EXPECT_EQ(sink.issues[0].kind, InputIssueKind::kTruncated);
  EXPECT_EQ(sink.issues[0].detail.rfind("zstd stream is corrupt (", 0), 0u)
      << sink.issues[0].detail;
  ASSERT_GE(sink.documents.size(), 10u);
  EXPECT_EQ(sink.Ids(), NumberedIds(0, static_cast<int>(sink.documents.size())));
}

// With two or more threads a large stream is read and decompressed ahead in a thread of
// its own (io/read_ahead.h; here every file, with small chunks): whole, cut and damaged
// streams give exactly the documents and issues one thread gets.
TEST(CompressedTest, ReadAheadGivesWhatOneThreadGets) {
  TempDir dir;
  std::string gz_cut = Gzip(NumberedJsonl(0, 3000), 0);
  gz_cut.resize(gz_cut.size() * 2 / 3);
  std::string gz_bad = Gzip(NumberedJsonl(0, 2000));
  for (size_t pos = gz_bad.size() / 2; pos < gz_bad.size() / 2 + 16; ++pos) gz_bad[pos] ^= 0x5A;
  std::string zst_bad = Zstd(NumberedJsonl(10, 500));
  for (size_t pos = 20; pos < 40; ++pos) zst_bad[pos] = static_cast<char>(0xFF);
  const std::string zst_cut = Zstd(NumberedJsonl(0, 20000), 1);
  const std::vector<std::string> paths = {
      dir.Write("whole.jsonl.gz", Gzip(NumberedJsonl(0, kManyLines))),
      dir.Write("whole.jsonl.zst", Zstd(NumberedJsonl(0, kManyLines))),
      dir.Write("cut.jsonl.gz", gz_cut),
      dir.Write("bad.jsonl.gz", gz_bad),
      dir.Write("bad.jsonl.zst", Zstd(NumberedJsonl(0, 10)) + zst_bad),
      dir.Write("cut.jsonl.zst", zst_cut.substr(0, zst_cut.size() / 2)),
  };
  for (const std::string& path : paths) {
    CollectingSink one, two;
    common::ThreadPool pool_one(1), pool_two(2);
    ASSERT_TRUE(ReadPaths({path}, InputOptions{}, &one, &pool_one).ok()) << path;
    ReadAheadPolicy always;
    always.min_plain_bytes = always.min_compressed_bytes = 0;
    always.chunk_bytes = 4096;
    always.max_chunks = 3;
    ASSERT_TRUE(ReadPaths({path}, InputOptions{}, &two, &pool_two, always).ok()) << path;
    EXPECT_FALSE(one.events.empty()) << path;
    EXPECT_EQ(two.events, one.events) << path;
    EXPECT_EQ(two.IssueKeys(), one.IssueKeys()) << path;
    ASSERT_EQ(two.issues.size(), one.issues.size()) << path;
    for (size_t k = 0; k < one.issues.size(); ++k) EXPECT_EQ(two.issues[k].detail, one.issues[k].detail);
  }
}

TEST(CompressedTest, NonZstdBytesNamedZstAreReported) {
  TempDir dir;
  std::string path = dir.Write("liar.jsonl.zst", NumberedJsonl(0, 3));
  CollectingSink sink = ReadFile(path);
  EXPECT_TRUE(sink.documents.empty());
  EXPECT_EQ(sink.IssueKeys(), (Strings{"truncated " + path + ":1"}));
  EXPECT_EQ(sink.issues[0].detail.rfind("zstd stream is corrupt (", 0), 0u)
      << sink.issues[0].detail;
}

TEST(CompressedTest, CutLineThatIsAWholeObjectIsKept) {
  TempDir dir;
  // The stream is cut exactly before the last '\n': the last object is complete.
  std::string plain = NumberedJsonl(0, 5);
  std::string packed = Gzip(plain.substr(0, plain.size() - 1), 0);
  std::string path = dir.Write("edge.jsonl.gz", packed.substr(0, packed.size() - 8));
  CollectingSink sink = ReadFile(path);
  EXPECT_EQ(sink.Ids(), NumberedIds(0, 5));
  EXPECT_EQ(sink.IssueKeys(), (Strings{"truncated " + path + ":6"}));
}

TEST(CompressedTest, PerLineIssuesInsideCompressedFilesNameTheLine) {
  TempDir dir;
  std::string path = dir.Write(
      "mixed.jsonl.zst",
      Zstd("{\"id\": \"a\", \"text\": \"x\"}\r\n[1]\n{\"id\": \"b\", \"text\": \"\xFF\"}"));
  CollectingSink sink = ReadFile(path);
  EXPECT_EQ(sink.Ids(), (Strings{"a", "b"}));
  EXPECT_EQ(sink.IssueKeys(),
            (Strings{"not_an_object " + path + ":2", "invalid_utf8 " + path + ":3"}));
}

}  // namespace
}  // namespace doppel::io
