// The audit log (records/audit.h): entries are appended in the writer's
// transaction, listed with filters, and any edit, deletion, reordering or
// truncation done directly on the store file is caught by VerifyAudit.
#include "records/audit.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <sstream>

#include "crypto/crypto.h"
#include "records/records_fixture.h"
#include "support/audit_tamper.h"

namespace chorus::records {
namespace {

using ::testing::HasSubstr;

constexpr Timestamp At(int64_t ms) { return Timestamp(std::chrono::milliseconds(ms)); }

AuditEvent Event(std::string actor, std::string action, std::string record = "",
                 std::string kind = "event") {
  AuditEvent event;
  event.actor = std::move(actor);
  event.action = std::move(action);
  event.kind = record.empty() ? "" : std::move(kind);
  event.record = std::move(record);
  return event;
}

class AuditTest : public RecordsTest {
 protected:
  Status Append(const AuditEvent& event, Timestamp at) {
    CHORUS_ASSIGN_OR_RETURN(auto writer, vault_->Write());
    CHORUS_RETURN_IF_ERROR(AppendAudit(*writer, event, at));
    return writer->Commit();
  }

  Result<int64_t> Verify() {
    CHORUS_ASSIGN_OR_RETURN(auto reader, vault_->Read());
    return VerifyAudit(*reader);
  }

  std::vector<AuditEntry> List(const AuditFilter& filter) {
    auto reader = vault_->Read();
    EXPECT_TRUE(reader.ok());
    auto entries = ListAudit(**reader, filter);
    EXPECT_TRUE(entries.ok()) << entries.status().ToString();
    return entries.ok() ? *entries : std::vector<AuditEntry>();
  }

  // Entries 0..6: init's genesis and key change, an import, then four
  // events; returns the head saved after entry 3 (hex of the stored value).
  std::string SevenEntries() {
    EXPECT_TRUE(ImportText(Bundle(kEveryKind)).ok());
    EXPECT_TRUE(Append(Event("ana", "update", "evt-1"), At(1000)).ok());
    std::string head = chorus::test_support::ReadAuditHeadHex(path_);
    EXPECT_TRUE(Append(Event("ana", "delete", "inv-1"), At(2000)).ok());
    EXPECT_TRUE(Append(Event("bo", "login"), At(3000)).ok());
    EXPECT_TRUE(Append(Event("bo", "read-sealed", "src-1", "source"), At(4000)).ok());
    return head;
  }
};

TEST_F(AuditTest, NewStoreStartsWithGenesisAndKeyChange) {
  auto verified = Verify();
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ(*verified, 2);
  auto entries = List({});
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].sequence, 0);
  EXPECT_EQ(entries[0].event.action, "genesis");
  EXPECT_EQ(entries[0].previous_hash, "");
  auto reader = *vault_->Read();
  EXPECT_THAT(entries[0].event.detail, HasSubstr(crypto::ToHex(*reader->AuditPublicKey())));
  EXPECT_EQ(entries[1].event.action, "key-change");
  EXPECT_EQ(entries[1].previous_hash, entries[0].hash);
}

