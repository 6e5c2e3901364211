#include "server/listen.h"

#include <arpa/inet.h>

#include <algorithm>
#include <iterator>

namespace chorus::server {

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  auto bad = [&] {
    return Status::InvalidArgument(
        "--listen must be HOST:PORT with an IP address, e.g. "
        "127.0.0.1:8080 or [::1]:8080");
  };
  std::string_view host;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return bad();
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return bad();
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) return bad();  // IPv6 needs brackets
  }
  if (port.empty() || port.size() > 5) return bad();
  unsigned value = 0;
  for (char c : port) {
    if (c < '0' || c > '9') return bad();
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value > 65535) return bad();
  ListenAddress address;
  address.host = host == "localhost" ? "127.0.0.1" : std::string(host);
  address.port = static_cast<uint16_t>(value);
  in_addr v4{};
  in6_addr v6{};
  if (inet_pton(AF_INET, address.host.c_str(), &v4) != 1 &&
      inet_pton(AF_INET6, address.host.c_str(), &v6) != 1) {
    return bad();
  }
  return address;
}

bool IsLoopback(std::string_view host) {
  std::string text(host);
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    static const in6_addr kLoopback = IN6ADDR_LOOPBACK_INIT;
    return std::equal(std::begin(v6.s6_addr), std::end(v6.s6_addr), std::begin(kLoopback.s6_addr));
  }
  return false;
}

Status CheckListenPolicy(const ListenAddress& address, bool tls) {
  if (tls || IsLoopback(address.host)) return Status::Ok();
  return Status::FailedPrecondition("refusing to listen on " + address.host +
                                    " without TLS: pass --tls-cert and --tls-key, or listen on "
                                    "127.0.0.1");
}

}  // namespace chorus::server
