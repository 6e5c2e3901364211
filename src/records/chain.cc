#include "records/chain.h"

#include <algorithm>
#include <climits>
#include <deque>
#include <set>

#include "text/search_terms.h"

namespace chorus::records {
namespace {

// True when the membership's span can include some day of `at`: an absent
// start or end is unbounded on that side.
bool HeldDuring(const core::Membership& m, const core::FuzzyDate& at) {
  auto at_first = at.earliest_day();
  auto at_last = at.latest_day();
  if (m.start) {
    auto start = m.start->earliest_day();
    if (start && at_last && *start > *at_last) return false;
  }
  if (m.end) {
    auto end = m.end->latest_day();
    if (end && at_first && *end < *at_first) return false;
  }
  return true;
}

void AddReports(std::vector<std::string>& out, const std::vector<std::string>& reports) {
  for (const auto& r : reports) {
    if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
  }
}

}  // namespace

Result<core::Organization> FindOrganization(RecordReader& reader, std::string_view id_or_name) {
  if (core::IsValidRecordId(id_or_name)) {
    CHORUS_ASSIGN_OR_RETURN(auto record, reader.Get(id_or_name));
    if (record) {
      if (auto* org = std::get_if<core::Organization>(&*record)) return *org;
    }
  }
  // By name: an organization one of whose names has exactly the query's
  // terms, else the best-ranked one whose names contain all of them.
  std::vector<std::string> query_terms = text::SearchTerms(id_or_name);
  CHORUS_ASSIGN_OR_RETURN(auto hits, reader.Search(id_or_name, 200));
  std::optional<core::Organization> containing;
  for (const auto& hit : hits) {
    const auto* org = std::get_if<core::Organization>(&hit.record);
    if (!org) continue;
    for (const auto& name : org->names) {
      std::vector<std::string> name_terms = text::SearchTerms(name.text);
      if (name_terms == query_terms) return *org;
      bool contains_all = std::all_of(query_terms.begin(), query_terms.end(), [&](const auto& t) {
        return std::find(name_terms.begin(), name_terms.end(), t) != name_terms.end();
      });
      if (contains_all && !containing) containing = *org;
    }
  }
  if (containing) return *containing;
  return Status::NotFound("no organization matches '" + std::string(id_or_name) + "'");
}

Result<ChainOfCommand> BuildChainOfCommand(RecordReader& reader, std::string_view organization,
                                           const core::FuzzyDate& at) {
  ChainOfCommand chain;
  CHORUS_ASSIGN_OR_RETURN(chain.organization, FindOrganization(reader, organization));
  chain.at = at;

  // Superiors, guarding against a cycle in bad data.
  std::set<std::string> seen{chain.organization.id};
  std::optional<std::string> parent = chain.organization.parent_id;
  while (parent && seen.insert(*parent).second) {
    CHORUS_ASSIGN_OR_RETURN(auto record, reader.Get(*parent));
    if (!record || !std::holds_alternative<core::Organization>(*record)) break;
    chain.superiors.push_back(std::get<core::Organization>(*record));
    parent = chain.superiors.back().parent_id;
  }

  // The organization and its sub-units, breadth first.
  std::deque<std::pair<core::Organization, int>> units{{chain.organization, 0}};
  std::set<std::string> visited{chain.organization.id};
  while (!units.empty()) {
    auto [unit, depth] = std::move(units.front());
    units.pop_front();
    CHORUS_ASSIGN_OR_RETURN(auto children,
                            reader.Referencing(unit.id, core::RecordKind::kOrganization));
    for (auto& child : children) {
      auto& org = std::get<core::Organization>(child);
      if (org.parent_id == unit.id && visited.insert(org.id).second) {
        units.emplace_back(org, depth + 1);
      }
    }
    CHORUS_ASSIGN_OR_RETURN(auto posts, reader.Referencing(unit.id, core::RecordKind::kPost));
    for (auto& record : posts) {
      auto& post = std::get<core::Post>(record);
      if (post.organization_id != unit.id) continue;
      ChainPost entry{post, unit, depth, {}, {}};
      AddReports(entry.reports, post.reports);
      CHORUS_ASSIGN_OR_RETURN(auto memberships,
                              reader.Referencing(post.id, core::RecordKind::kMembership));
      for (auto& m : memberships) {
        auto& membership = std::get<core::Membership>(m);
        if (membership.post_id != post.id || !HeldDuring(membership, at)) continue;
        CHORUS_ASSIGN_OR_RETURN(core::Record person, reader.Require(membership.person_id));
        AddReports(entry.reports, membership.reports);
        entry.holders.push_back({std::get<core::Person>(person), membership});
      }
      chain.posts.push_back(std::move(entry));
    }
  }
  std::stable_sort(chain.posts.begin(), chain.posts.end(),
                   [](const ChainPost& a, const ChainPost& b) {
                     // Rank 0 means "not known": such posts go last.
                     int ra = a.post.rank == 0 ? INT_MAX : a.post.rank;
                     int rb = b.post.rank == 0 ? INT_MAX : b.post.rank;
                     if (ra != rb) return ra < rb;
                     if (a.unit_depth != b.unit_depth) return a.unit_depth < b.unit_depth;
                     return a.post.label < b.post.label;
                   });
  return chain;
}

}  // namespace chorus::records
