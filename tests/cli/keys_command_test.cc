// chorus keys passphrase | rotate as an administrator runs them: the old
// passphrase stops working, the new one opens the same data; a rotation keeps
// every record, search, user, case and the audit chain, and a rotation killed
// at any moment leaves the store readable with nothing half done.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <string>
#include <thread>

#include "cli/cli_runner.h"
#include "support/temp_dir.h"

extern char** environ;

namespace chorus {
namespace {

using test_support::RunResult;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kOld[] = "pass phrase";
constexpr char kNew[] = "a much longer new pass phrase";

class KeysCliTest : public ::testing::Test {
 protected:
  RunResult Chorus(const std::string& args, const std::string& passphrase = kOld,
                   const std::string& new_passphrase = "") {
    std::string env = "CHORUS_PASSPHRASE='" + passphrase + "'";
    if (!new_passphrase.empty()) env += " CHORUS_NEW_PASSPHRASE='" + new_passphrase + "'";
    return test_support::RunChorus(dir_, env, args);
  }

  void MakeDemoStore() {
    ASSERT_EQ(Chorus("--store s.chorus init").exit_code, 0);
    RunResult imported =
        Chorus(std::string("--store s.chorus import '") + CHORUS_DEMO_DIR + "/seed-report.json'");
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    RunResult user = test_support::RunChorus(
        dir_, "CHORUS_PASSPHRASE='" + std::string(kOld) + "' CHORUS_NEW_PASSWORD='pw of ana 123'",
        "--store s.chorus user add ana --role documenter");
    ASSERT_EQ(user.exit_code, 0) << user.err;
  }

  std::string Export(const std::string& passphrase = kOld) {
    RunResult run = Chorus("--store s.chorus export", passphrase);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run.out;
  }

