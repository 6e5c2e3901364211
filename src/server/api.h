// File: server/api.h
// The JSON API of `chorus serve`, independent of the HTTP library: a request
// value in, a response value out. Routes, sessions, CSRF, permissions, the
// record routes of every kind, search, chain of command, vocabulary,
// timeline, the OpenAPI document and the web UI's files. The contract is
// docs/api/openapi.yaml.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "access/login_limiter.h"
#include "access/sessions.h"
#include "base/clock.h"
#include "records/vault.h"
#include "server/http.h"
#include "server/router.h"

namespace chorus::server {

struct ApiOptions {
  access::SessionOptions sessions;
  access::LoginLimits login;
  // Folder of the built web UI (index.html and assets); empty: no UI.
  std::string web_root;
};

class ApiImpl;

// Thread-safe: Handle may run on many threads at once.
class Api {
 public:
  // `vault` and `clock` must outlive the Api.
  Api(records::Vault& vault, const Clock& clock, ApiOptions options);
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  // Answers one request. Never throws; every failure is a JSON error.
  HttpResponse Handle(const HttpRequest& request);

  // Every registered route (method and pattern), in registration order.
  std::vector<RouteSpec> Routes() const;

 private:
  std::unique_ptr<ApiImpl> impl_;
};

// The OpenAPI 3.1 document (docs/api/openapi.yaml, embedded at build time).
std::string_view OpenApiDocument();

// "2016-08-31" for a day number (days since 1970-01-01).
std::string IsoDate(int64_t day_number);

}  // namespace chorus::server
