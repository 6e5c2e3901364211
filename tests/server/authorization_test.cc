// The generated authorization test of issue #4: every route the API
// registers × every role (and no session) against the one authorization
// table (access/policy.h), and no sealed value in any response body of a
// role without the key. Runs the Api in process over a real encrypted store.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "access/users.h"
#include "casework/casebook.h"
#include "records/bundle_io.h"
#include "server/api.h"
#include "server/api_request.h"
#include "server/user_store.h"
#include "store/sqlite/sqlite_store.h"

namespace chorus::server {
namespace {

using access::Permission;
using access::Role;
using Json = nlohmann::json;

// Sealed in tests/data/api/small.json (src-a's identity) and in the case.
constexpr const char* kSourceSecret = "Zzyzx Secretname";
constexpr const char* kSourceContact = "+7 000 000 0000";
constexpr const char* kRequesterSecret = "Quokka Requestername";
constexpr const char* kRequesterPlace = "dormitory 7 behind the market";
constexpr const char* kAtRiskName = "Atriskname";

// One existing id of each record kind in small.json.
const std::map<core::RecordKind, std::string> kIdOfKind = {
    {core::RecordKind::kSource, "src-a"},      {core::RecordKind::kReport, "rpt-1"},
    {core::RecordKind::kFile, "file-1"},       {core::RecordKind::kEvent, "evt-recall"},
    {core::RecordKind::kAct, "act-escape"},    {core::RecordKind::kInvolvement, "inv-1"},
    {core::RecordKind::kPerson, "per-kim"},    {core::RecordKind::kOrganization, "org-mokran"},
    {core::RecordKind::kPost, "post-manager"}, {core::RecordKind::kMembership, "mem-kim"},
    {core::RecordKind::kPlace, "plc-site"},
};

class AuthorizationTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("chorus-authz-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    auto store = store::sqlite::OpenSqliteStore((dir_ / "s.chorus").string(),
                                                store::sqlite::OpenMode::kCreate);
    ASSERT_TRUE(store.ok());
    store_ = std::move(*store);
    ASSERT_TRUE(records::InitializeKeys(*store_, "pass", crypto::KdfParams::Minimum()).ok());
    auto vault = records::Vault::Unlock(*store_, "pass");
    ASSERT_TRUE(vault.ok());
    vault_ = std::make_unique<records::Vault>(std::move(*vault));
    std::ifstream bundle(std::string(CHORUS_TEST_DATA_DIR) + "/api/small.json");
    auto imported = records::ImportBundles(*vault_, {{"small.json", &bundle}});
    ASSERT_TRUE(imported.ok()) << imported.status().ToString();
    for (Role role : access::AllRoles()) {
      auto user =
          access::MakeUser(std::string(access::RoleName(role)), role, "a long test password");
      ASSERT_TRUE(user.ok());
      ASSERT_TRUE(AddUser(*vault_, *user, SystemClock().Now()).ok());
    }
    casework::Casebook book(*vault_, SystemClock());
    casework::NewCase request;
    request.tier = casework::Tier::kVulnerable;
    request.tier_reason = "passport withheld";
    request.requester_name = kRequesterSecret;
    request.location = kRequesterPlace;
    auto c = book.Add(access::Actor{"setup", Role::kAdministrator}, request);
    ASSERT_TRUE(c.ok());
    case_id_ = c->id;
    api_ = std::make_unique<Api>(*vault_, SystemClock(), ApiOptions{});
  }
  void TearDown() override {
    api_.reset();
    vault_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  struct Login {
    std::string cookie;
    std::string csrf;
  };
  Login LogIn(Role role) {
    HttpResponse r =
        api_->Handle(MakeRequest("POST", "/api/login",
                                 Json{{"username", std::string(access::RoleName(role))},
                                      {"password", "a long test password"}}
                                     .dump()));
    EXPECT_EQ(r.status, 200) << r.body;
    Login login;
    for (const auto& [name, value] : r.headers) {
      if (name == "Set-Cookie" && value.rfind("chorus_session=", 0) == 0) {
        login.cookie = value.substr(0, value.find(';'));
      }
    }
    login.csrf = Json::parse(r.body)["csrf_token"].get<std::string>();
    return login;
  }

  // The route's pattern with its parameters filled in with existing ids.
  std::string PathOf(const RouteSpec& route) const {
    std::string path = route.pattern;
    auto fill = [&](const std::string& name, const std::string& value) {
      if (auto at = path.find(name); at != std::string::npos) path.replace(at, name.size(), value);
    };
    const bool is_case = path.rfind("/api/cases/", 0) == 0;
    fill("{id}", is_case ? case_id_ : (route.kind ? kIdOfKind.at(*route.kind) : "x"));
    fill("{referral}", "ref-1");
    return path;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<records::Vault> vault_;
  std::unique_ptr<Api> api_;
  std::string case_id_;
};

TEST_F(AuthorizationTest, EveryRouteTimesEveryRoleFollowsThePolicyTable) {
  std::map<Role, Login> logins;
  for (Role role : access::AllRoles()) logins[role] = LogIn(role);
  int checked = 0;
  for (const RouteSpec& route : api_->Routes()) {
    if (route.pattern == "/api/login" || route.pattern == "/api/logout") continue;
    const std::string path = PathOf(route);
    const bool has_body = route.method == "POST" || route.method == "PUT";
    HttpRequest request = MakeRequest(route.method, path, has_body ? "{}" : "");
    // A query that makes the route do its work.
    if (route.pattern == "/api/search") request.query = {{"q", "worksite"}};
    if (route.pattern == "/api/audit") request.query = {{"record", "evt-recall"}};
    if (route.pattern == "/api/chain") request.query = {{"org", "org-mokran"}};

    // No session: 401 wherever one is needed.
    HttpResponse anonymous = api_->Handle(request);
    if (route.needs_session) {
      EXPECT_EQ(anonymous.status, 401) << route.method << " " << route.pattern;
    }
    ++checked;
    for (Role role : access::AllRoles()) {
      HttpRequest as_role = request;
      as_role.headers.emplace_back("cookie", logins[role].cookie);
      as_role.headers.emplace_back("x-csrf-token", logins[role].csrf);
      HttpResponse r = api_->Handle(as_role);
      const bool allowed =
          !route.permission || (route.kind ? access::IsAllowed(role, *route.permission, *route.kind)
                                           : access::IsAllowed(role, *route.permission));
      const std::string where = route.method + " " + path + " as " +
                                std::string(access::RoleName(role)) + ": " +
                                std::to_string(r.status) + " " + r.body.substr(0, 200);
      if (allowed) {
        EXPECT_NE(r.status, 403) << where;
        EXPECT_NE(r.status, 401) << where;
      } else {
        EXPECT_EQ(r.status, 403) << where;
        EXPECT_NE(r.body.find("permission_denied"), std::string::npos) << where;
      }
      // Sealed values never reach a role without the key.
      if (!access::HoldsCompartment(role, core::Compartment::kSources)) {
        EXPECT_EQ(r.body.find(kSourceSecret), std::string::npos) << where;
        EXPECT_EQ(r.body.find(kSourceContact), std::string::npos) << where;
      }
      if (!access::HoldsCompartment(role, core::Compartment::kPeopleAtRisk)) {
        EXPECT_EQ(r.body.find(kAtRiskName), std::string::npos) << where;
      }
      if (!access::HoldsCompartment(role, core::Compartment::kRequesters)) {
        EXPECT_EQ(r.body.find(kRequesterSecret), std::string::npos) << where;
        EXPECT_EQ(r.body.find(kRequesterPlace), std::string::npos) << where;
      }
      ++checked;
    }
  }
  // Every route of the table was walked (login/logout aside).
  EXPECT_EQ(checked, static_cast<int>(api_->Routes().size() - 2) *
                         (1 + static_cast<int>(access::AllRoles().size())));
  std::cout << "routes x roles checked: " << checked << "\n";
}

TEST_F(AuthorizationTest, EveryRouteThatNeedsASessionDeclaresItsPermission) {
  for (const RouteSpec& route : api_->Routes()) {
    if (!route.needs_session || route.pattern == "/api/logout" || route.pattern == "/api/session") {
      continue;
    }
    EXPECT_TRUE(route.permission) << route.method << " " << route.pattern
                                  << " decides on its own: declare its permission";
    // An independent check of the declarations: a state change never
    // passes with a read permission.
    if (route.permission && route.method != "GET") {
      EXPECT_NE(*route.permission, Permission::kReadRecords)
          << route.method << " " << route.pattern;
      EXPECT_NE(*route.permission, Permission::kReadCases) << route.method << " " << route.pattern;
    }
  }
}

TEST_F(AuthorizationTest, RolesWithTheKeySeeTheSealedValues) {
  // The converse, so the checks above cannot pass by never showing anything.
  const Login handler = LogIn(Role::kSourceHandler);
  HttpRequest source = MakeRequest("GET", "/api/sources/src-a");
  source.headers = {{"cookie", handler.cookie}};
  EXPECT_NE(api_->Handle(source).body.find(kSourceSecret), std::string::npos);
  const Login caseworker = LogIn(Role::kCaseworker);
  HttpRequest a_case = MakeRequest("GET", "/api/cases/" + case_id_);
  a_case.headers = {{"cookie", caseworker.cookie}};
  EXPECT_NE(api_->Handle(a_case).body.find(kRequesterSecret), std::string::npos);
}

}  // namespace
}  // namespace chorus::server
