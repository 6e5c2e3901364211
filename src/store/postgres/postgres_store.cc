#include "store/postgres/postgres_store.h"

#include <endian.h>
#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "store/tokens.h"

namespace chorus::store::postgres {
namespace {

// The schema, one entry per version: kMigrations[v-1] takes a store from
// version v-1 to v. Never edit a shipped entry; append a new one.
//
// Search: a GIN index over each record's token array rather than a separate
// postings table. GIN keeps one compressed posting list per token, so the
// index is a fraction of the size of (token, key) rows and an import writes
// one row per record instead of one per token; `tokens && $1` (any) and
// `tokens @> $1` (all) are answered from it. Ranking needs each token's
// document frequency and the record count: token_df and record_count keep
// them exactly, updated once per commit from deltas the transaction gathers
// (writers are serialised, so these rows see no contention).
//
// Keys and kinds use the "C" collation so `ORDER BY key` is byte order, the
// same as the embedded engine, whatever the database's locale.
const char* const kMigrations[] = {
    // v1
    "CREATE TABLE chorus_schema(version integer NOT NULL);"
    "INSERT INTO chorus_schema VALUES (0);"
    "CREATE TABLE meta(name text COLLATE \"C\" PRIMARY KEY, value bytea NOT NULL);"
    "CREATE TABLE records("
    "  key text COLLATE \"C\" PRIMARY KEY,"
    "  kind text COLLATE \"C\" NOT NULL,"
    "  version bigint NOT NULL,"
    "  body bytea NOT NULL,"
    "  tokens text[] NOT NULL);"
    "CREATE INDEX records_by_kind ON records(kind, key);"
    "CREATE INDEX records_by_token ON records USING gin(tokens);"
    "CREATE TABLE token_df(token text COLLATE \"C\" PRIMARY KEY, df bigint NOT NULL);"
    "CREATE TABLE record_count(n bigint NOT NULL);"
    "INSERT INTO record_count VALUES (0);",
    // v2: the change count (Store::ChangeCount), raised by every write commit.
    "CREATE TABLE store_changes(n bigint NOT NULL);"
    "INSERT INTO store_changes VALUES (0);",
    // v3: the order records were created in (SQLite's rowid), so search can
    // read only a common word's newest holders. Replacing a record keeps it.
    "ALTER TABLE records ADD COLUMN seq bigserial;"
    "CREATE UNIQUE INDEX records_by_seq ON records(seq);",
};
constexpr int kMigrationCount = static_cast<int>(sizeof(kMigrations) / sizeof(kMigrations[0]));
static_assert(kMigrationCount == kSchemaVersion);

// The advisory lock every writer takes (pg_advisory_xact_lock is per
// database, so stores in other databases of the cluster do not contend).
// The value is arbitrary but must never change between releases.
constexpr int64_t kWriteLockKey = 0x63686f7275730001;  // "chorus" + 1

// Writers wait this long for another writer before giving up (the embedded
// engine's busy timeout).
constexpr const char* kLockTimeout = "10s";

// Connections open at once per Store. A server with more concurrent requests
// than this queues them here rather than overloading the database server;
// the default max_connections of PostgreSQL is 100.
constexpr size_t kMaxConnections = 32;
constexpr std::chrono::seconds kPoolWait{10};

// A transaction flushes its document-frequency deltas once this many tokens
// are pending, to bound memory during a large import.
constexpr size_t kMaxPendingTokens = 100'000;

// A bulk load of at least this many records refreshes the planner's
// statistics (AfterBulkLoad).
constexpr size_t kAnalyzeAfterRecords = 1000;

// Rows per INSERT statement of InsertMany: 5 parameters a row stays far
// below the protocol's 65,535, and one round trip carries ~0.5 MB.
constexpr size_t kInsertManyRows = 1000;

// ---- conninfo and errors ----

struct ConninfoOptions {
  std::vector<std::pair<std::string, std::string>> options;  // set ones only
  std::string Get(std::string_view key) const {
    for (const auto& [k, v] : options)
      if (k == key) return v;
    return "";
  }
};

Result<ConninfoOptions> ParseConninfo(const std::string& conninfo) {
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(conninfo.c_str(), &error);
  if (!parsed) {
    std::string message = error ? error : "out of memory";
    PQfreemem(error);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    // libpq's parse errors name the bad option, never its value.
    return Status::InvalidArgument("bad postgresql connection string: " + message);
  }
  ConninfoOptions out;
  for (PQconninfoOption* o = parsed; o->keyword; ++o) {
    if (o->val && *o->val) out.options.emplace_back(o->keyword, o->val);
  }
  PQconninfoFree(parsed);
  return out;
}

// Removes `secret` wherever it appears in `text`.
std::string Scrub(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  size_t at;
  while ((at = text.find(secret)) != std::string::npos) text.replace(at, secret.size(), "***");
  return text;
}

std::string Trimmed(const char* text) {
  std::string s = text ? text : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Maps a failed result (or a broken connection) to a Status. Only the
// server's primary message is used: DETAIL lines may quote row values.
Status PgError(PGconn* conn, const PGresult* result, std::string_view what) {
  std::string state;
  std::string message;
  if (result) {
    const char* s = PQresultErrorField(result, PG_DIAG_SQLSTATE);
    if (s) state = s;
    message = Trimmed(PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY));
  }
  if (message.empty()) message = Trimmed(PQerrorMessage(conn));
  std::string text = std::string(what) + ": " + message;
  if (PQstatus(conn) != CONNECTION_OK || state.rfind("08", 0) == 0 || state.rfind("57P", 0) == 0) {
    return Status::Unavailable("database connection lost: " + text);
  }
  if (state == "40001" || state == "40P01") return Status::Aborted("conflicting write: " + text);
  if (state == "55P03" || state == "57014") return Status::Unavailable("store is busy: " + text);
  if (state.rfind("53", 0) == 0) return Status::Unavailable(text);
  if (state == "23505") return Status::AlreadyExists(text);
  if (state.rfind("XX001", 0) == 0 || state == "XX002") {
    return Status::DataLoss("database is damaged: " + text);
  }
  return Status::Internal(text);
}

// ---- parameters and results ----

// Query parameters, all sent in binary: text and bytea as their bytes,
// bigint as 8 big-endian bytes.
class Params {
 public:
  Params& Text(std::string_view value) {
    values_.emplace_back(value);
    return *this;
  }
  Params& Int64(int64_t value) {
    uint64_t big = htobe64(static_cast<uint64_t>(value));
    std::string bytes(sizeof big, '\0');
    std::memcpy(bytes.data(), &big, sizeof big);
    values_.push_back(std::move(bytes));
    return *this;
  }
  int size() const { return static_cast<int>(values_.size()); }
  std::vector<const char*> pointers() const {
    std::vector<const char*> out;
    for (const auto& v : values_) out.push_back(v.data());
    return out;
  }
  std::vector<int> lengths() const {
    std::vector<int> out;
    for (const auto& v : values_) out.push_back(static_cast<int>(v.size()));
    return out;
  }

