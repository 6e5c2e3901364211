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
    bool sees = role == Role::kAdministrator || role == Role::kSourceHandler;
    EXPECT_EQ(IsAllowed(role, P::kReadSourceIdentity), sees) << RoleName(role);
    EXPECT_EQ(IsAllowed(role, P::kWriteSourceIdentity), sees) << RoleName(role);
    EXPECT_EQ(IsAllowed(role, P::kManageUsers), role == Role::kAdministrator);
  }
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
    bool keeps = role == Role::kAdministrator || role == Role::kSourceHandler;
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
