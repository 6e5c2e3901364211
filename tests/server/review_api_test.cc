// The link review routes end to end in process: a documenter runs linkage,
// reads the queue, confirms, unmerges, rejects and merges by hand; a viewer
// reads but changes nothing; bad requests change nothing.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "access/users.h"
#include "server/api.h"
#include "server/api_request.h"
#include "server/user_store.h"
#include "support/test_vault.h"

namespace chorus::server {
namespace {

using Json = nlohmann::json;
constexpr const char* kPassword = "a long test password";

class ReviewApiTest : public testing::Test {
 protected:
  void SetUp() override {
    store_.Create();
    ASSERT_FALSE(HasFatalFailure());
    store_.Import("review/duplicates.json");
    for (auto [name, role] : {std::pair{"doc", access::Role::kDocumenter},
                              std::pair{"viewer", access::Role::kViewer}}) {
      auto user = access::MakeUser(name, role, kPassword);
      ASSERT_TRUE(user.ok());
      ASSERT_TRUE(AddUser(store_.vault(), *user, SystemClock().Now(), "test").ok());
    }
    api_ = std::make_unique<Api>(store_.vault(), SystemClock(), ApiOptions{});
  }
  void TearDown() override { api_.reset(); }

  HttpResponse Call(const std::string& user, const std::string& method, const std::string& path,
                    const std::string& body = "",
                    std::vector<std::pair<std::string, std::string>> query = {}) {
    HttpResponse login = api_->Handle(MakeRequest(
        "POST", "/api/login", Json{{"username", user}, {"password", kPassword}}.dump()));
    EXPECT_EQ(login.status, 200) << login.body;
    std::string cookie;
    for (const auto& [header, value] : login.headers) {
      if (header == "Set-Cookie") cookie = value.substr(0, value.find(';'));
    }
    HttpRequest request = MakeRequest(method, path, body);
    request.query = std::move(query);
    request.headers.emplace_back("cookie", cookie);
    request.headers.emplace_back("x-csrf-token",
                                 Json::parse(login.body)["csrf_token"].get<std::string>());
    return api_->Handle(request);
  }
  Json Queue(const std::string& kind) {
    HttpResponse r = Call("doc", "GET", "/api/link-proposals", "", {{"kind", kind}});
    EXPECT_EQ(r.status, 200) << r.body;
    return Json::parse(r.body)["items"];
  }

  test_support::TestVault store_;
  std::unique_ptr<Api> api_;
};

TEST_F(ReviewApiTest, ADocumenterRunsLinkageConfirmsUnmergesAndRejects) {
  HttpResponse run = Call("doc", "POST", "/api/link-proposals", R"({"kind": "person"})");
  ASSERT_EQ(run.status, 200) << run.body;
  EXPECT_EQ(Json::parse(run.body)["added"], 3);
  Json queue = Queue("person");
  ASSERT_EQ(queue.size(), 3u);
  for (const Json& p : queue) {
    EXPECT_FALSE(p["left_label"].get<std::string>().empty());
    EXPECT_EQ(p["fields"][0]["field"], "name");
  }
  const std::string first = queue[0]["id"];
  HttpResponse confirmed = Call("doc", "POST", "/api/link-proposals/" + first + "/confirm");
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  const Json merge = Json::parse(confirmed.body);
  EXPECT_EQ(merge["undone"], false);
  const std::string merged = merge["merged"];
  EXPECT_EQ(Call("doc", "GET", "/api/persons/" + merged).status, 404);
  EXPECT_EQ(Call("doc", "POST", "/api/link-proposals/" + first + "/confirm").status, 409);

  HttpResponse merges = Call("viewer", "GET", "/api/merges");
  ASSERT_EQ(merges.status, 200);
  EXPECT_EQ(Json::parse(merges.body)["items"].size(), 1u);

  HttpResponse undone =
      Call("doc", "POST", "/api/merges/" + merge["id"].get<std::string>() + "/unmerge");
  ASSERT_EQ(undone.status, 200) << undone.body;
  EXPECT_EQ(Json::parse(undone.body)["undone"], true);
  EXPECT_EQ(Call("doc", "GET", "/api/persons/" + merged).status, 200);

  HttpResponse rejected = Call("doc", "POST", "/api/link-proposals/" + first + "/reject");
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  EXPECT_EQ(Json::parse(rejected.body)["status"], "rejected");
  EXPECT_EQ(Queue("person").size(), 2u);
}

TEST_F(ReviewApiTest, MergeByHandAndEventsWork) {
  HttpResponse merged =
      Call("doc", "POST", "/api/merges", R"({"keep": "evt-escape-1", "other": "evt-escape-2"})");
  ASSERT_EQ(merged.status, 201) << merged.body;
  HttpResponse view = Call("doc", "GET", "/api/events/evt-escape-1");
  ASSERT_EQ(view.status, 200);
  EXPECT_EQ(Json::parse(view.body)["corroboration"]["independent_sources"], 2) << view.body;
}

TEST_F(ReviewApiTest, AViewerReadsButChangesNothingAndBadRequestsAreClear) {
  EXPECT_EQ(Call("viewer", "GET", "/api/link-proposals").status, 200);
  EXPECT_EQ(Call("viewer", "POST", "/api/link-proposals", R"({"kind": "person"})").status, 403);
  EXPECT_EQ(
      Call("viewer", "POST", "/api/merges", R"({"keep": "per-kim", "other": "per-pak"})").status,
      403);
  auto expect_400 = [&](const std::string& method, const std::string& path, const std::string& body,
                        const std::string& words,
                        std::vector<std::pair<std::string, std::string>> query = {}) {
    HttpResponse r = Call("doc", method, path, body, std::move(query));
    EXPECT_EQ(r.status, 400) << path << " " << body;
    EXPECT_NE(r.body.find(words), std::string::npos) << r.body;
  };
  expect_400("POST", "/api/link-proposals", R"({"kind": "place"})", "person or event");
  expect_400("POST", "/api/link-proposals", R"({"kind": "person", "threshold": 2})", "[0, 1]");
  expect_400("POST", "/api/link-proposals", R"({"kind": "person", "extra": 1})", "unknown field");
  expect_400("POST", "/api/merges", R"({"keep": "per-kim"})", "'other': is required");
  expect_400("POST", "/api/merges", R"({"keep": "per-kim", "other": "evt-recall"})",
             "different kinds");
  expect_400("GET", "/api/link-proposals", "", "status", {{"status", "maybe"}});
  EXPECT_EQ(
      Call("doc", "POST", "/api/merges", R"({"keep": "per-kim", "other": "per-none"})").status,
      404);
  EXPECT_EQ(Call("doc", "POST", "/api/link-proposals/lp-0000000000000000/reject").status, 404);
  EXPECT_EQ(Call("doc", "POST", "/api/merges/mrg-0000000000000000/unmerge").status, 404);
  HttpResponse merges = Call("doc", "GET", "/api/merges");
  EXPECT_EQ(Json::parse(merges.body)["items"].size(), 0u);
}

}  // namespace
}  // namespace chorus::server
