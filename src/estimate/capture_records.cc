#include "estimate/capture_records.h"

#include <map>
#include <unordered_map>
#include <unordered_set>

#include "core/count_range.h"

namespace chorus::estimate {
namespace {

// A place's parent chain is followed at most this far (a cycle in bad data
// must not loop forever; real hierarchies are a handful deep).
constexpr int kMaxPlaceDepth = 32;

template <typename T>
std::unordered_map<std::string, const T*> IndexById(const std::vector<T>& records) {
  std::unordered_map<std::string, const T*> index;
  index.reserve(records.size());
  for (const T& record : records) index.emplace(record.id, &record);
  return index;
}

class StratumOf {
 public:
  StratumOf(const CodedRecords& records, Stratify stratify)
      : stratify_(stratify),
        acts_(IndexById(records.acts)),
        events_(IndexById(records.events)),
        places_(IndexById(records.places)) {}

  std::string operator()(const core::Involvement& involvement) const {
    if (stratify_ == Stratify::kNone) return "";
    auto act_it = acts_.find(involvement.act_id);
    if (act_it == acts_.end()) return std::string(kUnknownStratum);
    const core::Act& act = *act_it->second;
    if (stratify_ == Stratify::kActType) {
      return act.type.empty() ? std::string(kUnknownStratum) : act.type;
    }
    const core::Event* event = nullptr;
    if (auto event_it = events_.find(act.event_id); event_it != events_.end()) {
      event = event_it->second;
    }
    std::optional<std::string> value;
    if (stratify_ == Stratify::kPeriod) {
      value = EarliestYear(act.dates);
      if (!value && event != nullptr) value = EarliestYear(event->dates);
    } else {
      value = FirstCountry(act.places);
      if (!value && event != nullptr) value = FirstCountry(event->places);
    }
    return value.value_or(std::string(kUnknownStratum));
  }

 private:
  static std::optional<std::string> EarliestYear(const std::vector<core::DateClaim>& dates) {
    std::optional<int64_t> earliest;
    for (const core::DateClaim& claim : dates) {
      // An unknown or open start has no earliest year.
      if (claim.date.start_kind() != core::FuzzyDate::EndKind::kDate) continue;
      const int64_t year = claim.date.start().year;  // "201X" reads as 2010
      if (!earliest || year < *earliest) earliest = year;
    }
    if (!earliest) return std::nullopt;
    return std::to_string(*earliest);
  }

  std::optional<std::string> FirstCountry(const std::vector<core::PlaceClaim>& places) const {
    for (const core::PlaceClaim& claim : places) {
      std::string place_id = claim.place_id;
      for (int depth = 0; depth < kMaxPlaceDepth; ++depth) {
        auto it = places_.find(place_id);
        if (it == places_.end()) break;
        if (!it->second->country.empty()) return it->second->country;
        if (!it->second->parent_id) break;
        place_id = *it->second->parent_id;
      }
    }
    return std::nullopt;
  }

