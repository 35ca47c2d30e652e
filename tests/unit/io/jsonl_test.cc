// ReadPaths over plain .jsonl files: fields, line handling and every per-line issue.
#include "io/jsonl.h"

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
using test_util::TempDir;

// Reads `content` as a .jsonl file; returns the sink, and the file's path in *path.
CollectingSink ReadJsonlText(const TempDir& dir, const std::string& content,
                             const InputOptions& options = InputOptions{},
                             std::string* path = nullptr) {
  std::string file = dir.Write("in.jsonl", content);
  if (path != nullptr) *path = file;
  CollectingSink sink;
  Status status = ReadPaths({file}, options, &sink);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return sink;
}

TEST(JsonlTest, ReadsIdTextAndLineNumbers) {
  TempDir dir;
  std::string path;
  CollectingSink sink = ReadJsonlText(
      dir, "{\"id\": \"a\", \"text\": \"first\"}\n{\"text\": \"second\", \"id\": \"b\"}\n",
      InputOptions{}, &path);
  EXPECT_TRUE(sink.issues.empty());
  ASSERT_EQ(sink.documents.size(), 2u);
  EXPECT_EQ(sink.documents[0].id, "a");
  EXPECT_EQ(sink.documents[0].text, "first");
  EXPECT_EQ(sink.documents[0].where.ToString(), path + ":1");
  EXPECT_EQ(sink.documents[1].id, "b");
  EXPECT_EQ(sink.documents[1].text, "second");
  EXPECT_EQ(sink.documents[1].where.ToString(), path + ":2");
}

TEST(JsonlTest, DecodesJsonEscapesInText) {
  TempDir dir;
  CollectingSink sink = ReadJsonlText(
      dir, R"({"id": "e", "text": "line\none \"quoted\" caf\u00e9 \ud83d\ude00 tab\t"})"
           "\n");
  ASSERT_EQ(sink.documents.size(), 1u);
  EXPECT_EQ(sink.documents[0].text, "line\none \"quoted\" caf\xC3\xA9 \xF0\x9F\x98\x80 tab\t");
}

TEST(JsonlTest, FollowsDottedFieldPaths) {
  TempDir dir;
  InputOptions options;
  options.id_field = "meta.url";
  options.text_field = "body.content.plain";
  options.time_field = "meta.published";
  std::string path;
  CollectingSink sink = ReadJsonlText(
      dir,
      R"({"meta": {"url": "https://x.example/1", "published": "2024-05-01T10:00:00Z"}, )"
      R"("body": {"content": {"plain": "nested text"}}, "text": "not this"})"
      "\n"
      R"({"meta": {"url": "u2"}, "body": {"content": {"plain": "no time"}}})"
      "\n"
      R"({"meta": "flat", "body": {"content": {"plain": "x"}}})"
      "\n",
      options, &path);
  ASSERT_EQ(sink.documents.size(), 2u);
  EXPECT_EQ(sink.documents[0].id, "https://x.example/1");
  EXPECT_EQ(sink.documents[0].text, "nested text");
  EXPECT_EQ(sink.documents[0].time, "2024-05-01T10:00:00Z");
  EXPECT_EQ(sink.documents[1].id, "u2");
  EXPECT_EQ(sink.documents[1].time, "");  // a missing time is not an issue
  EXPECT_EQ(sink.IssueKeys(), (Strings{"missing_id " + path + ":3"}));
  EXPECT_EQ(sink.issues[0].detail,
            "field 'meta.url' is missing ('meta' is a string, not an object)");
}

TEST(JsonlTest, IntegerIdsBecomeDecimalStrings) {
  TempDir dir;
  std::string path;
  CollectingSink sink = ReadJsonlText(dir,
                                      "{\"id\": 42, \"text\": \"a\"}\n"
                                      "{\"id\": -7, \"text\": \"b\"}\n"
                                      "{\"id\": 18446744073709551615, \"text\": \"c\"}\n"
                                      "{\"id\": 1.5, \"text\": \"d\"}\n"
                                      "{\"id\": true, \"text\": \"e\"}\n",
                                      InputOptions{}, &path);
  EXPECT_EQ(sink.Ids(), (Strings{"42", "-7", "18446744073709551615"}));
  EXPECT_EQ(sink.IssueKeys(), (Strings{"missing_id " + path + ":4", "missing_id " + path + ":5"}));
  EXPECT_EQ(sink.issues[0].detail, "field 'id' is a non-integer number, not a string or integer");
  EXPECT_EQ(sink.issues[1].detail, "field 'id' is a boolean, not a string or integer");
}

