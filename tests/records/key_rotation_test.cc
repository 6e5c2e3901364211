// Key management (records/key_rotation.h): a passphrase change re-wraps the
// data key and nothing else; a rotation re-seals every row under a new data
// key, keeps every plaintext, and leaves the old key opening nothing; a
// failure at any write leaves the store exactly as it was.
#include "records/key_rotation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "records/audit.h"
#include "records/records_fixture.h"
#include "support/faulty_store.h"

namespace chorus::records {
namespace {

using ::testing::HasSubstr;

constexpr char kNewPassphrase[] = "a new passphrase for the store";

// Every row as the engine holds it, one line each, in (kind, key) order.
std::vector<std::string> RawRows(store::Store& store) {
  std::vector<std::string> out;
  auto txn = store.BeginRead();
  EXPECT_TRUE(txn.ok());
  if (!txn.ok()) return out;
  auto kinds = (*txn)->ListKinds();
  EXPECT_TRUE(kinds.ok());
  for (const auto& kind : *kinds) {
    auto rows = (*txn)->ListKind(kind, "", 100000);
    EXPECT_TRUE(rows.ok());
    for (const auto& row : *rows) {
      std::string line = row.kind + "|" + row.key + "|" + std::to_string(row.version) + "|" +
                         crypto::ToHex(row.body);
      for (const auto& token : row.tokens) line += " " + token;
      out.push_back(std::move(line));
    }
  }
  return out;
}

std::vector<store::StoredRecord> StoredRows(store::Store& store) {
  std::vector<store::StoredRecord> out;
  auto txn = store.BeginRead();
  auto kinds = (*txn)->ListKinds();
  for (const auto& kind : *kinds) {
    auto rows = (*txn)->ListKind(kind, "", 100000);
    for (auto& row : *rows) out.push_back(std::move(row));
  }
  return out;
}

std::map<std::string, std::string> AllMeta(store::Store& store) {
  std::map<std::string, std::string> out;
  auto txn = store.BeginRead();
  auto names = (*txn)->ListMetaNames();
  for (const auto& name : *names) out[name] = **(*txn)->GetMeta(name);
  return out;
}

class KeyRotationTest : public RecordsTest {
 protected:
  // Records of every kind, a user document, casework index rows of a kind
  // no core::RecordKind names, and an audit entry about one record.
  void Seed() {
    ASSERT_TRUE(ImportText(Bundle(kEveryKind)).ok());
    auto writer = *vault_->Write();
    ASSERT_TRUE(writer->PutDocument("user", "alice", R"({"role":"coder"})").ok());
    ASSERT_TRUE(writer->PutDocument("user", "boris", R"({"role":"viewer"})").ok());
    ASSERT_TRUE(writer->PutIndex("queue-ready", "1|2016-10-10|case-7", "case-7").ok());
    ASSERT_TRUE(writer->PutIndex("queue-ready", "2|2016-10-11|case-9", "case-9").ok());
    AuditEvent event;
    event.actor = "alice";
    event.action = "update";
    event.kind = "event";
    event.record = "evt-1";
    ASSERT_TRUE(AppendAudit(*writer, event, SystemClock().Now()).ok());
    ASSERT_TRUE(writer->Commit().ok());
  }

  // What a user can see of the store, through a vault unlocked with
  // `passphrase`: the export, searches, documents, index rows, one record's
  // audit history.
  std::string Visible(const std::string& passphrase) {
    auto vault = Vault::Unlock(*store_, passphrase);
    EXPECT_TRUE(vault.ok()) << vault.status().ToString();
    if (!vault.ok()) return "";
    std::ostringstream out;
    EXPECT_TRUE(ExportBundle(*vault, out).ok());
    auto reader = *vault->Read();
    for (const char* query : {"Mokran", "목란", "Санкт-Петербург", "Ri Myong Su", "worksite"}) {
      out << "\nsearch " << query << ":";
      auto hits = reader->Search(query, 20);
      // Which records are found, not their order: hits that score alike go
      // to the newest row, and a rotation writes every row again.
      std::vector<std::string> ids;
      for (const auto& hit : *hits) ids.push_back(core::IdOf(hit.record));
      std::sort(ids.begin(), ids.end());
      for (const auto& id : ids) out << " " << id;
    }
    out << "\nreferencing rpt-1:";
    auto referencing = reader->Referencing("rpt-1");
    for (const auto& record : *referencing) out << " " << core::IdOf(record);
    auto users = reader->ListDocuments("user");
    for (const auto& [name, json] : *users) out << "\n" << name << json;
    auto queue = reader->ListIndex("queue-ready", "", 10);
    for (const auto& row : *queue) {
      out << "\n" << row.order_key << "=" << row.payload;
    }
    AuditFilter filter;
    filter.record = "evt-1";
    auto history = ListAudit(*reader, filter);
    EXPECT_TRUE(history.ok()) << history.status().ToString();
    if (history.ok()) {
      for (const auto& entry : *history) out << "\naudit " << entry.event.action;
    }
    return out.str();
  }

