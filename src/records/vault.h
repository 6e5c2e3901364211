// File: records/vault.h
// The encrypted record store: typed domain records in, sealed rows and blind
// search tokens out, over any engine of store::Store. Everything a user
// writes (names, text, places, notes) leaves this layer only as ciphertext
// (XChaCha20-Poly1305 under the store's data key) or as keyed tokens.
// Key hierarchy and leakage: docs/SECURITY.md.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "compartments/keyring.h"
#include "core/model.h"
#include "crypto/crypto.h"
#include "store/store.h"

namespace chorus::records {

// Writes the key material of a new store: a random data key, wrapped by a key
// derived from `passphrase` with Argon2id (`params`), and the audit log's
// Ed25519 signing key, wrapped by the data key. In the same transaction it
// starts the audit log (records/audit.h) with a genesis entry and a
// "key-change" entry by `actor` at `at`. FailedPrecondition if the store
// already has keys; InvalidArgument for an empty passphrase.
Status InitializeKeys(store::Store& store, std::string_view passphrase,
                      const crypto::KdfParams& params, std::string_view actor = "chorus",
                      Timestamp at = SystemClock().Now());

struct SearchResult {
  core::Record record;
  double score = 0;
};

// A search hit not yet read: the row it names, its kind and score. Counting
// or filtering hits by kind needs no decryption; RecordReader::Open reads
// the ones to show.
struct SearchHitRef {
  std::string row_key;
  core::RecordKind kind = core::RecordKind::kSource;
  double score = 0;
};

class RecordWriter;

// Reads records through one store transaction. Not thread-safe.
class RecordReader {
 public:
  virtual ~RecordReader() = default;

  // nullopt when there is no record with this id. DataLoss when the stored
  // body fails authentication (tampered with or moved between rows).
  Result<std::optional<core::Record>> Get(std::string_view id);
  // NotFound naming the id when absent.
  Result<core::Record> Require(std::string_view id);

  // Every record of one kind, in id order.
  Result<std::vector<core::Record>> ListKind(core::RecordKind kind);
  // One page of a kind in storage order (not id order): `cursor` is "" for
  // the first page and the returned cursor for the next; "" when done.
  Result<std::vector<core::Record>> ListPage(core::RecordKind kind, std::string& cursor,
                                             size_t limit);
  Result<int64_t> Count(core::RecordKind kind);

  // Records that refer to `id` (any field of ReferencesOf), optionally of one
  // kind only.
  Result<std::vector<core::Record>> Referencing(std::string_view id,
                                                std::optional<core::RecordKind> kind = {});

  // Full-text search over every record's words (any script), best first.
  Result<std::vector<SearchResult>> Search(std::string_view query, size_t limit);
  // The same hits, unread (SearchHitRef).
  Result<std::vector<SearchHitRef>> FindRecords(std::string_view query, size_t limit);
  // The record a hit names; nullopt when it is gone. DataLoss as Get.
  Result<std::optional<core::Record>> Open(const SearchHitRef& hit);
  // Open for each hit, in one store read: one entry per hit, in order.
  Result<std::vector<std::optional<core::Record>>> OpenMany(std::span<const SearchHitRef> hits);
  // The row key a record id is stored under (SearchHitRef::row_key).
  std::string RowKeyOf(std::string_view id) const { return KeyOf(id); }

  // Sealed documents that are not domain records (users, sessions, settings):
  // a JSON text stored encrypted under (`kind`, `name`). `kind` must not be
  // a record kind name. nullopt when absent.
  Result<std::optional<std::string>> GetDocument(std::string_view kind, std::string_view name);
  // Every document of one kind as (name, json), in name order.
  Result<std::vector<std::pair<std::string, std::string>>> ListDocuments(std::string_view kind);
  // How many documents of one kind are stored (without opening them).
  Result<int64_t> CountDocuments(std::string_view kind);
  // Documents of `kind` indexed under `term` (InsertDocument), as (name,
  // json) in name order, at most `limit` of them (which ones, when more
  // match, is up to the engine); `complete` tells whether every match fit.
  struct FoundDocuments {
    std::vector<std::pair<std::string, std::string>> documents;
    bool complete = true;
  };
  Result<FoundDocuments> FindDocuments(std::string_view kind, std::string_view term, size_t limit);

