// File: casework/workflow.h
// The allowed moves between stages, who may make each and what each needs.
// Only the moves in this table exist; the server, the CLI and the UI ask it
// (the UI shows only the moves MovesFrom returns).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "access/policy.h"
#include "base/status.h"
#include "casework/case.h"

namespace chorus::casework {

struct MoveRule {
  Stage from;
  Stage to;
  // What the move needs besides a permitted actor, said to the user.
  std::string_view requires_what;
  bool needs_note;          // e.g. verified needs a verification note
  bool needs_close_reason;  // only moves to closed
};

// Every allowed move, in the order the UI lists them.
std::span<const MoveRule> MoveTable();
// The moves out of `from`.
std::vector<MoveRule> MovesFrom(Stage from);

struct MoveRequest {
  Stage to = Stage::kVerified;
  std::string note;
  std::optional<CloseReason> close_reason;
};

// Checks that `actor` may move `c` as asked, at `now`: the move is in the
// table; the actor is the case's assignee with kClaimCases, or holds
// kReassignCases; what the move needs is given. FailedPrecondition naming
// the stages for a move that does not exist, PermissionDenied, or
// InvalidArgument naming what is missing.
Status CheckMove(const Case& c, const access::Actor& actor, const MoveRequest& request);

// Applies a checked move: stage, stage time, history, note, close reason;
// the claim counts as acted on.
void ApplyMove(Case& c, const access::Actor& actor, const MoveRequest& request, Timestamp now);

}  // namespace chorus::casework
