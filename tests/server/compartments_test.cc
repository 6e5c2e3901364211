// Compartments end to end over a real encrypted store (issue #4): founding
// by the first holder, grants by holders, revocation by rotation, what the
// store passphrase alone opens (nothing), and what each role gets from the
// API: opened values, the pseudonym, and search over sealed values for
// holders only.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "access/users.h"
#include "casework/casebook.h"
#include "casework/requester_seal.h"
#include "compartments/seal.h"
#include "records/bundle_io.h"
#include "server/api.h"
#include "server/api_request.h"
#include "server/compartment_keys.h"
#include "server/user_store.h"
#include "support/test_vault.h"

namespace chorus::server {
namespace {

using access::Role;
using Json = nlohmann::json;

constexpr const char* kPassword = "a long test password";
constexpr const char* kSourceSecret = "Zzyzx Secretname";
constexpr const char* kAtRiskName = "Quasar Atriskname";

class CompartmentsTest : public testing::Test {
 protected:
  void SetUp() override {
    test_vault_ = std::make_unique<test_support::TestVault>();
    test_vault_->Create();
    ASSERT_FALSE(HasFatalFailure());
    vault_ = &test_vault_->vault();
    // Imported before any user: the identities wait open, under the data key.
    test_vault_->Import("api/small.json");
  }

  Status Add(const std::string& name, Role role) {
    auto user = access::MakeUser(name, role, kPassword);
    if (!user.ok()) return user.status();
    return AddUser(*vault_, *user, SystemClock().Now(), "test");
  }
  access::User Find(const std::string& name) {
    auto reader = vault_->Read();
    auto user = FindUser(**reader, name);
    EXPECT_TRUE(user.ok() && user->has_value()) << name;
    return **user;
  }
  compartments::Keyring KeyringOf(const access::User& user) {
    auto reader = vault_->Read();
    auto keyring = UnlockKeyring(**reader, user, kPassword);
    EXPECT_TRUE(keyring.ok()) << keyring.status().ToString();
    return std::move(*keyring);
  }
  core::Record Stored(const std::string& id) {
    auto reader = vault_->Read();
    auto record = (*reader)->Require(id);
    EXPECT_TRUE(record.ok()) << record.status().ToString();
    return *record;
  }
  // Opens `id` with `keyring`: the identity name or the first name, or "".
  std::string OpenedName(const std::string& id, const compartments::Keyring& keyring) {
    core::Record record = Stored(id);
    auto opened = compartments::OpenRecord(record, keyring);
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    if (!*opened) return "";
    if (auto* s = std::get_if<core::Source>(&record)) return s->identity->name;
    return std::get<core::Person>(record).names.front().text;
  }
  Status Grant(const std::string& holder) {
    compartments::Keyring keyring = KeyringOf(Find(holder));
    auto writer = vault_->Write();
    if (!writer.ok()) return writer.status();
    auto granted = GrantPending(**writer, keyring, SystemClock().Now(), holder);
    if (!granted.ok()) return granted.status();
    return (*writer)->Commit();
  }
  Status NewSource(const std::string& id, const std::string& real_name) {
    core::Source s;
    s.id = id;
    s.pseudonym = "source " + id;
    s.identity = core::SourceIdentity{real_name, "", ""};
    auto writer = vault_->Write();
    if (!writer.ok()) return writer.status();
    CHORUS_RETURN_IF_ERROR((*writer)->Create(s));
    return (*writer)->Commit();
  }

