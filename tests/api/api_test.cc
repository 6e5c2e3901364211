// End-to-end tests of `chorus serve` over real HTTP on loopback: sessions,
// CSRF, every route's success and its malformed-input errors, permissions
// (no source identity for a viewer), limits, the access log, and SIGTERM.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "api/http_client.h"
#include "api/server_process.h"
#include "support/openapi_routes.h"

namespace chorus::apitest {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using testing::HasSubstr;
using testing::Not;

// The sealed identity of src-a in tests/data/api/small.json.
constexpr const char* kSecretName = "Zzyzx Secretname";
constexpr const char* kSecretContact = "+7 000 000 0000";
constexpr size_t kBodyLimit = 65536;

const std::vector<std::string> kKinds = {"source", "report",      "file",   "event",
                                         "act",    "involvement", "person", "organization",
                                         "post",   "membership",  "place"};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Json ParseJson(const std::string& text) { return Json::parse(text, nullptr, false); }

// The error code of an error response, "" when the body is not one.
std::string ErrorCode(const Response& r) {
  Json body = ParseJson(r.body);
  if (body.is_discarded() || !body.contains("error")) return "";
  return body["error"]["code"].get<std::string>();
}

struct Login {
  std::string cookie;  // "chorus_session=..."
  std::string csrf;
  std::string role;
};

class ApiTest : public testing::Test {
 public:
  static void SetUpTestSuite() {
    dir_ =
        new fs::path(fs::temp_directory_path() / ("chorus-api-test-" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    fs::create_directories(*dir_ / "web" / "assets");
    std::ofstream(*dir_ / "web" / "index.html") << "<!doctype html><title>Chorus</title>";
    std::ofstream(*dir_ / "web" / "assets" / "app.js") << "console.log('chorus')";
    store_ = new fs::path(*dir_ / "test.chorus");
    ASSERT_EQ(RunChorus({"--store", store_->string(), "init"}), 0);
    ASSERT_EQ(RunChorus({"--store", store_->string(), "import",
                         std::string(CHORUS_TEST_DATA_DIR) + "/api/small.json"}),
              0);
    for (auto [name, role] :
         std::vector<std::pair<std::string, std::string>>{{"admin", "administrator"},
                                                          {"handler", "source_handler"},
                                                          {"doc", "documenter"},
                                                          {"case", "caseworker"},
                                                          {"ana", "analyst"},
                                                          {"view", "viewer"},
                                                          {"locked", "viewer"}}) {
      ASSERT_EQ(
          RunChorus({"--store", store_->string(), "user", "add", name, "--role", role}, kPassword),
          0)
          << name;
    }
    server_ = new ServerProcess();
    ASSERT_TRUE(server_->Start(
        *store_, *dir_,
        {"--web-root", (*dir_ / "web").string(), "--body-limit", std::to_string(kBodyLimit),
         "--request-timeout-ms", "1000", "--login-max-failures-per-user", "3",
         "--login-max-failures-per-address", "1000"}));
  }

  static void TearDownTestSuite() {
    if (server_ != nullptr) {
      EXPECT_EQ(server_->Stop(), 0);
      delete server_;
      server_ = nullptr;
    }
    fs::remove_all(*dir_);
    delete store_;
    delete dir_;
  }

 protected:
  static int port() { return server_->port(); }

  static Login LogIn(const std::string& user) {
    Response r = Request(port(), "POST", "/api/login",
                         Json{{"username", user}, {"password", kPassword}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    Login login;
    for (const auto& c : r.set_cookies) {
      if (c.rfind("chorus_session=", 0) == 0) login.cookie = c.substr(0, c.find(';'));
    }
    Json body = ParseJson(r.body);
    if (!body.is_discarded() && body.contains("csrf_token")) {
      login.csrf = body["csrf_token"].get<std::string>();
      login.role = body["user"]["role"].get<std::string>();
    }
    return login;
  }

  static Response Get(const Login& who, const std::string& target) {
    return Request(port(), "GET", target, "", {{"Cookie", who.cookie}});
  }
  static Response Send(const Login& who, const std::string& method, const std::string& target,
                       const std::string& body = "") {
    return Request(port(), method, target, body,
                   {{"Cookie", who.cookie}, {"X-CSRF-Token", who.csrf}});
  }
  static int64_t Total(const Login& who, const std::string& kind) {
    Response r = Get(who, "/api/" + kind + "s?limit=1");
    Json body = ParseJson(r.body);
    return body.is_discarded() ? -1 : body["total"].get<int64_t>();
  }

  static fs::path* dir_;
  static fs::path* store_;
  static ServerProcess* server_;
};

fs::path* ApiTest::dir_ = nullptr;
fs::path* ApiTest::store_ = nullptr;
ServerProcess* ApiTest::server_ = nullptr;

// Every (method, path) of the document, from the served copy, with {id}
// filled in so each path can be requested.
std::vector<std::pair<std::string, std::string>> DocumentRoutes(const std::string& yaml) {
  auto routes = chorus::test_support::OpenApiRoutes(yaml);
  for (auto& route : routes) {
    route.second = std::regex_replace(route.second, std::regex("\\{id\\}"), "evt-x");
  }
  return routes;
}

// ---- sessions ----

TEST_F(ApiTest, LoginSessionLogout) {
  Response r = Request(port(), "POST", "/api/login",
                       Json{{"username", "doc"}, {"password", kPassword}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.set_cookies.size(), 1u);
  const std::string& cookie = r.set_cookies[0];
  EXPECT_THAT(cookie, HasSubstr("HttpOnly"));
  EXPECT_THAT(cookie, HasSubstr("SameSite=Strict"));
  EXPECT_THAT(cookie, HasSubstr("Path=/"));
  EXPECT_THAT(cookie, Not(HasSubstr("Secure")));  // plain HTTP on loopback
  Json body = ParseJson(r.body);
  EXPECT_EQ(body["user"]["name"], "doc");
  EXPECT_EQ(body["user"]["role"], "documenter");
  std::string csrf = body["csrf_token"];
  EXPECT_GE(csrf.size(), 40u);

  Login doc{cookie.substr(0, cookie.find(';')), csrf, "documenter"};
  Response session = Get(doc, "/api/session");
  EXPECT_EQ(session.status, 200);
  EXPECT_EQ(ParseJson(session.body)["csrf_token"], csrf);
  EXPECT_EQ(session.headers["cache-control"], "no-store");

  EXPECT_EQ(Request(port(), "POST", "/api/logout", "", {{"Cookie", doc.cookie}}).status, 403);
  Response out = Send(doc, "POST", "/api/logout");
  EXPECT_EQ(out.status, 204);
  ASSERT_FALSE(out.set_cookies.empty());
  EXPECT_THAT(out.set_cookies[0], HasSubstr("Max-Age=0"));
  Response after = Get(doc, "/api/session");
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(ErrorCode(after), "unauthenticated");
  EXPECT_EQ(Get(doc, "/api/events").status, 401);
}

TEST_F(ApiTest, LoginErrors) {
  Response wrong = Request(port(), "POST", "/api/login",
                           Json{{"username", "doc"}, {"password", "not the password"}}.dump());
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(ErrorCode(wrong), "unauthenticated");
  EXPECT_TRUE(wrong.set_cookies.empty());
  Response nobody = Request(port(), "POST", "/api/login",
                            Json{{"username", "nobody"}, {"password", kPassword}}.dump());
  EXPECT_EQ(nobody.status, 401);
  EXPECT_EQ(ParseJson(nobody.body)["error"]["message"],
            ParseJson(wrong.body)["error"]["message"]);  // no hint which names exist
  EXPECT_EQ(Request(port(), "POST", "/api/login", "{nope").status, 400);
  Response unknown =
      Request(port(), "POST", "/api/login", R"({"username":"doc","password":"x","remember":true})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_THAT(unknown.body, HasSubstr("remember"));
  EXPECT_EQ(Request(port(), "POST", "/api/login", R"({"username":"doc","password":5})").status,
            400);
  EXPECT_EQ(Request(port(), "POST", "/api/login", R"(["doc"])").status, 400);
  EXPECT_EQ(Request(port(), "POST", "/api/login", R"({"username":"doc"})").status, 400);
  EXPECT_EQ(Request(port(), "POST", "/api/login", "username=doc",
                    {{"Content-Type", "application/x-www-form-urlencoded"}})
                .status,
            415);
}

TEST_F(ApiTest, LoginIsRateLimitedPerUser) {
  for (int i = 0; i < 3; ++i) {
    Response r = Request(port(), "POST", "/api/login",
                         Json{{"username", "locked"}, {"password", "wrong password!"}}.dump());
    EXPECT_EQ(r.status, 401);
  }
  // Even the right password is refused now.
  Response limited = Request(port(), "POST", "/api/login",
                             Json{{"username", "locked"}, {"password", kPassword}}.dump());
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(ErrorCode(limited), "resource_exhausted");
  EXPECT_TRUE(limited.set_cookies.empty());
  // Other users are not affected.
  EXPECT_FALSE(LogIn("view").cookie.empty());
}

TEST_F(ApiTest, EveryProtectedRouteNeedsASession) {
  Response doc = Request(port(), "GET", "/api/openapi.yaml");
  ASSERT_EQ(doc.status, 200);
  auto routes = DocumentRoutes(doc.body);
  ASSERT_GT(routes.size(), 60u);
  for (const auto& [method, path] : routes) {
    if (path == "/api/login" || path == "/api/openapi.yaml") continue;
    Response r = Request(port(), method, path, method == "GET" || method == "DELETE" ? "" : "{}");
    EXPECT_EQ(r.status, 401) << method << " " << path;
    EXPECT_EQ(ErrorCode(r), "unauthenticated") << method << " " << path;
  }
  // A forged cookie is no session either.
  EXPECT_EQ(Request(port(), "GET", "/api/events", "", {{"Cookie", "chorus_session=forged"}}).status,
            401);
}

TEST_F(ApiTest, EveryStateChangeNeedsTheCsrfToken) {
  Login admin = LogIn("admin");
  Response doc = Request(port(), "GET", "/api/openapi.yaml");
  int checked = 0;
  for (const auto& [method, path] : DocumentRoutes(doc.body)) {
    if (method == "GET" || path == "/api/login") continue;
    std::string body = method == "DELETE" ? "" : R"({"title":"x"})";
    Response none = Request(port(), method, path, body, {{"Cookie", admin.cookie}});
    EXPECT_EQ(none.status, 403) << method << " " << path;
    EXPECT_EQ(ErrorCode(none), "permission_denied");
    Response wrong = Request(port(), method, path, body,
                             {{"Cookie", admin.cookie}, {"X-CSRF-Token", admin.csrf + "x"}});
    EXPECT_EQ(wrong.status, 403) << method << " " << path;
    ++checked;
  }
  EXPECT_EQ(checked, 1 + 11 * 3 + 10 + 5);  // + casework, + link review
  // A token of another session does not do either.
  Login other = LogIn("admin");
  Response crossed = Request(port(), "DELETE", "/api/events/evt-recall", "",
                             {{"Cookie", admin.cookie}, {"X-CSRF-Token", other.csrf}});
  EXPECT_EQ(crossed.status, 403);
  EXPECT_EQ(Total(admin, "event"), 2);
}

// ---- records ----

TEST_F(ApiTest, ListEveryKind) {
  Login view = LogIn("view");
  std::map<std::string, int> expected = {{"source", 2},     {"report", 2},       {"file", 1},
                                         {"event", 2},      {"act", 1},          {"involvement", 1},
                                         {"person", 2},     {"organization", 2}, {"post", 2},
                                         {"membership", 1}, {"place", 2}};
  for (const auto& kind : kKinds) {
    Response r = Get(view, "/api/" + kind + "s");
    ASSERT_EQ(r.status, 200) << kind << ": " << r.body;
    Json body = ParseJson(r.body);
    EXPECT_EQ(body["total"], expected[kind]) << kind;
    EXPECT_EQ(body["items"].size(), static_cast<size_t>(expected[kind])) << kind;
    EXPECT_TRUE(body["next_cursor"].is_null()) << kind;
    for (const auto& item : body["items"]) EXPECT_EQ(item["kind"], kind);
  }
  Json places = ParseJson(Get(view, "/api/places").body);
  bool has_coordinates = false;
  for (const auto& p : places["items"]) has_coordinates |= p.contains("latitude");
  EXPECT_TRUE(has_coordinates);
}

TEST_F(ApiTest, ListPagesWithCursorAndFiltersWithQ) {
  Login view = LogIn("view");
  Json first = ParseJson(Get(view, "/api/persons?limit=1").body);
  ASSERT_EQ(first["items"].size(), 1u);
  ASSERT_TRUE(first["next_cursor"].is_string());
  Json second = ParseJson(
      Get(view, "/api/persons?limit=1&cursor=" + first["next_cursor"].get<std::string>()).body);
  ASSERT_EQ(second["items"].size(), 1u);
  EXPECT_NE(first["items"][0]["id"], second["items"][0]["id"]);
  if (second["next_cursor"].is_string()) {
    Json third = ParseJson(
        Get(view, "/api/persons?limit=1&cursor=" + second["next_cursor"].get<std::string>()).body);
    EXPECT_EQ(third["items"].size(), 0u);
  }
  Json filtered = ParseJson(Get(view, "/api/events?q=defection").body);
  ASSERT_EQ(filtered["items"].size(), 1u);
  EXPECT_EQ(filtered["items"][0]["id"], "evt-defection");
  EXPECT_EQ(Get(view, "/api/events?limit=0").status, 400);
  EXPECT_EQ(Get(view, "/api/events?limit=abc").status, 400);
  EXPECT_EQ(Get(view, "/api/events?limit=100000").status, 400);
  EXPECT_EQ(Get(view, "/api/events?cursor=%27%3B--").status, 400);
}

TEST_F(ApiTest, GetEveryKindWithReportsClaimsAndReferrers) {
  Login view = LogIn("view");
  std::map<std::string, std::string> ids = {
      {"source", "src-news"},   {"report", "rpt-1"},
      {"file", "file-1"},       {"event", "evt-defection"},
      {"act", "act-escape"},    {"involvement", "inv-1"},
      {"person", "per-kim"},    {"organization", "org-mokran"},
      {"post", "post-manager"}, {"membership", "mem-kim"},
      {"place", "plc-site"}};
  for (const auto& kind : kKinds) {
    Response r = Get(view, "/api/" + kind + "s/" + ids[kind]);
    ASSERT_EQ(r.status, 200) << kind << ": " << r.body;
    Json body = ParseJson(r.body);
    EXPECT_EQ(body["record"]["id"], ids[kind]);
    for (const char* key : {"reports", "claims", "consolidated", "referenced_by"}) {
      EXPECT_TRUE(body[key].is_array()) << kind << " " << key;
    }
  }
  Json event = ParseJson(Get(view, "/api/events/evt-defection").body);
  ASSERT_EQ(event["reports"].size(), 2u);
  EXPECT_EQ(event["reports"][0]["source_pseudonym"], "local source A");
  EXPECT_EQ(event["reports"][0]["source_reliability"], "B");
  EXPECT_GE(event["claims"].size(), 2u);
  bool act_refers = false;
  for (const auto& ref : event["referenced_by"]) {
    if (ref["id"] == "act-escape") {
      act_refers = true;
      EXPECT_EQ(ref["kind"], "act");
      EXPECT_FALSE(ref["label"].get<std::string>().empty());
    }
  }
  EXPECT_TRUE(act_refers);
  Json act = ParseJson(Get(view, "/api/acts/act-escape").body);
  ASSERT_EQ(act["consolidated"].size(), 1u);
  EXPECT_EQ(act["consolidated"][0]["attribute"], "victim_counts");
  EXPECT_EQ(act["consolidated"][0]["claims"], 2);

  Response missing = Get(view, "/api/events/evt-none");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(ErrorCode(missing), "not_found");
  // The right id under the wrong kind is not found either.
  EXPECT_EQ(Get(view, "/api/persons/evt-defection").status, 404);
  EXPECT_EQ(Get(view, "/api/events/bad%20id").status, 404);
}

// A record's view is kept between GETs until the store changes: a change
// through this server, or through another process on the same store, shows
// in the next GET.
TEST_F(ApiTest, ARecordShowsEveryChangeMadeSinceItWasLastShown) {
  Login view = LogIn("view");
  Login doc = LogIn("doc");
  auto referrers = [&] {
    Response r = Get(view, "/api/events/evt-defection");
    EXPECT_EQ(r.status, 200) << r.body;
    Json body = ParseJson(r.body);
    std::set<std::string> ids;
    for (const auto& ref : body["referenced_by"]) ids.insert(ref["id"].get<std::string>());
    return ids;
  };
  std::set<std::string> before = referrers();
  EXPECT_EQ(referrers(), before);
  ASSERT_FALSE(before.count("act-cache-api"));

  Response created = Send(doc, "POST", "/api/acts",
                          R"({"id":"act-cache-api","event":"evt-defection","type":"beating",
                              "reports":["rpt-1"]})");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_TRUE(referrers().count("act-cache-api"));

  fs::path bundle = *dir_ / "cache-cli.json";
  std::ofstream(bundle) << R"({"format": "chorus-bundle", "version": 1, "records": [
      {"kind": "act", "id": "act-cache-cli", "event": "evt-defection", "type": "beating",
       "reports": ["rpt-1"]}]})";
  ASSERT_EQ(RunChorus({"--store", store_->string(), "import", bundle.string()}), 0);
  EXPECT_TRUE(referrers().count("act-cache-cli")) << "a write by another process did not show";

  ASSERT_EQ(Send(doc, "POST", "/api/events",
                 R"({"id":"evt-cache","title":"First title","reports":["rpt-1"]})")
                .status,
            201);
  EXPECT_EQ(ParseJson(Get(view, "/api/events/evt-cache").body)["record"]["title"], "First title");
  ASSERT_EQ(Send(doc, "PUT", "/api/events/evt-cache",
                 R"({"kind":"event","title":"Second title","reports":["rpt-1"]})")
                .status,
            200);
  EXPECT_EQ(ParseJson(Get(view, "/api/events/evt-cache").body)["record"]["title"], "Second title");
  EXPECT_EQ(Send(doc, "DELETE", "/api/events/evt-cache").status, 204);
  EXPECT_EQ(Get(view, "/api/events/evt-cache").status, 404);

  EXPECT_EQ(Send(doc, "DELETE", "/api/acts/act-cache-api").status, 204);
  EXPECT_EQ(Send(doc, "DELETE", "/api/acts/act-cache-cli").status, 204);
  EXPECT_EQ(referrers(), before);
}

TEST_F(ApiTest, CreateUpdateDelete) {
  Login doc = LogIn("doc");
  std::string body = R"({"id":"evt-new","title":"Beating at the dormitory",
      "dates":[{"report":"rpt-1","edtf":"2016-07"}],"places":[{"report":"rpt-1","place":"plc-site"}],
      "reports":["rpt-1"]})";
  Response created = Send(doc, "POST", "/api/events", body);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(ParseJson(created.body)["record"]["kind"], "event");
  EXPECT_EQ(created.headers["location"], "/api/events/evt-new");
  EXPECT_EQ(Get(doc, "/api/events/evt-new").status, 200);

