#include "server/api.h"

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "access/users.h"
#include "crypto/crypto.h"
#include "formats/json_limits.h"
#include "records/audit.h"
#include "server/api_internal.h"
#include "server/compartment_keys.h"
#include "server/errors.h"
#include "server/user_store.h"

namespace chorus::server {

using access::Permission;

extern const unsigned char kOpenApiYaml[];
extern const size_t kOpenApiYamlSize;

namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kSessionCookie = "chorus_session";
constexpr std::string_view kCsrfHeader = "x-csrf-token";

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The value of one cookie in the Cookie header, or "".
std::string_view CookieValue(const HttpRequest& request, std::string_view name) {
  for (const auto& [header, value] : request.headers) {
    if (header != "cookie") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      size_t semi = rest.find(';');
      std::string_view pair = Trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      size_t eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
    }
  }
  return {};
}

std::string SessionCookie(const std::string& token, bool tls) {
  std::string cookie =
      std::string(kSessionCookie) + "=" + token + "; HttpOnly; SameSite=Strict; Path=/";
  if (tls) cookie += "; Secure";
  return cookie;
}

std::string ClearedCookie(bool tls) {
  std::string cookie =
      std::string(kSessionCookie) + "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0";
  if (tls) cookie += "; Secure";
  return cookie;
}

bool IsJsonContentType(const HttpRequest& request) {
  auto type = request.Header("content-type");
  if (!type) return false;
  std::string_view t = Trim(type->substr(0, type->find(';')));
  std::string lower;
  for (char c : t) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return lower == "application/json";
}

// The user, their CSRF token, the compartments their role holds and those
// whose keys this session opened (so the UI can say "not granted yet").
std::string SessionBody(const access::Session& session) {
  Json held = Json::array();
  Json opened = Json::array();
  for (core::Compartment c : access::CompartmentsOf(session.actor.role)) {
    held.push_back(std::string(core::CompartmentName(c)));
    if (session.keyring && session.keyring->Holds(c)) {
      opened.push_back(std::string(core::CompartmentName(c)));
    }
  }
  Json body{{"user",
             {{"name", session.actor.user},
              {"role", std::string(access::RoleName(session.actor.role))},
              {"compartments", std::move(held)},
              {"compartments_open", std::move(opened)}}},
            {"csrf_token", session.csrf_token}};
  return body.dump();
}

std::string_view MediaTypeOf(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".yaml") return "application/yaml";
  return "application/octet-stream";
}

void AddCommonHeaders(HttpResponse& response, bool is_api) {
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  response.headers.emplace_back("X-Frame-Options", "DENY");
  if (is_api) {
    response.headers.emplace_back("Cache-Control", "no-store");
  } else {
    response.headers.emplace_back(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  }
}

}  // namespace

std::string CollectionPath(core::RecordKind kind) {
  return "/api/" + std::string(core::RecordKindName(kind)) + "s";
}

Result<size_t> SizeParam(const HttpRequest& request, std::string_view name, size_t fallback,
                         size_t min, size_t max) {
  auto text = request.Query(name);
  if (!text) return fallback;
  auto bad = [&] {
    return Status::InvalidArgument("query parameter '" + std::string(name) +
                                   "' must be an integer from " + std::to_string(min) + " to " +
                                   std::to_string(max));
  };
  if (text->empty() || text->size() > 9) return bad();
  size_t value = 0;
  for (char c : *text) {
    if (c < '0' || c > '9') return bad();
    value = value * 10 + static_cast<size_t>(c - '0');
  }
  if (value < min || value > max) return bad();
  return value;
}

ApiImpl::ApiImpl(records::Vault& vault, const Clock& clock, ApiOptions options)
    : vault_(vault),
      clock_(clock),
      options_(std::move(options)),
      sessions_(clock, options_.sessions),
      limiter_(clock, options_.login),
      casebook_(vault, clock) {
  RegisterRoutes();
}

