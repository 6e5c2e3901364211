// File: support/audit_tamper.h
// The audit log tamper cases of docs/SECURITY.md ("Audit log"), done the way
// an attacker with the store file but without the passphrase would: SQL on
// the SQLite file. Used by tests/records/audit_test.cc (VerifyAudit) and
// tests/cli/audit_cli_test.cc (`chorus audit verify`).
//
// Every case expects a store whose log holds entries 0..6 (rows inserted in
// sequence order, so rowid order is sequence order) and the head value saved
// right after entry 3 was written.
#pragma once

#include <sqlite3.h>

#include <string>
#include <vector>

namespace chorus::test_support {

struct AuditTamperCase {
  std::string name;
  std::string sql;
  // The failure message names this (the first bad entry, or the head).
  std::string expected;
  // False for the one case only a head recorded outside the store detects:
  // a consistent rollback of the log's tail together with its head.
  bool detected_without_known_head = true;
};

// Entry `n`'s row.
inline std::string AuditRow(int n) {
  return "(SELECT rowid FROM records WHERE kind = 'audit' ORDER BY rowid LIMIT 1 OFFSET " +
         std::to_string(n) + ")";
}

// `saved_head_hex` is the hex of the audit_head value after entry 3.
inline std::vector<AuditTamperCase> AuditTamperCases(const std::string& saved_head_hex) {
  std::string put_back_old_head =
      "UPDATE meta SET value = x'" + saved_head_hex + "' WHERE name = 'audit_head';";
  std::string keep_rows =
      "CREATE TEMP TABLE kept AS SELECT rowid AS r, key AS k, body AS b FROM records "
      "WHERE kind = 'audit';";
  return {
      {"edit an entry's sealed bytes",
       "UPDATE records SET body = CAST(substr(body, 1, 40) || CASE WHEN substr(body, 41, 1) = "
       "x'00' THEN x'01' ELSE x'00' END || substr(body, 42) AS BLOB) WHERE rowid = " +
           AuditRow(4) + ";",
       "audit entry 4 is damaged"},
      {"delete an entry", "DELETE FROM records WHERE rowid = " + AuditRow(4) + ";",
       "audit entry 4 is missing"},
      {"swap two entries' bodies",
       keep_rows + "UPDATE records SET body = (SELECT b FROM kept WHERE r = " + AuditRow(5) +
           ") WHERE rowid = " + AuditRow(4) + "; UPDATE records SET body = (SELECT b FROM kept " +
           "WHERE r = " + AuditRow(4) + ") WHERE rowid = " + AuditRow(5) + ";",
       "audit entry 4 is damaged"},
      {"reorder two entries (swap their keys)",
       keep_rows + "UPDATE records SET key = 'moving' WHERE rowid = " + AuditRow(4) +
           "; UPDATE records SET key = (SELECT k FROM kept WHERE r = " + AuditRow(4) +
           ") WHERE rowid = " + AuditRow(5) + "; UPDATE records SET key = (SELECT k FROM kept " +
           "WHERE r = " + AuditRow(5) + ") WHERE key = 'moving';",
       "audit entry 4 is damaged"},
      {"truncate the last entries",
       "DELETE FROM records WHERE kind = 'audit' AND rowid >= " + AuditRow(5) + ";",
       "audit entry 5 is missing"},
      {"edit the head",
       "UPDATE meta SET value = CAST(replace(CAST(value AS TEXT), '\"sequence\":6', "
       "'\"sequence\":5') AS BLOB) WHERE name = 'audit_head';",
       "head (entry 5) is not validly signed"},
      {"put back an older signed head", put_back_old_head,
       "audit entry 4 is present beyond the signed head"},
      {"delete the head", "DELETE FROM meta WHERE name = 'audit_head';", "head is missing"},
      {"add a copied entry row",
       "INSERT INTO records(key, kind, version, body, tokens) SELECT 'forged', kind, version, "
       "body, '' FROM records WHERE rowid = " +
           AuditRow(2) + ";",
       "audit entry 7 is present beyond the signed head"},
      {"wipe the whole log, head and signing key",
       "DELETE FROM records WHERE kind = 'audit'; DELETE FROM meta WHERE name LIKE 'audit%';",
       "audit signing key is missing"},
      {"roll back the tail and the head together",
       "DELETE FROM records WHERE kind = 'audit' AND rowid >= " + AuditRow(4) + ";" +
           put_back_old_head,
       "ends at entry 3 but entry 6 was recorded", false},
  };
}

// Runs `sql` on the store file; "" or SQLite's error message.
inline std::string RunStoreSql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    std::string error = db ? sqlite3_errmsg(db) : "cannot open";
    sqlite3_close(db);
    return error;
  }
  char* message = nullptr;
  std::string error;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    error = message ? message : "sql failed";
  }
  sqlite3_free(message);
  sqlite3_close(db);
  return error;
}

// Hex of the store's audit_head value ("" when absent).
inline std::string ReadAuditHeadHex(const std::string& path) {
  sqlite3* db = nullptr;
  std::string hex;
  if (sqlite3_open(path.c_str(), &db) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT hex(value) FROM meta WHERE name = 'audit_head'", -1, &stmt,
                           nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      hex = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return hex;
}

}  // namespace chorus::test_support
