// The link review routes (#6): run linkage over the store's persons or
// events, the queue of proposals, confirm, reject, merge by hand and unmerge
// (review/review.h). Labels in the queue never open a sealed value: a
// person at risk shows its pseudonym here; the record's own page opens it
// for a holder, audited.
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "review/merge.h"
#include "review/review.h"
#include "server/api_internal.h"
#include "server/errors.h"
#include "server/json_body.h"

namespace chorus::server {
namespace {

using Json = nlohmann::json;
using access::Permission;

review::Reviewer ReviewerOf(const access::Session& session) {
  return {session.actor.user, session.keyring.get()};
}

// The kind named by query or body field `kind`: person or event.
Result<core::RecordKind> MergeableKind(std::string_view text, const char* where) {
  auto kind = core::ParseRecordKind(text);
  if (!kind || !review::IsMergeableKind(*kind)) {
    return Status::InvalidArgument(std::string(where) + " 'kind': must be person or event");
  }
  return *kind;
}

// A record's label for the queue, opening nothing: a value its role could
// see only opened (or open values of a compartment) give way to the
// pseudonym.
std::string QueueLabel(access::Role role, std::optional<core::Record> record) {
  if (!record) return "";
  core::Record shown = *record;
  auto reveals = access::RevealForRole(role, nullptr, shown);
  if (!reveals.ok() || *reveals) {
    if (const auto* person = std::get_if<core::Person>(&*record)) return person->pseudonym;
  }
  return core::DisplayLabel(shown);
}

}  // namespace

void ApiImpl::RegisterReviewRoutes() {
  auto bind = [this](Result<HttpResponse> (ApiImpl::*method)(RequestContext&)) {
    return Handler([this, method](RequestContext& ctx) { return (this->*method)(ctx); });
  };
  // The route checks persons; each handler checks the kind it touches.
  const auto person = core::RecordKind::kPerson;
  router_.Add({"GET", "/api/link-proposals", true, false, Permission::kReadRecords, person},
              bind(&ApiImpl::ListLinkProposals));
  router_.Add({"POST", "/api/link-proposals", true, true, Permission::kWriteRecords, person},
              bind(&ApiImpl::ProposeLinks));
  router_.Add(
      {"POST", "/api/link-proposals/{id}/confirm", true, true, Permission::kWriteRecords, person},
      bind(&ApiImpl::ConfirmLinkProposal));
  router_.Add(
      {"POST", "/api/link-proposals/{id}/reject", true, true, Permission::kWriteRecords, person},
      bind(&ApiImpl::RejectLinkProposal));
  router_.Add({"GET", "/api/merges", true, false, Permission::kReadRecords, person},
              bind(&ApiImpl::ListMerges));
  router_.Add({"POST", "/api/merges", true, true, Permission::kWriteRecords, person},
              bind(&ApiImpl::MergeRecords));
  router_.Add({"POST", "/api/merges/{id}/unmerge", true, true, Permission::kWriteRecords, person},
              bind(&ApiImpl::UnmergeRecords));
}

Result<HttpResponse> ApiImpl::ListLinkProposals(RequestContext& ctx) {
  std::optional<core::RecordKind> kind;
  if (auto text = ctx.request.Query("kind")) {
    CHORUS_ASSIGN_OR_RETURN(kind, MergeableKind(*text, "query parameter"));
  }
  std::optional<review::ProposalStatus> status = review::ProposalStatus::kPending;
  if (auto text = ctx.request.Query("status")) {
    status = *text == "all" ? std::nullopt : review::ParseProposalStatus(*text);
    if (!status && *text != "all") {
      return Status::InvalidArgument(
          "query parameter 'status': must be pending, confirmed, rejected or all");
    }
  }
  CHORUS_ASSIGN_OR_RETURN(auto reader, vault_.Read());
  CHORUS_ASSIGN_OR_RETURN(auto proposals, review::ListProposals(*reader, kind, status));
  Json items = Json::array();
  for (const review::LinkProposal& p : proposals) {
    if (!access::Require(ctx.actor(), Permission::kReadRecords, p.kind).ok()) continue;
    Json item = Json::parse(review::ProposalJson(p));
    for (const char* side : {"left", "right"}) {
      CHORUS_ASSIGN_OR_RETURN(auto record, reader->Get(item[side].get<std::string>()));
      item[std::string(side) + "_label"] = QueueLabel(ctx.actor().role, std::move(record));
    }
    items.push_back(std::move(item));
  }
  return JsonResponse(200, Json{{"items", std::move(items)}}.dump());
}

Result<HttpResponse> ApiImpl::ProposeLinks(RequestContext& ctx) {
  CHORUS_ASSIGN_OR_RETURN(auto body,
                          ParseBody(ctx.request, {{"kind", FieldType::kString, true},
                                                  {"threshold", FieldType::kNumber, false}}));
  CHORUS_ASSIGN_OR_RETURN(core::RecordKind kind, MergeableKind(Text(body, "kind"), "field"));
  CHORUS_RETURN_IF_ERROR(access::Require(ctx.actor(), Permission::kWriteRecords, kind));
  review::FindLinksOptions options;
  if (body.contains("threshold")) {
    options.threshold = body["threshold"].get<double>();
    if (!(options.threshold >= 0 && options.threshold <= 1)) {
      return Status::InvalidArgument("field 'threshold': must be in [0, 1]");
    }
  }
  CHORUS_ASSIGN_OR_RETURN(
      review::ProposeSummary summary,
      review::ProposeLinks(vault_, kind, ReviewerOf(*ctx.session), clock_.Now(), options));
  return JsonResponse(200, Json{{"kind", core::RecordKindName(kind)},
                                {"compared", summary.found.compared},
                                {"skipped", summary.found.skipped},
                                {"estimated", summary.found.estimated},
                                {"links", summary.found.links.size()},
                                {"added", summary.added},
                                {"updated", summary.updated},
                                {"already_decided", summary.decided}}
                               .dump());
}

Result<HttpResponse> ApiImpl::ConfirmLinkProposal(RequestContext& ctx) {
  CHORUS_RETURN_IF_ERROR(ParseBody(ctx.request, {}).status());
  {
    CHORUS_ASSIGN_OR_RETURN(auto reader, vault_.Read());
    CHORUS_ASSIGN_OR_RETURN(auto proposal, review::GetProposal(*reader, ctx.param("id")));
    CHORUS_RETURN_IF_ERROR(access::Require(ctx.actor(), Permission::kWriteRecords, proposal.kind));
  }
  CHORUS_ASSIGN_OR_RETURN(
      auto merge,
      review::ConfirmProposal(vault_, ctx.param("id"), ReviewerOf(*ctx.session), clock_.Now()));
  return JsonResponse(200, review::MergeJson(merge));
}

Result<HttpResponse> ApiImpl::RejectLinkProposal(RequestContext& ctx) {
  CHORUS_RETURN_IF_ERROR(ParseBody(ctx.request, {}).status());
  {
    CHORUS_ASSIGN_OR_RETURN(auto reader, vault_.Read());
    CHORUS_ASSIGN_OR_RETURN(auto proposal, review::GetProposal(*reader, ctx.param("id")));
    CHORUS_RETURN_IF_ERROR(access::Require(ctx.actor(), Permission::kWriteRecords, proposal.kind));
  }
  CHORUS_ASSIGN_OR_RETURN(
      auto proposal,
      review::RejectProposal(vault_, ctx.param("id"), ReviewerOf(*ctx.session), clock_.Now()));
  return JsonResponse(200, review::ProposalJson(proposal));
}

Result<HttpResponse> ApiImpl::ListMerges(RequestContext& ctx) {
  CHORUS_ASSIGN_OR_RETURN(auto reader, vault_.Read());
  CHORUS_ASSIGN_OR_RETURN(auto merges, review::ListMerges(*reader));
  Json items = Json::array();
  for (const review::MergeEntry& m : merges) {
    if (!access::Require(ctx.actor(), Permission::kReadRecords, m.kind).ok()) continue;
    items.push_back(Json::parse(review::MergeJson(m)));
  }
  return JsonResponse(200, Json{{"items", std::move(items)}}.dump());
}

Result<HttpResponse> ApiImpl::MergeRecords(RequestContext& ctx) {
  CHORUS_ASSIGN_OR_RETURN(auto body, ParseBody(ctx.request, {{"keep", FieldType::kString, true},
                                                             {"other", FieldType::kString, true}}));
  const std::string keep = Text(body, "keep");
  const std::string other = Text(body, "other");
  if (!core::IsValidRecordId(keep)) return Status::InvalidArgument("field 'keep': not a record id");
  if (!core::IsValidRecordId(other)) {
    return Status::InvalidArgument("field 'other': not a record id");
  }
  {
    CHORUS_ASSIGN_OR_RETURN(auto reader, vault_.Read());
    CHORUS_ASSIGN_OR_RETURN(core::Record record, reader->Require(keep));
    CHORUS_RETURN_IF_ERROR(
        access::Require(ctx.actor(), Permission::kWriteRecords, core::KindOf(record)));
  }
  CHORUS_ASSIGN_OR_RETURN(
      auto merge, review::Merge(vault_, keep, other, ReviewerOf(*ctx.session), clock_.Now()));
  HttpResponse response = JsonResponse(201, review::MergeJson(merge));
  response.headers.emplace_back("Location", "/api/merges/" + merge.id);
  return response;
}

Result<HttpResponse> ApiImpl::UnmergeRecords(RequestContext& ctx) {
  CHORUS_RETURN_IF_ERROR(ParseBody(ctx.request, {}).status());
  {
    CHORUS_ASSIGN_OR_RETURN(auto reader, vault_.Read());
    CHORUS_ASSIGN_OR_RETURN(auto merge, review::GetMerge(*reader, ctx.param("id")));
    CHORUS_RETURN_IF_ERROR(access::Require(ctx.actor(), Permission::kWriteRecords, merge.kind));
  }
  CHORUS_ASSIGN_OR_RETURN(
      auto merge, review::Unmerge(vault_, ctx.param("id"), ReviewerOf(*ctx.session), clock_.Now()));
  return JsonResponse(200, review::MergeJson(merge));
}

}  // namespace chorus::server
