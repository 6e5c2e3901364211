// GET /api/audit: the audit log (records/audit.h). The whole log is for roles
// with kReadAuditLog; `?record=ID` is one record's history, for every role
// that may read that record's kind. Permissions come from access/policy.h.
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "records/audit.h"
#include "server/api_internal.h"
#include "server/errors.h"

namespace chorus::server {
namespace {

using Json = nlohmann::ordered_json;
using access::Permission;

// Most entries one request returns, and the default.
constexpr size_t kMaxAuditPage = 1000;
constexpr size_t kDefaultAuditPage = 100;

Result<std::optional<Timestamp>> TimeParam(const HttpRequest& request, std::string_view name) {
  auto text = request.Query(name);
  if (!text) return std::optional<Timestamp>();
  auto at = ParseTimestamp(*text);
  if (!at) {
    return Status::InvalidArgument("query parameter '" + std::string(name) +
                                   "' must be an ISO 8601 time (2024-05-01T12:00:00Z)");
  }
  return std::optional<Timestamp>(*at);
}

std::optional<std::string> TextParam(const HttpRequest& request, std::string_view name) {
  auto text = request.Query(name);
  if (!text || text->empty()) return std::nullopt;
  return std::string(*text);
}

Json EntryJson(access::Role role, records::AuditEntry entry) {
  // A source's content hash covers its sealed identity: a role that may not
  // read it must not get something to test guesses against.
  if (entry.event.kind == core::RecordKindName(core::RecordKind::kSource) &&
      !access::IsAllowed(role, Permission::kReadSourceIdentity)) {
    entry.event.content_hash.clear();
  }
  return Json::parse(records::EncodeAuditEntry(entry));
}

}  // namespace

Result<HttpResponse> ApiImpl::AuditLog(RequestContext& ctx) {
  const access::Actor& actor = ctx.actor();
  records::AuditFilter filter;
  CHORUS_ASSIGN_OR_RETURN(filter.limit,
                          SizeParam(ctx.request, "limit", kDefaultAuditPage, 1, kMaxAuditPage));
  filter.record = TextParam(ctx.request, "record");
  filter.actor = TextParam(ctx.request, "actor");
  filter.action = TextParam(ctx.request, "action");
  CHORUS_ASSIGN_OR_RETURN(filter.since, TimeParam(ctx.request, "since"));
  CHORUS_ASSIGN_OR_RETURN(filter.until, TimeParam(ctx.request, "until"));
  bool whole_log = access::IsAllowed(actor.role, Permission::kReadAuditLog);
  if (!filter.record) {
    CHORUS_RETURN_IF_ERROR(access::Require(actor, Permission::kReadAuditLog));
  } else if (!core::IsValidRecordId(*filter.record)) {
    return Status::InvalidArgument("query parameter 'record' is not a record id");
  }

  CHORUS_ASSIGN_OR_RETURN(auto reader, vault_.Read());
  std::optional<core::RecordKind> kind;
  if (filter.record && !whole_log) {
    // One record's history: its kind decides, or for a deleted record the
    // kind its entries name. Entries about anything else that shares the id
    // (a user, a case) are not part of a record's history.
    CHORUS_ASSIGN_OR_RETURN(auto record, reader->Get(*filter.record));
    if (record) kind = core::KindOf(*record);
  }
  CHORUS_ASSIGN_OR_RETURN(auto entries, records::ListAudit(*reader, filter));
  reader.reset();
  if (filter.record && !whole_log) {
    if (!kind) {
      for (const auto& entry : entries) {
        if ((kind = core::ParseRecordKind(entry.event.kind))) break;
      }
    }
    if (!kind) return JsonResponse(200, R"({"items":[]})");
    CHORUS_RETURN_IF_ERROR(access::Require(actor, Permission::kReadRecords, *kind));
    std::erase_if(entries, [&](const records::AuditEntry& entry) {
      return entry.event.kind != core::RecordKindName(*kind);
    });
  }
  Json items = Json::array();
  for (const auto& entry : entries) items.push_back(EntryJson(actor.role, entry));
  return JsonResponse(
      200, Json{{"items", std::move(items)}}.dump(-1, ' ', false, Json::error_handler_t::replace));
}

}  // namespace chorus::server
