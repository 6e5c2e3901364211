// `chorus migrate` moves a whole store between engines: a SQLite store goes to
// PostgreSQL and back, and all three export to the same bytes (issue 8).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "store/conformance/engine_harness.h"

namespace chorus::store {
namespace {

using testing::Engine;
using testing::EngineHarness;

const std::string kBundle = std::string(CHORUS_SOURCE_DIR) + "/tests/store/data/small_bundle.json";

struct CommandRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

// Runs the chorus binary with `args` (already shell-quoted).
CommandRun Chorus(const std::string& args) {
  std::string command = std::string("'") + CHORUS_BIN + "' " + args + " 2>&1";
  CommandRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) run.output.append(buffer, n);
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::string Quote(const std::string& s) { return "'" + s + "'"; }

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class MigrateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(postgres_.Ready().ok()) << postgres_.Ready().ToString();
    ASSERT_TRUE(sqlite_.Ready().ok());
    setenv("CHORUS_PASSPHRASE", "migrate test passphrase", 1);
  }

  // Exports the store at `location` to a file and returns its bytes.
  std::string Export(const std::string& location) {
    std::string out = sqlite_.NewLocation() + ".export.json";
    CommandRun run = Chorus("--store " + Quote(location) + " export -o " + Quote(out));
    EXPECT_EQ(run.exit_code, 0) << run.output;
    return ReadAll(out);
  }

  // The row keys of the store at `location`, in the order they were created.
  static std::vector<std::string> KeysInCreationOrder(EngineHarness& engine,
                                                      const std::string& location) {
    std::vector<std::string> keys;
    auto store = engine.Open(location);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (!store.ok()) return keys;
    auto txn = (*store)->BeginRead();
    EXPECT_TRUE(txn.ok());
    if (!txn.ok()) return keys;
    int64_t after = 0;
    while (true) {
      auto rows = (*txn)->ListInCreationOrder(after, 7);
      EXPECT_TRUE(rows.ok()) << rows.status().ToString();
      if (!rows.ok() || rows->empty()) return keys;
      for (const auto& row : *rows) keys.push_back(row.record.key);
      after = rows->back().place;
    }
  }

  EngineHarness sqlite_{Engine::kSqlite};
  EngineHarness postgres_{Engine::kPostgres};
};

TEST_F(MigrateTest, SqliteToPostgresAndBackExportsTheSameBytes) {
  std::string original = sqlite_.NewLocation();
  CommandRun init = Chorus("--store " + Quote(original) + " init");
  ASSERT_EQ(init.exit_code, 0) << init.output;
  CommandRun import = Chorus("--store " + Quote(original) + " import " + Quote(kBundle));
  ASSERT_EQ(import.exit_code, 0) << import.output;
  std::string expected = Export(original);
  ASSERT_NE(expected.find("Sungrisan"), std::string::npos);
  // The source's rows in creation order, which migrate copies.
  const std::vector<std::string> order = KeysInCreationOrder(sqlite_, original);
  ASSERT_GT(order.size(), 7u);  // more than one page of KeysInCreationOrder
  std::vector<std::string> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  ASSERT_NE(order, sorted) << "the test needs a creation order other than key order";

  std::string server = postgres_.NewLocation();
  CommandRun there = Chorus("migrate --from " + Quote(original) + " --to " + Quote(server));
  ASSERT_EQ(there.exit_code, 0) << there.output;
  EXPECT_NE(there.output.find("to postgresql"), std::string::npos) << there.output;
  EXPECT_EQ(Export(server), expected);

  // The copy is a working store: the same passphrase searches it.
  CommandRun search = Chorus("--store " + Quote(server) + " search Tynda --json");
  ASSERT_EQ(search.exit_code, 0) << search.output;
  EXPECT_NE(search.output.find("plc-1"), std::string::npos) << search.output;

  std::string back = sqlite_.NewLocation();
  CommandRun home = Chorus("migrate --from " + Quote(server) + " --to " + Quote(back));
  ASSERT_EQ(home.exit_code, 0) << home.output;
  EXPECT_EQ(Export(back), expected);

  // Both copies keep the order the records were created in, by which
  // search ranks ties; the export (ordered by id) would not show it. Each
  // copy then gained audit entries of its own (exports, searches), after.
  const auto starts_with_order = [&](const std::vector<std::string>& keys) {
    return keys.size() >= order.size() && std::equal(order.begin(), order.end(), keys.begin());
  };
  EXPECT_TRUE(starts_with_order(KeysInCreationOrder(postgres_, server)));
  EXPECT_TRUE(starts_with_order(KeysInCreationOrder(sqlite_, back)));
}

TEST_F(MigrateTest, RefusesATargetThatHoldsAStore) {
  std::string original = sqlite_.NewLocation();
  ASSERT_EQ(Chorus("--store " + Quote(original) + " init").exit_code, 0);
  std::string server = postgres_.NewLocation();
  ASSERT_EQ(Chorus("migrate --from " + Quote(original) + " --to " + Quote(server)).exit_code, 0);
  CommandRun again = Chorus("migrate --from " + Quote(original) + " --to " + Quote(server));
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.output.find("already holds a chorus store"), std::string::npos) << again.output;
  CommandRun onto_file = Chorus("migrate --from " + Quote(server) + " --to " + Quote(original));
  EXPECT_NE(onto_file.exit_code, 0);
  EXPECT_NE(onto_file.output.find("already"), std::string::npos) << onto_file.output;
}

TEST_F(MigrateTest, MissingSourceFailsAndLeavesNoTarget) {
  std::string missing = sqlite_.NewLocation();
  std::string target = sqlite_.NewLocation();
  CommandRun run = Chorus("migrate --from " + Quote(missing) + " --to " + Quote(target));
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.output.find("does not exist"), std::string::npos) << run.output;
  std::ifstream probe(target);
  EXPECT_FALSE(probe.good());
}

TEST_F(MigrateTest, ConnectionErrorsNeverShowThePassword) {
  std::string original = sqlite_.NewLocation();
  ASSERT_EQ(Chorus("--store " + Quote(original) + " init").exit_code, 0);
  // Nothing listens on this port; the password must not be echoed back.
  CommandRun run = Chorus("migrate --from " + Quote(original) +
                          " --to 'postgresql://chorus:S3cretPassw0rd@127.0.0.1:1/chorus'");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_EQ(run.output.find("S3cretPassw0rd"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace chorus::store
