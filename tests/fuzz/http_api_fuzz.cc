// Fuzz target: the HTTP request path of `chorus serve` without a socket:
// raw bytes through the server's own parser (server::ParseHttpRequest), then
// server::Api::Handle over a real encrypted store holding
// tests/data/api/small.json, with an administrator and a viewer logged in.
//
// The placeholders @SESSION@ / @CSRF@ (administrator) and @VSESSION@ /
// @VCSRF@ (viewer) in the input are replaced by live tokens before parsing,
// so the fuzzer reaches the routes behind the session and CSRF checks.
// Findings besides crashes: a 5xx answer (an unexpected exception or an
// internal error), and a JSON response whose body is not JSON. After every
// request that may change state (any method but GET and HEAD) the store and
// the sessions are put back, so a finding reproduces from its input alone.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "access/users.h"
#include "fuzz/fuzz_support.h"
#include "records/bundle_io.h"
#include "server/api.h"
#include "server/http_server.h"
#include "server/user_store.h"

namespace {

using chorus::server::HttpRequest;
using chorus::server::HttpResponse;

constexpr char kAdminPassword[] = "admin password for fuzzing";
constexpr char kViewerPassword[] = "viewer password for fuzzing";

// Time stands still: sessions never expire, rate-limit windows never move.
class FrozenClock : public chorus::Clock {
 public:
  chorus::Timestamp Now() const override {
    return chorus::Timestamp(std::chrono::milliseconds(1'500'000'000'000));
  }
};

struct LoggedIn {
  std::string session;
  std::string csrf;
};

class Harness {
 public:
  Harness()
      : store_([](chorus::records::Vault& vault) {
          std::ifstream in(CHORUS_SOURCE_DIR "/tests/data/api/small.json", std::ios::binary);
          auto imported = chorus::records::ImportBundles(vault, {{"small.json", &in}});
          chorus::fuzz::CheckSetup(imported.status(), "import small.json");
          AddUser(vault, "admin", chorus::access::Role::kAdministrator, kAdminPassword);
          AddUser(vault, "viewer", chorus::access::Role::kViewer, kViewerPassword);
        }) {
    Reset();
  }

  void Reset() {
    api_.reset();
    store_.Reset();
    api_ =
        std::make_unique<chorus::server::Api>(store_.vault(), clock_, chorus::server::ApiOptions{});
    admin_ = LogIn("admin", kAdminPassword);
    viewer_ = LogIn("viewer", kViewerPassword);
  }

  void Run(std::string_view input) {
    std::string bytes(input);
    Replace(bytes, "@VSESSION@", viewer_.session);
    Replace(bytes, "@VCSRF@", viewer_.csrf);
    Replace(bytes, "@SESSION@", admin_.session);
    Replace(bytes, "@CSRF@", admin_.csrf);
    auto request = chorus::server::ParseHttpRequest(bytes, chorus::server::ServerOptions{});
    if (!request.ok()) {
      const auto code = request.status().code();
      FUZZ_CHECK(code == chorus::StatusCode::kInvalidArgument ||
                     code == chorus::StatusCode::kResourceExhausted,
                 request.status().ToString());
      return;
    }
    request->remote_address = "127.0.0.1";
    const HttpResponse response = api_->Handle(*request);
    if (verbose_) {
      std::fprintf(stderr, "%s %s -> %d %.200s\n", request->method.c_str(), request->target.c_str(),
                   response.status, response.body.c_str());
    }
    FUZZ_CHECK(response.status >= 200 && response.status < 500,
               std::to_string(response.status) + " for " + request->method + " " + request->target +
                   ": " + response.body);
    if (response.content_type == "application/json" && !response.body.empty()) {
      FUZZ_CHECK(nlohmann::json::accept(response.body),
                 "not JSON for " + request->method + " " + request->target);
    }
    if (request->method != "GET" && request->method != "HEAD") Reset();
  }

 private:
  static void AddUser(chorus::records::Vault& vault, std::string_view name,
                      chorus::access::Role role, std::string_view password) {
    auto user = chorus::access::MakeUser(name, role, password);
    chorus::fuzz::CheckSetup(user.status(), "make user");
    chorus::fuzz::CheckSetup(chorus::server::AddUser(vault, *user, FrozenClock().Now()),
                             "add user");
  }

  LoggedIn LogIn(std::string_view name, std::string_view password) {
    HttpRequest request;
    request.method = "POST";
    request.target = request.path = "/api/login";
    request.headers = {{"content-type", "application/json"}};
    request.body = nlohmann::json{{"username", name}, {"password", password}}.dump();
    request.remote_address = "127.0.0.1";
    HttpResponse response = api_->Handle(request);
    if (response.status != 200) {
      chorus::fuzz::CheckSetup(chorus::Status::Internal(response.body), "log in");
    }
    LoggedIn logged_in;
    logged_in.csrf = nlohmann::json::parse(response.body).at("csrf_token").get<std::string>();
    for (const auto& [header, value] : response.headers) {
      if (header != "Set-Cookie") continue;
      const size_t start = value.find('=') + 1;
      logged_in.session = value.substr(start, value.find(';') - start);
    }
    return logged_in;
  }

  static void Replace(std::string& text, std::string_view placeholder, const std::string& value) {
    for (size_t at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + value.size())) {
      text.replace(at, placeholder.size(), value);
    }
  }

  // CHORUS_FUZZ_VERBOSE=1: print each request's answer (to check seeds).
  const bool verbose_ = std::getenv("CHORUS_FUZZ_VERBOSE") != nullptr;
  FrozenClock clock_;
  chorus::fuzz::ScratchStore store_;
  std::unique_ptr<chorus::server::Api> api_;
  LoggedIn admin_;
  LoggedIn viewer_;
};

// A function-local static, so its store is removed at exit.
Harness& TheHarness() {
  static Harness harness;
  return harness;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  setenv("CHORUS_TEST", "1", 1);  // the minimum Argon2id cost for user passwords
  TheHarness();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  TheHarness().Run(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