 private:
  std::vector<std::string> values_;
};

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// Binary-format column readers.
std::string Bytes(const PGresult* r, int row, int col) {
  return std::string(PQgetvalue(r, row, col), static_cast<size_t>(PQgetlength(r, row, col)));
}
int64_t Int64At(const PGresult* r, int row, int col) {
  uint64_t big = 0;
  std::memcpy(&big, PQgetvalue(r, row, col), sizeof big);
  return static_cast<int64_t>(be64toh(big));
}
double Float64At(const PGresult* r, int row, int col) {
  uint64_t bits = be64toh([&] {
    uint64_t big = 0;
    std::memcpy(&big, PQgetvalue(r, row, col), sizeof big);
    return big;
  }());
  double out;
  std::memcpy(&out, &bits, sizeof out);
  return out;
}

// ---- statements ----

struct Sql {
  const char* name;
  const char* text;
};

constexpr Sql kGet{"chorus_get",
                   "SELECT kind, version, body, array_to_string(tokens, ' ') FROM records "
                   "WHERE key = $1::text"};
// The columns RecordsOf reads, in its order.
#define CHORUS_RECORD_COLUMNS "key, kind, version, body, array_to_string(tokens, ' ')"
constexpr Sql kList{"chorus_list",
                    "SELECT " CHORUS_RECORD_COLUMNS
                    " FROM records "
                    "WHERE kind = $1::text AND key > $2::text ORDER BY key LIMIT $3::bigint"};
// An exact token lookup answered from the GIN index, without ranking.
constexpr Sql kRecordsWithToken{"chorus_records_with_token",
                                "SELECT " CHORUS_RECORD_COLUMNS
                                " FROM records WHERE tokens @> ARRAY[$1::text] "
                                "ORDER BY key LIMIT $2::bigint"};
// Keys joined by newlines (GetMany: row keys hold no newline).
constexpr Sql kGetMany{"chorus_get_many",
                       "SELECT " CHORUS_RECORD_COLUMNS
                       " FROM records WHERE key = ANY(string_to_array($1::text, E'\\n'))"};
// Every record in creation order (seq), with its place.
constexpr Sql kListInCreationOrder{"chorus_list_in_creation_order",
                                   "SELECT " CHORUS_RECORD_COLUMNS
                                   ", seq FROM records "
                                   "WHERE seq > $1::bigint ORDER BY seq LIMIT $2::bigint"};
constexpr Sql kCount{"chorus_count", "SELECT count(*) FROM records WHERE kind = $1::text"};
constexpr Sql kGetMeta{"chorus_get_meta", "SELECT value FROM meta WHERE name = $1::text"};
constexpr Sql kListKinds{"chorus_list_kinds",
                         "SELECT kind FROM (SELECT DISTINCT kind FROM records) k "
                         "ORDER BY kind COLLATE \"C\""};
constexpr Sql kListMetaNames{"chorus_list_meta_names",
                             "SELECT name FROM meta ORDER BY name COLLATE \"C\""};
constexpr Sql kSetMeta{"chorus_set_meta",
                       "INSERT INTO meta(name, value) VALUES ($1::text, $2::bytea) "
                       "ON CONFLICT (name) DO UPDATE SET value = excluded.value"};
// Returns the replaced row's tokens (no row when the key was new): the CTE
// reads the snapshot from before the upsert.
constexpr Sql kPut{
    "chorus_put",
    "WITH old AS (SELECT tokens FROM records WHERE key = $1::text), "
    "up AS (INSERT INTO records(key, kind, version, body, tokens) "
    "  VALUES ($1::text, $2::text, $3::bigint, $4::bytea, "
    "          string_to_array($5::text, ' ')) "
    "  ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, "
    "    version = excluded.version, body = excluded.body, tokens = excluded.tokens) "
    "SELECT array_to_string(tokens, ' ') FROM old"};
constexpr Sql kInsert{"chorus_insert",
                      "INSERT INTO records(key, kind, version, body, tokens) "
                      "VALUES ($1::text, $2::text, $3::bigint, $4::bytea, "
                      "        string_to_array($5::text, ' ')) "
                      "ON CONFLICT (key) DO NOTHING"};
// Replace: the row under $1 takes key $2 and the rest, keeping its seq,
// unless another row has $2. No row back: no record under $1; otherwise
// the replaced tokens, and whether $2 was taken (then nothing changed).
constexpr Sql kReplace{
    "chorus_replace",
    "WITH old AS (SELECT seq, array_to_string(tokens, ' ') AS tokens FROM records "
    "             WHERE key = $1::text FOR UPDATE), "
    "taken AS (SELECT 1 FROM records WHERE key = $2::text AND $2::text <> $1::text), "
    "up AS (UPDATE records r SET key = $2::text, kind = $3::text, version = $4::bigint, "
    "         body = $5::bytea, tokens = string_to_array($6::text, ' ') "
    "       FROM old WHERE r.seq = old.seq AND NOT EXISTS (SELECT 1 FROM taken)) "
    "SELECT old.tokens, EXISTS (SELECT 1 FROM taken) FROM old"};
constexpr Sql kDelete{"chorus_delete",
                      "DELETE FROM records WHERE key = $1::text "
                      "RETURNING array_to_string(tokens, ' ')"};
constexpr Sql kAddDf{"chorus_add_df",
                     "INSERT INTO token_df(token, df) "
                     "SELECT * FROM unnest(string_to_array($1::text, ' '), "
                     "                     string_to_array($2::text, ' ')::bigint[]) "
                     "ON CONFLICT (token) DO UPDATE SET df = token_df.df + excluded.df"};
constexpr Sql kDropDf{"chorus_drop_df",
                      "DELETE FROM token_df WHERE token = ANY(string_to_array($1::text, ' ')) "
                      "AND df <= 0"};
constexpr Sql kAddCount{"chorus_add_count", "UPDATE record_count SET n = n + $1::bigint"};
constexpr Sql kChangeCount{"chorus_change_count", "SELECT n FROM store_changes"};

// Search: BM25's idf summed over the query tokens a record holds, so rarer
// tokens weigh more and more matches score higher; ties go to the newest.
// Only the candidates are scored: the newest `limit` ($2) records holding
// every token and, unless every token is required, the newest `window`
// ($3) holders of each token ($4, $5, ...). Each token is a parameter of
// its own, and the statement is planned with its values (unnamed, not
// prepared), so the planner's statistics of the token column choose per
// token between walking `records_by_seq` from the newest (a common word)
// and the token index (a rare one).
std::string SearchSql(size_t distinct_tokens, bool require_all) {
  std::string sql =
      "WITH q AS (SELECT DISTINCT t AS tok FROM unnest(string_to_array($1::text, ' ')) AS t), "
      "n AS (SELECT greatest(n, 1)::float8 AS total FROM record_count), "
      "w AS MATERIALIZED (SELECT q.tok, "
      "  ln(1 + (n.total - coalesce(d.df, 0) + 0.5) / (coalesce(d.df, 0) + 0.5)) AS idf "
      "  FROM q CROSS JOIN n LEFT JOIN token_df d ON d.token = q.tok), "
      "c AS MATERIALIZED ("
      "  (SELECT seq FROM records WHERE tokens @> string_to_array($1::text, ' ') "
      "   ORDER BY seq DESC LIMIT $2::bigint)";
  if (!require_all) {
    for (size_t token_idx = 0; token_idx < distinct_tokens; ++token_idx) {
      std::string param = "$" + std::to_string(4 + token_idx);
      sql += " UNION (SELECT seq FROM records WHERE tokens @> ARRAY[" + param +
             "::text] ORDER BY seq DESC LIMIT $3::bigint)";
    }
  }
  sql +=
      ") "
      "SELECT r.key, (SELECT sum(w.idf) FROM w WHERE w.tok = ANY(r.tokens))::float8 AS score, "
      "r.kind FROM c JOIN records r ON r.seq = c.seq "
      "ORDER BY score DESC, r.seq DESC LIMIT $2::bigint";
  return sql;
}

#undef CHORUS_RECORD_COLUMNS

// ---- connections ----

class Connection {
 public:
  Connection(PGconn* conn, std::string password) : conn_(conn), password_(std::move(password)) {}
  ~Connection() { PQfinish(conn_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  PGconn* raw() const { return conn_; }

  bool Reusable() const {
    return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE &&
           PQpipelineStatus(conn_) == PQ_PIPELINE_OFF && deferred_begin_ == nullptr;
  }

  // Runs one or more statements without parameters.
  Status Exec(const std::string& sql) {
    ResultPtr result(PQexec(conn_, sql.c_str()));
    ExecStatusType s = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) return Error(result.get(), "exec");
    return Status::Ok();
  }

  // Holds `begin` back until the first statement, which then carries it
  // (Run): a read transaction costs one round trip less, and none at all
  // when it runs no statement. The snapshot is the same: PostgreSQL takes
  // it at the first statement, not at BEGIN.
  void DeferBegin(const char* begin) { deferred_begin_ = begin; }
  // True when BEGIN never went out: there is no transaction to end.
  bool DropDeferredBegin() { return std::exchange(deferred_begin_, nullptr) != nullptr; }

  // Runs a prepared statement (prepared on first use on this connection);
  // results come back in binary.
  Result<ResultPtr> Run(const Sql& sql, const Params& params, std::string_view what) {
    if (deferred_begin_) return RunAfterBegin(&sql, sql.text, params, what);
    if (!prepared_.count(sql.name)) {
      ResultPtr prep(PQprepare(conn_, sql.name, sql.text, 0, nullptr));
      if (!prep || PQresultStatus(prep.get()) != PGRES_COMMAND_OK) {
        return Error(prep.get(), std::string("prepare ") + std::string(what));
      }
      prepared_.insert(sql.name);
    }
    auto values = params.pointers();
    auto lengths = params.lengths();
    std::vector<int> formats(values.size(), 1);
    ResultPtr result(PQexecPrepared(conn_, sql.name, params.size(), values.data(), lengths.data(),
                                    formats.data(), 1));
    ExecStatusType s = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) return Error(result.get(), what);
    return result;
  }

