// Document sources: files, directories, JSONL (plain, gzip, zstd) and stdin.
//
// Readers stream: they hand each document to a sink as soon as it is parsed, in a
// deterministic order (arguments in the order given, directory entries sorted by name,
// JSONL lines in file order). Problems with single documents are handed to the sink as
// InputIssues and never stop the read; only a missing argument path or a failing stdin
// returns an error Status.
#pragma once

#include <string>
#include <vector>

#include "doppel/document.h"
#include "doppel/options.h"
#include "doppel/status.h"

namespace doppel::io {

class DocumentSink {
 public:
  virtual ~DocumentSink() = default;
  // A document with valid UTF-8 text (repaired if needed; the repair is also reported).
  virtual void OnDocument(Document document) = 0;
  virtual void OnIssue(InputIssue issue) = 0;
};

// Reads every path in order:
// - a directory: every regular file below it with a known extension, recursively, sorted
//   by relative path; other files are ignored (not reported);
// - a .txt or .md file: one document, id = its path relative to the argument (the file
//   name when the argument is the file itself);
// - a .jsonl, .jsonl.gz or .jsonl.zst file: one document a line, id and text from
//   options.id_field / options.text_field (dotted paths; a numeric id becomes its decimal
//   string), time from options.time_field when set; blank lines are ignored;
// - "-": JSONL from standard input.
// Duplicate ids are not checked here (the engine checks across all inputs).
// Returns kNotFound for a path that does not exist; kIoError when stdin cannot be read.
Status ReadPaths(const std::vector<std::string>& paths, const InputOptions& options,
                 DocumentSink* sink);

}  // namespace doppel::io
