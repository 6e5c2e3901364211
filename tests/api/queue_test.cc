// The casework queue across processes, over real HTTP and real `chorus`
// processes: 16 HTTP clients and 4 CLI processes claiming at once (every
// case claimed exactly once, in the designated order, none skipped), and the
// server killed with SIGKILL at random moments during claims and moves, 50
// times (no acknowledged claim or move lost, no case duplicated or
// half-moved, the audit log verifies).
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "api/http_client.h"
#include "api/server_process.h"

namespace chorus::apitest {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// Runs `chorus --store STORE args...` in a shell with the test environment
// (`password_env`: how CHORUS_PASSWORD is set, if at all); returns (exit
// code, stdout + stderr). Standard input is empty, so a prompt reads nothing.
std::pair<int, std::string> RunCaptured(const fs::path& store, const std::string& args,
                                        const std::string& password_env = "CHORUS_PASSWORD='" +
                                                                          std::string(kPassword) +
                                                                          "'") {
  const std::string command = "CHORUS_PASSPHRASE='api test passphrase' " + password_env +
                              " CHORUS_TEST=1 '" + std::string(CHORUS_BINARY) + "' --store '" +
                              store.string() + "' " + args + " 2>&1 </dev/null";
  std::FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

struct Session {
  std::string cookie;
  std::string csrf;
};

Session LogIn(int port, const std::string& user) {
  Response r =
      Request(port, "POST", "/api/login", Json{{"username", user}, {"password", kPassword}}.dump());
  Session s;
  if (r.status != 200) return s;
  for (const auto& c : r.set_cookies) {
    if (c.rfind("chorus_session=", 0) == 0) s.cookie = c.substr(0, c.find(';'));
  }
  s.csrf = Json::parse(r.body)["csrf_token"].get<std::string>();
  return s;
}

Response Post(int port, const Session& s, const std::string& path, const Json& body) {
  return Request(
      port, "POST", path, body.dump(),
      {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}, {"Content-Type", "application/json"}});
}

Response Get(int port, const Session& s, const std::string& path) {
  return Request(port, "GET", path, "", {{"Cookie", s.cookie}});
}

// The ids of the claims in the audit chain, in commit order.
std::vector<std::string> ClaimsInAuditOrder(const fs::path& store) {
  auto [code, out] = RunCaptured(store, "audit log --action case-claim --limit 100000 --json");
  EXPECT_EQ(code, 0) << out;
  std::vector<std::string> ids;
  const std::regex id_re("\"record\": ?\"(case-[0-9a-f]+)\"");
  for (auto it = std::sregex_iterator(out.begin(), out.end(), id_re); it != std::sregex_iterator();
       ++it) {
    ids.push_back((*it)[1]);
  }
  return ids;
}

class QueueTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("chorus-queue-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ = dir_ / "queue.chorus";
  }
  // Creates the store with a lead and four caseworkers.
  void CreateStore() {
    ASSERT_EQ(RunChorus({"--store", store_.string(), "init"}), 0);
    ASSERT_EQ(
        RunChorus({"--store", store_.string(), "user", "add", "lead", "--role", "administrator"},
                  kPassword),
        0);
    for (int i = 0; i < 4; ++i) {
      ASSERT_EQ(RunChorus({"--store", store_.string(), "user", "add", "cw" + std::to_string(i),
                           "--role", "caseworker"},
                          kPassword),
                0);
    }
  }
  void TearDown() override {
    if (server_.pid() > 0) server_.Stop();
    if (second_.pid() > 0) second_.Stop();
    if (!database_.empty()) {
      const std::string drop = "psql -q -d postgres -c 'DROP DATABASE IF EXISTS " + database_ +
                               " WITH (FORCE)' >/dev/null 2>&1";
      EXPECT_EQ(std::system(drop.c_str()), 0);
    }
    fs::remove_all(dir_);
  }

  void StartServer() { ASSERT_TRUE(server_.Start(store_, dir_, {})); }

  // Adds `n` cases over HTTP with mixed tiers and request times.
  void AddCases(const Session& lead, int n) {
    const char* tiers[] = {"immediate", "vulnerable", "standard"};
    for (int i = 0; i < n; ++i) {
      const std::string at = "2026-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10) +
                             "T0" + std::to_string(i % 10) + ":00:00Z";
      Response r = Post(server_.port(), lead, "/api/cases",
                        {{"tier", tiers[i % 3]},
                         {"reason", "request " + std::to_string(i)},
                         {"requested_at", at},
                         {"requester_name", "Requester " + std::to_string(i)}});
      ASSERT_EQ(r.status, 201) << r.body;
    }
  }

  std::vector<std::string> QueueOrder(const Session& s) {
    Response r = Get(server_.port(), s, "/api/queue?limit=500");
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> ids;
    const Json body = Json::parse(r.body);
    for (const auto& item : body["items"]) ids.push_back(item["id"]);
    return ids;
  }

