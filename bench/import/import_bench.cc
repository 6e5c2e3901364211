// The foundation's import benchmark (issue #2):
//   1. generate N synthetic records (reports, persons, events with acts) as
//      a JSON Lines bundle (not timed);
//   2. import them with the real importer into a fresh encrypted store;
//   3. in the same run, the physical limit: a bare SQLite loop inserting the
//      same number of rows of the same byte size with one prepared statement
//      in one transaction;
//   4. search latency over the imported store: p50 and p99 of Q queries.
// Usage: import_bench [--records N] [--queries Q] [--dir DIR] [--keep]
//        import_bench --search-only [--queries Q] [--dir DIR]   (a store kept by --keep)
#include <sqlite3.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "records/bundle_io.h"
#include "records/vault.h"
#include "store/sqlite/sqlite_store.h"

namespace {

using Clock = std::chrono::steady_clock;

// Flushes every dirty page to disk before a timed phase. Each phase writes
// hundreds of MB; without this, the kernel writes back one phase's pages
// while the next runs, and whichever phase comes second is slowed by the
// other's I/O (the bare loop ran at 47,000-64,000 rows/s right after a
// 1,000,000-record import, against 106,000-217,000 on other days).
void FlushDirtyPages() { ::sync(); }

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

long PeakRssMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

// Words for synthetic text: romanized and Hangul names, places, act words.
const char* const kFamily[] = {"Kim",  "Ri",  "Pak", "Choe", "Jong", "Kang", "Han", "Yun",
                               "Jang", "Rim", "김",  "리",   "박",   "최",   "정"};
const char* const kGiven[] = {"Myong Su", "Chol", "Song Il", "Kwang", "Yong Ho", "Hyok",
                              "Un Ha",    "명수", "철",      "성일",  "광",      "영호"};
const char* const kWords[] = {
    "worksite",     "construction", "team",       "foreman",     "quota",     "escape",
    "surveillance", "forestry",     "restaurant", "dormitory",   "passport",  "wages",
    "night",        "agent",        "recall",     "Vladivostok", "Ussuriysk", "Санкт-Петербург",
    "Москва",       "бригада",      "목란",       "건설",        "노동자",    "감시",
    "탈북",         "Mokran",       "Kangsong",   "tendon",      "excavator", "consulate"};
const char* const kActTypes[] = {"forced_labour", "surveillance",       "escape",
                                 "forced_return", "excessive_overtime", "withholding_of_wages",
                                 "isolation",     "physical_violence",  "arbitrary_detention",
                                 "asylum_request"};

template <size_t N>
const char* Pick(std::mt19937_64& rng, const char* const (&items)[N]) {
  return items[rng() % N];
}

std::string Sentence(std::mt19937_64& rng, int words) {
  std::string out;
  for (int i = 0; i < words; ++i) {
    if (i) out += ' ';
    out += Pick(rng, kWords);
  }
  return out;
}

// Writes `records` records: per group of 10, one report, two persons, one
// event, four acts, two involvements (the mix of a coded testimony).
void Generate(const std::string& path, size_t records) {
  std::mt19937_64 rng(20161012);
  std::ofstream out(path, std::ios::binary);
  out << "{\"format\":\"chorus-bundle\",\"version\":1}\n";
  out << "{\"kind\":\"source\",\"id\":\"src-bench\",\"pseudonym\":\"synthetic "
         "source\",\"reliability\":\"C\"}\n";
  size_t written = 1;
  for (size_t group = 0; written < records; ++group) {
    std::string g = std::to_string(group);
    std::string report = "rpt-" + g;
    auto emit = [&](const std::string& line) {
      if (written < records) {
        out << line << '\n';
        ++written;
      }
    };
    emit(
        "{\"kind\":\"report\",\"id\":\"" + report + "\",\"title\":\"Testimony " + g +
        "\",\"type\":\"testimony\",\"language\":\"en\",\"source\":\"src-bench\",\"date\":\"2016-0" +
        std::to_string(1 + rng() % 9) + "\",\"credibility\":3,\"text\":\"" + Sentence(rng, 24) +
        "\"}");
    for (int p = 0; p < 2; ++p) {
      emit("{\"kind\":\"person\",\"id\":\"per-" + g + "-" + std::to_string(p) +
           "\",\"names\":[{\"text\":\"" + Pick(rng, kFamily) + " " + Pick(rng, kGiven) +
           "\",\"language\":\"ko-Latn\",\"reports\":[\"" + report +
           "\"]}],\"sex\":\"male\",\"reports\":[\"" + report + "\"]}");
    }
    std::string event = "evt-" + g;
    emit("{\"kind\":\"event\",\"id\":\"" + event + "\",\"title\":\"" + Sentence(rng, 4) +
         "\",\"dates\":[{\"report\":\"" + report +
         "\",\"edtf\":\"2016-08-21/2016-08-31\"}],\"reports\":[\"" + report + "\"]}");
    for (int a = 0; a < 4; ++a) {
      std::string act = "act-" + g + "-" + std::to_string(a);
      emit("{\"kind\":\"act\",\"id\":\"" + act + "\",\"event\":\"" + event + "\",\"type\":\"" +
           Pick(rng, kActTypes) + "\",\"description\":\"" + Sentence(rng, 6) +
           "\",\"victim_counts\":[{\"report\":\"" + report +
           "\",\"min\":6,\"max\":10,\"unit\":\"individuals\"}],\"reports\":[\"" + report + "\"]}");
      if (a < 2) {
        emit("{\"kind\":\"involvement\",\"id\":\"inv-" + g + "-" + std::to_string(a) +
             "\",\"act\":\"" + act + "\",\"role\":\"victim\",\"person\":\"per-" + g + "-" +
             std::to_string(a) + "\",\"reports\":[\"" + report + "\"]}");
      }
    }
  }
}

struct StoreBytes {
  size_t rows = 0;
  size_t total_bytes = 0;  // key + kind + body + tokens, as stored
};

StoreBytes MeasureRows(const std::string& path) {
  StoreBytes out;
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(
      db,
      "SELECT count(*), sum(length(key) + length(kind) + length(body) + length(tokens)) "
      "FROM records",
      -1, &stmt, nullptr);
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    out.rows = static_cast<size_t>(sqlite3_column_int64(stmt, 0));
    out.total_bytes = static_cast<size_t>(sqlite3_column_int64(stmt, 1));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

// The physical limit: the same rows and bytes, no parsing, no crypto, no
// index but the primary key, one prepared statement, one transaction, the
// same journal and sync settings as the store.
double BareInsertSeconds(const std::string& path, size_t rows, size_t bytes_per_row) {
  std::filesystem::remove(path);
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db,
               "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
               "CREATE TABLE t(id INTEGER PRIMARY KEY, payload BLOB)",
               nullptr, nullptr, nullptr);
  std::string payload(bytes_per_row, 'x');
  std::mt19937_64 rng(1);
  for (auto& c : payload) c = static_cast<char>('a' + rng() % 26);
  auto start = Clock::now();
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO t(payload) VALUES (?)", -1, &stmt, nullptr);
  for (size_t i = 0; i < rows; ++i) {
    payload[i % payload.size()] = static_cast<char>('a' + i % 26);
    sqlite3_bind_blob(stmt, 1, payload.data(), static_cast<int>(payload.size()), SQLITE_STATIC);
    sqlite3_step(stmt);
    sqlite3_reset(stmt);
  }
  sqlite3_finalize(stmt);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  double seconds = Seconds(start);
  sqlite3_close(db);
  return seconds;
}

// Search latency: one- and two-word queries drawn from the vocabulary, in
// every script, each in its own read transaction as the CLI and server do.
bool RunSearches(chorus::records::Vault& vault, size_t queries, size_t records = 0) {
  std::mt19937_64 rng(7);
  std::vector<double> latencies_ms;
  latencies_ms.reserve(queries);
  for (size_t q = 0; q < queries; ++q) {
    std::string query = Pick(rng, kWords);
    if (q % 2) query += std::string(" ") + Pick(rng, kFamily);
    auto start = Clock::now();
    auto reader = vault.Read();
    auto hits = (*reader)->Search(query, 20);
    latencies_ms.push_back(Seconds(start) * 1000);
    if (!hits.ok()) {
      std::fprintf(stderr, "search failed: %s\n", hits.status().ToString().c_str());
      return false;
    }
  }
  std::sort(latencies_ms.begin(), latencies_ms.end());
  auto quantile = [&](double p) {
    return latencies_ms[std::min(
        latencies_ms.size() - 1,
        static_cast<size_t>(p * static_cast<double>(latencies_ms.size())))];
  };
  std::printf(
      "search (top 20 of %zu records): p50 %.2f ms, p99 %.2f ms over %zu queries (target p99 < 50 "
      "ms)\n",
      records, quantile(0.50), quantile(0.99), queries);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  size_t records = 1'000'000;
  size_t queries = 1000;
  std::string dir = "/tmp/chorus-import-bench";
  bool keep = false;
  bool search_only = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--records" && i + 1 < argc)
      records = std::stoul(argv[++i]);
    else if (arg == "--queries" && i + 1 < argc)
      queries = std::stoul(argv[++i]);
    else if (arg == "--dir" && i + 1 < argc)
      dir = argv[++i];
    else if (arg == "--keep")
      keep = true;
    else if (arg == "--search-only")
      search_only = true;
    else {
      std::fprintf(stderr,
                   "usage: import_bench [--records N] [--queries Q] [--dir DIR] [--keep] "
                   "[--search-only]\n");
      return 2;
    }
  }
  std::filesystem::create_directories(dir);
  const std::string bundle = dir + "/bundle.jsonl";
  const std::string store_path = dir + "/bench.chorus";
  const std::string bare_path = dir + "/bare.sqlite";
  if (search_only) {
    auto store =
        chorus::store::sqlite::OpenSqliteStore(store_path, chorus::store::sqlite::OpenMode::kOpen);
    if (!store.ok()) {
      std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
      return 1;
    }
    auto vault = chorus::records::Vault::Unlock(**store, "bench");
    if (!vault.ok()) return 1;
    return RunSearches(*vault, queries) ? 0 : 1;
  }
  for (const auto& p : {store_path, store_path + "-wal", store_path + "-shm"})
    std::filesystem::remove(p);

