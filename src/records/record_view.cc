#include "records/record_view.h"

#include <algorithm>
#include <map>

#include "base/overloaded.h"

namespace chorus::records {
namespace {

void AddId(std::vector<std::string>& ids, const std::string& id) {
  if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
}

}  // namespace

std::string DescribeCount(const core::CountRange& count) {
  std::string range;
  if (!count.max) {
    range = "at least " + std::to_string(count.min);
  } else if (*count.max == count.min) {
    range = std::to_string(count.min);
  } else {
    range = std::to_string(count.min) + "-" + std::to_string(*count.max);
  }
  if (count.best) range += ", best " + std::to_string(*count.best);
  range += " " + std::string(core::CountUnitName(count.unit));
  if (!count.words.empty()) return "\"" + count.words + "\" (" + range + ")";
  return range;
}

Result<RecordView> ViewRecord(RecordReader& reader, std::string_view id) {
  CHORUS_ASSIGN_OR_RETURN(core::Record record, reader.Require(id));
  return ViewRecord(reader, std::move(record));
}

Result<RecordView> ViewRecord(RecordReader& reader, core::Record record) {
  RecordView view;
  view.record = std::move(record);
  const std::string id = core::IdOf(view.record);
  std::vector<std::string> report_ids;
  auto dates = [&](const std::string& attribute, const std::vector<core::DateClaim>& claims) {
    for (const auto& c : claims) {
      view.claims.push_back({attribute, c.report_id, c.date.ToString()});
      AddId(report_ids, c.report_id);
    }
  };
  auto places = [&](const std::vector<core::PlaceClaim>& claims) {
    for (const auto& c : claims) {
      view.claims.push_back({"places", c.report_id, c.place_id});
      AddId(report_ids, c.report_id);
    }
  };
  auto counts = [&](const std::string& attribute, const std::vector<core::CountClaim>& claims) {
    if (claims.empty()) return Status::Ok();
    std::map<core::CountUnit, std::vector<core::CountClaim>> by_unit;
    for (const auto& c : claims) {
      view.claims.push_back({attribute, c.report_id, DescribeCount(c.count)});
      AddId(report_ids, c.report_id);
      by_unit[c.count.unit].push_back(c);
    }
    for (const auto& [unit, same_unit] : by_unit) {
      CHORUS_ASSIGN_OR_RETURN(auto consolidated, core::ConsolidateCounts(same_unit));
      view.consolidated.push_back({attribute, std::move(consolidated)});
    }
    return Status::Ok();
  };
  auto reports = [&](const std::vector<std::string>& ids) {
    for (const auto& r : ids) AddId(report_ids, r);
  };
  Status status = std::visit(Overloaded{
                                 [&](const core::Source&) { return Status::Ok(); },
                                 [&](const core::Report& r) {
                                   if (r.part_of) AddId(report_ids, *r.part_of);
                                   return Status::Ok();
                                 },
                                 [&](const core::File& f) {
                                   AddId(report_ids, f.report_id);
                                   return Status::Ok();
                                 },
                                 [&](const core::Event& e) {
                                   dates("dates", e.dates);
                                   places(e.places);
                                   reports(e.reports);
                                   return Status::Ok();
                                 },
                                 [&](const core::Act& a) {
                                   dates("dates", a.dates);
                                   places(a.places);
                                   reports(a.reports);
                                   return counts("victim_counts", a.victim_counts);
                                 },
                                 [&](const core::Involvement& i) {
                                   reports(i.reports);
                                   return counts("counts", i.counts);
                                 },
                                 [&](const core::Person& p) {
                                   for (const auto& n : p.names) {
                                     for (const auto& r : n.reports)
                                       view.claims.push_back({"names", r, n.text});
                                     reports(n.reports);
                                   }
                                   dates("birth_dates", p.birth_dates);
                                   reports(p.reports);
                                   return Status::Ok();
                                 },
                                 [&](const core::Organization& o) {
                                   reports(o.reports);
                                   return Status::Ok();
                                 },
                                 [&](const core::Post& p) {
                                   reports(p.reports);
                                   return Status::Ok();
                                 },
                                 [&](const core::Membership& m) {
                                   reports(m.reports);
                                   return Status::Ok();
                                 },
                                 [&](const core::Place& p) {
                                   reports(p.reports);
                                   return Status::Ok();
                                 },
                             },
                             view.record);
  CHORUS_RETURN_IF_ERROR(status);
  // Reports often share a source: read each source once.
  std::map<std::string, std::pair<std::string, core::Reliability>> sources;
  for (const auto& report_id : report_ids) {
    CHORUS_ASSIGN_OR_RETURN(core::Record report_record, reader.Require(report_id));
    auto* report = std::get_if<core::Report>(&report_record);
    if (!report) continue;
    auto known = sources.find(report->source_id);
    if (known == sources.end()) {
      std::pair<std::string, core::Reliability> grade{"", core::Reliability::kF};
      CHORUS_ASSIGN_OR_RETURN(auto source, reader.Get(report->source_id));
      if (source) {
        if (auto* s = std::get_if<core::Source>(&*source)) {
          grade = {std::move(s->pseudonym), s->reliability};
        }
      }
      known = sources.emplace(report->source_id, std::move(grade)).first;
    }
    view.reports.push_back({std::move(*report), known->second.first, known->second.second});
  }
  const core::RecordKind kind = core::KindOf(view.record);
  if (kind == core::RecordKind::kEvent || kind == core::RecordKind::kAct) {
    std::vector<core::Report> supporting;
    for (const auto& r : view.reports) supporting.push_back(r.report);
    view.corroboration = core::Corroborate(supporting);
  }
  CHORUS_ASSIGN_OR_RETURN(view.referenced_by, reader.Referencing(id));
  return view;
}

}  // namespace chorus::records