  // Runs a statement built at run time (not prepared); parameters and
  // results in binary, as Run.
  Result<ResultPtr> RunOnce(const std::string& sql, const Params& params, std::string_view what) {
    if (deferred_begin_) return RunAfterBegin(nullptr, sql.c_str(), params, what);
    auto values = params.pointers();
    auto lengths = params.lengths();
    std::vector<int> formats(values.size(), 1);
    ResultPtr result(PQexecParams(conn_, sql.c_str(), params.size(), nullptr, values.data(),
                                  lengths.data(), formats.data(), 1));
    ExecStatusType s = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) return Error(result.get(), what);
    return result;
  }

  Status Error(const PGresult* result, std::string_view what) const {
    Status s = PgError(conn_, result, what);
    return Status(s.code(), Scrub(s.message(), password_));
  }

 private:
  // The deferred BEGIN, the statement's PREPARE when needed and the
  // statement, sent together in pipeline mode; the first failure is reported.
  // `prepared` null: `text` runs as an unnamed statement (RunOnce).
  Result<ResultPtr> RunAfterBegin(const Sql* prepared, const char* text, const Params& params,
                                  std::string_view what) {
    const char* begin = std::exchange(deferred_begin_, nullptr);
    const bool prepare = prepared != nullptr && !prepared_.count(prepared->name);
    auto values = params.pointers();
    auto lengths = params.lengths();
    std::vector<int> formats(values.size(), 1);
    if (PQenterPipelineMode(conn_) != 1) return Error(nullptr, "pipeline mode");
    int sent = 0;
    bool ok = PQsendQueryParams(conn_, begin, 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
    sent += ok;
    if (ok && prepare) {
      ok = PQsendPrepare(conn_, prepared->name, text, 0, nullptr) == 1;
      sent += ok;
    }
    if (ok) {
      ok = (prepared != nullptr
                ? PQsendQueryPrepared(conn_, prepared->name, params.size(), values.data(),
                                      lengths.data(), formats.data(), 1)
                : PQsendQueryParams(conn_, text, params.size(), nullptr, values.data(),
                                    lengths.data(), formats.data(), 1)) == 1;
      sent += ok;
    }
    Status failure = ok ? Status::Ok() : Error(nullptr, what);
    if (PQpipelineSync(conn_) != 1 && failure.ok()) failure = Error(nullptr, what);
    ResultPtr last;
    for (int i = 0; i < sent; ++i) {
      ResultPtr result(PQgetResult(conn_));
      ExecStatusType s = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
      if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && failure.ok()) {
        failure = Error(result.get(), i == 0 ? std::string_view("begin") : what);
      }
      if (result) {
        while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);  // up to the NULL
      }
      last = std::move(result);
    }
    ResultPtr sync(PQgetResult(conn_));  // PGRES_PIPELINE_SYNC
    (void)PQexitPipelineMode(conn_);
    if (!failure.ok()) return failure;
    if (prepare) prepared_.insert(prepared->name);
    return last;
  }

