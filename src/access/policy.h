// File: access/policy.h
// Roles and the one authorization table: which role may read or change which
// record kind, and who may see a source's sealed identity. Every route,
// export and search asks this table; nothing else decides permissions.
// Issue #4 adds compartments as new permissions in the same table.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "compartments/keyring.h"
#include "core/model.h"

namespace chorus::access {

// The roles of DESIGN.md ("Who uses it").
enum class Role {
  kAdministrator,
  kSourceHandler,
  kDocumenter,
  kCaseworker,
  kAnalyst,
  kViewer,
};

std::span<const Role> AllRoles();

// "administrator", "source_handler", "documenter", "caseworker", "analyst",
// "viewer".
std::string_view RoleName(Role role);

// Inverse of RoleName; also accepts "source handler" and "source-handler".
std::optional<Role> ParseRole(std::string_view name);

// What may be done. Record permissions apply per record kind.
enum class Permission {
  kReadRecords,          // list, get, search, chain, timeline
  kWriteRecords,         // create, update, delete
  kReadSourceIdentity,   // see Source::identity
  kWriteSourceIdentity,  // set or change Source::identity
  kManageUsers,          // add, remove and change users
  // Casework (#5). A case holds a requester's sealed identity and location.
  kReadCases,        // the queue, the board, a case, its position and alarms
  kWriteCases,       // add a case, notes, referrals, consent, links
  kClaimCases,       // take the next case of the queue; move one's own cases
  kReassignCases,    // release or reassign anyone's case; move any case
  kOverrideConsent,  // share with a partner without the requester's consent
  kConfigureQueue,   // set the stage deadlines
  // The audit log (records/audit.h). A record's own history needs only
  // kReadRecords on its kind; this is for the whole log (logins, users, keys,
  // exports, cases).
  kReadAuditLog,
  // Compartments (core::Compartment): holding one means being granted its
  // key and so reading (and changing) the values sealed in it. Sources are
  // kReadSourceIdentity above.
  kReadPeopleAtRisk,  // real names and birth dates of people at risk
  kReadRequesters,    // a case's requester: name, contact, location
};

// The permission that holds `compartment`.
Permission CompartmentPermission(core::Compartment compartment);
// True when `role` holds `compartment`: users of the role are granted its key.
bool HoldsCompartment(Role role, core::Compartment compartment);
// The compartments `role` holds.
std::vector<core::Compartment> CompartmentsOf(Role role);

// The table. Thread-safe (constant).
bool IsAllowed(Role role, Permission permission, core::RecordKind kind);
// For permissions that do not depend on a record kind (identity, users).
bool IsAllowed(Role role, Permission permission);

// Who is acting: the logged-in user and the role.
struct Actor {
  std::string user;
  Role role = Role::kViewer;
};

// OK, or PermissionDenied naming the role, the action and the kind ("role
// viewer may not change event records"). Never names a record's content.
Status Require(const Actor& actor, Permission permission, core::RecordKind kind);
Status Require(const Actor& actor, Permission permission);

// Removes from `record` the open values of a compartment `role` does not
// hold (a source's identity; a person at risk's names and birth dates).
// Sealed values are left sealed. Returns true when something was removed.
// Open values exist only while their compartment has no key yet; once it
// has one, no reader without the key can open them anyway.
bool RedactForRole(Role role, core::Record& record);

// Makes `record` what `role` may see: a compartment the role holds is opened
// with `keyring` (when given and holding the key), open values of one it does
// not hold are removed (RedactForRole). True when the result shows a
// compartment's value (such a read is audited). DataLoss when a sealed value
// does not open with the key it names. The one rule for the API and the CLI.
Result<bool> RevealForRole(Role role, const compartments::Keyring* keyring, core::Record& record);

// Checks that `actor` may write `incoming` (a create when `existing` is
// null, else an update of `existing`), and returns the record to store.
// - A role that does not hold a record's compartment may not give it open
//   values (PermissionDenied): a create carries none, and an update keeps
//   the stored ones, open or sealed, unchanged (the role never saw them, so
//   their absence in the body means "unchanged"). It may not mark or unmark
//   a person at risk either.
// - For every role a `sealed` part in the body means "unchanged": it must be
//   the stored one (InvalidArgument otherwise); a new value is sent open and
//   sealed on storage.
Result<core::Record> PrepareWrite(const Actor& actor, core::Record incoming,
                                  const core::Record* existing);

}  // namespace chorus::access
