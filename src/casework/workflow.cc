#include "casework/workflow.h"

#include <array>

namespace chorus::casework {
namespace {

constexpr std::array<MoveRule, 8> kMoves = {{
    {Stage::kRequested, Stage::kVerified, "a verification note", true, false},
    {Stage::kVerified, Stage::kSheltered, "a note on the shelter", true, false},
    {Stage::kSheltered, Stage::kInTransfer, "a note on the transfer", true, false},
    {Stage::kInTransfer, Stage::kResettled, "a note on the resettlement", true, false},
    {Stage::kRequested, Stage::kClosed, "a close reason and a note", true, true},
    {Stage::kVerified, Stage::kClosed, "a close reason and a note", true, true},
    {Stage::kSheltered, Stage::kClosed, "a close reason and a note", true, true},
    {Stage::kInTransfer, Stage::kClosed, "a close reason and a note", true, true},
}};

const MoveRule* FindMove(Stage from, Stage to) {
  for (const MoveRule& rule : kMoves) {
    if (rule.from == from && rule.to == to) return &rule;
  }
  return nullptr;
}

}  // namespace

std::span<const MoveRule> MoveTable() { return kMoves; }

std::vector<MoveRule> MovesFrom(Stage from) {
  std::vector<MoveRule> out;
  for (const MoveRule& rule : kMoves) {
    if (rule.from == from) out.push_back(rule);
  }
  return out;
}

Status CheckMove(const Case& c, const access::Actor& actor, const MoveRequest& request) {
  const MoveRule* rule = FindMove(c.stage, request.to);
  if (rule == nullptr) {
    return Status::FailedPrecondition("case " + c.id + " cannot move from " +
                                      std::string(StageName(c.stage)) + " to " +
                                      std::string(StageName(request.to)));
  }
  const bool leads = access::IsAllowed(actor.role, access::Permission::kReassignCases);
  const bool serves = access::IsAllowed(actor.role, access::Permission::kClaimCases) &&
                      !c.assignee.empty() && c.assignee == actor.user;
  if (!leads && !serves) {
    return Status::PermissionDenied(c.assignee.empty()
                                        ? "case " + c.id + " must be claimed before it is moved"
                                        : "case " + c.id + " is served by another caseworker");
  }
  if (rule->needs_note && request.note.empty()) {
    return Status::InvalidArgument("moving case " + c.id + " to " +
                                   std::string(StageName(request.to)) + " needs " +
                                   std::string(rule->requires_what));
  }
  if (rule->needs_close_reason && !request.close_reason) {
    return Status::InvalidArgument("closing case " + c.id +
                                   " needs a reason: withdrawn, unreachable, duplicate or "
                                   "referred_elsewhere");
  }
  if (!rule->needs_close_reason && request.close_reason) {
    return Status::InvalidArgument("a close reason is only for moves to closed");
  }
  return Status::Ok();
}

void ApplyMove(Case& c, const access::Actor& actor, const MoveRequest& request, Timestamp now) {
  c.stages.push_back({now, actor.user, c.stage, request.to, request.note});
  c.stage = request.to;
  c.stage_since = now;
  if (request.to == Stage::kClosed) c.close_reason = request.close_reason;
  c.claimed_at.reset();
}

}  // namespace chorus::casework
