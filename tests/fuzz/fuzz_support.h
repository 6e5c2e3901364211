// File: fuzz/fuzz_support.h
// What the fuzz targets share: a check that stops the run with a message
// (a property broken by some input is a finding, like a crash), and a
// scratch encrypted SQLite store that can be put back to its first state
// between inputs, so every input runs against the same store and a finding
// reproduces from its input alone.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "crypto/crypto.h"
#include "records/vault.h"
#include "store/sqlite/sqlite_store.h"

// Aborts the run (libFuzzer saves the input) when `condition` is false.
#define FUZZ_CHECK(condition, what)                                                          \
  do {                                                                                       \
    if (!(condition)) chorus::fuzz::Fail(__FILE__, __LINE__, #condition, std::string(what)); \
  } while (false)

namespace chorus::fuzz {

[[noreturn]] inline void Fail(const char* file, int line, const char* condition,
                              const std::string& what) {
  std::fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed: %s\n", file, line, condition, what.c_str());
  std::abort();
}

// Aborts with the status when it is not OK: for the harness's own setup.
inline void CheckSetup(const Status& status, std::string_view step) {
  if (!status.ok()) {
    std::fprintf(stderr, "fuzz setup: %.*s: %s\n", static_cast<int>(step.size()), step.data(),
                 status.ToString().c_str());
    std::abort();
  }
}

inline constexpr char kPassphrase[] = "fuzz passphrase";

// A store file made once by `populate` (called with the fresh, unlocked
// vault), then copied to a working file that Reset() restores. Kept in
// /dev/shm when there is one: SQLite's fsyncs cost nothing there.
class ScratchStore {
 public:
  template <class Populate>
  explicit ScratchStore(const Populate& populate) {
    std::filesystem::path base = std::filesystem::exists("/dev/shm")
                                     ? std::filesystem::path("/dev/shm")
                                     : std::filesystem::temp_directory_path();
    std::string pattern = (base / "chorus-fuzz-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) CheckSetup(Status::Internal("mkdtemp"), "temp dir");
    dir_ = pattern;
    template_path_ = (dir_ / "template.chorus").string();
    work_path_ = (dir_ / "work.chorus").string();
    {
      auto store = store::sqlite::OpenSqliteStore(template_path_, store::sqlite::OpenMode::kCreate);
      CheckSetup(store.status(), "create store");
      CheckSetup(records::InitializeKeys(**store, kPassphrase, crypto::KdfParams::Minimum()),
                 "initialize keys");
      auto vault = records::Vault::Unlock(**store, kPassphrase);
      CheckSetup(vault.status(), "unlock");
      populate(*vault);
    }
    Reset();
  }
  ~ScratchStore() {
    vault_.reset();
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  ScratchStore(const ScratchStore&) = delete;
  ScratchStore& operator=(const ScratchStore&) = delete;

  // Puts the working store back to the template's state. Invalidates the
  // previous vault.
  void Reset() {
    vault_.reset();
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(work_path_ + suffix);
    }
    std::filesystem::copy_file(template_path_, work_path_);
    auto store = store::sqlite::OpenSqliteStore(work_path_, store::sqlite::OpenMode::kOpen);
    CheckSetup(store.status(), "open working store");
    store_ = std::move(*store);
    auto vault = records::Vault::Unlock(*store_, kPassphrase);
    CheckSetup(vault.status(), "unlock working store");
    vault_ = std::make_unique<records::Vault>(std::move(*vault));
  }

  records::Vault& vault() { return *vault_; }

 private:
  std::filesystem::path dir_;
  std::string template_path_;
  std::string work_path_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<records::Vault> vault_;
};

}  // namespace chorus::fuzz
