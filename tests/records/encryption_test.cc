// Guards the promise of docs/SECURITY.md: the store file holds no demo
// plaintext, and tampering with a sealed row is detected.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "records/records_fixture.h"

namespace chorus::records {
namespace {

TEST_F(RecordsTest, StoreFileHoldsNoDemoPlaintext) {
  ASSERT_TRUE(ImportFile(kSeedReportBundle).ok());
  std::string bytes = chorus::test_support::ReadFileBytes(path_) +
                      chorus::test_support::ReadFileBytes(path_ + "-wal");
  ASSERT_GT(bytes.size(), 10000u);
  for (const char* word :
       {"Mokran", "mokran", "목란", "Санкт", "Pyongyang", "defection", "Achilles", "Kangsong",
        "State Security", "Daily NK", "org-mokran", "per-mokran-manager", "excavator",
        "St Petersburg", "2016-08-21", "Consulate", kPassphrase}) {
    EXPECT_EQ(bytes.find(word), std::string::npos) << "found plaintext: " << word;
  }
}

TEST_F(RecordsTest, TamperedRowIsDataLoss) {
  ASSERT_TRUE(ImportText(Bundle(kEveryKind)).ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  // Swap the bodies of two records: each body is bound to its own row.
  ASSERT_EQ(
      sqlite3_exec(db,
                   "UPDATE records SET body = (SELECT body FROM records WHERE kind = 'place') "
                   "WHERE kind = 'event'",
                   nullptr, nullptr, nullptr),
      SQLITE_OK);
  // Change one byte of another body. The byte must differ from what was there: a
  // fixed replacement equals the random ciphertext byte once in 256 runs.
  ASSERT_EQ(sqlite3_exec(db,
                         "UPDATE records SET body = substr(body, 1, 30) || "
                         "CASE WHEN substr(body, 31, 1) = x'00' THEN x'01' ELSE x'00' END || "
                         "substr(body, 32) WHERE kind = 'organization'",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto reader = *vault_->Read();
  EXPECT_EQ(reader->Get("evt-1").status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(reader->Get("org-1").status().code(), StatusCode::kDataLoss);
  EXPECT_TRUE(reader->Get("plc-1").ok());
}

TEST_F(RecordsTest, OpeningSomethingElseIsRefused) {
  chorus::test_support::WriteFileBytes(dir_.File("notes.txt"), "just some text, not a database");
  auto store =
      store::sqlite::OpenSqliteStore(dir_.File("notes.txt"), store::sqlite::OpenMode::kOpen);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store::sqlite::OpenSqliteStore(path_, store::sqlite::OpenMode::kCreate).status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(
      store::sqlite::OpenSqliteStore(dir_.File("missing.chorus"), store::sqlite::OpenMode::kOpen)
          .status()
          .code(),
      StatusCode::kNotFound);
}

}  // namespace
}  // namespace chorus::records
