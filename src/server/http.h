// File: server/http.h
// Plain HTTP request and response values, so routing and handlers never see
// the HTTP library (Boost.Beast stays inside http_server.cc).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace chorus::server {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as received: path and query, still encoded
  std::string path;    // percent-decoded path, without the query
  std::vector<std::pair<std::string, std::string>> query;    // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercase
  std::string body;
  std::string remote_address;  // client IP, for rate limits and the log
  bool tls = false;

  // The first header with this lowercase name.
  std::optional<std::string_view> Header(std::string_view lowercase_name) const;
  // The first query parameter with this name.
  std::optional<std::string_view> Query(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // For the access log only, never sent: the route pattern that matched
  // ("/api/events/{id}"), the user, and the error code when status >= 400.
  std::string log_route;
  std::string log_user;
  std::string log_error;
};

// Splits `target` into a decoded path and query parameters ('+' is a space
// in the query). InvalidArgument for a bad percent escape, a NUL, or a path
// that does not start with '/'.
Status ParseTarget(std::string_view target, std::string& path,
                   std::vector<std::pair<std::string, std::string>>& query);

}  // namespace chorus::server
