// File: support/test_vault.h
// A new encrypted SQLite store in a temporary directory, unlocked, for tests
// that run the vault or the API in process (minimum Argon2id cost).
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <string>

#include "records/bundle_io.h"
#include "records/vault.h"
#include "store/sqlite/sqlite_store.h"
#include "support/temp_dir.h"

namespace chorus::test_support {

class TestVault {
 public:
  // Creates the store, or fails the calling test (check HasFatalFailure).
  void Create() {
    auto store =
        store::sqlite::OpenSqliteStore(dir_.File("s.chorus"), store::sqlite::OpenMode::kCreate);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    ASSERT_TRUE(records::InitializeKeys(*store_, "pass", crypto::KdfParams::Minimum()).ok());
    auto vault = records::Vault::Unlock(*store_, "pass");
    ASSERT_TRUE(vault.ok()) << vault.status().ToString();
    vault_ = std::make_unique<records::Vault>(std::move(*vault));
  }
  ~TestVault() {
    vault_.reset();
    store_.reset();
  }

  // Imports a bundle of tests/data (e.g. "api/small.json").
  void Import(const std::string& test_data_file) {
    std::ifstream bundle(std::string(CHORUS_TEST_DATA_DIR) + "/" + test_data_file);
    auto imported = records::ImportBundles(*vault_, {{test_data_file, &bundle}});
    ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  }

  records::Vault& vault() { return *vault_; }
  store::Store& store() { return *store_; }
  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<records::Vault> vault_;
};

}  // namespace chorus::test_support
