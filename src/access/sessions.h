// File: access/sessions.h
// Login sessions held in memory by the server process: an unguessable token
// (the cookie), a CSRF token bound to it, the actor, and expiry after idle
// time and after an absolute lifetime. A restart logs everybody out.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "access/policy.h"
#include "base/clock.h"
#include "compartments/keyring.h"

namespace chorus::access {

struct SessionOptions {
  // A session unused for this long ends.
  std::chrono::milliseconds idle_timeout = std::chrono::minutes(30);
  // A session ends this long after login however busy it is, so a stolen
  // cookie does not live forever.
  std::chrono::milliseconds absolute_timeout = std::chrono::hours(12);
  // Bounds memory against a flood of logins; the oldest session goes first.
  size_t max_sessions = 10000;
};

struct Session {
  std::string token;       // the cookie value: 32 random bytes, base64url
  std::string csrf_token;  // sent back in X-CSRF-Token on state changes
  Actor actor;
  // The compartment keys the user opened at login (issue #4), only ever in
  // this process's memory; null or empty when they hold none.
  std::shared_ptr<const compartments::Keyring> keyring;
  Timestamp created_at;
  Timestamp last_used_at;
};

// Thread-safe.
class SessionTable {
 public:
  SessionTable(const Clock& clock, SessionOptions options);

  // Starts a session for `actor` with fresh random tokens.
  Session Create(const Actor& actor,
                 std::shared_ptr<const compartments::Keyring> keyring = nullptr);

  // The live session with this token, its idle timer restarted; nullopt
  // when there is none or it expired (an expired one is dropped).
  std::optional<Session> Touch(std::string_view token);

  // Ends the session (logout). No-op when absent.
  void Remove(std::string_view token);

  // Ends every session of `user` (removed user, changed role).
  void RemoveUser(std::string_view user);

  size_t size() const;

 private:
  bool Expired(const Session& session, Timestamp now) const;
  void DropExpiredLocked(Timestamp now);

  const Clock& clock_;
  const SessionOptions options_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Session> sessions_;  // GUARDED_BY(mu_), by token
};

}  // namespace chorus::access