void ApiImpl::RegisterRoutes() {
  auto bind = [this](Result<HttpResponse> (ApiImpl::*method)(RequestContext&)) {
    return Handler([this, method](RequestContext& ctx) { return (this->*method)(ctx); });
  };
  router_.Add({"POST", "/api/login", false, false, std::nullopt, std::nullopt},
              bind(&ApiImpl::Login));
  router_.Add({"POST", "/api/logout", true, true, std::nullopt, std::nullopt},
              bind(&ApiImpl::Logout));
  router_.Add({"GET", "/api/session", true, false, std::nullopt, std::nullopt},
              bind(&ApiImpl::SessionInfo));
  router_.Add({"GET", "/api/openapi.yaml", false, false, std::nullopt, std::nullopt},
              bind(&ApiImpl::OpenApi));
  router_.Add({"GET", "/api/search", true, false, Permission::kReadRecords, std::nullopt},
              bind(&ApiImpl::Search));
  router_.Add({"GET", "/api/chain", true, false, Permission::kReadRecords, std::nullopt},
              bind(&ApiImpl::Chain));
  router_.Add({"GET", "/api/vocabulary", true, false, Permission::kReadRecords, std::nullopt},
              bind(&ApiImpl::Vocabulary));
  router_.Add({"GET", "/api/timeline", true, false, Permission::kReadRecords, std::nullopt},
              bind(&ApiImpl::Timeline));
  // The whole log needs kReadAuditLog; one record's history (?record=) needs
  // read access to that record's kind: the handler asks the table for each.
  router_.Add({"GET", "/api/audit", true, false, Permission::kReadRecords, std::nullopt},
              bind(&ApiImpl::AuditLog));
  for (core::RecordKind kind : core::kAllRecordKinds) RegisterRecordRoutes(kind);
  RegisterCaseRoutes();
  RegisterReviewRoutes();
}

void ApiImpl::RegisterRecordRoutes(core::RecordKind kind) {
  std::string collection = CollectionPath(kind);
  std::string item = collection + "/{id}";
  router_.Add({"GET", collection, true, false, Permission::kReadRecords, kind},
              [this, kind](RequestContext& ctx) { return ListRecords(ctx, kind); });
  router_.Add({"POST", collection, true, true, Permission::kWriteRecords, kind},
              [this, kind](RequestContext& ctx) { return CreateRecord(ctx, kind); });
  router_.Add({"GET", item, true, false, Permission::kReadRecords, kind},
              [this, kind](RequestContext& ctx) { return GetRecord(ctx, kind); });
  router_.Add({"PUT", item, true, true, Permission::kWriteRecords, kind},
              [this, kind](RequestContext& ctx) { return UpdateRecord(ctx, kind); });
  router_.Add({"DELETE", item, true, true, Permission::kWriteRecords, kind},
              [this, kind](RequestContext& ctx) { return DeleteRecord(ctx, kind); });
}

HttpResponse ApiImpl::Handle(const HttpRequest& request) {
  HttpResponse response;
  bool is_api = request.path == "/api" || request.path.rfind("/api/", 0) == 0;
  try {
    response = is_api ? Dispatch(request) : ServeFile(request);
  } catch (const std::exception&) {
    // A library threw past its wrapper: a bug. Nothing of it reaches the
    // client or the log.
    response = ErrorResponse(Status::Internal("unexpected exception"));
  }
  AddCommonHeaders(response, is_api);
  return response;
}