TEST(JsonlTest, TimeFieldTakesStringsAndIntegersOnly) {
  TempDir dir;
  InputOptions options;
  options.time_field = "ts";
  CollectingSink sink = ReadJsonlText(dir,
                                      "{\"id\": \"s\", \"text\": \"a\", \"ts\": \"2020\"}\n"
                                      "{\"id\": \"i\", \"text\": \"a\", \"ts\": 1700000000}\n"
                                      "{\"id\": \"n\", \"text\": \"a\", \"ts\": null}\n"
                                      "{\"id\": \"o\", \"text\": \"a\", \"ts\": {\"y\": 1}}\n",
                                      options);
  ASSERT_EQ(sink.documents.size(), 4u);
  EXPECT_EQ(sink.documents[0].time, "2020");
  EXPECT_EQ(sink.documents[1].time, "1700000000");
  EXPECT_EQ(sink.documents[2].time, "");
  EXPECT_EQ(sink.documents[3].time, "");
  EXPECT_TRUE(sink.issues.empty());
}

TEST(JsonlTest, IgnoresBlankLinesButCountsThemInLineNumbers) {
  TempDir dir;
  std::string path;
  CollectingSink sink = ReadJsonlText(
      dir, "\n   \n{\"id\": \"a\", \"text\": \"x\"}\n\t\r\n\n{\"id\": \"b\", \"text\": \"y\"}\n\n",
      InputOptions{}, &path);
  EXPECT_TRUE(sink.issues.empty());
  ASSERT_EQ(sink.documents.size(), 2u);
  EXPECT_EQ(sink.documents[0].where.line, 3u);
  EXPECT_EQ(sink.documents[1].where.line, 6u);
}

TEST(JsonlTest, HandlesCrlfLineEndings) {
  TempDir dir;
  std::string path;
  CollectingSink sink = ReadJsonlText(
      dir, "{\"id\": \"a\", \"text\": \"one\"}\r\n\r\n{\"id\": \"b\", \"text\": \"two\\r\"}\r\n",
      InputOptions{}, &path);
  EXPECT_TRUE(sink.issues.empty());
  ASSERT_EQ(sink.documents.size(), 2u);
  EXPECT_EQ(sink.documents[0].text, "one");
  EXPECT_EQ(sink.documents[1].text, "two\r");  // an escaped \r inside the text is content
  EXPECT_EQ(sink.documents[1].where.line, 3u);
}

TEST(JsonlTest, ReadsFinalLineWithoutNewline) {
  TempDir dir;
  CollectingSink sink =
      ReadJsonlText(dir, "{\"id\": \"a\", \"text\": \"x\"}\n{\"id\": \"b\", \"text\": \"last\"}");
  EXPECT_EQ(sink.Ids(), (Strings{"a", "b"}));
  EXPECT_TRUE(sink.issues.empty());
}

TEST(JsonlTest, SkipsByteOrderMarkAtStart) {
  TempDir dir;
  CollectingSink sink = ReadJsonlText(dir, "\xEF\xBB\xBF{\"id\": \"a\", \"text\": \"x\"}\n");
  EXPECT_EQ(sink.Ids(), (Strings{"a"}));
  EXPECT_TRUE(sink.issues.empty());
}

TEST(JsonlTest, EmptyFileGivesNothing) {
  TempDir dir;
  CollectingSink sink = ReadJsonlText(dir, "");
  EXPECT_TRUE(sink.documents.empty());
  EXPECT_TRUE(sink.issues.empty());
}

