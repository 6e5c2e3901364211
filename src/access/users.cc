#include "access/users.h"

#include <cstdlib>
#include <mutex>

namespace chorus::access {

Status ValidateUserName(std::string_view name) {
  if (name.empty() || name.size() > 64) {
    return Status::InvalidArgument("a user name has 1 to 64 characters");
  }
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum) continue;
    if (i > 0 && (c == '.' || c == '_' || c == '-')) continue;
    return Status::InvalidArgument(
        "a user name is lowercase letters, digits, '.', '_' and '-', starting with a letter or "
        "digit");
  }
  return Status::Ok();
}

Status ValidatePassword(std::string_view password) {
  if (password.size() < kMinPasswordChars) {
    return Status::InvalidArgument("a password needs at least " +
                                   std::to_string(kMinPasswordChars) + " characters");
  }
  if (password.size() > 1024) return Status::InvalidArgument("a password has at most 1024 bytes");
  return Status::Ok();
}

crypto::KdfParams PasswordKdfParams() {
  const char* test = std::getenv("CHORUS_TEST");
  if (test != nullptr && std::string_view(test) == "1") return crypto::KdfParams::Minimum();
  return crypto::KdfParams::Interactive();
}

bool User::HasGrant(std::string_view key_id) const {
  for (const auto& grant : grants) {
    if (grant.key_id == key_id) return true;
  }
  return false;
}

namespace {
// The wrapped secret names its owner, so it cannot be moved to another user.
std::string SecretLabel(std::string_view user_name) {
  return "chorus-user-box-secret-v1|" + std::string(user_name);
}
}  // namespace

Result<UserKeys> MakeUserKeys(std::string_view user_name, std::string_view password) {
  crypto::BoxKeyPair pair = crypto::NewBoxKeyPair();
  UserKeys keys;
  keys.public_key = pair.public_key;
  keys.salt = crypto::NewSalt();
  CHORUS_ASSIGN_OR_RETURN(
      crypto::SecretBytes wrapping,
      crypto::DeriveKeyFromPassphrase(password, keys.salt, PasswordKdfParams()));
  keys.wrapped_secret = crypto::WrapKey(wrapping, pair.secret_key, SecretLabel(user_name));
  return keys;
}

Result<crypto::SecretBytes> UnlockUserSecret(const User& user, std::string_view password) {
  if (!user.keys) {
    return Status::FailedPrecondition("user '" + user.name + "' has no key pair yet");
  }
  CHORUS_ASSIGN_OR_RETURN(
      crypto::SecretBytes wrapping,
      crypto::DeriveKeyFromPassphrase(password, user.keys->salt, PasswordKdfParams()));
  auto secret = crypto::UnwrapKey(wrapping, user.keys->wrapped_secret, SecretLabel(user.name));
  if (!secret.ok()) return Status::Unauthenticated("wrong user name or password");
  return secret;
}

Status ChangePassword(User& user, std::string_view old_password, std::string_view new_password) {
  CHORUS_RETURN_IF_ERROR(ValidatePassword(new_password));
  CHORUS_ASSIGN_OR_RETURN(std::string hash,
                          crypto::HashPassword(new_password, PasswordKdfParams()));
  if (!user.keys) {
    CHORUS_ASSIGN_OR_RETURN(user.keys, MakeUserKeys(user.name, new_password));
  } else {
    CHORUS_ASSIGN_OR_RETURN(crypto::SecretBytes secret, UnlockUserSecret(user, old_password));
    UserKeys keys = *user.keys;
    keys.salt = crypto::NewSalt();
    CHORUS_ASSIGN_OR_RETURN(
        crypto::SecretBytes wrapping,
        crypto::DeriveKeyFromPassphrase(new_password, keys.salt, PasswordKdfParams()));
    keys.wrapped_secret = crypto::WrapKey(wrapping, secret, SecretLabel(user.name));
    user.keys = std::move(keys);
  }
  user.password_hash = std::move(hash);
  return Status::Ok();
}

Result<User> MakeUser(std::string_view name, Role role, std::string_view password) {
  CHORUS_RETURN_IF_ERROR(ValidateUserName(name));
  CHORUS_RETURN_IF_ERROR(ValidatePassword(password));
  CHORUS_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(password, PasswordKdfParams()));
  User user{std::string(name), role, std::move(hash), std::nullopt, {}};
  CHORUS_ASSIGN_OR_RETURN(user.keys, MakeUserKeys(name, password));
  return user;
}

bool CheckPassword(const User& user, std::string_view password) {
  return crypto::VerifyPassword(user.password_hash, password);
}

void BurnPasswordCheck(std::string_view password) {
  static std::once_flag once;
  static std::string dummy;
  std::call_once(once, [] {
    auto hash = crypto::HashPassword("not a real password", PasswordKdfParams());
    if (hash.ok()) dummy = *hash;
  });
  (void)crypto::VerifyPassword(dummy, password);
}

}  // namespace chorus::access
