#include "compartments/keyring.h"

#include <nlohmann/json.hpp>

namespace chorus::compartments {
namespace {
using Json = nlohmann::ordered_json;
}  // namespace

std::string KeyIdOf(std::string_view public_key) {
  return crypto::ToHex(crypto::Blake2b256(public_key, "chorus compartment key id v1"))
      .substr(0, 16);
}

const CompartmentKey* CompartmentState::Find(std::string_view key_id) const {
  for (const auto* list : {&keys, &lost}) {
    for (const auto& key : *list) {
      if (key.id == key_id) return &key;
    }
  }
  return nullptr;
}

namespace {

Json KeysJson(const std::vector<CompartmentKey>& keys) {
  Json out = Json::array();
  for (const auto& key : keys) {
    out.push_back(Json{{"id", key.id},
                       {"public_key", crypto::ToHex(key.public_key)},
                       {"created_at", FormatTimestamp(key.created_at)}});
  }
  return out;
}

// Reads one list of keys; false when malformed.
bool ReadKeys(core::Compartment compartment, const Json& list, std::vector<CompartmentKey>& out) {
  if (!list.is_array()) return false;
  for (const auto& entry : list) {
    if (!entry.is_object() || !entry.contains("id") || !entry["id"].is_string() ||
        !entry.contains("public_key") || !entry["public_key"].is_string() ||
        !entry.contains("created_at") || !entry["created_at"].is_string()) {
      return false;
    }
    auto public_key = crypto::FromHex(entry["public_key"].get<std::string>());
    auto created_at = ParseTimestamp(entry["created_at"].get<std::string>());
    if (!public_key.ok() || public_key->size() != crypto::kBoxPublicKeyBytes || !created_at) {
      return false;
    }
    CompartmentKey key{compartment, entry["id"].get<std::string>(), *public_key, *created_at};
    if (key.id != KeyIdOf(key.public_key)) return false;
    out.push_back(std::move(key));
  }
  return true;
}

}  // namespace

std::string EncodeState(const CompartmentState& state) {
  return Json{{"compartment", std::string(core::CompartmentName(state.compartment))},
              {"keys", KeysJson(state.keys)},
              {"lost", KeysJson(state.lost)}}
      .dump();
}

Result<CompartmentState> DecodeState(core::Compartment compartment, std::string_view json) {
  auto bad = [&] {
    return Status::DataLoss("the stored keys of compartment " +
                            std::string(core::CompartmentName(compartment)) + " are malformed");
  };
  Json doc = Json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return bad();
  auto name = doc.find("compartment");
  auto keys = doc.find("keys");
  if (name == doc.end() || !name->is_string() ||
      name->get<std::string>() != core::CompartmentName(compartment) || keys == doc.end() ||
      !keys->is_array()) {
    return bad();
  }
  CompartmentState state;
  state.compartment = compartment;
  if (!ReadKeys(compartment, *keys, state.keys)) return bad();
  if (auto lost = doc.find("lost"); lost != doc.end()) {
    if (!ReadKeys(compartment, *lost, state.lost)) return bad();
  }
  return state;
}

void Keyring::Add(CompartmentKey key, crypto::SecretBytes secret) {
  std::string id = key.id;
  entries_.insert_or_assign(std::move(id), Entry{std::move(key), std::move(secret)});
}

const Keyring::Entry* Keyring::Find(std::string_view key_id) const {
  auto it = entries_.find(key_id);
  return it == entries_.end() ? nullptr : &it->second;
}

bool Keyring::Holds(core::Compartment compartment) const {
  for (const auto& [id, entry] : entries_) {
    if (entry.key.compartment == compartment) return true;
  }
  return false;
}

std::vector<const Keyring::Entry*> Keyring::Of(core::Compartment compartment) const {
  std::vector<const Entry*> held;
  for (const auto& [id, entry] : entries_) {
    if (entry.key.compartment == compartment) held.push_back(&entry);
  }
  return held;
}

}  // namespace chorus::compartments
