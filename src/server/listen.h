// File: server/listen.h
// Where the server may listen: parsing "--listen HOST:PORT" and the rule
// that anything beyond loopback needs TLS.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace chorus::server {

struct ListenAddress {
  std::string host;   // an IP literal ("127.0.0.1", "::1", "0.0.0.0")
  uint16_t port = 0;  // 0: any free port (the server reports which)
};

// "127.0.0.1:8080", "[::1]:8080", "localhost:8080" (= 127.0.0.1). Host
// names other than localhost are refused: say which interface by address.
// InvalidArgument otherwise.
Result<ListenAddress> ParseListenAddress(std::string_view text);

// True for 127.0.0.0/8 and ::1.
bool IsLoopback(std::string_view host);

// FailedPrecondition when `address` is beyond loopback and `tls` is false.
Status CheckListenPolicy(const ListenAddress& address, bool tls);

}  // namespace chorus::server
