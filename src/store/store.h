// File: store/store.h
// The storage port: what Chorus needs from a database engine, and nothing an
// engine-specific idea leaks through. Engines (store/sqlite, store/postgres)
// only ever see opaque row keys, record kinds, sealed bodies, blind search
// tokens and metadata: encryption and tokenising happen above, in records/.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace chorus::store {

// One record as stored. `key` is a keyed hash of the record id (so ids, which
// users may write as words, are not stored in plaintext); `body` is the
// sealed JSON; `tokens` are the blind search tokens (opaque words of
// [a-z2-7]) indexed for Search and kept so an update can retract them.
struct StoredRecord {
  std::string key;
  std::string kind;
  int64_t version = 0;  // 1 on creation, +1 on each replacement
  std::string body;
  std::vector<std::string> tokens;
};

// A record with its place in the order records were created: larger is
// newer. A new record's place is larger than every stored one's; a
// replaced record keeps its place.
struct PlacedRecord {
  int64_t place = 0;
  StoredRecord record;
};

struct SearchHit {
  std::string key;
  double score = 0;  // larger is better; only the order is meaningful
  std::string kind;  // the record's kind, so callers can count or filter without reading it
};

// A consistent snapshot. Not thread-safe: one transaction per thread.
class ReadTransaction {
 public:
  virtual ~ReadTransaction() = default;

  // nullopt when no record has this key.
  virtual Result<std::optional<StoredRecord>> Get(std::string_view key) = 0;

  // The records with `keys`: one entry per key, in the same order, nullopt
  // where no record has it. Engines answer it in one query (a page of search
  // hits); this default calls Get for each key.
  virtual Result<std::vector<std::optional<StoredRecord>>> GetMany(
      std::span<const std::string> keys) {
    std::vector<std::optional<StoredRecord>> found;
    found.reserve(keys.size());
    for (const auto& key : keys) {
      CHORUS_ASSIGN_OR_RETURN(auto record, Get(key));
      found.push_back(std::move(record));
    }
    return found;
  }

  // Records of one kind in key order, starting after `after_key` ("" = from
  // the start), at most `limit`.
  virtual Result<std::vector<StoredRecord>> ListKind(std::string_view kind,
                                                     std::string_view after_key, size_t limit) = 0;

  virtual Result<int64_t> CountKind(std::string_view kind) = 0;

  // Every record of every kind in the order they were created (the order
  // Search breaks ties and windows by), oldest first, starting after place
  // `after_place` (0 = from the first), at most `limit`: what a whole-store
  // copy walks so that the copy keeps that order.
  virtual Result<std::vector<PlacedRecord>> ListInCreationOrder(int64_t after_place,
                                                                size_t limit) = 0;

  // Every kind that has at least one row, in byte order (record kinds and
  // document kinds alike): what a whole-store copy must walk.
  virtual Result<std::vector<std::string>> ListKinds() = 0;

  // Records whose tokens include any of `tokens` (`require_all`: every one),
  // best first, at most `limit`. Ranking favours rarer tokens and more matches
  // (e.g. BM25); ties go to the newest record. Engines rank only the newest
  // kSearchHoldersPerToken holders of each token (or `limit`, if larger) and
  // the newest `limit` records holding every token.
  virtual Result<std::vector<SearchHit>> Search(const std::vector<std::string>& tokens,
                                                bool require_all, size_t limit) = 0;
  // The records whose tokens include `token`, in key byte order, at most
  // `limit`: an exact, unranked lookup (e.g. the records that refer to one
  // id), which engines answer from their token index in one query. The
  // default asks Search and reads each hit; InvalidArgument when `token` is
  // not a token.
  virtual Result<std::vector<StoredRecord>> RecordsWithToken(std::string_view token, size_t limit) {
    CHORUS_ASSIGN_OR_RETURN(auto hits, Search({std::string(token)}, true, limit));
    std::vector<StoredRecord> records;
    records.reserve(hits.size());
    for (const auto& hit : hits) {
      CHORUS_ASSIGN_OR_RETURN(auto record, Get(hit.key));
      if (record) records.push_back(std::move(*record));
    }
    std::sort(records.begin(), records.end(),
              [](const StoredRecord& a, const StoredRecord& b) { return a.key < b.key; });
    return records;
  }

