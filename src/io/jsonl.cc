#include "io/jsonl.h"

#include <simdjson.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>
#include <utility>

#include "common/thread_pool.h"
#include "common/utf8.h"
#include "io/document_checks.h"
#include "io/line_reader.h"

namespace doppel::io {
namespace {

namespace dom = simdjson::dom;

// After a line needing more parser capacity than this, the parser is rebuilt so one
// huge line does not pin its memory for the rest of the run.
constexpr size_t kParserKeepBytes = size_t{16} << 20;

std::vector<std::string> SplitDotted(const std::string& path) {
  std::vector<std::string> steps;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    steps.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return steps;
}

const char* TypeName(const dom::element& element) {
  switch (element.type()) {
    case dom::element_type::ARRAY:
      return "an array";
    case dom::element_type::OBJECT:
      return "an object";
    case dom::element_type::INT64:
    case dom::element_type::UINT64:
      return "an integer";
    case dom::element_type::DOUBLE:
      return "a non-integer number";
    case dom::element_type::STRING:
      return "a string";
    case dom::element_type::BOOL:
      return "a boolean";
    case dom::element_type::NULL_VALUE:
      return "null";
  }
  return "of unknown type";
}

// Follows `steps` from the root object. On failure sets *why ("is missing", ...).
bool Lookup(const dom::element& root, const std::vector<std::string>& steps, dom::element* found,
            std::string* why) {
  dom::element current = root;
  for (size_t step = 0; step < steps.size(); ++step) {
    dom::object object;
    if (current.get(object) != simdjson::SUCCESS) {
      std::string parent;
      for (size_t k = 0; k < step; ++k) parent += (k > 0 ? "." : "") + steps[k];
      *why = "is missing ('" + parent + "' is " + TypeName(current) + ", not an object)";
      return false;
    }
    if (object.at_key(steps[step]).get(current) != simdjson::SUCCESS) {
      *why = "is missing";
      return false;
    }
  }
  *found = current;
  return true;
}

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The code unit of a \uXXXX escape at json[pos] ('\\'), or -1.
int EscapedCodeUnit(const std::string& json, size_t pos) {
  if (pos + 6 > json.size() || json[pos] != '\\' || json[pos + 1] != 'u') return -1;
  int value = 0;
  for (size_t k = pos + 2; k < pos + 6; ++k) {
    int digit = HexValue(json[k]);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

}  // namespace

uint64_t ReplaceUnpairedSurrogateEscapes(std::string* json) {
  uint64_t replaced = 0;
  size_t pos = 0;
  while (pos < json->size()) {
    if ((*json)[pos] != '\\') {
      ++pos;
      continue;
    }
    int unit = EscapedCodeUnit(*json, pos);
    if (unit < 0) {
      pos += 2;  // another escape ("\\", "\n", ...) or a malformed one
      continue;
    }
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      int next = EscapedCodeUnit(*json, pos + 6);
      if (next >= 0xDC00 && next <= 0xDFFF) {
        pos += 12;
        continue;
      }
    }
    if (unit >= 0xD800 && unit <= 0xDFFF) {
      json->replace(pos + 2, 4, "FFFD");
      ++replaced;
    }
    pos += 6;
  }
  return replaced;
}

JsonlParser::JsonlParser(const InputOptions& options)
    : options_(options), parser_(std::make_unique<dom::parser>()) {
  constexpr uint64_t kSlack = uint64_t{1} << 20;
  constexpr uint64_t kCap = std::numeric_limits<size_t>::max() / 4;
  uint64_t doc = std::min<uint64_t>(options.max_doc_bytes, kCap);
  max_line_bytes_ = static_cast<size_t>(std::min<uint64_t>(2 * doc + kSlack, kCap));
  id_path_ = {options.id_field, SplitDotted(options.id_field)};
  text_path_ = {options.text_field, SplitDotted(options.text_field)};
  time_path_.name = options.time_field;
  if (!options.time_field.empty()) time_path_.steps = SplitDotted(options.time_field);
}

JsonlParser::~JsonlParser() = default;

JsonlParser::Outcome JsonlParser::ParseLine(std::string_view line, bool padded,
                                            const SourceLocation& where, DocumentSink* sink,
                                            bool report_malformed) {
  size_t first = 0;
  while (first < line.size() && IsJsonSpace(line[first])) ++first;
  if (first == line.size()) return Outcome::kBlank;

  auto skip = [&](InputIssueKind kind, std::string detail) {
    sink->OnIssue(InputIssue{kind, where, std::move(detail)});
    return Outcome::kSkipped;
  };

  if (parser_->capacity() > kParserKeepBytes) parser_ = std::make_unique<dom::parser>();
  dom::element root;
  simdjson::error_code error = parser_->parse(line.data(), line.size(), !padded).get(root);
  uint64_t utf8_repairs = 0;
  uint64_t surrogate_repairs = 0;
  if (error != simdjson::SUCCESS) {
    // Repair what simdjson refuses but a reader should not lose, then try once more.
    repaired_.assign(line);
    utf8_repairs = common::RepairUtf8(&repaired_);
    surrogate_repairs = ReplaceUnpairedSurrogateEscapes(&repaired_);
    if (utf8_repairs + surrogate_repairs > 0) {
      error = parser_->parse(repaired_.data(), repaired_.size(), true).get(root);
    }
  }
  if (error != simdjson::SUCCESS) {
    if (!report_malformed) return Outcome::kMalformed;
    skip(InputIssueKind::kMalformedJson,
         std::string("line is not valid JSON: ") + simdjson::error_message(error));
    return Outcome::kMalformed;
  }
  if (!root.is_object()) {
    return skip(InputIssueKind::kNotAnObject,
                std::string("line is ") + TypeName(root) + ", not a JSON object");
  }

  Document document;
  document.where = where;
  dom::element value;
  std::string why;
  if (!Lookup(root, id_path_.steps, &value, &why)) {
    return skip(InputIssueKind::kMissingId, "field '" + id_path_.name + "' " + why);
  }
  if (value.is_string()) {
    document.id.assign(value.get_string().value_unsafe());
  } else if (value.is_int64()) {
    document.id = std::to_string(value.get_int64().value_unsafe());
  } else if (value.is_uint64()) {
    document.id = std::to_string(value.get_uint64().value_unsafe());
  } else {
    return skip(InputIssueKind::kMissingId, "field '" + id_path_.name + "' is " + TypeName(value) +
                                                ", not a string or integer");
  }
  if (document.id.empty()) {
    return skip(InputIssueKind::kMissingId, "field '" + id_path_.name + "' is an empty string");
  }

  if (!Lookup(root, text_path_.steps, &value, &why)) {
    return skip(InputIssueKind::kMissingText, "field '" + text_path_.name + "' " + why);
  }
  if (!value.is_string()) {
    return skip(InputIssueKind::kMissingText,
                "field '" + text_path_.name + "' is " + TypeName(value) + ", not a string");
  }
  std::string_view text = value.get_string().value_unsafe();
  if (text.size() > options_.max_doc_bytes) {
    // Checked before the copy; EmitDocument would report the same.
    return skip(InputIssueKind::kTooLarge, "text is " + std::to_string(text.size()) +
                                               " bytes, over --max-doc-bytes (" +
                                               std::to_string(options_.max_doc_bytes) + ")");
  }
  document.text.assign(text);

  // The time is optional: missing, null or of another type leaves it empty.
  if (!time_path_.steps.empty() && Lookup(root, time_path_.steps, &value, &why)) {
    if (value.is_string()) {
      document.time.assign(value.get_string().value_unsafe());
    } else if (value.is_int64()) {
      document.time = std::to_string(value.get_int64().value_unsafe());
    } else if (value.is_uint64()) {
      document.time = std::to_string(value.get_uint64().value_unsafe());
    }
  }

  std::string note;
  if (surrogate_repairs > 0) {
    note = " (" + std::to_string(surrogate_repairs) + " of them unpaired \\u surrogate escapes)";
  }
  bool kept =
      EmitDocument(std::move(document), utf8_repairs + surrogate_repairs, note, options_, sink);
  return kept ? Outcome::kDocument : Outcome::kSkipped;
}

namespace {

// Records what a parser hands its sink, to be replayed in line order.
class RecordingSink : public DocumentSink {
 public:
  struct Event {
    std::optional<Document> document;
    std::optional<InputIssue> issue;
  };
  void OnDocument(Document document) override { events.push_back({std::move(document), std::nullopt}); }
  void OnIssue(InputIssue issue) override { events.push_back({std::nullopt, std::move(issue)}); }
  std::vector<Event> events;
};

// Lines gathered for parallel parsing: views into the LineReader's buffers, which the
// batch holds (LineReader::Hold) until it is replayed, parsed in slices (each by its own
// parser, recording what it hands the sink) and replayed in line order. (Copying each line
// into the batch, with its padding, was ~25 ms of the reading thread's ~115 on the 100k
// bench corpus, the read stage's critical path with two threads.)
class LineBatch {
 public:
  static constexpr size_t kMaxLines = 4096;
  static constexpr size_t kMaxBytes = 32 << 20;