  Stratify stratify_;
  std::unordered_map<std::string, const core::Act*> acts_;
  std::unordered_map<std::string, const core::Event*> events_;
  std::unordered_map<std::string, const core::Place*> places_;
};

// The lower end of a group's consolidated count in individuals.
int64_t PeopleAtLeast(const core::Involvement& involvement) {
  std::vector<core::CountClaim> individuals;
  for (const core::CountClaim& claim : involvement.counts) {
    if (claim.count.unit == core::CountUnit::kIndividuals) individuals.push_back(claim);
  }
  if (individuals.empty()) return 0;
  auto consolidated = core::ConsolidateCounts(individuals);
  return consolidated.ok() ? consolidated->range.min : 0;
}

}  // namespace

Result<Stratify> ParseStratify(std::string_view name) {
  if (name.empty()) return Stratify::kNone;
  if (name == "period") return Stratify::kPeriod;
  if (name == "region") return Stratify::kRegion;
  if (name == "act-type" || name == "act_type") return Stratify::kActType;
  return Status::InvalidArgument("cannot stratify by '" + std::string(name) +
                                 "': use period, region or act-type");
}

std::string_view StratifyName(Stratify stratify) {
  switch (stratify) {
    case Stratify::kNone:
      return "";
    case Stratify::kPeriod:
      return "period";
    case Stratify::kRegion:
      return "region";
    case Stratify::kActType:
      return "act-type";
  }
  return "";
}

Result<RecordCaptures> CaptureRecords(const CodedRecords& records,
                                      const std::vector<std::string>& lists, Stratify stratify) {
  // Checks the count, emptiness and uniqueness of the list names.
  CHORUS_RETURN_IF_ERROR(MakeCaptureTable(lists).status());
  std::unordered_map<std::string, uint32_t> list_bit;
  for (size_t list_idx = 0; list_idx < lists.size(); ++list_idx) {
    list_bit.emplace(lists[list_idx], uint32_t{1} << list_idx);
  }
  // Report id -> the bit of its source's list (0: not a chosen list).
  std::unordered_map<std::string, uint32_t> report_bit;
  report_bit.reserve(records.reports.size());
  uint32_t lists_with_reports = 0;
  for (const core::Report& report : records.reports) {
    auto it = list_bit.find(report.source_id);
    const uint32_t bit = it == list_bit.end() ? 0 : it->second;
    lists_with_reports |= bit;
    report_bit.emplace(report.id, bit);
  }
  for (const auto& [list, bit] : list_bit) {
    if ((lists_with_reports & bit) == 0) {
      return Status::NotFound("no report comes from source '" + list + "'");
    }
  }
  auto bits_of = [&](const std::vector<std::string>& report_ids) {
    uint32_t mask = 0;
    for (const std::string& id : report_ids) {
      if (auto it = report_bit.find(id); it != report_bit.end()) mask |= it->second;
    }
    return mask;
  };

  RecordCaptures out;
  const StratumOf stratum_of(records, stratify);
  // Person id -> stratum -> lists of the victim involvements in it, and the
  // reports behind any of the person's victim involvements.
  std::map<std::string, std::map<std::string, uint32_t>> person_strata;
  std::unordered_map<std::string, std::unordered_set<std::string>> involvement_reports;
  for (const core::Involvement& involvement : records.involvements) {
    if (involvement.role != core::InvolvementRole::kVictim) continue;
    if (!involvement.person_id) {
      ++out.group_involvements;
      out.group_people_at_least += PeopleAtLeast(involvement);
      continue;
    }
    person_strata[*involvement.person_id][stratum_of(involvement)] |= bits_of(involvement.reports);
    auto& behind = involvement_reports[*involvement.person_id];
    behind.insert(involvement.reports.begin(), involvement.reports.end());
  }
  const auto persons = IndexById(records.persons);
  for (const auto& [person_id, strata] : person_strata) {
    ++out.victims;
    if (strata.size() > 1) ++out.multi_stratum_victims;
    // The person's own reports that no victim involvement carries count in
    // every stratum; the others already count where their involvement is.
    uint32_t own_mask = 0;
    if (auto it = persons.find(person_id); it != persons.end()) {
      const auto& behind = involvement_reports[person_id];
      for (const std::string& report_id : it->second->reports) {
        if (behind.contains(report_id)) continue;
        if (auto bit = report_bit.find(report_id); bit != report_bit.end()) own_mask |= bit->second;
      }
    }
    for (const auto& [stratum, mask] : strata) {
      const uint32_t lists_mask = mask | own_mask;
      if (lists_mask == 0) {
        ++out.unlisted;
      } else {
        out.memberships.push_back({lists_mask, stratum});
      }
    }
  }
  return out;
}

std::vector<EstimateWarning> CaptureWarnings(const RecordCaptures& captures,
                                             int64_t suppress_below) {
  auto count = [&](int64_t value) {
    return PublishCount(static_cast<double>(value), suppress_below);
  };
  std::vector<EstimateWarning> warnings;
  if (captures.group_involvements > 0) {
    warnings.push_back({"unmatched-groups",
                        count(captures.group_involvements) +
                            " victim involvements name a group or an organization, not a person "
                            "(at least " +
                            count(captures.group_people_at_least) +
                            " people by their counts): a group cannot be matched across lists, "
                            "so they are left out of the table"});
  }
  if (captures.multi_stratum_victims > 0) {
    warnings.push_back({"multi-stratum", count(captures.multi_stratum_victims) +
                                             " people are victims in more than one stratum and "
                                             "are counted once in each: the strata do not add up "
                                             "to the whole"});
  }
  return warnings;
}

}  // namespace chorus::estimate
