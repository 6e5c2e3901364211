#include "casework/case.h"

#include <array>
#include <cctype>

namespace chorus::casework {
namespace {

constexpr std::array<Tier, 3> kTiers = {Tier::kImmediate, Tier::kVulnerable, Tier::kStandard};
constexpr std::array<Stage, 6> kStages = {Stage::kRequested,  Stage::kVerified,  Stage::kSheltered,
                                          Stage::kInTransfer, Stage::kResettled, Stage::kClosed};
constexpr std::array<CloseReason, 4> kCloseReasons = {
    CloseReason::kWithdrawn, CloseReason::kUnreachable, CloseReason::kDuplicate,
    CloseReason::kReferredElsewhere};
constexpr std::array<ReferralState, 5> kReferralStates = {
    ReferralState::kProposed, ReferralState::kSent, ReferralState::kAccepted,
    ReferralState::kDeclined, ReferralState::kCompleted};

// "In Transfer", "in-transfer" → "in_transfer".
std::string Normalise(std::string_view name) {
  std::string out;
  for (char c : name) {
    out.push_back(c == ' ' || c == '-'
                      ? '_'
                      : static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

template <typename T, size_t N, typename NameOf>
std::optional<T> ParseNamed(const std::array<T, N>& values, std::string_view name, NameOf name_of) {
  const std::string normal = Normalise(name);
  for (T value : values) {
    if (name_of(value) == normal) return value;
  }
  return std::nullopt;
}

}  // namespace

std::span<const Tier> AllTiers() { return kTiers; }

std::string_view TierName(Tier tier) {
  switch (tier) {
    case Tier::kImmediate:
      return "immediate";
    case Tier::kVulnerable:
      return "vulnerable";
    case Tier::kStandard:
      return "standard";
  }
  return "standard";
}

std::string_view TierLabel(Tier tier) {
  switch (tier) {
    case Tier::kImmediate:
      return "immediate danger";
    case Tier::kVulnerable:
      return "vulnerable";
    case Tier::kStandard:
      return "standard";
  }
  return "standard";
}

std::optional<Tier> ParseTier(std::string_view name) {
  if (Normalise(name) == "immediate_danger") return Tier::kImmediate;
  return ParseNamed(kTiers, name, TierName);
}

std::span<const Stage> AllStages() { return kStages; }

std::string_view StageName(Stage stage) {
  switch (stage) {
    case Stage::kRequested:
      return "requested";
    case Stage::kVerified:
      return "verified";
    case Stage::kSheltered:
      return "sheltered";
    case Stage::kInTransfer:
      return "in_transfer";
    case Stage::kResettled:
      return "resettled";
    case Stage::kClosed:
      return "closed";
  }
  return "requested";
}

std::optional<Stage> ParseStage(std::string_view name) {
  return ParseNamed(kStages, name, StageName);
}

bool IsFinal(Stage stage) { return stage == Stage::kResettled || stage == Stage::kClosed; }

std::span<const CloseReason> AllCloseReasons() { return kCloseReasons; }

std::string_view CloseReasonName(CloseReason reason) {
  switch (reason) {
    case CloseReason::kWithdrawn:
      return "withdrawn";
    case CloseReason::kUnreachable:
      return "unreachable";
    case CloseReason::kDuplicate:
      return "duplicate";
    case CloseReason::kReferredElsewhere:
      return "referred_elsewhere";
  }
  return "withdrawn";
}

std::optional<CloseReason> ParseCloseReason(std::string_view name) {
  return ParseNamed(kCloseReasons, name, CloseReasonName);
}

std::string_view ReferralStateName(ReferralState state) {
  switch (state) {
    case ReferralState::kProposed:
      return "proposed";
    case ReferralState::kSent:
      return "sent";
    case ReferralState::kAccepted:
      return "accepted";
    case ReferralState::kDeclined:
      return "declined";
    case ReferralState::kCompleted:
      return "completed";
  }
  return "proposed";
}

std::optional<ReferralState> ParseReferralState(std::string_view name) {
  return ParseNamed(kReferralStates, name, ReferralStateName);
}

Status ValidateCase(const Case& c) {
  if (c.id.empty()) return Status::InvalidArgument("case: id is empty");
  if (c.tier_reason.empty()) {
    return Status::InvalidArgument("case " + c.id + ": the reason for the urgency tier is empty");
  }
  if (c.tier_reason.size() > 4000) {
    return Status::InvalidArgument("case " + c.id + ": the tier reason is over 4000 bytes");
  }
  if (c.stage == Stage::kClosed && !c.close_reason) {
    return Status::InvalidArgument("case " + c.id + ": closed without a reason");
  }
  if (c.stage != Stage::kClosed && c.close_reason) {
    return Status::InvalidArgument("case " + c.id + ": a close reason on an open case");
  }
  if (c.claimed_at && c.assignee.empty()) {
    return Status::InvalidArgument("case " + c.id + ": claimed but assigned to nobody");
  }
  return Status::Ok();
}

}  // namespace chorus::casework