  // At most `max_lines` (<= kMaxLines) lines from here on.
  void set_max_lines(size_t max_lines) { max_lines_ = std::min(max_lines, kMaxLines); }
  bool full() const { return lines_.size() >= max_lines_ || bytes_ >= kMaxBytes; }
  // Lets go of the reader's buffers the batch's lines were in, so the reader may write
  // into them again. On the reader's thread, before it reads the batch's next lines: the
  // reader knows a buffer is free by its use count, which orders nothing, so the last
  // holder must not be another thread (it would write where a parser may still be
  // reading, as far as the memory model can tell).
  void ReleaseBuffers() { held_.clear(); }
  // `text` and the LineReader::kPadding bytes after it stay valid while `reader`'s
  // current buffer is held: the batch holds it.
  void Add(uint64_t number, std::string_view text, const LineReader& reader) {
    lines_.push_back({number, text});
    bytes_ += text.size();
    if (held_.empty() || held_.back().get() != reader.buffer()) held_.push_back(reader.Hold());
  }

  // Cuts the lines into at most `max_slices` slices for ParseSlice.
  size_t Slice(size_t max_slices) {
    slices_ = std::min(max_slices, lines_.size());
    per_slice_ = slices_ == 0 ? 0 : (lines_.size() + slices_ - 1) / slices_;
    recorded_.resize(slices_);
    return slices_;
  }
  void ParseSlice(size_t k, const std::string& file, JsonlParser* parser) {
    RecordingSink& recorded = recorded_[k];
    recorded.events.clear();
    // (A slice records about per_slice events: reserved, its Documents are not moved
    // again as the vector grows; 2-3% of the read stage's CPU with two threads.)
    recorded.events.reserve(per_slice_);
    SourceLocation where{file, 0};
    for (size_t i = k * per_slice_; i < std::min(lines_.size(), (k + 1) * per_slice_); ++i) {
      where.line = lines_[i].number;
      parser->ParseLine(lines_[i].text, /*padded=*/true, where, &recorded);
    }
  }
  // Hands the parsed slices' documents and issues to `sink` in line order and empties the
  // batch but for its buffers (ReleaseBuffers). False when the sink asked to stop.
  bool Replay(DocumentSink* sink) {
    lines_.clear();
    bytes_ = 0;
    for (size_t k = 0; k < slices_; ++k) {
      for (RecordingSink::Event& e : recorded_[k].events) {
        if (e.document) sink->OnDocument(std::move(*e.document));
        if (e.issue) sink->OnIssue(std::move(*e.issue));
        if (sink->StopRequested()) return false;
      }
      recorded_[k].events.clear();
    }
    slices_ = 0;
    return true;
  }

