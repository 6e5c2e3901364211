// File: server/access_log.h
// The structured access log: one JSON line per request with the time, client
// address, method, route pattern (never the concrete path: record ids and
// search words stay out), status, sizes, duration, user and error code. No
// query values, bodies, cookies or tokens.
#pragma once

#include <chrono>
#include <cstdio>
#include <mutex>

#include "base/clock.h"
#include "server/http.h"

namespace chorus::server {

// Thread-safe. Writes to `out` (not owned); a null `out` logs nothing.
class AccessLog {
 public:
  AccessLog(std::FILE* out, const Clock& clock) : out_(out), clock_(clock) {}

  void Write(const HttpRequest& request, const HttpResponse& response,
             std::chrono::microseconds duration);

  // A line for a server event ("listening", "stopping", "stopped").
  void Event(std::string_view event, std::string_view detail);

 private:
  std::FILE* out_;
  const Clock& clock_;
  std::mutex mu_;
};

}  // namespace chorus::server
