// Document sources: files, directories, JSONL (plain, gzip, zstd) and stdin.
//
// Readers stream: they hand each document to a sink as soon as it is parsed, in a
// deterministic order (arguments in the order given, directory entries sorted by
// relative path, JSONL lines in file order). Problems with single documents are handed
// to the sink as InputIssues and never stop the read; only a missing argument path or a
// failing stdin returns an error Status.
//
// Design:
// - Everything is streamed in large blocks (io/line_reader.h): memory is bounded by the
//   largest document, never by the file; .gz and .zst are decompressed on the fly
//   (io/decompress.h), so a multi-GB archive is never held whole.
// - JSONL lines are parsed in place with one reused simdjson DOM parser (io/jsonl.h).
// - Nothing is lost silently: every line or file that does not become a document yields
//   exactly one InputIssue naming the file (and line) and why; a document whose bytes
//   were repaired (invalid UTF-8) is kept, and reported with skipped = false.
//
//   class Collect : public doppel::io::DocumentSink {
//     void OnDocument(doppel::Document d) override { docs.push_back(std::move(d)); }
//     void OnIssue(doppel::InputIssue i) override { issues.push_back(std::move(i)); }
//    public:
//     std::vector<doppel::Document> docs;
//     std::vector<doppel::InputIssue> issues;
//   };
//   Collect sink;
//   DOPPEL_RETURN_IF_ERROR(doppel::io::ReadPaths({"corpus/", "-"}, options.input, &sink));
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "doppel/document.h"
#include "doppel/options.h"
#include "doppel/status.h"

namespace doppel::common {
class ThreadPool;
}  // namespace doppel::common

namespace doppel::io {

class DocumentSink {
 public:
  virtual ~DocumentSink() = default;
  // A document with valid UTF-8 text (repaired if needed; the repair is also reported,
  // just before the document). Its text is never empty or blank, nor over max_doc_bytes.
  virtual void OnDocument(Document document) = 0;
  virtual void OnIssue(InputIssue issue) = 0;
  // Polled after every document and issue; returning true makes ReadPaths stop and
  // return kCancelled (how --strict stops at the first issue).
  virtual bool StopRequested() { return false; }
  // Called now and then (between batches of lines, after each .txt/.md file) from the
  // thread that called ReadPaths: where a sink reports progress. The calls above come one
  // at a time and in input order, but with a pool of two threads or more they may come
  // from one of its threads (the JSONL reader hands a parsed batch over while it parses
  // the next).
  virtual void OnProgress() {}
};

// Reads every path in order:
// - a directory: every regular file below it with a known extension, recursively,
//   sorted by relative path (byte order, '/' separators); files with other extensions,
//   and entries that are not regular files (FIFOs, sockets, devices) are ignored without
//   a report; symbolic links to files are read, symbolic links to directories are not
//   followed (they could loop); a subdirectory that cannot be listed, or a link with a
//   known extension that leads nowhere, is reported as kUnreadable;
// - a .txt or .md file: one document, id = its path relative to the argument with '/'
//   separators (the file name when the argument is the file itself; invalid UTF-8 in it
//   is repaired and reported); see io/text_file.h for the checks;
// - a .jsonl, .jsonl.gz or .jsonl.zst file: one document a line, id and text from
//   options.id_field / options.text_field (dotted paths reach into objects: "meta.url";
//   a key that itself holds a '.' cannot be named), time from options.time_field when
//   set. Per line: blank lines are ignored; kMalformedJson, kNotAnObject, kMissingId (id
//   absent, empty, or not a string or integer; an integer becomes its decimal string),
//   kMissingText (absent or not a string); a missing or non-string time is not an issue
//   (an integer time becomes its decimal string, other types leave it empty); lines are
//   1-based and may end in "\r\n"; the last line needs no newline; a .jsonl file whose
//   content starts with a gzip or zstd magic number is decompressed; a line longer than
//   2 x max_doc_bytes + 1 MiB is skipped unparsed (kTooLarge) without being held in
//   memory. A compressed stream that is truncated or corrupt gives one kTruncated issue
//   at the line reached; the lines before it are kept (gzip detects some damage only at
//   its end-of-member CRC, after the damaged text was read: see io/decompress.h);
// - a file named directly with any other extension: kUnsupported;
// - "-": JSONL from standard input, gzip or zstd compressed or not (detected from its
//   magic number); locations name it "-".
// Extensions are matched case-insensitively. Every document also passes the common
// checks: blank text -> kEmpty, text over max_doc_bytes -> kTooLarge (both skipped).
// options.strict is not applied here: the sink decides (see StopRequested).
// Duplicate ids are not checked here (the engine checks across all inputs).
//
// Returns kNotFound ("no such file or directory: PATH") when a path does not exist; all
// paths are checked before anything is read. Returns kIoError when stdin cannot be read
// (documents before the failure have been delivered), kCancelled when the sink asked to
// stop.
// With a `pool` of two or more threads, JSONL lines are parsed in parallel, and a large
// JSONL file (see ReadAheadPolicy) is read and decompressed ahead in a thread of its own;
// the sink receives the same documents and issues in the same order as with none.
struct ReadAheadPolicy {
  // Read ahead files of at least this many bytes on disk, uncompressed / compressed;
  // UINT64_MAX: never. Standard input and other pipes count as large. Smaller files are
  // read directly: the parser waits for the first chunk anyway, and a thread per file costs
  // more than the overlap saves (measured in reader.cc). Plain input never is by default:
  // with two threads or more the JSONL reader reads the next batch of lines while the pool
  // parses the last (io/jsonl.cc), so the read(2) copies overlap the parsing already, and
  // a read-ahead thread only adds a copy of every byte (read stage of the 100k bench
  // corpus, 310 MB, 2 threads: in one file 0.13-0.16 s read ahead, 0.12 s without; piped
  // to standard input 0.35-0.37 s read ahead, 0.21-0.27 s without).
  uint64_t min_plain_bytes = UINT64_MAX;
  uint64_t min_compressed_bytes = uint64_t{8} << 20;
  // 1 MiB chunks, 8 in flight: the parser starts after the first MiB (4 MiB chunks: 0.25
  // against 0.20 s on 63 files of 5 MB, the same on one large file).
  size_t chunk_bytes = size_t{1} << 20;
  size_t max_chunks = 8;
};
Status ReadPaths(const std::vector<std::string>& paths, const InputOptions& options,
                 DocumentSink* sink, common::ThreadPool* pool = nullptr,
                 const ReadAheadPolicy& read_ahead = ReadAheadPolicy{});

}  // namespace doppel::io
