// The casework routes (#5): the queue, claims, the board, a case and its
// moves, notes, consent and referrals. Permissions are decided by the
// access policy inside casework::Casebook; this file only translates HTTP.
#include <nlohmann/json.hpp>

#include "casework/case_json.h"
#include "casework/requester_seal.h"
#include "server/api_internal.h"
#include "server/errors.h"
#include "server/json_body.h"
#include "server/user_store.h"

namespace chorus::server {
namespace {

using Json = nlohmann::ordered_json;
using casework::Case;

// The case as `session` may see it: the requester opened for a holder of
// the requesters compartment with its key, removed for other roles.
Result<HttpResponse> CaseResponse(const access::Session& session, int status, Case c, bool full) {
  CHORUS_RETURN_IF_ERROR(
      casework::RevealRequesterForRole(session.actor.role, session.keyring.get(), c));
  Json j = full ? casework::CaseToJson(c) : casework::CaseSummaryJson(c);
  if (full) {
    Json moves = Json::array();
    for (const auto& m : casework::MovesFrom(c.stage)) {
      moves.push_back({{"to", casework::StageName(m.to)},
                       {"requires", m.requires_what},
                       {"needs_note", m.needs_note},
                       {"needs_close_reason", m.needs_close_reason}});
    }
    j["allowed_moves"] = std::move(moves);
  }
  return JsonResponse(status, j.dump());
}

}  // namespace

Result<HttpResponse> ApiImpl::ListCases(RequestContext& ctx) {
  std::optional<casework::Stage> stage;
  if (auto text = ctx.request.Query("stage")) {
    stage = casework::ParseStage(*text);
    if (!stage) return Status::InvalidArgument("query 'stage': unknown stage");
  }
  CHORUS_ASSIGN_OR_RETURN(auto cases, casebook_.List(ctx.actor(), stage));
  Json items = Json::array();
  Json counts = Json::object();
  for (casework::Stage s : casework::AllStages()) counts[std::string(casework::StageName(s))] = 0;
  for (const Case& c : cases) {
    items.push_back(casework::CaseSummaryJson(c));
    counts[std::string(casework::StageName(c.stage))] =
        counts[std::string(casework::StageName(c.stage))].get<int64_t>() + 1;
  }
  return JsonResponse(
      200, Json{{"items", std::move(items)}, {"stage_counts", std::move(counts)}}.dump());
}

Result<HttpResponse> ApiImpl::AddCase(RequestContext& ctx) {
  CHORUS_ASSIGN_OR_RETURN(auto body,
                          ParseBody(ctx.request, {{"tier", FieldType::kString, true},
                                                  {"reason", FieldType::kString, true},
                                                  {"requested_at", FieldType::kString, false},
                                                  {"person", FieldType::kString, false},
                                                  {"requester_name", FieldType::kString, false},
                                                  {"contact", FieldType::kString, false},
                                                  {"location", FieldType::kString, false},
                                                  {"links", FieldType::kStringArray, false}}));
  casework::NewCase request;
  auto tier = casework::ParseTier(Text(body, "tier"));
  if (!tier) {
    return Status::InvalidArgument("field 'tier': must be immediate, vulnerable or standard");
  }
  request.tier = *tier;
  request.tier_reason = Text(body, "reason");
  if (body.contains("requested_at")) {
    request.requested_at = ParseTimestamp(Text(body, "requested_at"));
    if (!request.requested_at) {
      return Status::InvalidArgument("field 'requested_at': not an ISO 8601 time");
    }
  }
  request.person = Text(body, "person");
  request.requester_name = Text(body, "requester_name");
  request.contact = Text(body, "contact");
  request.location = Text(body, "location");
  if (body.contains("links")) request.links = body["links"].get<std::vector<std::string>>();
  CHORUS_ASSIGN_OR_RETURN(Case c, casebook_.Add(ctx.actor(), request));
  CHORUS_ASSIGN_OR_RETURN(HttpResponse response, CaseResponse(*ctx.session, 201, c, false));
  response.headers.emplace_back("Location", "/api/cases/" + c.id);
  return response;
}

Result<HttpResponse> ApiImpl::GetCase(RequestContext& ctx) {
  CHORUS_ASSIGN_OR_RETURN(Case c, casebook_.Get(ctx.actor(), ctx.param("id")));
  return CaseResponse(*ctx.session, 200, c, true);
}

Result<HttpResponse> ApiImpl::Queue(RequestContext& ctx) {
  CHORUS_ASSIGN_OR_RETURN(size_t limit, SizeParam(ctx.request, "limit", 100, 1, kMaxPageSize));
  CHORUS_ASSIGN_OR_RETURN(auto entries, casebook_.Queue(ctx.actor(), limit));
  CHORUS_ASSIGN_OR_RETURN(int64_t waiting, casebook_.WaitingCount(ctx.actor()));
  Json items = Json::array();
  for (const auto& e : entries) {
    Json j = casework::CaseSummaryJson(e.c);
    j["position"] = e.position;
    j["reason"] = e.reason;
    items.push_back(std::move(j));
  }
  return JsonResponse(200, Json{{"waiting", waiting}, {"items", std::move(items)}}.dump());
}

Result<HttpResponse> ApiImpl::ClaimCase(RequestContext& ctx) {
  CHORUS_ASSIGN_OR_RETURN(Case c, casebook_.ClaimNext(ctx.actor()));
  return CaseResponse(*ctx.session, 200, c, false);
}

Result<HttpResponse> ApiImpl::QueueAlarms(RequestContext& ctx) {
  CHORUS_ASSIGN_OR_RETURN(auto alarms, casebook_.Alarms(ctx.actor()));
  Json items = Json::array();
  for (const auto& a : alarms) {
    Json j = casework::CaseSummaryJson(a.c);
    j["due"] = FormatTimestamp(a.due);
    j["alarm"] = a.what;
    items.push_back(std::move(j));
  }
  return JsonResponse(200, Json{{"items", std::move(items)}}.dump());
}

Result<HttpResponse> ApiImpl::CasePosition(RequestContext& ctx) {
  CHORUS_ASSIGN_OR_RETURN(auto p, casebook_.PositionOf(ctx.actor(), ctx.param("id")));
  Json wait = p.expected_wait
                  ? Json(std::chrono::duration_cast<std::chrono::seconds>(*p.expected_wait).count())
                  : Json(nullptr);
  return JsonResponse(200, Json{{"id", p.id},
                                {"stage", casework::StageName(p.stage)},
                                {"position", p.position},
                                {"expected_wait_seconds", wait}}
                               .dump());
}

Result<HttpResponse> ApiImpl::MoveCase(RequestContext& ctx) {
  CHORUS_ASSIGN_OR_RETURN(auto body,
                          ParseBody(ctx.request, {{"to", FieldType::kString, true},
                                                  {"note", FieldType::kString, false},
                                                  {"close_reason", FieldType::kString, false}}));
  auto to = casework::ParseStage(Text(body, "to"));
  if (!to) return Status::InvalidArgument("field 'to': unknown stage");
  casework::MoveRequest request{*to, Text(body, "note"), std::nullopt};
  if (body.contains("close_reason")) {
    request.close_reason = casework::ParseCloseReason(Text(body, "close_reason"));
    if (!request.close_reason) {
      return Status::InvalidArgument(
          "field 'close_reason': must be withdrawn, unreachable, duplicate or referred_elsewhere");
    }
  }
  CHORUS_ASSIGN_OR_RETURN(Case c, casebook_.Move(ctx.actor(), ctx.param("id"), request));
  return CaseResponse(*ctx.session, 200, c, true);
}

Result<HttpResponse> ApiImpl::ReleaseCase(RequestContext& ctx) {
  CHORUS_ASSIGN_OR_RETURN(auto body,
                          ParseBody(ctx.request, {{"reason", FieldType::kString, true}}));
  CHORUS_ASSIGN_OR_RETURN(Case c,
                          casebook_.Release(ctx.actor(), ctx.param("id"), Text(body, "reason")));
  return CaseResponse(*ctx.session, 200, c, true);
}

Result<HttpResponse> ApiImpl::AssignCase(RequestContext& ctx) {
  CHORUS_ASSIGN_OR_RETURN(auto body,
                          ParseBody(ctx.request, {{"to", FieldType::kString, true},
                                                  {"reason", FieldType::kString, true}}));
  CHORUS_ASSIGN_OR_RETURN(auto reader, vault_.Read());
  CHORUS_ASSIGN_OR_RETURN(auto user, FindUser(*reader, Text(body, "to")));
  reader.reset();
  if (!user) return Status::InvalidArgument("field 'to': no such user");
  CHORUS_ASSIGN_OR_RETURN(
      Case c, casebook_.Reassign(ctx.actor(), ctx.param("id"),
                                 access::Actor{user->name, user->role}, Text(body, "reason")));
  return CaseResponse(*ctx.session, 200, c, true);
}

Result<HttpResponse> ApiImpl::AddCaseNote(RequestContext& ctx) {
  CHORUS_ASSIGN_OR_RETURN(auto body, ParseBody(ctx.request, {{"text", FieldType::kString, true}}));
  CHORUS_ASSIGN_OR_RETURN(Case c,
                          casebook_.AddNote(ctx.actor(), ctx.param("id"), Text(body, "text")));
  return CaseResponse(*ctx.session, 200, c, true);
}

Result<HttpResponse> ApiImpl::SetCaseConsent(RequestContext& ctx) {
  CHORUS_ASSIGN_OR_RETURN(auto body, ParseBody(ctx.request, {{"given", FieldType::kBool, true},
                                                             {"note", FieldType::kString, true}}));
  CHORUS_ASSIGN_OR_RETURN(
      Case c, casebook_.SetConsent(ctx.actor(), ctx.param("id"), body["given"].get<bool>(),
                                   Text(body, "note")));
  return CaseResponse(*ctx.session, 200, c, true);
}

Result<HttpResponse> ApiImpl::AddCaseReferral(RequestContext& ctx) {
  CHORUS_ASSIGN_OR_RETURN(auto body,
                          ParseBody(ctx.request, {{"partner", FieldType::kString, true},
                                                  {"override_reason", FieldType::kString, false}}));
  CHORUS_ASSIGN_OR_RETURN(Case c,
                          casebook_.AddReferral(ctx.actor(), ctx.param("id"), Text(body, "partner"),
                                                Text(body, "override_reason")));
  return CaseResponse(*ctx.session, 201, c, true);
}

Result<HttpResponse> ApiImpl::SetCaseReferralState(RequestContext& ctx) {
  CHORUS_ASSIGN_OR_RETURN(auto body, ParseBody(ctx.request, {{"state", FieldType::kString, true}}));
  auto state = casework::ParseReferralState(Text(body, "state"));
  if (!state) {
    return Status::InvalidArgument(
        "field 'state': must be proposed, sent, accepted, declined or completed");
  }
  CHORUS_ASSIGN_OR_RETURN(Case c, casebook_.SetReferralState(ctx.actor(), ctx.param("id"),
                                                             ctx.param("referral"), *state));
  return CaseResponse(*ctx.session, 200, c, true);
}

Result<HttpResponse> ApiImpl::CaseHistory(RequestContext& ctx) {
  CHORUS_ASSIGN_OR_RETURN(auto entries, casebook_.History(ctx.actor(), ctx.param("id")));
  Json items = Json::array();
  for (const auto& e : entries) {
    items.push_back({{"sequence", e.sequence},
                     {"at", FormatTimestamp(e.at)},
                     {"actor", e.event.actor},
                     {"action", e.event.action},
                     {"detail", e.event.detail}});
  }
  return JsonResponse(200, Json{{"items", std::move(items)}}.dump());
}

Result<HttpResponse> ApiImpl::LinkCase(RequestContext& ctx) {
  CHORUS_ASSIGN_OR_RETURN(auto body,
                          ParseBody(ctx.request, {{"record", FieldType::kString, true}}));
  CHORUS_ASSIGN_OR_RETURN(Case c,
                          casebook_.Link(ctx.actor(), ctx.param("id"), Text(body, "record")));
  return CaseResponse(*ctx.session, 200, c, true);
}

// Moves and releases are for the caseworker serving the case or a lead:
// the route needs kWriteCases, the casebook then asks the table which.
void ApiImpl::RegisterCaseRoutes() {
  auto bind = [this](Result<HttpResponse> (ApiImpl::*method)(RequestContext&)) {
    return Handler([this, method](RequestContext& ctx) { return (this->*method)(ctx); });
  };
  router_.Add({"GET", "/api/cases", true, false, access::Permission::kReadCases, std::nullopt},
              bind(&ApiImpl::ListCases));
  router_.Add({"POST", "/api/cases", true, true, access::Permission::kWriteCases, std::nullopt},
              bind(&ApiImpl::AddCase));
  router_.Add({"GET", "/api/cases/{id}", true, false, access::Permission::kReadCases, std::nullopt},
              bind(&ApiImpl::GetCase));
  router_.Add({"GET", "/api/cases/{id}/position", true, false, access::Permission::kReadCases,
               std::nullopt},
              bind(&ApiImpl::CasePosition));
  router_.Add(
      {"POST", "/api/cases/{id}/moves", true, true, access::Permission::kWriteCases, std::nullopt},
      bind(&ApiImpl::MoveCase));
  router_.Add({"POST", "/api/cases/{id}/release", true, true, access::Permission::kWriteCases,
               std::nullopt},
              bind(&ApiImpl::ReleaseCase));
  router_.Add({"POST", "/api/cases/{id}/assign", true, true, access::Permission::kReassignCases,
               std::nullopt},
              bind(&ApiImpl::AssignCase));
  router_.Add(
      {"POST", "/api/cases/{id}/notes", true, true, access::Permission::kWriteCases, std::nullopt},
      bind(&ApiImpl::AddCaseNote));
  router_.Add({"POST", "/api/cases/{id}/consent", true, true, access::Permission::kWriteCases,
               std::nullopt},
              bind(&ApiImpl::SetCaseConsent));
  router_.Add({"POST", "/api/cases/{id}/referrals", true, true, access::Permission::kWriteCases,
               std::nullopt},
              bind(&ApiImpl::AddCaseReferral));
  router_.Add({"PUT", "/api/cases/{id}/referrals/{referral}", true, true,
               access::Permission::kWriteCases, std::nullopt},
              bind(&ApiImpl::SetCaseReferralState));
  router_.Add(
      {"POST", "/api/cases/{id}/links", true, true, access::Permission::kWriteCases, std::nullopt},
      bind(&ApiImpl::LinkCase));
  router_.Add(
      {"GET", "/api/cases/{id}/history", true, false, access::Permission::kReadCases, std::nullopt},
      bind(&ApiImpl::CaseHistory));
  router_.Add({"GET", "/api/queue", true, false, access::Permission::kReadCases, std::nullopt},
              bind(&ApiImpl::Queue));
  router_.Add(
      {"POST", "/api/queue/claim", true, true, access::Permission::kClaimCases, std::nullopt},
      bind(&ApiImpl::ClaimCase));
  router_.Add(
      {"GET", "/api/queue/alarms", true, false, access::Permission::kReadCases, std::nullopt},
      bind(&ApiImpl::QueueAlarms));
}

}  // namespace chorus::server
