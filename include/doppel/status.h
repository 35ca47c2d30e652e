// Status and Result<T>: how every expected failure leaves the library.
//
// Codes are pinned forever: exit codes (docs/cli.md) and any later JSON or HTTP error
// codes are derived from them in one table each. Exceptions never cross the public API
// (std::bad_alloc aside).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace doppel {

enum class StatusCode : int {
  kOk = 0,
  kInvalidArgument = 1,    // bad option or flag value
  kNotFound = 2,           // a named file, directory or id does not exist
  kIoError = 3,            // reading or writing failed
  kCorruptIndex = 4,       // a stored index is damaged
  kIncompatibleIndex = 5,  // built with other options or format version
  kCancelled = 6,
  kInternal = 7,           // a bug: please report
  kDataError = 8,          // bad input data under --strict (see InputIssue)
  kResourceExhausted = 9,  // the work would not fit the memory limit (Options::memory_limit)
};

// Stable lower-case name of a code ("invalid_argument", ...).
const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "invalid_argument: --threads must be >= 0"
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
inline Status DataError(std::string m) { return {StatusCode::kDataError, std::move(m)}; }
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
inline Status ResourceExhausted(std::string m) { return {StatusCode::kResourceExhausted, std::move(m)}; }

// A value or the Status explaining why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}               // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {}       // NOLINT: implicit by design
  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace doppel

#define DOPPEL_CONCAT_INNER_(a, b) a##b
#define DOPPEL_CONCAT_(a, b) DOPPEL_CONCAT_INNER_(a, b)

#define DOPPEL_RETURN_IF_ERROR(expr)            \
  do {                                          \
    ::doppel::Status doppel_status_ = (expr);   \
    if (!doppel_status_.ok()) return doppel_status_; \
  } while (0)

#define DOPPEL_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()

#define DOPPEL_ASSIGN_OR_RETURN(lhs, expr) \
  DOPPEL_ASSIGN_OR_RETURN_IMPL_(DOPPEL_CONCAT_(doppel_result_, __LINE__), lhs, expr)
