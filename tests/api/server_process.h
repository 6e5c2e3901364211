// Runs the real `chorus` binary for the API tests: a temp store made with
// `chorus init` and `chorus import`, users of every role, and `chorus serve`
// on a free loopback port (port 0; the port is read from its stdout).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace chorus::apitest {

// The password of every user the API tests create.
inline constexpr const char* kPassword = "a long test password";

// Runs `chorus args...` with the test environment; returns the exit code.
int RunChorus(const std::vector<std::string>& args, const std::string& new_password = "");

class ServerProcess {
 public:
  // Starts `chorus --store STORE serve --listen 127.0.0.1:0 extra...`.
  bool Start(const std::filesystem::path& store, const std::filesystem::path& dir,
             const std::vector<std::string>& extra);
  // The same with TLS: "listening on https://".
  bool StartTls(const std::filesystem::path& store, const std::filesystem::path& dir,
                const std::vector<std::string>& extra);
  // SIGTERM, then waits up to `timeout_ms`; returns the exit code, or -1 when
  // it had to be killed, or -2 when it died of a signal.
  int Stop(int timeout_ms = 15000);
  void Signal(int sig);
  // True when the process has exited (reaped); sets exit_code.
  bool Exited(int timeout_ms, int& exit_code);

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::filesystem::path access_log() const { return dir_ / "access.log"; }

 private:
  bool StartWith(const std::filesystem::path& store, const std::filesystem::path& dir,
                 const std::vector<std::string>& extra, const std::string& scheme);

  pid_t pid_ = -1;
  int port_ = 0;
  std::filesystem::path dir_;
};

}  // namespace chorus::apitest
