#include "io/document_checks.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <utility>

#include "common/utf8.h"

namespace doppel::io {
namespace {

bool IsBlankCodePoint(char32_t cp) {
  if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
  if (cp >= 0x2000 && cp <= 0x200B) return true;  // EN QUAD .. ZERO WIDTH SPACE
  constexpr char32_t kOthers[] = {0x85,   0xA0,   0x1680, 0x2028, 0x2029,
                                  0x202F, 0x205F, 0x3000, 0xFEFF};
  return std::find(std::begin(kOthers), std::end(kOthers), cp) != std::end(kOthers);
}

}  // namespace

bool IsBlank(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[pos]);
    if (c < 0x80) {
      if (!IsBlankCodePoint(c)) return false;
      ++pos;
      continue;
    }
    int length = 1;
    if (!IsBlankCodePoint(common::DecodeUtf8(text, pos, &length))) return false;
    pos += length;
  }
  return true;
}

std::string CountInvalidSequences(uint64_t count) {
  return std::to_string(count) +
         (count == 1 ? " invalid UTF-8 sequence" : " invalid UTF-8 sequences");
}

bool EmitDocument(Document document, uint64_t utf8_repairs, std::string_view repair_note,
                  const InputOptions& options, DocumentSink* sink) {
  if (document.text.size() > options.max_doc_bytes) {
    sink->OnIssue(InputIssue{InputIssueKind::kTooLarge, document.where,
                             "text is " + std::to_string(document.text.size()) +
                                 " bytes, over --max-doc-bytes (" +
                                 std::to_string(options.max_doc_bytes) + ")"});
    return false;
  }
  if (IsBlank(document.text)) {
    sink->OnIssue(InputIssue{InputIssueKind::kEmpty, document.where,
                             document.text.empty() ? "text is empty" : "text is only white space"});
    return false;
  }
  if (utf8_repairs > 0) {
    std::string detail = CountInvalidSequences(utf8_repairs) + " replaced with U+FFFD";
    detail += repair_note;
    sink->OnIssue(InputIssue{InputIssueKind::kInvalidUtf8, document.where, std::move(detail),
                             /*skipped=*/false});
  }
  sink->OnDocument(std::move(document));
  return true;
}

}  // namespace doppel::io