  PGconn* conn_;
  std::string password_;  // only to scrub it from messages
  std::unordered_set<std::string> prepared_;
  const char* deferred_begin_ = nullptr;
};

// Connects, or Unavailable/NotFound with a message free of the password.
Result<std::unique_ptr<Connection>> Connect(const std::string& conninfo,
                                            const std::string& password) {
  PGconn* raw = PQconnectdb(conninfo.c_str());
  auto conn = std::make_unique<Connection>(raw, password);
  if (!raw) return Status::ResourceExhausted("out of memory connecting to postgresql");
  if (PQstatus(raw) != CONNECTION_OK) {
    std::string message = Scrub(Trimmed(PQerrorMessage(raw)), password);
    if (message.find("database \"") != std::string::npos &&
        message.find("does not exist") != std::string::npos) {
      return Status::NotFound(message);
    }
    return Status::Unavailable("cannot connect to postgresql: " + message);
  }
  // Quiet NOTICEs (e.g. "relation already exists") instead of printing them.
  PQsetNoticeProcessor(
      raw, [](void*, const char*) {}, nullptr);
  return conn;
}

class PostgresStore;

class PostgresTransaction final : public WriteTransaction {
 public:
  PostgresTransaction(PostgresStore& store, std::unique_ptr<Connection> conn, bool writable)
      : store_(store), conn_(std::move(conn)), writable_(writable) {}
  ~PostgresTransaction() override;

  Result<std::optional<StoredRecord>> Get(std::string_view key) override {
    CHORUS_RETURN_IF_ERROR(RequireOpen());
    CHORUS_ASSIGN_OR_RETURN(ResultPtr r, conn_->Run(kGet, Params().Text(key), "get record"));
    if (PQntuples(r.get()) == 0) return std::optional<StoredRecord>();
    StoredRecord record;
    record.key = std::string(key);
    record.kind = Bytes(r.get(), 0, 0);
    record.version = Int64At(r.get(), 0, 1);
    record.body = Bytes(r.get(), 0, 2);
    record.tokens = SplitTokens(Bytes(r.get(), 0, 3));
    return std::optional<StoredRecord>(std::move(record));
  }

  // One round trip for the whole list (a page of search hits opened one
  // by one cost a round trip each).
  Result<std::vector<std::optional<StoredRecord>>> GetMany(
      std::span<const std::string> keys) override {
    CHORUS_RETURN_IF_ERROR(RequireOpen());
    std::string joined;
    for (const auto& key : keys) {
      if (key.empty() || key.find('\n') != std::string::npos) {
        return WriteTransaction::GetMany(keys);  // not a row key this query can carry
      }
      if (!joined.empty()) joined += '\n';
      joined += key;
    }
    std::vector<std::optional<StoredRecord>> found(keys.size());
    if (keys.empty()) return found;
    CHORUS_ASSIGN_OR_RETURN(ResultPtr r,
                            conn_->Run(kGetMany, Params().Text(joined), "get records"));
    std::unordered_map<std::string, StoredRecord> by_key;
    for (auto& record : RecordsOf(r.get())) {
      std::string key = record.key;
      by_key.emplace(std::move(key), std::move(record));
    }
    for (size_t key_idx = 0; key_idx < keys.size(); ++key_idx) {
      auto it = by_key.find(keys[key_idx]);
      if (it != by_key.end()) found[key_idx] = it->second;
    }
    return found;
  }

  Result<std::vector<StoredRecord>> ListKind(std::string_view kind, std::string_view after_key,
                                             size_t limit) override {
    CHORUS_RETURN_IF_ERROR(RequireOpen());
    CHORUS_ASSIGN_OR_RETURN(
        ResultPtr r, conn_->Run(kList, Params().Text(kind).Text(after_key).Int64(ClampLimit(limit)),
                                "list records"));
    return RecordsOf(r.get());
  }

  Result<std::vector<PlacedRecord>> ListInCreationOrder(int64_t after_place,
                                                        size_t limit) override {
    CHORUS_RETURN_IF_ERROR(RequireOpen());
    CHORUS_ASSIGN_OR_RETURN(
        ResultPtr r,
        conn_->Run(kListInCreationOrder, Params().Int64(after_place).Int64(ClampLimit(limit)),
                   "list records in creation order"));
    std::vector<StoredRecord> records = RecordsOf(r.get());
    std::vector<PlacedRecord> out;
    out.reserve(records.size());
    for (size_t row = 0; row < records.size(); ++row) {
      out.push_back({Int64At(r.get(), static_cast<int>(row), 5), std::move(records[row])});
    }
    return out;
  }

