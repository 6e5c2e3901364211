// queue_bench: the casework queue on the embedded (SQLite) store.
//   1. a fresh encrypted store with --open N open cases (random tiers and
//      request times over a year), added in batches;
//   2. --ops claims (ClaimNext, one durable transaction each), then as many
//      stage moves (requested -> verified) of the claimed cases;
//   3. --lists listings of the first 100 of the queue, p50/p99 latency;
//   4. in the same run, the physical limit: bare SQLite durable commits of a
//      one-row update with the store's settings (WAL, synchronous=FULL).
// Usage: queue_bench [--open 100000] [--ops 2000] [--lists 1000] [--dir D]
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "casework/casebook.h"
#include "store/sqlite/sqlite_store.h"

namespace {

using namespace chorus;
using Stopwatch = std::chrono::steady_clock;

double Seconds(Stopwatch::time_point a, Stopwatch::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

void Die(const Status& s, const char* what) {
  std::fprintf(stderr, "%s: %s\n", what, s.ToString().c_str());
  std::exit(1);
}

// Durable one-row update commits per second, with the store's settings.
double BareCommitsPerSecond(const std::string& path, int commits) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db,
               "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
               "CREATE TABLE t(k INTEGER PRIMARY KEY, v BLOB); INSERT INTO t VALUES(1, x'00');",
               nullptr, nullptr, nullptr);
  sqlite3_stmt* update = nullptr;
  sqlite3_prepare_v2(db, "UPDATE t SET v = ?1 WHERE k = 1", -1, &update, nullptr);
  std::string blob(600, 'x');  // about a sealed case document
  const auto start = Stopwatch::now();
  for (int i = 0; i < commits; ++i) {
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    blob[static_cast<size_t>(i) % blob.size()] = static_cast<char>('a' + i % 26);
    sqlite3_bind_blob(update, 1, blob.data(), static_cast<int>(blob.size()), SQLITE_STATIC);
    sqlite3_step(update);
    sqlite3_reset(update);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  }
  const double s = Seconds(start, Stopwatch::now());
  sqlite3_finalize(update);
  sqlite3_close(db);
  return commits / s;
}

}  // namespace

int main(int argc, char** argv) {
  size_t open_cases = 100000;
  int ops = 2000;
  int lists = 1000;
  std::string dir = std::filesystem::temp_directory_path() / "chorus-queue-bench";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--open")) open_cases = std::stoul(argv[i + 1]);
    if (!std::strcmp(argv[i], "--ops")) ops = std::stoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--lists")) lists = std::stoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--dir")) dir = argv[i + 1];
  }
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);

  auto store =
      store::sqlite::OpenSqliteStore(dir + "/queue.chorus", store::sqlite::OpenMode::kCreate);
  if (!store.ok()) Die(store.status(), "open");
  if (Status s = records::InitializeKeys(**store, "bench", crypto::KdfParams::Minimum()); !s.ok()) {
    Die(s, "keys");
  }
  auto vault = records::Vault::Unlock(**store, "bench");
  if (!vault.ok()) Die(vault.status(), "unlock");
  casework::Casebook book(*vault, SystemClock());
  const access::Actor lead{"lead", access::Role::kAdministrator};
  const access::Actor worker{"kim", access::Role::kCaseworker};

  // 1. the open cases
  std::mt19937_64 rng(1);
  const Timestamp now = SystemClock().Now();
  std::uniform_int_distribution<int64_t> age_ms(0, int64_t{365} * 24 * 3600 * 1000);
  std::uniform_int_distribution<int> tier(0, 2);
  const auto fill_start = Stopwatch::now();
  for (size_t done = 0; done < open_cases;) {
    std::vector<casework::NewCase> batch;
    for (size_t i = 0; i < 5000 && done < open_cases; ++i, ++done) {
      casework::NewCase c;
      c.tier = static_cast<casework::Tier>(tier(rng));
      c.tier_reason = "asked for help through a partner";
      c.requested_at = now - std::chrono::milliseconds(age_ms(rng));
      c.requester_name = "Requester " + std::to_string(done);
      c.location = "a dormitory";
      batch.push_back(std::move(c));
    }
    if (auto added = book.AddMany(lead, batch); !added.ok()) Die(added.status(), "add");
    std::fprintf(stderr, "\radded %zu / %zu open cases", done, open_cases);
  }
  std::fprintf(stderr, "\n");
  std::printf("store: %zu open cases added in %.1f s\n", open_cases,
              Seconds(fill_start, Stopwatch::now()));

  // 3 (first, on the full queue). listing the first 100
  std::vector<double> list_ms;
  for (int i = 0; i < lists; ++i) {
    const auto t0 = Stopwatch::now();
    auto head = book.Queue(worker, 100);
    list_ms.push_back(Seconds(t0, Stopwatch::now()) * 1000);
    if (!head.ok() || head->size() != std::min<size_t>(100, open_cases)) {
      Die(head.ok() ? Status::Internal("short queue") : head.status(), "list");
    }
  }

  // 2. claims, then moves
  std::vector<std::string> claimed;
  auto t0 = Stopwatch::now();
  for (int i = 0; i < ops; ++i) {
    auto c = book.ClaimNext(worker);
    if (!c.ok()) Die(c.status(), "claim");
    claimed.push_back(c->id);
  }
  const double claim_rate = ops / Seconds(t0, Stopwatch::now());
  t0 = Stopwatch::now();
  for (const std::string& id : claimed) {
    auto moved = book.Move(worker, id, {casework::Stage::kVerified, "identity checked", {}});
    if (!moved.ok()) Die(moved.status(), "move");
  }
  const double move_rate = ops / Seconds(t0, Stopwatch::now());

  // 4. the physical limit
  const double bare = BareCommitsPerSecond(dir + "/bare.sqlite", ops);

  std::printf("claims: %d in a queue of %zu: %.0f claims/s\n", ops, open_cases, claim_rate);
  std::printf("stage moves: %d: %.0f moves/s\n", ops, move_rate);
  std::printf("queue list (first 100 of %zu): p50 %.2f ms, p99 %.2f ms over %d listings\n",
              open_cases, Percentile(list_ms, 0.5), Percentile(list_ms, 0.99), lists);
  std::printf("bare SQLite durable commits (one-row update, WAL, synchronous=FULL): %.0f/s\n",
              bare);
  std::printf("ratio claims / bare commits = %.2f; moves / bare commits = %.2f\n",
              claim_rate / bare, move_rate / bare);
  std::filesystem::remove_all(dir);
  return 0;
}