  Response again = Send(doc, "POST", "/api/events", body);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(ErrorCode(again), "already_exists");

  Response generated = Send(doc, "POST", "/api/places",
                            R"({"names":[{"text":"Vladivostok","language":"en"}],"type":"city"})");
  ASSERT_EQ(generated.status, 201) << generated.body;
  std::string place_id = ParseJson(generated.body)["record"]["id"];
  EXPECT_EQ(place_id.rfind("place-", 0), 0u);

  Response updated = Send(
      doc, "PUT", "/api/events/evt-new",
      R"j({"kind":"event","title":"Beating at the dormitory (updated)","reports":["rpt-1"]})j");
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(ParseJson(Get(doc, "/api/events/evt-new").body)["record"]["title"],
            "Beating at the dormitory (updated)");
  EXPECT_EQ(Send(doc, "PUT", "/api/events/evt-absent", R"({"title":"x"})").status, 404);
  EXPECT_EQ(Send(doc, "PUT", "/api/events/evt-new", R"({"id":"evt-other","title":"x"})").status,
            400);

  Response referenced = Send(doc, "DELETE", "/api/places/plc-site");
  EXPECT_EQ(referenced.status, 409);
  EXPECT_EQ(ErrorCode(referenced), "failed_precondition");
  EXPECT_EQ(Send(doc, "DELETE", "/api/events/evt-new").status, 204);
  EXPECT_EQ(Get(doc, "/api/events/evt-new").status, 404);
  EXPECT_EQ(Send(doc, "DELETE", "/api/events/evt-new").status, 404);
  EXPECT_EQ(Send(doc, "DELETE", "/api/places/" + place_id).status, 204);
}

TEST_F(ApiTest, BadBodiesChangeNothing) {
  Login doc = LogIn("doc");
  int64_t before = Total(doc, "act");
  struct Case {
    std::string body;
    std::string expect_in_message;
  };
  std::vector<Case> cases = {
      {"{not json", "not valid JSON"},
      {"[1,2]", "object"},
      {R"({"id":"act-x","event":"evt-defection","type":"escape","colour":"red"})", "colour"},
      {R"({"id":"act-x","event":"evt-defection","type":5})", "type"},
      {R"({"id":"act-x","event":"evt-defection","type":"flying"})", "type"},
      {R"({"id":"act-x","event":"evt-missing","type":"escape"})", "event"},
      {R"({"id":"act-x","event":"evt-defection","type":"escape","reports":["rpt-9"]})", "rpt-9"},
      {R"({"kind":"person","id":"act-x"})", "kind"},
      {R"({"id":"act-x","event":"evt-defection","type":"escape",
          "dates":[{"report":"rpt-1","edtf":"2016-13"}]})",
       "edtf"},
      {R"({"id":"act-x","event":"evt-defection","type":"escape",
          "victim_counts":[{"report":"rpt-1","min":"ten"}]})",
       "min"},
      {"", "body"},
  };
  for (const auto& c : cases) {
    Response r = Send(doc, "POST", "/api/acts", c.body);
    EXPECT_EQ(r.status, 400) << c.body << " -> " << r.body;
    EXPECT_EQ(ErrorCode(r), "invalid_argument") << c.body;
    EXPECT_THAT(ParseJson(r.body)["error"]["message"].get<std::string>(),
                HasSubstr(c.expect_in_message))
        << c.body;
  }
  Response update =
      Send(doc, "PUT", "/api/acts/act-escape", R"({"event":"evt-defection","type":7})");
  EXPECT_EQ(update.status, 400);
  EXPECT_EQ(Total(doc, "act"), before);
  EXPECT_EQ(ParseJson(Get(doc, "/api/acts/act-escape").body)["record"]["type"], "escape");
  EXPECT_EQ(Get(doc, "/api/acts/act-x").status, 404);

  Response text =
      Request(port(), "POST", "/api/acts", "id=act-x",
              {{"Cookie", doc.cookie}, {"X-CSRF-Token", doc.csrf}, {"Content-Type", "text/plain"}});
  EXPECT_EQ(text.status, 415);
}

