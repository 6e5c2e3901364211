// File: crypto/secret.h
// SecretBytes: a buffer for key material. Move-only, wiped when destroyed,
// locked in RAM where the OS allows, and never printable.
#pragma once

#include <cstddef>
#include <string_view>

namespace chorus::crypto {

// Owns `size()` bytes of key material. The bytes are zeroed (sodium_memzero)
// when the object is destroyed or moved-into, and the pages are locked
// (sodium_mlock) best-effort so they are not swapped out; a failed lock is
// ignored. Deliberately no operator<<, no ToString() and no operator==
// (compare with ConstantTimeEquals(a.view(), b.view())).
// Thread safety: like std::string (const methods may run concurrently).
class SecretBytes {
 public:
  SecretBytes() = default;
  // `size` zero bytes.
  explicit SecretBytes(size_t size);
  // A copy of `bytes`. The caller remains responsible for wiping the source.
  static SecretBytes FromString(std::string_view bytes);

  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  ~SecretBytes();

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // nullptr when empty().
  unsigned char* data() { return data_; }
  const unsigned char* data() const { return data_; }
  // The raw bytes, valid while *this lives and is not moved from. For
  // wrapping and hashing only: callers must never log or store it in clear.
  std::string_view view() const;

  // An independent copy (explicit, so copies of keys are visible in code).
  SecretBytes Clone() const;

 private:
  void Release() noexcept;

  unsigned char* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace chorus::crypto