  Result<int64_t> CountKind(std::string_view kind) override {
    CHORUS_RETURN_IF_ERROR(RequireOpen());
    CHORUS_ASSIGN_OR_RETURN(ResultPtr r, conn_->Run(kCount, Params().Text(kind), "count records"));
    return Int64At(r.get(), 0, 0);
  }

  Result<std::vector<std::string>> ListKinds() override {
    return Strings(kListKinds, "list kinds");
  }

  Result<std::vector<std::string>> ListMetaNames() override {
    return Strings(kListMetaNames, "list meta");
  }

  // The first column of every row of a parameterless statement, as text.
  Result<std::vector<std::string>> Strings(const Sql& sql, const char* what) {
    CHORUS_RETURN_IF_ERROR(RequireOpen());
    CHORUS_ASSIGN_OR_RETURN(ResultPtr r, conn_->Run(sql, Params(), what));
    std::vector<std::string> out;
    for (int row = 0; row < PQntuples(r.get()); ++row) out.push_back(Bytes(r.get(), row, 0));
    return out;
  }

  Result<std::vector<SearchHit>> Search(const std::vector<std::string>& tokens, bool require_all,
                                        size_t limit) override {
    CHORUS_RETURN_IF_ERROR(RequireOpen());
    std::vector<SearchHit> hits;
    if (tokens.empty()) return hits;
    for (const auto& token : tokens) {
      if (!IsPlainToken(token)) return Status::InvalidArgument("search token is not a blind token");
    }
    // The ranking reads token_df: bring it up to date with this
    // transaction's own writes first.
    CHORUS_RETURN_IF_ERROR(FlushStats());
    std::vector<std::string> distinct = tokens;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    if (limit == 0) return hits;
    Params params;
    params.Text(JoinTokens(distinct)).Int64(ClampLimit(limit));
    if (!require_all) {
      params.Int64(ClampLimit(std::max(limit, kSearchHoldersPerToken)));
      for (const auto& token : distinct) params.Text(token);
    }
    CHORUS_ASSIGN_OR_RETURN(
        ResultPtr r, conn_->RunOnce(SearchSql(distinct.size(), require_all), params, "search"));
    int rows = PQntuples(r.get());
    hits.reserve(static_cast<size_t>(rows));
    for (int row = 0; row < rows; ++row) {
      hits.push_back({Bytes(r.get(), row, 0), Float64At(r.get(), row, 1), Bytes(r.get(), row, 2)});
    }
    return hits;
  }

  Result<std::vector<StoredRecord>> RecordsWithToken(std::string_view token,
                                                     size_t limit) override {
    CHORUS_RETURN_IF_ERROR(RequireOpen());
    if (!IsPlainToken(token)) return Status::InvalidArgument("search token is not a blind token");
    CHORUS_ASSIGN_OR_RETURN(
        ResultPtr r, conn_->Run(kRecordsWithToken, Params().Text(token).Int64(ClampLimit(limit)),
                                "token lookup"));
    return RecordsOf(r.get());
  }

  Result<std::optional<std::string>> GetMeta(std::string_view name) override {
    CHORUS_RETURN_IF_ERROR(RequireOpen());
    CHORUS_ASSIGN_OR_RETURN(ResultPtr r, conn_->Run(kGetMeta, Params().Text(name), "get meta"));
    if (PQntuples(r.get()) == 0) return std::optional<std::string>();
    return std::optional<std::string>(Bytes(r.get(), 0, 0));
  }

  Status Put(const StoredRecord& record) override {
    CHORUS_RETURN_IF_ERROR(RequireWritable());
    CHORUS_RETURN_IF_ERROR(CheckTokens(record.tokens));
    CHORUS_ASSIGN_OR_RETURN(ResultPtr r, conn_->Run(kPut, RecordParams(record), "put record"));
    if (PQntuples(r.get()) == 0) {
      record_delta_ += 1;
    } else {
      for (const auto& token : SplitTokens(Bytes(r.get(), 0, 0))) df_delta_[token] -= 1;
    }
    for (const auto& token : record.tokens) df_delta_[token] += 1;
    return MaybeFlush();
  }

  Status Insert(const StoredRecord& record) override {
    CHORUS_RETURN_IF_ERROR(RequireWritable());
    CHORUS_RETURN_IF_ERROR(CheckTokens(record.tokens));
    CHORUS_ASSIGN_OR_RETURN(ResultPtr r,
                            conn_->Run(kInsert, RecordParams(record), "insert record"));
    if (std::strcmp(PQcmdTuples(r.get()), "0") == 0) {
      return Status::AlreadyExists("record key is taken");
    }
    record_delta_ += 1;
    for (const auto& token : record.tokens) df_delta_[token] += 1;
    return MaybeFlush();
  }

  // Multi-row INSERTs of kInsertManyRows inside a savepoint: one round trip
  // per statement instead of one per record.
  Status InsertMany(std::span<const StoredRecord> records, size_t* failed_index) override {
    CHORUS_RETURN_IF_ERROR(RequireWritable());
    for (size_t record_idx = 0; record_idx < records.size(); ++record_idx) {
      Status checked = CheckTokens(records[record_idx].tokens);
      if (checked.ok()) continue;
      if (failed_index != nullptr) *failed_index = record_idx;
      return checked;
    }
    if (records.empty()) return Status::Ok();
    CHORUS_RETURN_IF_ERROR(conn_->Exec("SAVEPOINT chorus_insert_many"));
    size_t failed = 0;
    Status s = InsertRows(records, failed);
    if (!s.ok()) {
      if (failed_index != nullptr) *failed_index = failed;
      // Also clears the error state a failed statement leaves.
      CHORUS_RETURN_IF_ERROR(
          conn_->Exec("ROLLBACK TO SAVEPOINT chorus_insert_many; RELEASE chorus_insert_many"));
      return s;
    }
    CHORUS_RETURN_IF_ERROR(conn_->Exec("RELEASE chorus_insert_many"));
    record_delta_ += static_cast<int64_t>(records.size());
    for (const auto& record : records) {
      for (const auto& token : record.tokens) df_delta_[token] += 1;
    }
    return MaybeFlush();
  }

