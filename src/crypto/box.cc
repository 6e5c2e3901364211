// X25519 sealed boxes (crypto_box_seal) for compartment keys.
#include <sodium.h>

#include <string>

#include "crypto/crypto.h"
#include "crypto/internal/check.h"

namespace chorus::crypto {

static_assert(kBoxPublicKeyBytes == crypto_box_PUBLICKEYBYTES);
static_assert(kBoxSecretKeyBytes == crypto_box_SECRETKEYBYTES);
static_assert(kBoxSealBytes == crypto_box_SEALBYTES);

using internal::Bytes;

namespace {

Status CheckOpenable(std::string_view public_key, const SecretBytes& secret_key,
                     std::string_view box) {
  if (public_key.size() != kBoxPublicKeyBytes || secret_key.size() != kBoxSecretKeyBytes) {
    return Status::InvalidArgument("a compartment key has the wrong size");
  }
  if (box.size() < kBoxSealBytes) return Status::DataLoss("a sealed value is cut short");
  return Status::Ok();
}
}  // namespace

BoxKeyPair NewBoxKeyPair() {
  internal::EnsureSodium();
  BoxKeyPair pair{std::string(kBoxPublicKeyBytes, '\0'), SecretBytes(kBoxSecretKeyBytes)};
  crypto_box_keypair(reinterpret_cast<unsigned char*>(pair.public_key.data()),
                     pair.secret_key.data());
  return pair;
}

std::string SealToPublicKey(std::string_view public_key, std::string_view plaintext) {
  internal::EnsureSodium();
  internal::Check(public_key.size() == kBoxPublicKeyBytes,
                  "SealToPublicKey: public key must be 32 bytes");
  std::string box(plaintext.size() + kBoxSealBytes, '\0');
  crypto_box_seal(reinterpret_cast<unsigned char*>(box.data()), Bytes(plaintext), plaintext.size(),
                  Bytes(public_key));
  return box;
}

Result<std::string> OpenSealedBox(std::string_view public_key, const SecretBytes& secret_key,
                                  std::string_view box) {
  internal::EnsureSodium();
  CHORUS_RETURN_IF_ERROR(CheckOpenable(public_key, secret_key, box));
  std::string plaintext(box.size() - kBoxSealBytes, '\0');
  if (crypto_box_seal_open(reinterpret_cast<unsigned char*>(plaintext.data()), Bytes(box),
                           box.size(), Bytes(public_key), secret_key.data()) != 0) {
    return Status::DataLoss("a sealed value does not open with this key");
  }
  return plaintext;
}

Result<SecretBytes> OpenSealedBoxToSecret(std::string_view public_key,
                                          const SecretBytes& secret_key, std::string_view box) {
  internal::EnsureSodium();
  CHORUS_RETURN_IF_ERROR(CheckOpenable(public_key, secret_key, box));
  SecretBytes plaintext(box.size() - kBoxSealBytes);
  if (crypto_box_seal_open(plaintext.data(), Bytes(box), box.size(), Bytes(public_key),
                           secret_key.data()) != 0) {
    return Status::DataLoss("a sealed key does not open with this user's key");
  }
  return plaintext;
}

}  // namespace chorus::crypto
