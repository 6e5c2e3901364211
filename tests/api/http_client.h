// A tiny blocking HTTP/1.1 client over POSIX sockets for the API tests: one
// connection per request (Connection: close), Content-Length bodies only.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace chorus::apitest {

struct Response {
  int status = 0;                              // 0: no response (connection failed or closed)
  std::map<std::string, std::string> headers;  // lowercase names; last one wins
  std::vector<std::string> set_cookies;
  std::string body;
};

// Connects to 127.0.0.1:port; -1 on failure.
int Connect(int port);
bool SendAll(int fd, const std::string& data);
// Reads until the peer closes or `timeout` passes.
std::string ReceiveAll(int fd, std::chrono::milliseconds timeout);
Response ParseResponse(const std::string& raw);

// One request on a fresh connection.
Response Request(int port, const std::string& method, const std::string& target,
                 const std::string& body = "",
                 const std::vector<std::pair<std::string, std::string>>& headers = {});

}  // namespace chorus::apitest
