#include "server/user_store.h"

#include <nlohmann/json.hpp>

#include "records/audit.h"

namespace chorus::server {
namespace {

using Json = nlohmann::ordered_json;

std::string EncodeUser(const access::User& user, std::optional<Timestamp> created_at) {
  Json json{{"role", std::string(access::RoleName(user.role))},
            {"password_hash", user.password_hash}};
  if (created_at) json["created_at"] = FormatTimestamp(*created_at);
  return json.dump();
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
  return access::User{std::string(name), *role, hash_it->get<std::string>()};
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

Status AddUser(records::Vault& vault, const access::User& user, Timestamp created_at,
               std::string_view actor) {
  CHORUS_RETURN_IF_ERROR(access::ValidateUserName(user.name));
  CHORUS_ASSIGN_OR_RETURN(auto writer, vault.Write());
  CHORUS_ASSIGN_OR_RETURN(auto existing, writer->GetDocument(kUserDocumentKind, user.name));
  if (existing) return Status::AlreadyExists("user '" + user.name + "' already exists");
  std::string json = EncodeUser(user, created_at);
  CHORUS_RETURN_IF_ERROR(writer->PutDocument(kUserDocumentKind, user.name, json));
  CHORUS_RETURN_IF_ERROR(records::AppendAudit(
      *writer, UserEvent(actor, "create", user.name, records::ContentHash(json), RoleDetail(user)),
      created_at));
  return writer->Commit();
}

Status UpdateUser(records::Vault& vault, const access::User& user, std::string_view actor,
                  Timestamp at) {
  CHORUS_ASSIGN_OR_RETURN(auto writer, vault.Write());
  CHORUS_ASSIGN_OR_RETURN(auto existing, writer->GetDocument(kUserDocumentKind, user.name));
  if (!existing) return Status::NotFound("no user '" + user.name + "'");
  std::optional<Timestamp> created_at;
  Json old = Json::parse(*existing, nullptr, false);
  if (!old.is_discarded() && old.is_object() && old.contains("created_at") &&
      old["created_at"].is_string()) {
    created_at = ParseTimestamp(old["created_at"].get<std::string>());
  }
  std::string json = EncodeUser(user, created_at);
  CHORUS_RETURN_IF_ERROR(writer->PutDocument(kUserDocumentKind, user.name, json));
  CHORUS_RETURN_IF_ERROR(records::AppendAudit(
      *writer, UserEvent(actor, "update", user.name, records::ContentHash(json), RoleDetail(user)),
      at));
  return writer->Commit();
}

Status RemoveUser(records::Vault& vault, std::string_view name, std::string_view actor,
                  Timestamp at) {
  CHORUS_ASSIGN_OR_RETURN(auto writer, vault.Write());
  Status removed = writer->DeleteDocument(kUserDocumentKind, name);
  if (removed.code() == StatusCode::kNotFound) {
    return Status::NotFound("no user '" + std::string(name) + "'");
  }
  CHORUS_RETURN_IF_ERROR(removed);
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
