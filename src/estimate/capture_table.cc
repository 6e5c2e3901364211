#include "estimate/capture_table.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <set>

#include "formats/csv.h"

namespace chorus::estimate {
namespace {

std::string RowContext(size_t row_idx) { return "row " + std::to_string(row_idx + 1); }

Result<int64_t> ParseCount(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    // Accept "12.0" as written by R's write.csv, refuse "12.5".
    double real = 0;
    auto [ptr2, ec2] = std::from_chars(text.data(), text.data() + text.size(), real);
    if (ec2 != std::errc() || ptr2 != text.data() + text.size() || real != std::floor(real) ||
        std::abs(real) > 9e15) {
      return Status::InvalidArgument("not an integer count: '" + std::string(text) + "'");
    }
    value = static_cast<int64_t>(real);
  }
  if (value < 0) return Status::InvalidArgument("negative count");
  return value;
}

}  // namespace

int64_t CaptureTable::Observed() const {
  int64_t total = 0;
  for (size_t mask = 1; mask < counts.size(); ++mask) total += counts[mask];
  return total;
}

int64_t CaptureTable::ListTotal(int list_idx) const { return MarginAll(uint32_t{1} << list_idx); }

int64_t CaptureTable::MarginAll(uint32_t lists_mask) const {
  int64_t total = 0;
  for (uint32_t mask = 1; mask < counts.size(); ++mask) {
    if ((mask & lists_mask) == lists_mask) total += counts[mask];
  }
  return total;
}

Result<CaptureTable> MakeCaptureTable(std::vector<std::string> lists) {
  if (lists.size() < 2) return Status::InvalidArgument("estimation needs at least 2 lists");
  if (lists.size() > static_cast<size_t>(kMaxLists)) {
    return Status::InvalidArgument("at most " + std::to_string(kMaxLists) + " lists are supported");
  }
  std::set<std::string> seen;
  for (const auto& name : lists) {
    if (name.empty()) return Status::InvalidArgument("a list has an empty name");
    if (!seen.insert(name).second)
      return Status::InvalidArgument("list '" + name + "' is repeated");
  }
  CaptureTable table;
  table.counts.assign(size_t{1} << lists.size(), 0);
  table.lists = std::move(lists);
  return table;
}

Result<CaptureTable> CaptureTableFromCsv(const formats::CsvTable& csv) {
  int count_col = -1;
  for (const char* name : {"freq", "Freq", "FREQ", "count", "Count"}) {
    count_col = csv.ColumnIndex(name);
    if (count_col >= 0) break;
  }
  std::vector<std::string> lists;
  std::vector<size_t> list_cols;
  for (size_t col = 0; col < csv.header.size(); ++col) {
    if (static_cast<int>(col) == count_col) continue;
    lists.push_back(csv.header[col]);
    list_cols.push_back(col);
  }
  CHORUS_ASSIGN_OR_RETURN(CaptureTable table, MakeCaptureTable(std::move(lists)));
  for (size_t row_idx = 0; row_idx < csv.rows.size(); ++row_idx) {
    const auto& row = csv.rows[row_idx];
    uint32_t mask = 0;
    for (size_t list_idx = 0; list_idx < list_cols.size(); ++list_idx) {
      const std::string& cell = row[list_cols[list_idx]];
      if (cell == "1") {
        mask |= uint32_t{1} << list_idx;
      } else if (cell != "0") {
        return Status::InvalidArgument(RowContext(row_idx) + ": list column '" +
                                       table.lists[list_idx] + "' must be 0 or 1");
      }
    }
    int64_t count = 1;
    if (count_col >= 0) {
      auto parsed = ParseCount(row[static_cast<size_t>(count_col)]);
      if (!parsed.ok()) return parsed.status().WithContext(RowContext(row_idx));
      count = *parsed;
    }
    if (mask == 0) {
      if (count == 0) continue;
      return Status::InvalidArgument(RowContext(row_idx) +
                                     ": a pattern on no list cannot have been observed");
    }
    table.counts[mask] += count;
  }
  return table;
}