  auto gen_start = Clock::now();
  Generate(bundle, records);
  std::printf("generated %zu records (%.1f MiB JSON Lines) in %.1f s\n", records,
              static_cast<double>(std::filesystem::file_size(bundle)) / (1 << 20),
              Seconds(gen_start));

  auto store =
      chorus::store::sqlite::OpenSqliteStore(store_path, chorus::store::sqlite::OpenMode::kCreate);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  // The passphrase KDF is not part of the import: minimum cost here.
  if (!chorus::records::InitializeKeys(**store, "bench", chorus::crypto::KdfParams::Minimum()).ok())
    return 1;
  auto vault = chorus::records::Vault::Unlock(**store, "bench");
  if (!vault.ok()) return 1;

  FlushDirtyPages();
  auto import_start = Clock::now();
  std::ifstream in(bundle, std::ios::binary);
  auto imported = chorus::records::ImportBundles(*vault, {{bundle, &in}});
  double import_seconds = Seconds(import_start);
  if (!imported.ok()) {
    std::fprintf(stderr, "import failed: %s\n", imported.status().ToString().c_str());
    return 1;
  }
  long import_peak = PeakRssMiB();
  StoreBytes stored = MeasureRows(store_path);
  size_t bytes_per_row = stored.rows ? stored.total_bytes / stored.rows : 0;

  FlushDirtyPages();
  double bare_seconds = BareInsertSeconds(bare_path, stored.rows, bytes_per_row);
  double import_rate = static_cast<double>(*imported) / import_seconds;
  double bare_rate = static_cast<double>(stored.rows) / bare_seconds;

  std::printf("import: %zu records in %.2f s = %.0f records/s; peak RSS %ld MiB\n", *imported,
              import_seconds, import_rate, import_peak);
  std::printf("bare SQLite loop: %zu rows of %zu bytes in %.2f s = %.0f rows/s\n", stored.rows,
              bytes_per_row, bare_seconds, bare_rate);
  std::printf("ratio import / bare = %.2f (target >= 0.30)\n", import_rate / bare_rate);

  if (!RunSearches(*vault, queries, *imported)) return 1;
  std::printf("peak RSS overall %ld MiB (target < 1024 MiB)\n", PeakRssMiB());
  if (!keep) {
    std::filesystem::remove(bundle);
    std::filesystem::remove(bare_path);
  }
  return 0;
}