  Result<int64_t> VerifyAuditWith(const std::string& passphrase) {
    CHORUS_ASSIGN_OR_RETURN(Vault vault, Vault::Unlock(*store_, passphrase));
    CHORUS_ASSIGN_OR_RETURN(auto reader, vault.Read());
    return VerifyAudit(*reader);
  }

  AuditEntry LastKeyChange(const std::string& passphrase) {
    auto vault = Vault::Unlock(*store_, passphrase);
    auto reader = *vault->Read();
    AuditFilter filter;
    filter.action = "key-change";
    filter.limit = 1;
    auto entries = ListAudit(*reader, filter);
    EXPECT_TRUE(entries.ok() && entries->size() == 1);
    return entries.ok() && !entries->empty() ? entries->back() : AuditEntry{};
  }

  // A new store holding `rows` and `meta` exactly: what someone has who
  // kept a copy of the key material and now also has the store's rows.
  std::unique_ptr<store::Store> CopyOf(const std::vector<store::StoredRecord>& rows,
                                       const std::map<std::string, std::string>& meta,
                                       const std::string& name) {
    auto copy = store::sqlite::OpenSqliteStore(dir_.File(name), store::sqlite::OpenMode::kCreate);
    EXPECT_TRUE(copy.ok());
    auto txn = *(*copy)->BeginWrite();
    for (const auto& [meta_name, value] : meta) EXPECT_TRUE(txn->SetMeta(meta_name, value).ok());
    for (const auto& row : rows) EXPECT_TRUE(txn->Insert(row).ok());
    EXPECT_TRUE(txn->Commit().ok());
    return std::move(*copy);
  }
};

TEST_F(KeyRotationTest, PassphraseChangeRewrapsUnderANewSaltAndKeepsEverything) {
  Seed();
  std::string before = Visible(kPassphrase);
  auto rows_before = RawRows(*store_);
  auto meta_before = AllMeta(*store_);
  ASSERT_TRUE(ChangePassphrase(*store_, kPassphrase, kNewPassphrase, crypto::KdfParams::Minimum(),
                               "cli:admin")
                  .ok());

  // No row was rewritten; one was added: the audit entry.
  auto rows_after = RawRows(*store_);
  EXPECT_EQ(rows_after.size(), rows_before.size() + 1);
  for (const auto& row : rows_before) {
    EXPECT_NE(std::find(rows_after.begin(), rows_after.end(), row), rows_after.end());
  }
  auto meta_after = AllMeta(*store_);
  EXPECT_NE(meta_after["kdf_salt"], meta_before["kdf_salt"]);
  EXPECT_NE(meta_after["wrapped_data_key"], meta_before["wrapped_data_key"]);
  auto old = Vault::Unlock(*store_, kPassphrase);
  EXPECT_EQ(old.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(Visible(kNewPassphrase), before);
  // The data key is the same, so a vault unlocked before still works.
  EXPECT_TRUE(vault_->Read().ok());
  auto verified = VerifyAuditWith(kNewPassphrase);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  AuditEntry last = LastKeyChange(kNewPassphrase);
  EXPECT_EQ(last.event.actor, "cli:admin");
  EXPECT_THAT(last.event.detail, HasSubstr("passphrase"));
}

TEST_F(KeyRotationTest, PassphraseChangeRefusesAWrongOldOneAndAnEmptyOrUnchangedNewOne) {
  Seed();
  auto meta_before = AllMeta(*store_);
  Status wrong =
      ChangePassphrase(*store_, "not the passphrase", kNewPassphrase, crypto::KdfParams::Minimum());
  EXPECT_EQ(wrong.code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(wrong.message().find("not the passphrase"), std::string::npos);
  EXPECT_EQ(ChangePassphrase(*store_, kPassphrase, "", crypto::KdfParams::Minimum()).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      ChangePassphrase(*store_, kPassphrase, kPassphrase, crypto::KdfParams::Minimum()).code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(AllMeta(*store_), meta_before);
  EXPECT_TRUE(Vault::Unlock(*store_, kPassphrase).ok());
}

TEST_F(KeyRotationTest, RotationKeepsRecordsSearchDocumentsIndexRowsAndTheAuditChain) {
  Seed();
  std::string before = Visible(kPassphrase);
  auto verified_before = VerifyAuditWith(kPassphrase);
  ASSERT_TRUE(verified_before.ok()) << verified_before.status().ToString();
  auto stored_before = StoredRows(*store_);
  auto meta_before = AllMeta(*store_);
  std::vector<int64_t> progress;
  auto summary = RotateDataKey(
      *store_, kPassphrase, crypto::KdfParams::Minimum(),
      [&](int64_t done, int64_t total) { progress.push_back(done * 1000 + total); }, "cli:admin");
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->records, 11);
  EXPECT_EQ(summary->index_rows, 2);
  // Two users and the audit entries (genesis, key creation, import, update).
  EXPECT_EQ(summary->documents, 2 + *verified_before);
  int64_t total = summary->records + summary->index_rows + summary->documents;
  ASSERT_EQ(progress.size(), static_cast<size_t>(total));
  EXPECT_EQ(progress.back(), total * 1000 + total);

  auto verified = VerifyAuditWith(kPassphrase);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ(*verified, *verified_before + 1);
  AuditEntry last = LastKeyChange(kPassphrase);
  EXPECT_THAT(last.event.detail, HasSubstr("rotated"));
  EXPECT_EQ(Visible(kPassphrase), before);
  // The audit public key stays, so heads recorded outside remain checkable.
  auto meta_after = AllMeta(*store_);
  EXPECT_EQ(meta_after["audit_public_key"], meta_before["audit_public_key"]);
  EXPECT_NE(meta_after["audit_signing_key"], meta_before["audit_signing_key"]);

  // Every body is sealed anew; keyed row keys change, clear index keys stay,
  // versions are kept.
  auto stored_after = StoredRows(*store_);
  for (const auto& old_row : stored_before) {
    bool index_row = old_row.kind == "queue-ready";
    auto same_key = std::find_if(stored_after.begin(), stored_after.end(),
                                 [&](const auto& row) { return row.key == old_row.key; });
    if (index_row) {
      ASSERT_NE(same_key, stored_after.end());
      EXPECT_NE(same_key->body, old_row.body);
      EXPECT_EQ(same_key->version, old_row.version);
    } else {
      EXPECT_EQ(same_key, stored_after.end()) << old_row.kind << " row kept its key";
    }
    for (const auto& row : stored_after) EXPECT_NE(row.body, old_row.body);
  }
}

TEST_F(KeyRotationTest, AVaultUnlockedBeforeARotationRefusesToReadOrWrite) {
  Seed();
  ASSERT_TRUE(RotateDataKey(*store_, kPassphrase, crypto::KdfParams::Minimum()).ok());
  auto read = vault_->Read();
  EXPECT_EQ(read.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(read.status().message(), HasSubstr("rotated"));
  EXPECT_EQ(vault_->Write().status().code(), StatusCode::kFailedPrecondition);
  // A second rotation works from the first one's key.
  ASSERT_TRUE(RotateDataKey(*store_, kPassphrase, crypto::KdfParams::Minimum()).ok());
  EXPECT_TRUE(VerifyAuditWith(kPassphrase).ok());
}

TEST_F(KeyRotationTest, OldWrappedKeyAndPassphraseOpenNothingWrittenOrResealedAfterRotation) {
  Seed();
  auto old_meta = AllMeta(*store_);
  {
    // Control: with the rows as they are now, the old key material reads
    // everything, so the checks below can fail.
    auto copy = CopyOf(StoredRows(*store_), old_meta, "before.chorus");
    auto vault = Vault::Unlock(*copy, kPassphrase);
    ASSERT_TRUE(vault.ok());
    auto reader = *vault->Read();
    EXPECT_TRUE((*reader->Get("evt-1")).has_value());
    EXPECT_EQ(reader->ListKind(core::RecordKind::kEvent)->size(), 1u);
    EXPECT_FALSE(reader->Search("Mokran", 10)->empty());
  }
  ASSERT_TRUE(RotateDataKey(*store_, kPassphrase, crypto::KdfParams::Minimum()).ok());
  {
    auto vault = Vault::Unlock(*store_, kPassphrase);
    ASSERT_TRUE(vault.ok());
    auto writer = *vault->Write();
    core::Event after;
    after.id = "evt-after";
    after.title = "Sealed after the rotation";
    ASSERT_TRUE(writer->Create(after).ok());
    ASSERT_TRUE(writer->PutDocument("user", "carol", R"({"role":"viewer"})").ok());
    ASSERT_TRUE(writer->PutIndex("queue-ready", "3|2016-10-12|case-11", "case-11").ok());
    ASSERT_TRUE(writer->Commit().ok());
  }
  auto copy = CopyOf(StoredRows(*store_), old_meta, "after.chorus");
  auto vault = Vault::Unlock(*copy, kPassphrase);
  ASSERT_TRUE(vault.ok()) << "the old key material unwraps the old key";
  auto reader = *vault->Read();
  for (const char* id : {"evt-after", "evt-1", "per-1", "src-1"}) {
    auto record = reader->Get(id);
    ASSERT_TRUE(record.ok());
    EXPECT_FALSE(record->has_value()) << id;
  }
  for (core::RecordKind kind : core::kAllRecordKinds) {
    EXPECT_EQ(reader->ListKind(kind).status().code(), StatusCode::kDataLoss)
        << core::RecordKindName(kind);
  }
  EXPECT_TRUE(reader->Search("Sealed", 10)->empty());
  EXPECT_TRUE(reader->Search("Mokran", 10)->empty());
  EXPECT_EQ(reader->ListDocuments("user").status().code(), StatusCode::kDataLoss);
  EXPECT_FALSE(reader->GetDocument("user", "carol")->has_value());
  EXPECT_EQ(reader->ListIndex("queue-ready", "", 10).status().code(), StatusCode::kDataLoss);
  // The audit head is clear metadata, but no entry it names can be found.
  auto audit = ListAudit(*reader, AuditFilter{});
  ASSERT_TRUE(audit.ok()) << audit.status().ToString();
  EXPECT_TRUE(audit->empty());
  EXPECT_EQ(VerifyAudit(*reader).status().code(), StatusCode::kDataLoss);
}

// Guards the promise that a rotation is all or nothing: it fails at every
// write in turn, and each time the store must be exactly as before.
TEST_F(KeyRotationTest, AFailureAtAnyWriteOfARotationChangesNothing) {
  Seed();
  std::string before = Visible(kPassphrase);
  auto rows_before = RawRows(*store_);
  auto meta_before = AllMeta(*store_);
  int64_t failing_points = 0;
  for (int64_t fail_at = 1;; ++fail_at) {
    test_support::FaultyStore faulty(*store_, fail_at);
    auto summary = RotateDataKey(faulty, kPassphrase, crypto::KdfParams::Minimum());
    if (!faulty.failed()) {
      ASSERT_TRUE(summary.ok()) << summary.status().ToString();
      break;
    }
    ++failing_points;
    ASSERT_EQ(summary.status().code(), StatusCode::kUnavailable) << "write " << fail_at;
    ASSERT_EQ(RawRows(*store_), rows_before) << "write " << fail_at;
    ASSERT_EQ(AllMeta(*store_), meta_before) << "write " << fail_at;
    ASSERT_TRUE(vault_->Read().ok()) << "write " << fail_at;
  }
  // Key material, every record, document and index row (one write each),
  // and the audit entry.
  EXPECT_GT(failing_points, static_cast<int64_t>(rows_before.size()) + 1);
  EXPECT_EQ(Visible(kPassphrase), before);
  EXPECT_TRUE(VerifyAuditWith(kPassphrase).ok());
}

TEST_F(KeyRotationTest, AFailedPassphraseChangeKeepsTheOldPassphrase) {
  Seed();
  auto meta_before = AllMeta(*store_);
  for (int64_t fail_at = 1; fail_at <= 4; ++fail_at) {
    test_support::FaultyStore faulty(*store_, fail_at);
    Status changed =
        ChangePassphrase(faulty, kPassphrase, kNewPassphrase, crypto::KdfParams::Minimum());
    EXPECT_EQ(changed.code(), StatusCode::kUnavailable) << "write " << fail_at;
    EXPECT_EQ(AllMeta(*store_), meta_before);
  }
  EXPECT_TRUE(Vault::Unlock(*store_, kPassphrase).ok());
  EXPECT_EQ(Vault::Unlock(*store_, kNewPassphrase).status().code(), StatusCode::kUnauthenticated);
}

TEST_F(KeyRotationTest, RotationRefusesAWrongPassphraseAndADamagedRow) {
  Seed();
  EXPECT_EQ(RotateDataKey(*store_, "guess", crypto::KdfParams::Minimum()).status().code(),
            StatusCode::kUnauthenticated);
  // A body moved to another row no longer opens: the rotation stops and
  // changes nothing, rather than carry a damaged row forward.
  auto stored = StoredRows(*store_);
  auto user = std::find_if(stored.begin(), stored.end(),
                           [](const auto& row) { return row.kind == "user"; });
  ASSERT_NE(user, stored.end());
  {
    auto txn = *store_->BeginWrite();
    store::StoredRecord moved = *user;
    moved.body = std::next(user)->body;
    ASSERT_TRUE(txn->Put(moved).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  auto rows_before = RawRows(*store_);
  auto summary = RotateDataKey(*store_, kPassphrase, crypto::KdfParams::Minimum());
  EXPECT_EQ(summary.status().code(), StatusCode::kDataLoss);
  EXPECT_THAT(summary.status().message(), HasSubstr("user"));
  EXPECT_EQ(RawRows(*store_), rows_before);
}

}  // namespace
}  // namespace chorus::records
