// File: store/sqlite/sqlite_store.h
// The embedded engine: one SQLite file in WAL mode, FTS5 over blind tokens
// for search. The only folder that includes <sqlite3.h>.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"
#include "store/store.h"

namespace chorus::store::sqlite {

enum class OpenMode {
  kCreate,  // a new store: AlreadyExists if the file exists
  kOpen,    // an existing store: NotFound if the file does not exist
};

// Opens (or creates) the store file at `path` and migrates its schema to
// kSchemaVersion. FailedPrecondition when the file is not a Chorus store or
// was written by a newer Chorus. The Store is thread-safe: each transaction
// takes its own connection from a pool.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, OpenMode mode);

}  // namespace chorus::store::sqlite