 private:
  struct Entry {
    uint64_t number;
    std::string_view text;
  };
  std::vector<Entry> lines_;
  size_t bytes_ = 0;
  std::vector<std::shared_ptr<const void>> held_;
  size_t max_lines_ = kMaxLines;
  size_t slices_ = 0, per_slice_ = 0;
  std::vector<RecordingSink> recorded_;
};

// ReadJsonl's handling of what the lines say, shared by its one-thread and pipelined forms:
// the rare lines (too long, or cut by a read error) in order, and the end of the stream.
class JsonlLines {
 public:
  JsonlLines(const std::string& file, JsonlParser* parser, DocumentSink* sink)
      : file_(file), parser_(parser), sink_(sink), where_{file, 0} {}

  // Parses `line` (its BOM dropped on line 1) or reports it as too long. False when the
  // sink asked to stop.
  bool Handle(const Line& line) {
    where_.line = line.number;  // (the file's name is copied once, not once a line)
    const SourceLocation& where = where_;
    if (line.too_long) {
      sink_->OnIssue(InputIssue{
          InputIssueKind::kTooLarge, where,
          "line is " + std::to_string(line.length) + (line.cut_by_error ? "+" : "") +
              " bytes, over the JSONL line limit (" + std::to_string(parser_->max_line_bytes()) +
              " bytes: 2 x --max-doc-bytes + 1 MiB); skipped unparsed"});
    } else {
      // The incomplete last line of a failed stream is kept only if it happens to be a
      // whole object; otherwise the kTruncated issue from End accounts for it.
      JsonlParser::Outcome outcome =
          parser_->ParseLine(WithoutBom(line), /*padded=*/true, where, sink_, !line.cut_by_error);
      if (line.cut_by_error && outcome == JsonlParser::Outcome::kMalformed) {
        dropped_cut_line_ = true;
        cut_line_number_ = line.number;
      }
    }
    return !sink_->StopRequested();
  }

