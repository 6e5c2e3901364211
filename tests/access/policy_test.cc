#include "access/policy.h"

#include <gtest/gtest.h>

namespace chorus::access {
namespace {

core::Source SourceWithIdentity() {
  core::Source s;
  s.id = "src-1";
  s.pseudonym = "local source A";
  s.reliability = core::Reliability::kB;
  s.identity = core::SourceIdentity{"Real Name", "+7 000", "notes"};
  return s;
}

TEST(Roles, NamesRoundTripAndAcceptSpacesAndDashes) {
  for (Role role : AllRoles()) EXPECT_EQ(ParseRole(RoleName(role)), role);
  EXPECT_EQ(ParseRole("source handler"), Role::kSourceHandler);
  EXPECT_EQ(ParseRole("Source-Handler"), Role::kSourceHandler);
  EXPECT_FALSE(ParseRole("root").has_value());
  EXPECT_FALSE(ParseRole("").has_value());
}

TEST(Policy, TableMatchesTheDesign) {
  using P = Permission;
  auto k = core::RecordKind::kEvent;
  for (Role role : AllRoles()) EXPECT_TRUE(IsAllowed(role, P::kReadRecords, k)) << RoleName(role);
  EXPECT_TRUE(IsAllowed(Role::kAdministrator, P::kWriteRecords, k));
  EXPECT_TRUE(IsAllowed(Role::kSourceHandler, P::kWriteRecords, k));
  EXPECT_TRUE(IsAllowed(Role::kDocumenter, P::kWriteRecords, k));
  EXPECT_FALSE(IsAllowed(Role::kCaseworker, P::kWriteRecords, k));
  EXPECT_FALSE(IsAllowed(Role::kAnalyst, P::kWriteRecords, k));
  EXPECT_FALSE(IsAllowed(Role::kViewer, P::kWriteRecords, k));
  for (Role role : AllRoles()) {
    // DESIGN.md: the source handler is the only role that sees who a source is.
    bool sees = role == Role::kSourceHandler;
    EXPECT_EQ(IsAllowed(role, P::kReadSourceIdentity), sees) << RoleName(role);
    EXPECT_EQ(IsAllowed(role, P::kWriteSourceIdentity), sees) << RoleName(role);
    EXPECT_EQ(HoldsCompartment(role, core::Compartment::kSources), sees) << RoleName(role);
    EXPECT_EQ(HoldsCompartment(role, core::Compartment::kPeopleAtRisk),
              role == Role::kSourceHandler || role == Role::kDocumenter)
        << RoleName(role);
    EXPECT_EQ(HoldsCompartment(role, core::Compartment::kRequesters), role == Role::kCaseworker)
        << RoleName(role);
    EXPECT_EQ(IsAllowed(role, P::kManageUsers), role == Role::kAdministrator);
  }
  EXPECT_TRUE(CompartmentsOf(Role::kAdministrator).empty());
}

TEST(Policy, RedactRemovesTheNamesOfAPersonAtRiskForRolesWithoutTheCompartment) {
  core::Person person;
  person.id = "per-1";
  person.pseudonym = "worker W";
  person.at_risk = true;
  person.names = {core::Name{"Real Name", "ko-Latn", {}}};
  for (Role role : AllRoles()) {
    core::Record record = person;
    bool keeps = HoldsCompartment(role, core::Compartment::kPeopleAtRisk);
    EXPECT_EQ(RedactForRole(role, record), !keeps) << RoleName(role);
    EXPECT_EQ(std::get<core::Person>(record).names.empty(), !keeps) << RoleName(role);
  }
  person.at_risk = false;
  core::Record not_at_risk = person;
  EXPECT_FALSE(RedactForRole(Role::kViewer, not_at_risk));
}

TEST(Policy, OnlyHoldersWriteAPersonAtRiskAndASealedPartComesBackUnchanged) {
  core::Person person;
  person.id = "per-1";
  person.pseudonym = "worker W";
  person.at_risk = true;
  EXPECT_EQ(PrepareWrite(Actor{"a", Role::kAdministrator}, person, nullptr).status().code(),
            StatusCode::kPermissionDenied);
  core::Person stored = person;
  stored.sealed = core::SealedPart{core::Compartment::kPeopleAtRisk, "00aa", "Ym94"};
  core::Record existing = stored;
  // A holder without the key sends no names: the sealed ones stay.
  auto kept = PrepareWrite(Actor{"d", Role::kDocumenter}, person, &existing);
  ASSERT_TRUE(kept.ok()) << kept.status().ToString();
  EXPECT_EQ(std::get<core::Person>(*kept).sealed, stored.sealed);
  // A forged sealed part is refused.
  core::Person forged = person;
  forged.sealed = core::SealedPart{core::Compartment::kPeopleAtRisk, "00bb", "Ym94"};
  EXPECT_EQ(PrepareWrite(Actor{"d", Role::kDocumenter}, forged, &existing).status().code(),
            StatusCode::kInvalidArgument);
  // New names replace the sealed ones (sealed again on storage).
  core::Person renamed = person;
  renamed.names = {core::Name{"New Name", "ko-Latn", {}}};
  auto replaced = PrepareWrite(Actor{"d", Role::kDocumenter}, renamed, &existing);
  ASSERT_TRUE(replaced.ok());
  EXPECT_FALSE(std::get<core::Person>(*replaced).sealed);
}

TEST(Policy, RequireNamesRoleAndKind) {
  Status s = Require(Actor{"v", Role::kViewer}, Permission::kWriteRecords, core::RecordKind::kAct);
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(s.message(), "role viewer may not change act records");
  EXPECT_TRUE(
      Require(Actor{"d", Role::kDocumenter}, Permission::kWriteRecords, core::RecordKind::kAct)
          .ok());
}

TEST(Policy, RedactRemovesIdentityForRolesWithoutTheRight) {
  for (Role role : AllRoles()) {
    core::Record record = SourceWithIdentity();
    bool removed = RedactForRole(role, record);
    bool keeps = role == Role::kSourceHandler;
    EXPECT_EQ(removed, !keeps) << RoleName(role);
    EXPECT_EQ(std::get<core::Source>(record).identity.has_value(), keeps) << RoleName(role);
  }
  core::Record event = core::Event{};
  EXPECT_FALSE(RedactForRole(Role::kViewer, event));
}

TEST(Policy, DocumenterMayNotSetAnIdentityButKeepsTheStoredOne) {
  Actor documenter{"d", Role::kDocumenter};
  EXPECT_EQ(PrepareWrite(documenter, SourceWithIdentity(), nullptr).status().code(),
            StatusCode::kPermissionDenied);

  core::Source incoming = SourceWithIdentity();
  incoming.identity.reset();
  incoming.pseudonym = "renamed";
  core::Record existing = SourceWithIdentity();
  auto prepared = PrepareWrite(documenter, incoming, &existing);
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  const auto& out = std::get<core::Source>(*prepared);
  EXPECT_EQ(out.pseudonym, "renamed");
  ASSERT_TRUE(out.identity.has_value());
  EXPECT_EQ(out.identity->name, "Real Name");
}

TEST(Policy, SourceHandlerMayChangeAndClearIdentity) {
  Actor handler{"h", Role::kSourceHandler};
  core::Source incoming = SourceWithIdentity();
  incoming.identity.reset();
  core::Record existing = SourceWithIdentity();
  auto prepared = PrepareWrite(handler, incoming, &existing);
  ASSERT_TRUE(prepared.ok());
  EXPECT_FALSE(std::get<core::Source>(*prepared).identity.has_value());
}

TEST(Policy, ReadOnlyRolesMayNotWrite) {
  core::Record event = core::Event{};
  for (Role role : {Role::kViewer, Role::kAnalyst, Role::kCaseworker}) {
    EXPECT_EQ(PrepareWrite(Actor{"x", role}, event, nullptr).status().code(),
              StatusCode::kPermissionDenied);
  }
}

}  // namespace
}  // namespace chorus::access
