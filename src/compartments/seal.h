// File: compartments/seal.h
// Sealing the identity fields of records, and other values (a case's
// requester), to a compartment key; opening them with a Keyring.
//
// A sealed value's plaintext names its compartment and the record it
// belongs to, so a box copied onto another record does not open there.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "compartments/keyring.h"
#include "core/model.h"

namespace chorus::compartments {

// The compartment whose fields a record of this kind can carry: sources for
// a source, people-at-risk for a person, nullopt for other kinds.
std::optional<core::Compartment> CompartmentOfKind(core::RecordKind kind);

// True when `record` holds open values that belong in a compartment: a
// source's identity, or names or birth dates of a person at risk.
bool HasOpenSealable(const core::Record& record);

// Seals the open values of `record` to `key` and clears them (the record
// then carries `sealed`). InvalidArgument when `key` is of another
// compartment. No-op when there is nothing open to seal.
Status SealRecord(core::Record& record, const CompartmentKey& key);

// Opens the sealed part of `record` with `keyring`, putting the values back
// and clearing `sealed`. Returns false, leaving the record unchanged, when
// there is nothing sealed or the keyring lacks the key; DataLoss when the box
// does not open with the key it names or belongs to another record.
Result<bool> OpenRecord(core::Record& record, const Keyring& keyring);

// The same for any text bound to `owner_id` (e.g. a case id).
core::SealedPart SealValue(const CompartmentKey& key, std::string_view owner_id,
                           std::string_view plaintext);
// nullopt when the keyring lacks the key; DataLoss as for OpenRecord.
Result<std::optional<std::string>> OpenValue(const core::SealedPart& part,
                                             std::string_view owner_id, const Keyring& keyring);

}  // namespace chorus::compartments
