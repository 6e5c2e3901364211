// File: cli/store_access.h
// Opening the store named by --store for a command: choosing the engine from
// the URL, reading the passphrase (CHORUS_PASSPHRASE or a no-echo prompt),
// unlocking, and drawing progress bars on a terminal.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "access/users.h"
#include "base/status.h"
#include "compartments/keyring.h"
#include "records/vault.h"
#include "store/store.h"

namespace chorus::cli {

// An open, unlocked store. Keeps the engine alive as long as the vault.
struct OpenedStore {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<records::Vault> vault;
};

enum class StoreMode { kCreate, kOpen };

// Opens the engine for `location`: a postgresql:// or postgres:// URL (or a
// libpq "host=... dbname=..." string) selects PostgreSQL, anything else is a
// SQLite file path. InvalidArgument when `location` is empty.
Result<std::unique_ptr<store::Store>> OpenEngine(const std::string& location, StoreMode mode);

// Opens and unlocks an existing store.
Result<OpenedStore> OpenStore(const std::string& location);

// The passphrase: $CHORUS_PASSPHRASE, else asked on the terminal without
// echo (twice when `confirm`). Unauthenticated when neither is possible.
Result<std::string> ReadPassphrase(bool confirm);

// Reads a secret from $env_name, else from the terminal without echo.
Result<std::string> ReadSecret(const char* env_name, const std::string& prompt, bool confirm);

// Who runs this command, for audit log entries: "cli:" and the operating
// system account name ($USER when the account has no name entry, else the
// numeric uid). Whoever holds the passphrase can claim any name: this says
// which account ran the command, not who is behind it.
std::string CliActor();

// A user logged in on the command line (`--as NAME`) to open what their role's
// compartments hold: the password from $CHORUS_PASSWORD or a no-echo prompt.
// Logging in also passes the keys they hold to users who lack them, as a
// login to the server does (server/compartment_keys.h).
struct CliLogin {
  access::User user;
  compartments::Keyring keyring;
};
// NotFound for an unknown user; Unauthenticated for a wrong password.
Result<CliLogin> LogInAs(records::Vault& vault, const std::string& name);

// The same check without the keys: for commands done in a user's name (a
// claim, a move) whose audit entries must be theirs, not whoever holds the
// store passphrase.
Result<access::User> AuthenticateAs(records::Vault& vault, const std::string& name);

// A progress bar on stderr when it is a terminal; silent otherwise.
class ProgressBar {
 public:
  ProgressBar(std::string label, size_t total);
  // `done` of `total` units; redraws at most ten times a second.
  void Update(size_t done);
  void Finish();

 private:
  std::string label_;
  size_t total_;
  bool enabled_;
  long long last_draw_ms_ = 0;
};

// A ProgressBar drawn from the first report on, for work whose total is
// known only once it has started (a rotation, a linkage pass).
// Finish ends the line once; reports after it are dropped (a late report
// from the last worker of a pass).
class LateProgressBar {
 public:
  explicit LateProgressBar(std::string label) : label_(std::move(label)) {}
  void Update(uint64_t done, uint64_t total) {
    if (finished_) return;
    if (!bar_) bar_.emplace(label_, static_cast<size_t>(total));
    bar_->Update(static_cast<size_t>(done));
  }
  void Finish() {
    if (finished_ || !bar_) return;
    finished_ = true;
    bar_->Finish();
  }

 private:
  std::string label_;
  std::optional<ProgressBar> bar_;
  bool finished_ = false;
};

}  // namespace chorus::cli
