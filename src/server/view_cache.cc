// File: server/view_cache.cc
#include "server/view_cache.h"

#include <utility>

namespace chorus::server {

ViewCache::ViewCache(size_t max_entries, size_t max_bytes)
    : max_entries_(max_entries), max_bytes_(max_bytes) {}

std::optional<std::string> ViewCache::Find(const std::string& key, int64_t change_count) {
  std::lock_guard lock(mu_);
  Advance(change_count);
  if (change_count != change_count_) return std::nullopt;
  auto it = bodies_.find(key);
  if (it == bodies_.end()) return std::nullopt;
  return it->second;
}

void ViewCache::Put(const std::string& key, int64_t change_count, std::string body) {
  if (body.size() > max_bytes_ / 8 || max_entries_ == 0) return;
  std::lock_guard lock(mu_);
  Advance(change_count);
  if (change_count != change_count_) return;
  auto it = bodies_.find(key);
  if (it != bodies_.end()) {
    bytes_ -= it->second.size();
    bodies_.erase(it);
  }
  EvictFor(body.size());
  bytes_ += body.size();
  bodies_.emplace(key, std::move(body));
}

size_t ViewCache::size() const {
  std::lock_guard lock(mu_);
  return bodies_.size();
}

void ViewCache::Advance(int64_t change_count) {
  if (change_count <= change_count_) return;
  change_count_ = change_count;
  bodies_.clear();
  bytes_ = 0;
}

// Evicts whichever bodies the table holds first: cheaper than tracking
// recency, and a full cache of views of one unchanged store is rare (a write
// empties it).
void ViewCache::EvictFor(size_t incoming_bytes) {
  while (!bodies_.empty() &&
         (bodies_.size() >= max_entries_ || bytes_ + incoming_bytes > max_bytes_)) {
    auto victim = bodies_.begin();
    bytes_ -= victim->second.size();
    bodies_.erase(victim);
  }
}

}  // namespace chorus::server