TEST_F(ApiTest, BodyOverTheLimitIs413) {
  Login doc = LogIn("doc");
  std::string big = R"({"id":"evt-big","title":")" + std::string(kBodyLimit + 10, 'a') + "\"}";
  Response r = Send(doc, "POST", "/api/events", big);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(ErrorCode(r), "payload_too_large");
  EXPECT_EQ(Get(doc, "/api/events/evt-big").status, 404);
}

TEST_F(ApiTest, SlowClientGets408) {
  int fd = Connect(port());
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, "GET /api/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  // The request timeout is 1 s; the rest of the headers never comes.
  Response r = ParseResponse(ReceiveAll(fd, std::chrono::seconds(5)));
  ::close(fd);
  EXPECT_EQ(r.status, 408);
  EXPECT_EQ(ErrorCode(r), "request_timeout");
}

TEST_F(ApiTest, MalformedHttpIs400) {
  int fd = Connect(port());
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, "GET /api/session HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n"));
  Response r = ParseResponse(ReceiveAll(fd, std::chrono::seconds(5)));
  ::close(fd);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorCode(r), "malformed_request");
}

TEST_F(ApiTest, UnknownRoutesAndMethods) {
  Login view = LogIn("view");
  Response widgets = Get(view, "/api/widgets");
  EXPECT_EQ(widgets.status, 404);
  EXPECT_EQ(ErrorCode(widgets), "not_found");
  EXPECT_EQ(Get(view, "/api/events/x/y").status, 404);
  EXPECT_EQ(Get(view, "/api").status, 404);
  EXPECT_EQ(Send(view, "PATCH", "/api/events/evt-defection", "{}").status, 405);
  EXPECT_EQ(Send(view, "DELETE", "/api/events").status, 405);
}