TEST_F(AuditTest, AppendListAndVerify) {
  ASSERT_TRUE(Append(Event("ana", "create", "evt-1"), At(1'000)).ok());
  ASSERT_TRUE(Append(Event("bo", "update", "evt-1"), At(2'000)).ok());
  ASSERT_TRUE(Append(Event("ana", "login"), At(3'250)).ok());
  EXPECT_EQ(*Verify(), 5);

  auto all = List({});
  ASSERT_EQ(all.size(), 5u);
  for (size_t i = 1; i < all.size(); ++i) {
    EXPECT_EQ(all[i].sequence, static_cast<int64_t>(i));
    EXPECT_EQ(all[i].previous_hash, all[i - 1].hash);
    EXPECT_EQ(all[i].hash, AuditEntryHash(all[i]));
  }
  EXPECT_EQ(FormatAuditTime(all[4].at), "1970-01-01T00:00:03.250Z");

  AuditFilter by_actor;
  by_actor.actor = "ana";
  EXPECT_EQ(List(by_actor).size(), 2u);
  AuditFilter by_record;
  by_record.record = "evt-1";
  auto history = List(by_record);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].event.action, "create");
  EXPECT_EQ(history[1].event.action, "update");
  AuditFilter by_action;
  by_action.action = "login";
  EXPECT_EQ(List(by_action).size(), 1u);
  AuditFilter window;
  window.since = At(2'000);
  window.until = At(3'250);
  auto in_window = List(window);
  ASSERT_EQ(in_window.size(), 1u);
  EXPECT_EQ(in_window[0].event.actor, "bo");
  AuditFilter newest;
  newest.limit = 2;
  auto last_two = List(newest);
  ASSERT_EQ(last_two.size(), 2u);
  EXPECT_EQ(last_two[0].sequence, 3);
  EXPECT_EQ(last_two[1].sequence, 4);
}

TEST_F(AuditTest, RolledBackTransactionLeavesNoEntry) {
  {
    auto writer = *vault_->Write();
    ASSERT_TRUE(AppendAudit(*writer, Event("ana", "create", "evt-9"), At(1)).ok());
    // No Commit: the change and its entry go together.
  }
  EXPECT_EQ(*Verify(), 2);
  AuditFilter by_record;
  by_record.record = "evt-9";
  EXPECT_TRUE(List(by_record).empty());
}

TEST_F(AuditTest, BadEventsAreRefused) {
  auto writer = *vault_->Write();
  EXPECT_EQ(AppendAudit(*writer, Event("ana", ""), At(1)).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(AppendAudit(*writer, Event("ana", "genesis"), At(1)).code(),
            StatusCode::kInvalidArgument);
  AuditEvent bad_hash = Event("ana", "create", "evt-1");
  bad_hash.content_hash = "not hex";
  EXPECT_EQ(AppendAudit(*writer, bad_hash, At(1)).code(), StatusCode::kInvalidArgument);
  AuditEvent long_detail = Event("ana", "create", "evt-1");
  long_detail.detail.assign(kMaxAuditDetailBytes + 1, 'x');
  EXPECT_EQ(AppendAudit(*writer, long_detail, At(1)).code(), StatusCode::kInvalidArgument);
}

TEST_F(AuditTest, ImportAndExportEachAppendOneEntryWithTheSameDigest) {
  ASSERT_TRUE(ImportText(Bundle(kEveryKind)).ok());
  std::string exported = ExportText();
  AuditFilter imports;
  imports.action = "import";
  auto imported = List(imports);
  ASSERT_EQ(imported.size(), 1u);
  EXPECT_THAT(imported[0].event.detail, HasSubstr("11 records"));
  AuditFilter exports;
  exports.action = "export";
  auto exported_entries = List(exports);
  ASSERT_EQ(exported_entries.size(), 1u);
  EXPECT_THAT(exported_entries[0].event.detail, HasSubstr("11 records"));
  EXPECT_EQ(exported_entries[0].event.content_hash.size(), 64u);

  // The import of an export pins the same records: the digests match.
  std::string other_path = dir_.File("other.chorus");
  auto other = store::sqlite::OpenSqliteStore(other_path, store::sqlite::OpenMode::kCreate);
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(InitializeKeys(**other, "another", crypto::KdfParams::Minimum()).ok());
  auto other_vault = Vault::Unlock(**other, "another");
  ASSERT_TRUE(other_vault.ok());
  std::istringstream in(exported);
  ASSERT_TRUE(ImportBundles(*other_vault, {{"export.json", &in}}, {}, "cli:test").ok());
  auto reader = *other_vault->Read();
  auto reimported = ListAudit(*reader, imports);
  ASSERT_TRUE(reimported.ok());
  ASSERT_EQ(reimported->size(), 1u);
  EXPECT_EQ((*reimported)[0].event.actor, "cli:test");
  EXPECT_EQ((*reimported)[0].event.content_hash, exported_entries[0].event.content_hash);
}

TEST_F(AuditTest, FailedImportLeavesNoEntry) {
  ASSERT_FALSE(ImportText(Bundle(R"({"kind":"act","id":"act-1","event":"evt-nope"})")).ok());
  EXPECT_EQ(*Verify(), 2);
}

// Each tamper case on a fresh store; the tally goes to docs/SECURITY.md.
TEST(AuditTamper, EveryCaseOnTheStoreFileIsCaught) {
  int tried = 0;
  int detected_by_verify = 0;
  int detected_with_known_head = 0;
  for (const auto& tamper : chorus::test_support::AuditTamperCases("00")) {
    (void)tamper;
    ++tried;
  }
  for (int index = 0; index < tried; ++index) {
    chorus::test_support::TempDir dir;
    std::string path = dir.File("tamper.chorus");
    std::string saved_head;
    std::string last_head;
    {
      auto store = store::sqlite::OpenSqliteStore(path, store::sqlite::OpenMode::kCreate);
      ASSERT_TRUE(store.ok());
      ASSERT_TRUE(InitializeKeys(**store, kPassphrase, crypto::KdfParams::Minimum()).ok());
      auto vault = *Vault::Unlock(**store, kPassphrase);
      for (int n = 2; n <= 6; ++n) {
        auto writer = *vault.Write();
        ASSERT_TRUE(
            AppendAudit(*writer, Event("ana", "update", "evt-" + std::to_string(n)), At(n)).ok());
        ASSERT_TRUE(writer->Commit().ok());
        if (n == 3) saved_head = chorus::test_support::ReadAuditHeadHex(path);
      }
      auto head = ReadAuditHead(**vault.Read());
      ASSERT_TRUE(head.ok() && head->has_value());
      last_head = (*head)->hash;
    }
    auto tamper = chorus::test_support::AuditTamperCases(saved_head)[static_cast<size_t>(index)];
    SCOPED_TRACE(tamper.name);
    ASSERT_EQ(chorus::test_support::RunStoreSql(path, tamper.sql), "");

    auto store = store::sqlite::OpenSqliteStore(path, store::sqlite::OpenMode::kOpen);
    ASSERT_TRUE(store.ok());
    auto vault = Vault::Unlock(**store, kPassphrase);
    ASSERT_TRUE(vault.ok()) << vault.status().ToString();
    auto reader = *vault->Read();
    auto verified = VerifyAudit(*reader);
    if (!verified.ok()) {
      EXPECT_EQ(verified.status().code(), StatusCode::kDataLoss);
      EXPECT_THAT(verified.status().message(), HasSubstr(tamper.expected));
      ++detected_by_verify;
    }
    EXPECT_EQ(!verified.ok(), tamper.detected_without_known_head);
    auto against = VerifyAuditAgainst(*reader, 6, last_head);
    if (!against.ok()) {
      EXPECT_EQ(against.status().code(), StatusCode::kDataLoss);
      EXPECT_THAT(against.status().message(), HasSubstr(tamper.expected));
      ++detected_with_known_head;
    }
    // A tampered head also stops further appends (they would sign over it).
    if (tamper.name == "edit the head" || tamper.name == "delete the head") {
      auto writer = *vault->Write();
      EXPECT_EQ(AppendAudit(*writer, Event("ana", "login"), At(99)).code(), StatusCode::kDataLoss);
    }
  }
  EXPECT_EQ(detected_with_known_head, tried);
  std::cout << "audit tamper cases: " << detected_by_verify << " of " << tried
            << " detected by VerifyAudit, " << detected_with_known_head << " of " << tried
            << " with a head recorded outside the store\n";
  RecordProperty("tamper_cases_tried", tried);
  RecordProperty("tamper_cases_detected", detected_by_verify);
}

// Whoever holds the passphrase holds the signing key and can rewrite history
// consistently; only a head recorded outside the store shows it.
TEST_F(AuditTest, RewriteByAKeyHolderIsCaughtOnlyByAKnownHead) {
  SevenEntries();
  auto head_before = *ReadAuditHead(**vault_->Read());
  {
    auto writer = *vault_->Write();
    std::string previous = head_before->hash;
    auto entries = *ListAudit(*writer, {});
    for (auto& entry : entries) {
      if (entry.sequence < 4) {
        previous = entry.hash;
        continue;
      }
      if (entry.sequence == 4) entry.event.detail = "rewritten";
      entry.previous_hash = previous;
      entry.hash = AuditEntryHash(entry);
      previous = entry.hash;
      char name[16];
      std::snprintf(name, sizeof name, "%012lld", static_cast<long long>(entry.sequence));
      std::ostringstream json;
      json << R"({"sequence":)" << entry.sequence << R"(,"time":")" << FormatAuditTime(entry.at)
           << R"(","actor":")" << entry.event.actor << R"(","action":")" << entry.event.action
           << R"(","kind":")" << entry.event.kind << R"(","record":")" << entry.event.record
           << R"(","content_hash":")" << entry.event.content_hash << R"(","detail":")"
           << entry.event.detail << R"(","previous_hash":")" << entry.previous_hash
           << R"(","hash":")" << entry.hash << R"("})";
      ASSERT_TRUE(writer->PutDocument("audit", name, json.str()).ok());
    }
    std::string signature = *writer->SignAudit(AuditHeadMessage(6, previous));
    ASSERT_TRUE(writer
                    ->SetAuditHead(R"({"sequence":6,"hash":")" + previous + R"(","signature":")" +
                                   crypto::ToHex(signature) + R"("})")
                    .ok());
    ASSERT_TRUE(writer->Commit().ok());
  }
  auto reader = *vault_->Read();
  EXPECT_TRUE(VerifyAudit(*reader).ok());
  auto against = VerifyAuditAgainst(*reader, head_before->sequence, head_before->hash);
  ASSERT_FALSE(against.ok());
  EXPECT_THAT(against.status().message(), HasSubstr("audit entry 6 differs"));
}

// A store made before the audit log (data key under the v1 label, no audit
// metadata) gets its signing key and genesis entry the first time it is
// unlocked, and a store whose whole log was wiped afterwards cannot pass for
// such an old store.
TEST_F(AuditTest, StoreFromBeforeTheAuditLogIsUpgradedOnce) {
  ASSERT_TRUE(ImportText(Bundle(kEveryKind)).ok());
  vault_.reset();
  store_.reset();
  // Make it look like an old store: rewrap the data key under the v1 label
  // and remove every audit row and value.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  auto meta = [&](const char* name) {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE name = ?", -1, &stmt, nullptr);
    sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
    std::string value;
    if (sqlite3_step(stmt) == SQLITE_ROW) {
      value.assign(static_cast<const char*>(sqlite3_column_blob(stmt, 0)),
                   static_cast<size_t>(sqlite3_column_bytes(stmt, 0)));
    }
    sqlite3_finalize(stmt);
    return value;
  };
  crypto::KdfParams params{std::stoull(meta("kdf_ops_limit")),
                           static_cast<size_t>(std::stoull(meta("kdf_mem_limit_bytes")))};
  auto kek = *crypto::DeriveKeyFromPassphrase(kPassphrase, meta("kdf_salt"), params);
  auto data_key =
      *crypto::UnwrapKey(kek, meta("wrapped_data_key"), "chorus data key v2 with audit log");
  std::string v1 = crypto::WrapKey(kek, data_key, "chorus data key v1");
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "UPDATE meta SET value = ? WHERE name = 'wrapped_data_key'", -1, &stmt,
                     nullptr);
  sqlite3_bind_blob(stmt, 1, v1.data(), static_cast<int>(v1.size()), SQLITE_STATIC);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_DONE);
  sqlite3_finalize(stmt);
  ASSERT_EQ(sqlite3_exec(db,
                         "DELETE FROM records WHERE kind = 'audit';"
                         "DELETE FROM meta WHERE name LIKE 'audit%';",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);

  auto store = store::sqlite::OpenSqliteStore(path_, store::sqlite::OpenMode::kOpen);
  ASSERT_TRUE(store.ok());
  store_ = std::move(store).value();
  auto vault = Vault::Unlock(*store_, kPassphrase);
  ASSERT_TRUE(vault.ok()) << vault.status().ToString();
  vault_ = std::make_unique<Vault>(std::move(vault).value());
  EXPECT_EQ(*Verify(), 2);
  auto entries = List({});
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].event.detail, "audit log started on an existing store");
  EXPECT_TRUE((*vault_->Read())->Get("evt-1")->has_value());

  // Unlocking again changes nothing; wiping the log now is caught.
  EXPECT_TRUE(Vault::Unlock(*store_, kPassphrase).ok());
  EXPECT_EQ(*Verify(), 2);
  ASSERT_EQ(chorus::test_support::RunStoreSql(path_,
                                              "DELETE FROM records WHERE kind = 'audit';"
                                              "DELETE FROM meta WHERE name LIKE 'audit%';"),
            "");
  auto wiped = Vault::Unlock(*store_, kPassphrase);
  ASSERT_TRUE(wiped.ok());
  auto verified = VerifyAudit(**wiped->Read());
  EXPECT_EQ(verified.status().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace chorus::records
