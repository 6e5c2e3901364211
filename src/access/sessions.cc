#include "access/sessions.h"

#include <algorithm>

#include "crypto/crypto.h"

namespace chorus::access {

// 32 bytes = 256 bits: guessing a live token is hopeless.
constexpr size_t kTokenBytes = 32;

SessionTable::SessionTable(const Clock& clock, SessionOptions options)
    : clock_(clock), options_(options) {}

bool SessionTable::Expired(const Session& session, Timestamp now) const {
  return now - session.last_used_at >= options_.idle_timeout ||
         now - session.created_at >= options_.absolute_timeout;
}

void SessionTable::DropExpiredLocked(Timestamp now) {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = Expired(it->second, now) ? sessions_.erase(it) : std::next(it);
  }
}

Session SessionTable::Create(const Actor& actor,
                             std::shared_ptr<const compartments::Keyring> keyring) {
  Timestamp now = clock_.Now();
  Session session{crypto::RandomToken(kTokenBytes),
                  crypto::RandomToken(kTokenBytes),
                  actor,
                  std::move(keyring),
                  now,
                  now};
  std::lock_guard<std::mutex> lock(mu_);
  if (sessions_.size() >= options_.max_sessions) {
    DropExpiredLocked(now);
    while (sessions_.size() >= options_.max_sessions && !sessions_.empty()) {
      auto oldest = std::min_element(sessions_.begin(), sessions_.end(), [](auto& a, auto& b) {
        return a.second.last_used_at < b.second.last_used_at;
      });
      sessions_.erase(oldest);
    }
  }
  sessions_.emplace(session.token, session);
  return session;
}

std::optional<Session> SessionTable::Touch(std::string_view token) {
  if (token.empty()) return std::nullopt;
  Timestamp now = clock_.Now();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(std::string(token));
  if (it == sessions_.end()) return std::nullopt;
  if (Expired(it->second, now)) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_used_at = now;
  return it->second;
}

void SessionTable::Remove(std::string_view token) {
  std::lock_guard<std::mutex> lock(mu_);
  sessions_.erase(std::string(token));
}

void SessionTable::RemoveUser(std::string_view user) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = it->second.actor.user == user ? sessions_.erase(it) : std::next(it);
  }
}

size_t SessionTable::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sessions_.size();
}

}  // namespace chorus::access
