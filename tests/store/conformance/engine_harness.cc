#include "store/conformance/engine_harness.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace chorus::store::testing {
namespace {

constexpr const char* kHowToStart =
    "PGHOST is not set: the PostgreSQL engine's tests need a cluster. `make test` starts a "
    "throwaway one; by hand: `source scripts/lib/postgres.sh; start_throwaway_postgres` "
    "before running the tests";

// Runs SQL on database `dbname` of the cluster in the environment.
Status RunSql(const std::string& dbname, const std::string& sql) {
  std::string conninfo = "dbname=" + dbname;
  PGconn* conn = PQconnectdb(conninfo.c_str());
  Status s;
  if (PQstatus(conn) != CONNECTION_OK) {
    s = Status::Unavailable(PQerrorMessage(conn));
  } else {
    PQsetNoticeProcessor(
        conn, [](void*, const char*) {}, nullptr);
    PGresult* r = PQexec(conn, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
      s = Status::Internal(PQresultErrorMessage(r));
    }
    PQclear(r);
  }
  PQfinish(conn);
  return s;
}

std::string DatabaseOf(const std::string& location) {
  return location.substr(std::string("dbname=").size());
}

std::string ToHex(const std::string& bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    auto byte = static_cast<unsigned char>(c);
    out += kDigits[byte >> 4];
    out += kDigits[byte & 15];
  }
  return out;
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

std::string EngineName(Engine engine) { return engine == Engine::kSqlite ? "Sqlite" : "Postgres"; }

EngineHarness::EngineHarness(Engine engine) : engine_(engine) {
  if (engine_ == Engine::kSqlite) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "chorus-conformance.XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      ready_ = Status::Unavailable("cannot make a temporary folder");
    } else {
      sqlite_dir_ = pattern;
    }
    return;
  }
  const char* host = std::getenv("PGHOST");
  if (host == nullptr || *host == '\0') {
    ready_ = Status::FailedPrecondition(kHowToStart);
    return;
  }
  ready_ = RunSql("postgres", "SELECT 1");
  if (!ready_.ok()) {
    ready_ =
        ready_.WithContext(std::string("cannot reach the PostgreSQL cluster at PGHOST=") + host);
  }
}

EngineHarness::~EngineHarness() {
  if (!sqlite_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(sqlite_dir_, ec);
  }
  for (const auto& db : databases_) {
    (void)RunSql("postgres", "DROP DATABASE IF EXISTS \"" + db + "\" WITH (FORCE)");
  }
}

std::string EngineHarness::NewLocation() {
  ++next_;
  if (engine_ == Engine::kSqlite) {
    return sqlite_dir_ + "/store" + std::to_string(next_) + ".chorus";
  }
  std::random_device random;
  std::uniform_int_distribution<uint64_t> dist;
  char name[64];
  std::snprintf(name, sizeof name, "chorus_test_%016llx",
                static_cast<unsigned long long>(dist(random)));
  databases_.push_back(name);
  return std::string("dbname=") + name;
}

Result<std::unique_ptr<Store>> EngineHarness::Create(const std::string& location) {
  if (engine_ == Engine::kSqlite) {
    return sqlite::OpenSqliteStore(location, sqlite::OpenMode::kCreate);
  }
  return postgres::OpenPostgresStore(location, postgres::OpenMode::kCreate);
}

Result<std::unique_ptr<Store>> EngineHarness::Open(const std::string& location) {
  if (engine_ == Engine::kSqlite) {
    return sqlite::OpenSqliteStore(location, sqlite::OpenMode::kOpen);
  }
  return postgres::OpenPostgresStore(location, postgres::OpenMode::kOpen);
}

Result<std::string> EngineHarness::DumpBytes(const std::string& location) {
  if (engine_ == Engine::kSqlite) {
    CHORUS_ASSIGN_OR_RETURN(std::string bytes, ReadFile(location));
    for (const char* suffix : {"-wal", "-journal"}) {
      auto extra = ReadFile(location + suffix);
      if (extra.ok()) bytes += *extra;
    }
    return bytes;
  }
  std::string command = "pg_dump --no-owner -d '" + DatabaseOf(location) + "' 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return Status::Unavailable("cannot run pg_dump");
  std::string out;
  char buffer[65536];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  int rc = pclose(pipe);
  if (rc != 0) return Status::Internal("pg_dump failed: " + out.substr(0, 500));
  return out;
}

Status EngineHarness::SetSchemaVersion(const std::string& location, int version) {
  if (engine_ == Engine::kSqlite) {
    sqlite3* db = nullptr;
    sqlite3_open(location.c_str(), &db);
    std::string sql = "PRAGMA user_version=" + std::to_string(version);
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return rc == SQLITE_OK ? Status::Ok() : Status::Internal("cannot set user_version");
  }
  return RunSql(DatabaseOf(location),
                "UPDATE chorus_schema SET version = " + std::to_string(version));
}

Status EngineHarness::ExecuteSql(const std::string& location, const std::string& sql) {
  if (engine_ == Engine::kSqlite) {
    sqlite3* db = nullptr;
    sqlite3_open(location.c_str(), &db);
    char* error = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    return rc == SQLITE_OK ? Status::Ok() : Status::Internal("sql failed: " + message);
  }
  return RunSql(DatabaseOf(location), sql);
}

Status EngineHarness::MakeForeign(const std::string& location) {
  if (engine_ == Engine::kSqlite) {
    sqlite3* db = nullptr;
    sqlite3_open(location.c_str(), &db);
    int rc = sqlite3_exec(db, "CREATE TABLE invoices(id INTEGER PRIMARY KEY)", nullptr, nullptr,
                          nullptr);
    sqlite3_close(db);
    return rc == SQLITE_OK ? Status::Ok() : Status::Internal("cannot create a table");
  }
  std::string db = DatabaseOf(location);
  CHORUS_RETURN_IF_ERROR(RunSql("postgres", "CREATE DATABASE \"" + db + "\""));
  return RunSql(db, "CREATE TABLE invoices(id integer PRIMARY KEY)");
}

bool DumpContains(const std::string& dump, const std::string& word) {
  return dump.find(word) != std::string::npos || dump.find(ToHex(word)) != std::string::npos;
}

}  // namespace chorus::store::testing
