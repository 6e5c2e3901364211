// File: compartments/keyring.h
// Compartment keys (issue #4). Each compartment (core::Compartment) has a
// chain of X25519 key pairs: the newest seals new values, older ones still
// open what they sealed. The public halves are published in the store (a
// document per compartment, CompartmentState); a secret half is never
// stored in the clear, only sealed to the public key of each user whose role
// holds the compartment. A Keyring is what one unlocked user holds, in
// memory, for one session or one command.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "core/model.h"
#include "crypto/crypto.h"

namespace chorus::compartments {

// The store document kind that publishes a compartment's keys; the document
// is named by core::CompartmentName.
inline constexpr std::string_view kStateDocumentKind = "compartment";

// A compartment key as published: which compartment, its id and its public
// half.
struct CompartmentKey {
  core::Compartment compartment = core::Compartment::kSources;
  std::string id;          // KeyIdOf(public_key)
  std::string public_key;  // raw, crypto::kBoxPublicKeyBytes
  Timestamp created_at;
};

// 16 hex digits naming a public key (BLAKE2b of it): short enough to store
// with every sealed value, and it names the key, not its owner.
std::string KeyIdOf(std::string_view public_key);

// The published keys of one compartment, oldest first; the last seals.
// `lost`: keys nobody holds any more (their last holder was removed by
// force): what they sealed stays sealed, and nobody waits for them. With no
// live key the compartment seals nothing until a new holder founds it again.
struct CompartmentState {
  core::Compartment compartment = core::Compartment::kSources;
  std::vector<CompartmentKey> keys;
  std::vector<CompartmentKey> lost;

  const CompartmentKey* Current() const { return keys.empty() ? nullptr : &keys.back(); }
  // A live or lost key.
  const CompartmentKey* Find(std::string_view key_id) const;
};

// The document's JSON: {"compartment", "keys": [{"id", "public_key" (hex),
// "created_at"}], "lost": [the same]}.
std::string EncodeState(const CompartmentState& state);
// DataLoss when the document is not a compartment state of `compartment`.
Result<CompartmentState> DecodeState(core::Compartment compartment, std::string_view json);

// The compartment secret keys one user holds. Move-only (secrets in locked
// memory, wiped when dropped).
class Keyring {
 public:
  struct Entry {
    CompartmentKey key;
    crypto::SecretBytes secret;
  };

  Keyring() = default;
  Keyring(Keyring&&) = default;
  Keyring& operator=(Keyring&&) = default;

  // Replaces any entry with the same key id.
  void Add(CompartmentKey key, crypto::SecretBytes secret);

  // nullptr when this keyring does not hold the key.
  const Entry* Find(std::string_view key_id) const;
  // True when it holds at least one key of `compartment`.
  bool Holds(core::Compartment compartment) const;
  // The keys held of one compartment, in key id order.
  std::vector<const Entry*> Of(core::Compartment compartment) const;
  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }

 private:
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace chorus::compartments
