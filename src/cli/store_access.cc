#include "cli/store_access.h"

#include <pwd.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "server/compartment_keys.h"
#include "server/user_store.h"
#include "store/sqlite/sqlite_store.h"

#if __has_include("store/postgres/postgres_store.h")
#include "store/postgres/postgres_store.h"
#define CHORUS_HAVE_POSTGRES 1
#endif

namespace chorus::cli {
namespace {

bool IsPostgresLocation(const std::string& location) {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0 ||
         location.find("dbname=") != std::string::npos;
}

// Reads one line from the terminal with echo off. REQUIRES: stdin is a
// terminal.
std::string PromptNoEcho(const std::string& prompt) {
  std::cerr << prompt << std::flush;
  termios old_settings{};
  tcgetattr(STDIN_FILENO, &old_settings);
  termios quiet = old_settings;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::string line;
  std::getline(std::cin, line);
  tcsetattr(STDIN_FILENO, TCSANOW, &old_settings);
  std::cerr << "\n";
  return line;
}

long long NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Result<std::unique_ptr<store::Store>> OpenEngine(const std::string& location, StoreMode mode) {
  if (location.empty()) {
    return Status::InvalidArgument("no store: pass --store PATH or set CHORUS_STORE");
  }
  if (IsPostgresLocation(location)) {
#ifdef CHORUS_HAVE_POSTGRES
    return store::postgres::OpenPostgresStore(location, mode == StoreMode::kCreate
                                                            ? store::postgres::OpenMode::kCreate
                                                            : store::postgres::OpenMode::kOpen);
#else
    return Status::FailedPrecondition("this chorus was built without the PostgreSQL engine");
#endif
  }
  return store::sqlite::OpenSqliteStore(location, mode == StoreMode::kCreate
                                                      ? store::sqlite::OpenMode::kCreate
                                                      : store::sqlite::OpenMode::kOpen);
}

Result<std::string> ReadSecret(const char* env_name, const std::string& prompt, bool confirm) {
  if (const char* env = std::getenv(env_name)) {
    if (*env == '\0') return Status::InvalidArgument(std::string(env_name) + " is empty");
    return std::string(env);
  }
  if (!isatty(STDIN_FILENO)) {
    // Names the variable that was missing: a command may read two secrets.
    return Status::Unauthenticated("no input for '" + prompt + "': set " + env_name +
                                   " or run on a terminal");
  }
  std::string first = PromptNoEcho(prompt + ": ");
  if (first.empty()) return Status::InvalidArgument("empty input");
  if (confirm) {
    std::string second = PromptNoEcho("Repeat " + prompt + ": ");
    if (first != second) return Status::InvalidArgument("the two entries differ");
  }
  return first;
}

Result<std::string> ReadPassphrase(bool confirm) {
  return ReadSecret("CHORUS_PASSPHRASE", "Store passphrase", confirm);
}

Result<OpenedStore> OpenStore(const std::string& location) {
  OpenedStore opened;
  CHORUS_ASSIGN_OR_RETURN(opened.store, OpenEngine(location, StoreMode::kOpen));
  CHORUS_ASSIGN_OR_RETURN(std::string passphrase, ReadPassphrase(false));
  CHORUS_ASSIGN_OR_RETURN(records::Vault vault, records::Vault::Unlock(*opened.store, passphrase));
  opened.vault = std::make_unique<records::Vault>(std::move(vault));
  return opened;
}

std::string CliActor() {
  if (const passwd* entry = getpwuid(geteuid()); entry != nullptr && entry->pw_name != nullptr) {
    return std::string("cli:") + entry->pw_name;
  }
  if (const char* user = std::getenv("USER"); user != nullptr && *user != '\0') {
    return std::string("cli:") + user;
  }
  return "cli:uid-" + std::to_string(geteuid());
}

ProgressBar::ProgressBar(std::string label, size_t total)
    : label_(std::move(label)), total_(total), enabled_(isatty(STDERR_FILENO) != 0) {}

void ProgressBar::Update(size_t done) {
  if (!enabled_) return;
  long long now = NowMs();
  if (now - last_draw_ms_ < 100 && done < total_) return;
  last_draw_ms_ = now;
  constexpr int kWidth = 30;
  double fraction =
      total_ ? std::min(1.0, static_cast<double>(done) / static_cast<double>(total_)) : 0.0;
  int filled = static_cast<int>(fraction * kWidth);
  std::string bar(static_cast<size_t>(filled), '#');
  bar.resize(kWidth, '.');
  std::fprintf(stderr, "\r%s [%s] %3d%%", label_.c_str(), bar.c_str(),
               static_cast<int>(fraction * 100));
  std::fflush(stderr);
}

void ProgressBar::Finish() {
  if (!enabled_) return;
  Update(total_);
  std::fprintf(stderr, "\n");
}

namespace {

// The user `name` and the password that proves it is them.
Result<std::pair<access::User, std::string>> CheckedUser(records::Vault& vault,
                                                         const std::string& name) {
  std::optional<access::User> user;
  {
    CHORUS_ASSIGN_OR_RETURN(auto reader, vault.Read());
    CHORUS_ASSIGN_OR_RETURN(user, server::FindUser(*reader, name));
  }
  if (!user) return Status::NotFound("no user '" + name + "'");
  CHORUS_ASSIGN_OR_RETURN(std::string password,
                          ReadSecret("CHORUS_PASSWORD", "Password for " + name, false));
  if (!access::CheckPassword(*user, password)) {
    return Status::Unauthenticated("wrong password for user '" + name + "'");
  }
  return std::pair{std::move(*user), std::move(password)};
}

}  // namespace

Result<access::User> AuthenticateAs(records::Vault& vault, const std::string& name) {
  CHORUS_ASSIGN_OR_RETURN(auto checked, CheckedUser(vault, name));
  return std::move(checked.first);
}

Result<CliLogin> LogInAs(records::Vault& vault, const std::string& name) {
  CHORUS_ASSIGN_OR_RETURN(auto checked, CheckedUser(vault, name));
  auto& [user, password] = checked;
  CHORUS_ASSIGN_OR_RETURN(
      compartments::Keyring keyring,
      server::OpenCompartmentsAtLogin(vault, user, password, SystemClock().Now()));
  return CliLogin{std::move(user), std::move(keyring)};
}

}  // namespace chorus::cli
