#include "access/policy.h"

#include <array>
#include <cctype>
#include <cstdint>

namespace chorus::access {
namespace {

constexpr std::array<Role, 6> kRoles = {Role::kAdministrator, Role::kSourceHandler,
                                        Role::kDocumenter,    Role::kCaseworker,
                                        Role::kAnalyst,       Role::kViewer};

constexpr uint32_t Bit(Permission p) { return 1u << static_cast<uint32_t>(p); }

constexpr uint32_t kRead = Bit(Permission::kReadRecords);
constexpr uint32_t kWrite = Bit(Permission::kWriteRecords);
constexpr uint32_t kIdentity =
    Bit(Permission::kReadSourceIdentity) | Bit(Permission::kWriteSourceIdentity);
constexpr uint32_t kUsers = Bit(Permission::kManageUsers);
constexpr uint32_t kAudit = Bit(Permission::kReadAuditLog);
constexpr uint32_t kCasework = Bit(Permission::kReadCases) | Bit(Permission::kWriteCases);
constexpr uint32_t kServeQueue = Bit(Permission::kClaimCases);
constexpr uint32_t kLeadCasework = Bit(Permission::kReassignCases) |
                                   Bit(Permission::kOverrideConsent) |
                                   Bit(Permission::kConfigureQueue);

// One row per role. Record permissions hold for every record kind today;
// a row gains per-kind columns when casework and compartments arrive (#4).
struct Row {
  Role role;
  uint32_t granted;
};
constexpr std::array<Row, 6> kTable = {{
    {Role::kAdministrator,
     kRead | kWrite | kIdentity | kUsers | kCasework | kLeadCasework | kAudit},
    {Role::kSourceHandler, kRead | kWrite | kIdentity},
    {Role::kDocumenter, kRead | kWrite},
    {Role::kCaseworker, kRead | kCasework | kServeQueue},  // no record writes
    {Role::kAnalyst, kRead},
    {Role::kViewer, kRead},
}};

uint32_t Granted(Role role) {
  for (const Row& row : kTable) {
    if (row.role == role) return row.granted;
  }
  return 0;
}

std::string_view Verb(Permission permission) {
  switch (permission) {
    case Permission::kReadRecords:
      return "read";
    case Permission::kWriteRecords:
      return "change";
    case Permission::kReadSourceIdentity:
      return "read source identities";
    case Permission::kWriteSourceIdentity:
      return "change source identities";
    case Permission::kManageUsers:
      return "manage users";
    case Permission::kReadCases:
      return "read cases";
    case Permission::kWriteCases:
      return "change cases";
    case Permission::kClaimCases:
      return "claim cases";
    case Permission::kReassignCases:
      return "release or reassign others' cases";
    case Permission::kOverrideConsent:
      return "share a case without consent";
    case Permission::kConfigureQueue:
      return "configure the queue";
    case Permission::kReadAuditLog:
      return "read the audit log";
  }
  return "do";
}

}  // namespace

std::span<const Role> AllRoles() { return kRoles; }

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAdministrator:
      return "administrator";
    case Role::kSourceHandler:
      return "source_handler";
    case Role::kDocumenter:
      return "documenter";
    case Role::kCaseworker:
      return "caseworker";
    case Role::kAnalyst:
      return "analyst";
    case Role::kViewer:
      return "viewer";
  }
  return "viewer";
}

std::optional<Role> ParseRole(std::string_view name) {
  std::string normal;
  for (char c : name) {
    normal.push_back(c == ' ' || c == '-'
                         ? '_'
                         : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  for (Role role : kRoles) {
    if (RoleName(role) == normal) return role;
  }
  return std::nullopt;
}

bool IsAllowed(Role role, Permission permission, core::RecordKind /*kind*/) {
  return (Granted(role) & Bit(permission)) != 0;
}

bool IsAllowed(Role role, Permission permission) { return (Granted(role) & Bit(permission)) != 0; }

Status Require(const Actor& actor, Permission permission, core::RecordKind kind) {
  if (IsAllowed(actor.role, permission, kind)) return Status::Ok();
  return Status::PermissionDenied("role " + std::string(RoleName(actor.role)) + " may not " +
                                  std::string(Verb(permission)) + " " +
                                  std::string(core::RecordKindName(kind)) + " records");
}

Status Require(const Actor& actor, Permission permission) {
  if (IsAllowed(actor.role, permission)) return Status::Ok();
  return Status::PermissionDenied("role " + std::string(RoleName(actor.role)) + " may not " +
                                  std::string(Verb(permission)));
}

bool RedactForRole(Role role, core::Record& record) {
  auto* source = std::get_if<core::Source>(&record);
  if (source == nullptr || !source->identity) return false;
  if (IsAllowed(role, Permission::kReadSourceIdentity)) return false;
  source->identity.reset();
  return true;
}

Result<core::Record> PrepareWrite(const Actor& actor, core::Record incoming,
                                  const core::Record* existing) {
  core::RecordKind kind = core::KindOf(incoming);
  CHORUS_RETURN_IF_ERROR(Require(actor, Permission::kWriteRecords, kind));
  auto* source = std::get_if<core::Source>(&incoming);
  if (source == nullptr || IsAllowed(actor.role, Permission::kWriteSourceIdentity)) {
    return incoming;
  }
  if (source->identity) {
    return Status::PermissionDenied("role " + std::string(RoleName(actor.role)) +
                                    " may not change source identities (field 'identity')");
  }
  if (existing != nullptr) {
    if (const auto* old = std::get_if<core::Source>(existing)) source->identity = old->identity;
  }
  return incoming;
}

}  // namespace chorus::access