TEST(JsonlTest, ReportsMalformedJsonAndContinues) {
  TempDir dir;
  std::string path;
  CollectingSink sink = ReadJsonlText(dir,
                                      "{\"id\": \"a\", \"text\": \"x\"}\n"
                                      "{\"id\": \"b\", \"text\": \"unterminated}\n"
                                      "not json at all\n"
                                      "{\"id\": \"c\", \"text\": \"x\"} trailing\n"
                                      "{\"id\": \"d\", \"text\": \"x\",}\n"
                                      "{\"id\": \"e\", \"text\": \"raw\tcontrol\"}\n"
                                      "{\"id\": \"f\", \"text\": \"y\"}\n",
                                      InputOptions{}, &path);
  EXPECT_EQ(sink.Ids(), (Strings{"a", "f"}));
  EXPECT_EQ(sink.IssueKeys(),
            (Strings{"malformed_json " + path + ":2", "malformed_json " + path + ":3",
                     "malformed_json " + path + ":4", "malformed_json " + path + ":5",
                     "malformed_json " + path + ":6"}));
  for (const InputIssue& issue : sink.issues) {
    EXPECT_EQ(issue.detail.rfind("line is not valid JSON: ", 0), 0u) << issue.detail;
    EXPECT_TRUE(issue.skipped);
  }
}

TEST(JsonlTest, ReportsLineThatIsNotAnObject) {
  TempDir dir;
  std::string path;
  CollectingSink sink = ReadJsonlText(
      dir, "[\"id\", \"text\"]\n\"just a string\"\n42\nnull\n{\"id\": \"ok\", \"text\": \"x\"}\n",
      InputOptions{}, &path);
  EXPECT_EQ(sink.IssueKeys(),
            (Strings{"not_an_object " + path + ":1", "not_an_object " + path + ":2",
                     "not_an_object " + path + ":3", "not_an_object " + path + ":4"}));
  EXPECT_EQ(sink.issues[0].detail, "line is an array, not a JSON object");
  EXPECT_EQ(sink.Ids(), (Strings{"ok"}));
}

TEST(JsonlTest, ReportsMissingOrNonStringText) {
  TempDir dir;
  std::string path;
  CollectingSink sink = ReadJsonlText(dir,
                                      "{\"id\": \"a\"}\n"
                                      "{\"id\": \"b\", \"text\": null}\n"
                                      "{\"id\": \"c\", \"text\": [\"x\"]}\n"
                                      "{\"id\": \"d\", \"body\": \"x\"}\n",
                                      InputOptions{}, &path);
  EXPECT_TRUE(sink.documents.empty());
  EXPECT_EQ(sink.IssueKeys(),
            (Strings{"missing_text " + path + ":1", "missing_text " + path + ":2",
                     "missing_text " + path + ":3", "missing_text " + path + ":4"}));
  EXPECT_EQ(sink.issues[0].detail, "field 'text' is missing");
  EXPECT_EQ(sink.issues[1].detail, "field 'text' is null, not a string");
}

TEST(JsonlTest, ReportsMissingOrEmptyId) {
  TempDir dir;
  std::string path;
  CollectingSink sink = ReadJsonlText(dir,
                                      "{\"text\": \"x\"}\n"
                                      "{\"id\": \"\", \"text\": \"x\"}\n"
                                      "{\"id\": {\"n\": 1}, \"text\": \"x\"}\n",
                                      InputOptions{}, &path);
  EXPECT_TRUE(sink.documents.empty());
  EXPECT_EQ(sink.IssueKeys(), (Strings{"missing_id " + path + ":1", "missing_id " + path + ":2",
                                       "missing_id " + path + ":3"}));
  EXPECT_EQ(sink.issues[0].detail, "field 'id' is missing");
}

TEST(JsonlTest, ReportsEmptyAndWhitespaceOnlyText) {
  TempDir dir;
  std::string path;
  CollectingSink sink = ReadJsonlText(dir,
                                      "{\"id\": \"a\", \"text\": \"\"}\n"
                                      "{\"id\": \"b\", \"text\": \" \\n\\t\\u00a0\"}\n"
                                      "{\"id\": \"c\", \"text\": \" c \"}\n",
                                      InputOptions{}, &path);
  EXPECT_EQ(sink.IssueKeys(), (Strings{"empty " + path + ":1", "empty " + path + ":2"}));
  EXPECT_EQ(sink.issues[0].detail, "text is empty");
  EXPECT_EQ(sink.issues[1].detail, "text is only white space");
  EXPECT_EQ(sink.Ids(), (Strings{"c"}));
}

