// File: records/key_rotation.h
// Key management without re-importing: changing the store passphrase
// (re-wraps the data key) and rotating the data key (re-seals every row under
// a new one). Each is one write transaction that also appends a "key-change"
// audit entry: all or nothing. Why and when: docs/SECURITY.md ("Key
// management").
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "base/clock.h"
#include "base/status.h"
#include "crypto/crypto.h"
#include "store/store.h"

namespace chorus::records {

// Re-wraps the store's data key under `new_passphrase`, with a new salt and
// `params` (so a store can also move to stronger Argon2id parameters here).
// No row is rewritten; vaults unlocked before keep working. Once it returns
// OK the old passphrase opens nothing; on any error nothing changed.
// Errors: Unauthenticated when `old_passphrase` does not open the store;
// InvalidArgument when `new_passphrase` is empty or equals the old one;
// FailedPrecondition when the store has no keys.
Status ChangePassphrase(store::Store& store, std::string_view old_passphrase,
                        std::string_view new_passphrase, const crypto::KdfParams& params,
                        std::string_view actor = "chorus", Timestamp at = SystemClock().Now());

// Called with (rows re-sealed, rows in all) as a rotation goes.
using RotationProgress = std::function<void(int64_t rows_done, int64_t rows_total)>;

struct RotationSummary {
  int64_t records = 0;     // rows of a core::RecordKind
  int64_t documents = 0;   // sealed documents: users, cases, audit entries, ...
  int64_t index_rows = 0;  // ordered index rows: queues, deadlines, ...
};

// Draws a new random data key and, in one write transaction: re-seals every
// row of every kind the store holds (ListKinds: records, documents and index
// rows of any feature) under its subkeys, recomputes every keyed row key and
// blind search token, moves the audit signing key to it, wraps it under
// `passphrase` with a new salt and `params`, and appends a "key-change" audit
// entry by `actor`. Plaintexts, versions and the audit chain are unchanged.
//
// Afterwards the old data key (e.g. an old copy of the wrapped key with the
// old passphrase) opens none of the store's rows. A crash or error before the
// commit leaves the store as it was, the old key working. Vaults unlocked
// before the rotation refuse further reads and writes (FailedPrecondition):
// restart `chorus serve` after rotating.
//
// Cost: every row is read, decrypted, re-sealed and written once, and the
// write lock is held throughout (about the time of importing the store);
// memory grows by about 100 bytes per row (the new row keys of the kind in
// progress).
// Errors: Unauthenticated for a wrong passphrase; DataLoss when a row does not
// open under the current key (the store needs repair first; nothing
// changed); FailedPrecondition when a row holds index tokens this build
// cannot recompute; the engine's errors (Unavailable, ...).
Result<RotationSummary> RotateDataKey(store::Store& store, std::string_view passphrase,
                                      const crypto::KdfParams& params,
                                      const RotationProgress& progress = {},
                                      std::string_view actor = "chorus",
                                      Timestamp at = SystemClock().Now());

}  // namespace chorus::records
