// File: crypto/crypto.h
// The libsodium wrapper: random values, Argon2id, authenticated encryption
// (XChaCha20-Poly1305), key wrapping, subkeys, blind index tokens, hashes,
// encodings, password hashes and Ed25519 signatures. No libsodium type
// crosses this header. Why these primitives: docs/decisions/0002-crypto.md.
//
// Every function initialises libsodium on first use and is thread-safe
// (except a single Sha256Stream object). Functions that return a plain value
// abort the process on a broken REQUIRES (a programmer error, such as a key of
// the wrong size); functions that return Status/Result never abort on bad
// input. No error message carries plaintext, a passphrase or key bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "crypto/secret.h"

namespace chorus::crypto {

// Sizes, fixed by the primitives (checked against libsodium at compile time).
inline constexpr size_t kKeyBytes = 32;    // Seal/Open, subkeys, KDF output
inline constexpr size_t kNonceBytes = 24;  // XChaCha20-Poly1305 nonce
inline constexpr size_t kTagBytes = 16;    // Poly1305 tag
inline constexpr size_t kSealOverheadBytes = kNonceBytes + kTagBytes;  // 40
inline constexpr size_t kSaltBytes = 16;                               // Argon2id salt
inline constexpr size_t kSigningPublicKeyBytes = 32;                   // Ed25519
inline constexpr size_t kSigningSecretKeyBytes = 64;  // Ed25519 (seed || public key)
inline constexpr size_t kSignatureBytes = 64;         // Ed25519, detached
inline constexpr size_t kBlindTokenBytes = 12;        // truncated BLAKE2b output
inline constexpr size_t kBlindTokenChars = 20;        // base32 of 12 bytes, no padding
inline constexpr size_t kSubkeyContextChars = 8;      // crypto_kdf context

// ---- Initialisation and random values ----

// Runs sodium_init() once; later calls return the first result. Internal when
// libsodium cannot initialise. Calling it is optional: every function below
// does it lazily.
Status Initialize();

// `n` bytes from the OS CSPRNG.
std::string RandomBytes(size_t n);

// A fresh random kKeyBytes key.
SecretBytes RandomKey();

// URL-safe base64 without padding of `bytes` random bytes (ceil(4*bytes/3)
// chars of [A-Za-z0-9_-]), for session ids, one-time passwords, record ids.
std::string RandomToken(size_t bytes);

// ---- Argon2id passphrase key derivation ----

// Argon2id cost. Stored beside a salt so a key can be derived again later.
struct KdfParams {
  uint64_t ops_limit = 0;
  size_t mem_limit_bytes = 0;

  // crypto_pwhash_*_INTERACTIVE: 2 passes, 64 MiB (user logins).
  static KdfParams Interactive();
  // crypto_pwhash_*_MODERATE: 3 passes, 256 MiB (store passphrases).
  static KdfParams Moderate();
  // crypto_pwhash_*_MIN: 1 pass, 8 KiB. Tests only: no protection at all.
  static KdfParams Minimum();

  friend bool operator==(const KdfParams&, const KdfParams&) = default;
};

// Minimum() when the environment variable CHORUS_TEST is "1" (set by CTest),
// else Moderate().
KdfParams KdfParamsForStores();

// kSaltBytes random bytes.
std::string NewSalt();

// A kKeyBytes key from `passphrase` with Argon2id13. Deterministic in
// (passphrase, salt, params). Errors: InvalidArgument when the salt is not
// kSaltBytes long or params are outside libsodium's limits; ResourceExhausted
// when the memory limit cannot be allocated.
Result<SecretBytes> DeriveKeyFromPassphrase(std::string_view passphrase, std::string_view salt,
                                            const KdfParams& params);

// ---- Authenticated encryption: XChaCha20-Poly1305 (IETF) ----

// Encrypts and authenticates `plaintext`, and authenticates (does not
// encrypt) `associated_data`, e.g. "table/column/record id" so a sealed value
// cannot be moved to another row. Returns nonce(24) || ciphertext || tag(16),
// i.e. plaintext.size() + kSealOverheadBytes bytes, with a fresh random
// nonce (so sealing the same plaintext twice gives different outputs).
// REQUIRES: key.size() == kKeyBytes.
std::string Seal(const SecretBytes& key, std::string_view plaintext,
                 std::string_view associated_data);

// Inverse of Seal. Errors: DataLoss("ciphertext failed authentication") for a
// wrong key, a different associated_data, any changed byte or a truncated
// input (they cannot be told apart); InvalidArgument when key.size() !=
// kKeyBytes.
Result<std::string> Open(const SecretBytes& key, std::string_view sealed,
                         std::string_view associated_data);

// ---- Key wrapping ----

// Seal(wrapping_key, key bytes, associated data = label). The label names the
// key's role (e.g. "compartment:identity") so a wrapped key cannot be
// swapped for another. REQUIRES: wrapping_key.size() == kKeyBytes.
std::string WrapKey(const SecretBytes& wrapping_key, const SecretBytes& key,
                    std::string_view label);

// Inverse of WrapKey; the key never passes through an unwiped buffer.
// Errors: Unauthenticated("wrong passphrase or key") on any failure (wrong
// wrapping key, label, tampering, truncation, wrapping key of a wrong size).
Result<SecretBytes> UnwrapKey(const SecretBytes& wrapping_key, std::string_view wrapped,
                              std::string_view label);

// ---- Subkeys ----

// crypto_kdf_derive_from_key: a kKeyBytes subkey of `master` for
// (subkey_id, context8). Different ids or contexts give independent keys.
// REQUIRES: master.size() == kKeyBytes; context8.size() == 8 (e.g. "chorusrc").
SecretBytes DeriveSubkey(const SecretBytes& master, uint64_t subkey_id, std::string_view context8);

// ---- Blind index tokens (searchable encryption) ----

// Keyed BLAKE2b of `term`, truncated to kBlindTokenBytes (96 bits) and
// encoded as lowercase RFC 4648 base32 without padding: exactly
// kBlindTokenChars characters of [a-z2-7], one word for an FTS tokenizer.
// Deterministic per key; without the key a token reveals nothing about the
// term. The caller normalises `term` first (text/ folding). Use a key
// dedicated to blind indexes (DeriveSubkey), one per compartment.
// REQUIRES: 16 <= key.size() <= 64.
std::string BlindToken(const SecretBytes& key, std::string_view term);

// ---- Hashes ----

// SHA-256 as 64 lowercase hex chars.
std::string Sha256Hex(std::string_view bytes);

// Incremental SHA-256 for large files. Not thread-safe; movable.
class Sha256Stream {
 public:
  Sha256Stream();
  Sha256Stream(Sha256Stream&&) noexcept;
  Sha256Stream& operator=(Sha256Stream&&) noexcept;
  ~Sha256Stream();

