#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>
#include <span>
#include <vector>

#include "store/tokens.h"

namespace chorus::store::sqlite {
namespace {

// The schema, one entry per version: migrations[v-1] takes a store from
// version v-1 to v. Never edit a shipped entry; append a new one.
const char* const kMigrations[] = {
    // v1
    "CREATE TABLE meta(name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE records("
    "  rowid INTEGER PRIMARY KEY,"
    "  key TEXT NOT NULL UNIQUE,"
    "  kind TEXT NOT NULL,"
    "  version INTEGER NOT NULL,"
    "  body BLOB NOT NULL,"
    "  tokens TEXT NOT NULL);"
    "CREATE INDEX records_by_kind ON records(kind, key);"
    // Contentless: the index holds only blind tokens, never text.
    "CREATE VIRTUAL TABLE search USING fts5(tokens, content='', tokenize='ascii');",
    // v2: the change count (Store::ChangeCount), raised by every write commit.
    "CREATE TABLE store_changes(n INTEGER NOT NULL);"
    "INSERT INTO store_changes VALUES (0);",
    // v3: nothing to do here. PostgreSQL's records gained the order they were
    // created in, which the rowid already is.
    "SELECT 1;",
};
constexpr int kMigrationCount = static_cast<int>(sizeof(kMigrations) / sizeof(kMigrations[0]));
static_assert(kMigrationCount == kSchemaVersion);

// SqliteTransaction::Search reads at most kSearchHoldersPerToken of the newest holders of each
// query token (store.h); a common token's document frequency is estimated
// from how many rows those holders span. Ties rank the newest first, so the
// newest holders are the ones that can reach the results: ranking is exact
// for queries of one or two distinct tokens (records holding every token
// are found however old). With three or more, an old record holding some of
// the tokens but not all, and among the newest holders of none, is missed.

// A bulk load of at least this many records, and at least a quarter of the
// store, merges the search index into one segment (AfterBulkLoad).
constexpr size_t kMergeAfterRecords = 10000;

// Writers wait this long for another writer before giving up with Unavailable.
constexpr int kBusyTimeoutMs = 10000;

Status SqliteError(sqlite3* db, std::string_view what) {
  int code = db ? sqlite3_extended_errcode(db) : SQLITE_ERROR;
  std::string message = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "no connection");
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Unavailable("store is busy: " + message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::DataLoss("store file is damaged: " + message);
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
      return Status::Unavailable(message);
    case SQLITE_CONSTRAINT:
      return Status::AlreadyExists(message);
    default:
      return Status::Internal(message);
  }
}

class Connection {
 public:
  explicit Connection(sqlite3* db) : db_(db) {}
  ~Connection() {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* db() const { return db_; }

  // A cached prepared statement, reset and unbound.
  Result<sqlite3_stmt*> Prepare(const char* sql) {
    auto it = statements_.find(sql);
    if (it != statements_.end()) {
      sqlite3_reset(it->second);
      sqlite3_clear_bindings(it->second);
      return it->second;
    }
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
      return SqliteError(db_, "prepare");
    }
    statements_.emplace(sql, stmt);
    return stmt;
  }

  // One statement without parameters or rows (BEGIN, COMMIT, ROLLBACK),
  // prepared once per connection: sqlite3_exec would compile it again on
  // every transaction, which a short read (a GET) notices.
  Status Run(const char* sql) {
    CHORUS_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql));
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return SqliteError(db_, sql);
    return Status::Ok();
  }

  Status Exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      Status s = SqliteError(db_, error ? error : "exec");
      sqlite3_free(error);
      return s;
    }
    return Status::Ok();
  }

 private:
  sqlite3* db_;
  std::map<const char*, sqlite3_stmt*> statements_;  // keyed by the literal's address
};

// Resets a statement when it goes out of scope so it holds no read lock.
class StatementScope {
 public:
  explicit StatementScope(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~StatementScope() { sqlite3_reset(stmt_); }

 private:
  sqlite3_stmt* stmt_;
};

void BindText(sqlite3_stmt* stmt, int index, std::string_view text) {
  sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}
void BindBlob(sqlite3_stmt* stmt, int index, std::string_view bytes) {
  sqlite3_bind_blob(stmt, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
}
std::string ColumnText(sqlite3_stmt* stmt, int index) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, index));
  return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt, index))) : std::string();
}
std::string ColumnBlob(sqlite3_stmt* stmt, int index) {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, index));
  return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt, index))) : std::string();
}

// Every query that returns whole records selects these columns, in order.
#define CHORUS_RECORD_COLUMNS "key, kind, version, body, tokens"
#define CHORUS_RECORD_COLUMNS_OF_R "r.key, r.kind, r.version, r.body, r.tokens"