  // The published keys of a compartment (compartments/keyring.h); nullopt
  // while the compartment has no key yet (no user holds it).
  Result<std::optional<compartments::CompartmentState>> GetCompartment(
      core::Compartment compartment);

  // The audit log's signed chain head (records/audit.h) as stored in the
  // store's metadata; nullopt when there is none.
  Result<std::optional<std::string>> GetAuditHead();
  // The store's Ed25519 audit public key, raw bytes. FailedPrecondition when
  // the store has no usable audit signing key (see Vault::Unlock).
  Result<std::string> AuditPublicKey() const;
  // The public key as the store's metadata publishes it (hex), for checking
  // it against the unwrapped key; nullopt when absent.
  Result<std::optional<std::string>> PublishedAuditPublicKey();

  // Ordered index rows (queues, deadlines): the caller chooses an order key
  // and rows come back in its byte order, with a sealed payload. The order
  // key is stored in the clear so the engine can sort it: it must carry
  // nothing that is sealed elsewhere (docs/SECURITY.md lists what it shows).
  // `kind` must not be a record kind. Rows after `after` ("" = from the
  // start), at most `limit`.
  struct IndexRow {
    std::string order_key;
    std::string payload;
  };
  Result<std::vector<IndexRow>> ListIndex(std::string_view kind, std::string_view after,
                                          size_t limit);
  // The number of rows of `kind` whose order key sorts before `order_key`,
  // without opening their payloads.
  Result<int64_t> CountIndexBefore(std::string_view kind, std::string_view order_key);

 protected:
  friend class Vault;
  RecordReader(std::shared_ptr<const struct VaultKeys> keys, store::ReadTransaction& txn)
      : keys_(std::move(keys)), read_(txn) {}

  Result<core::Record> Decode(const store::StoredRecord& stored) const;
  std::string KeyOf(std::string_view id) const;
  std::string DocumentKeyOf(std::string_view kind, std::string_view name) const;
  Result<std::pair<std::string, std::string>> OpenDocument(const store::StoredRecord& stored) const;
  static std::string IndexRowKeyOf(std::string_view kind, std::string_view order_key);

  std::shared_ptr<const struct VaultKeys> keys_;
  store::ReadTransaction& read_;
};

class ReadSession final : public RecordReader {
 public:
  ReadSession(std::shared_ptr<const VaultKeys> keys, std::unique_ptr<store::ReadTransaction> txn)
      : RecordReader(std::move(keys), *txn), txn_(std::move(txn)) {}

 private:
  std::unique_ptr<store::ReadTransaction> txn_;
};

// Reads and writes through one write transaction; nothing is kept unless
// Commit() returns OK.
class RecordWriter final : public RecordReader {
 public:
  RecordWriter(std::shared_ptr<const VaultKeys> keys, std::unique_ptr<store::WriteTransaction> txn)
      : RecordReader(std::move(keys), *txn), txn_(std::move(txn)) {}

  // The record as it will be stored: open identity fields sealed to their
  // compartment's current key (compartments/seal.h). While a compartment
  // has no key yet they stay open, under the data key only, until the
  // compartment is founded (server/compartment_keys.h seals them then). A
  // `sealed` part must name a key of this store's compartment
  // (InvalidArgument otherwise). Create and Update call it; a caller that
  // hashes what is stored calls it first.
  Result<core::Record> SealForStorage(core::Record record);

  // Publishes a compartment's keys (replacing what was there).
  Status PutCompartment(const compartments::CompartmentState& state);

  // Creates a record: AlreadyExists naming the id when taken. Validates the
  // record alone (core::ValidateRecord); references are the caller's to check.
  // `canonical_json`, when given, receives the JSON that was sealed
  // (formats::EncodeRecord), so a caller hashing it (an import's audit
  // digest) does not encode the record twice.
  Status Create(const core::Record& record, std::string* canonical_json = nullptr);

