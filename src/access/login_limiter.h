// File: access/login_limiter.h
// Rate limits on login: failed attempts are counted per user name and per
// client address over a sliding window; past the limit every attempt (right
// password or not) is refused until old failures leave the window.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/clock.h"
#include "base/status.h"

namespace chorus::access {

struct LoginLimits {
  int max_failures_per_user = 5;
  int max_failures_per_address = 20;
  std::chrono::milliseconds window = std::chrono::minutes(15);
};

// Thread-safe.
class LoginLimiter {
 public:
  LoginLimiter(const Clock& clock, LoginLimits limits);

  // OK, or ResourceExhausted("too many failed logins ...") when `user` or
  // `address` is over its limit. Call before checking the password.
  Status Check(std::string_view user, std::string_view address);

  void RecordFailure(std::string_view user, std::string_view address);
  // A successful login forgives the user's failures (not the address's).
  void RecordSuccess(std::string_view user);

 private:
  using Times = std::deque<Timestamp>;
  void Prune(Times& times, Timestamp now) const;
  void PruneMapLocked(std::unordered_map<std::string, Times>& map, Timestamp now);

  const Clock& clock_;
  const LoginLimits limits_;
  std::mutex mu_;
  std::unordered_map<std::string, Times> by_user_;     // GUARDED_BY(mu_)
  std::unordered_map<std::string, Times> by_address_;  // GUARDED_BY(mu_)
};

}  // namespace chorus::access
