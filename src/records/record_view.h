// File: records/record_view.h
// One record as a reader needs it: the record, the reports behind it with
// their sources' grades, each report's own claims where reports can
// disagree (dates, places, counts), the consolidated counts, and the records
// that refer to it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "core/corroboration.h"
#include "core/count_range.h"
#include "core/model.h"
#include "records/vault.h"

namespace chorus::records {

struct SupportingReport {
  core::Report report;
  std::string source_pseudonym;  // never the sealed identity
  core::Reliability source_reliability = core::Reliability::kF;
};

// A claim of one report about one attribute, in words ("dates": "2016-08-21/2016-08-31").
struct AttributeClaim {
  std::string attribute;  // "dates", "places", "victim_counts", "counts", "birth_dates", "names"
  std::string report_id;
  std::string value;
};

struct ConsolidatedAttribute {
  std::string attribute;  // "victim_counts" or "counts"
  core::ConsolidatedCount count;
};

struct RecordView {
  core::Record record;
  std::vector<SupportingReport> reports;
  std::vector<AttributeClaim> claims;
  std::vector<ConsolidatedAttribute> consolidated;
  std::vector<core::Record> referenced_by;
  // Events and acts: independent sources behind the record and the derived
  // information credibility (core/corroboration.h). Absent for other kinds.
  std::optional<core::Corroboration> corroboration;
};

// NotFound naming the id when absent.
Result<RecordView> ViewRecord(RecordReader& reader, std::string_view id);
// The same for a record the caller has just read through `reader` (saves
// reading and opening it twice).
Result<RecordView> ViewRecord(RecordReader& reader, core::Record record);

// "6-10", "almost 10 (8-10, best 9)", "more than 150".
std::string DescribeCount(const core::CountRange& count);

}  // namespace chorus::records