  Status Delete(std::string_view key) override {
    CHORUS_RETURN_IF_ERROR(RequireWritable());
    CHORUS_ASSIGN_OR_RETURN(ResultPtr r, conn_->Run(kDelete, Params().Text(key), "delete record"));
    if (PQntuples(r.get()) == 0) return Status::NotFound("no record with that key");
    record_delta_ -= 1;
    for (const auto& token : SplitTokens(Bytes(r.get(), 0, 0))) df_delta_[token] -= 1;
    return MaybeFlush();
  }

  Status Replace(std::string_view old_key, const StoredRecord& record) override {
    CHORUS_RETURN_IF_ERROR(RequireWritable());
    CHORUS_RETURN_IF_ERROR(CheckTokens(record.tokens));
    Params params;
    params.Text(old_key)
        .Text(record.key)
        .Text(record.kind)
        .Int64(record.version)
        .Text(record.body)
        .Text(JoinTokens(record.tokens));
    CHORUS_ASSIGN_OR_RETURN(ResultPtr r, conn_->Run(kReplace, params, "replace record"));
    if (PQntuples(r.get()) == 0) return Status::NotFound("no record with that key");
    // Results come in binary: a boolean is one byte, 0 or 1.
    if (PQgetvalue(r.get(), 0, 1)[0] != 0) {
      return Status::AlreadyExists("record key is taken");
    }
    for (const auto& token : SplitTokens(Bytes(r.get(), 0, 0))) df_delta_[token] -= 1;
    for (const auto& token : record.tokens) df_delta_[token] += 1;
    return MaybeFlush();
  }

  Status SetMeta(std::string_view name, std::string_view value) override {
    CHORUS_RETURN_IF_ERROR(RequireWritable());
    CHORUS_ASSIGN_OR_RETURN(ResultPtr r,
                            conn_->Run(kSetMeta, Params().Text(name).Text(value), "set meta"));
    return Status::Ok();
  }

  // The planner's statistics of a freshly loaded table say it is empty
  // until autovacuum gets to it, and then each exact token lookup scanned
  // every row: GET one event ran at 19 requests/s after importing 100,000
  // records. ANALYZE reads a fixed sample, so it is cheap at any size; it
  // runs in this transaction and sees the rows it loaded.
  Status AfterBulkLoad(size_t records_written) override {
    CHORUS_RETURN_IF_ERROR(RequireWritable());
    if (records_written < kAnalyzeAfterRecords) return Status::Ok();
    CHORUS_RETURN_IF_ERROR(FlushStats());
    return conn_->Exec("ANALYZE records, token_df");
  }

  Status Commit() override {
    if (finished_) return Status::FailedPrecondition("transaction already finished");
    Status flushed = writable_ ? FlushStats() : Status::Ok();
    finished_ = true;
    if (!flushed.ok()) {
      (void)conn_->Exec("ROLLBACK");
      return flushed;
    }
    // COMMIT of a failed transaction reports success but rolls back: check
    // the status first.
    if (PQtransactionStatus(conn_->raw()) == PQTRANS_INERROR) {
      (void)conn_->Exec("ROLLBACK");
      return Status::Aborted("transaction failed earlier and was rolled back");
    }
    // Writers are serialised, so the change count's row sees no contention;
    // raising it travels with COMMIT, in the same round trip. A read-only
    // transaction changed nothing and leaves it alone.
    return conn_->Exec(writable_ ? "UPDATE store_changes SET n = n + 1; COMMIT" : "COMMIT");
  }

 private:
  // Rows of CHORUS_RECORD_COLUMNS: key, kind, version, body, and the tokens
  // joined by spaces.
  static std::vector<StoredRecord> RecordsOf(const PGresult* result) {
    std::vector<StoredRecord> records;
    int rows = PQntuples(result);
    records.reserve(static_cast<size_t>(rows));
    for (int row = 0; row < rows; ++row) {
      StoredRecord record;
      record.key = Bytes(result, row, 0);
      record.kind = Bytes(result, row, 1);
      record.version = Int64At(result, row, 2);
      record.body = Bytes(result, row, 3);
      record.tokens = SplitTokens(Bytes(result, row, 4));
      records.push_back(std::move(record));
    }
    return records;
  }

  static int64_t ClampLimit(size_t limit) {
    constexpr size_t kMax = static_cast<size_t>(INT64_MAX);
    return static_cast<int64_t>(limit > kMax ? kMax : limit);
  }

  Status RequireOpen() const {
    if (finished_) return Status::FailedPrecondition("transaction already finished");
    return Status::Ok();
  }
  Status RequireWritable() const {
    if (!writable_) return Status::Internal("write in a read transaction");
    return RequireOpen();
  }
  static Status CheckTokens(const std::vector<std::string>& tokens) {
    for (const auto& token : tokens) {
      if (!IsPlainToken(token)) return Status::InvalidArgument("record token is not a blind token");
    }
    return Status::Ok();
  }

  static Params RecordParams(const StoredRecord& record) {
    Params p;
    p.Text(record.key)
        .Text(record.kind)
        .Int64(record.version)
        .Text(record.body)
        .Text(JoinTokens(record.tokens));
    return p;
  }

