// File: access/users.h
// User accounts: a name, a role and an Argon2id password hash. Where users
// are kept (sealed documents in the store) is the caller's business.
#pragma once

#include <string>
#include <string_view>

#include "access/policy.h"
#include "base/status.h"
#include "crypto/crypto.h"

namespace chorus::access {

struct User {
  std::string name;
  Role role = Role::kViewer;
  std::string password_hash;  // crypto::HashPassword output (Argon2id)
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

// A new user with the password hashed. Validates name and password.
Result<User> MakeUser(std::string_view name, Role role, std::string_view password);

// True when `password` is the user's password.
bool CheckPassword(const User& user, std::string_view password);

// Spends the time of one password check, for unknown user names, so a
// login's timing does not tell which names exist.
void BurnPasswordCheck(std::string_view password);

}  // namespace chorus::access
