// File: server/view_cache.h
// Rendered response bodies, kept until the store changes. A record's view
// takes many reads (its reports, their sources, the records that refer to
// it) and their decryption, while the store's change count
// (store::Store::ChangeCount) tells in one read whether any of it may now
// differ: every commit, from any process, raises it. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace chorus::server {

class ViewCache {
 public:
  // At most `max_entries` bodies and `max_bytes` of them; a body larger than
  // an eighth of `max_bytes` is not kept.
  ViewCache(size_t max_entries, size_t max_bytes);

  // The body kept under `key`, when the store's change count is still
  // `change_count`, the count read now. A larger count than the cache has
  // seen drops every body: they all may be out of date.
  std::optional<std::string> Find(const std::string& key, int64_t change_count);

  // Keeps `body` under `key`. `change_count` must have been read before the
  // reads that rendered it began, so the body is at least as new as the
  // count says. A body from an older count than the cache has seen is
  // dropped: it may be out of date.
  void Put(const std::string& key, int64_t change_count, std::string body);

  size_t size() const;

 private:
  // REQUIRES: mu_ held.
  void Advance(int64_t change_count);
  void EvictFor(size_t incoming_bytes);

  const size_t max_entries_;
  const size_t max_bytes_;
  mutable std::mutex mu_;
  int64_t change_count_ = -1;                            // guarded by mu_
  std::unordered_map<std::string, std::string> bodies_;  // guarded by mu_
  size_t bytes_ = 0;                                     // guarded by mu_
};

}  // namespace chorus::server
