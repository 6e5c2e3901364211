// File: casework/case.h
// A request for help and its progress: who asked (a person record; their
// identity and contacts live sealed in the case), where they are, how urgent
// it is and why, the stage it has reached, who serves it, the referrals to
// partner organisations and whether the requester consented to sharing.
// Pure data; casebook.h stores it sealed.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "core/model.h"

namespace chorus::casework {

// Urgency, most urgent first.
enum class Tier { kImmediate, kVulnerable, kStandard };
std::span<const Tier> AllTiers();
std::string_view TierName(Tier tier);   // "immediate", "vulnerable", "standard"
std::string_view TierLabel(Tier tier);  // "immediate danger", ...
std::optional<Tier> ParseTier(std::string_view name);

// requested → verified → sheltered → in_transfer → resettled, or closed.
enum class Stage { kRequested, kVerified, kSheltered, kInTransfer, kResettled, kClosed };
std::span<const Stage> AllStages();
std::string_view StageName(Stage stage);  // "requested", ..., "in_transfer", "closed"
std::optional<Stage> ParseStage(std::string_view name);  // also "in transfer", "in-transfer"
// Resettled and closed cases are done: no deadline, no alarm, no moves.
bool IsFinal(Stage stage);

enum class CloseReason { kWithdrawn, kUnreachable, kDuplicate, kReferredElsewhere };
std::span<const CloseReason> AllCloseReasons();
std::string_view CloseReasonName(CloseReason reason);  // "referred_elsewhere", ...
std::optional<CloseReason> ParseCloseReason(std::string_view name);

enum class ReferralState { kProposed, kSent, kAccepted, kDeclined, kCompleted };
std::string_view ReferralStateName(ReferralState state);
std::optional<ReferralState> ParseReferralState(std::string_view name);

struct Referral {
  std::string id;       // "ref-1", "ref-2", ... within the case
  std::string partner;  // the partner organisation
  ReferralState state = ReferralState::kProposed;
  Timestamp updated;
  // Set when case data went to the partner without the requester's consent,
  // by a role allowed to override it; the reason is in the audit log too.
  std::string consent_override_reason;
};

struct Note {
  Timestamp at;
  std::string author;
  std::string text;
};

// One entry of the case's own history (the audit log has the rest).
struct StageChange {
  Timestamp at;
  std::string by;
  Stage from = Stage::kRequested;
  Stage to = Stage::kRequested;
  std::string note;
};

struct Case {
  std::string id;  // "case-" + random, never derived from the requester
  // The requester: a person record id (optional) and sealed particulars.
  std::string person;
  std::string requester_name;  // sealed like the whole case
  std::string contact;         // sealed
  std::string location;        // sealed: where they are
  // The three above, sealed under the requesters compartment (then empty):
  // how a case is stored once that compartment has a key, and all a reader
  // without the key gets.
  std::optional<core::SealedPart> sealed_requester;
  Tier tier = Tier::kStandard;
  std::string tier_reason;
  Timestamp requested_at;
  Stage stage = Stage::kRequested;
  Timestamp stage_since;
  std::optional<CloseReason> close_reason;
  // The caseworker serving the case; "" while it waits in the queue.
  std::string assignee;
  // When the assignee claimed it and has not acted since: a claim not acted
  // on before its deadline returns the case to the queue.
  std::optional<Timestamp> claimed_at;
  // The requester's recorded consent to share case data with partners.
  bool consent_to_share = false;
  std::vector<Referral> referrals;
  std::vector<Note> notes;
  std::vector<StageChange> stages;
  // Documentation records the case relates to (events, acts, persons).
  std::vector<std::string> links;
};

// In the queue: still requested and nobody serving it.
inline bool IsWaiting(const Case& c) { return c.stage == Stage::kRequested && c.assignee.empty(); }

// Checks a case's own fields: InvalidArgument naming the field.
Status ValidateCase(const Case& c);

}  // namespace chorus::casework