TEST(JsonlTest, RepairsInvalidUtf8InsideStringsAndKeepsTheLine) {
  TempDir dir;
  std::string path;
  CollectingSink sink = ReadJsonlText(dir,
                                      "{\"id\": \"a\", \"text\": \"caf\xE9 and \xFF\xFE\"}\n"
                                      "{\"id\": \"b\xC3\", \"text\": \"fine\"}\n"
                                      "{\"id\": \"c\", \"text\": \"clean\"}\n",
                                      InputOptions{}, &path);
  ASSERT_EQ(sink.Ids(), (Strings{"a", "b\xEF\xBF\xBD", "c"}));
  EXPECT_EQ(sink.documents[0].text, "caf\xEF\xBF\xBD and \xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(sink.IssueKeys(),
            (Strings{"invalid_utf8 " + path + ":1", "invalid_utf8 " + path + ":2"}));
  EXPECT_EQ(sink.issues[0].detail, "3 invalid UTF-8 sequences replaced with U+FFFD");
  EXPECT_EQ(sink.issues[1].detail, "1 invalid UTF-8 sequence replaced with U+FFFD");
  EXPECT_FALSE(sink.issues[0].skipped);
  EXPECT_EQ(sink.events, (Strings{"issue invalid_utf8", "doc a", "issue invalid_utf8",
                                  "doc b\xEF\xBF\xBD", "doc c"}));
}

TEST(JsonlTest, RepairsUnpairedSurrogateEscapes) {
  TempDir dir;
  std::string path;
  // Python's json.dumps writes undecodable bytes kept with surrogateescape this way.
  CollectingSink sink = ReadJsonlText(
      dir,
      R"({"id": "s", "text": "bad \udce9 and \ud800 but \ud83d\ude00 and \\udc00 fine"})"
      "\n",
      InputOptions{}, &path);
  ASSERT_EQ(sink.documents.size(), 1u);
  EXPECT_EQ(sink.documents[0].text,
            "bad \xEF\xBF\xBD and \xEF\xBF\xBD but \xF0\x9F\x98\x80 and \\udc00 fine");
  EXPECT_EQ(sink.IssueKeys(), (Strings{"invalid_utf8 " + path + ":1"}));
  EXPECT_EQ(sink.issues[0].detail,
            "2 invalid UTF-8 sequences replaced with U+FFFD (2 of them unpaired \\u surrogate "
            "escapes)");
}

TEST(JsonlTest, InvalidUtf8OnAMalformedLineIsReportedOnceAsMalformed) {
  TempDir dir;
  std::string path;
  CollectingSink sink =
      ReadJsonlText(dir, "{\"id\": \"a\", \"text\": \"\xFF\" oops}\n", InputOptions{}, &path);
  EXPECT_EQ(sink.IssueKeys(), (Strings{"malformed_json " + path + ":1"}));
  EXPECT_TRUE(sink.documents.empty());
}

TEST(JsonlTest, TextOverTheLimitIsTooLarge) {
  TempDir dir;
  InputOptions options;
  options.max_doc_bytes = 8;
  std::string path;
  CollectingSink sink = ReadJsonlText(dir,
                                      "{\"id\": \"a\", \"text\": \"12345678\"}\n"
                                      "{\"id\": \"b\", \"text\": \"123456789\"}\n",
                                      options, &path);
  EXPECT_EQ(sink.Ids(), (Strings{"a"}));
  EXPECT_EQ(sink.IssueKeys(), (Strings{"too_large " + path + ":2"}));
  EXPECT_EQ(sink.issues[0].detail, "text is 9 bytes, over --max-doc-bytes (8)");
}

