#include "casework/order.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace chorus::casework {
namespace {

size_t Index(Tier tier) { return static_cast<size_t>(tier); }
size_t Index(Stage stage) { return static_cast<size_t>(stage); }

}  // namespace

Timestamp EffectiveRequestTime(const Case& c, const QueuePolicy& policy) {
  return c.requested_at - policy.credit[Index(c.tier)];
}

bool ServedBefore(const Case& a, const Case& b, const QueuePolicy& policy) {
  const Timestamp ea = EffectiveRequestTime(a, policy);
  const Timestamp eb = EffectiveRequestTime(b, policy);
  if (ea != eb) return ea < eb;
  return a.id < b.id;
}

void SortQueue(std::vector<Case>& cases, const QueuePolicy& policy) {
  std::sort(cases.begin(), cases.end(),
            [&](const Case& a, const Case& b) { return ServedBefore(a, b, policy); });
}

std::string FormatDuration(Duration d) {
  using namespace std::chrono;
  if (d < Duration(0)) d = Duration(0);
  const auto total_s = duration_cast<seconds>(d).count();
  const int64_t days = total_s / 86400;
  const int64_t hours = (total_s % 86400) / 3600;
  const int64_t minutes = (total_s % 3600) / 60;
  if (days > 0) return std::to_string(days) + " d " + std::to_string(hours) + " h";
  if (hours > 0) return std::to_string(hours) + " h " + std::to_string(minutes) + " min";
  if (minutes > 0) return std::to_string(minutes) + " min";
  return std::to_string(total_s) + " s";
}

std::string PositionReason(const Case& c, const QueuePolicy& policy, Timestamp now) {
  std::string reason = "tier: ";
  reason += TierLabel(c.tier);
  reason += "; waiting ";
  reason += FormatDuration(now - c.requested_at);
  // While its head start lasts, say how long newer less-urgent requests stay behind.
  const Duration credit = policy.credit[Index(c.tier)];
  for (Tier lower : AllTiers()) {
    if (Index(lower) <= Index(c.tier)) continue;
    const Duration lead = credit - policy.credit[Index(lower)];
    if (lead > Duration(0)) {
      reason += "; ahead of ";
      reason += TierLabel(lower);
      reason += " requests made up to ";
      reason += FormatDuration(lead);
      reason += " before it";
      break;
    }
  }
  return reason;
}

std::optional<Timestamp> StageDeadline(const Case& c, const QueuePolicy& policy) {
  if (IsFinal(c.stage)) return std::nullopt;
  const Duration allowed = policy.stage_deadline[Index(c.stage)];
  if (allowed <= Duration(0)) return std::nullopt;
  return c.stage_since + allowed;
}

std::optional<Timestamp> ClaimDeadline(const Case& c, const QueuePolicy& policy) {
  if (!c.claimed_at) return std::nullopt;
  return *c.claimed_at + policy.claim_timeout;
}

Result<Duration> ParseDuration(std::string_view text) {
  int64_t value = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto [rest, ec] = std::from_chars(begin, end, value);
  const std::string_view unit(rest, static_cast<size_t>(end - rest));
  if (ec != std::errc() || rest == begin || value <= 0) {
    return Status::InvalidArgument("'" + std::string(text) +
                                   "' is not a duration such as 90s, 15min, 4h or 2d");
  }
  if (unit == "s") return Duration(std::chrono::seconds(value));
  if (unit == "min" || unit == "m") return Duration(std::chrono::minutes(value));
  if (unit == "h") return Duration(std::chrono::hours(value));
  if (unit == "d") return Duration(std::chrono::days(value));
  return Status::InvalidArgument("'" + std::string(text) +
                                 "' has no unit: write s, min, h or d (e.g. 2d)");
}

}  // namespace chorus::casework
