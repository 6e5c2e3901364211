// File: base/status.h
// Status and Result<T>: errors as values at module boundaries. Codes are the
// subset of Abseil's canonical codes that Chorus uses; server/ maps them to
// HTTP in one place.
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace chorus {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the caller's input is wrong: fix the input
  kUnauthenticated,     // no or bad credentials (wrong passphrase, no session)
  kPermissionDenied,    // authenticated, but the role may not do this
  kNotFound,            // the named record does not exist
  kAlreadyExists,       // creating something that is already there
  kAborted,             // lost a race: retry the whole operation
  kFailedPrecondition,  // the system is in the wrong state for this: fix it first
  kResourceExhausted,   // a limit was hit (rate limit, size limit)
  kUnavailable,         // a transient failure of a dependency (I/O, database busy)
  kDataLoss,            // stored data is corrupt or was tampered with
  kInternal,            // a bug: an invariant broke
};

std::string_view StatusCodeName(StatusCode code);

// A code and a short lowercase message. Messages reach logs and clients: they
// name record ids, never a person's name, a sealed field, key material or
// file contents.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status Unauthenticated(std::string m) {
    return {StatusCode::kUnauthenticated, std::move(m)};
  }
  static Status PermissionDenied(std::string m) {
    return {StatusCode::kPermissionDenied, std::move(m)};
  }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status Aborted(std::string m) { return {StatusCode::kAborted, std::move(m)}; }
  static Status FailedPrecondition(std::string m) {
    return {StatusCode::kFailedPrecondition, std::move(m)};
  }
  static Status ResourceExhausted(std::string m) {
    return {StatusCode::kResourceExhausted, std::move(m)};
  }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status DataLoss(std::string m) { return {StatusCode::kDataLoss, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "not found: report rpt-12 does not exist"
  std::string ToString() const;

  // Returns a copy whose message is `context + ": " + message()`, same code.
  Status WithContext(std::string_view context) const;

  friend bool operator==(const Status&, const Status&) = default;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A T or a non-OK Status. C++20 has no std::expected; this is the small part
// of it Chorus needs. REQUIRES: value() only when ok(), status() any time.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : state_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(state_).ok() && "Result built from an OK status");
    if (std::get<Status>(state_).ok()) state_ = Status::Internal("result built from an ok status");
  }

  bool ok() const { return std::holds_alternative<T>(state_); }
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(state_); }

  T& value() & {
    assert(ok());
    return std::get<T>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(state_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> state_;
};

namespace internal {
inline Status AsStatus(const Status& s) { return s; }
template <typename T>
Status AsStatus(const Result<T>& r) {
  return r.status();
}
}  // namespace internal

}  // namespace chorus

#define CHORUS_CONCAT_INNER_(a, b) a##b
#define CHORUS_CONCAT_(a, b) CHORUS_CONCAT_INNER_(a, b)

// Returns the Status of `expr` (a Status or Result) from the enclosing
// function when it is not OK.
#define CHORUS_RETURN_IF_ERROR(expr)                                        \
  do {                                                                      \
    ::chorus::Status chorus_status_ = ::chorus::internal::AsStatus((expr)); \
    if (!chorus_status_.ok()) return chorus_status_;                        \
  } while (false)

// `CHORUS_ASSIGN_OR_RETURN(auto x, MakeX());` declares x from the Result's
// value, or returns its Status from the enclosing function.
#define CHORUS_ASSIGN_OR_RETURN(lhs, expr) \
  CHORUS_ASSIGN_OR_RETURN_IMPL_(CHORUS_CONCAT_(chorus_result_, __LINE__), lhs, expr)
#define CHORUS_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()
