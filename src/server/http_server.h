// File: server/http_server.h
// The HTTP/1.1 server under `chorus serve`: Boost.Beast with C++20
// coroutines on a small thread pool, optional TLS, keep-alive, timeouts
// against slow clients, size limits, and a clean stop on SIGTERM/SIGINT that
// finishes the requests in flight. Beast lives only in http_server.cc.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "server/http.h"
#include "server/listen.h"

namespace chorus::server {

struct ServerOptions {
  ListenAddress listen{"127.0.0.1", 8080};
  std::string tls_cert_file;             // PEM chain; TLS when both are set
  std::string tls_key_file;              // PEM private key
  size_t body_limit_bytes = 1 << 20;     // larger bodies: 413
  size_t header_limit_bytes = 16 << 10;  // larger headers: 431
  // A request must arrive whole this long after its first byte (else 408),
  // and a response must be taken by the client within it.
  std::chrono::milliseconds request_timeout = std::chrono::seconds(10);
  // A keep-alive connection with no request for this long is closed.
  std::chrono::milliseconds idle_timeout = std::chrono::seconds(60);
  // On SIGTERM, requests in flight get this long to finish.
  std::chrono::milliseconds shutdown_grace = std::chrono::seconds(10);
  int threads = 0;  // 0: one per core (at least 2)
};

using RequestHandler = std::function<HttpResponse(const HttpRequest&)>;
// Called once listening, with the bound address ("127.0.0.1:43123").
using ListeningCallback = std::function<void(const std::string& address)>;
// Called after each response was written (or failed to be).
using CompletionCallback =
    std::function<void(const HttpRequest&, const HttpResponse&, std::chrono::microseconds)>;

// Serves until SIGTERM or SIGINT, then stops accepting, closes idle
// connections, lets requests in flight finish (up to shutdown_grace) and
// returns OK. Errors: FailedPrecondition for the listen policy (see
// CheckListenPolicy), InvalidArgument for unreadable TLS files, Unavailable
// when the address cannot be bound. `handler` runs on the server's threads
// and must be thread-safe.
Status RunHttpServer(const ServerOptions& options, const RequestHandler& handler,
                     const ListeningCallback& on_listening, const CompletionCallback& on_complete);

// Parses one request from `bytes` as the server does (the same parser, size
// limits and conversion to HttpRequest) but without a socket: for tests and
// the fuzz target. Bytes after the request are ignored. InvalidArgument for
// malformed or incomplete bytes or a bad target; ResourceExhausted past
// `options.body_limit_bytes` or `options.header_limit_bytes`.
Result<HttpRequest> ParseHttpRequest(std::string_view bytes, const ServerOptions& options);

}  // namespace chorus::server