// Binds `record` to parameters 1-5 in the order of CHORUS_RECORD_COLUMNS,
// with its tokens already joined.
void BindRecordColumns(sqlite3_stmt* stmt, const StoredRecord& record, std::string_view tokens) {
  BindText(stmt, 1, record.key);
  BindText(stmt, 2, record.kind);
  sqlite3_bind_int64(stmt, 3, record.version);
  BindBlob(stmt, 4, record.body);
  BindText(stmt, 5, tokens);
}

// The current row of a query that selected the record columns.
StoredRecord RecordAtRow(sqlite3_stmt* stmt) {
  StoredRecord record;
  record.key = ColumnText(stmt, 0);
  record.kind = ColumnText(stmt, 1);
  record.version = sqlite3_column_int64(stmt, 2);
  record.body = ColumnBlob(stmt, 3);
  record.tokens = SplitTokens(ColumnText(stmt, 4));
  return record;
}

Result<int64_t> ReadChangeCount(Connection& conn) {
  CHORUS_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, conn.Prepare("SELECT n FROM store_changes"));
  StatementScope scope(stmt);
  int rc = sqlite3_step(stmt);
  if (rc == SQLITE_DONE) return Status::DataLoss("the store's change count is missing");
  if (rc != SQLITE_ROW) return SqliteError(conn.db(), "read the change count");
  return static_cast<int64_t>(sqlite3_column_int64(stmt, 0));
}

class SqliteStore;

class SqliteTransaction final : public WriteTransaction {
 public:
  SqliteTransaction(SqliteStore& store, std::unique_ptr<Connection> conn, bool writable)
      : store_(store), conn_(std::move(conn)), writable_(writable) {}
  ~SqliteTransaction() override;

