// File: records/audit.h
// The tamper-evident audit log: one entry per create, update, delete, read of
// a sealed value, export, login, failed login, key change and case move,
// written in the same store transaction as the change it describes (so an
// entry exists exactly when its change does). Entries are hash-chained with
// BLAKE2b from a genesis entry; the chain head is signed with the store's
// Ed25519 key. VerifyAudit walks the whole chain. Design: docs/SECURITY.md
// ("Audit log").
//
// Storage: entry N is a sealed document of kind "audit" named N in 12
// zero-padded digits, holding the entry as JSON; the head ({"sequence",
// "hash", "signature"}) is store metadata, so an append reads one value
// instead of scanning. hash = BLAKE2b-256 of a length-prefixed encoding of
// every field and the previous entry's hash (AuditEntryHash).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "core/model.h"
#include "records/vault.h"

namespace chorus::records {

// What happened, as the caller describes it.
struct AuditEvent {
  std::string actor;         // user name; "cli:<name>" for command-line work
  std::string action;        // "create", "update", "delete", "read-sealed", "export",
                             // "login", "login-failed", "key-change", "case-add", "case-claim", ...
  std::string kind;          // record kind, "case", "user", "" when none
  std::string record;        // record or case id, "" when none
  std::string content_hash;  // hex BLAKE2b-256 of the new content, "" when none
  std::string detail;        // short free text (a reason); stored sealed like the rest
};

// One entry as stored and verified.
struct AuditEntry {
  int64_t sequence = 0;  // 0 is the genesis entry
  Timestamp at;          // UTC
  AuditEvent event;
  std::string previous_hash;  // hex; "" for genesis
  std::string hash;           // hex BLAKE2b-256 over sequence, time, event and previous_hash
};

// Limits on an event's fields (InvalidArgument beyond them): an entry is a
// note about a change, not a place for content.
inline constexpr size_t kMaxAuditFieldBytes = 256;    // actor, action, kind, record
inline constexpr size_t kMaxAuditDetailBytes = 2000;  // detail

// Appends one entry inside `writer`'s transaction: it is kept exactly when
// the transaction commits. Errors: InvalidArgument for an event with an empty
// action or an oversized or malformed field; DataLoss when the stored head is
// missing, malformed or not validly signed (appending would otherwise bless
// a tampered log: run `chorus audit verify`); FailedPrecondition when the
// store has no usable signing key. Cost: one metadata read, one signature
// check, one insert, one signature, one metadata write.
// REQUIRES: writer is the store's only writer (engines serialise).
Status AppendAudit(RecordWriter& writer, const AuditEvent& event, Timestamp at);

// Starts the log of a store that has none: the genesis entry (sequence 0,
// action "genesis", naming the signing key) and a "key-change" entry with
// `detail`, both by `actor`. Called where keys are created
// (InitializeKeys, the upgrade in Vault::Unlock). FailedPrecondition when the
// store already has a head.
Status StartAudit(RecordWriter& writer, std::string_view actor, Timestamp at,
                  std::string_view detail);

struct AuditFilter {
  std::optional<std::string> actor;
  std::optional<std::string> action;
  std::optional<std::string> record;
  std::optional<Timestamp> since;  // since <= at
  std::optional<Timestamp> until;  // at < until
  size_t limit = 1000;             // 0: no limit
};

// The newest `filter.limit` entries matching `filter`, oldest first. Does not
// verify the chain: a missing entry is skipped; one that fails to open is
// DataLoss naming its sequence. With `record` set it reads that record's
// entries through a blind index instead of walking the whole log.
Result<std::vector<AuditEntry>> ListAudit(RecordReader& reader, const AuditFilter& filter);

// Checks the whole chain: every entry opens, sequences are contiguous from
// genesis, every hash links to the one before, and the signed head names the
// last entry. DataLoss naming the first bad entry's sequence otherwise.
// Returns the number of entries verified.
Result<int64_t> VerifyAudit(RecordReader& reader);

// The chain head as stored (not verified: VerifyAudit does that).
struct AuditHead {
  int64_t sequence = 0;
  std::string hash;       // hex, the hash of entry `sequence`
  std::string signature;  // hex Ed25519 signature of AuditHeadMessage
};
// nullopt when the store has no head; DataLoss when it is malformed.
Result<std::optional<AuditHead>> ReadAuditHead(RecordReader& reader);

// VerifyAudit, and then checks that the log still holds `known`: a head
// recorded outside the store earlier (printed by `chorus audit verify`).
// This catches what VerifyAudit alone cannot: the store, or its log, rolled
// back to an older consistent state. DataLoss when entry known.sequence is
// gone or has another hash.
Result<int64_t> VerifyAuditAgainst(RecordReader& reader, int64_t known_sequence,
                                   std::string_view known_hash);

// An entry as the store keeps it (sealed) and as `chorus audit log --json`
// and GET /api/audit show it: one JSON object with sequence, time (always
// with milliseconds), actor, action, kind, record, content_hash, detail,
// previous_hash and hash.
std::string EncodeAuditEntry(const AuditEntry& entry);

// The bytes the head signature covers.
std::string AuditHeadMessage(int64_t sequence, std::string_view hash);
// The hash of `entry` from its fields (ignores entry.hash).
std::string AuditEntryHash(const AuditEntry& entry);
// "2024-05-01T12:00:00.250Z": UTC, always with milliseconds.
std::string FormatAuditTime(Timestamp at);

// The document kind of entries (never a record kind name).
inline constexpr std::string_view kAuditDocumentKind = "audit";

// The index terms an entry was stored under, from its stored JSON, so a key
// rotation (records/key_rotation.h) can make their blind tokens again.
// DataLoss when the JSON is not an entry.
Result<std::vector<std::string>> AuditIndexTerms(std::string_view entry_json);

// Hex BLAKE2b-256 of `content`: the content_hash of an event.
std::string ContentHash(std::string_view content);
// ContentHash of a record's canonical JSON (formats::EncodeRecord).
std::string RecordContentHash(const core::Record& record);

// Hashes a sequence of records (an import or an export) into one
// content_hash in constant memory: d0 = 32 zero bytes, d(i) = BLAKE2b-256 of
// d(i-1) followed by record i's canonical JSON; the digest is hex d(n). An
// export and the import of that export have the same digest.
class RecordSetHasher {
 public:
  RecordSetHasher();
  void Add(const core::Record& record);
  // The same, from the record's canonical JSON (formats::EncodeRecord).
  void AddCanonical(std::string_view canonical_json);
  size_t count() const { return count_; }
  std::string FinishHex() const;

 private:
  std::string digest_;
  size_t count_ = 0;
};

}  // namespace chorus::records
