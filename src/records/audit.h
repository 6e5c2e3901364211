// File: records/audit.h
// The tamper-evident audit log: one entry per create, update, delete, read of
// a sealed value, export, login, failed login, key change and case move,
// written in the same store transaction as the change it describes (so an
// entry exists exactly when its change does). Entries are hash-chained with
// BLAKE2b from a genesis entry; the chain head is signed with the store's
// Ed25519 key. VerifyAudit walks the whole chain. Design: docs/SECURITY.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
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

// Appends one entry inside `writer`'s transaction: it is kept exactly when
// the transaction commits. Creates the genesis entry first when the log is
// empty. REQUIRES: writer is the store's only writer (engines serialise).
Status AppendAudit(RecordWriter& writer, const AuditEvent& event, Timestamp at);

struct AuditFilter {
  std::optional<std::string> actor;
  std::optional<std::string> action;
  std::optional<std::string> record;
  std::optional<Timestamp> since;
  std::optional<Timestamp> until;
  size_t limit = 1000;
};

// Entries matching `filter`, oldest first. Does not verify the chain.
Result<std::vector<AuditEntry>> ListAudit(RecordReader& reader, const AuditFilter& filter);

// Checks the whole chain: every entry opens, sequences are contiguous from
// genesis, every hash links to the one before, and the signed head names the
// last entry. DataLoss naming the first bad entry's sequence otherwise.
// Returns the number of entries verified.
Result<int64_t> VerifyAudit(RecordReader& reader);

}  // namespace chorus::records