Result<CaptureTable> TabulateRecords(const std::vector<std::string>& lists,
                                     std::span<const RecordMembership> records) {
  CHORUS_ASSIGN_OR_RETURN(CaptureTable table, MakeCaptureTable(lists));
  for (size_t record_idx = 0; record_idx < records.size(); ++record_idx) {
    uint32_t mask = records[record_idx].lists_mask;
    if (mask == 0) {
      return Status::InvalidArgument("record " + std::to_string(record_idx) + " is on no list");
    }
    if (mask >= table.counts.size()) {
      return Status::InvalidArgument("record " + std::to_string(record_idx) +
                                     " names a list beyond the last");
    }
    ++table.counts[mask];
  }
  return table;
}

Result<std::map<std::string, CaptureTable>> TabulateStrata(
    const std::vector<std::string>& lists, std::span<const RecordMembership> records) {
  CHORUS_ASSIGN_OR_RETURN(CaptureTable empty, MakeCaptureTable(lists));
  std::map<std::string, CaptureTable> strata;
  for (size_t record_idx = 0; record_idx < records.size(); ++record_idx) {
    const auto& record = records[record_idx];
    if (record.lists_mask == 0 || record.lists_mask >= empty.counts.size()) {
      return Status::InvalidArgument("record " + std::to_string(record_idx) +
                                     " has an invalid list membership");
    }
    auto [it, inserted] = strata.try_emplace(record.stratum, empty);
    ++it->second.counts[record.lists_mask];
  }
  return strata;
}

std::vector<EstimateWarning> CheckTable(const CaptureTable& table, const GuardOptions& options) {
  std::vector<EstimateWarning> warnings;
  const int64_t observed = table.Observed();
  if (observed < options.min_observed) {
    warnings.push_back(
        {"small-stratum", "only " + std::to_string(observed) + " people observed (fewer than " +
                              std::to_string(options.min_observed) +
                              "): the estimate is unstable and may single people out"});
  }
  for (int list_idx = 0; list_idx < table.num_lists(); ++list_idx) {
    if (table.ListTotal(list_idx) == 0) {
      warnings.push_back({"empty-list", "list '" + table.lists[static_cast<size_t>(list_idx)] +
                                            "' holds nobody: drop it"});
    }
  }
  for (int a = 0; a < table.num_lists(); ++a) {
    for (int b = a + 1; b < table.num_lists(); ++b) {
      const int64_t overlap = table.MarginAll((uint32_t{1} << a) | (uint32_t{1} << b));
      if (overlap < options.min_pair_overlap) {
        warnings.push_back(
            {"sparse-overlap", "lists '" + table.lists[static_cast<size_t>(a)] + "' and '" +
                                   table.lists[static_cast<size_t>(b)] + "' share only " +
                                   std::to_string(overlap) +
                                   " people: their dependence cannot be estimated and the "
                                   "estimate leans on model assumptions"});
      }
    }
  }
  return warnings;
}

std::vector<PublishedCell> SuppressSmallCells(const CaptureTable& table, int64_t threshold) {
  std::vector<PublishedCell> cells;
  for (uint32_t mask = 1; mask < table.counts.size(); ++mask) {
    const int64_t count = table.counts[mask];
    cells.push_back({mask, count, threshold > 1 && count > 0 && count < threshold});
  }
  // Complementary suppression: one hidden cell is recoverable from the total,
  // so hide the smallest visible non-zero cell as well.
  const auto hidden = std::count_if(cells.begin(), cells.end(),
                                    [](const PublishedCell& c) { return c.suppressed; });
  if (hidden == 1) {
    PublishedCell* smallest = nullptr;
    for (auto& cell : cells) {
      if (cell.suppressed || cell.count == 0) continue;
      if (smallest == nullptr || cell.count < smallest->count) smallest = &cell;
    }
    if (smallest != nullptr) smallest->suppressed = true;
  }
  for (auto& cell : cells) {
    if (cell.suppressed) cell.count = 0;
  }
  return cells;
}

std::string PublishCount(double value, int64_t threshold) {
  if (threshold > 1 && value > 0 && value < static_cast<double>(threshold)) {
    return "<" + std::to_string(threshold);
  }
  return std::to_string(static_cast<int64_t>(std::llround(value)));
}

std::string PatternName(const std::vector<std::string>& lists, uint32_t mask) {
  std::string name;
  for (size_t list_idx = 0; list_idx < lists.size(); ++list_idx) {
    if ((mask >> list_idx) & 1u) {
      if (!name.empty()) name += "+";
      name += lists[list_idx];
    }
  }
  return name.empty() ? "(none)" : name;
}

}  // namespace chorus::estimate
