#include "server/user_store.h"

#include <nlohmann/json.hpp>

#include "records/audit.h"
#include "server/compartment_keys.h"

namespace chorus::server {
namespace {

using Json = nlohmann::ordered_json;

std::string EncodeUser(const access::User& user, std::optional<Timestamp> created_at) {
  Json json{{"role", std::string(access::RoleName(user.role))},
            {"password_hash", user.password_hash}};
  if (created_at) json["created_at"] = FormatTimestamp(*created_at);
  if (user.keys) {
    json["box_public_key"] = crypto::ToHex(user.keys->public_key);
    json["box_secret"] = crypto::Base64Encode(user.keys->wrapped_secret);
    json["box_salt"] = crypto::ToHex(user.keys->salt);
  }
  Json grants = Json::array();
  for (const auto& grant : user.grants) {
    grants.push_back(Json{{"key", grant.key_id}, {"box", crypto::Base64Encode(grant.box)}});
  }
  if (!grants.empty()) json["grants"] = std::move(grants);
  return json.dump();
}

std::optional<std::string> TextField(const Json& json, const char* key) {
  auto it = json.find(key);
  if (it == json.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

Result<access::User> DecodeUser(std::string_view name, const std::string& text) {
  Json json = Json::parse(text, nullptr, false);
  auto bad = [] { return Status::DataLoss("a stored user document is malformed"); };
  if (json.is_discarded() || !json.is_object()) return bad();
  auto role_it = json.find("role");
  auto hash_it = json.find("password_hash");
  if (role_it == json.end() || !role_it->is_string() || hash_it == json.end() ||
      !hash_it->is_string()) {
    return bad();
  }
  auto role = access::ParseRole(role_it->get<std::string>());
  if (!role) return bad();
  access::User user{std::string(name), *role, hash_it->get<std::string>(), std::nullopt, {}};
  if (json.contains("box_public_key")) {
    auto public_hex = TextField(json, "box_public_key");
    auto secret_b64 = TextField(json, "box_secret");
    auto salt_hex = TextField(json, "box_salt");
    if (!public_hex || !secret_b64 || !salt_hex) return bad();
    auto public_key = crypto::FromHex(*public_hex);
    auto secret = crypto::Base64Decode(*secret_b64);
    auto salt = crypto::FromHex(*salt_hex);
    if (!public_key.ok() || !secret.ok() || !salt.ok()) return bad();
    user.keys = access::UserKeys{*public_key, *secret, *salt};
  }
  if (auto grants = json.find("grants"); grants != json.end()) {
    if (!grants->is_array()) return bad();
    for (const auto& grant : *grants) {
      if (!grant.is_object()) return bad();
      auto key = TextField(grant, "key");
      auto box = TextField(grant, "box");
      if (!key || !box) return bad();
      auto raw = crypto::Base64Decode(*box);
      if (!raw.ok()) return bad();
      user.grants.push_back(access::Grant{*key, *raw});
    }
  }
  return user;
}

records::AuditEvent UserEvent(std::string_view actor, std::string_view action,
                              std::string_view name, std::string content_hash, std::string detail) {
  records::AuditEvent event;
  event.actor = std::string(actor);
  event.action = std::string(action);
  event.kind = std::string(kUserDocumentKind);
  event.record = std::string(name);
  event.content_hash = std::move(content_hash);
  event.detail = std::move(detail);
  return event;
}

std::string RoleDetail(const access::User& user) {
  return "role " + std::string(access::RoleName(user.role));
}

}  // namespace

Status PutUserDocument(records::RecordWriter& writer, const access::User& user) {
  std::optional<Timestamp> created_at;
  CHORUS_ASSIGN_OR_RETURN(auto existing, writer.GetDocument(kUserDocumentKind, user.name));
  if (existing) {
    Json old = Json::parse(*existing, nullptr, false);
    if (!old.is_discarded() && old.is_object() && old.contains("created_at") &&
        old["created_at"].is_string()) {
      created_at = ParseTimestamp(old["created_at"].get<std::string>());
    }
  }
  return writer.PutDocument(kUserDocumentKind, user.name, EncodeUser(user, created_at));
}

Status AddUser(records::Vault& vault, const access::User& new_user, Timestamp created_at,
               std::string_view actor) {
  CHORUS_RETURN_IF_ERROR(access::ValidateUserName(new_user.name));
  access::User user = new_user;
  CHORUS_ASSIGN_OR_RETURN(auto writer, vault.Write());
  CHORUS_ASSIGN_OR_RETURN(auto existing, writer->GetDocument(kUserDocumentKind, user.name));
  if (existing) return Status::AlreadyExists("user '" + user.name + "' already exists");
  CHORUS_RETURN_IF_ERROR(FoundCompartments(*writer, user, created_at, actor).status());
  std::string json = EncodeUser(user, created_at);
  CHORUS_RETURN_IF_ERROR(writer->PutDocument(kUserDocumentKind, user.name, json));
  CHORUS_RETURN_IF_ERROR(records::AppendAudit(
      *writer, UserEvent(actor, "create", user.name, records::ContentHash(json), RoleDetail(user)),
      created_at));
  return writer->Commit();
}

Status UpdateUser(records::Vault& vault, const access::User& changed, std::string_view actor,
                  Timestamp at, bool force) {
  access::User user = changed;
  CHORUS_ASSIGN_OR_RETURN(auto writer, vault.Write());
  CHORUS_ASSIGN_OR_RETURN(auto before, FindUser(*writer, user.name));
  if (!before) return Status::NotFound("no user '" + user.name + "'");
  if (before->role != user.role) {
    CHORUS_RETURN_IF_ERROR(RevokeCompartments(*writer, *before, user.role, at, actor, force));
    CHORUS_RETURN_IF_ERROR(FoundCompartments(*writer, user, at, actor).status());
  }
  CHORUS_RETURN_IF_ERROR(PutUserDocument(*writer, user));
  CHORUS_ASSIGN_OR_RETURN(auto json, writer->GetDocument(kUserDocumentKind, user.name));
  CHORUS_RETURN_IF_ERROR(
      records::AppendAudit(*writer,
                           UserEvent(actor, "update", user.name,
                                     records::ContentHash(json.value_or("")), RoleDetail(user)),
                           at));
  return writer->Commit();
}

Status RemoveUser(records::Vault& vault, std::string_view name, std::string_view actor,
                  Timestamp at, bool force) {
  CHORUS_ASSIGN_OR_RETURN(auto writer, vault.Write());
  CHORUS_ASSIGN_OR_RETURN(auto user, FindUser(*writer, name));
  if (!user) return Status::NotFound("no user '" + std::string(name) + "'");
  CHORUS_RETURN_IF_ERROR(RevokeCompartments(*writer, *user, std::nullopt, at, actor, force));
  CHORUS_RETURN_IF_ERROR(writer->DeleteDocument(kUserDocumentKind, name));
  CHORUS_RETURN_IF_ERROR(
      records::AppendAudit(*writer, UserEvent(actor, "delete", name, "", ""), at));
  return writer->Commit();
}

Result<std::optional<access::User>> FindUser(records::RecordReader& reader, std::string_view name) {
  if (!access::ValidateUserName(name).ok()) return std::optional<access::User>();
  CHORUS_ASSIGN_OR_RETURN(auto text, reader.GetDocument(kUserDocumentKind, name));
  if (!text) return std::optional<access::User>();
  CHORUS_ASSIGN_OR_RETURN(access::User user, DecodeUser(name, *text));
  return std::optional<access::User>(std::move(user));
}

Result<std::vector<access::User>> ListUsers(records::RecordReader& reader) {
  CHORUS_ASSIGN_OR_RETURN(auto documents, reader.ListDocuments(kUserDocumentKind));
  std::vector<access::User> users;
  for (const auto& [name, text] : documents) {
    CHORUS_ASSIGN_OR_RETURN(access::User user, DecodeUser(name, text));
    users.push_back(std::move(user));
  }
  return users;
}

}  // namespace chorus::server
