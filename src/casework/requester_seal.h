// File: casework/requester_seal.h
// A case's requester (name, contact, where they are) sealed under the
// requesters compartment (issue #4): the case document keeps only the
// sealed box once the compartment has a key; caseworkers who were granted
// it open it.
#pragma once

#include "access/policy.h"
#include "base/status.h"
#include "casework/case.h"
#include "compartments/keyring.h"
#include "records/vault.h"

namespace chorus::casework {

// True when the case holds an open requester name, contact or location.
bool HasOpenRequester(const Case& c);

// Seals the open requester to `key` and clears it. InvalidArgument when
// `key` is not of the requesters compartment.
Status SealRequester(Case& c, const compartments::CompartmentKey& key);

// Opens the sealed requester with `keyring`: false, the case unchanged, when
// nothing is sealed or the keyring lacks the key; DataLoss when the box does
// not open or belongs to another case.
Result<bool> OpenRequester(Case& c, const compartments::Keyring& keyring);

// The case as `role` may see it: the requester opened with `keyring` (when
// given) for a role that holds the requesters compartment, removed for
// others. DataLoss as for OpenRequester. The one rule for the API and the CLI.
Status RevealRequesterForRole(access::Role role, const compartments::Keyring* keyring, Case& c);

// Seals, in `writer`'s transaction, the open requester of every stored case
// to the compartment's current key (none: nothing to do). Returns how many.
Result<int64_t> SealOpenRequesters(records::RecordWriter& writer);

}  // namespace chorus::casework