  Result<std::optional<StoredRecord>> Get(std::string_view key) override {
    CHORUS_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, conn_->Prepare("SELECT " CHORUS_RECORD_COLUMNS
                                                                " FROM records WHERE key = ?"));
    StatementScope scope(stmt);
    BindText(stmt, 1, key);
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) return std::optional<StoredRecord>();
    if (rc != SQLITE_ROW) return SqliteError(conn_->db(), "get record");
    return std::optional<StoredRecord>(RecordAtRow(stmt));
  }

  Result<std::vector<StoredRecord>> ListKind(std::string_view kind, std::string_view after_key,
                                             size_t limit) override {
    CHORUS_ASSIGN_OR_RETURN(
        sqlite3_stmt * stmt,
        conn_->Prepare("SELECT " CHORUS_RECORD_COLUMNS
                       " FROM records WHERE kind = ? AND key > ? ORDER BY key LIMIT ?"));
    StatementScope scope(stmt);
    BindText(stmt, 1, kind);
    BindText(stmt, 2, after_key);
    sqlite3_bind_int64(stmt, 3, static_cast<sqlite3_int64>(limit));
    std::vector<StoredRecord> out;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) out.push_back(RecordAtRow(stmt));
    if (rc != SQLITE_DONE) return SqliteError(conn_->db(), "list records");
    return out;
  }

  // The rowid is the place: it only grows (new rows take the largest plus
  // one, and a replaced row keeps its own).
  Result<std::vector<PlacedRecord>> ListInCreationOrder(int64_t after_place,
                                                        size_t limit) override {
    CHORUS_ASSIGN_OR_RETURN(
        sqlite3_stmt * stmt,
        conn_->Prepare("SELECT " CHORUS_RECORD_COLUMNS
                       ", rowid FROM records WHERE rowid > ? ORDER BY rowid LIMIT ?"));
    StatementScope scope(stmt);
    sqlite3_bind_int64(stmt, 1, after_place);
    sqlite3_bind_int64(stmt, 2, static_cast<sqlite3_int64>(limit));
    std::vector<PlacedRecord> out;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      out.push_back({sqlite3_column_int64(stmt, 5), RecordAtRow(stmt)});
    }
    if (rc != SQLITE_DONE) return SqliteError(conn_->db(), "list records in creation order");
    return out;
  }

  Result<int64_t> CountKind(std::string_view kind) override {
    CHORUS_ASSIGN_OR_RETURN(sqlite3_stmt * stmt,
                            conn_->Prepare("SELECT count(*) FROM records WHERE kind = ?"));
    StatementScope scope(stmt);
    BindText(stmt, 1, kind);
    if (sqlite3_step(stmt) != SQLITE_ROW) return SqliteError(conn_->db(), "count records");
    return static_cast<int64_t>(sqlite3_column_int64(stmt, 0));
  }

  Result<std::vector<std::string>> ListKinds() override {
    return Strings("SELECT DISTINCT kind FROM records ORDER BY kind", "list kinds");
  }

  Result<std::vector<std::string>> ListMetaNames() override {
    return Strings("SELECT name FROM meta ORDER BY name", "list meta");
  }

  // Ranked as the PostgreSQL engine ranks: a record scores the sum of the
  // idf of the query tokens it holds, so rarer tokens weigh more and more
  // matches rank higher; equal scores go to the newest record. FTS5's bm25()
  // is not used: its idf walks each token's whole posting list (11 ms for a
  // token in a third of 1,000,000 records). Here each token costs at most
  // its newest `window` postings, and one more query finds the records
  // holding every token (kSearchHoldersPerToken says what that leaves out).
  Result<std::vector<SearchHit>> Search(const std::vector<std::string>& tokens, bool require_all,
                                        size_t limit) override {
    std::vector<SearchHit> hits;
    if (tokens.empty()) return hits;
    for (const auto& token : tokens) {
      if (!IsPlainToken(token)) return Status::InvalidArgument("search token is not a blind token");
    }
    std::vector<std::string> distinct = tokens;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    if (limit == 0) return hits;
    CHORUS_ASSIGN_OR_RETURN(int64_t newest, NewestRowid());
    const size_t window = std::max(limit, kSearchHoldersPerToken);
    // The newest holders of each token, and its idf.
    std::vector<std::vector<int64_t>> holders(distinct.size());
    std::vector<double> idf(distinct.size());
    for (size_t token_idx = 0; token_idx < distinct.size(); ++token_idx) {
      CHORUS_ASSIGN_OR_RETURN(holders[token_idx], NewestMatches(distinct[token_idx], window));
      idf[token_idx] = Idf(EstimatedHolderCount(holders[token_idx], window, newest), newest);
    }
    double all_tokens_score = 0;
    for (double weight : idf) all_tokens_score += weight;
    // Records holding every token, however old: a common word's window
    // must not hide them.
    std::vector<int64_t> holding_all;
    if (distinct.size() == 1) {
      holding_all = holders[0];
    } else {
      std::string query;
      for (const auto& token : distinct) {
        if (!query.empty()) query += " AND ";
        query += token;
      }
      CHORUS_ASSIGN_OR_RETURN(holding_all, NewestMatches(query, limit));
    }
    // (rowid, weight) for every token a candidate was seen holding; a
    // record holding every token is marked with an infinite weight.
    constexpr double kHoldsAll = std::numeric_limits<double>::infinity();
    std::vector<std::pair<int64_t, double>> marks;
    for (int64_t rowid : holding_all) marks.emplace_back(rowid, kHoldsAll);
    if (!require_all) {
      for (size_t token_idx = 0; token_idx < distinct.size(); ++token_idx) {
        for (int64_t rowid : holders[token_idx]) marks.emplace_back(rowid, idf[token_idx]);
      }
    }
    std::sort(marks.begin(), marks.end());
    std::vector<std::pair<double, int64_t>> ranked;  // (score, rowid)
    for (size_t mark_idx = 0; mark_idx < marks.size();) {
      int64_t rowid = marks[mark_idx].first;
      double score = 0;
      for (; mark_idx < marks.size() && marks[mark_idx].first == rowid; ++mark_idx) {
        score += marks[mark_idx].second;
      }
      ranked.emplace_back(std::isinf(score) ? all_tokens_score : score, rowid);
    }
    size_t keep = std::min(limit, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep),
                      ranked.end(), [](const auto& a, const auto& b) {
                        return a.first != b.first ? a.first > b.first : a.second > b.second;
                      });
    CHORUS_ASSIGN_OR_RETURN(sqlite3_stmt * key_of,
                            conn_->Prepare("SELECT key, kind FROM records WHERE rowid = ?"));
    for (size_t rank_idx = 0; rank_idx < keep; ++rank_idx) {
      StatementScope scope(key_of);
      sqlite3_bind_int64(key_of, 1, ranked[rank_idx].second);
      int rc = sqlite3_step(key_of);
      if (rc == SQLITE_ROW) {
        hits.push_back({ColumnText(key_of, 0), ranked[rank_idx].first, ColumnText(key_of, 1)});
      } else if (rc != SQLITE_DONE) {
        return SqliteError(conn_->db(), "search");
      }
    }
    return hits;
  }

  // One FTS5 term, without bm25 or the ranking window: the cost is the
  // term's posting list. CROSS JOIN keeps the index as the outer loop; the
  // rows are sorted here, as an ORDER BY would open a temporary b-tree per
  // query (measured: 63 against 52 us a lookup).
  Result<std::vector<StoredRecord>> RecordsWithToken(std::string_view token,
                                                     size_t limit) override {
    if (!IsPlainToken(token)) return Status::InvalidArgument("search token is not a blind token");
    CHORUS_ASSIGN_OR_RETURN(
        sqlite3_stmt * stmt,
        conn_->Prepare("SELECT " CHORUS_RECORD_COLUMNS_OF_R
                       " FROM search CROSS JOIN records r ON r.rowid = search.rowid"
                       " WHERE search MATCH ?"));
    StatementScope scope(stmt);
    BindText(stmt, 1, token);
    std::vector<StoredRecord> records;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) records.push_back(RecordAtRow(stmt));
    if (rc != SQLITE_DONE) return SqliteError(conn_->db(), "token lookup");
    std::sort(records.begin(), records.end(),
              [](const StoredRecord& a, const StoredRecord& b) { return a.key < b.key; });
    if (records.size() > limit) records.resize(limit);
    return records;
  }

  Result<std::optional<std::string>> GetMeta(std::string_view name) override {
    CHORUS_ASSIGN_OR_RETURN(sqlite3_stmt * stmt,
                            conn_->Prepare("SELECT value FROM meta WHERE name = ?"));
    StatementScope scope(stmt);
    BindText(stmt, 1, name);
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    if (rc != SQLITE_ROW) return SqliteError(conn_->db(), "get meta");
    return std::optional<std::string>(ColumnBlob(stmt, 0));
  }

  Status Put(const StoredRecord& record) override {
    CHORUS_RETURN_IF_ERROR(RequireWritable());
    CHORUS_ASSIGN_OR_RETURN(std::optional<FoundRow> found, FindRow(record.key));
    if (found) return RewriteRow(*found, record);
    return Insert(record);
  }

  Status Insert(const StoredRecord& record) override {
    CHORUS_RETURN_IF_ERROR(RequireWritable());
    CHORUS_ASSIGN_OR_RETURN(
        sqlite3_stmt * insert,
        conn_->Prepare("INSERT INTO records(key, kind, version, body, tokens) VALUES (?,?,?,?,?) "
                       "ON CONFLICT(key) DO NOTHING"));
    std::string tokens = JoinTokens(record.tokens);
    {
      StatementScope scope(insert);
      BindRecordColumns(insert, record, tokens);
      if (sqlite3_step(insert) != SQLITE_DONE) return SqliteError(conn_->db(), "insert record");
    }
    if (sqlite3_changes(conn_->db()) == 0) return Status::AlreadyExists("record key is taken");
    return IndexTokens(sqlite3_last_insert_rowid(conn_->db()), tokens);
  }

  // The two cached statements bound from the records in place. No
  // savepoint: FTS5 flushes its pending terms to a new segment at every
  // savepoint, which made each batch cost more than row-by-row inserts
  // (measured: +4,000 instructions a record). A failed batch is undone by
  // deleting what it inserted instead (failures are rare).
  Status InsertMany(std::span<const StoredRecord> records, size_t* failed_index) override {
    CHORUS_RETURN_IF_ERROR(RequireWritable());
    std::vector<int64_t> rowids;
    rowids.reserve(records.size());
    size_t failed = 0;
    Status s = InsertBatch(records, rowids, failed);
    if (s.ok()) return s;
    if (failed_index != nullptr) *failed_index = failed;
    for (size_t row_idx = 0; row_idx < rowids.size(); ++row_idx) {
      CHORUS_RETURN_IF_ERROR(RemoveRow(rowids[row_idx], JoinTokens(records[row_idx].tokens)));
    }
    return s;
  }

  Status Delete(std::string_view key) override {
    CHORUS_RETURN_IF_ERROR(RequireWritable());
    CHORUS_ASSIGN_OR_RETURN(std::optional<FoundRow> found, FindRow(key));
    if (!found) return Status::NotFound("no record with that key");
    CHORUS_RETURN_IF_ERROR(RetractTokens(found->rowid, found->tokens));
    CHORUS_ASSIGN_OR_RETURN(sqlite3_stmt * del,
                            conn_->Prepare("DELETE FROM records WHERE rowid = ?"));
    StatementScope scope(del);
    sqlite3_bind_int64(del, 1, found->rowid);
    if (sqlite3_step(del) != SQLITE_DONE) return SqliteError(conn_->db(), "delete record");
    return Status::Ok();
  }

  Status Replace(std::string_view old_key, const StoredRecord& record) override {
    CHORUS_RETURN_IF_ERROR(RequireWritable());
    CHORUS_ASSIGN_OR_RETURN(std::optional<FoundRow> found, FindRow(old_key));
    if (!found) return Status::NotFound("no record with that key");
    // Checked before anything is written, so a taken key changes nothing.
    if (record.key != old_key) {
      CHORUS_ASSIGN_OR_RETURN(std::optional<FoundRow> taken, FindRow(record.key));
      if (taken) return Status::AlreadyExists("record key is taken");
    }
    return RewriteRow(*found, record);
  }

  Status SetMeta(std::string_view name, std::string_view value) override {
    CHORUS_RETURN_IF_ERROR(RequireWritable());
    CHORUS_ASSIGN_OR_RETURN(
        sqlite3_stmt * stmt,
        conn_->Prepare("INSERT INTO meta(name, value) VALUES (?, ?) "
                       "ON CONFLICT(name) DO UPDATE SET value = excluded.value"));
    StatementScope scope(stmt);
    BindText(stmt, 1, name);
    BindBlob(stmt, 2, value);
    if (sqlite3_step(stmt) != SQLITE_DONE) return SqliteError(conn_->db(), "set meta");
    return Status::Ok();
  }

  // FTS5 writes a large load as many segments, and every query probes each
  // one: on 1,000,000 imported records a query for a missing token took 73
  // us, 10 us once merged into one segment (which took 1.9 s). Merging costs
  // the size of the whole index, so it runs only when the load is a large
  // share of the store.
  Status AfterBulkLoad(size_t records_written) override {
    CHORUS_RETURN_IF_ERROR(RequireWritable());
    if (records_written < kMergeAfterRecords) return Status::Ok();
    CHORUS_ASSIGN_OR_RETURN(int64_t newest, NewestRowid());
    if (static_cast<int64_t>(records_written) * 4 < newest) return Status::Ok();
    return conn_->Exec("INSERT INTO search(search) VALUES('optimize')");
  }

  Status Commit() override {
    if (finished_) return Status::FailedPrecondition("transaction already finished");
    finished_ = true;
    if (writable_) {
      Status counted = conn_->Run("UPDATE store_changes SET n = n + 1");
      if (!counted.ok()) {
        (void)conn_->Run("ROLLBACK");
        return counted;
      }
    }
    if (conn_->Run("COMMIT").ok()) return Status::Ok();
    Status s = SqliteError(conn_->db(), "commit");
    (void)conn_->Run("ROLLBACK");
    return s;
  }

 private:
  Status RequireWritable() const {
    if (!writable_) return Status::Internal("write in a read transaction");
    if (finished_) return Status::FailedPrecondition("transaction already finished");
    return Status::Ok();
  }

  // The first column of every row of a parameterless query.
  Result<std::vector<std::string>> Strings(const char* sql, const char* what) {
    CHORUS_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, conn_->Prepare(sql));
    StatementScope scope(stmt);
    std::vector<std::string> out;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) out.push_back(ColumnText(stmt, 0));
    if (rc != SQLITE_DONE) return SqliteError(conn_->db(), what);
    return out;
  }

  // The largest rowid in use: rowids are handed out in increasing order, so
  // it stands for the number of records ever written (deletions leave gaps).
  Result<int64_t> NewestRowid() {
    CHORUS_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, conn_->Prepare("SELECT max(rowid) FROM records"));
    StatementScope scope(stmt);
    if (sqlite3_step(stmt) != SQLITE_ROW) return SqliteError(conn_->db(), "search");
    return static_cast<int64_t>(sqlite3_column_int64(stmt, 0));
  }

  // The rowids matching an FTS5 `query`, newest first, at most `limit`.
  Result<std::vector<int64_t>> NewestMatches(const std::string& query, size_t limit) {
    CHORUS_ASSIGN_OR_RETURN(
        sqlite3_stmt * stmt,
        conn_->Prepare(
            "SELECT rowid FROM search WHERE search MATCH ? ORDER BY rowid DESC LIMIT ?"));
    StatementScope scope(stmt);
    BindText(stmt, 1, query);
    sqlite3_bind_int64(stmt, 2, static_cast<sqlite3_int64>(limit));
    std::vector<int64_t> rowids;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) rowids.push_back(sqlite3_column_int64(stmt, 0));
    if (rc != SQLITE_DONE) return SqliteError(conn_->db(), "search");
    return rowids;
  }

  // How many records hold a token, from its newest holders: exact when the
  // window holds them all, otherwise the window's share of the rowids it
  // spans, applied to all of them.
  static double EstimatedHolderCount(const std::vector<int64_t>& newest_holders, size_t window,
                                     int64_t newest) {
    if (newest_holders.size() < window) return static_cast<double>(newest_holders.size());
    double spanned = static_cast<double>(newest - newest_holders.back() + 1);
    return static_cast<double>(newest_holders.size()) * static_cast<double>(newest) / spanned;
  }

  // BM25's idf, as the PostgreSQL engine computes it.
  static double Idf(double holders, int64_t records) {
    double total = std::max(static_cast<double>(records), holders);
    return std::log(1.0 + (total - holders + 0.5) / (holders + 0.5));
  }

  // The rows of InsertMany; `rowids` receives the row of each record
  // written, `failed` the position of the record that could not be. A
  // failed statement leaves nothing of its own (SQLite undoes it).
  Status InsertBatch(std::span<const StoredRecord> records, std::vector<int64_t>& rowids,
                     size_t& failed) {
    CHORUS_ASSIGN_OR_RETURN(
        sqlite3_stmt * insert,
        conn_->Prepare("INSERT INTO records(key, kind, version, body, tokens) VALUES (?,?,?,?,?) "
                       "ON CONFLICT(key) DO NOTHING"));
    CHORUS_ASSIGN_OR_RETURN(sqlite3_stmt * index,
                            conn_->Prepare("INSERT INTO search(rowid, tokens) VALUES (?, ?)"));
    StatementScope insert_scope(insert);
    StatementScope index_scope(index);
    std::string tokens;
    for (size_t record_idx = 0; record_idx < records.size(); ++record_idx) {
      const StoredRecord& record = records[record_idx];
      failed = record_idx;
      tokens.clear();
      for (const auto& token : record.tokens) {
        if (!tokens.empty()) tokens += ' ';
        tokens += token;
      }
      // SQLITE_STATIC: the bound bytes outlive the step, which copies them.
      sqlite3_reset(insert);
      sqlite3_bind_text(insert, 1, record.key.data(), static_cast<int>(record.key.size()),
                        SQLITE_STATIC);
      sqlite3_bind_text(insert, 2, record.kind.data(), static_cast<int>(record.kind.size()),
                        SQLITE_STATIC);
      sqlite3_bind_int64(insert, 3, record.version);
      sqlite3_bind_blob(insert, 4, record.body.data(), static_cast<int>(record.body.size()),
                        SQLITE_STATIC);
      sqlite3_bind_text(insert, 5, tokens.data(), static_cast<int>(tokens.size()), SQLITE_STATIC);
      if (sqlite3_step(insert) != SQLITE_DONE) return SqliteError(conn_->db(), "insert record");
      if (sqlite3_changes(conn_->db()) == 0) return Status::AlreadyExists("record key is taken");
      int64_t rowid = sqlite3_last_insert_rowid(conn_->db());
      if (!tokens.empty()) {
        sqlite3_reset(index);
        sqlite3_bind_int64(index, 1, rowid);
        sqlite3_bind_text(index, 2, tokens.data(), static_cast<int>(tokens.size()), SQLITE_STATIC);
        if (sqlite3_step(index) != SQLITE_DONE) {
          Status s = SqliteError(conn_->db(), "index record");
          // The row went in without its tokens: undo it with the batch.
          (void)sqlite3_reset(index);
          rowids.push_back(rowid);
          if (!RemoveRow(rowid, "").ok()) return s;
          rowids.pop_back();
          return s;
        }
      }
      rowids.push_back(rowid);
    }
    return Status::Ok();
  }

  // Deletes a row and retracts its indexed `tokens`.
  Status RemoveRow(int64_t rowid, const std::string& tokens) {
    CHORUS_RETURN_IF_ERROR(RetractTokens(rowid, tokens));
    CHORUS_ASSIGN_OR_RETURN(sqlite3_stmt * del,
                            conn_->Prepare("DELETE FROM records WHERE rowid = ?"));
    StatementScope scope(del);
    sqlite3_bind_int64(del, 1, rowid);
    if (sqlite3_step(del) != SQLITE_DONE) return SqliteError(conn_->db(), "delete record");
    return Status::Ok();
  }

  Status IndexTokens(int64_t rowid, const std::string& tokens) {
    if (tokens.empty()) return Status::Ok();
    CHORUS_ASSIGN_OR_RETURN(sqlite3_stmt * index,
                            conn_->Prepare("INSERT INTO search(rowid, tokens) VALUES (?, ?)"));
    StatementScope scope(index);
    sqlite3_bind_int64(index, 1, rowid);
    BindText(index, 2, tokens);
    if (sqlite3_step(index) != SQLITE_DONE) return SqliteError(conn_->db(), "index record");
    return Status::Ok();
  }

  struct FoundRow {
    int64_t rowid = 0;
    std::string tokens;  // as indexed, space-separated
  };

  // The row holding `key`; nullopt when none does.
  Result<std::optional<FoundRow>> FindRow(std::string_view key) {
    CHORUS_ASSIGN_OR_RETURN(sqlite3_stmt * find,
                            conn_->Prepare("SELECT rowid, tokens FROM records WHERE key = ?"));
    StatementScope scope(find);
    BindText(find, 1, key);
    int rc = sqlite3_step(find);
    if (rc == SQLITE_DONE) return std::optional<FoundRow>();
    if (rc != SQLITE_ROW) return SqliteError(conn_->db(), "find record");
    return std::optional<FoundRow>(FoundRow{sqlite3_column_int64(find, 0), ColumnText(find, 1)});
  }

  // Writes `record` over the row `found`, which keeps its rowid (its place
  // in creation order), and swaps the indexed tokens.
  Status RewriteRow(const FoundRow& found, const StoredRecord& record) {
    CHORUS_RETURN_IF_ERROR(RetractTokens(found.rowid, found.tokens));
    CHORUS_ASSIGN_OR_RETURN(
        sqlite3_stmt * update,
        conn_->Prepare("UPDATE records SET key = ?, kind = ?, version = ?, body = ?, tokens = ? "
                       "WHERE rowid = ?"));
    std::string tokens = JoinTokens(record.tokens);
    {
      StatementScope scope(update);
      BindRecordColumns(update, record, tokens);
      sqlite3_bind_int64(update, 6, found.rowid);
      if (sqlite3_step(update) != SQLITE_DONE) return SqliteError(conn_->db(), "update record");
    }
    return IndexTokens(found.rowid, tokens);
  }

  // Contentless FTS5 deletes need the exact tokens that were indexed.
  Status RetractTokens(int64_t rowid, const std::string& tokens) {
    if (tokens.empty()) return Status::Ok();
    CHORUS_ASSIGN_OR_RETURN(
        sqlite3_stmt * stmt,
        conn_->Prepare("INSERT INTO search(search, rowid, tokens) VALUES ('delete', ?, ?)"));
    StatementScope scope(stmt);
    sqlite3_bind_int64(stmt, 1, rowid);
    BindText(stmt, 2, tokens);
    if (sqlite3_step(stmt) != SQLITE_DONE) return SqliteError(conn_->db(), "unindex record");
    return Status::Ok();
  }

  SqliteStore& store_;
  std::unique_ptr<Connection> conn_;
  bool writable_;
  bool finished_ = false;
};

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::string path) : path_(std::move(path)) {}

  std::string_view engine() const override { return "sqlite"; }

  Result<std::unique_ptr<Connection>> Connect() {
    {
      std::lock_guard lock(mu_);
      if (!idle_.empty()) {
        auto conn = std::move(idle_.back());
        idle_.pop_back();
        return conn;
      }
    }
    sqlite3* db = nullptr;
    int rc =
        sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    auto conn = std::make_unique<Connection>(db);
    if (rc != SQLITE_OK) return SqliteError(db, "open store");
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    sqlite3_extended_result_codes(db, 1);
    // FULL: a commit that returned is on disk even if the machine loses power.
    // secure_delete: deleted ciphertext and tokens are overwritten, not left
    // in free pages. A 32 MiB page cache per connection (at most 16 idle ones are kept): a large
    // write (an import) otherwise re-reads its own pages from the WAL through the kernel.
    CHORUS_RETURN_IF_ERROR(
        conn->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                   "PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON; PRAGMA cache_size=-32768;"));
    return conn;
  }

  void Release(std::unique_ptr<Connection> conn) {
    std::lock_guard lock(mu_);
    if (idle_.size() < kMaxIdleConnections) idle_.push_back(std::move(conn));
  }

  Result<std::unique_ptr<ReadTransaction>> BeginRead() override {
    CHORUS_ASSIGN_OR_RETURN(auto conn, Connect());
    CHORUS_RETURN_IF_ERROR(conn->Run("BEGIN DEFERRED"));
    return std::unique_ptr<ReadTransaction>(
        std::make_unique<SqliteTransaction>(*this, std::move(conn), false));
  }

  // One autocommit statement: its implicit read transaction sees the newest commit.
  Result<int64_t> ChangeCount() override {
    CHORUS_ASSIGN_OR_RETURN(auto conn, Connect());
    Result<int64_t> count = ReadChangeCount(*conn);
    Release(std::move(conn));
    return count;
  }

  Result<std::unique_ptr<WriteTransaction>> BeginWrite() override {
    CHORUS_ASSIGN_OR_RETURN(auto conn, Connect());
    // IMMEDIATE takes the write lock now, so two writers never deadlock
    // upgrading read locks.
    CHORUS_RETURN_IF_ERROR(conn->Run("BEGIN IMMEDIATE"));
    return std::unique_ptr<WriteTransaction>(
        std::make_unique<SqliteTransaction>(*this, std::move(conn), true));
  }

  Status Migrate() {
    CHORUS_ASSIGN_OR_RETURN(auto conn, Connect());
    CHORUS_RETURN_IF_ERROR(conn->Run("BEGIN IMMEDIATE"));
    sqlite3_stmt* stmt = nullptr;
    int version = 0;
    if (sqlite3_prepare_v2(conn->db(), "PRAGMA user_version", -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      version = sqlite3_column_int(stmt, 0);
    }
    sqlite3_finalize(stmt);
    if (version == 0) {
      // A version-0 file must be empty: refuse to write a schema into some
      // other application's database.
      if (sqlite3_prepare_v2(conn->db(), "SELECT count(*) FROM sqlite_schema", -1, &stmt,
                             nullptr) != SQLITE_OK) {
        Status s = SqliteError(conn->db(), "read schema");
        (void)conn->Run("ROLLBACK");
        return s.code() == StatusCode::kDataLoss
                   ? Status::FailedPrecondition("not a chorus store (" + s.message() + ")")
                   : s;
      }
      int tables = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : -1;
      sqlite3_finalize(stmt);
      if (tables != 0) {
        (void)conn->Run("ROLLBACK");
        return Status::FailedPrecondition("not a chorus store: the file holds other tables");
      }
    }
    if (version > kSchemaVersion) {
      (void)conn->Run("ROLLBACK");
      return Status::FailedPrecondition("store schema version " + std::to_string(version) +
                                        " is newer than this chorus (" +
                                        std::to_string(kSchemaVersion) + "): upgrade chorus");
    }
    for (int v = version; v < kSchemaVersion; ++v) {
      Status s = conn->Exec(kMigrations[v]);
      if (!s.ok()) {
        (void)conn->Run("ROLLBACK");
        return s.WithContext("migrate to schema " + std::to_string(v + 1));
      }
    }
    std::string set_version = "PRAGMA user_version=" + std::to_string(kSchemaVersion);
    CHORUS_RETURN_IF_ERROR(conn->Exec(set_version.c_str()));
    CHORUS_RETURN_IF_ERROR(conn->Run("COMMIT"));
    Release(std::move(conn));
    return Status::Ok();
  }

 private:
  // Idle connections kept for reuse; more may be open while busy.
  static constexpr size_t kMaxIdleConnections = 16;

  std::string path_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
};

