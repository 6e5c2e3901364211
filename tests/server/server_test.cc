// Unit tests of server/ below HTTP: the Status -> HTTP mapping, request
// targets, the listen policy, and the OpenAPI document against the route
// table (every registered route is documented, and nothing else is).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "access/users.h"
#include "base/clock.h"
#include "records/vault.h"
#include "server/api.h"
#include "server/errors.h"
#include "server/http.h"
#include "server/http_server.h"
#include "server/listen.h"
#include "server/user_store.h"
#include "store/sqlite/sqlite_store.h"
#include "support/openapi_routes.h"

namespace chorus::server {
namespace {

TEST(Errors, EveryStatusCodeMapsToItsHttpStatus) {
  EXPECT_EQ(HttpStatusOf(StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusOf(StatusCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusOf(StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusOf(StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusOf(StatusCode::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatusOf(StatusCode::kAborted), 409);
  EXPECT_EQ(HttpStatusOf(StatusCode::kFailedPrecondition), 409);
  EXPECT_EQ(HttpStatusOf(StatusCode::kResourceExhausted), 429);
  EXPECT_EQ(HttpStatusOf(StatusCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusOf(StatusCode::kDataLoss), 500);
  EXPECT_EQ(HttpStatusOf(StatusCode::kInternal), 500);
  EXPECT_EQ(ErrorCodeOf(StatusCode::kFailedPrecondition), "failed_precondition");
}

TEST(Errors, BodyIsJsonAndInternalDetailsAreHidden) {
  HttpResponse r = ErrorResponse(Status::NotFound("no event with id 'x'"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"error":{"code":"not_found","message":"no event with id 'x'"}})");
  HttpResponse internal = ErrorResponse(Status::Internal("sqlite: SELECT body FROM records"));
  EXPECT_EQ(internal.status, 500);
  EXPECT_EQ(internal.body.find("SELECT"), std::string::npos);
  HttpResponse loss = ErrorResponse(Status::DataLoss("key 3f2a... failed"));
  EXPECT_EQ(loss.body.find("3f2a"), std::string::npos);
  EXPECT_EQ(TransportErrorResponse(TransportError::kPayloadTooLarge, "big").status, 413);
  EXPECT_EQ(TransportErrorResponse(TransportError::kRequestTimeout, "slow").status, 408);
}

TEST(Http, ParseTargetDecodesPathAndQuery) {
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;
  ASSERT_TRUE(ParseTarget("/api/search?q=%EA%B9%80+chol&kind=person&flag", path, query).ok());
  EXPECT_EQ(path, "/api/search");
  ASSERT_EQ(query.size(), 3u);
  EXPECT_EQ(query[0].second, "김 chol");
  EXPECT_EQ(query[1].first, "kind");
  EXPECT_EQ(query[2].first, "flag");
  EXPECT_FALSE(ParseTarget("/api/x?q=%zz", path, query).ok());
  EXPECT_FALSE(ParseTarget("/api/%00", path, query).ok());
  EXPECT_FALSE(ParseTarget("/api/%4", path, query).ok());
  EXPECT_FALSE(ParseTarget("api", path, query).ok());
  EXPECT_FALSE(ParseTarget("http://example.org/", path, query).ok());
}

TEST(Http, ParseHttpRequestConvertsLikeTheServer) {
  ServerOptions options;
  auto request = ParseHttpRequest(
      "POST /api/search?q=%EA%B9%80 HTTP/1.1\r\nHost: x\r\nX-CSRF-Token: abc\r\n"
      "Content-Length: 4\r\n\r\nbodyEXTRA",
      options);
  ASSERT_TRUE(request.ok()) << request.status().ToString();
  EXPECT_EQ(request->method, "POST");
  EXPECT_EQ(request->path, "/api/search");
  EXPECT_EQ(request->Query("q"), "김");
  EXPECT_EQ(request->Header("x-csrf-token"), "abc");
  EXPECT_EQ(request->body, "body");
  auto chunked = ParseHttpRequest(
      "PUT /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n1\r\nc\r\n0\r\n\r\n",
      options);
  ASSERT_TRUE(chunked.ok()) << chunked.status().ToString();
  EXPECT_EQ(chunked->body, "abc");
}

TEST(Http, ParseHttpRequestRefusesMalformedCutShortAndOversizedRequests) {
  ServerOptions options;
  options.body_limit_bytes = 8;
  options.header_limit_bytes = 64;
  auto code = [&](std::string_view bytes) {
    return ParseHttpRequest(bytes, options).status().code();
  };
  EXPECT_EQ(code(""), StatusCode::kInvalidArgument);
  EXPECT_EQ(code("GET / HTTP/1.1\r\nHost: x\r\n"), StatusCode::kInvalidArgument);
  EXPECT_EQ(code("GET / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab"), StatusCode::kInvalidArgument);
  EXPECT_EQ(code("NOT HTTP\r\n\r\n"), StatusCode::kInvalidArgument);
  EXPECT_EQ(code("GET /api/%zz HTTP/1.1\r\n\r\n"), StatusCode::kInvalidArgument);
  EXPECT_EQ(code("POST / HTTP/1.1\r\nContent-Length: 9\r\n\r\n123456789"),
            StatusCode::kResourceExhausted);
  EXPECT_EQ(code("GET / HTTP/1.1\r\nX: " + std::string(100, 'a') + "\r\n\r\n"),
            StatusCode::kResourceExhausted);
}

TEST(Listen, ParsesAddresses) {
  auto a = ParseListenAddress("127.0.0.1:8080");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 8080);
  auto b = ParseListenAddress("[::1]:0");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->host, "::1");
  EXPECT_EQ(ParseListenAddress("localhost:1")->host, "127.0.0.1");
  EXPECT_FALSE(ParseListenAddress("example.org:80").ok());
  EXPECT_FALSE(ParseListenAddress("127.0.0.1").ok());
  EXPECT_FALSE(ParseListenAddress("127.0.0.1:65536").ok());
  EXPECT_FALSE(ParseListenAddress("::1:80").ok());
}

TEST(Listen, BeyondLoopbackNeedsTls) {
  EXPECT_TRUE(CheckListenPolicy({"127.0.0.1", 80}, false).ok());
  EXPECT_TRUE(CheckListenPolicy({"127.4.5.6", 80}, false).ok());
  EXPECT_TRUE(CheckListenPolicy({"::1", 80}, false).ok());
  EXPECT_EQ(CheckListenPolicy({"0.0.0.0", 80}, false).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(CheckListenPolicy({"192.168.1.2", 80}, false).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(CheckListenPolicy({"::", 80}, false).code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(CheckListenPolicy({"0.0.0.0", 443}, true).ok());
}

TEST(Dates, IsoDate) {
  EXPECT_EQ(IsoDate(0), "1970-01-01");
  EXPECT_EQ(IsoDate(core::DaysFromCivil(2016, 8, 31)), "2016-08-31");
  EXPECT_EQ(IsoDate(core::DaysFromCivil(2000, 2, 29)), "2000-02-29");
  EXPECT_EQ(IsoDate(core::DaysFromCivil(1, 1, 1)), "0001-01-01");
}

// "METHOD path" for every route of an OpenAPI document.
std::set<std::string> DocumentedRoutes(const std::string& yaml) {
  std::set<std::string> routes;
  for (const auto& [method, path] : chorus::test_support::OpenApiRoutes(yaml)) {
    routes.insert(method + " " + path);
  }
  return routes;
}

class ApiFixture : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("chorus-server-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    auto store = store::sqlite::OpenSqliteStore((dir_ / "s.chorus").string(),
                                                store::sqlite::OpenMode::kCreate);
    ASSERT_TRUE(store.ok());
    store_ = std::move(*store);
    ASSERT_TRUE(records::InitializeKeys(*store_, "pass", crypto::KdfParams::Minimum()).ok());
    auto vault = records::Vault::Unlock(*store_, "pass");
    ASSERT_TRUE(vault.ok());
    vault_ = std::make_unique<records::Vault>(std::move(*vault));
    api_ = std::make_unique<Api>(*vault_, SystemClock(), ApiOptions{});
  }
  void TearDown() override {
    api_.reset();
    vault_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<records::Vault> vault_;
  std::unique_ptr<Api> api_;
};

TEST_F(ApiFixture, OpenApiDocumentListsExactlyTheRegisteredRoutes) {
  std::ifstream in(std::string(CHORUS_SOURCE_DIR) + "/docs/api/openapi.yaml");
  std::stringstream text;
  text << in.rdbuf();
  ASSERT_FALSE(text.str().empty());
  EXPECT_EQ(OpenApiDocument(), text.str()) << "the embedded document is stale";
  std::set<std::string> documented = DocumentedRoutes(text.str());
  std::set<std::string> registered;
  for (const auto& route : api_->Routes()) registered.insert(route.method + " " + route.pattern);
  EXPECT_EQ(registered.size(), 9u + 11u * 5u + 16u + 7u);  // + audit, + casework, + review
  for (const auto& r : registered) EXPECT_TRUE(documented.count(r)) << "undocumented: " << r;
  for (const auto& r : documented) EXPECT_TRUE(registered.count(r)) << "not served: " << r;
  EXPECT_TRUE(text.str().rfind("openapi: 3.1", 0) == 0);
}

TEST_F(ApiFixture, UnknownRouteIs404AndWrongMethod405WithoutSession) {
  HttpRequest req;
  req.method = "GET";
  req.path = "/api/widgets";
  HttpResponse r = api_->Handle(req);
  EXPECT_EQ(r.status, 404);
  EXPECT_THAT(r.body, testing::HasSubstr("\"code\":\"not_found\""));
  req.method = "PATCH";
  req.path = "/api/events/x";
  EXPECT_EQ(api_->Handle(req).status, 405);
  req.method = "GET";
  EXPECT_EQ(api_->Handle(req).status, 401);
}

TEST_F(ApiFixture, DeeplyNestedBodyIsRefusedNotACrash) {
  // Found by tests/fuzz/http_api_fuzz.cc: a logged-in user's 400 kB body of
  // nested arrays once overflowed the stack when the record route printed it.
  setenv("CHORUS_TEST", "1", 1);
  auto user = access::MakeUser("admin", access::Role::kAdministrator, "long enough password");
  ASSERT_TRUE(user.ok());
  ASSERT_TRUE(AddUser(*vault_, *user, SystemClock().Now()).ok());
  HttpRequest login;
  login.method = "POST";
  login.path = "/api/login";
  login.headers = {{"content-type", "application/json"}};
  login.body = R"({"username":"admin","password":"long enough password"})";
  HttpResponse session = api_->Handle(login);
  ASSERT_EQ(session.status, 200) << session.body;
  std::string cookie;
  for (const auto& [name, value] : session.headers) {
    if (name == "Set-Cookie") cookie = value.substr(0, value.find(';'));
  }
  ASSERT_FALSE(cookie.empty());
  const std::string csrf_key = "\"csrf_token\":\"";
  const size_t csrf_at = session.body.find(csrf_key) + csrf_key.size();
  const std::string csrf = session.body.substr(csrf_at, session.body.find('"', csrf_at) - csrf_at);

  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  HttpRequest create;
  create.method = "POST";
  create.path = "/api/events";
  create.headers = {
      {"content-type", "application/json"}, {"cookie", cookie}, {"x-csrf-token", csrf}};
  create.body = R"({"kind":"event","id":"evt-deep","title":)" + deep + "}";
  HttpResponse refused = api_->Handle(create);
  EXPECT_EQ(refused.status, 400);
  EXPECT_THAT(refused.body, testing::HasSubstr("deeper than 32 levels"));
  login.body = R"({"username":)" + deep + "}";
  EXPECT_EQ(api_->Handle(login).status, 400);
  // A body within the limit still reaches the route.
  create.body = R"({"kind":"event","id":"evt-flat","title":"Flat"})";
  HttpResponse created = api_->Handle(create);
  EXPECT_EQ(created.status, 201) << created.body;
}

}  // namespace
}  // namespace chorus::server
