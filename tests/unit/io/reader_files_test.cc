// ReadPaths over directories and .txt/.md files, and argument errors.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <string>

#include "io/reader.h"
#include "io_test_util.h"

namespace doppel::io {
namespace {

using Strings = std::vector<std::string>;
using test_util::CollectingSink;
using test_util::TempDir;

TEST(ReadPathsTest, WalksDirectoryRecursivelyInByteOrderOfRelativePath) {
  TempDir dir;
  dir.Write("corpus/b.txt", "bee");
  dir.Write("corpus/a.md", "ay");
  dir.Write("corpus/a/z.txt", "zed");
  dir.Write("corpus/a/B.txt", "capital bee");
  dir.Write("corpus/a.b/c.txt", "see");
  dir.Write("corpus/\xC3\xA9t\xC3\xA9.txt", "summer");  // "été": bytes above ASCII sort last
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({dir.Path("corpus")}, InputOptions{}, &sink).ok());
  // '.' (0x2E) < '/' (0x2F) < 'B' (0x42) < 'b' (0x62): byte order, not locale order.
  EXPECT_EQ(sink.Ids(),
            (Strings{"a.b/c.txt", "a.md", "a/B.txt", "a/z.txt", "b.txt", "\xC3\xA9t\xC3\xA9.txt"}));
  EXPECT_TRUE(sink.issues.empty());
  ASSERT_EQ(sink.documents.size(), 6u);
  EXPECT_EQ(sink.documents[2].text, "capital bee");
  EXPECT_EQ(sink.documents[2].where.file, dir.Path("corpus/a/B.txt"));
  EXPECT_EQ(sink.documents[2].where.line, 0u);
  EXPECT_EQ(sink.documents[2].time, "");
}

TEST(ReadPathsTest, OrdersDeepTreesByFullRelativePath) {
  TempDir dir;
  // Names that are prefixes of one another at several depths, and bytes around '/'.
  for (const char* rel : {"x/a", "x/a-b/c", "x/a/b/c", "x/a/b.c", "x/a0/z", "x/a.b", "x/a/b-c",
                          "x/-", "x/a/b/c/d", "x/a/b/c-d", "x/a/b0"}) {
    dir.Write(std::string(rel) + ".txt", rel);
  }
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({dir.Path("x")}, InputOptions{}, &sink).ok());
  Strings ids = sink.Ids();
  Strings sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(ids, sorted);
  EXPECT_EQ(ids.size(), 11u);
}

TEST(ReadPathsTest, DirectoryArgumentWithTrailingSlashGivesSameIdsAndCleanPaths) {
  TempDir dir;
  dir.Write("c/x/y.txt", "why");
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({dir.Path("c/")}, InputOptions{}, &sink).ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  EXPECT_EQ(sink.documents[0].id, "x/y.txt");
  EXPECT_EQ(sink.documents[0].where.file, dir.Path("c/x/y.txt"));
}

TEST(ReadPathsTest, IgnoresUnknownExtensionsAndNonRegularFilesInsideDirectories) {
  TempDir dir;
  dir.Write("c/keep.txt", "kept");
  dir.Write("c/notes.docx", "ignored");
  dir.Write("c/README", "ignored");
  dir.Write("c/data.json", "{\"id\": \"1\", \"text\": \"ignored\"}\n");
  ASSERT_EQ(mkfifo(dir.Path("c/pipe.txt").c_str(), 0600), 0);
  std::filesystem::create_directory_symlink(dir.Path("c"), dir.Path("c/loop"));
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({dir.Path("c")}, InputOptions{}, &sink).ok());
  EXPECT_EQ(sink.Ids(), (Strings{"keep.txt"}));
  EXPECT_TRUE(sink.issues.empty());
}

TEST(ReadPathsTest, ReadsSymlinkedFilesAndReportsDanglingOnes) {
  TempDir dir;
  std::string target = dir.Write("elsewhere/real.txt", "real text");
  dir.Write("c/plain.txt", "plain");
  std::filesystem::create_symlink(target, dir.Path("c/link.txt"));
  std::filesystem::create_symlink(dir.Path("nowhere.txt"), dir.Path("c/dangling.txt"));
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({dir.Path("c")}, InputOptions{}, &sink).ok());
  EXPECT_EQ(sink.Ids(), (Strings{"link.txt", "plain.txt"}));
  EXPECT_EQ(sink.documents[0].text, "real text");
  EXPECT_EQ(sink.IssueKeys(), (Strings{"unreadable " + dir.Path("c/dangling.txt")}));
}

