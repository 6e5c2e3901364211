// File: core/fuzzy_date.h
// Fuzzy dates in EDTF (Library of Congress Extended Date/Time Format, ISO
// 8601-2), levels 0 and 1: "2016", "2016-08", "2016-08-25", intervals
// "2016-08-21/2016-08-31" with open ("..") or unknown ("") ends, qualifiers
// "~" (approximate), "?" (uncertain), "%" (both), unspecified digits "201X",
// "2016-XX", seasons "2016-21" (spring) .. "2016-24" (winter), and
// "Y170000002" long years. "Late August 2016" is an interval, never a fake
// exact day. Pure: no clock, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace chorus::core {

// A calendar day as days since 1970-01-01 (negative before). Used for
// interval bounds so comparisons are integer comparisons.
using DayNumber = int64_t;

// A single EDTF date (no interval): year with optional month/season and day,
// each part possibly with unspecified digits, and qualifiers.
struct EdtfDate {
  int64_t year = 0;           // value with unspecified digits as 0 ("201X" -> 2010)
  int year_unspecified = 0;   // how many trailing year digits are X (0..4)
  int month = 0;              // 0 = absent; 1..12 months; 21..24 seasons
  bool month_unspecified = false;
  int day = 0;                // 0 = absent
  bool day_unspecified = false;
  bool approximate = false;   // "~"
  bool uncertain = false;     // "?"

  friend bool operator==(const EdtfDate&, const EdtfDate&) = default;
};

class FuzzyDate {
 public:
  enum class EndKind { kDate, kOpen /* ".." */, kUnknown /* "" */ };

  // Parses EDTF level 0 or 1. Errors are InvalidArgument naming what is wrong
  // ("edtf '2016-13': month 13 out of range").
  static Result<FuzzyDate> Parse(std::string_view text);

  // The exact EDTF text: Parse(x)->ToString() == x for every valid x in
  // canonical form.
  std::string ToString() const;

  bool is_interval() const { return is_interval_; }
  // For a single date, start() is the date. For an interval, its two ends.
  const EdtfDate& start() const { return start_; }
  const EdtfDate& end() const { return end_; }
  EndKind start_kind() const { return start_kind_; }
  EndKind end_kind() const { return end_kind_; }

  // The widest span of days the value can denote, inclusive. An open or
  // unknown end is unbounded (nullopt). "2016-08" -> [2016-08-01, 2016-08-31];
  // "201X" -> [2010-01-01, 2019-12-31]; "~2016" is widened by no day (the
  // qualifier is kept, not guessed at). Seasons cover their three months
  // (northern hemisphere: spring = Mar-May, summer = Jun-Aug, autumn =
  // Sep-Nov, winter = December of its year to February of the next).
  std::optional<DayNumber> earliest_day() const;
  std::optional<DayNumber> latest_day() const;

  // True when the two spans share at least one day (unbounded ends overlap
  // everything on their side).
  bool Overlaps(const FuzzyDate& other) const;
  // True when every day of `other` lies inside this span.
  bool Contains(const FuzzyDate& other) const;
  // True when this value's span can include `day`.
  bool CanInclude(DayNumber day) const;

  friend bool operator==(const FuzzyDate&, const FuzzyDate&) = default;

 private:
  bool is_interval_ = false;
  EdtfDate start_;
  EdtfDate end_;
  EndKind start_kind_ = EndKind::kDate;
  EndKind end_kind_ = EndKind::kDate;
};

// Days since 1970-01-01 for a valid proleptic Gregorian date.
DayNumber DaysFromCivil(int64_t year, unsigned month, unsigned day);

// Proleptic Gregorian rules; year 0 is 1 BCE (EDTF and ISO 8601 numbering),
// and is a leap year. DaysInMonth REQUIRES: 1 <= month <= 12.
bool IsLeapYear(int64_t year);
int DaysInMonth(int64_t year, int month);

// "late August 2016 (approximate)"-style English words for what a value
// means, for help text in the CLI and UI: "2016-08-21/2016-08-31" ->
// "between 21 August 2016 and 31 August 2016".
std::string DescribeFuzzyDate(const FuzzyDate& date);

}  // namespace chorus::core