TEST(JsonlTest, LineOverTheLineLimitIsSkippedUnparsedAndReadingGoesOn) {
  TempDir dir;
  InputOptions options;
  options.max_doc_bytes = 1000;  // line limit: 2 x 1000 + 1 MiB
  const size_t line_limit = 2 * 1000 + (1u << 20);
  std::string huge = "{\"id\": \"h\", \"text\": \"" + std::string(3u << 20, 'x') + "\"}";
  std::string path;
  CollectingSink sink = ReadJsonlText(
      dir, "{\"id\": \"a\", \"text\": \"x\"}\n" + huge + "\n{\"id\": \"b\", \"text\": \"y\"}\n",
      options, &path);
  EXPECT_EQ(sink.Ids(), (Strings{"a", "b"}));
  EXPECT_EQ(sink.documents[1].where.line, 3u);
  EXPECT_EQ(sink.IssueKeys(), (Strings{"too_large " + path + ":2"}));
  EXPECT_EQ(sink.issues[0].detail, "line is " + std::to_string(huge.size()) +
                                       " bytes, over the JSONL line limit (" +
                                       std::to_string(line_limit) +
                                       " bytes: 2 x --max-doc-bytes + 1 MiB); skipped unparsed");
}

TEST(JsonlTest, FiftyMegabyteLineUnderTheLimitIsKept) {
  TempDir dir;
  std::string text(50u << 20, 'w');
  for (size_t pos = 7; pos < text.size(); pos += 8) text[pos] = ' ';
  std::string path;
  CollectingSink sink = ReadJsonlText(
      dir, "{\"id\": \"big\", \"text\": \"" + text + "\"}\n{\"id\": \"after\", \"text\": \"z\"}\n",
      InputOptions{}, &path);
  EXPECT_TRUE(sink.issues.empty());
  ASSERT_EQ(sink.Ids(), (Strings{"big", "after"}));
  EXPECT_TRUE(sink.documents[0].text == text);
}

TEST(JsonlTest, FiftyMegabyteLineOverTheLimitIsParsedThenSkipped) {
  TempDir dir;
  InputOptions options;
  options.max_doc_bytes = 32u << 20;  // line limit 65 MiB: the line is parsed
  std::string path;
  CollectingSink sink =
      ReadJsonlText(dir,
                    "{\"id\": \"big\", \"text\": \"" + std::string(50u << 20, 'w') +
                        "\"}\n{\"id\": \"after\", \"text\": \"z\"}\n",
                    options, &path);
  EXPECT_EQ(sink.IssueKeys(), (Strings{"too_large " + path + ":1"}));
  EXPECT_EQ(sink.issues[0].detail, "text is 52428800 bytes, over --max-doc-bytes (33554432)");
  EXPECT_EQ(sink.Ids(), (Strings{"after"}));
}

TEST(JsonlTest, ReusesParserAcrossFilesAfterAHugeLine) {
  TempDir dir;
  std::string first = dir.Write(
      "1.jsonl", "{\"id\": \"big\", \"text\": \"" + std::string(20u << 20, 'q') + "\"}\n");
  std::string second = dir.Write("2.jsonl", test_util::NumberedJsonl(0, 100));
  CollectingSink sink;
  ASSERT_TRUE(ReadPaths({first, second}, InputOptions{}, &sink).ok());
  EXPECT_TRUE(sink.issues.empty());
  ASSERT_EQ(sink.documents.size(), 101u);
  EXPECT_EQ(sink.documents[100].id, "d99");
}

TEST(JsonlTest, DuplicateIdsAreNotCheckedHere) {
  TempDir dir;
  CollectingSink sink =
      ReadJsonlText(dir, "{\"id\": \"a\", \"text\": \"x\"}\n{\"id\": \"a\", \"text\": \"y\"}\n");
  EXPECT_EQ(sink.Ids(), (Strings{"a", "a"}));
}

