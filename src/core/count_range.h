// File: core/count_range.h
// Counts as sources give them: a range with a best value, a counting unit and
// the words used ("6-10", "almost 10", "more than 150"). Sums of ranges are
// ranges; claims from several reports consolidate into one range while each
// claim stays visible. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace chorus::core {

enum class CountUnit { kIndividuals, kFamilies, kGroups };
std::string_view CountUnitName(CountUnit unit);                 // "individuals"
std::optional<CountUnit> ParseCountUnit(std::string_view name);  // inverse

// INVARIANT: min <= best <= max when all are set; max unset means "no upper
// bound given" ("more than 150").
struct CountRange {
  int64_t min = 0;
  std::optional<int64_t> max;
  std::optional<int64_t> best;
  CountUnit unit = CountUnit::kIndividuals;
  std::string words;  // the source's own words, verbatim; may be empty

  // InvalidArgument when min < 0, max < min, or best outside [min, max].
  Status Validate() const;

  friend bool operator==(const CountRange&, const CountRange&) = default;
};

// Sum of independent counts of the same unit: mins add, maxes add (unbounded
// if any is), bests add when every part has one. InvalidArgument when units
// differ.
Result<CountRange> AddCounts(const CountRange& a, const CountRange& b);

// One report's claim about a count.
struct CountClaim {
  std::string report_id;
  CountRange count;
  friend bool operator==(const CountClaim&, const CountClaim&) = default;
};

// The consolidated view of several claims about the same count: every claim
// kept as given, and one range that honestly covers them. The range is the
// hull of the claims' ranges (nothing any source says is hidden); the best
// value is the median of the best values the claims give (when none gives
// one, of the midpoints of their bounded ranges), clamped into the
// intersection of the ranges when they intersect. `conflicting` is true when
// the ranges do not intersect. Example: "6-10" and "almost 10" (8-10, best 9)
// consolidate to 6-10, best 9, not conflicting. An even number of values
// takes the mean of the middle two, rounded half up (8 and 9 -> 9); an
// unbounded claim contributes no midpoint, and when no claim contributes a
// value the best stays unset. The consolidated range has no words.
struct ConsolidatedCount {
  CountRange range;
  bool conflicting = false;
  std::vector<CountClaim> claims;
};

// REQUIRES: claims non-empty and of one unit (else InvalidArgument).
Result<ConsolidatedCount> ConsolidateCounts(const std::vector<CountClaim>& claims);

}  // namespace chorus::core