TEST(ReadPathsTest, ReadsJsonlFilesFoundInDirectoriesInWalkOrder) {
  TempDir dir;
  dir.Write("c/b.jsonl", "{\"id\": \"j1\", \"text\": \"from jsonl\"}\n");
  dir.Write("c/a.txt", "from txt");
  dir.Write("c/c.jsonl.gz", test_util::Gzip("{\"id\": \"g1\", \"text\": \"from gzip\"}\n"));
  dir.Write("c/d.jsonl.zst", test_util::Zstd("{\"id\": \"z1\", \"text\": \"from zstd\"}\n"));
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({dir.Path("c")}, InputOptions{}, &sink).ok());
  EXPECT_EQ(sink.Ids(), (Strings{"a.txt", "j1", "g1", "z1"}));
  EXPECT_EQ(sink.documents[1].where.ToString(), dir.Path("c/b.jsonl") + ":1");
  EXPECT_EQ(sink.documents[3].where.ToString(), dir.Path("c/d.jsonl.zst") + ":1");
  EXPECT_TRUE(sink.issues.empty());
}

TEST(ReadPathsTest, FileNamedDirectlyHasItsFileNameAsId) {
  TempDir dir;
  std::string path = dir.Write("deep/er/story.md", "# Title\n\nBody text.\n");
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({path}, InputOptions{}, &sink).ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  EXPECT_EQ(sink.documents[0].id, "story.md");
  EXPECT_EQ(sink.documents[0].text, "# Title\n\nBody text.\n");
  EXPECT_EQ(sink.documents[0].where.file, path);
}

TEST(ReadPathsTest, ReadsArgumentsInTheOrderGiven) {
  TempDir dir;
  std::string second = dir.Write("2.txt", "two");
  std::string first = dir.Write("1.txt", "one");
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({second, first, second}, InputOptions{}, &sink).ok());
  EXPECT_EQ(sink.Ids(), (Strings{"2.txt", "1.txt", "2.txt"}));
}

TEST(ReadPathsTest, ExtensionsMatchCaseInsensitively) {
  TempDir dir;
  std::string path = dir.Write("LOUD.TXT", "shouting");
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({path}, InputOptions{}, &sink).ok());
  EXPECT_EQ(sink.Ids(), (Strings{"LOUD.TXT"}));
}

TEST(ReadPathsTest, ReportsUnsupportedExtensionNamedDirectlyAndGoesOn) {
  TempDir dir;
  std::string odd = dir.Write("report.pdf", "%PDF-1.4");
  std::string json = dir.Write("data.json", "{}");
  std::string ok = dir.Write("ok.txt", "fine");
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({odd, json, ok}, InputOptions{}, &sink).ok());
  EXPECT_EQ(sink.IssueKeys(), (Strings{"unsupported " + odd, "unsupported " + json}));
  EXPECT_TRUE(sink.issues[0].skipped);
  EXPECT_EQ(sink.Ids(), (Strings{"ok.txt"}));
}

TEST(ReadPathsTest, MissingPathIsNotFoundBeforeAnythingIsRead) {
  TempDir dir;
  std::string ok = dir.Write("ok.txt", "fine");
  std::string missing = dir.Path("nope/missing.txt");
  CollectingSink sink;
  Status status = ReadPaths({ok, missing}, InputOptions{}, &sink);
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(status.message(), "no such file or directory: " + missing);
  EXPECT_TRUE(sink.documents.empty());
  EXPECT_TRUE(sink.issues.empty());
}

TEST(ReadPathsTest, EmptyPathIsNotFound) {
  CollectingSink sink;
  EXPECT_EQ(ReadPaths({""}, InputOptions{}, &sink).code(), StatusCode::kNotFound);
}

