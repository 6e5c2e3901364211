// File: casework/order.h
// The designated order of the queue: a pure function of the waiting cases'
// data (and, for the explanations, the current time).
//
// Formula (docs/casework.md): each tier earns a head start (credit), and a
// case's place is decided by its effective request time
//     effective = requested_at - credit(tier)
// smallest first; ties by case id. With the default credits (immediate
// danger 30 days, vulnerable 7 days, standard none):
//   - tier first: a more urgent case is ahead of a less urgent one unless
//     the less urgent one has waited longer than the difference of credits;
//   - ageing: a standard case requested 7 days before a vulnerable one is
//     ahead of it, and 30 days before an immediate one;
//   - no case waits forever: a case can only be overtaken by requests made
//     less than the largest credit after it, so its wait is bounded by the
//     cases requested within that window.
#pragma once

#include <array>
#include <chrono>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "casework/case.h"

namespace chorus::casework {

using Duration = std::chrono::milliseconds;

struct QueuePolicy {
  // Head start of each tier, indexed by Tier.
  std::array<Duration, 3> credit = {std::chrono::days(30), std::chrono::days(7), Duration(0)};
  // A claim not acted on (a move or a note) within this returns to the queue.
  Duration claim_timeout = std::chrono::hours(4);
  // How long a case may stay in each non-final stage before an alarm,
  // indexed by Stage (resettled and closed have none).
  std::array<Duration, 6> stage_deadline = {std::chrono::days(2),  std::chrono::days(7),
                                            std::chrono::days(30), std::chrono::days(14),
                                            Duration(0),           Duration(0)};
};

// The effective request time: the sort key of the queue.
Timestamp EffectiveRequestTime(const Case& c, const QueuePolicy& policy);

// The designated order: true when `a` is served before `b`. A strict total
// order over cases with distinct ids.
bool ServedBefore(const Case& a, const Case& b, const QueuePolicy& policy);

// Sorts waiting cases into the designated order.
void SortQueue(std::vector<Case>& cases, const QueuePolicy& policy);

// "tier: immediate danger; waiting 3 d 4 h" (+ "; ahead of newer vulnerable
// and standard requests for 27 d" while the head start lasts).
std::string PositionReason(const Case& c, const QueuePolicy& policy, Timestamp now);

// "3 d 4 h", "5 h 12 min", "40 s".
std::string FormatDuration(Duration d);

// When the case's current stage is overdue (nullopt for final stages).
std::optional<Timestamp> StageDeadline(const Case& c, const QueuePolicy& policy);
// When the current claim lapses (nullopt when not claimed).
std::optional<Timestamp> ClaimDeadline(const Case& c, const QueuePolicy& policy);

// "requested=2d,verified=7d" style durations: "90s", "15min", "4h", "2d".
Result<Duration> ParseDuration(std::string_view text);

}  // namespace chorus::casework
