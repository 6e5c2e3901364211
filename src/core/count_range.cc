// Count ranges: validation, sums and the consolidation of several reports'
// claims into one honest range.
#include "core/count_range.h"

#include <algorithm>
#include <string>
#include <utility>

namespace chorus::core {
namespace {

// "6-10", "151+" or "8": the bounds, for messages.
std::string BoundsText(const CountRange& count) {
  if (!count.max) return std::to_string(count.min) + "+";
  if (*count.max == count.min) return std::to_string(count.min);
  return std::to_string(count.min) + "-" + std::to_string(*count.max);
}

}  // namespace

std::string_view CountUnitName(CountUnit unit) {
  switch (unit) {
    case CountUnit::kIndividuals:
      return "individuals";
    case CountUnit::kFamilies:
      return "families";
    case CountUnit::kGroups:
      return "groups";
  }
  return "individuals";
}

std::optional<CountUnit> ParseCountUnit(std::string_view name) {
  for (CountUnit unit : {CountUnit::kIndividuals, CountUnit::kFamilies, CountUnit::kGroups}) {
    if (CountUnitName(unit) == name) return unit;
  }
  return std::nullopt;
}

Status CountRange::Validate() const {
  if (min < 0) return Status::InvalidArgument("count: min " + std::to_string(min) + " is negative");
  if (max && *max < min) {
    return Status::InvalidArgument("count: max " + std::to_string(*max) + " is below min " +
                                   std::to_string(min));
  }
  if (best && (*best < min || (max && *best > *max))) {
    return Status::InvalidArgument("count " + BoundsText(*this) + ": best " +
                                   std::to_string(*best) + " is outside the range");
  }
  return Status::Ok();
}

Result<CountRange> AddCounts(const CountRange& a, const CountRange& b) {
  CHORUS_RETURN_IF_ERROR(a.Validate());
  CHORUS_RETURN_IF_ERROR(b.Validate());
  if (a.unit != b.unit) {
    return Status::InvalidArgument("cannot add counts of " + std::string(CountUnitName(a.unit)) +
                                   " and " + std::string(CountUnitName(b.unit)));
  }
  const Status overflow = Status::InvalidArgument("count sum " + BoundsText(a) + " + " +
                                                  BoundsText(b) + " is too large");
  CountRange sum;
  sum.unit = a.unit;
  if (__builtin_add_overflow(a.min, b.min, &sum.min)) return overflow;
  if (a.max && b.max) {
    int64_t max = 0;
    if (__builtin_add_overflow(*a.max, *b.max, &max)) return overflow;
    sum.max = max;
  }
  if (a.best && b.best) {
    int64_t best = 0;
    if (__builtin_add_overflow(*a.best, *b.best, &best)) return overflow;
    sum.best = best;
  }
  return sum;
}

Result<ConsolidatedCount> ConsolidateCounts(const std::vector<CountClaim>& claims) {
  if (claims.empty()) return Status::InvalidArgument("no count claims to consolidate");
  const CountUnit unit = claims.front().count.unit;
  for (const CountClaim& claim : claims) {
    CHORUS_RETURN_IF_ERROR(claim.count.Validate().WithContext("report " + claim.report_id));
    if (claim.count.unit != unit) {
      return Status::InvalidArgument("report " + claim.report_id + ": count of " +
                                     std::string(CountUnitName(claim.count.unit)) +
                                     " cannot be consolidated with counts of " +
                                     std::string(CountUnitName(unit)));
    }
  }

  ConsolidatedCount out;
  out.claims = claims;
  out.range.unit = unit;

  // Hull and intersection; an unbounded max is "no upper bound".
  int64_t hull_min = claims.front().count.min;
  std::optional<int64_t> hull_max = claims.front().count.max;
  int64_t meet_min = hull_min;
  std::optional<int64_t> meet_max = hull_max;
  for (const CountClaim& claim : claims) {
    const CountRange& count = claim.count;
    hull_min = std::min(hull_min, count.min);
    meet_min = std::max(meet_min, count.min);
    if (!count.max || !hull_max) {
      hull_max.reset();
    } else {
      hull_max = std::max(*hull_max, *count.max);
    }
    if (count.max) meet_max = meet_max ? std::min(*meet_max, *count.max) : *count.max;
  }
  out.range.min = hull_min;
  out.range.max = hull_max;
  out.conflicting = meet_max && meet_min > *meet_max;

  // Each claim's best, as twice its value so a midpoint stays an integer;
  // __int128 keeps sums of two doubled int64 values exact. A source's own
  // best value outweighs a midpoint someone else would compute for it: the
  // midpoints of bounded ranges count only when no claim gives a best.
  std::vector<__int128> doubled;
  for (const CountClaim& claim : claims) {
    if (claim.count.best) doubled.push_back(static_cast<__int128>(*claim.count.best) * 2);
  }
  if (doubled.empty()) {
    for (const CountClaim& claim : claims) {
      if (claim.count.max) {
        doubled.push_back(static_cast<__int128>(claim.count.min) + *claim.count.max);
      }
    }
  }
  if (doubled.empty()) return out;
  std::sort(doubled.begin(), doubled.end());
  const size_t mid = doubled.size() / 2;
  // Four times the median; rounded half up to a whole count.
  const __int128 quadrupled =
      doubled.size() % 2 == 1 ? doubled[mid] * 2 : doubled[mid - 1] + doubled[mid];
  int64_t best = static_cast<int64_t>((quadrupled + 2) / 4);
  if (!out.conflicting) {
    best = std::max(best, meet_min);
    if (meet_max) best = std::min(best, *meet_max);
  }
  out.range.best = best;
  return out;
}

}  // namespace chorus::core
