#include "doppel/status.h"

#include "doppel/document.h"
#include "doppel/report.h"

namespace doppel {

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidArgument: return "invalid_argument";
    case StatusCode::kNotFound: return "not_found";
    case StatusCode::kIoError: return "io_error";
    case StatusCode::kCorruptIndex: return "corrupt_index";
    case StatusCode::kIncompatibleIndex: return "incompatible_index";
    case StatusCode::kCancelled: return "cancelled";
    case StatusCode::kInternal: return "internal";
    case StatusCode::kDataError: return "data_error";
    case StatusCode::kResourceExhausted: return "resource_exhausted";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  return std::string(StatusCodeName(code_)) + ": " + message_;
}

std::string SourceLocation::ToString() const {
  if (line == 0) return file;
  return file + ":" + std::to_string(line);
}

const char* InputIssueKindName(InputIssueKind kind) {
  switch (kind) {
    case InputIssueKind::kInvalidUtf8: return "invalid_utf8";
    case InputIssueKind::kMalformedJson: return "malformed_json";
    case InputIssueKind::kNotAnObject: return "not_an_object";
    case InputIssueKind::kMissingId: return "missing_id";
    case InputIssueKind::kMissingText: return "missing_text";
    case InputIssueKind::kDuplicateId: return "duplicate_id";
    case InputIssueKind::kEmpty: return "empty";
    case InputIssueKind::kTooLarge: return "too_large";
    case InputIssueKind::kUnreadable: return "unreadable";
    case InputIssueKind::kTruncated: return "truncated";
    case InputIssueKind::kBinary: return "binary";
    case InputIssueKind::kUnsupported: return "unsupported";
  }
  return "unknown";
}

const char* RelationName(Relation relation) {
  switch (relation) {
    case Relation::kExact: return "exact";
    case Relation::kNearDuplicate: return "near_duplicate";
    case Relation::kPartialCopy: return "partial_copy";
    case Relation::kRewrite: return "rewrite";
    case Relation::kSameStory: return "same_story";
  }
  return "unknown";
}

const char* RemovalKindName(RemovalKind kind) {
  return kind == RemovalKind::kRepeated ? "repeated" : "boilerplate";
}

}  // namespace doppel
