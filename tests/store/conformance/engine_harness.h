// File: store/conformance/engine_harness.h
// Fresh, throwaway store locations for each engine, so one conformance suite
// runs unchanged on both: a temporary folder of SQLite files, or new
// databases (chorus_test_<random>) on the PostgreSQL cluster named by
// PGHOST/PGUSER, dropped at the end.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/store.h"

namespace chorus::store::testing {

enum class Engine { kSqlite, kPostgres };

std::string EngineName(Engine engine);

class EngineHarness {
 public:
  explicit EngineHarness(Engine engine);
  // Removes every location this harness made. REQUIRES: stores on them closed.
  ~EngineHarness();
  EngineHarness(const EngineHarness&) = delete;
  EngineHarness& operator=(const EngineHarness&) = delete;

  // Non-OK when the engine cannot run here (e.g. no PostgreSQL cluster), with
  // a message that says how to provide one. Tests must fail on it, not skip.
  Status Ready() const { return ready_; }

  Engine engine() const { return engine_; }

  // A location where no store exists yet (a file path or a libpq string).
  std::string NewLocation();

  Result<std::unique_ptr<Store>> Create(const std::string& location);
  Result<std::unique_ptr<Store>> Open(const std::string& location);

  // Every byte the engine holds for `location`: the database file and its
  // WAL for SQLite, a plain pg_dump for PostgreSQL (where bytea columns
  // appear in hex). REQUIRES: for SQLite, stores on it closed.
  Result<std::string> DumpBytes(const std::string& location);

  // Rewrites the schema version the engine records, behind its back.
  Status SetSchemaVersion(const std::string& location, int version);

  // Runs `sql` on the store at `location`, behind the engine's back (to
  // shape an older schema). REQUIRES: for SQLite, no write open on it.
  Status ExecuteSql(const std::string& location, const std::string& sql);

  // Makes `location` hold a table that is not chorus's.
  Status MakeForeign(const std::string& location);

 private:
  Engine engine_;
  Status ready_;
  std::string sqlite_dir_;
  std::vector<std::string> databases_;  // PostgreSQL databases to drop
  int next_ = 0;
};

// Whether `dump` holds `word` as raw bytes or as lowercase hex (how pg_dump
// writes bytea).
bool DumpContains(const std::string& dump, const std::string& word);

}  // namespace chorus::store::testing