HttpResponse ApiImpl::Dispatch(const HttpRequest& request) {
  auto match = router_.Find(request.method, request.path);
  if (match.spec == nullptr) {
    HttpResponse response =
        match.path_known
            ? TransportErrorResponse(TransportError::kMethodNotAllowed,
                                     "method " + request.method + " is not allowed here")
            : ErrorResponse(Status::NotFound("no such route"));
    response.log_route = "unmatched";
    return response;
  }
  RequestContext ctx{request, std::move(match.params), std::nullopt};
  auto finish = [&](HttpResponse response) {
    response.log_route = match.spec->pattern;
    if (ctx.session) response.log_user = ctx.session->actor.user;
    return response;
  };
  if (match.spec->needs_session) {
    ctx.session = sessions_.Touch(CookieValue(request, kSessionCookie));
    if (!ctx.session) {
      return finish(ErrorResponse(Status::Unauthenticated("log in first: no valid session")));
    }
  }
  if (match.spec->needs_csrf) {
    auto token = request.Header(kCsrfHeader);
    if (!token || !crypto::ConstantTimeEquals(*token, ctx.session->csrf_token)) {
      return finish(
          ErrorResponse(Status::PermissionDenied("missing or wrong X-CSRF-Token header")));
    }
  }
  if (match.spec->permission) {
    const access::Actor& actor = ctx.session->actor;
    Status allowed = match.spec->kind
                         ? access::Require(actor, *match.spec->permission, *match.spec->kind)
                         : access::Require(actor, *match.spec->permission);
    if (!allowed.ok()) return finish(ErrorResponse(allowed));
  }
  if ((request.method == "POST" || request.method == "PUT") && !request.body.empty() &&
      !IsJsonContentType(request)) {
    return finish(TransportErrorResponse(TransportError::kUnsupportedMediaType,
                                         "the body must be application/json"));
  }
  // Refused before any handler parses it: nlohmann-json copies and prints
  // nested values by recursion, and "[[[[..." in a 1 MiB body would
  // exhaust the stack.
  if (formats::JsonNestingDepth(request.body) > formats::kMaxJsonDepth) {
    return finish(
        ErrorResponse(Status::InvalidArgument("the body nests arrays and objects deeper than " +
                                              std::to_string(formats::kMaxJsonDepth) + " levels")));
  }
  Result<HttpResponse> result = (*match.handler)(ctx);
  return finish(result.ok() ? std::move(*result) : ErrorResponse(result.status()));
}

// ---- login, logout, session ----

Result<HttpResponse> ApiImpl::Login(RequestContext& ctx) {
  const HttpRequest& request = ctx.request;
  if (!IsJsonContentType(request)) {
    return TransportErrorResponse(TransportError::kUnsupportedMediaType,
                                  "the body must be application/json");
  }
  Json body = Json::parse(request.body, nullptr, false);
  if (body.is_discarded()) return Status::InvalidArgument("the body is not valid JSON");
  if (!body.is_object()) return Status::InvalidArgument("the body must be a JSON object");
  std::string username;
  std::string password;
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (it.key() != "username" && it.key() != "password") {
      return Status::InvalidArgument("field '" + it.key() + "': unknown field");
    }
    if (!it->is_string()) {
      return Status::InvalidArgument("field '" + it.key() + "': must be a string");
    }
    (it.key() == "username" ? username : password) = it->get<std::string>();
  }
  if (username.empty()) return Status::InvalidArgument("field 'username': is required");
  if (password.empty()) return Status::InvalidArgument("field 'password': is required");
  if (username.size() > 64 || password.size() > 1024) {
    return Status::Unauthenticated("wrong user name or password");
  }
  CHORUS_RETURN_IF_ERROR(limiter_.Check(username, request.remote_address));

  CHORUS_ASSIGN_OR_RETURN(auto reader, vault_.Read());
  CHORUS_ASSIGN_OR_RETURN(auto user, FindUser(*reader, username));
  reader.reset();
  bool ok = false;
  if (user) {
    ok = access::CheckPassword(*user, password);
  } else {
    access::BurnPasswordCheck(password);
  }
  // Logged before anything is granted or refused: no login without its entry.
  // A failed attempt names the account only when it exists, so a password
  // typed into the name field is not kept.
  records::AuditEvent event;
  event.actor = user ? user->name : "(unknown user)";
  event.action = ok ? "login" : "login-failed";
  event.kind = "user";
  event.record = user ? user->name : "";
  event.detail = "from " + request.remote_address;
  // A failure counts against the rate limit even if its entry cannot be
  // written (a busy store must not buy an attacker free guesses).
  if (!ok) limiter_.RecordFailure(username, request.remote_address);
  {
    CHORUS_ASSIGN_OR_RETURN(auto writer, vault_.Write());
    CHORUS_RETURN_IF_ERROR(records::AppendAudit(*writer, event, clock_.Now()));
    CHORUS_RETURN_IF_ERROR(writer->Commit());
  }
  if (!ok) return Status::Unauthenticated("wrong user name or password");
  limiter_.RecordSuccess(username);
  CHORUS_ASSIGN_OR_RETURN(compartments::Keyring keys,
                          OpenCompartmentsAtLogin(vault_, *user, password, clock_.Now()));
  auto keyring = std::make_shared<const compartments::Keyring>(std::move(keys));
  // A new session on every login, whatever cookie came in (no fixation).
  sessions_.Remove(CookieValue(request, kSessionCookie));
  access::Session session =
      sessions_.Create(access::Actor{user->name, user->role}, std::move(keyring));
  ctx.session = session;
  HttpResponse response = JsonResponse(200, SessionBody(session));
  response.headers.emplace_back("Set-Cookie", SessionCookie(session.token, request.tls));
  return response;
}