// Parallel parsing (a pool of 2+ threads) hands the sink exactly what one thread does:
// the same documents and issues, in the same order, with the same locations, over
// several batches and with every kind of line mixed in (and --strict's stop at the
// first issue lands at the same place).
std::string MixedJsonl(int lines) {
  std::string out = "\xEF\xBB\xBF";
  for (int i = 0; i < lines; ++i) {
    const std::string id = std::to_string(i);
    switch (i % 11) {
      case 3: out += "{\"id\": \"" + id + "\", \"text\": \"broken\n"; break;       // malformed
      case 5: out += "\n"; break;                                                      // blank
      case 7: out += "{\"id\": \"" + id + "\"}\n"; break;                               // no text
      case 8: out += "{\"id\": \"" + id + "\", \"text\": \"bad \xFF byte\"}\r\n"; break;  // repaired
      case 9: out += "[1, 2]\n"; break;                                                // not an object
      default: out += "{\"id\": \"" + id + "\", \"text\": \"document " + id + " text\"}\n";
    }
  }
  return out + "{\"id\": \"last\", \"text\": \"no newline\"}";
}

CollectingSink ReadWithThreads(const std::string& file, int threads, size_t stop_after_issues = 0,
                               const InputOptions& options = {}) {
  common::ThreadPool pool(threads);
  CollectingSink sink;
  sink.stop_after_issues = stop_after_issues;
  Status status = ReadPaths({file}, options, &sink, &pool);
  EXPECT_TRUE(status.ok() || status.code() == StatusCode::kCancelled) << status.ToString();
  return sink;
}

TEST(JsonlTest, ParallelParsingGivesTheSameEventsInTheSameOrder) {
  TempDir dir;
  const std::string file = dir.Write("mixed.jsonl", MixedJsonl(10000));  // > 2 batches
  const CollectingSink one = ReadWithThreads(file, 1);
  ASSERT_GT(one.documents.size(), 5000u);
  ASSERT_GT(one.issues.size(), 2000u);
  for (int threads : {2, 3}) {
    const CollectingSink many = ReadWithThreads(file, threads);
    EXPECT_EQ(many.events, one.events) << threads << " threads";
    EXPECT_EQ(many.IssueKeys(), one.IssueKeys());
    ASSERT_EQ(many.documents.size(), one.documents.size());
    for (size_t i = 0; i < one.documents.size(); ++i) {
      EXPECT_EQ(many.documents[i].text, one.documents[i].text);
      EXPECT_EQ(many.documents[i].where.ToString(), one.documents[i].where.ToString());
    }
  }
  const CollectingSink stopped_one = ReadWithThreads(file, 1, 500);
  const CollectingSink stopped_two = ReadWithThreads(file, 2, 500);
  EXPECT_EQ(stopped_two.events, stopped_one.events);
  EXPECT_EQ(stopped_two.issues.size(), 500u);
}

// Over several of the reader's 4 MiB buffers, which the batches hold while they are parsed
// (their lines are not copied): the same events as one thread.
TEST(JsonlTest, ParallelParsingAcrossManyReadBuffers) {
  TempDir dir;
  std::string data = MixedJsonl(10000) + "\n";
  for (int i = 0; i < 24000; ++i) {
    data += "{\"id\": \"long" + std::to_string(i) + "\", \"text\": \"" +
            std::string(200 + i % 400, static_cast<char>('a' + i % 26)) + "\"}\n";
  }
  ASSERT_GT(data.size(), size_t{2} * (4 << 20));
  const std::string file = dir.Write("big.jsonl", data);
  const CollectingSink one = ReadWithThreads(file, 1);
  ASSERT_GT(one.documents.size(), 29000u);
  for (int threads : {2, 3}) {
    const CollectingSink many = ReadWithThreads(file, threads);
    EXPECT_EQ(many.events, one.events) << threads << " threads";
    ASSERT_EQ(many.documents.size(), one.documents.size());
    for (size_t i = 0; i < one.documents.size(); ++i) {
      ASSERT_EQ(many.documents[i].text, one.documents[i].text) << i;
      ASSERT_EQ(many.documents[i].where.ToString(), one.documents[i].where.ToString()) << i;
    }
  }
}