  fs::path dir_;
  fs::path store_;  // a file, or a libpq "dbname=..." for PostgreSQL
  std::string database_;
  ServerProcess server_;
  ServerProcess second_;
};

TEST_F(QueueTest, SixteenHttpClientsClaimEveryCaseOnceInOrder) {
  CreateStore();
  StartServer();
  const Session lead = LogIn(server_.port(), "lead");
  AddCases(lead, 160);
  const std::vector<std::string> order = QueueOrder(lead);
  ASSERT_EQ(order.size(), 160u);

  std::mutex mu;
  std::vector<std::string> claimed;
  std::atomic<int> failures{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 16; ++c) {
    clients.emplace_back([&, c] {
      const Session me = LogIn(server_.port(), "cw" + std::to_string(c % 4));
      while (true) {
        Response r = Post(server_.port(), me, "/api/queue/claim", Json::object());
        if (r.status == 404) return;
        if (r.status != 200) {
          ++failures;
          if (r.status == 503) continue;  // busy: try again
          return;
        }
        std::lock_guard lock(mu);
        claimed.push_back(Json::parse(r.body)["id"]);
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(failures.load(), 0);
  std::set<std::string> unique(claimed.begin(), claimed.end());
  EXPECT_EQ(claimed.size(), 160u);
  EXPECT_EQ(unique.size(), 160u) << "a case was claimed twice";
  EXPECT_EQ(ClaimsInAuditOrder(store_), order) << "claims did not follow the designated order";
  EXPECT_EQ(server_.Stop(), 0);
  auto [code, out] = RunCaptured(store_, "audit verify");
  EXPECT_EQ(code, 0) << out;
}

TEST_F(QueueTest, FourCliProcessesClaimEveryCaseOnceInOrder) {
  CreateStore();
  StartServer();
  const Session lead = LogIn(server_.port(), "lead");
  AddCases(lead, 60);
  const std::vector<std::string> order = QueueOrder(lead);
  ASSERT_EQ(server_.Stop(), 0);

  std::vector<std::thread> processes;
  std::vector<std::string> outputs(4);
  for (int p = 0; p < 4; ++p) {
    processes.emplace_back([&, p] {
      const std::string args = "queue claim --as cw" + std::to_string(p) + " --json";
      while (true) {
        auto [code, out] = RunCaptured(store_, args);
        if (code != 0) {
          if (out.find("the queue is empty") != std::string::npos) return;
          if (out.find("busy") != std::string::npos) continue;
          ADD_FAILURE() << out;
          return;
        }
        outputs[static_cast<size_t>(p)] += out;
      }
    });
  }
  for (auto& t : processes) t.join();
  std::vector<std::string> claimed;
  const std::regex id_re("\"id\": \"(case-[0-9a-f]+)\"");
  for (const auto& out : outputs) {
    for (auto it = std::sregex_iterator(out.begin(), out.end(), id_re);
         it != std::sregex_iterator(); ++it) {
      claimed.push_back((*it)[1]);
    }
  }
  std::set<std::string> unique(claimed.begin(), claimed.end());
  EXPECT_EQ(claimed.size(), 60u);
  EXPECT_EQ(unique.size(), 60u) << "a case was claimed twice";
  EXPECT_EQ(ClaimsInAuditOrder(store_), order);
}

TEST_F(QueueTest, AClaimInAUsersNameNeedsTheirPassword) {
  CreateStore();
  StartServer();
  const Session lead = LogIn(server_.port(), "lead");
  AddCases(lead, 2);
  ASSERT_EQ(server_.Stop(), 0);
  // The store passphrase alone does not make its holder a caseworker: the
  // audit log would name cw0 for a claim cw0 never made.
  auto run = [&](const std::string& password_env) {
    return RunCaptured(store_, "queue claim --as cw0", password_env);
  };
  auto [wrong_code, wrong] = run("CHORUS_PASSWORD='not the password'");
  EXPECT_NE(wrong_code, 0);
  EXPECT_NE(wrong.find("wrong password for user 'cw0'"), std::string::npos) << wrong;
  auto [none_code, none] = run("");
  EXPECT_NE(none_code, 0) << none;
  EXPECT_TRUE(ClaimsInAuditOrder(store_).empty());
  auto [code, out] = run("CHORUS_PASSWORD='" + std::string(kPassword) + "'");
  EXPECT_EQ(code, 0) << out;
  EXPECT_EQ(ClaimsInAuditOrder(store_).size(), 1u);
}

TEST_F(QueueTest, TwoServersOnOnePostgresStoreClaimEveryCaseOnceInOrder) {
  if (std::getenv("PGHOST") == nullptr) {
    GTEST_SKIP() << "PGHOST is not set: make test starts a PostgreSQL cluster for this test";
  }
  database_ = "chorus_queue_" + std::to_string(::getpid());
  store_ = "dbname=" + database_;
  CreateStore();
  StartServer();
  fs::create_directories(dir_ / "second");
  ASSERT_TRUE(second_.Start(store_, dir_ / "second", {}));
  const Session lead = LogIn(server_.port(), "lead");
  AddCases(lead, 120);
  const std::vector<std::string> order = QueueOrder(lead);
  ASSERT_EQ(order.size(), 120u);

  std::mutex mu;
  std::vector<std::string> claimed;
  std::atomic<int> failures{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 16; ++c) {
    // Half the clients on each server.
    const int port = c % 2 == 0 ? server_.port() : second_.port();
    clients.emplace_back([&, c, port] {
      const Session me = LogIn(port, "cw" + std::to_string(c % 4));
      while (true) {
        Response r = Post(port, me, "/api/queue/claim", Json::object());
        if (r.status == 404) return;
        if (r.status != 200) {
          ++failures;
          if (r.status == 503) continue;
          ADD_FAILURE() << r.status << " " << r.body;
          return;
        }
        std::lock_guard lock(mu);
        claimed.push_back(Json::parse(r.body)["id"]);
      }
    });
  }
  for (auto& t : clients) t.join();
  std::set<std::string> unique(claimed.begin(), claimed.end());
  EXPECT_EQ(claimed.size(), 120u);
  EXPECT_EQ(unique.size(), 120u) << "a case was claimed twice";
  EXPECT_EQ(ClaimsInAuditOrder(store_), order) << "claims did not follow the designated order";
  EXPECT_EQ(failures.load(), 0);
}

const std::map<std::string, int> kStageRank = {{"requested", 0}, {"verified", 1},
                                               {"sheltered", 2}, {"in_transfer", 3},
                                               {"resettled", 4}, {"closed", 5}};

TEST_F(QueueTest, KilledServerLosesNoAcknowledgedClaimOrMove) {
  CreateStore();
  StartServer();
  {
    const Session lead = LogIn(server_.port(), "lead");
    AddCases(lead, 150);
  }
  // What the server acknowledged: case -> (assignee, lowest stage reached).
  std::map<std::string, std::pair<std::string, std::string>> acknowledged;
  std::mt19937 rng(42);
  for (int round = 0; round < 50; ++round) {
    if (round > 0) StartServer();
    const int port = server_.port();
    std::atomic<bool> stop{false};
    std::mutex mu;
    std::vector<std::thread> workers;
    for (int w = 0; w < 2; ++w) {
      workers.emplace_back([&, w] {
        const std::string user = "cw" + std::to_string(w);
        const Session me = LogIn(port, user);
        if (me.cookie.empty()) return;
        while (!stop) {
          Response r = Post(port, me, "/api/queue/claim", Json::object());
          if (r.status != 200) return;
          const std::string id = Json::parse(r.body)["id"];
          {
            std::lock_guard lock(mu);
            acknowledged[id] = {user, "requested"};
          }
          for (const char* to : {"verified", "sheltered"}) {
            Response m = Post(port, me, "/api/cases/" + id + "/moves",
                              {{"to", to}, {"note", "round " + std::to_string(round)}});
            if (m.status != 200) return;
            std::lock_guard lock(mu);
            acknowledged[id].second = to;
          }
        }
      });
    }
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution<>(5, 60)(rng)));
    server_.Signal(SIGKILL);
    int code = 0;
    ASSERT_TRUE(server_.Exited(5000, code));
    stop = true;
    for (auto& t : workers) t.join();

    // Restart and check every invariant.
    StartServer();
    const Session lead = LogIn(server_.port(), "lead");
    Response board = Get(server_.port(), lead, "/api/cases");
    ASSERT_EQ(board.status, 200);
    std::set<std::string> ids;
    std::set<std::string> should_wait;
    const Json cases = Json::parse(board.body);
    for (const auto& c : cases["items"]) {
      const std::string id = c["id"];
      EXPECT_TRUE(ids.insert(id).second) << "duplicated " << id;
      const std::string stage = c["stage"];
      const std::string assignee = c["assignee"];
      if (stage != "requested") {
        EXPECT_FALSE(assignee.empty()) << id << " moved by nobody";
      }
      if (stage == "requested" && assignee.empty()) should_wait.insert(id);
      if (auto it = acknowledged.find(id); it != acknowledged.end()) {
        EXPECT_EQ(assignee, it->second.first) << "acknowledged claim of " << id << " lost";
        EXPECT_GE(kStageRank.at(stage), kStageRank.at(it->second.second))
            << "acknowledged move of " << id << " lost (round " << round << ")";
      }
    }
    EXPECT_EQ(ids.size(), 150u) << "a case was lost";
    const std::vector<std::string> queue = QueueOrder(lead);
    EXPECT_EQ(std::set<std::string>(queue.begin(), queue.end()), should_wait)
        << "the queue index disagrees with the cases (round " << round << ")";
    server_.Signal(SIGKILL);
    ASSERT_TRUE(server_.Exited(5000, code));
    if (HasFailure()) break;
  }
  auto [code, out] = RunCaptured(store_, "audit verify");
  EXPECT_EQ(code, 0) << out;
  EXPECT_GT(acknowledged.size(), 0u);
}

}  // namespace
}  // namespace chorus::apitest
