// File: server/compartment_keys.h
// Who holds which compartment key (issue #4), shared by the server and the
// `chorus user` and `chorus keys` commands. The rules:
// - Founding: the first user whose role holds a compartment gets its first
//   key pair (the secret sealed to the user's own public key), and every
//   value of the compartment still open is sealed to it in the same
//   transaction.
// - Granting: a user whose role holds a compartment but who lacks some of
//   its keys gets them from a holder who has them: at the holder's next
//   login, or by `chorus keys grant --as HOLDER`. Nobody else can: the
//   store passphrase opens no compartment key.
// - Revoking: when a user is removed or loses the role, each compartment
//   they held gets a new key pair, sealed to every remaining holder; new
//   values are sealed to it, so the old user's keys, even copied, do not
//   open them. Values sealed before stay under the older keys (the old user
//   could read those already).
// Every function works inside the caller's write transaction and appends
// its audit entries there.
#pragma once

#include <string_view>
#include <vector>

#include "access/users.h"
#include "base/clock.h"
#include "base/status.h"
#include "compartments/keyring.h"
#include "core/model.h"
#include "records/vault.h"

namespace chorus::server {

// Founds each compartment `user`'s role holds that has no key yet (see
// above), adding the grant to `user` (the caller stores the user). Returns
// the compartments founded.
Result<std::vector<core::Compartment>> FoundCompartments(records::RecordWriter& writer,
                                                         access::User& user, Timestamp at,
                                                         std::string_view actor);

// Seals every still-open value of `compartment` to its current key: sources'
// identities, people at risk's names, cases' requesters. Returns how many.
Result<int64_t> SealOpenValues(records::RecordWriter& writer, core::Compartment compartment);

// Grants every user whose role holds a compartment each key of it that
// `holder` has and they lack (users without a key pair wait for their next
// login). Returns the number of grants made.
Result<int64_t> GrantPending(records::RecordWriter& writer, const compartments::Keyring& holder,
                             Timestamp at, std::string_view actor);

// The compartments whose keys some user should have and lacks: one entry per
// (user, compartment), for `chorus keys status`.
struct PendingGrant {
  std::string user;
  core::Compartment compartment;
};
Result<std::vector<PendingGrant>> ListPendingGrants(records::RecordReader& reader);

// Called when `user` (as stored before the change) is removed or gets role
// `new_role` (nullopt: removed). Rotates each compartment they lose that
// has keys. FailedPrecondition, changing nothing, when no other user holds
// every key of such a compartment (its sealed values would become
// unopenable); the message says what to do. With `force` it goes ahead: the
// remaining holders get the new key, and when none remain the compartment
// is retired (nothing seals until a new holder founds it again).
Status RevokeCompartments(records::RecordWriter& writer, const access::User& user,
                          std::optional<access::Role> new_role, Timestamp at,
                          std::string_view actor, bool force = false);

// The compartment keys `user` holds, opened with their secret key
// (access::UnlockUserSecret): only of compartments their role holds now.
Result<compartments::Keyring> OpenKeyring(records::RecordReader& reader, const access::User& user,
                                          const crypto::SecretBytes& user_secret);

// The same from their password (one Argon2id run). Unauthenticated for a
// wrong password.
Result<compartments::Keyring> UnlockKeyring(records::RecordReader& reader, const access::User& user,
                                            std::string_view password);

// At a user's successful login (server or `--as` on the command line): their
// compartment keys, after making their key pair (a user from before
// compartments), founding the compartments of their role that have none,
// and granting other users the keys they lack. The Argon2id runs come
// before the write lock is taken. Unauthenticated for a wrong password.
Result<compartments::Keyring> OpenCompartmentsAtLogin(records::Vault& vault, access::User user,
                                                      std::string_view password, Timestamp now);

}  // namespace chorus::server
