// File: store/postgres/postgres_store.h
// The server engine: a PostgreSQL database reached through libpq, for an
// organisation with many users and several `chorus serve` processes. It holds
// the same ciphertext, wrapped keys and blind tokens as the embedded engine;
// search runs on a GIN index over each record's token array. The only folder
// that includes <libpq-fe.h>.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"
#include "store/store.h"

namespace chorus::store::postgres {

enum class OpenMode {
  kCreate,  // a new store: creates the database if missing; AlreadyExists
            // when it already holds a chorus store
  kOpen,    // an existing store: NotFound when the database or the store in
            // it does not exist
};

// Opens the store in the database named by `conninfo` (a postgresql:// URL or
// a libpq "key=value" string) and migrates its schema to kSchemaVersion.
// FailedPrecondition when the database holds other tables but no chorus
// store, or a store written by a newer chorus; Unavailable when the server
// cannot be reached (the message never repeats a password from `conninfo`).
//
// The Store is thread-safe: each transaction borrows a connection from a
// pool. Reads are REPEATABLE READ snapshots. Every write transaction takes
// one store-wide advisory lock at Begin (the equivalent of SQLite's BEGIN
// IMMEDIATE), so writers are serialised across every process sharing the
// database; BeginWrite gives up with Unavailable after 10 s of waiting.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& conninfo, OpenMode mode);

// `conninfo` with any password removed, for messages and logs.
std::string RedactConninfo(const std::string& conninfo);

}  // namespace chorus::store::postgres