  // Store-wide metadata (schema version, key-derivation salt, wrapped keys).
  // Values are bytes; nothing secret is stored here unwrapped.
  virtual Result<std::optional<std::string>> GetMeta(std::string_view name) = 0;

  // The names of every metadata entry, in byte order.
  virtual Result<std::vector<std::string>> ListMetaNames() = 0;
};

// A write transaction sees its own writes. Without Commit() it rolls back
// when destroyed. Writers are serialised by the engine: Begin may wait, and
// returns Unavailable when the store stays busy.
class WriteTransaction : public ReadTransaction {
 public:
  // Inserts or replaces the record with `record.key`, and its tokens. The
  // caller sets `version`.
  virtual Status Put(const StoredRecord& record) = 0;

  // Inserts a new record; AlreadyExists when `record.key` is taken (the
  // transaction stays usable).
  virtual Status Insert(const StoredRecord& record) = 0;

  // Inserts every record of `records` or none of them: the bulk form of
  // Insert, for imports. AlreadyExists when a key is taken (by a stored
  // record or an earlier record of the batch); then no record of the batch
  // is left behind and the transaction stays usable. After another error
  // (I/O) the engine undoes what it can; roll the transaction back.
  // `failed_index` (OUT, may be null) receives the position in `records` of
  // the record that failed, when one did. Engines override it to write a
  // batch in fewer statements; this default inserts one by one and deletes
  // what it inserted when one fails.
  virtual Status InsertMany(std::span<const StoredRecord> records, size_t* failed_index) {
    for (size_t record_idx = 0; record_idx < records.size(); ++record_idx) {
      Status inserted = Insert(records[record_idx]);
      if (inserted.ok()) continue;
      if (failed_index != nullptr) *failed_index = record_idx;
      for (size_t undo_idx = record_idx; undo_idx > 0; --undo_idx) {
        CHORUS_RETURN_IF_ERROR(Delete(records[undo_idx - 1].key));
      }
      return inserted;
    }
    return Status::Ok();
  }

  // NotFound when there is no such record.
  virtual Status Delete(std::string_view key) = 0;

  // Replaces the record stored under `old_key` with `record`, whose key may
  // differ (a re-sealed record under a new data key), and its tokens. The
  // record keeps its place in creation order, which a Delete and Insert
  // would lose. NotFound when no record has `old_key`; AlreadyExists when
  // another record has `record.key`; then nothing changed and the
  // transaction stays usable. The caller sets `version`.
  virtual Status Replace(std::string_view old_key, const StoredRecord& record) = 0;

  virtual Status SetMeta(std::string_view name, std::string_view value) = 0;

  // Called after this transaction wrote `records_written` records in bulk
  // (an import): the engine may reorganise its search index for reads, in
  // this transaction, when the load was large against what the store held.
  // The default does nothing.
  virtual Status AfterBulkLoad(size_t records_written) {
    (void)records_written;
    return Status::Ok();
  }

  // Makes every write durable; once it returns OK a crash loses nothing.
  // REQUIRES: called at most once.
  virtual Status Commit() = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // "sqlite" or "postgresql".
  virtual std::string_view engine() const = 0;

  virtual Result<std::unique_ptr<ReadTransaction>> BeginRead() = 0;
  virtual Result<std::unique_ptr<WriteTransaction>> BeginWrite() = 0;

  // A number that every committed write transaction raises, read from the
  // newest committed state in one statement (no transaction to open or end).
  // While it stays the same the store holds the same data, so a caller may
  // keep what it derived from the store (a rendered view) until it changes.
  // It counts the store's commits, whichever process or server made them.
  virtual Result<int64_t> ChangeCount() = 0;
};

// How many of a query token's newest holders Search ranks (ReadTransaction::
// Search), so a word that half the store holds costs what a rare one does.
inline constexpr size_t kSearchHoldersPerToken = 200;

// The schema version the engines of this build create and read; each engine
// migrates older stores forward on open and refuses newer ones.
inline constexpr int kSchemaVersion = 3;

}  // namespace chorus::store
