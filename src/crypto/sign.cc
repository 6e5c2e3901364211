// Ed25519 signatures and constant-time comparison.
#include <sodium.h>

#include <string>

#include "crypto/crypto.h"
#include "crypto/internal/check.h"

namespace chorus::crypto {

static_assert(kSigningPublicKeyBytes == crypto_sign_PUBLICKEYBYTES);
static_assert(kSigningSecretKeyBytes == crypto_sign_SECRETKEYBYTES);
static_assert(kSignatureBytes == crypto_sign_BYTES);
static_assert(kKeyBytes == crypto_sign_SEEDBYTES);

using internal::Bytes;

SigningKeyPair NewSigningKeyPair() {
  internal::EnsureSodium();
  SigningKeyPair pair{std::string(kSigningPublicKeyBytes, '\0'),
                      SecretBytes(kSigningSecretKeyBytes)};
  crypto_sign_keypair(reinterpret_cast<unsigned char*>(pair.public_key.data()),
                      pair.secret_key.data());
  return pair;
}

SigningKeyPair SigningKeyPairFromSeed(const SecretBytes& seed) {
  internal::EnsureSodium();
  internal::Check(seed.size() == kKeyBytes, "SigningKeyPairFromSeed: seed must be 32 bytes");
  SigningKeyPair pair{std::string(kSigningPublicKeyBytes, '\0'),
                      SecretBytes(kSigningSecretKeyBytes)};
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(pair.public_key.data()),
                           pair.secret_key.data(), seed.data());
  return pair;
}

std::string Sign(const SecretBytes& secret_key, std::string_view message) {
  internal::EnsureSodium();
  internal::Check(secret_key.size() == kSigningSecretKeyBytes, "Sign: secret key must be 64 bytes");
  std::string signature(kSignatureBytes, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr, Bytes(message),
                       message.size(), secret_key.data());
  return signature;
}

bool VerifySignature(std::string_view public_key, std::string_view message,
                     std::string_view signature) {
  internal::EnsureSodium();
  if (public_key.size() != kSigningPublicKeyBytes || signature.size() != kSignatureBytes) {
    return false;
  }
  return crypto_sign_verify_detached(Bytes(signature), Bytes(message), message.size(),
                                     Bytes(public_key)) == 0;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  internal::EnsureSodium();
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace chorus::crypto
