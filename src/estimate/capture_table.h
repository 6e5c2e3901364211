// File: estimate/capture_table.h
// The input of multiple systems estimation: how many people were seen on each
// combination of lists (a capture-history table), built from a CSV table or
// from per-record list memberships, optionally split into strata. Also the
// guards on the input (lists that barely overlap, strata that are too small)
// and small-cell suppression for publication.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace chorus::formats {
struct CsvTable;
}

namespace chorus::estimate {

// The most lists a table may have: the full table has 2^lists cells and the
// samplers keep per-cell state.
inline constexpr int kMaxLists = 16;

// A message for the user about a result they should not trust blindly. `code`
// is stable (tests and JSON consumers match on it); `message` is for people.
struct EstimateWarning {
  std::string code;  // "sparse-overlap", "zero-margin", "not-converged", ...
  std::string message;
};

// Counts of people by capture pattern. Cell `mask` (bit j set = seen on list
// j) holds counts[mask]; counts[0], the people no list saw, is what we
// estimate and is always 0 here. Invariant: counts.size() == 1 << lists.size().
struct CaptureTable {
  std::vector<std::string> lists;
  std::vector<int64_t> counts;

  int num_lists() const { return static_cast<int>(lists.size()); }
  int num_cells() const { return static_cast<int>(counts.size()); }
  // People seen on at least one list.
  int64_t Observed() const;
  // People seen on list `list_idx`.
  int64_t ListTotal(int list_idx) const;
  // People seen on every list whose bit is set in `lists_mask` (and maybe
  // others): the sufficient statistic of that interaction term.
  int64_t MarginAll(uint32_t lists_mask) const;
};

// An empty table over `lists`. Errors: fewer than 2 or more than kMaxLists
// lists, an empty or repeated name.
Result<CaptureTable> MakeCaptureTable(std::vector<std::string> lists);

// Reads a parsed CSV: one 0/1 column per list, named in the header, and a
// count column `freq` or `Freq` (or `count`). Without a count column every
// row is one person (an individual-level file). Rows with the same pattern
// add up. Errors name the 1-based data row: a value other than 0/1, a
// negative or non-integer count, an all-zero pattern with a non-zero count.
Result<CaptureTable> CaptureTableFromCsv(const formats::CsvTable& csv);

// One linked record (a person) with the lists it appears on (bit j = list j)
// and its stratum ("" when not stratified).
struct RecordMembership {
  uint32_t lists_mask = 0;
  std::string stratum;
};

// Tabulates records over `lists`. Errors: a record on no list, a bit beyond
// the last list.
Result<CaptureTable> TabulateRecords(const std::vector<std::string>& lists,
                                     std::span<const RecordMembership> records);

// One table per stratum, keyed and ordered by stratum value.
Result<std::map<std::string, CaptureTable>> TabulateStrata(
    const std::vector<std::string>& lists, std::span<const RecordMembership> records);

// Thresholds for the input guards; the reasons are in docs/estimation.md.
struct GuardOptions {
  // A pair of lists sharing fewer people than this carries almost no
  // information about their dependence.
  int64_t min_pair_overlap = 5;
  // A stratum (or table) with fewer observed people than this gives
  // intervals too wide or too unstable to publish.
  int64_t min_observed = 50;
};

// Warnings about the table itself: lists that barely overlap, a list with
// nobody on it, too few people observed.
std::vector<EstimateWarning> CheckTable(const CaptureTable& table,
                                        const GuardOptions& options = {});

// A cell as published: the count, or nothing when it was suppressed.
struct PublishedCell {
  uint32_t mask = 0;
  int64_t count = 0;
  bool suppressed = false;
};

// The observed cells (mask 1 .. 2^lists - 1) with every count in
// [1, threshold) suppressed, plus enough further cells (the smallest
// non-suppressed ones) that no suppressed cell can be recovered by
// subtracting the published cells from the published total. Zero cells stay
// published (a zero singles nobody out). threshold <= 1 suppresses nothing.
std::vector<PublishedCell> SuppressSmallCells(const CaptureTable& table, int64_t threshold);

// A single count or estimate for publication: "<threshold" when it is
// below the threshold (and above zero), else the value rounded to an integer.
std::string PublishCount(double value, int64_t threshold);

// "c1+c3" for a mask over `lists`.
std::string PatternName(const std::vector<std::string>& lists, uint32_t mask);

}  // namespace chorus::estimate