Result<HttpResponse> ApiImpl::Logout(RequestContext& ctx) {
  sessions_.Remove(ctx.session->token);
  HttpResponse response = JsonResponse(204, "");
  response.content_type.clear();
  response.headers.emplace_back("Set-Cookie", ClearedCookie(ctx.request.tls));
  return response;
}

Result<HttpResponse> ApiImpl::SessionInfo(RequestContext& ctx) {
  return JsonResponse(200, SessionBody(*ctx.session));
}

Result<HttpResponse> ApiImpl::OpenApi(RequestContext&) {
  HttpResponse response = JsonResponse(200, std::string(OpenApiDocument()));
  response.content_type = "application/yaml";
  return response;
}

// ---- the web UI's files ----

HttpResponse ApiImpl::ServeFile(const HttpRequest& request) {
  HttpResponse response;
  response.log_route = "static";
  if (request.method != "GET" && request.method != "HEAD") {
    return TransportErrorResponse(TransportError::kMethodNotAllowed,
                                  "only GET is allowed outside /api");
  }
  if (options_.web_root.empty()) {
    response = ErrorResponse(
        Status::NotFound("the web UI is not installed: build web/ or pass --web-root"));
    response.log_route = "static";
    return response;
  }
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path root = fs::weakly_canonical(options_.web_root, ec);
  std::string relative = request.path.substr(1);
  {
    if (relative.find("..") != std::string::npos || relative.find('\\') != std::string::npos) {
      response = ErrorResponse(Status::NotFound("no such file"));
      response.log_route = "static";
      return response;
    }
  }
  fs::path file = relative.empty() ? root / "index.html" : root / relative;
  fs::path canonical = fs::weakly_canonical(file, ec);
  bool inside = !ec && canonical.native().rfind(root.native() + "/", 0) == 0;
  if (!inside || !fs::is_regular_file(canonical, ec)) {
    // Routes of the single-page app ("/events/evt-1") get index.html;
    // a missing asset ("/assets/x.js") is a 404.
    std::string last = relative.substr(relative.rfind('/') + 1);
    if (last.find('.') != std::string::npos) {
      response = ErrorResponse(Status::NotFound("no such file"));
      response.log_route = "static";
      return response;
    }
    canonical = root / "index.html";
  }
  std::ifstream in(canonical, std::ios::binary);
  if (!in) {
    response = ErrorResponse(Status::NotFound("no such file"));
    response.log_route = "static";
    return response;
  }
  std::ostringstream content;
  content << in.rdbuf();
  response.status = 200;
  response.content_type = std::string(MediaTypeOf(canonical));
  response.body = content.str();
  bool hashed_asset = relative.rfind("assets/", 0) == 0;
  response.headers.emplace_back("Cache-Control",
                                hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
  return response;
}

// ---- Api ----

Api::Api(records::Vault& vault, const Clock& clock, ApiOptions options)
    : impl_(std::make_unique<ApiImpl>(vault, clock, std::move(options))) {}
Api::~Api() = default;
HttpResponse Api::Handle(const HttpRequest& request) { return impl_->Handle(request); }
std::vector<RouteSpec> Api::Routes() const { return impl_->Routes(); }

std::string_view OpenApiDocument() {
  return std::string_view(reinterpret_cast<const char*>(kOpenApiYaml), kOpenApiYamlSize);
}

std::string IsoDate(int64_t day_number) {
  // Howard Hinnant's civil_from_days.
  int64_t z = day_number + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  char buffer[80];
  if (y >= 0 && y <= 9999) {
    std::snprintf(buffer, sizeof buffer, "%04lld-%02lld-%02lld", static_cast<long long>(y),
                  static_cast<long long>(m), static_cast<long long>(d));
  } else {
    std::snprintf(buffer, sizeof buffer, "%+05lld-%02lld-%02lld", static_cast<long long>(y),
                  static_cast<long long>(m), static_cast<long long>(d));
  }
  return buffer;
}

}  // namespace chorus::server