// ---- permissions ----

TEST_F(ApiTest, ReadOnlyRolesCannotWrite) {
  for (const char* user : {"view", "ana", "case"}) {
    Login who = LogIn(user);
    Response r = Send(who, "POST", "/api/events", R"({"id":"evt-ro","title":"x"})");
    EXPECT_EQ(r.status, 403) << user;
    EXPECT_EQ(ErrorCode(r), "permission_denied");
    EXPECT_EQ(Send(who, "DELETE", "/api/events/evt-recall").status, 403) << user;
    EXPECT_EQ(Get(who, "/api/events/evt-recall").status, 200) << user;
  }
}

TEST_F(ApiTest, NoSourceIdentityForRolesWithoutTheRight) {
  for (const char* user : {"view", "doc", "ana", "case", "admin"}) {
    Login who = LogIn(user);
    std::vector<std::string> bodies = {
        Get(who, "/api/sources").body,
        Get(who, "/api/sources/src-a").body,
        Get(who, "/api/sources?q=local").body,
        Get(who, "/api/reports/rpt-1").body,
        Get(who, "/api/search?q=local+source").body,
        Get(who, "/api/reports").body,
    };
    for (const auto& body : bodies) {
      EXPECT_THAT(body, Not(HasSubstr("Zzyzx"))) << user;
      EXPECT_THAT(body, Not(HasSubstr(kSecretContact))) << user;
      EXPECT_THAT(body, Not(HasSubstr("identity"))) << user;
    }
    EXPECT_THAT(bodies[1], HasSubstr("local source A"));
    // The identity is not searchable either (the query itself is echoed).
    EXPECT_TRUE(ParseJson(Get(who, "/api/search?q=Zzyzx").body)["hits"].empty()) << user;
  }
  EXPECT_THAT(Get(LogIn("handler"), "/api/sources/src-a").body, HasSubstr(kSecretName));
}

