// File: estimate/capture_records.h
// From coded records to capture histories: which of the chosen sources
// (lists) recorded each victim, optionally split into strata by period,
// region or act type. Pure: the caller reads the records (cli/ reads them
// from the store) and hands them over as plain domain structs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "core/model.h"
#include "estimate/capture_table.h"

namespace chorus::estimate {

enum class Stratify { kNone, kPeriod, kRegion, kActType };

// "period", "region", "act-type" (or "act_type"); "" is kNone.
// InvalidArgument otherwise.
Result<Stratify> ParseStratify(std::string_view name);
std::string_view StratifyName(Stratify stratify);  // "", "period", "region", "act-type"

// The records capture histories are built from. Other kinds play no part.
struct CodedRecords {
  std::vector<core::Report> reports;
  std::vector<core::Event> events;
  std::vector<core::Act> acts;
  std::vector<core::Involvement> involvements;
  std::vector<core::Person> persons;
  std::vector<core::Place> places;
};

// The stratum value when nothing says it.
inline constexpr std::string_view kUnknownStratum = "unknown";

// The capture histories and what was left out of them.
struct RecordCaptures {
  // One per (victim, stratum) seen by at least one list; stratum "" when
  // not stratified. Ordered by person id, then stratum.
  std::vector<RecordMembership> memberships;
  int64_t victims = 0;  // people with at least one victim involvement
  // (victim, stratum) units on none of the chosen lists: not in the table.
  int64_t unlisted = 0;
  // Victims counted in more than one stratum (once in each).
  int64_t multi_stratum_victims = 0;
  // Victim involvements that name no person (an organization or an unnamed
  // group, usually with counts): they cannot be matched across lists.
  int64_t group_involvements = 0;
  // The sum, over those involvements, of the lower end of their consolidated
  // count in individuals (0 for a group with no count in individuals).
  int64_t group_people_at_least = 0;
};

// Who each list captured. The unit is a victim: a person with at least one
// involvement whose role is victim. List L (a source id) captured that
// person when a report whose source is L is among
//   - the person's own reports (Person.reports), or
//   - the reports of one of the person's victim involvements.
// Act and event reports do not count (they need not name the person), nor
// do reports of the person's involvements in other roles.
//
// Stratified, a victim is one unit in each stratum one of their victim
// involvements falls in, and is captured there by the reports of the
// involvements in that stratum plus the person's own reports that are
// behind none of their victim involvements (those say who the person is,
// not which act). Without strata this is the union over strata. Strata:
//   period   - the earliest year any date claim of the act gives (the
//              earliest year of an interval or of "201X"), else of its event
//   region   - the country (ISO 3166-1) of the first place claim of the act
//              whose place, or a parent of it, has one, else of its event
//   act-type - the act's type code
// and kUnknownStratum when nothing says. Reports with part_of count under
// their own source.
//
// Errors: InvalidArgument for fewer than 2 or more than kMaxLists lists, an
// empty or repeated one; NotFound when no report comes from a list's source.
Result<RecordCaptures> CaptureRecords(const CodedRecords& records,
                                      const std::vector<std::string>& lists, Stratify stratify);

// What the user must know about what was left out or counted twice:
// "unmatched-groups" (victim involvements naming no person), "multi-stratum"
// (victims in several strata). Counts below `suppress_below` are written
// "<N" (PublishCount).
std::vector<EstimateWarning> CaptureWarnings(const RecordCaptures& captures,
                                             int64_t suppress_below = 0);

}  // namespace chorus::estimate