  std::unique_ptr<test_support::TestVault> test_vault_;
  records::Vault* vault_ = nullptr;
};

TEST_F(CompartmentsTest, TheFirstHolderFoundsTheCompartmentAndOpenValuesAreSealed) {
  // Before any holder the values are open (under the data key only).
  EXPECT_TRUE(std::get<core::Source>(Stored("src-a")).identity);
  EXPECT_EQ(std::get<core::Person>(Stored("per-worker")).names.size(), 1u);

  ASSERT_TRUE(Add("admin", Role::kAdministrator).ok());  // holds no compartment
  EXPECT_TRUE(std::get<core::Source>(Stored("src-a")).identity);
  ASSERT_TRUE(Add("handler", Role::kSourceHandler).ok());

  const auto source = std::get<core::Source>(Stored("src-a"));
  EXPECT_FALSE(source.identity);
  ASSERT_TRUE(source.sealed);
  const auto person = std::get<core::Person>(Stored("per-worker"));
  EXPECT_TRUE(person.names.empty());
  EXPECT_TRUE(person.birth_dates.empty());
  ASSERT_TRUE(person.sealed);
  // A person not at risk keeps their names open.
  EXPECT_FALSE(std::get<core::Person>(Stored("per-kim")).names.empty());

  compartments::Keyring handler = KeyringOf(Find("handler"));
  EXPECT_EQ(OpenedName("src-a", handler), kSourceSecret);
  EXPECT_EQ(OpenedName("per-worker", handler), kAtRiskName);
  EXPECT_TRUE(KeyringOf(Find("admin")).empty());

  // New values are sealed as they are written.
  ASSERT_TRUE(NewSource("src-new", "Newly Named").ok());
  EXPECT_FALSE(std::get<core::Source>(Stored("src-new")).identity);
  EXPECT_EQ(OpenedName("src-new", handler), "Newly Named");
}

TEST_F(CompartmentsTest, TheStorePassphraseAloneOpensNoCompartmentKey) {
  ASSERT_TRUE(Add("handler", Role::kSourceHandler).ok());
  compartments::Keyring keyring = KeyringOf(Find("handler"));
  ASSERT_EQ(keyring.size(), 2u);
  // Everything the data key opens: no compartment secret in any document,
  // in hex, base64 or raw.
  auto reader = vault_->Read();
  ASSERT_TRUE(reader.ok());
  for (std::string_view kind : {"user", "compartment", "audit"}) {
    auto documents = (*reader)->ListDocuments(kind);
    ASSERT_TRUE(documents.ok());
    ASSERT_FALSE(documents->empty()) << kind;
    for (const auto& [name, json] : *documents) {
      for (core::Compartment c : {core::Compartment::kSources, core::Compartment::kPeopleAtRisk}) {
        const auto& secret = keyring.Of(c).front()->secret;
        EXPECT_EQ(json.find(secret.view()), std::string::npos) << kind << " " << name;
        EXPECT_EQ(json.find(crypto::ToHex(secret.view())), std::string::npos) << kind << name;
        EXPECT_EQ(json.find(crypto::Base64Encode(secret.view())), std::string::npos) << name;
      }
    }
  }
}

TEST_F(CompartmentsTest, ALaterHolderWaitsForAGrantFromAHolder) {
  ASSERT_TRUE(Add("handler", Role::kSourceHandler).ok());
  ASSERT_TRUE(Add("second", Role::kSourceHandler).ok());
  EXPECT_TRUE(KeyringOf(Find("second")).empty());
  {
    auto reader = vault_->Read();
    auto pending = ListPendingGrants(**reader);
    ASSERT_TRUE(pending.ok());
    ASSERT_EQ(pending->size(), 2u);  // sources and people-at-risk
    EXPECT_EQ(pending->front().user, "second");
  }
  ASSERT_TRUE(Grant("handler").ok());
  compartments::Keyring second = KeyringOf(Find("second"));
  EXPECT_EQ(OpenedName("src-a", second), kSourceSecret);
  EXPECT_EQ(OpenedName("per-worker", second), kAtRiskName);
  auto reader = vault_->Read();
  EXPECT_TRUE(ListPendingGrants(**reader)->empty());
}

TEST_F(CompartmentsTest, ARemovedUsersKeysDoNotOpenWhatIsSealedAfter) {
  ASSERT_TRUE(Add("handler", Role::kSourceHandler).ok());
  ASSERT_TRUE(Add("leaver", Role::kSourceHandler).ok());
  ASSERT_TRUE(Grant("handler").ok());
  // The leaver's stored keys, as a copy of the document would keep them.
  const access::User leaver = Find("leaver");
  compartments::Keyring leaver_keys = KeyringOf(leaver);
  ASSERT_EQ(OpenedName("src-a", leaver_keys), kSourceSecret);

  ASSERT_TRUE(RemoveUser(*vault_, "leaver", "test", SystemClock().Now()).ok());
  {
    auto reader = vault_->Read();
    auto state = (*reader)->GetCompartment(core::Compartment::kSources);
    ASSERT_TRUE(state.ok() && state->has_value());
    EXPECT_EQ((*state)->keys.size(), 2u);  // rotated
  }
  ASSERT_TRUE(NewSource("src-after", "Sealed Afterwards").ok());
  core::Record after = Stored("src-after");
  auto opened = compartments::OpenRecord(after, leaver_keys);
  ASSERT_TRUE(opened.ok());
  EXPECT_FALSE(*opened) << "the removed user's old key opened a value sealed after removal";
  // Even forcing the old secret on the new box fails.
  const auto& sealed = *std::get<core::Source>(after).sealed;
  const auto* old_key = leaver_keys.Of(core::Compartment::kSources).front();
  EXPECT_FALSE(crypto::OpenSealedBox(old_key->key.public_key, old_key->secret,
                                     *crypto::Base64Decode(sealed.box))
                   .ok());
  // The remaining holder opens old and new.
  compartments::Keyring handler = KeyringOf(Find("handler"));
  EXPECT_EQ(OpenedName("src-a", handler), kSourceSecret);
  EXPECT_EQ(OpenedName("src-after", handler), "Sealed Afterwards");
}

TEST_F(CompartmentsTest, ARoleChangeRevokesLikeARemoval) {
  ASSERT_TRUE(Add("handler", Role::kSourceHandler).ok());
  ASSERT_TRUE(Add("mover", Role::kSourceHandler).ok());
  ASSERT_TRUE(Grant("handler").ok());
  access::User mover = Find("mover");
  mover.role = Role::kDocumenter;  // keeps people-at-risk, loses sources
  ASSERT_TRUE(UpdateUser(*vault_, mover, "test", SystemClock().Now()).ok());
  compartments::Keyring keys = KeyringOf(Find("mover"));
  EXPECT_FALSE(keys.Holds(core::Compartment::kSources));
  EXPECT_TRUE(keys.Holds(core::Compartment::kPeopleAtRisk));
  auto reader = vault_->Read();
  EXPECT_EQ((*(*reader)->GetCompartment(core::Compartment::kSources))->keys.size(), 2u);
  EXPECT_EQ((*(*reader)->GetCompartment(core::Compartment::kPeopleAtRisk))->keys.size(), 1u);
}

TEST_F(CompartmentsTest, TheLastHolderCannotBeRemoved) {
  ASSERT_TRUE(Add("handler", Role::kSourceHandler).ok());
  ASSERT_TRUE(Add("waiting", Role::kSourceHandler).ok());  // not granted yet
  Status removed = RemoveUser(*vault_, "handler", "test", SystemClock().Now());
  EXPECT_EQ(removed.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(removed.message().find("keys grant"), std::string::npos) << removed.message();
  EXPECT_EQ(OpenedName("src-a", KeyringOf(Find("handler"))), kSourceSecret);
  auto reader = vault_->Read();
  EXPECT_EQ((*(*reader)->GetCompartment(core::Compartment::kSources))->keys.size(), 1u);
}

TEST_F(CompartmentsTest, TheLastHolderKeepsTheRoleUnlessForced) {
  ASSERT_TRUE(Add("handler", Role::kSourceHandler).ok());
  access::User handler = Find("handler");
  handler.role = Role::kAnalyst;
  Status refused = UpdateUser(*vault_, handler, "test", SystemClock().Now());
  EXPECT_EQ(refused.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(Find("handler").role, Role::kSourceHandler);
  EXPECT_EQ(OpenedName("src-a", KeyringOf(Find("handler"))), kSourceSecret);
  ASSERT_TRUE(UpdateUser(*vault_, handler, "test", SystemClock().Now(), /*force=*/true).ok());
  EXPECT_EQ(Find("handler").role, Role::kAnalyst);
  EXPECT_FALSE(KeyringOf(Find("handler")).Holds(core::Compartment::kSources));
}

TEST_F(CompartmentsTest, ForcedRemovalOfTheLastHolderRetiresTheCompartmentUntilANewHolder) {
  ASSERT_TRUE(Add("handler", Role::kSourceHandler).ok());
  ASSERT_TRUE(RemoveUser(*vault_, "handler", "test", SystemClock().Now(), /*force=*/true).ok());
  // Nobody holds the last key: a new identity waits open, as before founding.
  ASSERT_TRUE(NewSource("src-new", "Waiting Open").ok());
  EXPECT_TRUE(std::get<core::Source>(Stored("src-new")).identity);
  ASSERT_TRUE(Add("successor", Role::kSourceHandler).ok());
  EXPECT_FALSE(std::get<core::Source>(Stored("src-new")).identity);
  compartments::Keyring successor = KeyringOf(Find("successor"));
  EXPECT_EQ(OpenedName("src-new", successor), "Waiting Open");
  // What only the removed holder could open stays sealed.
  EXPECT_EQ(OpenedName("src-a", successor), "");
  // The lost keys are waited for by nobody: a second holder granted the live
  // key lets the successor go without force.
  ASSERT_TRUE(Add("second", Role::kSourceHandler).ok());
  ASSERT_TRUE(Grant("successor").ok());
  {
    auto reader = vault_->Read();
    EXPECT_TRUE(ListPendingGrants(**reader)->empty());
  }
  EXPECT_TRUE(RemoveUser(*vault_, "successor", "test", SystemClock().Now()).ok());
}

TEST_F(CompartmentsTest, ImportRefusesASealedValueUnderAKeyThisStoreLacks) {
  std::istringstream bundle(
      R"({"format":"chorus-bundle","version":1,"records":[{"kind":"source","id":"src-x",)"
      R"("pseudonym":"x","type":"person","reliability":"C","sealed":{"compartment":"sources",)"
      R"("key":"00112233aabbccdd","box":"AAAA"}}]})");
  auto imported = records::ImportBundles(*vault_, {{"other.json", &bundle}});
  ASSERT_FALSE(imported.ok());
  EXPECT_EQ(imported.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(imported.status().message().find("does not have"), std::string::npos)
      << imported.status().message();
}

// ---- through the API ----

class CompartmentsApiTest : public CompartmentsTest {
 protected:
  void SetUp() override {
    CompartmentsTest::SetUp();
    ASSERT_TRUE(Add("handler", Role::kSourceHandler).ok());
    ASSERT_TRUE(Add("documenter", Role::kDocumenter).ok());
    ASSERT_TRUE(Add("caseworker", Role::kCaseworker).ok());
    ASSERT_TRUE(Add("admin", Role::kAdministrator).ok());
    api_ = std::make_unique<Api>(*vault_, SystemClock(), ApiOptions{});
  }
  void TearDown() override { api_.reset(); }
  std::pair<std::string, std::string> LogIn(const std::string& name) {
    HttpResponse r = api_->Handle(MakeRequest(
        "POST", "/api/login", Json{{"username", name}, {"password", kPassword}}.dump()));
    EXPECT_EQ(r.status, 200) << r.body;
    std::string cookie;
    for (const auto& [header, value] : r.headers) {
      if (header == "Set-Cookie") cookie = value.substr(0, value.find(';'));
    }
    return {cookie, Json::parse(r.body)["csrf_token"].get<std::string>()};
  }
  HttpResponse Get(const std::string& user, const std::string& path,
                   std::vector<std::pair<std::string, std::string>> query = {}) {
    auto [cookie, csrf] = LogIn(user);
    HttpRequest request = MakeRequest("GET", path);
    request.query = std::move(query);
    request.headers.emplace_back("cookie", cookie);
    return api_->Handle(request);
  }
  std::unique_ptr<Api> api_;
};

TEST_F(CompartmentsApiTest, HoldersSeeTheValueOthersThePseudonym) {
  HttpResponse handler = Get("handler", "/api/sources/src-a");
  ASSERT_EQ(handler.status, 200) << handler.body;
  EXPECT_NE(handler.body.find(kSourceSecret), std::string::npos);
  HttpResponse documenter = Get("documenter", "/api/sources/src-a");
  ASSERT_EQ(documenter.status, 200);
  EXPECT_EQ(documenter.body.find("Secretname"), std::string::npos);
  EXPECT_NE(documenter.body.find("local source A"), std::string::npos);
  EXPECT_NE(documenter.body.find("\"sealed\""), std::string::npos);

  // The documenter holds people-at-risk, logged in after the handler founded
  // it: granted at the handler's login above.
  HttpResponse person = Get("documenter", "/api/persons/per-worker");
  EXPECT_NE(person.body.find(kAtRiskName), std::string::npos) << person.body;
  // Each report's own claim of the name and birth date shows to the holder.
  Json claims = Json::parse(person.body)["claims"];
  EXPECT_NE(claims.dump().find(kAtRiskName), std::string::npos) << claims.dump();
  EXPECT_NE(claims.dump().find("1990-03-04"), std::string::npos) << claims.dump();
  HttpResponse admin = Get("admin", "/api/persons/per-worker");
  EXPECT_EQ(admin.body.find("Atriskname"), std::string::npos);
  EXPECT_EQ(admin.body.find("1990-03-04"), std::string::npos);
  EXPECT_NE(admin.body.find("worker W"), std::string::npos);
}

TEST_F(CompartmentsApiTest, SearchOverSealedValuesWorksOnlyForHolders) {
  auto hits = [&](const std::string& user, const std::string& q) {
    HttpResponse r = Get(user, "/api/search", {{"q", q}});
    EXPECT_EQ(r.status, 200) << r.body;
    Json body = Json::parse(r.body);
    body.erase("query");
    return body;
  };
  Json handler = hits("handler", "Secretname");
  ASSERT_EQ(handler["hits"].size(), 1u) << handler.dump();
  EXPECT_EQ(handler["hits"][0]["id"], "src-a");
  EXPECT_EQ(handler["hits"][0]["label"], "local source A");
  // A name at risk, by another spelling of it (its phonetic key).
  Json by_name = hits("documenter", "Quasar Atriskname");
  ASSERT_FALSE(by_name["hits"].empty()) << by_name.dump();
  EXPECT_EQ(by_name["hits"][0]["id"], "per-worker");
  // Without the compartment: exactly what a word in no record gives.
  EXPECT_EQ(hits("documenter", "Secretname"), hits("documenter", "Qxwvbnmz"));
  EXPECT_EQ(hits("admin", "Atriskname"), hits("admin", "Qxwvbnmz"));
}

TEST_F(CompartmentsApiTest, ARequesterIsSealedForCaseworkersOnly) {
  casework::Casebook book(*vault_, SystemClock());
  casework::NewCase request;
  request.tier = casework::Tier::kVulnerable;
  request.tier_reason = "passport withheld";
  request.requester_name = "Quokka Requestername";
  request.contact = "signal +7 111";
  auto added = book.Add(access::Actor{"admin", Role::kAdministrator}, request);
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  // Stored sealed: the administrator who took the request cannot read it back.
  {
    auto reader = vault_->Read();
    auto json = (*reader)->GetDocument(casework::kCaseDocumentKind, added->id);
    ASSERT_TRUE(json.ok() && json->has_value());
    EXPECT_EQ((*json)->find("Quokka"), std::string::npos);
  }
  HttpResponse caseworker = Get("caseworker", "/api/cases/" + added->id);
  ASSERT_EQ(caseworker.status, 200) << caseworker.body;
  EXPECT_NE(caseworker.body.find("Quokka Requestername"), std::string::npos);
  HttpResponse admin = Get("admin", "/api/cases/" + added->id);
  ASSERT_EQ(admin.status, 200);
  EXPECT_EQ(admin.body.find("Quokka"), std::string::npos);
  EXPECT_EQ(admin.body.find("signal +7"), std::string::npos);
}

}  // namespace
}  // namespace chorus::server