TEST_F(ApiTest, DocumenterEditsASourceWithoutTouchingItsIdentity) {
  Login doc = LogIn("doc");
  Response with_identity = Send(doc, "POST", "/api/sources",
                                R"({"id":"src-new","pseudonym":"source N","reliability":"C",
                                    "identity":{"name":"Someone"}})");
  EXPECT_EQ(with_identity.status, 403);
  Response updated =
      Send(doc, "PUT", "/api/sources/src-a", R"({"pseudonym":"local source A","reliability":"A"})");
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_THAT(updated.body, Not(HasSubstr("Zzyzx")));
  Json seen = ParseJson(Get(LogIn("handler"), "/api/sources/src-a").body);
  EXPECT_EQ(seen["record"]["reliability"], "A");
  EXPECT_EQ(seen["record"]["identity"]["name"], kSecretName);
  ASSERT_EQ(Send(doc, "PUT", "/api/sources/src-a",
                 R"({"pseudonym":"local source A","reliability":"B",
                     "description":"familiar with the enterprise"})")
                .status,
            200);
}

// ---- search, chain, vocabulary, timeline, documents ----

TEST_F(ApiTest, Search) {
  Login view = LogIn("view");
  Response r = Get(view, "/api/search?q=defection");
  ASSERT_EQ(r.status, 200) << r.body;
  Json body = ParseJson(r.body);
  EXPECT_EQ(body["query"], "defection");
  std::set<std::string> ids;
  for (const auto& hit : body["hits"]) {
    ids.insert(hit["id"].get<std::string>());
    EXPECT_TRUE(hit.contains("kind") && hit.contains("label") && hit.contains("score"));
  }
  EXPECT_TRUE(ids.count("evt-defection"));
  EXPECT_TRUE(ids.count("rpt-2"));
  EXPECT_EQ(body["facets"]["kind"]["event"], 1);
  EXPECT_EQ(body["facets"]["kind"]["report"], 1);

  Json events = ParseJson(Get(view, "/api/search?q=defection&kind=event").body);
  ASSERT_EQ(events["hits"].size(), 1u);
  EXPECT_EQ(events["hits"][0]["id"], "evt-defection");
  EXPECT_EQ(events["facets"]["kind"]["report"], 1);  // facets count every kind

  Json hangul = ParseJson(Get(view, "/api/search?q=%EB%AA%A9%EB%9E%80").body);  // 목란
  ASSERT_FALSE(hangul["hits"].empty());
  EXPECT_EQ(hangul["hits"][0]["id"], "org-mokran");

  EXPECT_EQ(Get(view, "/api/search").status, 400);
  EXPECT_EQ(Get(view, "/api/search?q=").status, 400);
  EXPECT_EQ(Get(view, "/api/search?q=x&kind=widget").status, 400);
  EXPECT_EQ(Get(view, "/api/search?q=x&limit=-1").status, 400);
  EXPECT_EQ(Get(view, "/api/search?q=%ZZ").status, 400);
}

