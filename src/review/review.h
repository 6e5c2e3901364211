// File: review/review.h
// The link review queue over a store: linkage proposes pairs of persons or
// events that are probably one; a documenter confirms (merges), rejects, or
// merges and unmerges by hand. Every merge keeps what each record was
// before, as stored, so an unmerge restores them exactly; every step is in
// the audit log. docs/linkage.md ("Review in the store") is the user's
// account.
//
// Storage: proposals are sealed documents of kind "link-proposal", merges of
// kind "merge" (records/vault.h), both named by their id. A proposal holds
// record ids, a probability and per-field agreement levels, never the
// values compared (a sealed name must not leak through the queue).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "compartments/keyring.h"
#include "core/model.h"
#include "records/vault.h"
#include "review/find_links.h"

namespace chorus::review {

enum class ProposalStatus { kPending, kConfirmed, kRejected };
std::string_view ProposalStatusName(ProposalStatus status);
std::optional<ProposalStatus> ParseProposalStatus(std::string_view name);

struct LinkProposal {
  std::string id;  // "lp-" and 16 hex digits, fixed by the pair
  core::RecordKind kind = core::RecordKind::kPerson;
  std::string left;  // the smaller id
  std::string right;
  double probability = 0;
  std::vector<FieldAgreement> fields;
  ProposalStatus status = ProposalStatus::kPending;
  Timestamp proposed_at;
  std::string decided_by;  // "" while pending
  std::optional<Timestamp> decided_at;
  std::string merge_id;  // the merge that confirmed it
};

// One merge, with what it changed, as stored before and after.
struct MergeEntry {
  std::string id;  // "mrg-" and 16 random hex digits
  core::RecordKind kind = core::RecordKind::kPerson;
  std::string kept;
  std::string merged;       // deleted by the merge
  std::string proposal_id;  // "" for a merge by hand
  std::string by;
  Timestamp at;
  bool undone = false;
  std::string undone_by;
  std::optional<Timestamp> undone_at;
  // What the merge replaced, exactly as stored (sealed values sealed).
  core::Record kept_before;
  core::Record merged_before;
  std::vector<core::Record> referrers_before;
  // Content hash of every record the merge wrote, by id: an unmerge
  // refuses when one of them has changed since.
  std::vector<std::pair<std::string, std::string>> written;
};

// Who does it: the audit actor, and the keys they hold (for persons at
// risk, whose names are sealed); null keyring when none.
struct Reviewer {
  std::string actor;
  const compartments::Keyring* keyring = nullptr;
};

struct ProposeSummary {
  FoundLinks found;
  size_t added = 0;    // new pending proposals
  size_t updated = 0;  // pending proposals re-scored
  size_t decided = 0;  // pairs already confirmed or rejected, left alone
};

// Finds links among the persons or events of the store (find_links.h) and
// files each pair at or above the threshold as a pending proposal. A pair
// already decided stays decided. Persons at risk take part only when the
// reviewer's keyring opens their names.
Result<ProposeSummary> ProposeLinks(records::Vault& vault, core::RecordKind kind,
                                    const Reviewer& reviewer, Timestamp at,
                                    const FindLinksOptions& options);

// Proposals of a kind (all kinds when nullopt) with a status (all when
// nullopt), the most uncertain first (probability nearest 0.5), then by id.
// Pending proposals whose records are gone (merged or deleted) are left out.
Result<std::vector<LinkProposal>> ListProposals(records::RecordReader& reader,
                                                std::optional<core::RecordKind> kind,
                                                std::optional<ProposalStatus> status);
// NotFound naming the id.
Result<LinkProposal> GetProposal(records::RecordReader& reader, std::string_view id);

// Confirms a pending proposal: its right record is merged into its left.
// FailedPrecondition when it is not pending; the errors of Merge.
Result<MergeEntry> ConfirmProposal(records::Vault& vault, std::string_view proposal_id,
                                   const Reviewer& reviewer, Timestamp at);
// Rejects a pending proposal: the pair is not proposed again.
Result<LinkProposal> RejectProposal(records::Vault& vault, std::string_view proposal_id,
                                    const Reviewer& reviewer, Timestamp at);

// Merges `other` into `keep` (merge.h MergeRecords), points every record
// that referred to `other` at `keep`, deletes `other`, and keeps the entry.
// Errors: NotFound naming a missing id; those of MergeRecords (a sealed
// person needs a reviewer whose keyring opens it).
Result<MergeEntry> Merge(records::Vault& vault, std::string_view keep, std::string_view other,
                         const Reviewer& reviewer, Timestamp at, std::string_view proposal_id = "");

// Undoes a merge: the kept record, the merged record and every record that
// was pointed elsewhere are restored exactly as they were stored before.
// FailedPrecondition when it is undone already, or when a record it wrote
// has changed since (naming it: unmerging would lose that change), or the
// merged id has been taken again. The proposal it confirmed is pending again.
Result<MergeEntry> Unmerge(records::Vault& vault, std::string_view merge_id,
                           const Reviewer& reviewer, Timestamp at);

// Every merge, newest first. NotFound naming the id for GetMerge.
Result<std::vector<MergeEntry>> ListMerges(records::RecordReader& reader);
Result<MergeEntry> GetMerge(records::RecordReader& reader, std::string_view id);

// A proposal as JSON: the stored document, and the body the API and
// `chorus link review --json` show ({"id", "kind", "left", "right",
// "probability", "fields": [{"field", "level", "weight"}], "status",
// "proposed_at", "decided_by", "decided_at", "merge"}).
std::string ProposalJson(const LinkProposal& proposal);
// A merge as JSON without the records it keeps: {"id", "kind", "kept",
// "merged", "proposal", "by", "at", "undone", "undone_by", "undone_at",
// "referrers": [ids]}.
std::string MergeJson(const MergeEntry& merge);

// The id of the proposal for a pair (either order).
std::string ProposalIdOf(std::string_view a, std::string_view b);

}  // namespace chorus::review
