#include "io/text_file.h"

#include <sys/stat.h>

#include <cstring>
#include <utility>

#include "common/utf8.h"
#include "io/byte_stream.h"
#include "io/document_checks.h"

namespace doppel::io {
namespace {

std::string TooLargeDetail(uint64_t bytes, bool at_least, const InputOptions& options) {
  return "file is " + std::string(at_least ? "over " : "") + std::to_string(bytes) +
         " bytes, over --max-doc-bytes (" + std::to_string(options.max_doc_bytes) + ")";
}

}  // namespace

void ReadTextFile(const std::string& path, std::string id, const InputOptions& options,
                  DocumentSink* sink) {
  SourceLocation where{path, 0};
  auto report = [&](InputIssueKind kind, std::string detail) {
    sink->OnIssue(InputIssue{kind, where, std::move(detail)});
  };

  Result<std::unique_ptr<FdStream>> opened = OpenFile(path);
  if (!opened.ok()) {
    report(InputIssueKind::kUnreadable, opened.status().message());
    return;
  }
  FdStream& file = **opened;
  struct stat info;
  uint64_t expected_bytes = 0;
  if (fstat(file.fd(), &info) == 0 && S_ISREG(info.st_mode)) {
    expected_bytes = static_cast<uint64_t>(info.st_size);
    if (expected_bytes > options.max_doc_bytes) {
      report(InputIssueKind::kTooLarge, TooLargeDetail(expected_bytes, false, options));
      return;
    }
  }

  // Read to the end rather than trusting the size: the file may change, or be a pipe.
  std::string text;
  const uint64_t limit = std::min<uint64_t>(options.max_doc_bytes, uint64_t{1} << 62);
  text.resize(static_cast<size_t>(std::min<uint64_t>(expected_bytes, limit)) + 1);
  size_t used = 0;
  while (true) {
    if (used == text.size()) {
      if (used > limit) {
        report(InputIssueKind::kTooLarge, TooLargeDetail(limit, true, options));
        return;
      }
      text.resize(static_cast<size_t>(
          std::min<uint64_t>(std::max<uint64_t>(2 * used, 1 << 16), limit + 1)));
    }
    Result<size_t> got = file.Read(text.data() + used, text.size() - used);
    if (!got.ok()) {
      report(InputIssueKind::kUnreadable, "read failed: " + got.status().message());
      return;
    }
    if (*got == 0) break;
    used += *got;
  }
  if (used > limit) {
    report(InputIssueKind::kTooLarge, TooLargeDetail(limit, true, options));
    return;
  }
  text.resize(used);

  if (used == 0) {
    report(InputIssueKind::kEmpty, "file is empty (0 bytes)");
    return;
  }
  if (std::memchr(text.data(), '\0', text.size()) != nullptr) {
    report(InputIssueKind::kBinary, "file holds NUL bytes (binary data, or UTF-16 text)");
    return;
  }
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  uint64_t repairs = common::RepairUtf8(&text);
  // Linux file names are bytes: an id must be UTF-8 like everything else we emit.
  uint64_t id_repairs = common::RepairUtf8(&id);
  std::string note;
  if (id_repairs > 0) note = " (" + std::to_string(id_repairs) + " of them in the file name)";
  Document document{std::move(id), std::move(text), /*time=*/"", where};
  EmitDocument(std::move(document), repairs + id_repairs, note, options, sink);
}

}  // namespace doppel::io
