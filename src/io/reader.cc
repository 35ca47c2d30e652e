#include "io/reader.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string_view>
#include <system_error>
#include <utility>

#include "io/byte_stream.h"
#include "io/jsonl.h"
#include "io/text_file.h"

namespace doppel::io {
namespace {

namespace fs = std::filesystem;

enum class FileKind { kText, kJsonl, kJsonlGz, kJsonlZst, kOther };

bool EndsWithNoCase(std::string_view name, std::string_view suffix) {
  if (name.size() < suffix.size()) return false;
  std::string_view tail = name.substr(name.size() - suffix.size());
  for (size_t k = 0; k < suffix.size(); ++k) {
    char c = tail[k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[k]) return false;
  }
  return true;
}

FileKind KindOf(std::string_view file_name) {
  if (EndsWithNoCase(file_name, ".txt") || EndsWithNoCase(file_name, ".md")) {
    return FileKind::kText;
  }
  if (EndsWithNoCase(file_name, ".jsonl")) return FileKind::kJsonl;
  if (EndsWithNoCase(file_name, ".jsonl.gz")) return FileKind::kJsonlGz;
  if (EndsWithNoCase(file_name, ".jsonl.zst")) return FileKind::kJsonlZst;
  return FileKind::kOther;
}

Status Cancelled() { return Status(StatusCode::kCancelled, "reading stopped by the caller"); }

// One thing found below a directory argument: a file to read, or a problem to report
// at this position of the sorted order.
struct WalkEntry {
  std::string rel;      // relative to the argument, '/' separators: the sort key and id
  std::string path;     // to open, and to name in locations
  FileKind kind = FileKind::kOther;
  std::string problem;  // non-empty: report kUnreadable with this detail
};

// Lists `root` recursively. Each directory is listed with its own iterator, so one
// unlistable subdirectory is reported and the walk goes on (a recursive_directory_iterator
// would stop at the first error).
std::vector<WalkEntry> Walk(const std::string& root) {
  std::vector<WalkEntry> entries;
  std::vector<std::string> pending_dirs = {""};
  const fs::path root_path(root);
  while (!pending_dirs.empty()) {
    std::string rel_dir = std::move(pending_dirs.back());
    pending_dirs.pop_back();
    const fs::path dir_path = rel_dir.empty() ? root_path : root_path / rel_dir;
    auto problem = [&](const std::string& what, const std::error_code& ec) {
      entries.push_back({rel_dir, dir_path.string(), FileKind::kOther,
                         what + ": " + ec.message()});
    };
    std::error_code ec;
    fs::directory_iterator it(dir_path, ec);
    if (ec) {
      problem("cannot list directory", ec);
      continue;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      const std::string name = it->path().filename().string();
      std::string rel = rel_dir.empty() ? name : rel_dir + "/" + name;
      std::error_code entry_ec;
      fs::file_status link_status = it->symlink_status(entry_ec);
      if (!entry_ec && fs::is_directory(link_status)) {
        pending_dirs.push_back(std::move(rel));
        continue;
      }
      const FileKind kind = KindOf(name);
      if (kind == FileKind::kOther) continue;
      fs::file_status target = entry_ec ? link_status : it->status(entry_ec);
      std::string path = (root_path / rel).string();
      if (entry_ec) {
        // Typically a symbolic link to nowhere: its name says it was meant to be read.
        entries.push_back({std::move(rel), std::move(path), kind,
                           "cannot inspect file: " + entry_ec.message()});
      } else if (fs::is_regular_file(target)) {
        entries.push_back({std::move(rel), std::move(path), kind, ""});
      }
      // Anything else (a link to a directory, a FIFO, a socket, a device) is not read.
    }
    if (ec) problem("cannot list directory completely", ec);
  }
  std::sort(entries.begin(), entries.end(),
            [](const WalkEntry& a, const WalkEntry& b) { return a.rel < b.rel; });
  return entries;
}

class Reader {
 public:
  Reader(const InputOptions& options, DocumentSink* sink)
      : options_(options), sink_(sink), parser_(options) {}