TEST(ReadPathsTest, ReportsUnreadableFileAndSubdirectory) {
  if (geteuid() == 0) GTEST_SKIP() << "permissions do not apply to root";
  TempDir dir;
  std::string locked = dir.Write("c/locked.txt", "secret");
  dir.Write("c/shut/inner.txt", "inner");
  dir.Write("c/z.txt", "last");
  std::filesystem::permissions(locked, std::filesystem::perms::none);
  std::filesystem::permissions(dir.Path("c/shut"), std::filesystem::perms::none);
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({dir.Path("c")}, InputOptions{}, &sink).ok());
  std::filesystem::permissions(dir.Path("c/shut"), std::filesystem::perms::owner_all);
  EXPECT_EQ(sink.IssueKeys(),
            (Strings{"unreadable " + locked, "unreadable " + dir.Path("c/shut")}));
  EXPECT_EQ(sink.Ids(), (Strings{"z.txt"}));
}

// A Unix socket cannot be open(2)ed, even by root: a portable unopenable file.
void MakeSocket(const std::string& path) {
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  ASSERT_LT(path.size(), sizeof(address.sun_path));
  std::strcpy(address.sun_path, path.c_str());
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  close(fd);
}

TEST(ReadPathsTest, ReportsFilesNamedDirectlyThatCannotBeOpened) {
  TempDir dir;
  MakeSocket(dir.Path("s.txt"));
  MakeSocket(dir.Path("s.jsonl"));
  std::string ok = dir.Write("ok.txt", "fine");
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({dir.Path("s.txt"), dir.Path("s.jsonl"), ok}, InputOptions{}, &sink).ok());
  EXPECT_EQ(sink.IssueKeys(),
            (Strings{"unreadable " + dir.Path("s.txt"), "unreadable " + dir.Path("s.jsonl")}));
  EXPECT_EQ(sink.issues[0].detail.rfind("cannot open " + dir.Path("s.txt") + ": ", 0), 0u)
      << sink.issues[0].detail;
  EXPECT_EQ(sink.Ids(), (Strings{"ok.txt"}));
}

// --- .txt / .md content checks --------------------------------------------------------

TEST(TextFileTest, ReportsZeroByteFileAsEmpty) {
  TempDir dir;
  std::string path = dir.Write("empty.txt", "");
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({path}, InputOptions{}, &sink).ok());
  EXPECT_EQ(sink.IssueKeys(), (Strings{"empty " + path}));
  EXPECT_TRUE(sink.issues[0].skipped);
  EXPECT_TRUE(sink.documents.empty());
}

TEST(TextFileTest, ReportsWhitespaceOnlyFileAsEmpty) {
  TempDir dir;
  // ASCII white space, NO-BREAK SPACE, IDEOGRAPHIC SPACE, a BOM.
  std::string path = dir.Write("blank.md", "\xEF\xBB\xBF \t\r\n\xC2\xA0\xE3\x80\x80\n");
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({path}, InputOptions{}, &sink).ok());
  EXPECT_EQ(sink.IssueKeys(), (Strings{"empty " + path}));
  EXPECT_TRUE(sink.documents.empty());
}

TEST(TextFileTest, ReportsFileWithNulBytesAsBinary) {
  TempDir dir;
  std::string path = dir.Write("image.txt", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  std::string utf16 = dir.Write("utf16.txt", std::string("\xFF\xFEh\0i\0", 6));
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({path, utf16}, InputOptions{}, &sink).ok());
  EXPECT_EQ(sink.IssueKeys(), (Strings{"binary " + path, "binary " + utf16}));
  EXPECT_TRUE(sink.documents.empty());
}

TEST(TextFileTest, RepairsInvalidUtf8AndKeepsTheDocument) {
  TempDir dir;
  // A lone continuation byte, a truncated 3-byte sequence, and an overlong '/'.
  std::string path = dir.Write("latin1.txt", "caf\xE9 \x80 ok \xE2\x82 \xC0\xAF end");
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({path}, InputOptions{}, &sink).ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  EXPECT_EQ(sink.documents[0].text,
            "caf\xEF\xBF\xBD \xEF\xBF\xBD ok \xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD end");
  EXPECT_EQ(sink.IssueKeys(), (Strings{"invalid_utf8 " + path}));
  EXPECT_FALSE(sink.issues[0].skipped);
  EXPECT_EQ(sink.issues[0].detail, "5 invalid UTF-8 sequences replaced with U+FFFD");
  EXPECT_EQ(sink.events, (Strings{"issue invalid_utf8", "doc latin1.txt"}));
}