TEST_F(ApiTest, ChainOfCommand) {
  Login view = LogIn("view");
  Response r = Get(view, "/api/chain?org=org-mokran&at=2016-08");
  ASSERT_EQ(r.status, 200) << r.body;
  Json body = ParseJson(r.body);
  EXPECT_EQ(body["organization"], "org-mokran");
  EXPECT_EQ(body["at"], "2016-08");
  ASSERT_EQ(body["superiors"].size(), 1u);
  EXPECT_EQ(body["superiors"][0]["id"], "org-bureau");
  ASSERT_GE(body["posts"].size(), 2u);
  EXPECT_EQ(body["posts"][0]["post"], "post-manager");
  ASSERT_EQ(body["posts"][0]["holders"].size(), 1u);
  EXPECT_EQ(body["posts"][0]["holders"][0]["person"], "per-kim");
  EXPECT_EQ(body["posts"][1]["vacant"], true);
  EXPECT_EQ(Get(view, "/api/chain?org=Mokran&at=2016").status, 200);

  EXPECT_EQ(Get(view, "/api/chain?org=org-mokran").status, 400);
  EXPECT_EQ(Get(view, "/api/chain?at=2016").status, 400);
  Response bad_date = Get(view, "/api/chain?org=org-mokran&at=2016-13");
  EXPECT_EQ(bad_date.status, 400);
  EXPECT_THAT(bad_date.body, HasSubstr("at"));
  EXPECT_EQ(Get(view, "/api/chain?org=org-none&at=2016").status, 404);
}

TEST_F(ApiTest, VocabularyAndTimeline) {
  Login view = LogIn("view");
  Json vocabulary = ParseJson(Get(view, "/api/vocabulary").body);
  bool has_escape = false;
  for (const auto& t : vocabulary["act_types"]) {
    if (t["code"] == "escape") {
      has_escape = true;
      EXPECT_EQ(t["group"], "movement");
      EXPECT_FALSE(t["ko"].get<std::string>().empty());
      EXPECT_FALSE(t["ru"].get<std::string>().empty());
    }
  }
  EXPECT_TRUE(has_escape);
  EXPECT_FALSE(vocabulary["post_roles"].empty());

  Json timeline = ParseJson(Get(view, "/api/timeline").body);
  std::map<std::string, Json> events;
  for (const auto& e : timeline["events"]) events[e["id"].get<std::string>()] = e;
  ASSERT_TRUE(events.count("evt-defection"));
  EXPECT_EQ(events["evt-defection"]["start"], "2016-08-01");
  EXPECT_EQ(events["evt-defection"]["end"], "2016-08-31");
  EXPECT_EQ(events["evt-defection"]["place_ids"], Json::array({"plc-site"}));
  ASSERT_TRUE(events.count("evt-recall"));
  EXPECT_EQ(events["evt-recall"]["start"], "2016-09-01");
  EXPECT_TRUE(events["evt-recall"]["end"].is_null());
}

TEST_F(ApiTest, OpenApiDocumentIsServedWithoutSession) {
  Response r = Request(port(), "GET", "/api/openapi.yaml");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, ReadFile(std::string(CHORUS_SOURCE_DIR) + "/docs/api/openapi.yaml"));
  EXPECT_THAT(r.headers["content-type"], HasSubstr("yaml"));
}

