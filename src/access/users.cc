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

Result<User> MakeUser(std::string_view name, Role role, std::string_view password) {
  CHORUS_RETURN_IF_ERROR(ValidateUserName(name));
  CHORUS_RETURN_IF_ERROR(ValidatePassword(password));
  CHORUS_ASSIGN_OR_RETURN(std::string hash, crypto::HashPassword(password, PasswordKdfParams()));
  return User{std::string(name), role, std::move(hash)};
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
