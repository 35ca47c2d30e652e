// JSONL: one JSON object a line, id and text (and optionally a time) taken from
// configurable, possibly dotted, field paths.
//
// Lines are parsed with the simdjson DOM parser (it validates the whole line, so a
// line with trailing garbage is rejected rather than half-read), reused across lines
// and parsing in place in the LineReader's padded buffer. simdjson rejects invalid
// UTF-8 and unpaired surrogate escapes (\udc80, as Python writes undecodable bytes);
// rather than lose such a line, we replace the offending sequences with U+FFFD, parse
// again and report the repair (kInvalidUtf8, kept).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "doppel/document.h"
#include "doppel/options.h"
#include "doppel/status.h"
#include "io/byte_stream.h"
#include "io/reader.h"

namespace doppel::common {
class ThreadPool;
}  // namespace doppel::common

namespace simdjson::dom {
class parser;
}  // namespace simdjson::dom

namespace doppel::io {

class JsonlParser {
 public:
  explicit JsonlParser(const InputOptions& options);
  ~JsonlParser();
  JsonlParser(const JsonlParser&) = delete;
  JsonlParser& operator=(const JsonlParser&) = delete;

  // Longest line parsed: twice max_doc_bytes (JSON escaping can double a text, e.g.
  // \uXXXX for CJK) plus 1 MiB for the other fields. Longer lines are skipped unparsed.
  size_t max_line_bytes() const { return max_line_bytes_; }

  enum class Outcome { kBlank, kDocument, kSkipped, kMalformed };

  // Parses one line (without its line ending) and hands the document, or the issue that
  // stops it, to `sink`. Blank lines are ignored. When `padded`, LineReader::kPadding
  // bytes after `line` are allocated (parsing then needs no copy). With
  // `report_malformed` false, a line that is not valid JSON is only returned as
  // kMalformed (used for the incomplete last line of a truncated stream).
  Outcome ParseLine(std::string_view line, bool padded, const SourceLocation& where,
                    DocumentSink* sink, bool report_malformed = true);

 private:
  struct FieldPath {
    std::string name;                // as configured, for messages
    std::vector<std::string> steps;  // split at '.'
  };

  InputOptions options_;
  size_t max_line_bytes_;
  FieldPath id_path_;
  FieldPath text_path_;
  FieldPath time_path_;  // no steps when time_field is empty
  std::unique_ptr<simdjson::dom::parser> parser_;
  std::string repaired_;  // scratch for lines that need a repair
};

// Replaces every \uXXXX escape of an unpaired UTF-16 surrogate in `json` with \uFFFD
// (same length). Returns how many were replaced.
uint64_t ReplaceUnpairedSurrogateEscapes(std::string* json);

// Why ReadJsonl stopped early; ok() after the whole stream was read (a truncated or
// corrupt compressed stream is not an error here: it is reported as kTruncated).
struct JsonlReadResult {
  Status status;      // kIoError when reading failed; kCancelled when the sink asked to stop
  uint64_t line = 0;  // the line being read when reading failed
};

// Reads every line of `stream` (named `file` in locations) through `parser`. A UTF-8 BOM
// at the start of the stream is skipped. With a pool of two or more threads, lines are
// parsed in parallel in batches (one parser per batch slice, made from `options`) and
// handed to `sink` in line order: the sink sees exactly what one thread would give it.
JsonlReadResult ReadJsonl(ByteStream* stream, const std::string& file, JsonlParser* parser,
                          DocumentSink* sink, common::ThreadPool* pool = nullptr,
                          const InputOptions* options = nullptr);

}  // namespace doppel::io