TEST_F(ApiTest, WebUiFilesAndSinglePageRoutes) {
  Response index = Request(port(), "GET", "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_THAT(index.body, HasSubstr("<title>Chorus</title>"));
  EXPECT_THAT(index.headers["content-type"], HasSubstr("text/html"));
  EXPECT_THAT(index.headers["content-security-policy"], HasSubstr("default-src 'self'"));
  Response route = Request(port(), "GET", "/events/evt-defection");
  EXPECT_EQ(route.status, 200);
  EXPECT_THAT(route.body, HasSubstr("<title>Chorus</title>"));
  Response asset = Request(port(), "GET", "/assets/app.js");
  EXPECT_EQ(asset.status, 200);
  EXPECT_THAT(asset.headers["content-type"], HasSubstr("javascript"));
  EXPECT_EQ(Request(port(), "GET", "/assets/missing.js").status, 404);
  EXPECT_EQ(Request(port(), "GET", "/../../etc/passwd").status, 404);
  EXPECT_EQ(Request(port(), "GET", "/%2e%2e/%2e%2e/etc/passwd").status, 404);
  EXPECT_EQ(Request(port(), "POST", "/", "{}").status, 405);
}

TEST_F(ApiTest, KeepAliveServesManyRequestsOnOneConnection) {
  int fd = Connect(port());
  ASSERT_GE(fd, 0);
  std::string one = "GET /api/openapi.yaml HTTP/1.1\r\nHost: x\r\n\r\n";
  ASSERT_TRUE(SendAll(fd, one + one + one.substr(0, one.size() - 2) + "Connection: close\r\n\r\n"));
  std::string raw = ReceiveAll(fd, std::chrono::seconds(5));
  ::close(fd);
  size_t count = 0;
  for (size_t at = raw.find("HTTP/1.1 200"); at != std::string::npos;
       at = raw.find("HTTP/1.1 200", at + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 3u);
}

TEST_F(ApiTest, AccessLogIsOneJsonLinePerRequestWithoutSecrets) {
  Login doc = LogIn("doc");
  Get(doc, "/api/search?q=Petersburg");
  Get(doc, "/api/sources/src-a");
  Get(LogIn("handler"), "/api/sources/src-a");  // opens the sealed identity
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::string log = ReadFile(server_->access_log());
  ASSERT_FALSE(log.empty());
  std::istringstream lines(log);
  std::string line;
  int requests = 0;
  while (std::getline(lines, line)) {
    Json entry = ParseJson(line);
    ASSERT_FALSE(entry.is_discarded()) << line;
    if (entry.contains("status")) {
      ++requests;
      EXPECT_TRUE(entry.contains("route") && entry.contains("duration_ms") &&
                  entry.contains("method") && entry.contains("remote"));
    }
  }
  EXPECT_GE(requests, 5);  // this test's own: two logins, three reads (ctest runs each test alone)
  EXPECT_THAT(log, HasSubstr("\"route\":\"/api/sources/{id}\""));
  EXPECT_THAT(log, HasSubstr("\"user\":\"doc\""));
  for (const std::string& secret :
       {std::string(kPassword), std::string(kSecretName), std::string("Petersburg"),
        std::string("src-a"), doc.csrf, doc.cookie.substr(doc.cookie.find('=') + 1)}) {
    EXPECT_THAT(log, Not(HasSubstr(secret))) << "the log carries: " << secret;
  }
}

// ---- a server of its own: listen policy and SIGTERM ----

TEST_F(ApiTest, RefusesToListenBeyondLoopbackWithoutTls) {
  int code = RunChorus({"--store", store_->string(), "serve", "--listen", "0.0.0.0:0"});
  EXPECT_NE(code, 0);
}

TEST_F(ApiTest, SigtermFinishesTheRequestInFlightThenExits) {
  ServerProcess own;
  fs::path own_dir = *dir_ / "own";
  fs::create_directories(own_dir);
  ASSERT_TRUE(own.Start(*store_, own_dir, {"--request-timeout-ms", "10000"}));
  int idle = Connect(own.port());
  int busy = Connect(own.port());
  ASSERT_GE(idle, 0);
  ASSERT_GE(busy, 0);
  std::string body = Json{{"username", "view"}, {"password", kPassword}}.dump();
  std::string head =
      "POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n";
  // The request is in flight: headers and half the body have arrived.
  ASSERT_TRUE(SendAll(busy, head + body.substr(0, body.size() / 2)));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  own.Signal(SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  // The idle connection is closed at once.
  EXPECT_EQ(ReceiveAll(idle, std::chrono::seconds(3)), "");
  // New connections are refused.
  int late = Connect(own.port());
  EXPECT_LT(late, 0);
  if (late >= 0) ::close(late);
  // The request in flight is answered in full.
  ASSERT_TRUE(SendAll(busy, body.substr(body.size() / 2)));
  Response r = ParseResponse(ReceiveAll(busy, std::chrono::seconds(5)));
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers["connection"], "close");
  ::close(idle);
  ::close(busy);
  int exit_code = -3;
  EXPECT_TRUE(own.Exited(10000, exit_code));
  EXPECT_EQ(exit_code, 0);
  EXPECT_THAT(ReadFile(own_dir / "serve.out"), HasSubstr("stopped"));
}

// Runs a shell command and returns its standard output.
std::string Capture(const std::string& command) {
  std::string out;
  std::FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  ::pclose(pipe);
  return out;
}

TEST_F(ApiTest, TlsServesHttpsWithSecureCookies) {
  if (std::system("command -v openssl >/dev/null && command -v curl >/dev/null") != 0) {
    GTEST_SKIP() << "needs the openssl and curl programs";
  }
  fs::path tls_dir = *dir_ / "tls";
  fs::create_directories(tls_dir);
  std::string cert = (tls_dir / "cert.pem").string();
  std::string key = (tls_dir / "key.pem").string();
  ASSERT_EQ(std::system(("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
                         "-keyout " +
                         key + " -out " + cert + " >/dev/null 2>&1")
                            .c_str()),
            0);
  ServerProcess tls;
  ASSERT_TRUE(tls.StartTls(*store_, tls_dir, {"--tls-cert", cert, "--tls-key", key}));
  std::string url = "https://127.0.0.1:" + std::to_string(tls.port());
  std::string login = Capture("curl -sk -i -H 'Content-Type: application/json' -d '" +
                              Json{{"username", "view"}, {"password", kPassword}}.dump() + "' " +
                              url + "/api/login");
  EXPECT_THAT(login, HasSubstr("HTTP/1.1 200"));
  EXPECT_THAT(login, HasSubstr("HttpOnly; SameSite=Strict; Path=/; Secure"));
  // Plain HTTP to the TLS port gets no answer.
  EXPECT_EQ(Request(tls.port(), "GET", "/api/openapi.yaml").status, 0);
  EXPECT_EQ(tls.Stop(), 0);
}

// ---- the audit log (records/audit.h) over HTTP ----

// The items of a GET /api/audit response; fails the test on non-200.
Json AuditItems(const Response& r) {
  EXPECT_EQ(r.status, 200) << r.body;
  Json body = ParseJson(r.body);
  return body.is_discarded() ? Json::array() : body["items"];
}

std::vector<std::string> AuditActions(const Json& items) {
  std::vector<std::string> out;
  for (const auto& item : items) out.push_back(item["action"].get<std::string>());
  return out;
}

// Each write appends its entry in the write's own transaction: a refused
// write rolls back with its entry.
TEST_F(ApiTest, AuditLogHasEveryWriteAndNoRefusedOne) {
  Login doc = LogIn("doc");
  Login view = LogIn("view");
  ASSERT_EQ(
      Send(doc, "POST", "/api/events", R"({"id":"evt-audit","title":"For the audit"})").status,
      201);
  ASSERT_EQ(Send(doc, "PUT", "/api/events/evt-audit", R"({"id":"evt-audit","title":"A new title"})")
                .status,
            200);
  Response refused = Send(doc, "PUT", "/api/events/evt-audit",
                          R"({"id":"evt-audit","title":"x","reports":["rpt-nope"]})");
  ASSERT_EQ(refused.status, 400) << refused.body;
  ASSERT_EQ(Send(view, "DELETE", "/api/events/evt-audit").status, 403);

  Json history = AuditItems(Get(view, "/api/audit?record=evt-audit"));
  EXPECT_EQ(AuditActions(history), (std::vector<std::string>{"create", "update"}));
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0]["actor"], "doc");
  EXPECT_EQ(history[0]["kind"], "event");
  EXPECT_EQ(history[1]["previous_hash"].get<std::string>().size(), 64u);
  EXPECT_EQ(history[1]["content_hash"].get<std::string>().size(), 64u);
  EXPECT_NE(history[0]["content_hash"], history[1]["content_hash"]);

  ASSERT_EQ(Send(doc, "DELETE", "/api/events/evt-audit").status, 204);
  // The history outlives the record.
  EXPECT_EQ(AuditActions(AuditItems(Get(view, "/api/audit?record=evt-audit"))),
            (std::vector<std::string>{"create", "update", "delete"}));
}

