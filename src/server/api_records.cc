// The record routes of every kind, search, chain of command, vocabulary and
// timeline. Permissions come from access/policy.h; JSON of records is the
// bundle codec's (formats/record_json.h).
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "access/policy.h"
#include "compartments/seal.h"
#include "core/vocabulary.h"
#include "crypto/crypto.h"
#include "formats/record_json.h"
#include "records/audit.h"
#include "records/chain.h"
#include "records/record_view.h"
#include "server/api_internal.h"
#include "server/errors.h"
#include "server/view_json.h"
#include "text/names.h"
#include "text/search_terms.h"

namespace chorus::server {
namespace {

using Json = nlohmann::ordered_json;
using access::Permission;

// How many search hits are read to compute facets and kind filters.
constexpr size_t kSearchWindow = 200;
// How many hits a list route's q= filter pages through.
constexpr size_t kListSearchWindow = 1000;
// Most events the timeline returns (the picture cannot show more).
constexpr size_t kTimelineMax = 10000;

std::string KindWord(core::RecordKind kind) { return std::string(core::RecordKindName(kind)); }

Status NoSuch(core::RecordKind kind, std::string_view id) {
  return Status::NotFound("no " + KindWord(kind) + " with id '" + std::string(id) + "'");
}

bool IsCursorChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

// Parses a body into a record of `kind`: "kind" may be omitted (it must
// match the route when present); "id" falls back to `id_fallback`.
Result<core::Record> DecodeBody(const HttpRequest& request, core::RecordKind kind,
                                const std::string& id_fallback, bool id_must_match) {
  if (request.body.empty()) return Status::InvalidArgument("the body must be a record (JSON)");
  Json body = Json::parse(request.body, nullptr, false);
  if (body.is_discarded()) return Status::InvalidArgument("the body is not valid JSON");
  if (!body.is_object()) return Status::InvalidArgument("the body must be a JSON object");
  auto kind_it = body.find("kind");
  if (kind_it == body.end()) {
    body["kind"] = KindWord(kind);
  } else if (!kind_it->is_string() || kind_it->get<std::string>() != KindWord(kind)) {
    return Status::InvalidArgument("field 'kind': must be \"" + KindWord(kind) +
                                   "\" on this route");
  }
  auto id_it = body.find("id");
  if (id_it == body.end() || id_it->is_null()) {
    body["id"] = id_fallback;
  } else if (id_must_match && (!id_it->is_string() || id_it->get<std::string>() != id_fallback)) {
    return Status::InvalidArgument("field 'id': must be '" + id_fallback +
                                   "' (the id in the path)");
  }
  auto record = formats::DecodeRecord(body.dump());
  if (!record.ok()) return CleanDecodeError(record.status());
  return record;
}

// A new record id when the client gave none: "<kind>-<16 hex digits>".
std::string NewRecordId(core::RecordKind kind) {
  return KindWord(kind) + "-" + crypto::ToHex(crypto::RandomBytes(8));
}

Json LabelledRef(const core::Record& record) {
  return Json{{"id", core::IdOf(record)},
              {"kind", KindWord(core::KindOf(record))},
              {"label", core::DisplayLabel(record)}};
}

// The audit event of a change to `record` by `actor`.
records::AuditEvent ChangeEvent(const access::Actor& actor, std::string_view action,
                                core::RecordKind kind, std::string_view id,
                                std::string content_hash) {
  records::AuditEvent event;
  event.actor = actor.user;
  event.action = std::string(action);
  event.kind = KindWord(kind);
  event.record = std::string(id);
  event.content_hash = std::move(content_hash);
  return event;
}

Result<HttpResponse> RecordResponse(int status, const access::Session& session,
                                    core::Record record) {
  CHORUS_RETURN_IF_ERROR(RevealFor(session, record).status());
  return JsonResponse(status, "{\"record\":" + formats::EncodeRecord(record) + "}");
}

// The texts of `record`'s compartment values once opened.
std::vector<std::string> CompartmentTexts(const core::Record& record) {
  std::vector<std::string> texts;
  if (const auto* source = std::get_if<core::Source>(&record); source && source->identity) {
    texts = {source->identity->name, source->identity->contact, source->identity->notes};
  }
  if (const auto* person = std::get_if<core::Person>(&record); person && person->at_risk) {
    for (const auto& name : person->names) texts.push_back(name.text);
  }
  return texts;
}

// Sources and people at risk whose sealed values, opened with the session's
// keys, match every word of `query` (or, for a name, its phonetic key).
// Cost: every source and person is read and each sealed one opened (about
// 50 microseconds each); nothing about them is indexed.
Result<std::vector<records::SearchResult>> SearchSealed(records::RecordReader& reader,
                                                        const access::Session& session,
                                                        std::string_view query) {
  std::vector<records::SearchResult> found;
  std::vector<std::string> words = text::SearchTerms(query);
  std::string query_key = text::NameKey(query);
  for (core::RecordKind kind : {core::RecordKind::kSource, core::RecordKind::kPerson}) {
    auto compartment = compartments::CompartmentOfKind(kind);
    if (!access::HoldsCompartment(session.actor.role, *compartment) ||
        !session.keyring->Holds(*compartment)) {
      continue;
    }
    CHORUS_ASSIGN_OR_RETURN(auto records, reader.ListKind(kind));
    for (auto& record : records) {
      CHORUS_ASSIGN_OR_RETURN(bool opened, compartments::OpenRecord(record, *session.keyring));
      if (!opened) continue;
      std::set<std::string> terms;
      bool name_match = false;
      for (const auto& text : CompartmentTexts(record)) {
        for (auto& term : text::SearchTerms(text)) terms.insert(std::move(term));
        if (kind == core::RecordKind::kPerson && !query_key.empty() &&
            text::NameKey(text) == query_key) {
          name_match = true;
        }
      }
      bool all_words = !words.empty() && std::all_of(words.begin(), words.end(),
                                                     [&](auto& w) { return terms.count(w) > 0; });
      if (all_words || name_match) found.push_back(records::SearchResult{std::move(record), 1.0});
    }
  }
  return found;
}

}  // namespace

Result<bool> RevealFor(const access::Session& session, core::Record& record) {
  return access::RevealForRole(session.actor.role, session.keyring.get(), record);
}

Status CleanDecodeError(const Status& status) {
  const std::string& m = status.message();
  if (m.rfind("record 1 (", 0) == 0) {
    size_t close = m.find(')');
    if (close != std::string::npos) {
      return Status(status.code(), m.substr(10, close - 10) + m.substr(close + 1));
    }
  }
  if (m.rfind("record 1: ", 0) == 0) return Status(status.code(), m.substr(10));
  return status;
}

// ---- audit of reads ----

Status ApiImpl::AuditSealedReads(const access::Actor& actor,
                                 const std::vector<const core::Record*>& shown) {
  CHORUS_ASSIGN_OR_RETURN(auto writer, vault_.Write());
  Timestamp now = clock_.Now();
  for (const core::Record* record : shown) {
    CHORUS_RETURN_IF_ERROR(records::AppendAudit(
        *writer, ChangeEvent(actor, "read-sealed", core::KindOf(*record), core::IdOf(*record), ""),
        now));
  }
  return writer->Commit();
}

// ---- list ----

Result<HttpResponse> ApiImpl::ListRecords(RequestContext& ctx, core::RecordKind kind) {
  CHORUS_RETURN_IF_ERROR(access::Require(ctx.actor(), Permission::kReadRecords, kind));
  CHORUS_ASSIGN_OR_RETURN(size_t limit,
                          SizeParam(ctx.request, "limit", kDefaultPageSize, 1, kMaxPageSize));
  std::string cursor(ctx.request.Query("cursor").value_or(""));
  if (cursor.size() > 128 || !std::all_of(cursor.begin(), cursor.end(), IsCursorChar)) {
    return Status::InvalidArgument("query parameter 'cursor' is not a cursor from this API");
  }
  auto query = ctx.request.Query("q");
  CHORUS_ASSIGN_OR_RETURN(auto reader, vault_.Read());
  std::vector<core::Record> items;
  std::string next;
  int64_t total = 0;
  if (query && !query->empty()) {
    // Search hits of this kind, paged by position.
    size_t offset = 0;
    if (!cursor.empty()) {
      if (cursor.size() > 9 ||
          !std::all_of(cursor.begin(), cursor.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return Status::InvalidArgument("query parameter 'cursor' is not a cursor from this API");
      }
      offset = std::stoul(cursor);
    }
    CHORUS_ASSIGN_OR_RETURN(auto hits, reader->FindRecords(*query, kListSearchWindow));
    std::vector<records::SearchHitRef> of_kind;
    for (auto& hit : hits) {
      if (hit.kind == kind) of_kind.push_back(std::move(hit));
    }
    total = static_cast<int64_t>(of_kind.size());
    // Only the page is read and decrypted, in one store read.
    size_t begin = std::min(offset, of_kind.size());
    size_t shown = std::min(limit, of_kind.size() - begin);
    std::span<const records::SearchHitRef> page(of_kind.data() + begin, shown);
    CHORUS_ASSIGN_OR_RETURN(auto opened, reader->OpenMany(page));
    for (auto& record : opened) {
      if (record) items.push_back(std::move(*record));
    }
    if (begin + shown < of_kind.size()) next = std::to_string(begin + shown);
  } else {
    CHORUS_ASSIGN_OR_RETURN(items, reader->ListPage(kind, cursor, limit));
    next = cursor;
    CHORUS_ASSIGN_OR_RETURN(total, reader->Count(kind));
  }
  reader.reset();
  std::vector<const core::Record*> sealed_reads;
  for (auto& item : items) {
    CHORUS_ASSIGN_OR_RETURN(bool shows_sealed, RevealFor(*ctx.session, item));
    if (shows_sealed) sealed_reads.push_back(&item);
  }
  if (!sealed_reads.empty()) CHORUS_RETURN_IF_ERROR(AuditSealedReads(ctx.actor(), sealed_reads));
  std::string body = "{\"items\":[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) body += ',';
    body += formats::EncodeRecord(items[i]);
  }
  body += "],\"next_cursor\":";
  body += next.empty() ? Json(nullptr).dump() : Json(next).dump();
  body += ",\"total\":" + std::to_string(total) + "}";
  return JsonResponse(200, std::move(body));
}

// ---- get ----

Result<HttpResponse> ApiImpl::GetRecord(RequestContext& ctx, core::RecordKind kind) {
  CHORUS_RETURN_IF_ERROR(access::Require(ctx.actor(), Permission::kReadRecords, kind));
  const std::string& id = ctx.param("id");
  if (!core::IsValidRecordId(id)) return NoSuch(kind, "(invalid id)");
  // What a role sees of a record outside the compartments depends on the
  // role alone, so its view is kept for the role until the store changes.
  // Compartment kinds are shown per session (its keys) and their reads are
  // audited: never kept.
  const bool keepable = !compartments::CompartmentOfKind(kind).has_value();
  std::string cache_key;
  int64_t change_count = -1;
  if (keepable) {
    cache_key.append(core::RecordKindName(kind))
        .append(1, '\n')
        .append(id)
        .append(1, '\n')
        .append(access::RoleName(ctx.actor().role));
    // Read before the view's reads begin: a body kept under this count is at
    // least as new as the count says.
    CHORUS_ASSIGN_OR_RETURN(change_count, vault_.store().ChangeCount());
    if (auto body = view_cache_.Find(cache_key, change_count)) {
      return JsonResponse(200, std::move(*body));
    }
  }
  CHORUS_ASSIGN_OR_RETURN(auto reader, vault_.Read());
  auto found = reader->Get(id);
  CHORUS_RETURN_IF_ERROR(found.status());
  if (!*found || core::KindOf(**found) != kind) return NoSuch(kind, id);
  // Revealed before the view is built: each report's own claims (a name, a
  // birth date) come from the record as this role may see it.
  core::Record record = std::move(**found);
  CHORUS_ASSIGN_OR_RETURN(bool shows_sealed, RevealFor(*ctx.session, record));
  CHORUS_ASSIGN_OR_RETURN(auto view, records::ViewRecord(*reader, std::move(record)));
  reader.reset();
  if (shows_sealed) CHORUS_RETURN_IF_ERROR(AuditSealedReads(ctx.actor(), {&view.record}));
  std::string body = "{\"record\":" + formats::EncodeRecord(view.record);
  body += "," + RecordViewMembersJson(view) + "}";
  if (keepable && !shows_sealed) view_cache_.Put(cache_key, change_count, body);
  return JsonResponse(200, std::move(body));
}

// ---- create, update, delete ----

Result<HttpResponse> ApiImpl::CreateRecord(RequestContext& ctx, core::RecordKind kind) {
  CHORUS_RETURN_IF_ERROR(access::Require(ctx.actor(), Permission::kWriteRecords, kind));
  CHORUS_ASSIGN_OR_RETURN(core::Record record,
                          DecodeBody(ctx.request, kind, NewRecordId(kind), false));
  CHORUS_ASSIGN_OR_RETURN(record, access::PrepareWrite(ctx.actor(), std::move(record), nullptr));
  CHORUS_RETURN_IF_ERROR(core::ValidateRecord(record));
  CHORUS_ASSIGN_OR_RETURN(auto writer, vault_.Write());
  CHORUS_RETURN_IF_ERROR(writer->CheckReferences(record));
  // The audit hash is of what is stored (sealed), not of the open values.
  CHORUS_ASSIGN_OR_RETURN(core::Record stored, writer->SealForStorage(record));
  CHORUS_RETURN_IF_ERROR(writer->Create(stored));
  CHORUS_RETURN_IF_ERROR(
      records::AppendAudit(*writer,
                           ChangeEvent(ctx.actor(), "create", kind, core::IdOf(record),
                                       records::RecordContentHash(stored)),
                           clock_.Now()));
  CHORUS_RETURN_IF_ERROR(writer->Commit());
  CHORUS_ASSIGN_OR_RETURN(HttpResponse response, RecordResponse(201, *ctx.session, record));
  response.headers.emplace_back("Location", CollectionPath(kind) + "/" + core::IdOf(record));
  return response;
}

Result<HttpResponse> ApiImpl::UpdateRecord(RequestContext& ctx, core::RecordKind kind) {
  CHORUS_RETURN_IF_ERROR(access::Require(ctx.actor(), Permission::kWriteRecords, kind));
  const std::string& id = ctx.param("id");
  if (!core::IsValidRecordId(id)) return NoSuch(kind, "(invalid id)");
  CHORUS_ASSIGN_OR_RETURN(core::Record record, DecodeBody(ctx.request, kind, id, true));
  CHORUS_ASSIGN_OR_RETURN(auto writer, vault_.Write());
  CHORUS_ASSIGN_OR_RETURN(auto existing, writer->Get(id));
  if (!existing || core::KindOf(*existing) != kind) return NoSuch(kind, id);
  CHORUS_ASSIGN_OR_RETURN(record, access::PrepareWrite(ctx.actor(), std::move(record), &*existing));
  CHORUS_RETURN_IF_ERROR(core::ValidateRecord(record));
  CHORUS_RETURN_IF_ERROR(writer->CheckReferences(record));
  CHORUS_ASSIGN_OR_RETURN(core::Record stored, writer->SealForStorage(record));
  CHORUS_RETURN_IF_ERROR(writer->Update(stored));
  CHORUS_RETURN_IF_ERROR(records::AppendAudit(
      *writer, ChangeEvent(ctx.actor(), "update", kind, id, records::RecordContentHash(stored)),
      clock_.Now()));
  CHORUS_RETURN_IF_ERROR(writer->Commit());
  return RecordResponse(200, *ctx.session, record);
}

Result<HttpResponse> ApiImpl::DeleteRecord(RequestContext& ctx, core::RecordKind kind) {
  CHORUS_RETURN_IF_ERROR(access::Require(ctx.actor(), Permission::kWriteRecords, kind));
  const std::string& id = ctx.param("id");
  if (!core::IsValidRecordId(id)) return NoSuch(kind, "(invalid id)");
  CHORUS_ASSIGN_OR_RETURN(auto writer, vault_.Write());
  CHORUS_ASSIGN_OR_RETURN(auto existing, writer->Get(id));
  if (!existing || core::KindOf(*existing) != kind) return NoSuch(kind, id);
  CHORUS_RETURN_IF_ERROR(writer->Delete(id));
  CHORUS_RETURN_IF_ERROR(records::AppendAudit(
      *writer, ChangeEvent(ctx.actor(), "delete", kind, id, ""), clock_.Now()));
  CHORUS_RETURN_IF_ERROR(writer->Commit());
  HttpResponse response = JsonResponse(204, "");
  response.content_type.clear();
  return response;
}

// ---- search ----

Result<HttpResponse> ApiImpl::Search(RequestContext& ctx) {
  std::string query(ctx.request.Query("q").value_or(""));
  if (query.empty()) return Status::InvalidArgument("query parameter 'q' is required");
  if (query.size() > 1000) return Status::InvalidArgument("query parameter 'q' is too long");
  std::optional<core::RecordKind> kind;
  if (auto kind_text = ctx.request.Query("kind")) {
    kind = core::ParseRecordKind(*kind_text);
    if (!kind) return Status::InvalidArgument("query parameter 'kind': not a record kind");
  }
  CHORUS_ASSIGN_OR_RETURN(size_t limit, SizeParam(ctx.request, "limit", 20, 1, 100));
  CHORUS_ASSIGN_OR_RETURN(auto reader, vault_.Read());
  // Facets count the hits by kind from the index alone; only the hits shown
  // are read and decrypted.
  CHORUS_ASSIGN_OR_RETURN(auto hits, reader->FindRecords(query, kSearchWindow));
  std::vector<records::SearchResult> sealed_hits;
  std::set<std::string> sealed_keys;
  // Sealed values are in no index: a holder's search opens them (first).
  if (ctx.session->keyring && !ctx.session->keyring->empty()) {
    CHORUS_ASSIGN_OR_RETURN(sealed_hits, SearchSealed(*reader, *ctx.session, query));
    for (const auto& hit : sealed_hits) {
      sealed_keys.insert(reader->RowKeyOf(core::IdOf(hit.record)));
    }
  }
  std::map<std::string, int> facets;
  Json items = Json::array();
  // Counts a hit this role may read in the facets; true when it is of the
  // kind asked for.
  auto counted = [&](core::RecordKind hit_kind) {
    if (!access::IsAllowed(ctx.actor().role, Permission::kReadRecords, hit_kind)) return false;
    ++facets[KindWord(hit_kind)];
    return !kind || hit_kind == *kind;
  };
  auto show = [&](const core::Record& record, double score) {
    Json item = LabelledRef(record);
    item["score"] = score;
    items.push_back(std::move(item));
  };
  for (const auto& hit : sealed_hits) {
    if (counted(core::KindOf(hit.record)) && items.size() < limit) show(hit.record, hit.score);
  }
  // The hits to show are chosen first and read together (one round trip on
  // PostgreSQL instead of one per hit).
  std::vector<records::SearchHitRef> to_open;
  const size_t slots = limit - std::min(limit, items.size());
  for (const auto& hit : hits) {
    if (sealed_keys.count(hit.row_key)) continue;
    if (counted(hit.kind) && to_open.size() < slots) to_open.push_back(hit);
  }
  CHORUS_ASSIGN_OR_RETURN(auto opened, reader->OpenMany(to_open));
  for (size_t hit_idx = 0; hit_idx < to_open.size(); ++hit_idx) {
    if (opened[hit_idx]) show(*opened[hit_idx], to_open[hit_idx].score);
  }
  Json facet_json = Json::object();
  for (const auto& [name, count] : facets) facet_json[name] = count;
  Json body{{"query", query}, {"hits", std::move(items)}, {"facets", {{"kind", facet_json}}}};
  return JsonResponse(200, body.dump(-1, ' ', false, Json::error_handler_t::replace));
}

// ---- chain of command ----

Result<HttpResponse> ApiImpl::Chain(RequestContext& ctx) {
  CHORUS_RETURN_IF_ERROR(
      access::Require(ctx.actor(), Permission::kReadRecords, core::RecordKind::kOrganization));
  auto org = ctx.request.Query("org");
  if (!org || org->empty()) return Status::InvalidArgument("query parameter 'org' is required");
  auto at_text = ctx.request.Query("at");
  if (!at_text || at_text->empty()) {
    return Status::InvalidArgument("query parameter 'at' is required (EDTF, e.g. 2016-08)");
  }
  auto at = core::FuzzyDate::Parse(*at_text);
  if (!at.ok()) return at.status().WithContext("query parameter 'at'");
  CHORUS_ASSIGN_OR_RETURN(auto reader, vault_.Read());
  CHORUS_ASSIGN_OR_RETURN(auto chain, records::BuildChainOfCommand(*reader, *org, *at));
  return JsonResponse(200, ChainJson(chain));
}

// ---- vocabulary ----

Result<HttpResponse> ApiImpl::Vocabulary(RequestContext&) {
  Json acts = Json::array();
  for (const auto& t : core::ActTypes()) {
    acts.push_back(Json{{"code", std::string(t.code)},
                        {"group", std::string(t.group)},
                        {"en", std::string(t.en)},
                        {"ko", std::string(t.ko)},
                        {"ru", std::string(t.ru)}});
  }
  Json roles = Json::array();
  for (const auto& r : core::PostRoles()) {
    roles.push_back(Json{{"code", std::string(r.code)},
                         {"en", std::string(r.en)},
                         {"ko", std::string(r.ko)},
                         {"ru", std::string(r.ru)}});
  }
  return JsonResponse(200, Json{{"act_types", acts}, {"post_roles", roles}}.dump());
}

// ---- timeline ----

Result<HttpResponse> ApiImpl::Timeline(RequestContext& ctx) {
  CHORUS_RETURN_IF_ERROR(
      access::Require(ctx.actor(), Permission::kReadRecords, core::RecordKind::kEvent));
  CHORUS_ASSIGN_OR_RETURN(auto reader, vault_.Read());
  Json events = Json::array();
  std::string cursor;
  bool truncated = false;
  do {
    CHORUS_ASSIGN_OR_RETURN(auto page, reader->ListPage(core::RecordKind::kEvent, cursor, 1000));
    for (const auto& record : page) {
      if (events.size() >= kTimelineMax) {
        truncated = true;
        break;
      }
      const auto& event = std::get<core::Event>(record);
      std::optional<core::DayNumber> start;
      std::optional<core::DayNumber> end;
      bool start_open = event.dates.empty();
      bool end_open = event.dates.empty();
      for (const auto& claim : event.dates) {
        auto earliest = claim.date.earliest_day();
        auto latest = claim.date.latest_day();
        if (!earliest)
          start_open = true;
        else if (!start || *earliest < *start)
          start = earliest;
        if (!latest)
          end_open = true;
        else if (!end || *latest > *end)
          end = latest;
      }
      std::vector<std::string> place_ids;
      for (const auto& p : event.places) {
        if (std::find(place_ids.begin(), place_ids.end(), p.place_id) == place_ids.end()) {
          place_ids.push_back(p.place_id);
        }
      }
      events.push_back(Json{
          {"id", event.id},
          {"title", event.title},
          {"start", !start_open && start ? Json(IsoDate(*start)) : Json(nullptr)},
          {"end", !end_open && end ? Json(IsoDate(*end)) : Json(nullptr)},
          {"edtf", event.dates.empty() ? Json(nullptr) : Json(event.dates.front().date.ToString())},
          {"place_ids", place_ids}});
    }
  } while (!cursor.empty() && !truncated);
  Json body{{"events", std::move(events)}, {"truncated", truncated}};
  return JsonResponse(200, body.dump(-1, ' ', false, Json::error_handler_t::replace));
}

}  // namespace chorus::server
