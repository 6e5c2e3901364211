// File: crypto/internal/check.h
// Helpers shared by the .cc files of crypto/ only; other folders must not
// include this.
#pragma once

#include <string_view>

namespace chorus::crypto::internal {

// libsodium takes bytes as unsigned char.
inline const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// Runs sodium_init() once (thread-safe, function-local static). Aborts the
// process if libsodium cannot initialise: no crypto function may run then.
void EnsureSodium();

// Aborts with `what` on stderr when `condition` is false. For programmer
// errors (a wrong key size), never for user input; on in every build type,
// because silently continuing with a bad key is worse than stopping.
void Check(bool condition, const char* what);

}  // namespace chorus::crypto::internal
