// XChaCha20-Poly1305 sealing, key wrapping, subkeys and blind index tokens.
#include <sodium.h>

#include <array>
#include <cstring>
#include <string>

#include "crypto/crypto.h"
#include "crypto/internal/check.h"

namespace chorus::crypto {

static_assert(kNonceBytes == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(kTagBytes == crypto_aead_xchacha20poly1305_ietf_ABYTES);
static_assert(kSubkeyContextChars == crypto_kdf_CONTEXTBYTES);
static_assert(kKeyBytes >= crypto_kdf_BYTES_MIN && kKeyBytes <= crypto_kdf_BYTES_MAX);
static_assert(kBlindTokenChars == (kBlindTokenBytes * 8 + 4) / 5);

using internal::Bytes;

namespace {

// Decrypts `sealed` into `out`, which has room for sealed.size() -
// kSealOverheadBytes bytes. False on any failure; `out` is then wiped.
bool OpenInto(const SecretBytes& key, std::string_view sealed, std::string_view associated_data,
              unsigned char* out) {
  if (key.size() != kKeyBytes || sealed.size() < kSealOverheadBytes) return false;
  const std::string_view nonce = sealed.substr(0, kNonceBytes);
  const std::string_view box = sealed.substr(kNonceBytes);
  unsigned long long out_len = 0;
  const int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
      out, &out_len, nullptr, Bytes(box), box.size(), Bytes(associated_data),
      associated_data.size(), Bytes(nonce), key.data());
  if (rc != 0) {
    // libsodium leaves `out` untouched on failure; wipe anyway, cheaply.
    sodium_memzero(out, box.size() - kTagBytes);
    return false;
  }
  return out_len == box.size() - kTagBytes;
}

}  // namespace

std::string Seal(const SecretBytes& key, std::string_view plaintext,
                 std::string_view associated_data) {
  internal::EnsureSodium();
  internal::Check(key.size() == kKeyBytes, "Seal: key must be 32 bytes");
  std::string out(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, kNonceBytes);
  unsigned long long box_len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kNonceBytes, &box_len, Bytes(plaintext),
                                             plaintext.size(), Bytes(associated_data),
                                             associated_data.size(), nullptr, nonce, key.data());
  internal::Check(box_len == plaintext.size() + kTagBytes, "Seal: unexpected ciphertext length");
  return out;
}

Result<std::string> Open(const SecretBytes& key, std::string_view sealed,
                         std::string_view associated_data) {
  internal::EnsureSodium();
  if (key.size() != kKeyBytes) return Status::InvalidArgument("key must be 32 bytes");
  if (sealed.size() < kSealOverheadBytes) {
    return Status::DataLoss("ciphertext failed authentication");
  }
  std::string out(sealed.size() - kSealOverheadBytes, '\0');
  if (!OpenInto(key, sealed, associated_data, reinterpret_cast<unsigned char*>(out.data()))) {
    return Status::DataLoss("ciphertext failed authentication");
  }
  return out;
}

std::string WrapKey(const SecretBytes& wrapping_key, const SecretBytes& key,
                    std::string_view label) {
  return Seal(wrapping_key, key.view(), label);
}

Result<SecretBytes> UnwrapKey(const SecretBytes& wrapping_key, std::string_view wrapped,
                              std::string_view label) {
  internal::EnsureSodium();
  const Status failed = Status::Unauthenticated("wrong passphrase or key");
  if (wrapped.size() < kSealOverheadBytes) return failed;
  SecretBytes key(wrapped.size() - kSealOverheadBytes);
  // An empty wrapped key still authenticates; OpenInto needs a valid pointer.
  unsigned char empty_sink = 0;
  unsigned char* out = key.empty() ? &empty_sink : key.data();
  if (!OpenInto(wrapping_key, wrapped, label, out)) return failed;
  return key;
}

SecretBytes DeriveSubkey(const SecretBytes& master, uint64_t subkey_id, std::string_view context8) {
  internal::EnsureSodium();
  internal::Check(master.size() == kKeyBytes, "DeriveSubkey: master key must be 32 bytes");
  internal::Check(context8.size() == kSubkeyContextChars,
                  "DeriveSubkey: context must be exactly 8 characters");
  std::array<char, crypto_kdf_CONTEXTBYTES> context{};
  std::memcpy(context.data(), context8.data(), context.size());
  SecretBytes subkey(kKeyBytes);
  const int rc = crypto_kdf_derive_from_key(subkey.data(), subkey.size(), subkey_id, context.data(),
                                            master.data());
  internal::Check(rc == 0, "DeriveSubkey: crypto_kdf_derive_from_key failed");
  return subkey;
}

std::string BlindToken(const SecretBytes& key, std::string_view term) {
  internal::EnsureSodium();
  internal::Check(key.size() >= crypto_generichash_KEYBYTES_MIN &&
                      key.size() <= crypto_generichash_KEYBYTES_MAX,
                  "BlindToken: key must be 16 to 64 bytes");
  // crypto_generichash refuses outputs under 16 bytes, so hash to 32 and keep
  // the first 12 (truncating a PRF output keeps it a PRF).
  std::array<unsigned char, crypto_generichash_BYTES> digest{};
  crypto_generichash(digest.data(), digest.size(), Bytes(term), term.size(), key.data(),
                     key.size());
  // RFC 4648 base32, lowercase, no padding: 96 bits -> 20 characters.
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  std::string out;
  out.reserve(kBlindTokenChars);
  unsigned buffer = 0;
  int bits = 0;
  for (size_t byte_idx = 0; byte_idx < kBlindTokenBytes; ++byte_idx) {
    buffer = (buffer << 8) | digest[byte_idx];
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kAlphabet[(buffer >> bits) & 31u]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31u]);
  return out;
}

}  // namespace chorus::crypto
