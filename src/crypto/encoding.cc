// Hex and base64 (libsodium's constant-time codecs).
#include <sodium.h>

#include <string>

#include "crypto/crypto.h"
#include "crypto/internal/check.h"

namespace chorus::crypto {

using internal::Bytes;

std::string ToHex(std::string_view bytes) {
  internal::EnsureSodium();
  std::string out(bytes.size() * 2 + 1, '\0');  // sodium_bin2hex writes a NUL
  sodium_bin2hex(out.data(), out.size(), Bytes(bytes), bytes.size());
  out.pop_back();
  return out;
}

Result<std::string> FromHex(std::string_view hex) {
  internal::EnsureSodium();
  if (hex.size() % 2 != 0) return Status::InvalidArgument("hex has an odd length");
  std::string out(hex.size() / 2, '\0');
  if (hex.empty()) return out;
  size_t out_len = 0;
  const char* end = nullptr;
  const int rc = sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(),
                                hex.data(), hex.size(), nullptr, &out_len, &end);
  if (rc != 0 || out_len != out.size() || end != hex.data() + hex.size()) {
    return Status::InvalidArgument("malformed hex");
  }
  return out;
}

std::string Base64Encode(std::string_view bytes) {
  internal::EnsureSodium();
  constexpr int kVariant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_encoded_len(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), Bytes(bytes), bytes.size(), kVariant);
  out.pop_back();  // the encoded length counts the trailing NUL
  return out;
}

Result<std::string> Base64Decode(std::string_view base64) {
  internal::EnsureSodium();
  if (base64.empty()) return std::string();
  if (base64.size() % 4 != 0) return Status::InvalidArgument("malformed base64");
  std::string out(base64.size() / 4 * 3, '\0');
  size_t out_len = 0;
  const char* end = nullptr;
  const int rc =
      sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), base64.data(),
                        base64.size(), nullptr, &out_len, &end, sodium_base64_VARIANT_ORIGINAL);
  if (rc != 0 || end != base64.data() + base64.size()) {
    return Status::InvalidArgument("malformed base64");
  }
  out.resize(out_len);
  return out;
}

}  // namespace chorus::crypto
