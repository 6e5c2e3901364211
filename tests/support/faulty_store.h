// File: support/faulty_store.h
// A store::Store wrapper whose write transactions fail one chosen write (the
// Nth Put, Insert, Delete or SetMeta since the wrapper was made) with
// Unavailable, as a disk or a database connection may fail midway. Reads and
// commits pass through. SQLite's fault simulation, in miniature.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace chorus::test_support {

class FaultyStore final : public store::Store {
 public:
  // `fail_at_write` counts from 1; 0 never fails (it only counts writes).
  FaultyStore(store::Store& inner, int64_t fail_at_write)
      : inner_(inner), fail_at_write_(fail_at_write) {}

  // Writes attempted so far, the failed one included.
  int64_t writes() const { return writes_; }
  bool failed() const { return fail_at_write_ != 0 && writes_ >= fail_at_write_; }

  std::string_view engine() const override { return inner_.engine(); }
  Result<std::unique_ptr<store::ReadTransaction>> BeginRead() override {
    return inner_.BeginRead();
  }
  Result<std::unique_ptr<store::WriteTransaction>> BeginWrite() override {
    CHORUS_ASSIGN_OR_RETURN(auto txn, inner_.BeginWrite());
    return std::unique_ptr<store::WriteTransaction>(new Transaction(*this, std::move(txn)));
  }
  Result<int64_t> ChangeCount() override { return inner_.ChangeCount(); }

 private:
  class Transaction final : public store::WriteTransaction {
   public:
    Transaction(FaultyStore& owner, std::unique_ptr<store::WriteTransaction> inner)
        : owner_(owner), inner_(std::move(inner)) {}

    Result<std::optional<store::StoredRecord>> Get(std::string_view key) override {
      return inner_->Get(key);
    }
    Result<std::vector<std::optional<store::StoredRecord>>> GetMany(
        std::span<const std::string> keys) override {
      return inner_->GetMany(keys);
    }
    Result<std::vector<store::StoredRecord>> ListKind(std::string_view kind,
                                                      std::string_view after_key,
                                                      size_t limit) override {
      return inner_->ListKind(kind, after_key, limit);
    }
    Result<std::vector<store::PlacedRecord>> ListInCreationOrder(int64_t after_place,
                                                                 size_t limit) override {
      return inner_->ListInCreationOrder(after_place, limit);
    }
    Result<int64_t> CountKind(std::string_view kind) override { return inner_->CountKind(kind); }
    Result<std::vector<std::string>> ListKinds() override { return inner_->ListKinds(); }
    Result<std::vector<store::SearchHit>> Search(const std::vector<std::string>& tokens,
                                                 bool require_all, size_t limit) override {
      return inner_->Search(tokens, require_all, limit);
    }
    Result<std::optional<std::string>> GetMeta(std::string_view name) override {
      return inner_->GetMeta(name);
    }
    Result<std::vector<std::string>> ListMetaNames() override { return inner_->ListMetaNames(); }

    Status Put(const store::StoredRecord& record) override {
      if (Fails()) return Injected();
      return inner_->Put(record);
    }
    Status Insert(const store::StoredRecord& record) override {
      if (Fails()) return Injected();
      return inner_->Insert(record);
    }
    Status Delete(std::string_view key) override {
      if (Fails()) return Injected();
      return inner_->Delete(key);
    }
    Status Replace(std::string_view old_key, const store::StoredRecord& record) override {
      if (Fails()) return Injected();
      return inner_->Replace(old_key, record);
    }
    Status SetMeta(std::string_view name, std::string_view value) override {
      if (Fails()) return Injected();
      return inner_->SetMeta(name, value);
    }
    Status Commit() override { return inner_->Commit(); }

   private:
    bool Fails() { return ++owner_.writes_ == owner_.fail_at_write_; }
    static Status Injected() { return Status::Unavailable("injected write failure"); }

    FaultyStore& owner_;
    std::unique_ptr<store::WriteTransaction> inner_;
  };

  store::Store& inner_;
  int64_t fail_at_write_;
  int64_t writes_ = 0;
};

}  // namespace chorus::test_support