  chorus::test_support::TempDir dir_;
};

TEST_F(KeysCliTest, PassphraseChangeRefusesTheOldOneAndOpensTheSameDataWithTheNew) {
  MakeDemoStore();
  std::string before = Export();
  RunResult changed = Chorus("keys passphrase --store s.chorus", kOld, kNew);
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_THAT(changed.out, HasSubstr("changed the store passphrase"));
  EXPECT_THAT(changed.out + changed.err, Not(HasSubstr(kNew)));

  RunResult old = Chorus("--store s.chorus search Mokran", kOld);
  EXPECT_NE(old.exit_code, 0);
  EXPECT_THAT(old.err, HasSubstr("wrong passphrase"));
  EXPECT_EQ(Export(kNew), before);
  RunResult verify = Chorus("--store s.chorus audit verify", kNew);
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  RunResult log = Chorus("--store s.chorus audit log --action key-change", kNew);
  EXPECT_THAT(log.out, HasSubstr("store passphrase changed"));
  EXPECT_THAT(log.out, HasSubstr("\tcli:"));  // the operating system account that ran it
}

TEST_F(KeysCliTest, PassphraseChangeWithAWrongOldOneChangesNothing) {
  MakeDemoStore();
  RunResult wrong = Chorus("keys passphrase --store s.chorus", "guess", kNew);
  EXPECT_NE(wrong.exit_code, 0);
  EXPECT_THAT(wrong.err, HasSubstr("wrong passphrase"));
  EXPECT_THAT(wrong.err, Not(HasSubstr("guess")));
  EXPECT_EQ(std::count(wrong.err.begin(), wrong.err.end(), '\n'), 1);
  RunResult no_new = Chorus("keys passphrase --store s.chorus", kOld);
  EXPECT_NE(no_new.exit_code, 0);
  EXPECT_THAT(no_new.err, HasSubstr("CHORUS_NEW_PASSPHRASE"));
  RunResult same = Chorus("keys passphrase --store s.chorus", kOld, kOld);
  EXPECT_NE(same.exit_code, 0);
  EXPECT_THAT(same.err, HasSubstr("same as the old one"));
  EXPECT_EQ(Chorus("--store s.chorus search Mokran", kOld).exit_code, 0);
  EXPECT_NE(Chorus("--store s.chorus search Mokran", kNew).exit_code, 0);
}

// The case ids of `chorus queue list`, in queue order.
std::string QueueOrder(const std::string& listing) {
  std::string ids;
  for (size_t at = listing.find("case-"); at != std::string::npos;
       at = listing.find("case-", at + 1)) {
    ids += listing.substr(at, listing.find('\t', at) - at) + " ";
  }
  return ids;
}

TEST_F(KeysCliTest, RotateKeepsRecordsSearchUsersCasesAndTheAuditChain) {
  MakeDemoStore();
  RunResult caseworker = test_support::RunChorus(
      dir_, "CHORUS_PASSPHRASE='" + std::string(kOld) + "' CHORUS_NEW_PASSWORD='pw of cw 1234'",
      "--store s.chorus user add cw --role caseworker");
  ASSERT_EQ(caseworker.exit_code, 0) << caseworker.err;
  // As the caseworker, with their password.
  auto as_cw = [&](const std::string& args) {
    return test_support::RunChorus(
        dir_, "CHORUS_PASSPHRASE='" + std::string(kOld) + "' CHORUS_PASSWORD='pw of cw 1234'",
        args);
  };
  for (const char* tier : {"standard", "immediate", "vulnerable"}) {
    RunResult added = as_cw(std::string("--store s.chorus queue add --as cw --tier ") + tier +
                            " --reason 'asked for help' --name 'Requester of " + tier + "'");
    ASSERT_EQ(added.exit_code, 0) << added.err;
  }
  std::string queue_before = QueueOrder(as_cw("--store s.chorus queue list --as cw").out);
  ASSERT_EQ(std::count(queue_before.begin(), queue_before.end(), ' '), 3) << queue_before;
  std::string before = Export();
  RunResult rotated = Chorus("keys rotate --store s.chorus --json");
  ASSERT_EQ(rotated.exit_code, 0) << rotated.err;
  EXPECT_THAT(rotated.out, HasSubstr("\"index_rows\""));
  EXPECT_EQ(Export(), before);
  RunResult search = Chorus("--store s.chorus search 목란");
  EXPECT_THAT(search.out, HasSubstr("org-mokran"));
  RunResult users = Chorus("--store s.chorus user list");
  EXPECT_THAT(users.out, HasSubstr("ana\tdocumenter"));
  // Casework: the queue's ordered index rows and the sealed case documents.
  EXPECT_EQ(QueueOrder(as_cw("--store s.chorus queue list --as cw").out), queue_before);
  std::string first_case = queue_before.substr(0, queue_before.find(' '));
  RunResult shown = as_cw("--store s.chorus queue show " + first_case + " --as cw");
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("Requester of immediate"));
  RunResult verify = Chorus("--store s.chorus audit verify");
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  RunResult log = Chorus("--store s.chorus audit log --action key-change");
  EXPECT_THAT(log.out, HasSubstr("data key rotated"));
  RunResult wrong = Chorus("keys rotate --store s.chorus", "guess");
  EXPECT_NE(wrong.exit_code, 0);
  EXPECT_THAT(wrong.err, HasSubstr("wrong passphrase"));
}

// Guards the promise that a crash mid-rotation leaves the old key working:
// `chorus keys rotate` is killed with SIGKILL at growing moments on a store of
// 20,000 records; after each kill the store opens, exports the same bytes and
// its audit chain verifies.
TEST_F(KeysCliTest, KilledRotationLeavesTheStoreReadableAndNothingHalfDone) {
  MakeDemoStore();
  std::string bundle = "{\"format\":\"chorus-bundle\",\"version\":1}\n";
  for (int i = 0; i < 20000; ++i) {
    bundle += "{\"kind\":\"source\",\"id\":\"src-rotate-" + std::to_string(i) +
              "\",\"pseudonym\":\"rotation test source " + std::to_string(i) +
              "\",\"reliability\":\"C\"}\n";
  }
  test_support::WriteFileBytes(dir_.File("big.jsonl"), bundle);
  ASSERT_EQ(Chorus("--store s.chorus import big.jsonl").exit_code, 0);
  std::string before = Export();
  int killed_midway = 0;
  int completed = 0;
  for (int attempt = 0; attempt < 6; ++attempt) {
    std::string command = "cd '" + dir_.path() + "' && CHORUS_TEST=1 CHORUS_PASSPHRASE='" + kOld +
                          "' exec '" + CHORUS_BIN +
                          "' keys rotate --store s.chorus >/dev/null 2>&1";
    const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
    pid_t pid = 0;
    ASSERT_EQ(
        posix_spawn(&pid, "/bin/sh", nullptr, nullptr, const_cast<char* const*>(argv), environ), 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(150 + 250 * attempt));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_EQ(Export(), before) << "attempt " << attempt;
    RunResult verify = Chorus("--store s.chorus audit verify");
    ASSERT_EQ(verify.exit_code, 0) << "attempt " << attempt << ": " << verify.err;
    RunResult log = Chorus("--store s.chorus audit log --action key-change");
    int rotations = 0;
    for (size_t at = log.out.find("data key rotated"); at != std::string::npos;
         at = log.out.find("data key rotated", at + 1)) {
      ++rotations;
    }
    if (rotations == completed && WIFSIGNALED(status)) ++killed_midway;
    completed = rotations;
  }
  // At least one kill landed inside the rotation's transaction.
  EXPECT_GT(killed_midway, 0);
}

}  // namespace
}  // namespace chorus
