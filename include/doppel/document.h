// Documents and the per-document input problems the readers report.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace doppel {

// Where a document (or a problem) came from: a file and, for JSONL, a 1-based line.
struct SourceLocation {
  std::string file;   // as the user named it; "-" for standard input
  uint64_t line = 0;  // 1-based JSONL line; 0 for a whole file (.txt/.md)
  std::string ToString() const;  // "file:line" or "file"
};

// One document of the corpus. `text` is valid UTF-8 (readers repair invalid bytes to
// U+FFFD and report it); every byte offset doppel reports is an offset into `text`.
struct Document {
  std::string id;
  std::string text;
  std::string time;  // publication time from --time-field, empty when not given
  SourceLocation where;
};

// What can be wrong with one input document or line. Values are pinned (they appear in
// the run summary by name, see InputIssueKindName).
enum class InputIssueKind : int {
  kInvalidUtf8 = 0,     // repaired to U+FFFD; the document is kept
  kMalformedJson = 1,   // the line is not valid JSON; skipped
  kNotAnObject = 2,     // valid JSON but not an object; skipped
  kMissingId = 3,       // the id field is absent or not a string/number; skipped
  kMissingText = 4,     // the text field is absent or not a string; skipped
  kDuplicateId = 5,     // an id seen before in this corpus; the later one is skipped
  kEmpty = 6,           // empty or whitespace-only text; skipped
  kTooLarge = 7,        // over --max-doc-bytes; skipped
  kUnreadable = 8,      // the file could not be opened or read; skipped
  kTruncated = 9,       // a compressed stream ends early or is corrupt; what was read is kept
  kBinary = 10,         // a .txt/.md file that holds NUL bytes; skipped
  kUnsupported = 11,    // a file with an extension doppel does not read; skipped
};
const char* InputIssueKindName(InputIssueKind kind);  // "invalid_utf8", ...

struct InputIssue {
  InputIssueKind kind;
  SourceLocation where;
  std::string detail;  // human-readable, e.g. "3 invalid byte sequences"
  bool skipped = true; // false when the document was kept (repaired)
};

}  // namespace doppel