SqliteTransaction::~SqliteTransaction() {
  if (!finished_) (void)conn_->Run("ROLLBACK");
  store_.Release(std::move(conn_));
}

// SQLite counts every allocation under one process-wide mutex unless told
// not to (SQLITE_CONFIG_MEMSTATUS); with one connection per server thread
// that mutex was the most contended lock of a search under load. Chorus
// never reads those counts. The setting only takes before SQLite
// initializes; if something else initialized it first, it stays on.
void TurnOffAllocationCounts() {
  static std::once_flag once;
  std::call_once(once, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

#undef CHORUS_RECORD_COLUMNS
#undef CHORUS_RECORD_COLUMNS_OF_R

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, OpenMode mode) {
  TurnOffAllocationCounts();
  std::error_code ec;
  bool exists = std::filesystem::exists(path, ec);
  if (mode == OpenMode::kCreate && exists) {
    return Status::AlreadyExists("store " + path + " already exists; refusing to overwrite it");
  }
  if (mode == OpenMode::kOpen && !exists) {
    return Status::NotFound("store " + path + " does not exist (create it with chorus init)");
  }
  if (mode == OpenMode::kCreate) {
    sqlite3* db = nullptr;
    int rc =
        sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    Status s = rc == SQLITE_OK ? Status::Ok() : SqliteError(db, "create store " + path);
    sqlite3_close_v2(db);
    CHORUS_RETURN_IF_ERROR(s);
  }
  auto store = std::make_unique<SqliteStore>(path);
  Status migrated = store->Migrate();
  if (migrated.code() == StatusCode::kDataLoss) {
    return Status::FailedPrecondition(path + " is not a chorus store (or is damaged)");
  }
  CHORUS_RETURN_IF_ERROR(migrated);
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace chorus::store::sqlite
