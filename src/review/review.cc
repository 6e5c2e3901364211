#include "review/review.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "compartments/seal.h"
#include "crypto/crypto.h"
#include "formats/record_json.h"
#include "records/audit.h"
#include "review/merge.h"

namespace chorus::review {
namespace {

using Json = nlohmann::json;

constexpr char kProposalDocument[] = "link-proposal";
constexpr char kMergeDocument[] = "merge";

Json TimeJson(const std::optional<Timestamp>& at) {
  return at ? Json(FormatTimestamp(*at)) : Json(nullptr);
}

Result<Timestamp> ParseTime(const Json& value, std::string_view what) {
  auto at = value.is_string() ? ParseTimestamp(value.get<std::string>()) : std::nullopt;
  if (!at) return Status::DataLoss(std::string(what) + ": malformed time");
  return *at;
}

Result<core::RecordKind> ParseKind(const Json& value, std::string_view what) {
  auto kind = value.is_string() ? core::ParseRecordKind(value.get<std::string>()) : std::nullopt;
  if (!kind) return Status::DataLoss(std::string(what) + ": malformed kind");
  return *kind;
}

Json RecordJson(const core::Record& record) { return Json::parse(formats::EncodeRecord(record)); }

Result<core::Record> RecordFromJson(const Json& value) {
  return formats::DecodeRecord(value.dump());
}

}  // namespace

std::string ProposalJson(const LinkProposal& p) {
  Json fields = Json::array();
  for (const FieldAgreement& f : p.fields) {
    fields.push_back({{"field", f.field}, {"level", f.level}, {"weight", f.weight}});
  }
  return Json{{"id", p.id},
              {"kind", core::RecordKindName(p.kind)},
              {"left", p.left},
              {"right", p.right},
              {"probability", p.probability},
              {"fields", fields},
              {"status", ProposalStatusName(p.status)},
              {"proposed_at", FormatTimestamp(p.proposed_at)},
              {"decided_by", p.decided_by},
              {"decided_at", TimeJson(p.decided_at)},
              {"merge", p.merge_id}}
      .dump();
}

namespace {

// Decodes a stored document with `decode` (which may throw on a missing or
// mistyped field): DataLoss naming `what` for anything malformed.
template <typename T, typename Decode>
Result<T> DecodeDocument(std::string_view text, const std::string& what, Decode decode) {
  const Json j = Json::parse(text, nullptr, false);
  if (!j.is_object()) return Status::DataLoss(what + ": not a JSON object");
  try {
    return decode(j);
  } catch (const Json::exception&) {
    return Status::DataLoss(what + ": a field is missing or of the wrong type");
  }
}

Result<LinkProposal> DecodeProposal(std::string_view text) {
  const std::string what = "link proposal";
  return DecodeDocument<LinkProposal>(text, what, [&](const Json& j) -> Result<LinkProposal> {
    LinkProposal p;
    p.id = j.at("id").get<std::string>();
    CHORUS_ASSIGN_OR_RETURN(p.kind, ParseKind(j.at("kind"), what));
    p.left = j.at("left").get<std::string>();
    p.right = j.at("right").get<std::string>();
    p.probability = j.at("probability").get<double>();
    for (const Json& f : j.at("fields")) {
      p.fields.push_back({f.at("field").get<std::string>(), f.at("level").get<std::string>(),
                          f.at("weight").get<double>()});
    }
    auto status = ParseProposalStatus(j.at("status").get<std::string>());
    if (!status) return Status::DataLoss(what + " " + p.id + ": malformed status");
    p.status = *status;
    CHORUS_ASSIGN_OR_RETURN(p.proposed_at, ParseTime(j.at("proposed_at"), what));
    p.decided_by = j.at("decided_by").get<std::string>();
    if (!j.at("decided_at").is_null()) {
      CHORUS_ASSIGN_OR_RETURN(p.decided_at, ParseTime(j.at("decided_at"), what));
    }
    p.merge_id = j.at("merge").get<std::string>();
    return p;
  });
}

Json MergeSummary(const MergeEntry& m) {
  Json referrers = Json::array();
  for (const core::Record& r : m.referrers_before) referrers.push_back(core::IdOf(r));
  return Json{{"id", m.id},
              {"kind", core::RecordKindName(m.kind)},
              {"kept", m.kept},
              {"merged", m.merged},
              {"proposal", m.proposal_id},
              {"by", m.by},
              {"at", FormatTimestamp(m.at)},
              {"undone", m.undone},
              {"undone_by", m.undone_by},
              {"undone_at", TimeJson(m.undone_at)},
              {"referrers", referrers}};
}

std::string EncodeMerge(const MergeEntry& m) {
  Json referrers = Json::array();
  for (const core::Record& r : m.referrers_before) referrers.push_back(RecordJson(r));
  Json written = Json::array();
  for (const auto& [id, hash] : m.written) written.push_back({{"id", id}, {"hash", hash}});
  Json out = MergeSummary(m);
  out["kept_before"] = RecordJson(m.kept_before);
  out["merged_before"] = RecordJson(m.merged_before);
  out["referrers_before"] = referrers;
  out["written"] = written;
  return out.dump();
}

Result<MergeEntry> DecodeMerge(std::string_view text) {
  const std::string what = "merge";
  return DecodeDocument<MergeEntry>(text, what, [&](const Json& j) -> Result<MergeEntry> {
    MergeEntry m;
    m.id = j.at("id").get<std::string>();
    CHORUS_ASSIGN_OR_RETURN(m.kind, ParseKind(j.at("kind"), what));
    m.kept = j.at("kept").get<std::string>();
    m.merged = j.at("merged").get<std::string>();
    m.proposal_id = j.at("proposal").get<std::string>();
    m.by = j.at("by").get<std::string>();
    CHORUS_ASSIGN_OR_RETURN(m.at, ParseTime(j.at("at"), what));
    m.undone = j.at("undone").get<bool>();
    m.undone_by = j.at("undone_by").get<std::string>();
    if (!j.at("undone_at").is_null()) {
      CHORUS_ASSIGN_OR_RETURN(m.undone_at, ParseTime(j.at("undone_at"), what));
    }
    CHORUS_ASSIGN_OR_RETURN(m.kept_before, RecordFromJson(j.at("kept_before")));
    CHORUS_ASSIGN_OR_RETURN(m.merged_before, RecordFromJson(j.at("merged_before")));
    for (const Json& r : j.at("referrers_before")) {
      CHORUS_ASSIGN_OR_RETURN(core::Record record, RecordFromJson(r));
      m.referrers_before.push_back(std::move(record));
    }
    for (const Json& w : j.at("written")) {
      m.written.emplace_back(w.at("id").get<std::string>(), w.at("hash").get<std::string>());
    }
    return m;
  });
}

records::AuditEvent Audit(const Reviewer& reviewer, std::string action, core::RecordKind kind,
                          std::string id, std::string hash, std::string detail) {
  records::AuditEvent event;
  event.actor = reviewer.actor;
  event.action = std::move(action);
  event.kind = std::string(core::RecordKindName(kind));
  event.record = std::move(id);
  event.content_hash = std::move(hash);
  event.detail = std::move(detail);
  return event;
}

// Opens the sealed part of a record when the reviewer holds its key; a
// record they cannot open is returned as it is (still sealed).
Result<core::Record> OpenForReviewer(core::Record record, const Reviewer& reviewer) {
  if (reviewer.keyring) {
    CHORUS_RETURN_IF_ERROR(compartments::OpenRecord(record, *reviewer.keyring).status());
  }
  return record;
}

// The records a kind's linkage reads (find_links.h).
std::vector<core::RecordKind> KindsForLinking(core::RecordKind kind) {
  if (kind == core::RecordKind::kPerson) {
    return {core::RecordKind::kPerson, core::RecordKind::kMembership, core::RecordKind::kPost};
  }
  return {core::RecordKind::kEvent, core::RecordKind::kAct, core::RecordKind::kInvolvement,
          core::RecordKind::kPlace};
}

Status PutProposal(records::RecordWriter& writer, const LinkProposal& proposal) {
  return writer.PutDocument(kProposalDocument, proposal.id, ProposalJson(proposal));
}

Result<LinkProposal> RequireProposal(records::RecordReader& reader, std::string_view id) {
  CHORUS_ASSIGN_OR_RETURN(auto text, reader.GetDocument(kProposalDocument, id));
  if (!text) return Status::NotFound("no link proposal '" + std::string(id) + "'");
  return DecodeProposal(*text);
}

Result<MergeEntry> RequireMerge(records::RecordReader& reader, std::string_view id) {
  CHORUS_ASSIGN_OR_RETURN(auto text, reader.GetDocument(kMergeDocument, id));
  if (!text) return Status::NotFound("no merge '" + std::string(id) + "'");
  return DecodeMerge(*text);
}

// Merge inside `writer`'s transaction (the caller commits).
Result<MergeEntry> MergeIn(records::RecordWriter& writer, std::string_view keep_id,
                           std::string_view other_id, const Reviewer& reviewer, Timestamp at,
                           std::string_view proposal_id) {
  CHORUS_ASSIGN_OR_RETURN(core::Record keep_stored, writer.Require(keep_id));
  CHORUS_ASSIGN_OR_RETURN(core::Record other_stored, writer.Require(other_id));
  CHORUS_ASSIGN_OR_RETURN(core::Record keep, OpenForReviewer(keep_stored, reviewer));
  CHORUS_ASSIGN_OR_RETURN(core::Record other, OpenForReviewer(other_stored, reviewer));
  CHORUS_ASSIGN_OR_RETURN(core::Record merged, MergeRecords(keep, other));
  CHORUS_RETURN_IF_ERROR(core::ValidateRecord(merged));

  MergeEntry entry;
  entry.id = "mrg-" + crypto::ToHex(crypto::RandomBytes(8));
  entry.kind = core::KindOf(keep);
  entry.kept = std::string(keep_id);
  entry.merged = std::string(other_id);
  entry.proposal_id = std::string(proposal_id);
  entry.by = reviewer.actor;
  entry.at = at;
  entry.kept_before = keep_stored;
  entry.merged_before = other_stored;

  const std::string detail = "merge " + entry.id + ": " + entry.merged + " into " + entry.kept;
  CHORUS_ASSIGN_OR_RETURN(auto referrers, writer.Referencing(other_id));
  for (core::Record& referrer : referrers) {
    if (core::IdOf(referrer) == entry.kept) continue;  // the kept event's own relation
    core::Record before = referrer;
    if (!RetargetReferences(referrer, other_id, keep_id)) continue;
    CHORUS_RETURN_IF_ERROR(writer.Update(referrer));
    const std::string hash = records::RecordContentHash(referrer);
    entry.written.emplace_back(core::IdOf(referrer), hash);
    CHORUS_RETURN_IF_ERROR(records::AppendAudit(
        writer,
        Audit(reviewer, "update", core::KindOf(referrer), core::IdOf(referrer), hash, detail), at));
    entry.referrers_before.push_back(std::move(before));
  }
  // The kept event may relate to the merged one: that relation goes.
  RetargetReferences(merged, other_id, keep_id);
  CHORUS_ASSIGN_OR_RETURN(core::Record stored, writer.SealForStorage(std::move(merged)));
  CHORUS_RETURN_IF_ERROR(writer.Update(stored));
  const std::string kept_hash = records::RecordContentHash(stored);
  entry.written.emplace_back(entry.kept, kept_hash);
  CHORUS_RETURN_IF_ERROR(writer.Delete(other_id));
  CHORUS_RETURN_IF_ERROR(records::AppendAudit(
      writer, Audit(reviewer, "merge", entry.kind, entry.kept, kept_hash, detail), at));
  CHORUS_RETURN_IF_ERROR(records::AppendAudit(
      writer, Audit(reviewer, "delete", entry.kind, entry.merged, "", detail), at));
  CHORUS_RETURN_IF_ERROR(writer.PutDocument(kMergeDocument, entry.id, EncodeMerge(entry)));
  return entry;
}

double Uncertainty(const LinkProposal& p) { return std::abs(p.probability - 0.5); }

}  // namespace

std::string_view ProposalStatusName(ProposalStatus status) {
  switch (status) {
    case ProposalStatus::kPending:
      return "pending";
    case ProposalStatus::kConfirmed:
      return "confirmed";
    case ProposalStatus::kRejected:
      return "rejected";
  }
  return "pending";
}

std::optional<ProposalStatus> ParseProposalStatus(std::string_view name) {
  for (ProposalStatus s :
       {ProposalStatus::kPending, ProposalStatus::kConfirmed, ProposalStatus::kRejected}) {
    if (ProposalStatusName(s) == name) return s;
  }
  return std::nullopt;
}

std::string MergeJson(const MergeEntry& merge) { return MergeSummary(merge).dump(); }

std::string ProposalIdOf(std::string_view a, std::string_view b) {
  if (b < a) std::swap(a, b);
  return "lp-" + records::ContentHash(std::string(a) + "\n" + std::string(b)).substr(0, 16);
}

Result<ProposeSummary> ProposeLinks(records::Vault& vault, core::RecordKind kind,
                                    const Reviewer& reviewer, Timestamp at,
                                    const FindLinksOptions& options) {
  if (!IsMergeableKind(kind)) {
    return Status::InvalidArgument("links are proposed between persons or between events");
  }
  std::vector<core::Record> input;
  {
    CHORUS_ASSIGN_OR_RETURN(auto reader, vault.Read());
    for (core::RecordKind k : KindsForLinking(kind)) {
      CHORUS_ASSIGN_OR_RETURN(auto records, reader->ListKind(k));
      for (core::Record& record : records) {
        CHORUS_ASSIGN_OR_RETURN(core::Record opened, OpenForReviewer(std::move(record), reviewer));
        input.push_back(std::move(opened));
      }
    }
  }
  ProposeSummary summary;
  CHORUS_ASSIGN_OR_RETURN(summary.found, FindLinks(kind, input, options));
  CHORUS_ASSIGN_OR_RETURN(auto writer, vault.Write());
  for (const FoundLink& link : summary.found.links) {
    const std::string id = ProposalIdOf(link.left, link.right);
    CHORUS_ASSIGN_OR_RETURN(auto existing, writer->GetDocument(kProposalDocument, id));
    LinkProposal proposal;
    if (existing) {
      CHORUS_ASSIGN_OR_RETURN(proposal, DecodeProposal(*existing));
      if (proposal.status != ProposalStatus::kPending) {
        ++summary.decided;
        continue;
      }
      ++summary.updated;
    } else {
      proposal.id = id;
      proposal.kind = kind;
      proposal.left = link.left;
      proposal.right = link.right;
      ++summary.added;
    }
    proposal.probability = link.probability;
    proposal.fields = link.fields;
    proposal.proposed_at = at;
    CHORUS_RETURN_IF_ERROR(PutProposal(*writer, proposal));
  }
  CHORUS_RETURN_IF_ERROR(records::AppendAudit(
      *writer,
      Audit(reviewer, "link", kind, "", "",
            std::to_string(summary.added) + " new proposals, " + std::to_string(summary.updated) +
                " re-scored, " + std::to_string(summary.decided) + " already decided"),
      at));
  CHORUS_RETURN_IF_ERROR(writer->Commit());
  return summary;
}

Result<std::vector<LinkProposal>> ListProposals(records::RecordReader& reader,
                                                std::optional<core::RecordKind> kind,
                                                std::optional<ProposalStatus> status) {
  CHORUS_ASSIGN_OR_RETURN(auto documents, reader.ListDocuments(kProposalDocument));
  std::vector<LinkProposal> proposals;
  for (const auto& [name, text] : documents) {
    CHORUS_ASSIGN_OR_RETURN(LinkProposal p, DecodeProposal(text));
    if (kind && p.kind != *kind) continue;
    if (status && p.status != *status) continue;
    if (p.status == ProposalStatus::kPending) {
      CHORUS_ASSIGN_OR_RETURN(auto left, reader.Get(p.left));
      CHORUS_ASSIGN_OR_RETURN(auto right, reader.Get(p.right));
      if (!left || !right) continue;
    }
    proposals.push_back(std::move(p));
  }
  std::stable_sort(
      proposals.begin(), proposals.end(),
      [](const LinkProposal& a, const LinkProposal& b) { return Uncertainty(a) < Uncertainty(b); });
  return proposals;
}

Result<LinkProposal> GetProposal(records::RecordReader& reader, std::string_view id) {
  return RequireProposal(reader, id);
}

Result<MergeEntry> ConfirmProposal(records::Vault& vault, std::string_view proposal_id,
                                   const Reviewer& reviewer, Timestamp at) {
  CHORUS_ASSIGN_OR_RETURN(auto writer, vault.Write());
  CHORUS_ASSIGN_OR_RETURN(LinkProposal proposal, RequireProposal(*writer, proposal_id));
  if (proposal.status != ProposalStatus::kPending) {
    return Status::FailedPrecondition("link proposal " + proposal.id + " is already " +
                                      std::string(ProposalStatusName(proposal.status)));
  }
  CHORUS_ASSIGN_OR_RETURN(
      MergeEntry entry, MergeIn(*writer, proposal.left, proposal.right, reviewer, at, proposal.id));
  proposal.status = ProposalStatus::kConfirmed;
  proposal.decided_by = reviewer.actor;
  proposal.decided_at = at;
  proposal.merge_id = entry.id;
  CHORUS_RETURN_IF_ERROR(PutProposal(*writer, proposal));
  CHORUS_RETURN_IF_ERROR(writer->Commit());
  return entry;
}

Result<LinkProposal> RejectProposal(records::Vault& vault, std::string_view proposal_id,
                                    const Reviewer& reviewer, Timestamp at) {
  CHORUS_ASSIGN_OR_RETURN(auto writer, vault.Write());
  CHORUS_ASSIGN_OR_RETURN(LinkProposal proposal, RequireProposal(*writer, proposal_id));
  if (proposal.status != ProposalStatus::kPending) {
    return Status::FailedPrecondition("link proposal " + proposal.id + " is already " +
                                      std::string(ProposalStatusName(proposal.status)));
  }
  proposal.status = ProposalStatus::kRejected;
  proposal.decided_by = reviewer.actor;
  proposal.decided_at = at;
  CHORUS_RETURN_IF_ERROR(PutProposal(*writer, proposal));
  CHORUS_RETURN_IF_ERROR(
      records::AppendAudit(*writer,
                           Audit(reviewer, "link-reject", proposal.kind, proposal.left, "",
                                 "link proposal " + proposal.id + ": " + proposal.left + " and " +
                                     proposal.right + " are not the same"),
                           at));
  CHORUS_RETURN_IF_ERROR(writer->Commit());
  return proposal;
}

Result<MergeEntry> Merge(records::Vault& vault, std::string_view keep, std::string_view other,
                         const Reviewer& reviewer, Timestamp at, std::string_view proposal_id) {
  CHORUS_ASSIGN_OR_RETURN(auto writer, vault.Write());
  CHORUS_ASSIGN_OR_RETURN(MergeEntry entry,
                          MergeIn(*writer, keep, other, reviewer, at, proposal_id));
  // A merge by hand of a proposed pair settles the proposal too.
  const std::string id = ProposalIdOf(keep, other);
  CHORUS_ASSIGN_OR_RETURN(auto existing, writer->GetDocument(kProposalDocument, id));
  if (existing) {
    CHORUS_ASSIGN_OR_RETURN(LinkProposal proposal, DecodeProposal(*existing));
    if (proposal.status == ProposalStatus::kPending) {
      proposal.status = ProposalStatus::kConfirmed;
      proposal.decided_by = reviewer.actor;
      proposal.decided_at = at;
      proposal.merge_id = entry.id;
      CHORUS_RETURN_IF_ERROR(PutProposal(*writer, proposal));
      entry.proposal_id = proposal.id;
      CHORUS_RETURN_IF_ERROR(writer->PutDocument(kMergeDocument, entry.id, EncodeMerge(entry)));
    }
  }
  CHORUS_RETURN_IF_ERROR(writer->Commit());
  return entry;
}

Result<MergeEntry> Unmerge(records::Vault& vault, std::string_view merge_id,
                           const Reviewer& reviewer, Timestamp at) {
  CHORUS_ASSIGN_OR_RETURN(auto writer, vault.Write());
  CHORUS_ASSIGN_OR_RETURN(MergeEntry entry, RequireMerge(*writer, merge_id));
  if (entry.undone) {
    return Status::FailedPrecondition("merge " + entry.id + " is already undone");
  }
  for (const auto& [id, hash] : entry.written) {
    CHORUS_ASSIGN_OR_RETURN(auto now, writer->Get(id));
    if (!now || records::RecordContentHash(*now) != hash) {
      return Status::FailedPrecondition("record " + id + (now ? " was changed" : " was deleted") +
                                        " after merge " + entry.id +
                                        ": unmerging would lose that change; undo it first");
    }
  }
  CHORUS_ASSIGN_OR_RETURN(auto taken, writer->Get(entry.merged));
  if (taken) {
    return Status::FailedPrecondition("the id " + entry.merged + " of merge " + entry.id +
                                      " has been taken again since");
  }
  const std::string detail = "unmerge " + entry.id + ": " + entry.merged + " out of " + entry.kept;
  CHORUS_RETURN_IF_ERROR(writer->Create(entry.merged_before));
  CHORUS_RETURN_IF_ERROR(writer->Update(entry.kept_before));
  CHORUS_RETURN_IF_ERROR(
      records::AppendAudit(*writer,
                           Audit(reviewer, "unmerge", entry.kind, entry.kept,
                                 records::RecordContentHash(entry.kept_before), detail),
                           at));
  CHORUS_RETURN_IF_ERROR(
      records::AppendAudit(*writer,
                           Audit(reviewer, "create", entry.kind, entry.merged,
                                 records::RecordContentHash(entry.merged_before), detail),
                           at));
  for (const core::Record& referrer : entry.referrers_before) {
    CHORUS_RETURN_IF_ERROR(writer->Update(referrer));
    CHORUS_RETURN_IF_ERROR(
        records::AppendAudit(*writer,
                             Audit(reviewer, "update", core::KindOf(referrer), core::IdOf(referrer),
                                   records::RecordContentHash(referrer), detail),
                             at));
  }
  entry.undone = true;
  entry.undone_by = reviewer.actor;
  entry.undone_at = at;
  CHORUS_RETURN_IF_ERROR(writer->PutDocument(kMergeDocument, entry.id, EncodeMerge(entry)));
  if (!entry.proposal_id.empty()) {
    CHORUS_ASSIGN_OR_RETURN(LinkProposal proposal, RequireProposal(*writer, entry.proposal_id));
    proposal.status = ProposalStatus::kPending;
    proposal.decided_by.clear();
    proposal.decided_at.reset();
    proposal.merge_id.clear();
    CHORUS_RETURN_IF_ERROR(PutProposal(*writer, proposal));
  }
  CHORUS_RETURN_IF_ERROR(writer->Commit());
  return entry;
}

Result<std::vector<MergeEntry>> ListMerges(records::RecordReader& reader) {
  CHORUS_ASSIGN_OR_RETURN(auto documents, reader.ListDocuments(kMergeDocument));
  std::vector<MergeEntry> merges;
  for (const auto& [name, text] : documents) {
    CHORUS_ASSIGN_OR_RETURN(MergeEntry entry, DecodeMerge(text));
    merges.push_back(std::move(entry));
  }
  std::stable_sort(merges.begin(), merges.end(),
                   [](const MergeEntry& a, const MergeEntry& b) { return a.at > b.at; });
  return merges;
}

Result<MergeEntry> GetMerge(records::RecordReader& reader, std::string_view id) {
  return RequireMerge(reader, id);
}

}  // namespace chorus::review
