// File: server/api_internal.h
// Private to server/: the state and handlers behind Api, split over
// api.cc (dispatch, login, sessions, files), api_records.cc (records,
// search, chain, vocabulary, timeline) and api_audit.cc (the audit log).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "access/login_limiter.h"
#include "access/policy.h"
#include "access/sessions.h"
#include "access/users.h"
#include "base/status.h"
#include "casework/casebook.h"
#include "core/model.h"
#include "records/vault.h"
#include "server/api.h"
#include "server/http.h"
#include "server/router.h"
#include "server/view_cache.h"

namespace chorus::server {

struct RequestContext {
  const HttpRequest& request;
  PathParams params;
  std::optional<access::Session> session;  // set on every route that needs one

  const access::Actor& actor() const { return session->actor; }
  const std::string& param(std::string_view name) const { return params.find(name)->second; }
};

using Handler = std::function<Result<HttpResponse>(RequestContext&)>;

// Largest page of a list route, and the default.
inline constexpr size_t kMaxPageSize = 500;
inline constexpr size_t kDefaultPageSize = 50;

// Record views kept between GETs (ViewCache): enough for every record a
// working team has open, in bounded memory.
inline constexpr size_t kViewCacheEntries = 4096;
inline constexpr size_t kViewCacheBytes = 32u << 20;

class ApiImpl {
 public:
  ApiImpl(records::Vault& vault, const Clock& clock, ApiOptions options);

  HttpResponse Handle(const HttpRequest& request);
  std::vector<RouteSpec> Routes() const { return router_.Routes(); }

 private:
  void RegisterRoutes();
  void RegisterRecordRoutes(core::RecordKind kind);
  HttpResponse Dispatch(const HttpRequest& request);
  HttpResponse ServeFile(const HttpRequest& request);

  // api.cc
  Result<HttpResponse> Login(RequestContext& ctx);
  Result<HttpResponse> Logout(RequestContext& ctx);
  Result<HttpResponse> SessionInfo(RequestContext& ctx);
  Result<HttpResponse> OpenApi(RequestContext& ctx);

  // api_records.cc
  Result<HttpResponse> ListRecords(RequestContext& ctx, core::RecordKind kind);
  Result<HttpResponse> GetRecord(RequestContext& ctx, core::RecordKind kind);
  Result<HttpResponse> CreateRecord(RequestContext& ctx, core::RecordKind kind);
  Result<HttpResponse> UpdateRecord(RequestContext& ctx, core::RecordKind kind);
  Result<HttpResponse> DeleteRecord(RequestContext& ctx, core::RecordKind kind);
  Result<HttpResponse> Search(RequestContext& ctx);
  Result<HttpResponse> Chain(RequestContext& ctx);
  Result<HttpResponse> Vocabulary(RequestContext& ctx);
  Result<HttpResponse> Timeline(RequestContext& ctx);
  // Appends a "read-sealed" audit entry for each record in `shown`, in one
  // transaction, before a response shows their sealed values.
  Status AuditSealedReads(const access::Actor& actor,
                          const std::vector<const core::Record*>& shown);

  // api_cases.cc
  void RegisterCaseRoutes();
  Result<HttpResponse> ListCases(RequestContext& ctx);
  Result<HttpResponse> AddCase(RequestContext& ctx);
  Result<HttpResponse> GetCase(RequestContext& ctx);
  Result<HttpResponse> Queue(RequestContext& ctx);
  Result<HttpResponse> ClaimCase(RequestContext& ctx);
  Result<HttpResponse> QueueAlarms(RequestContext& ctx);
  Result<HttpResponse> CasePosition(RequestContext& ctx);
  Result<HttpResponse> MoveCase(RequestContext& ctx);
  Result<HttpResponse> ReleaseCase(RequestContext& ctx);
  Result<HttpResponse> AssignCase(RequestContext& ctx);
  Result<HttpResponse> AddCaseNote(RequestContext& ctx);
  Result<HttpResponse> SetCaseConsent(RequestContext& ctx);
  Result<HttpResponse> AddCaseReferral(RequestContext& ctx);
  Result<HttpResponse> SetCaseReferralState(RequestContext& ctx);
  Result<HttpResponse> LinkCase(RequestContext& ctx);
  Result<HttpResponse> CaseHistory(RequestContext& ctx);

  // api_audit.cc
  Result<HttpResponse> AuditLog(RequestContext& ctx);

  // api_review.cc
  void RegisterReviewRoutes();
  Result<HttpResponse> ListLinkProposals(RequestContext& ctx);
  Result<HttpResponse> ProposeLinks(RequestContext& ctx);
  Result<HttpResponse> ConfirmLinkProposal(RequestContext& ctx);
  Result<HttpResponse> RejectLinkProposal(RequestContext& ctx);
  Result<HttpResponse> ListMerges(RequestContext& ctx);
  Result<HttpResponse> MergeRecords(RequestContext& ctx);
  Result<HttpResponse> UnmergeRecords(RequestContext& ctx);

  records::Vault& vault_;
  const Clock& clock_;
  ApiOptions options_;
  access::SessionTable sessions_;
  access::LoginLimiter limiter_;
  casework::Casebook casebook_;
  Router<Handler> router_;
  ViewCache view_cache_{kViewCacheEntries, kViewCacheBytes};
};

// "/api/events" for kind event ("/api/persons" for person).
std::string CollectionPath(core::RecordKind kind);

// Makes `record` what `session` may see: the values of a compartment its
// role holds opened with the session's keys (when it has them), open values
// of compartments it does not hold removed. True when the result shows a
// compartment's value (such a read is audited before the response leaves).
// DataLoss when a sealed value fails to open with the key it names.
Result<bool> RevealFor(const access::Session& session, core::Record& record);

// Parses a decimal query parameter in [min, max]; `fallback` when absent.
Result<size_t> SizeParam(const HttpRequest& request, std::string_view name, size_t fallback,
                         size_t min, size_t max);

// Strips the bundle reader's "record 1 " prefix from a decode error.
Status CleanDecodeError(const Status& status);

}  // namespace chorus::server
