// File: tests/server/api_request.h
// A request for server::Api::Handle, as the HTTP layer would pass it on.
#pragma once

#include <string>

#include "server/http.h"

namespace chorus::server {

inline HttpRequest MakeRequest(const std::string& method, const std::string& path,
                               const std::string& body = "") {
  HttpRequest r;
  r.method = method;
  r.path = path;
  r.target = path;
  r.body = body;
  r.remote_address = "127.0.0.1";
  if (!body.empty()) r.headers.emplace_back("content-type", "application/json");
  return r;
}

}  // namespace chorus::server
