#include "access/login_limiter.h"

namespace chorus::access {

// Past this many tracked keys, keys whose failures all left the window are
// dropped, so a scan of many names cannot grow memory without bound.
constexpr size_t kPruneAboveKeys = 10000;

LoginLimiter::LoginLimiter(const Clock& clock, LoginLimits limits)
    : clock_(clock), limits_(limits) {}

void LoginLimiter::Prune(Times& times, Timestamp now) const {
  while (!times.empty() && now - times.front() >= limits_.window) times.pop_front();
}

void LoginLimiter::PruneMapLocked(std::unordered_map<std::string, Times>& map, Timestamp now) {
  if (map.size() <= kPruneAboveKeys) return;
  for (auto it = map.begin(); it != map.end();) {
    Prune(it->second, now);
    it = it->second.empty() ? map.erase(it) : std::next(it);
  }
}

Status LoginLimiter::Check(std::string_view user, std::string_view address) {
  Timestamp now = clock_.Now();
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = by_user_.find(std::string(user)); it != by_user_.end()) {
    Prune(it->second, now);
    if (static_cast<int>(it->second.size()) >= limits_.max_failures_per_user) {
      return Status::ResourceExhausted("too many failed logins for this user: try again later");
    }
  }
  if (auto it = by_address_.find(std::string(address)); it != by_address_.end()) {
    Prune(it->second, now);
    if (static_cast<int>(it->second.size()) >= limits_.max_failures_per_address) {
      return Status::ResourceExhausted("too many failed logins from this address: try again later");
    }
  }
  return Status::Ok();
}

void LoginLimiter::RecordFailure(std::string_view user, std::string_view address) {
  Timestamp now = clock_.Now();
  std::lock_guard<std::mutex> lock(mu_);
  PruneMapLocked(by_user_, now);
  PruneMapLocked(by_address_, now);
  by_user_[std::string(user)].push_back(now);
  by_address_[std::string(address)].push_back(now);
}

void LoginLimiter::RecordSuccess(std::string_view user) {
  std::lock_guard<std::mutex> lock(mu_);
  by_user_.erase(std::string(user));
}

}  // namespace chorus::access
