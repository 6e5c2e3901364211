#include "api/server_process.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace chorus::apitest {
namespace {

void SetTestEnvironment() {
  ::setenv("CHORUS_PASSPHRASE", "api test passphrase", 1);
  ::setenv("CHORUS_TEST", "1", 1);
  ::unsetenv("CHORUS_STORE");
}

std::vector<char*> Argv(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return argv;
}

}  // namespace

int RunChorus(const std::vector<std::string>& args, const std::string& new_password) {
  std::vector<std::string> full{CHORUS_BINARY};
  full.insert(full.end(), args.begin(), args.end());
  pid_t pid = ::fork();
  if (pid == 0) {
    SetTestEnvironment();
    if (!new_password.empty()) ::setenv("CHORUS_NEW_PASSWORD", new_password.c_str(), 1);
    std::FILE* null_out = std::freopen("/dev/null", "w", stdout);
    (void)null_out;
    auto argv = Argv(full);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool ServerProcess::Start(const std::filesystem::path& store, const std::filesystem::path& dir,
                          const std::vector<std::string>& extra) {
  return StartWith(store, dir, extra, "http");
}

bool ServerProcess::StartTls(const std::filesystem::path& store, const std::filesystem::path& dir,
                             const std::vector<std::string>& extra) {
  return StartWith(store, dir, extra, "https");
}

bool ServerProcess::StartWith(const std::filesystem::path& store, const std::filesystem::path& dir,
                              const std::vector<std::string>& extra, const std::string& scheme) {
  dir_ = dir;
  std::filesystem::path out = dir / "serve.out";
  std::filesystem::remove(out);
  std::vector<std::string> args{
      CHORUS_BINARY, "--store",     store.string(), "serve",
      "--listen",    "127.0.0.1:0", "--access-log", (dir / "access.log").string()};
  args.insert(args.end(), extra.begin(), extra.end());
  pid_ = ::fork();
  if (pid_ == 0) {
    SetTestEnvironment();
    if (!std::freopen(out.c_str(), "w", stdout)) ::_exit(126);
    auto argv = Argv(args);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  const std::string marker = "listening on " + scheme + "://127.0.0.1:";
  for (int i = 0; i < 400; ++i) {
    std::ifstream in(out);
    std::stringstream text;
    text << in.rdbuf();
    size_t at = text.str().find(marker);
    if (at != std::string::npos && text.str().find('\n', at) != std::string::npos) {
      port_ = std::stoi(text.str().substr(at + marker.size()));
      return true;
    }
    int code = 0;
    if (Exited(0, code)) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

void ServerProcess::Signal(int sig) {
  if (pid_ > 0) ::kill(pid_, sig);
}

bool ServerProcess::Exited(int timeout_ms, int& exit_code) {
  if (pid_ <= 0) return true;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -2;
      pid_ = -1;
      return true;
    }
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

int ServerProcess::Stop(int timeout_ms) {
  if (pid_ <= 0) return -1;
  Signal(SIGTERM);
  int code = 0;
  if (Exited(timeout_ms, code)) return code;
  Signal(SIGKILL);
  Exited(5000, code);
  return -1;
}

}  // namespace chorus::apitest
