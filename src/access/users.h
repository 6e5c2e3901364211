// File: access/users.h
// User accounts: a name, a role and an Argon2id password hash. Where users
// are kept (sealed documents in the store) is the caller's business.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/policy.h"
#include "base/status.h"
#include "crypto/crypto.h"

namespace chorus::access {

// A user's own X25519 key pair (issue #4): compartment keys are sealed to
// its public half, and its secret half is wrapped by a key derived from the
// user's password (Argon2id with a salt of its own, apart from the password
// hash). So a compartment key opens only at the user's login, and the store
// passphrase alone opens none.
struct UserKeys {
  std::string public_key;      // raw, crypto::kBoxPublicKeyBytes
  std::string wrapped_secret;  // crypto::WrapKey under the password key
  std::string salt;            // Argon2id salt of the password key
};

// A compartment key (by id) sealed to the user's public key.
struct Grant {
  std::string key_id;
  std::string box;  // crypto::SealToPublicKey(user public key, compartment secret)
};

struct User {
  std::string name;
  Role role = Role::kViewer;
  std::string password_hash;  // crypto::HashPassword output (Argon2id)
  // Absent for a user made before compartments: made at their next login.
  std::optional<UserKeys> keys;
  std::vector<Grant> grants;

  bool HasGrant(std::string_view key_id) const;
};

// 1-64 characters of [a-z0-9._-], starting with a letter or digit.
// InvalidArgument otherwise (the message does not echo the name).
Status ValidateUserName(std::string_view name);

// At least kMinPasswordChars bytes and at most 1024. InvalidArgument.
inline constexpr size_t kMinPasswordChars = 10;
Status ValidatePassword(std::string_view password);

// Argon2id cost for user passwords: Interactive, or Minimum when the
// environment variable CHORUS_TEST is "1" (tests only).
crypto::KdfParams PasswordKdfParams();

// A new user with the password hashed and a key pair of their own.
// Validates name and password.
Result<User> MakeUser(std::string_view name, Role role, std::string_view password);

// A new key pair for `user_name`, its secret wrapped under `password`.
Result<UserKeys> MakeUserKeys(std::string_view user_name, std::string_view password);

// The user's secret key, unwrapped with their password (one Argon2id run).
// Unauthenticated for a wrong password; FailedPrecondition when the user
// has no key pair yet.
Result<crypto::SecretBytes> UnlockUserSecret(const User& user, std::string_view password);

// Changes a user's password: a new hash, and the secret key re-wrapped under
// the new one (grants stay valid). Unauthenticated when `old_password` does
// not open the key. A user without a key pair gets one.
Status ChangePassword(User& user, std::string_view old_password, std::string_view new_password);

// True when `password` is the user's password.
bool CheckPassword(const User& user, std::string_view password);

// Spends the time of one password check, for unknown user names, so a
// login's timing does not tell which names exist.
void BurnPasswordCheck(std::string_view password);

}  // namespace chorus::access
