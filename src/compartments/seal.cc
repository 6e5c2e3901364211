#include "compartments/seal.h"

#include <nlohmann/json.hpp>
#include <variant>

#include "crypto/crypto.h"
#include "formats/record_json.h"

namespace chorus::compartments {
namespace {

using Json = nlohmann::ordered_json;

// "chorus-sealed-v1\n<compartment>\n<owner id>\n" + payload.
std::string Header(core::Compartment compartment, std::string_view owner_id) {
  return std::string("chorus-sealed-v1\n")
      .append(core::CompartmentName(compartment))
      .append("\n")
      .append(owner_id)
      .append("\n");
}

std::string SourcePayload(const core::SourceIdentity& identity) {
  return Json{{"name", identity.name}, {"contact", identity.contact}, {"notes", identity.notes}}
      .dump();
}

Result<core::SourceIdentity> DecodeSourcePayload(std::string_view payload) {
  Json json = Json::parse(payload, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return Status::DataLoss("a sealed source identity is malformed");
  }
  auto text = [&](const char* key) {
    auto it = json.find(key);
    return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  return core::SourceIdentity{text("name"), text("contact"), text("notes")};
}

// A person's sealed names and birth dates travel as a person record of the
// bundle codec holding only them.
std::string PersonPayload(const core::Person& person) {
  core::Person part;
  part.id = person.id;
  part.pseudonym = "sealed";
  part.names = person.names;
  part.birth_dates = person.birth_dates;
  return formats::EncodeRecord(part);
}

Status DecodePersonPayload(std::string_view payload, core::Person& person) {
  auto decoded = formats::DecodeRecord(payload);
  if (!decoded.ok() || !std::holds_alternative<core::Person>(*decoded)) {
    return Status::DataLoss("sealed names of person '" + person.id + "' are malformed");
  }
  auto& part = std::get<core::Person>(*decoded);
  person.names = std::move(part.names);
  person.birth_dates = std::move(part.birth_dates);
  return Status::Ok();
}

}  // namespace

std::optional<core::Compartment> CompartmentOfKind(core::RecordKind kind) {
  if (kind == core::RecordKind::kSource) return core::Compartment::kSources;
  if (kind == core::RecordKind::kPerson) return core::Compartment::kPeopleAtRisk;
  return std::nullopt;
}

bool HasOpenSealable(const core::Record& record) {
  if (const auto* source = std::get_if<core::Source>(&record)) return source->identity.has_value();
  if (const auto* person = std::get_if<core::Person>(&record)) {
    return person->at_risk && (!person->names.empty() || !person->birth_dates.empty());
  }
  return false;
}

core::SealedPart SealValue(const CompartmentKey& key, std::string_view owner_id,
                           std::string_view plaintext) {
  std::string message = Header(key.compartment, owner_id).append(plaintext);
  return core::SealedPart{key.compartment, key.id,
                          crypto::Base64Encode(crypto::SealToPublicKey(key.public_key, message))};
}

Result<std::optional<std::string>> OpenValue(const core::SealedPart& part,
                                             std::string_view owner_id, const Keyring& keyring) {
  const Keyring::Entry* entry = keyring.Find(part.key_id);
  if (entry == nullptr || entry->key.compartment != part.compartment) {
    return std::optional<std::string>();
  }
  auto box = crypto::Base64Decode(part.box);
  if (!box.ok()) return Status::DataLoss("a sealed value is not base64");
  CHORUS_ASSIGN_OR_RETURN(std::string message,
                          crypto::OpenSealedBox(entry->key.public_key, entry->secret, *box));
  std::string header = Header(part.compartment, owner_id);
  if (message.compare(0, header.size(), header) != 0) {
    return Status::DataLoss("a sealed value belongs to another record than '" +
                            std::string(owner_id) + "'");
  }
  return std::optional<std::string>(message.substr(header.size()));
}

Status SealRecord(core::Record& record, const CompartmentKey& key) {
  if (!HasOpenSealable(record)) return Status::Ok();
  auto compartment = CompartmentOfKind(core::KindOf(record));
  if (!compartment || *compartment != key.compartment) {
    return Status::InvalidArgument("a " + std::string(core::RecordKindName(core::KindOf(record))) +
                                   " is not sealed in compartment " +
                                   std::string(core::CompartmentName(key.compartment)));
  }
  if (auto* source = std::get_if<core::Source>(&record)) {
    source->sealed = SealValue(key, source->id, SourcePayload(*source->identity));
    source->identity.reset();
  } else if (auto* person = std::get_if<core::Person>(&record)) {
    person->sealed = SealValue(key, person->id, PersonPayload(*person));
    person->names.clear();
    person->birth_dates.clear();
  }
  return Status::Ok();
}

Result<bool> OpenRecord(core::Record& record, const Keyring& keyring) {
  if (auto* source = std::get_if<core::Source>(&record)) {
    if (!source->sealed) return false;
    CHORUS_ASSIGN_OR_RETURN(auto payload, OpenValue(*source->sealed, source->id, keyring));
    if (!payload) return false;
    CHORUS_ASSIGN_OR_RETURN(source->identity, DecodeSourcePayload(*payload));
    source->sealed.reset();
    return true;
  }
  if (auto* person = std::get_if<core::Person>(&record)) {
    if (!person->sealed) return false;
    CHORUS_ASSIGN_OR_RETURN(auto payload, OpenValue(*person->sealed, person->id, keyring));
    if (!payload) return false;
    CHORUS_RETURN_IF_ERROR(DecodePersonPayload(*payload, *person));
    person->sealed.reset();
    return true;
  }
  return false;
}

}  // namespace chorus::compartments