  Status ReadPath(const std::string& path) {
    if (path == "-") return ReadStdin();
    std::error_code ec;
    if (fs::is_directory(fs::status(path, ec))) {
      for (WalkEntry& entry : Walk(path)) {
        if (!entry.problem.empty()) {
          Report(InputIssueKind::kUnreadable, SourceLocation{entry.path, 0}, entry.problem);
        } else {
          DOPPEL_RETURN_IF_ERROR(ReadFile(entry.path, std::move(entry.rel), entry.kind));
        }
        if (sink_->StopRequested()) return Cancelled();
      }
      return Status::Ok();
    }
    std::string name = fs::path(path).filename().string();
    FileKind kind = KindOf(name);
    if (kind == FileKind::kOther) {
      Report(InputIssueKind::kUnsupported, SourceLocation{path, 0},
             "unsupported file type; doppel reads .txt, .md, .jsonl, .jsonl.gz and "
             ".jsonl.zst files, and directories holding them");
      return sink_->StopRequested() ? Cancelled() : Status::Ok();
    }
    DOPPEL_RETURN_IF_ERROR(ReadFile(path, std::move(name), kind));
    return sink_->StopRequested() ? Cancelled() : Status::Ok();
  }

 private:
  void Report(InputIssueKind kind, SourceLocation where, std::string detail) {
    sink_->OnIssue(InputIssue{kind, std::move(where), std::move(detail)});
  }

  Status ReadFile(const std::string& path, std::string id, FileKind kind) {
    if (kind == FileKind::kText) {
      ReadTextFile(path, std::move(id), options_, sink_);
      return Status::Ok();
    }
    Result<std::unique_ptr<FdStream>> opened = OpenFile(path);
    if (!opened.ok()) {
      Report(InputIssueKind::kUnreadable, SourceLocation{path, 0}, opened.status().message());
      return Status::Ok();
    }
    Compression compression = kind == FileKind::kJsonlGz    ? Compression::kGzip
                              : kind == FileKind::kJsonlZst ? Compression::kZstd
                                                            : Compression::kNone;
    std::unique_ptr<ByteStream> stream = Decompress(compression, std::move(opened).value());
    JsonlReadResult result = ReadJsonl(stream.get(), path, &parser_, sink_);
    if (result.status.code() == StatusCode::kIoError) {
      Report(InputIssueKind::kUnreadable, SourceLocation{path, result.line},
             "read failed at line " + std::to_string(result.line) + ": " +
                 result.status.message() + "; the lines before it are kept");
      return Status::Ok();
    }
    return result.status;
  }

  Status ReadStdin() {
    auto in = std::make_unique<FdStream>(0, /*owned=*/false);
    // Sniff the magic number so `zcat`-less pipelines (curl ... | doppel scan -) work.
    std::string head(4, '\0');
    size_t got_bytes = 0;
    while (got_bytes < head.size()) {
      Result<size_t> got = in->Read(head.data() + got_bytes, head.size() - got_bytes);
      if (!got.ok()) return IoError("cannot read standard input: " + got.status().message());
      if (*got == 0) break;
      got_bytes += *got;
    }
    head.resize(got_bytes);
    Compression compression = DetectCompression(head);
    std::unique_ptr<ByteStream> stream =
        Decompress(compression, std::make_unique<PrefixedStream>(std::move(head), std::move(in)));
    JsonlReadResult result = ReadJsonl(stream.get(), "-", &parser_, sink_);
    if (result.status.code() == StatusCode::kIoError) {
      return IoError("cannot read standard input at line " + std::to_string(result.line) +
                     ": " + result.status.message());
    }
    return result.status;
  }

  const InputOptions& options_;
  DocumentSink* sink_;
  JsonlParser parser_;
};

}  // namespace

Status ReadPaths(const std::vector<std::string>& paths, const InputOptions& options,
                 DocumentSink* sink) {
  // Fail on a mistyped path before spending time on the others.
  for (const std::string& path : paths) {
    if (path == "-") continue;
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (status.type() == fs::file_type::not_found ||
        ec == std::errc::no_such_file_or_directory || ec == std::errc::not_a_directory) {
      return NotFound("no such file or directory: " + path);
    }
  }
  Reader reader(options, sink);
  for (const std::string& path : paths) {
    DOPPEL_RETURN_IF_ERROR(reader.ReadPath(path));
  }
  return Status::Ok();
}

}  // namespace doppel::io
