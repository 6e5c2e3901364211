#include "crypto/secret.h"

#include <sodium.h>

#include <cstring>
#include <utility>

#include "crypto/internal/check.h"

namespace chorus::crypto {

SecretBytes::SecretBytes(size_t size) {
  if (size == 0) return;
  internal::EnsureSodium();
  data_ = new unsigned char[size]();
  size_ = size;
  // Best effort: RLIMIT_MEMLOCK may be small, and the buffer still works.
  (void)sodium_mlock(data_, size_);
}

SecretBytes SecretBytes::FromString(std::string_view bytes) {
  SecretBytes out(bytes.size());
  if (!bytes.empty()) std::memcpy(out.data_, bytes.data(), bytes.size());
  return out;
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    Release();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

SecretBytes::~SecretBytes() { Release(); }

void SecretBytes::Release() noexcept {
  if (data_ == nullptr) return;
  sodium_memzero(data_, size_);
  // Zeroes again and unlocks; harmless when the lock had failed.
  (void)sodium_munlock(data_, size_);
  delete[] data_;
  data_ = nullptr;
  size_ = 0;
}

std::string_view SecretBytes::view() const {
  if (data_ == nullptr) return {};
  return {reinterpret_cast<const char*>(data_), size_};
}

SecretBytes SecretBytes::Clone() const { return FromString(view()); }

}  // namespace chorus::crypto
