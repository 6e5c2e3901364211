// File: records/chain.h
// The chain of command of an organization at a date: its posts from the top
// down, across its sub-units, with who held each post then (as far as the
// reports say) and the reports that say so. Vacant or unknown posts show.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "core/fuzzy_date.h"
#include "core/model.h"
#include "records/vault.h"

namespace chorus::records {

struct ChainHolder {
  core::Person person;
  core::Membership membership;
};

struct ChainPost {
  core::Post post;
  core::Organization organization;   // the unit the post belongs to
  int unit_depth = 0;                // 0 = the organization asked for
  std::vector<ChainHolder> holders;  // empty: vacant, or no report names a holder
  std::vector<std::string> reports;  // the post's and its holders' reports
};

struct ChainOfCommand {
  core::Organization organization;
  std::vector<core::Organization> superiors;  // parent first, then its parent...
  core::FuzzyDate at;
  std::vector<ChainPost> posts;  // ordered by rank, then unit depth, then label
};

// `organization` is an organization id, or a name in any script (the best
// search hit among organizations whose name matches). NotFound when no
// organization matches.
Result<ChainOfCommand> BuildChainOfCommand(RecordReader& reader, std::string_view organization,
                                           const core::FuzzyDate& at);

// Resolves an organization by id or name, as BuildChainOfCommand does.
Result<core::Organization> FindOrganization(RecordReader& reader, std::string_view id_or_name);

}  // namespace chorus::records
