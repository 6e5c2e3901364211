#include "casework/requester_seal.h"

#include <nlohmann/json.hpp>

#include "casework/case_json.h"
#include "casework/casebook.h"
#include "compartments/seal.h"

namespace chorus::casework {
namespace {
using Json = nlohmann::ordered_json;
}  // namespace

bool HasOpenRequester(const Case& c) {
  return !c.requester_name.empty() || !c.contact.empty() || !c.location.empty();
}

Status SealRequester(Case& c, const compartments::CompartmentKey& key) {
  if (key.compartment != core::Compartment::kRequesters) {
    return Status::InvalidArgument("a requester is sealed in the requesters compartment");
  }
  if (!HasOpenRequester(c)) return Status::Ok();
  std::string payload =
      Json{{"name", c.requester_name}, {"contact", c.contact}, {"location", c.location}}.dump();
  c.sealed_requester = compartments::SealValue(key, c.id, payload);
  c.requester_name.clear();
  c.contact.clear();
  c.location.clear();
  return Status::Ok();
}

Result<bool> OpenRequester(Case& c, const compartments::Keyring& keyring) {
  if (!c.sealed_requester) return false;
  CHORUS_ASSIGN_OR_RETURN(auto payload,
                          compartments::OpenValue(*c.sealed_requester, c.id, keyring));
  if (!payload) return false;
  Json json = Json::parse(*payload, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return Status::DataLoss("the sealed requester of case " + c.id + " is malformed");
  }
  auto text = [&](const char* key) {
    auto it = json.find(key);
    return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  c.requester_name = text("name");
  c.contact = text("contact");
  c.location = text("location");
  c.sealed_requester.reset();
  return true;
}

Status RevealRequesterForRole(access::Role role, const compartments::Keyring* keyring, Case& c) {
  if (access::HoldsCompartment(role, core::Compartment::kRequesters)) {
    if (keyring != nullptr) return OpenRequester(c, *keyring).status();
    return Status::Ok();
  }
  c.requester_name.clear();
  c.contact.clear();
  c.location.clear();
  return Status::Ok();
}

Result<int64_t> SealOpenRequesters(records::RecordWriter& writer) {
  CHORUS_ASSIGN_OR_RETURN(auto state, writer.GetCompartment(core::Compartment::kRequesters));
  if (!state || state->Current() == nullptr) return int64_t{0};
  CHORUS_ASSIGN_OR_RETURN(auto documents, writer.ListDocuments(kCaseDocumentKind));
  int64_t sealed = 0;
  for (const auto& [id, json] : documents) {
    CHORUS_ASSIGN_OR_RETURN(Case c, CaseFromJson(json));
    if (!HasOpenRequester(c)) continue;
    CHORUS_RETURN_IF_ERROR(SealRequester(c, *state->Current()));
    CHORUS_RETURN_IF_ERROR(writer.PutDocument(kCaseDocumentKind, id, CaseToJson(c).dump()));
    ++sealed;
  }
  return sealed;
}

}  // namespace chorus::casework