  // Bulk creation, for imports: PrepareCreate does everything Create does
  // before the write (validate, seal to compartments, encode, seal, tokens)
  // and CreatePrepared writes a batch of its results, so the two can run on
  // different threads and the store writes a batch at a time.
  struct PreparedRecord {
    store::StoredRecord stored;
    std::string canonical_json;  // what was sealed (formats::EncodeRecord)
  };
  // Reads every compartment's keys into this writer, so PrepareCreate does
  // not read the store.
  Status LoadCompartments();
  // The record as Create would store it; the same errors as Create except
  // AlreadyExists (CreatePrepared finds that). Touches neither the store nor
  // this writer's state: safe to call from another thread while this writer
  // writes. REQUIRES: LoadCompartments() returned OK, and no PutCompartment
  // since.
  Result<PreparedRecord> PrepareCreate(core::Record record) const;
  // Creates every prepared record or none: AlreadyExists (the engine's
  // message) when an id is taken, with `failed_index` (OUT, may be null) set
  // to its position in `records`.
  Status CreatePrepared(std::span<const store::StoredRecord> records, size_t* failed_index);

  // Replaces an existing record of the same kind (NotFound / InvalidArgument
  // otherwise). An original file is immutable: FailedPrecondition.
  Status Update(const core::Record& record);
  // NotFound when absent; FailedPrecondition when other records refer to it.
  Status Delete(std::string_view id);

  // Checks that every reference of `record` names an existing record of the
  // right kind: InvalidArgument naming the field and the missing id.
  Status CheckReferences(const core::Record& record);

  // Writes (creates or replaces) a sealed document; see GetDocument.
  Status PutDocument(std::string_view kind, std::string_view name, std::string_view json);
  // NotFound when absent.
  Status DeleteDocument(std::string_view kind, std::string_view name);
  // Creates a document that must not exist yet (AlreadyExists otherwise),
  // indexed under `index_terms` for FindDocuments. The terms are stored only
  // as blind tokens.
  Status InsertDocument(std::string_view kind, std::string_view name, std::string_view json,
                        const std::vector<std::string>& index_terms);

  // Signs `message` with the store's audit key (records/audit.h).
  // FailedPrecondition when the store has no usable audit signing key.
  Result<std::string> SignAudit(std::string_view message) const;
  // Replaces the audit log's chain head in the store's metadata.
  Status SetAuditHead(std::string_view head);

  // Writes (creates or replaces) an ordered index row; see ListIndex.
  Status PutIndex(std::string_view kind, std::string_view order_key, std::string_view payload);
  // NotFound when absent.
  Status DeleteIndex(std::string_view kind, std::string_view order_key);

  // See store::WriteTransaction::AfterBulkLoad.
  Status AfterBulkLoad(size_t records_written) { return txn_->AfterBulkLoad(records_written); }

  Status Commit() { return txn_->Commit(); }

 private:
  // SealForStorage with the compartment states already read: Internal when
  // the record needs one that is not.
  Result<core::Record> SealLoaded(core::Record record) const;
  Result<store::StoredRecord> Encode(const core::Record& record, int64_t version,
                                     std::string* canonical_json = nullptr) const;
  store::StoredRecord SealDocument(std::string_view kind, std::string_view name,
                                   std::string_view json) const;
  std::unique_ptr<store::WriteTransaction> txn_;
  // Compartment states read by SealForStorage in this transaction.
  std::map<core::Compartment, std::optional<compartments::CompartmentState>> compartments_;
  // Compartment states LoadCompartments could not read, for SealLoaded.
  std::map<core::Compartment, Status> compartment_errors_;
};

// An unlocked store. Thread-safe: each session has its own transaction.
class Vault {
 public:
  // Unauthenticated("wrong passphrase") when the passphrase does not unwrap
  // the data key; FailedPrecondition when the store has no keys (not
  // initialised). A store made before the audit log is given its audit
  // signing key and genesis entry here, once (when the store is writable).
  static Result<Vault> Unlock(store::Store& store, std::string_view passphrase);

  Result<std::unique_ptr<ReadSession>> Read();
  Result<std::unique_ptr<RecordWriter>> Write();

  store::Store& store() { return *store_; }

 private:
  Vault(store::Store& store, std::shared_ptr<const VaultKeys> keys)
      : store_(&store), keys_(std::move(keys)) {}
  store::Store* store_;
  std::shared_ptr<const VaultKeys> keys_;
};

// The search tokens of a record (exposed for tests and the benchmark).
std::vector<std::string> SearchTermsOf(const core::Record& record);

}  // namespace chorus::records