// Progress comes from the thread that reads (the engine's ProgressFn promises it), between
// batches, however many threads parse and hand the documents over.
TEST(JsonlTest, ProgressComesFromTheReadingThread) {
  TempDir dir;
  const std::string file = dir.Write("mixed.jsonl", MixedJsonl(10000));
  for (int threads : {1, 2, 3}) {
    const CollectingSink sink = ReadWithThreads(file, threads);
    EXPECT_GE(sink.progress_threads.size(), 3u) << threads << " threads";
    for (const std::thread::id& id : sink.progress_threads) {
      EXPECT_EQ(id, std::this_thread::get_id()) << threads << " threads";
    }
  }
}

// The lines parallel parsing leaves to the calling thread, between batches: lines over the
// line limit (2 x --max-doc-bytes + 1 MiB; here two lines over it, one at a batch's end)
// and the incomplete last line of a truncated stream; and a stop on one of them.
TEST(JsonlTest, ParallelParsingHandlesTooLongAndCutLinesInOrder) {
  TempDir dir;
  std::string mixed = MixedJsonl(10000);
  const std::string long_line = "{\"id\": \"long\", \"text\": \"" + std::string((1 << 20) + 2048, 'x') + "\"}\n";
  size_t at = 0;
  for (int line = 0; line < 4095; ++line) at = mixed.find('\n', at) + 1;  // after line 4095
  mixed.insert(at, long_line);
  at = mixed.find('\n', mixed.size() / 2) + 1;
  mixed.insert(at, long_line);
  const std::string file = dir.Write("long.jsonl", mixed);
  // Stored blocks: the cut lands inside the last lines.
  const std::string packed = Gzip(mixed, 0);
  const std::string cut = dir.Write("cut.jsonl.gz", packed.substr(0, packed.size() - 60));
  InputOptions options;
  options.max_doc_bytes = 1024;
  for (const std::string& path : {file, cut}) {
    const CollectingSink one = ReadWithThreads(path, 1, 0, options);
    ASSERT_GT(one.documents.size(), 5000u);
    size_t too_long = 0, truncated = 0;
    for (const InputIssue& issue : one.issues) {
      too_long += issue.kind == InputIssueKind::kTooLarge;
      truncated += issue.kind == InputIssueKind::kTruncated;
    }
    EXPECT_EQ(too_long, 2u) << path;
    EXPECT_EQ(truncated, path == cut ? 1u : 0u) << path;
    for (int threads : {2, 3}) {
      const CollectingSink many = ReadWithThreads(path, threads, 0, options);
      EXPECT_EQ(many.events, one.events) << path << ", " << threads << " threads";
      EXPECT_EQ(many.IssueKeys(), one.IssueKeys()) << path;
      ASSERT_EQ(many.documents.size(), one.documents.size());
      for (size_t i = 0; i < one.documents.size(); ++i) {
        EXPECT_EQ(many.documents[i].where.ToString(), one.documents[i].where.ToString());
      }
    }
  }
  // Stopped at the first too-long line's issue.
  const CollectingSink one = ReadWithThreads(file, 1, 0, options);
  size_t first_long = 0;
  while (first_long < one.issues.size() && one.issues[first_long].kind != InputIssueKind::kTooLarge) ++first_long;
  const CollectingSink stopped_one = ReadWithThreads(file, 1, first_long + 1, options);
  const CollectingSink stopped_two = ReadWithThreads(file, 2, first_long + 1, options);
  ASSERT_EQ(stopped_one.issues.size(), first_long + 1);
  EXPECT_EQ(stopped_one.issues.back().kind, InputIssueKind::kTooLarge);
  EXPECT_EQ(stopped_two.events, stopped_one.events);
}

TEST(ReplaceUnpairedSurrogateEscapesTest, LeavesPairsAndEscapedBackslashesAlone) {
  std::string json = R"("\ud83d\ude00 \\ud800 \uD800x \uDFFF\uD800 \u00e9")";
  EXPECT_EQ(ReplaceUnpairedSurrogateEscapes(&json), 3u);
  EXPECT_EQ(json, R"("\ud83d\ude00 \\ud800 \uFFFDx \uFFFD\uFFFD \u00e9")");
}

}  // namespace
}  // namespace doppel::io
