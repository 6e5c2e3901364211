#include "access/policy.h"

#include <array>
#include <cctype>
#include <cstdint>

#include "compartments/seal.h"

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
constexpr uint32_t kPeopleAtRisk = Bit(Permission::kReadPeopleAtRisk);
constexpr uint32_t kRequesters = Bit(Permission::kReadRequesters);
constexpr uint32_t kUsers = Bit(Permission::kManageUsers);
constexpr uint32_t kAudit = Bit(Permission::kReadAuditLog);
constexpr uint32_t kCasework = Bit(Permission::kReadCases) | Bit(Permission::kWriteCases);
constexpr uint32_t kServeQueue = Bit(Permission::kClaimCases);
constexpr uint32_t kLeadCasework = Bit(Permission::kReassignCases) |
                                   Bit(Permission::kOverrideConsent) |
                                   Bit(Permission::kConfigureQueue);

// One row per role. Record permissions hold for every record kind.
// Compartments follow DESIGN.md: only source handlers see who a source is;
// the people who code persons (documenters, source handlers) see the names
// of people at risk; caseworkers see requesters. The administrator manages
// users and keys and reads no compartment.
struct Row {
  Role role;
  uint32_t granted;
};
constexpr std::array<Row, 6> kTable = {{
    {Role::kAdministrator, kRead | kWrite | kUsers | kCasework | kLeadCasework | kAudit},
    {Role::kSourceHandler, kRead | kWrite | kIdentity | kPeopleAtRisk},
    {Role::kDocumenter, kRead | kWrite | kPeopleAtRisk},
    {Role::kCaseworker, kRead | kCasework | kServeQueue | kRequesters},  // no record writes
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
    case Permission::kReadPeopleAtRisk:
      return "read or change the names of people at risk";
    case Permission::kReadRequesters:
      return "read requesters' particulars";
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

Permission CompartmentPermission(core::Compartment compartment) {
  switch (compartment) {
    case core::Compartment::kSources:
      return Permission::kReadSourceIdentity;
    case core::Compartment::kPeopleAtRisk:
      return Permission::kReadPeopleAtRisk;
    case core::Compartment::kRequesters:
      return Permission::kReadRequesters;
  }
  return Permission::kReadSourceIdentity;
}

bool HoldsCompartment(Role role, core::Compartment compartment) {
  return IsAllowed(role, CompartmentPermission(compartment));
}

std::vector<core::Compartment> CompartmentsOf(Role role) {
  std::vector<core::Compartment> held;
  for (core::Compartment c : core::AllCompartments()) {
    if (HoldsCompartment(role, c)) held.push_back(c);
  }
  return held;
}

bool RedactForRole(Role role, core::Record& record) {
  if (auto* source = std::get_if<core::Source>(&record)) {
    if (!source->identity || HoldsCompartment(role, core::Compartment::kSources)) return false;
    source->identity.reset();
    return true;
  }
  if (auto* person = std::get_if<core::Person>(&record)) {
    if (!person->at_risk || (person->names.empty() && person->birth_dates.empty()) ||
        HoldsCompartment(role, core::Compartment::kPeopleAtRisk)) {
      return false;
    }
    person->names.clear();
    person->birth_dates.clear();
    return true;
  }
  return false;
}

Result<bool> RevealForRole(Role role, const compartments::Keyring* keyring, core::Record& record) {
  auto compartment = compartments::CompartmentOfKind(core::KindOf(record));
  bool holds = compartment && HoldsCompartment(role, *compartment);
  if (holds && keyring != nullptr) {
    CHORUS_RETURN_IF_ERROR(compartments::OpenRecord(record, *keyring).status());
  }
  RedactForRole(role, record);
  return holds && compartments::HasOpenSealable(record);
}

namespace {

Status NotHolder(const Actor& actor, std::string_view what) {
  return Status::PermissionDenied("role " + std::string(RoleName(actor.role)) + " may not " +
                                  std::string(what));
}

// A `sealed` part sent back must be the stored one.
Status CheckSealedUnchanged(const std::optional<core::SealedPart>& incoming,
                            const std::optional<core::SealedPart>& stored) {
  if (incoming && incoming != stored) {
    return Status::InvalidArgument(
        "field 'sealed': a sealed value cannot be changed; send the new value open and it is "
        "sealed on storage");
  }
  return Status::Ok();
}

}  // namespace

Result<core::Record> PrepareWrite(const Actor& actor, core::Record incoming,
                                  const core::Record* existing) {
  core::RecordKind kind = core::KindOf(incoming);
  CHORUS_RETURN_IF_ERROR(Require(actor, Permission::kWriteRecords, kind));
  if (auto* source = std::get_if<core::Source>(&incoming)) {
    const auto* old = existing != nullptr ? std::get_if<core::Source>(existing) : nullptr;
    std::optional<core::SealedPart> stored_sealed = old ? old->sealed : std::nullopt;
    CHORUS_RETURN_IF_ERROR(CheckSealedUnchanged(source->sealed, stored_sealed));
    if (!HoldsCompartment(actor.role, core::Compartment::kSources)) {
      if (source->identity) return NotHolder(actor, "change source identities (field 'identity')");
      if (old != nullptr) {
        source->identity = old->identity;
        source->sealed = old->sealed;
      }
    } else if (source->identity) {
      source->sealed.reset();  // replaced by the open value, sealed again on storage
    }
    return incoming;
  }
  if (auto* person = std::get_if<core::Person>(&incoming)) {
    const auto* old = existing != nullptr ? std::get_if<core::Person>(existing) : nullptr;
    std::optional<core::SealedPart> stored_sealed = old ? old->sealed : std::nullopt;
    CHORUS_RETURN_IF_ERROR(CheckSealedUnchanged(person->sealed, stored_sealed));
    bool touches_risk = person->at_risk || (old != nullptr && old->at_risk);
    if (touches_risk && !HoldsCompartment(actor.role, core::Compartment::kPeopleAtRisk)) {
      return NotHolder(actor, "create or change a person at risk");
    }
    bool open_values = !person->names.empty() || !person->birth_dates.empty();
    if (open_values) {
      person->sealed.reset();  // replaced by the open values, sealed again on storage
    } else if (old != nullptr && person->at_risk && old->at_risk && !person->sealed &&
               old->sealed) {
      // A holder who could not open the names (key not granted yet) sent
      // none: they stay as stored.
      person->sealed = old->sealed;
    }
    if (!person->at_risk && person->sealed) {
      return Status::InvalidArgument(
          "field 'at_risk': to unmark a person at risk, send their names open (a holder of "
          "people-at-risk who opened them)");
    }
    return incoming;
  }
  return incoming;
}

}  // namespace chorus::access
