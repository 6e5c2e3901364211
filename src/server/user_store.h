// File: server/user_store.h
// Users kept as sealed documents of kind "user" in the store (one per name:
// {"role": ..., "password_hash": ..., "created_at": ...}), shared by the
// server and `chorus user`.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "access/users.h"
#include "base/clock.h"
#include "base/status.h"
#include "records/vault.h"

namespace chorus::server {

inline constexpr std::string_view kUserDocumentKind = "user";

// Each change appends an audit entry by `actor` (kind "user", the user's
// name as the record) in its own transaction (records/audit.h).

// Stores a new user. AlreadyExists when the name is taken. Founds the
// compartments the user's role holds that have no key yet
// (server/compartment_keys.h); for the others the user waits for a grant.
Status AddUser(records::Vault& vault, const access::User& user, Timestamp created_at,
               std::string_view actor = "chorus");

// Replaces an existing user's role, hash and keys. NotFound when absent. A
// role change revokes the compartments the old role held and the new does
// not (a new key for each, see RevokeCompartments), and founds those of the
// new role that have no key. FailedPrecondition when the user is the last
// holder of a compartment the new role does not hold, unless `force` (the
// compartment's keys are then lost, as for RemoveUser).
Status UpdateUser(records::Vault& vault, const access::User& user, std::string_view actor,
                  Timestamp at, bool force = false);

// NotFound when absent. Revokes the user's compartments (a new key for
// each); FailedPrecondition when they are the last user holding one, unless
// `force` (see RevokeCompartments).
Status RemoveUser(records::Vault& vault, std::string_view name, std::string_view actor,
                  Timestamp at, bool force = false);

// Writes a user's document (keeping its creation time) in the caller's
// transaction, without an audit entry: for key grants, which audit
// themselves.
Status PutUserDocument(records::RecordWriter& writer, const access::User& user);

// nullopt when absent; DataLoss when the stored document is not a user.
Result<std::optional<access::User>> FindUser(records::RecordReader& reader, std::string_view name);

// Every user, in name order.
Result<std::vector<access::User>> ListUsers(records::RecordReader& reader);

}  // namespace chorus::server
