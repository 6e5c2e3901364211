// SHA-256 and BLAKE2b.
#include <sodium.h>

#include <array>
#include <string>

#include "crypto/crypto.h"
#include "crypto/internal/check.h"

namespace chorus::crypto {

using internal::Bytes;

std::string Sha256Hex(std::string_view bytes) {
  internal::EnsureSodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), Bytes(bytes), bytes.size());
  return ToHex({reinterpret_cast<const char*>(digest.data()), digest.size()});
}

struct Sha256Stream::State {
  crypto_hash_sha256_state sha;
};

Sha256Stream::Sha256Stream() : state_(std::make_unique<State>()) {
  internal::EnsureSodium();
  crypto_hash_sha256_init(&state_->sha);
}

Sha256Stream::Sha256Stream(Sha256Stream&&) noexcept = default;
Sha256Stream& Sha256Stream::operator=(Sha256Stream&&) noexcept = default;
Sha256Stream::~Sha256Stream() = default;

void Sha256Stream::Update(std::string_view bytes) {
  internal::Check(state_ != nullptr, "Sha256Stream: used after move");
  crypto_hash_sha256_update(&state_->sha, Bytes(bytes), bytes.size());
}

std::string Sha256Stream::Finish() {
  internal::Check(state_ != nullptr, "Sha256Stream: used after move");
  std::string digest(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256_final(&state_->sha, reinterpret_cast<unsigned char*>(digest.data()));
  crypto_hash_sha256_init(&state_->sha);
  return digest;
}

std::string Sha256Stream::FinishHex() { return ToHex(Finish()); }

std::string Blake2b256(std::string_view bytes, std::string_view key) {
  internal::EnsureSodium();
  internal::Check(key.empty() || (key.size() >= crypto_generichash_KEYBYTES_MIN &&
                                  key.size() <= crypto_generichash_KEYBYTES_MAX),
                  "Blake2b256: key must be empty or 16 to 64 bytes");
  std::string digest(crypto_generichash_BYTES, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(digest.data()), digest.size(), Bytes(bytes),
                     bytes.size(), key.empty() ? nullptr : Bytes(key), key.size());
  return digest;
}

}  // namespace chorus::crypto
