#include "casework/workflow.h"

#include <gtest/gtest.h>

namespace chorus::casework {
namespace {

using access::Actor;
using access::Role;

Case Claimed(const std::string& by) {
  Case c;
  c.id = "case-1";
  c.tier_reason = "r";
  c.assignee = by;
  return c;
}

TEST(WorkflowTest, OnlyTheMovesOfTheTableExist) {
  const Actor lead{"admin", Role::kAdministrator};
  for (Stage from : AllStages()) {
    for (Stage to : AllStages()) {
      Case c = Claimed("admin");
      c.stage = from;
      MoveRequest request{
          to, "note", to == Stage::kClosed ? std::optional(CloseReason::kWithdrawn) : std::nullopt};
      bool in_table = false;
      for (const MoveRule& rule : MoveTable()) in_table |= rule.from == from && rule.to == to;
      Status s = CheckMove(c, lead, request);
      EXPECT_EQ(s.ok(), in_table) << StageName(from) << " -> " << StageName(to) << ": "
                                  << s.ToString();
      if (!in_table) {
        EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
      }
    }
  }
  EXPECT_TRUE(MovesFrom(Stage::kResettled).empty());
  EXPECT_TRUE(MovesFrom(Stage::kClosed).empty());
}

TEST(WorkflowTest, VerifiedNeedsAVerificationNote) {
  Case c = Claimed("kim");
  Status s = CheckMove(c, Actor{"kim", Role::kCaseworker}, {Stage::kVerified, "", std::nullopt});
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("verification note"), std::string::npos);
  EXPECT_TRUE(
      CheckMove(c, Actor{"kim", Role::kCaseworker}, {Stage::kVerified, "met", std::nullopt}).ok());
}

TEST(WorkflowTest, ClosingNeedsAReason) {
  Case c = Claimed("kim");
  EXPECT_EQ(
      CheckMove(c, Actor{"kim", Role::kCaseworker}, {Stage::kClosed, "gone", std::nullopt}).code(),
      StatusCode::kInvalidArgument);
  EXPECT_TRUE(CheckMove(c, Actor{"kim", Role::kCaseworker},
                        {Stage::kClosed, "gone", CloseReason::kUnreachable})
                  .ok());
}

TEST(WorkflowTest, OnlyTheAssigneeOrALeadMoves) {
  Case c = Claimed("kim");
  const MoveRequest verify{Stage::kVerified, "met", std::nullopt};
  EXPECT_EQ(CheckMove(c, Actor{"lee", Role::kCaseworker}, verify).code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(CheckMove(c, Actor{"kim", Role::kAnalyst}, verify).code(),
            StatusCode::kPermissionDenied);
  EXPECT_TRUE(CheckMove(c, Actor{"boss", Role::kAdministrator}, verify).ok());
  Case unclaimed = Claimed("");
  EXPECT_EQ(CheckMove(unclaimed, Actor{"kim", Role::kCaseworker}, verify).code(),
            StatusCode::kPermissionDenied);
}

TEST(WorkflowTest, ApplyingAMoveRecordsItAndConfirmsTheClaim) {
  Case c = Claimed("kim");
  c.claimed_at = Timestamp{};
  const Timestamp now{std::chrono::milliseconds(1000)};
  ApplyMove(c, Actor{"kim", Role::kCaseworker}, {Stage::kVerified, "met", std::nullopt}, now);
  EXPECT_EQ(c.stage, Stage::kVerified);
  EXPECT_EQ(c.stage_since, now);
  EXPECT_FALSE(c.claimed_at);
  ASSERT_EQ(c.stages.size(), 1u);
  EXPECT_EQ(c.stages[0].note, "met");
}

}  // namespace
}  // namespace chorus::casework