  // The statements of InsertMany; `failed` receives the position of the
  // first record not written (its key taken before, or earlier in the
  // batch), or of the first of a statement that failed. REQUIRES: inside
  // InsertMany's savepoint, which undoes the rows on error.
  Status InsertRows(std::span<const StoredRecord> records, size_t& failed) {
    std::unordered_set<std::string_view> batch_keys;
    for (size_t first = 0; first < records.size(); first += kInsertManyRows) {
      const size_t rows = std::min(kInsertManyRows, records.size() - first);
      failed = first;
      std::string sql = "INSERT INTO records(key, kind, version, body, tokens) VALUES ";
      Params params;
      for (size_t row = 0; row < rows; ++row) {
        const StoredRecord& record = records[first + row];
        if (row > 0) sql += ',';
        sql += "($" + std::to_string(row * 5 + 1) + "::text,$" + std::to_string(row * 5 + 2) +
               "::text,$" + std::to_string(row * 5 + 3) + "::bigint,$" +
               std::to_string(row * 5 + 4) + "::bytea,string_to_array($" +
               std::to_string(row * 5 + 5) + "::text,' '))";
        params.Text(record.key)
            .Text(record.kind)
            .Int64(record.version)
            .Text(record.body)
            .Text(JoinTokens(record.tokens));
      }
      sql += " ON CONFLICT (key) DO NOTHING RETURNING key";
      CHORUS_ASSIGN_OR_RETURN(ResultPtr r, conn_->RunOnce(sql, params, "insert records"));
      if (static_cast<size_t>(PQntuples(r.get())) == rows) {
        for (size_t row = 0; row < rows; ++row) batch_keys.insert(records[first + row].key);
        continue;
      }
      // A key taken before the batch is missing from RETURNING; one taken
      // earlier in the batch may be returned for its first holder.
      std::unordered_set<std::string> returned;
      for (int row = 0; row < PQntuples(r.get()); ++row) returned.insert(Bytes(r.get(), row, 0));
      for (size_t row = 0; row < rows; ++row) {
        const std::string& key = records[first + row].key;
        if (!returned.count(key) || !batch_keys.insert(key).second) {
          failed = first + row;
          return Status::AlreadyExists("record key is taken");
        }
      }
    }
    return Status::Ok();
  }

  Status MaybeFlush() {
    if (df_delta_.size() < kMaxPendingTokens) return Status::Ok();
    return FlushStats();
  }

  // Applies the gathered document-frequency and record-count deltas.
  Status FlushStats() {
    if (!writable_) return Status::Ok();
    std::string tokens, deltas, dropped;
    for (const auto& [token, delta] : df_delta_) {
      if (delta == 0) continue;
      if (!tokens.empty()) {
        tokens += ' ';
        deltas += ' ';
      }
      tokens += token;
      deltas += std::to_string(delta);
      if (delta < 0) {
        if (!dropped.empty()) dropped += ' ';
        dropped += token;
      }
    }
    df_delta_.clear();
    if (!tokens.empty()) {
      CHORUS_ASSIGN_OR_RETURN(
          ResultPtr r, conn_->Run(kAddDf, Params().Text(tokens).Text(deltas), "index tokens"));
    }
    if (!dropped.empty()) {
      CHORUS_ASSIGN_OR_RETURN(ResultPtr r,
                              conn_->Run(kDropDf, Params().Text(dropped), "index tokens"));
    }
    if (record_delta_ != 0) {
      CHORUS_ASSIGN_OR_RETURN(ResultPtr r,
                              conn_->Run(kAddCount, Params().Int64(record_delta_), "count"));
      record_delta_ = 0;
    }
    return Status::Ok();
  }

  PostgresStore& store_;
  std::unique_ptr<Connection> conn_;
  bool writable_;
  bool finished_ = false;
  std::unordered_map<std::string, int64_t> df_delta_;  // token -> change in df
  int64_t record_delta_ = 0;
};

class PostgresStore final : public Store {
 public:
  PostgresStore(std::string conninfo, std::string password)
      : conninfo_(std::move(conninfo)), password_(std::move(password)) {}

  std::string_view engine() const override { return "postgresql"; }

  Result<std::unique_ptr<Connection>> Acquire() {
    {
      std::unique_lock lock(mu_);
      if (!cv_.wait_for(lock, kPoolWait,
                        [&] { return !idle_.empty() || open_ < kMaxConnections; })) {
        return Status::Unavailable("all " + std::to_string(kMaxConnections) +
                                   " database connections are busy");
      }
      if (!idle_.empty()) {
        auto conn = std::move(idle_.back());
        idle_.pop_back();
        return conn;
      }
      ++open_;
    }
    auto conn = Connect(conninfo_, password_);
    if (!conn.ok()) {
      std::lock_guard lock(mu_);
      --open_;
      cv_.notify_one();
      if (conn.status().code() == StatusCode::kNotFound) {
        return Status::Unavailable(conn.status().message());
      }
    }
    return conn;
  }

  void Release(std::unique_ptr<Connection> conn) {
    bool reusable = conn && conn->Reusable();
    if (!reusable) conn.reset();
    std::lock_guard lock(mu_);
    if (reusable) {
      idle_.push_back(std::move(conn));
    } else {
      --open_;
    }
    cv_.notify_one();
  }

  Result<std::unique_ptr<ReadTransaction>> BeginRead() override {
    CHORUS_ASSIGN_OR_RETURN(auto conn, Acquire());
    conn->DeferBegin("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    return std::unique_ptr<ReadTransaction>(
        std::make_unique<PostgresTransaction>(*this, std::move(conn), false));
  }

  // One statement outside any transaction: one round trip.
  Result<int64_t> ChangeCount() override {
    CHORUS_ASSIGN_OR_RETURN(auto conn, Acquire());
    Result<ResultPtr> r = conn->Run(kChangeCount, Params(), "read the change count");
    Release(std::move(conn));
    CHORUS_RETURN_IF_ERROR(r.status());
    if (PQntuples(r->get()) != 1) return Status::DataLoss("the store's change count is missing");
    return Int64At(r->get(), 0, 0);
  }

  Result<std::unique_ptr<WriteTransaction>> BeginWrite() override {
    CHORUS_ASSIGN_OR_RETURN(auto conn, Acquire());
    // READ COMMITTED after the lock: every statement sees every writer that
    // committed before us, and no other writer runs until we finish.
    Status s = conn->Exec(std::string("BEGIN; SET LOCAL lock_timeout = '") + kLockTimeout +
                          "'; SELECT pg_advisory_xact_lock(" + std::to_string(kWriteLockKey) + ")");
    if (!s.ok()) {
      (void)conn->Exec("ROLLBACK");
      Release(std::move(conn));
      return s;
    }
    return std::unique_ptr<WriteTransaction>(
        std::make_unique<PostgresTransaction>(*this, std::move(conn), true));
  }

