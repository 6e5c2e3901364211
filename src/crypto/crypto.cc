// Initialisation, random values, Argon2id (keys and password hashes).
#include "crypto/crypto.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "crypto/internal/check.h"

namespace chorus::crypto {

static_assert(kKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(kKeyBytes == crypto_kdf_KEYBYTES);
static_assert(kSaltBytes == crypto_pwhash_SALTBYTES);

namespace internal {

namespace {
// sodium_init() returns 0 on the first success, 1 when already initialised,
// -1 on failure. Thread-safe through the function-local static.
int SodiumInitResult() {
  static const int result = sodium_init();
  return result;
}
}  // namespace

void EnsureSodium() { Check(SodiumInitResult() >= 0, "libsodium failed to initialise"); }

void Check(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "chorus::crypto: %s\n", what);
  std::abort();
}

}  // namespace internal

Status Initialize() {
  if (internal::SodiumInitResult() < 0) return Status::Internal("libsodium failed to initialise");
  return Status::Ok();
}

std::string RandomBytes(size_t n) {
  internal::EnsureSodium();
  std::string out(n, '\0');
  if (n > 0) randombytes_buf(out.data(), n);
  return out;
}

SecretBytes RandomKey() {
  internal::EnsureSodium();
  SecretBytes key(kKeyBytes);
  randombytes_buf(key.data(), key.size());
  return key;
}

std::string RandomToken(size_t bytes) {
  internal::EnsureSodium();
  if (bytes == 0) return {};
  std::string raw = RandomBytes(bytes);
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_encoded_len(bytes, kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), kVariant);
  out.resize(out.size() - 1);  // the encoded length counts the trailing NUL
  return out;
}

// ---- Argon2id ----

KdfParams KdfParams::Interactive() {
  return {crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE, crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE};
}
KdfParams KdfParams::Moderate() {
  return {crypto_pwhash_argon2id_OPSLIMIT_MODERATE, crypto_pwhash_argon2id_MEMLIMIT_MODERATE};
}
KdfParams KdfParams::Minimum() {
  return {crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};
}

KdfParams KdfParamsForStores() {
  const char* test = std::getenv("CHORUS_TEST");
  if (test != nullptr && std::string_view(test) == "1") return KdfParams::Minimum();
  return KdfParams::Moderate();
}

std::string NewSalt() { return RandomBytes(kSaltBytes); }

namespace {

Status CheckKdfParams(const KdfParams& params) {
  if (params.ops_limit < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      params.ops_limit > crypto_pwhash_argon2id_OPSLIMIT_MAX) {
    return Status::InvalidArgument("argon2id ops limit out of range");
  }
  if (params.mem_limit_bytes < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
      params.mem_limit_bytes > crypto_pwhash_argon2id_MEMLIMIT_MAX) {
    return Status::InvalidArgument("argon2id memory limit out of range");
  }
  return Status::Ok();
}

}  // namespace

Result<SecretBytes> DeriveKeyFromPassphrase(std::string_view passphrase, std::string_view salt,
                                            const KdfParams& params) {
  internal::EnsureSodium();
  if (salt.size() != kSaltBytes) {
    return Status::InvalidArgument("salt must be " + std::to_string(kSaltBytes) + " bytes");
  }
  CHORUS_RETURN_IF_ERROR(CheckKdfParams(params));
  SecretBytes key(kKeyBytes);
  if (crypto_pwhash(key.data(), key.size(), passphrase.data(), passphrase.size(),
                    reinterpret_cast<const unsigned char*>(salt.data()), params.ops_limit,
                    params.mem_limit_bytes, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    // With the inputs checked above, the only failure left is allocation.
    return Status::ResourceExhausted("argon2id could not allocate its memory");
  }
  return key;
}

// ---- Passwords ----

Result<std::string> HashPassword(std::string_view password, const KdfParams& params) {
  internal::EnsureSodium();
  CHORUS_RETURN_IF_ERROR(CheckKdfParams(params));
  char encoded[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(encoded, password.data(), password.size(), params.ops_limit,
                            params.mem_limit_bytes, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::ResourceExhausted("argon2id could not allocate its memory");
  }
  return std::string(encoded);
}

bool VerifyPassword(std::string_view encoded_hash, std::string_view password) {
  internal::EnsureSodium();
  // libsodium wants a NUL-terminated string shorter than crypto_pwhash_STRBYTES.
  if (encoded_hash.empty() || encoded_hash.size() >= crypto_pwhash_STRBYTES) return false;
  if (encoded_hash.find('\0') != std::string_view::npos) return false;
  const std::string terminated(encoded_hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool PasswordNeedsRehash(std::string_view encoded_hash, const KdfParams& params) {
  internal::EnsureSodium();
  if (encoded_hash.empty() || encoded_hash.size() >= crypto_pwhash_STRBYTES) return true;
  if (encoded_hash.find('\0') != std::string_view::npos) return true;
  if (!CheckKdfParams(params).ok()) return true;
  const std::string terminated(encoded_hash);
  return crypto_pwhash_argon2id_str_needs_rehash(terminated.c_str(), params.ops_limit,
                                                 params.mem_limit_bytes) != 0;
}

}  // namespace chorus::crypto