TEST(TextFileTest, RepairsInvalidUtf8InFileNameUsedAsId) {
  TempDir dir;
  dir.Write("c/caf\xE9.txt", "latin-1 file name");
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({dir.Path("c")}, InputOptions{}, &sink).ok());
  EXPECT_EQ(sink.Ids(), (Strings{"caf\xEF\xBF\xBD.txt"}));
  EXPECT_EQ(sink.documents[0].where.file, dir.Path("c/caf\xE9.txt"));
  EXPECT_EQ(sink.IssueKeys(), (Strings{"invalid_utf8 " + dir.Path("c/caf\xE9.txt")}));
  EXPECT_EQ(sink.issues[0].detail,
            "1 invalid UTF-8 sequence replaced with U+FFFD (1 of them in the file name)");
}

TEST(TextFileTest, DropsLeadingByteOrderMark) {
  TempDir dir;
  std::string path = dir.Write("bom.txt", "\xEF\xBB\xBFhello");
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({path}, InputOptions{}, &sink).ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  EXPECT_EQ(sink.documents[0].text, "hello");
}

TEST(TextFileTest, KeepsFiftyMegabyteDocumentUnderTheLimit) {
  TempDir dir;
  std::string big(50u << 20, 'a');
  for (size_t pos = 0; pos < big.size(); pos += 64) big[pos] = ' ';
  std::string path = dir.Write("big.txt", big);
  InputOptions options;  // default limit: 64 MiB
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({path}, options, &sink).ok());
  EXPECT_TRUE(sink.issues.empty());
  ASSERT_EQ(sink.documents.size(), 1u);
  EXPECT_TRUE(sink.documents[0].text == big);
}

TEST(TextFileTest, SkipsFiftyMegabyteDocumentOverTheLimit) {
  TempDir dir;
  std::string path = dir.Write("big.txt", std::string(50u << 20, 'a'));
  InputOptions options;
  options.max_doc_bytes = 32u << 20;
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({path}, options, &sink).ok());
  EXPECT_EQ(sink.IssueKeys(), (Strings{"too_large " + path}));
  EXPECT_EQ(sink.issues[0].detail, "file is 52428800 bytes, over --max-doc-bytes (33554432)");
  EXPECT_TRUE(sink.documents.empty());
}

TEST(TextFileTest, LimitIsInclusive) {
  TempDir dir;
  std::string exact = dir.Write("exact.txt", "12345");
  std::string over = dir.Write("over.txt", "123456");
  InputOptions options;
  options.max_doc_bytes = 5;
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({exact, over}, options, &sink).ok());
  EXPECT_EQ(sink.Ids(), (Strings{"exact.txt"}));
  EXPECT_EQ(sink.IssueKeys(), (Strings{"too_large " + over}));
}

TEST(TextFileTest, RepairThatGrowsTextPastTheLimitIsTooLarge) {
  TempDir dir;
  // 4 invalid bytes become 4 x 3 bytes of U+FFFD: 12 bytes > 10.
  std::string path = dir.Write("grows.txt", "\xFF\xFF\xFF\xFF");
  InputOptions options;
  options.max_doc_bytes = 10;
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({path}, options, &sink).ok());
  EXPECT_EQ(sink.IssueKeys(), (Strings{"too_large " + path}));
  EXPECT_TRUE(sink.documents.empty());
}

TEST(TextFileTest, ReadsFromNamedPipeOfUnknownSize) {
  TempDir dir;
  std::string fifo = dir.Path("pipe.txt");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  std::string text(200000, 'x');
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    FILE* out = fopen(fifo.c_str(), "w");
    fwrite(text.data(), 1, text.size(), out);
    fclose(out);
    _exit(0);
  }
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({fifo}, InputOptions{}, &sink).ok());
  waitpid(child, nullptr, 0);
  ASSERT_EQ(sink.documents.size(), 1u);
  EXPECT_EQ(sink.documents[0].text.size(), text.size());
}

TEST(ReadPathsTest, StopsWhenTheSinkAsks) {
  TempDir dir;
  dir.Write("c/a.txt", "");
  dir.Write("c/b.txt", "kept before the stop? no: after");
  CollectingSink sink;
  sink.stop_after_issues = 1;
  Status status = ReadPaths({dir.Path("c")}, InputOptions{}, &sink);
  EXPECT_EQ(status.code(), StatusCode::kCancelled);
  EXPECT_EQ(sink.IssueKeys(), (Strings{"empty " + dir.Path("c/a.txt")}));
  EXPECT_TRUE(sink.documents.empty());
}

}  // namespace
}  // namespace doppel::io