  void Update(std::string_view bytes);
  // The digest of everything passed to Update since construction or the last
  // Finish; the stream then starts over, empty.
  std::string FinishHex();  // 64 lowercase hex chars
  std::string Finish();     // 32 raw bytes

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// BLAKE2b with a 32-byte output, raw bytes; keyed (a MAC) when `key` is not
// empty. REQUIRES: key empty or 16 <= key.size() <= 64.
std::string Blake2b256(std::string_view bytes, std::string_view key = {});

// ---- Encodings ----

// Lowercase hex.
std::string ToHex(std::string_view bytes);
// Accepts upper- or lowercase hex. InvalidArgument for an odd length or a
// non-hex character.
Result<std::string> FromHex(std::string_view hex);

// Standard base64 alphabet with '=' padding (RFC 4648 section 4), for JSON
// bundles.
std::string Base64Encode(std::string_view bytes);
// InvalidArgument for missing padding, a character outside the alphabet
// (whitespace included), or non-zero trailing bits.
Result<std::string> Base64Decode(std::string_view base64);

// ---- User passwords (server logins) ----

// crypto_pwhash_str with Argon2id13: "$argon2id$v=19$m=...,t=...,p=1$salt$hash"
// (salt and params included). Errors: InvalidArgument for params out of range;
// ResourceExhausted when the memory cannot be allocated.
Result<std::string> HashPassword(std::string_view password, const KdfParams& params);

// True when `password` matches `encoded_hash` (from HashPassword). False for
// a wrong password and for a malformed hash.
bool VerifyPassword(std::string_view encoded_hash, std::string_view password);

// True when `encoded_hash` was made with parameters other than `params` (or
// is malformed): rehash the password at the next successful login.
bool PasswordNeedsRehash(std::string_view encoded_hash, const KdfParams& params);

// ---- Ed25519 signatures (audit log chain head) ----

struct SigningKeyPair {
  std::string public_key;  // kSigningPublicKeyBytes
  SecretBytes secret_key;  // kSigningSecretKeyBytes
};

// A fresh random Ed25519 key pair.
SigningKeyPair NewSigningKeyPair();

// The key pair determined by a 32-byte seed, e.g. DeriveSubkey(master, ...),
// so the audit signing key needs no storage of its own.
// REQUIRES: seed.size() == kKeyBytes.
SigningKeyPair SigningKeyPairFromSeed(const SecretBytes& seed);

// A detached kSignatureBytes signature of `message`.
// REQUIRES: secret_key.size() == kSigningSecretKeyBytes.
std::string Sign(const SecretBytes& secret_key, std::string_view message);

// True when `signature` is a valid signature of `message` by `public_key`.
// False (never abort) for keys or signatures of the wrong size.
bool VerifySignature(std::string_view public_key, std::string_view message,
                     std::string_view signature);

// ---- Sealed boxes (compartment keys, issue #4) ----
//
// X25519 + XSalsa20-Poly1305 sealed boxes (libsodium crypto_box_seal): anyone
// with the public key can seal, only the secret key opens. Compartments use
// them so that writing a sealed field needs no secret, and a compartment's
// secret key is handed to a user by sealing it to the user's public key.

inline constexpr size_t kBoxPublicKeyBytes = 32;
inline constexpr size_t kBoxSecretKeyBytes = 32;
// What a sealed box adds to its plaintext (ephemeral public key and MAC).
inline constexpr size_t kBoxSealBytes = 48;

struct BoxKeyPair {
  std::string public_key;  // kBoxPublicKeyBytes
  SecretBytes secret_key;  // kBoxSecretKeyBytes
};

// A fresh random X25519 key pair.
BoxKeyPair NewBoxKeyPair();

// Seals `plaintext` to `public_key`. REQUIRES: public_key.size() == 32.
std::string SealToPublicKey(std::string_view public_key, std::string_view plaintext);

// Opens a sealed box with the key pair it was sealed to. DataLoss when it
// does not open (another key, or altered); never the plaintext in a message.
Result<std::string> OpenSealedBox(std::string_view public_key, const SecretBytes& secret_key,
                                  std::string_view box);
// The same for a box that holds key material, kept in locked memory.
Result<SecretBytes> OpenSealedBoxToSecret(std::string_view public_key,
                                          const SecretBytes& secret_key, std::string_view box);

// ---- Comparison ----

// Equality whose time depends on the length only, not on where the bytes
// differ (for MACs, tokens, hashes). Different lengths: false at once (the
// length is not secret).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace chorus::crypto