TEST_F(ApiTest, AuditLogHasLoginsAndFailedLogins) {
  Login admin = LogIn("admin");
  auto fail = [](const std::string& user) {
    return Request(port(), "POST", "/api/login",
                   Json{{"username", user}, {"password", "wrong password"}}.dump())
        .status;
  };
  EXPECT_EQ(fail("doc"), 401);
  EXPECT_EQ(fail("nobody-like-this"), 401);
  Json failed = AuditItems(Get(admin, "/api/audit?action=login-failed&limit=1000"));
  ASSERT_GE(failed.size(), 2u);
  EXPECT_EQ(failed[failed.size() - 2]["actor"], "doc");
  EXPECT_THAT(failed[failed.size() - 2]["detail"].get<std::string>(), HasSubstr("from 127.0.0.1"));
  // An unknown name is not kept: it may be a password typed in the wrong box.
  EXPECT_EQ(failed[failed.size() - 1]["actor"], "(unknown user)");
  EXPECT_THAT(Get(admin, "/api/audit?limit=1000").body, Not(HasSubstr("nobody-like-this")));
  EXPECT_FALSE(AuditItems(Get(admin, "/api/audit?action=login&actor=admin")).empty());
}

TEST_F(ApiTest, AuditLogWholeIsForTheAdministratorOnly) {
  Login admin = LogIn("admin");
  Login doc = LogIn("doc");
  EXPECT_EQ(Get(doc, "/api/audit").status, 403);
  EXPECT_EQ(Request(port(), "GET", "/api/audit").status, 401);
  EXPECT_EQ(AuditItems(Get(admin, "/api/audit?limit=5")).size(), 5u);
  EXPECT_EQ(AuditActions(AuditItems(Get(admin, "/api/audit?action=genesis"))),
            (std::vector<std::string>{"genesis"}));
  EXPECT_EQ(Get(admin, "/api/audit?since=yesterday").status, 400);
  EXPECT_EQ(Get(admin, "/api/audit?limit=0").status, 400);
  EXPECT_EQ(Get(doc, "/api/audit?record=has%20space").status, 400);
  // A user's entries are not a record's history for other roles.
  EXPECT_TRUE(AuditItems(Get(doc, "/api/audit?record=admin")).empty());
  EXPECT_FALSE(AuditItems(Get(admin, "/api/audit?record=admin")).empty());
}

TEST_F(ApiTest, AuditLogHasReadsOfSealedIdentitiesByTheRolesThatSeeThem) {
  Login handler = LogIn("handler");
  Login view = LogIn("view");
  const std::string reads_of_a = "/api/audit?record=src-a&action=read-sealed&limit=1000";
  size_t before = AuditItems(Get(handler, reads_of_a)).size();
  ASSERT_THAT(Get(handler, "/api/sources/src-a").body, HasSubstr(kSecretName));
  ASSERT_THAT(Get(handler, "/api/sources").body, HasSubstr(kSecretName));
  Json reads = AuditItems(Get(handler, reads_of_a));
  ASSERT_EQ(reads.size(), before + 2);
  EXPECT_EQ(reads.back()["actor"], "handler");
  // Nothing sealed reaches a viewer, so nothing is logged; a source without
  // an identity is no sealed read either.
  ASSERT_EQ(Get(view, "/api/sources/src-a").status, 200);
  ASSERT_EQ(Get(handler, "/api/sources/src-news").status, 200);
  EXPECT_EQ(AuditItems(Get(handler, reads_of_a)).size(), before + 2);
  EXPECT_TRUE(AuditItems(Get(handler, "/api/audit?record=src-news&action=read-sealed")).empty());
  // A source's content hash covers its identity: hidden from the viewer.
  Json for_handler = AuditItems(Get(handler, "/api/audit?record=src-a"));
  Json for_viewer = AuditItems(Get(view, "/api/audit?record=src-a"));
  ASSERT_EQ(for_handler.size(), for_viewer.size());
  for (size_t i = 0; i < for_viewer.size(); ++i) {
    EXPECT_EQ(for_viewer[i]["content_hash"], "");
    if (for_handler[i]["action"] == "update" || for_handler[i]["action"] == "create") {
      EXPECT_EQ(for_handler[i]["content_hash"].get<std::string>().size(), 64u);
    }
  }
}

TEST_F(ApiTest, AuditLogVerifiesWhileTheServerRuns) {
  Login doc = LogIn("doc");
  ASSERT_EQ(Send(doc, "POST", "/api/events", R"({"id":"evt-chain","title":"x"})").status, 201);
  EXPECT_EQ(RunChorus({"--store", store_->string(), "audit", "verify"}), 0);
}

}  // namespace
}  // namespace chorus::apitest