  static std::string_view WithoutBom(const Line& line) {
    std::string_view text = line.text;
    if (line.number == 1 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    return text;
  }

  // The result once `reader` has no more lines.
  JsonlReadResult End(const LineReader& reader) {
    const Status& status = reader.status();
    if (status.ok()) return {};
    uint64_t reached = dropped_cut_line_ ? cut_line_number_ : reader.lines_read() + 1;
    if (status.code() == StatusCode::kDataError) {
      std::string detail = status.message() + " at line " + std::to_string(reached);
      if (dropped_cut_line_) detail += "; the incomplete line is dropped";
      if (reached > 1) detail += "; the lines before it were read";
      sink_->OnIssue(
          InputIssue{InputIssueKind::kTruncated, SourceLocation{file_, reached}, std::move(detail)});
      if (sink_->StopRequested()) return Cancelled();
      return {};
    }
    return {status, reached};
  }

  static JsonlReadResult Cancelled() { return {Status(StatusCode::kCancelled, "stopped by the caller")}; }

 private:
  const std::string& file_;
  JsonlParser* parser_;
  DocumentSink* sink_;
  SourceLocation where_;
  bool dropped_cut_line_ = false;
  uint64_t cut_line_number_ = 0;
};

// The pipelined form. Batches of lines go through three kinds of task, which the pool's
// threads take as they come free, with no barrier between batches: reading and splitting
// the next batch (one at a time, in stream order), parsing one slice of a batch read
// before, and handing a batch whose slices are all parsed to the sink (one at a time, in
// batch order). Up to kBatchesInFlight batches are between reading and handing over, so a
// thread done with its last slice of one batch parses the next one's instead of waiting
// for the other's last slice. (Rounds of "read one batch, parse the one before, hand over
// the one before that" with a barrier after each left a thread idle at the end of every
// round: 25 rounds, ~15 ms of the 100k bench corpus's ~125 ms read with two threads.) A
// batch ends when full, at the end of the stream, or before a rare line, which is kept (its
// text copied: the reader's buffer moves on) and handled right after the batch's events:
// the sink sees what the one-thread loop gives it, in the same order, one call at a time.
// Only the calling thread hands batches over, and reports progress after each. The first
// batches are small (kFirstBatchLines, doubling), so that parsing starts soon.
JsonlReadResult ReadJsonlPipelined(ByteStream* stream, const std::string& file, JsonlParser* parser,
                                   DocumentSink* sink, common::ThreadPool* pool, const InputOptions& options) {
  struct Batch {
    LineBatch lines;
    bool has_rare = false;
    Line rare;
    std::string rare_text;
    bool last = false;  // the stream has no lines after this batch (and its rare line)
    size_t slices = 0, next_slice = 0, parsed_slices = 0;
  };
  constexpr size_t kFirstBatchLines = 64;
  constexpr uint64_t kBatchesInFlight = 4;
  LineReader reader(stream, parser->max_line_bytes());
  size_t batch_lines = kFirstBatchLines;
  auto fill = [&reader, &batch_lines](Batch* b) {
    b->lines.ReleaseBuffers();  // handed over before this task was taken
    b->last = false;
    b->has_rare = false;
    b->lines.set_max_lines(batch_lines);
    batch_lines = std::min(2 * batch_lines, LineBatch::kMaxLines);
    Line line;
    while (true) {
      if (!reader.Next(&line)) {
        b->last = true;
        return;
      }
      if (!line.too_long && !line.cut_by_error) {
        b->lines.Add(line.number, JsonlLines::WithoutBom(line), reader);
        if (b->lines.full()) return;
        continue;
      }
      b->has_rare = true;
      // The parser reads kPadding bytes past the text.
      b->rare_text.assign(line.text);
      b->rare_text.append(LineReader::kPadding, '\0');
      b->rare = line;
      b->rare.text = std::string_view(b->rare_text.data(), line.text.size());
      return;
    }
  };
  JsonlLines lines(file, parser, sink);
  const size_t num_threads = static_cast<size_t>(pool->num_threads());
  const size_t max_slices = 4 * num_threads;
  Batch batches[kBatchesInFlight];
  auto batch = [&batches](uint64_t b) -> Batch& { return batches[b % kBatchesInFlight]; };
  // Batches [handed, read) are read and not yet handed over; batch `read` is the next to
  // read. Guarded by `mu`.
  std::mutex mu;
  std::condition_variable changed;
  uint64_t read = 0, handed = 0;
  bool reading = false, handing = false;  // a read / a hand-over is running
  bool read_all = false;                   // the last batch is read
  bool stop = false;                       // the sink asked to stop, or a task threw
  const std::thread::id caller = std::this_thread::get_id();
  std::vector<std::unique_ptr<JsonlParser>> parsers(num_threads);
  enum class Task { kNone, kRead, kParse, kHandOver, kDone };
  pool->ParallelFor(num_threads, 1, [&](size_t participant, size_t) {
    if (!parsers[participant]) parsers[participant] = std::make_unique<JsonlParser>(options);
    const bool is_caller = std::this_thread::get_id() == caller;
    std::unique_lock<std::mutex> lock(mu);
    while (true) {
      // The next task, most urgent first: handing over (the oldest batch holds the
      // reader's buffers; the calling thread's task, which reports progress after it),
      // reading (the only task that makes more work), parsing the oldest batch with a
      // slice left.
      Task task = Task::kNone;
      uint64_t b = 0;
      size_t slice = 0;
      if (stop || (read_all && handed == read && !handing)) {
        task = Task::kDone;
      } else if (is_caller && !handing && handed < read && batch(handed).parsed_slices == batch(handed).slices) {
        task = Task::kHandOver;
        b = handed;
        handing = true;
      } else if (!reading && !read_all && read < handed + kBatchesInFlight) {
        task = Task::kRead;
        b = read;
        reading = true;
      } else {
        for (uint64_t c = handed; c < read; ++c) {
          if (batch(c).next_slice < batch(c).slices) {
            task = Task::kParse;
            b = c;
            slice = batch(c).next_slice++;
            break;
          }
        }
      }
      if (task == Task::kDone) break;
      if (task == Task::kNone) {
        changed.wait(lock);
        continue;
      }
      lock.unlock();
      bool go_on = true;
      try {
        switch (task) {
          case Task::kRead:
            fill(&batch(b));
            batch(b).slices = batch(b).lines.Slice(max_slices);
            batch(b).next_slice = batch(b).parsed_slices = 0;
            break;
          case Task::kParse:
            batch(b).lines.ParseSlice(slice, file, parsers[participant].get());
            break;
          case Task::kHandOver:
            go_on = batch(b).lines.Replay(sink) && (!batch(b).has_rare || lines.Handle(batch(b).rare));
            sink->OnProgress();
            break;
          default:
            break;
        }
      } catch (...) {
        lock.lock();
        stop = true;
        changed.notify_all();
        throw;  // ParallelFor rethrows it once every thread is out
      }
      lock.lock();
      switch (task) {
        case Task::kRead:
          reading = false;
          read_all = batch(b).last;
          ++read;
          break;
        case Task::kParse:
          ++batch(b).parsed_slices;
          break;
        case Task::kHandOver:
          handing = false;
          ++handed;
          stop = stop || !go_on;
          break;
        default:
          break;
      }
      changed.notify_all();
    }
  });
  if (stop) return JsonlLines::Cancelled();
  sink->OnProgress();
  return lines.End(reader);
}

}  // namespace

JsonlReadResult ReadJsonl(ByteStream* stream, const std::string& file, JsonlParser* parser,
                          DocumentSink* sink, common::ThreadPool* pool, const InputOptions* options) {
  if (pool != nullptr && options != nullptr && pool->num_threads() > 1) {
    return ReadJsonlPipelined(stream, file, parser, sink, pool, *options);
  }
  JsonlLines lines(file, parser, sink);
  LineReader reader(stream, parser->max_line_bytes());
  Line line;
  constexpr uint64_t kProgressLines = 1024;
  while (reader.Next(&line)) {
    if (!lines.Handle(line)) return JsonlLines::Cancelled();
    if (line.number % kProgressLines == 0) sink->OnProgress();
  }
  return lines.End(reader);
}

}  // namespace doppel::io
