// File: records/internal/key_change.h
// The steps of a key change that need the vault's private knowledge (how the
// data key is wrapped in metadata, how each kind of row is sealed and keyed),
// for records/key_rotation.cc only. Everything here works inside a write
// transaction the caller owns, so a key change is all or nothing.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "crypto/crypto.h"
#include "records/vault.h"
#include "store/store.h"

namespace chorus::records::internal {

// The store's data key, unwrapped from `txn`'s metadata with `passphrase`.
// Errors: Unauthenticated("wrong passphrase for this store");
// FailedPrecondition when the store has no keys, or was made before the audit
// log and not yet upgraded (Vault::Unlock upgrades it); DataLoss when the
// key-derivation parameters are damaged.
Result<crypto::SecretBytes> UnwrapDataKey(store::ReadTransaction& txn, std::string_view passphrase);

// Stores `new_data_key` wrapped under `passphrase` with a new salt and
// `params`, moves every key the data key wraps (the audit signing key) from
// `old_data_key` to `new_data_key`, and records which data key is current
// (so vaults unlocked with another one refuse to read or write). Passing the
// same key twice only re-wraps it: a passphrase change. Once the transaction
// commits, no other passphrase opens the store.
// InvalidArgument for an empty passphrase; DataLoss when the audit signing
// key does not open under `old_data_key`.
Status WrapDataKey(store::WriteTransaction& txn, const crypto::SecretBytes& old_data_key,
                   const crypto::SecretBytes& new_data_key, std::string_view passphrase,
                   const crypto::KdfParams& params);

// The keys of `data_key`, with the audit signing key read from `txn`.
Result<std::shared_ptr<const VaultKeys>> LoadVaultKeys(store::ReadTransaction& txn,
                                                       const crypto::SecretBytes& data_key);

// The index terms a document was inserted with (RecordWriter::InsertDocument),
// recomputed from its kind, name and JSON, so its blind tokens can be made
// again under a new key.
using DocumentTerms = std::function<Result<std::vector<std::string>>(
    std::string_view kind, std::string_view name, std::string_view json)>;

// `row`, a record, document or ordered index row stored under `from`, as it
// must be stored under `to`: the same plaintext sealed again, the row key and
// search tokens recomputed (an index row keeps its clear "<kind>|<order key>"
// key), the version kept.
// Errors: DataLoss when the row does not open under `from` or sits under the
// wrong key; FailedPrecondition when a document carries index tokens that
// `document_terms` does not reproduce (rotating would lose them).
Result<store::StoredRecord> ResealRow(const store::StoredRecord& row, const VaultKeys& from,
                                      const VaultKeys& to, const DocumentTerms& document_terms);

}  // namespace chorus::records::internal