  // Brings the schema to kSchemaVersion. `mode` decides what an empty
  // database or an existing store means.
  Status Migrate(OpenMode mode, const std::string& where) {
    CHORUS_ASSIGN_OR_RETURN(auto conn, Acquire());
    Status s = MigrateOn(*conn, mode, where);
    if (!s.ok()) (void)conn->Exec("ROLLBACK");
    Release(std::move(conn));
    return s;
  }

 private:
  Status MigrateOn(Connection& conn, OpenMode mode, const std::string& where) {
    CHORUS_RETURN_IF_ERROR(
        conn.Exec("BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(kWriteLockKey) + ")"));
    Params none;
    CHORUS_ASSIGN_OR_RETURN(
        ResultPtr has_schema,
        conn.Run({"chorus_has_schema", "SELECT to_regclass('chorus_schema') IS NOT NULL"}, none,
                 "read schema"));
    bool exists = *PQgetvalue(has_schema.get(), 0, 0) != 0;
    int version = 0;
    if (exists) {
      CHORUS_ASSIGN_OR_RETURN(ResultPtr v, conn.Run({"chorus_schema_version",
                                                     "SELECT version::bigint FROM chorus_schema"},
                                                    none, "read schema version"));
      if (PQntuples(v.get()) != 1) {
        return Status::FailedPrecondition(where + " is not a chorus store (or is damaged)");
      }
      version = static_cast<int>(Int64At(v.get(), 0, 0));
    } else {
      // Refuse to write a schema beside some other application's tables.
      CHORUS_ASSIGN_OR_RETURN(
          ResultPtr tables,
          conn.Run({"chorus_table_count",
                    "SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
                    "ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
                    "AND c.relkind IN ('r', 'p', 'v', 'm')"},
                   none, "read schema"));
      if (Int64At(tables.get(), 0, 0) != 0) {
        return Status::FailedPrecondition("not a chorus store: " + where + " holds other tables");
      }
      if (mode == OpenMode::kOpen) {
        return Status::NotFound(where + " holds no chorus store (create it with chorus init)");
      }
    }
    if (exists && mode == OpenMode::kCreate) {
      return Status::AlreadyExists(where +
                                   " already holds a chorus store; refusing to overwrite it");
    }
    if (version > kSchemaVersion) {
      return Status::FailedPrecondition("store schema version " + std::to_string(version) +
                                        " is newer than this chorus (" +
                                        std::to_string(kSchemaVersion) + "): upgrade chorus");
    }
    for (int v = version; v < kSchemaVersion; ++v) {
      Status s = conn.Exec(kMigrations[v]);
      if (!s.ok()) return s.WithContext("migrate to schema " + std::to_string(v + 1));
    }
    CHORUS_RETURN_IF_ERROR(
        conn.Exec("UPDATE chorus_schema SET version = " + std::to_string(kSchemaVersion)));
    return conn.Exec("COMMIT");
  }

  const std::string conninfo_;
  const std::string password_;  // only to scrub it from messages

  // State below is protected by mu_.
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  size_t open_ = 0;  // connections out of the pool or idle in it
};

PostgresTransaction::~PostgresTransaction() {
  if (!finished_ && !conn_->DropDeferredBegin()) (void)conn_->Exec("ROLLBACK");
  store_.Release(std::move(conn_));
}

// Creates the database named in `options` through the maintenance database
// "postgres" of the same server.
Status CreateDatabase(const ConninfoOptions& options, const std::string& password) {
  std::vector<const char*> keys;
  std::vector<const char*> values;
  for (const auto& [k, v] : options.options) {
    if (k == "dbname") continue;
    keys.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  keys.push_back("dbname");
  values.push_back("postgres");
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* raw = PQconnectdbParams(keys.data(), values.data(), 0);
  Connection conn(raw, password);
  if (!raw || PQstatus(raw) != CONNECTION_OK) {
    return Status::Unavailable(
        "cannot connect to postgresql to create the database: " +
        Scrub(Trimmed(raw ? PQerrorMessage(raw) : "out of memory"), password));
  }
  std::string dbname = options.Get("dbname");
  char* quoted = PQescapeIdentifier(raw, dbname.c_str(), dbname.size());
  if (!quoted) return conn.Error(nullptr, "create database");
  std::string sql = std::string("CREATE DATABASE ") + quoted;
  PQfreemem(quoted);
  Status s = conn.Exec(sql);
  // Another process may have created it meanwhile: fine.
  if (s.code() == StatusCode::kAlreadyExists) return Status::Ok();
  return s.WithContext("create database");
}

}  // namespace

std::string RedactConninfo(const std::string& conninfo) {
  auto options = ParseConninfo(conninfo);
  if (!options.ok()) return "(unparseable connection string)";
  std::string out;
  for (const auto& [k, v] : options->options) {
    if (k == "password") continue;
    if (!out.empty()) out += ' ';
    out += k + "=" + v;
  }
  return out;
}

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& conninfo, OpenMode mode) {
  CHORUS_ASSIGN_OR_RETURN(ConninfoOptions options, ParseConninfo(conninfo));
  std::string password = options.Get("password");
  std::string dbname = options.Get("dbname");
  std::string where = dbname.empty() ? std::string("the database") : "database " + dbname;

  // Connect once first to tell a missing database from a missing store.
  auto probe = Connect(conninfo, password);
  if (!probe.ok() && probe.status().code() == StatusCode::kNotFound) {
    if (mode == OpenMode::kOpen || dbname.empty()) {
      return Status::NotFound(where + " does not exist (create it with chorus init)");
    }
    CHORUS_RETURN_IF_ERROR(CreateDatabase(options, password));
    probe = Connect(conninfo, password);
  }
  CHORUS_RETURN_IF_ERROR(probe.status());
  probe->reset();

  auto store = std::make_unique<PostgresStore>(conninfo, password);
  CHORUS_RETURN_IF_ERROR(store->Migrate(mode, where));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace chorus::store::postgres
