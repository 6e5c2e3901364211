// The foundation's command line as a user runs it: exit codes, one clear
// line on stderr, nothing changed by a failed command.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "cli/cli_runner.h"
#include "support/temp_dir.h"

namespace chorus {
namespace {

using ::testing::HasSubstr;

using test_support::RunResult;

class CliTest : public ::testing::Test {
 protected:
  // Runs chorus with `args` (a shell-quoted string) in the temp dir.
  RunResult Chorus(const std::string& args, const std::string& passphrase = "pass phrase") {
    return test_support::RunChorus(dir_, "CHORUS_PASSPHRASE='" + passphrase + "'", args);
  }

  void MakeDemoStore() {
    ASSERT_EQ(Chorus("--store s.chorus init").exit_code, 0);
    RunResult imported =
        Chorus(std::string("--store s.chorus import '") + CHORUS_DEMO_DIR + "/seed-report.json'");
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }

  chorus::test_support::TempDir dir_;
};

TEST_F(CliTest, InitRefusesToOverwrite) {
  ASSERT_EQ(Chorus("--store s.chorus init").exit_code, 0);
  RunResult again = Chorus("--store s.chorus init");
  EXPECT_NE(again.exit_code, 0);
  EXPECT_THAT(again.err, HasSubstr("already exists"));
  EXPECT_EQ(std::count(again.err.begin(), again.err.end(), '\n'), 1);
}

TEST_F(CliTest, NoStoreIsAClearError) {
  RunResult run = Chorus("search x");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_THAT(run.err, HasSubstr("--store"));
  RunResult missing = Chorus("--store missing.chorus search x");
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_THAT(missing.err, HasSubstr("does not exist"));
}

TEST_F(CliTest, WrongPassphraseIsRefusedWithoutEchoingIt) {
  MakeDemoStore();
  RunResult run = Chorus("--store s.chorus search Mokran", "guess");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_THAT(run.err, HasSubstr("wrong passphrase"));
  EXPECT_THAT(run.err, ::testing::Not(HasSubstr("guess")));
  EXPECT_TRUE(run.out.empty());
}

TEST_F(CliTest, SearchShowChainAndJson) {
  MakeDemoStore();
  RunResult search = Chorus("--store s.chorus search Mokran");
  ASSERT_EQ(search.exit_code, 0) << search.err;
  EXPECT_THAT(search.out, HasSubstr("org-mokran"));
  RunResult hangul = Chorus("--store s.chorus search 목란 --json");
  ASSERT_EQ(hangul.exit_code, 0) << hangul.err;
  EXPECT_THAT(hangul.out, HasSubstr("\"id\": \"org-mokran\""));
  RunResult cyrillic = Chorus("--store s.chorus search Санкт-Петербург");
  EXPECT_THAT(cyrillic.out, HasSubstr("plc-st-petersburg"));
  RunResult show = Chorus("--store s.chorus show act-group-escape");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_THAT(show.out, HasSubstr("almost 10 people"));
  EXPECT_THAT(show.out, HasSubstr("consolidated victim_counts: 6-10, best 9"));
  RunResult chain = Chorus("--store s.chorus chain --org Mokran --at 2016-08");
  ASSERT_EQ(chain.exit_code, 0) << chain.err;
  EXPECT_THAT(chain.out, HasSubstr("Manager (president): Mokran manager (not named)"));
  EXPECT_THAT(chain.out,
              HasSubstr("Assistant manager (State Security Department agent): Mokran assistant"));
  RunResult bad_date = Chorus("--store s.chorus chain --org Mokran --at 2016-13");
  EXPECT_NE(bad_date.exit_code, 0);
  EXPECT_THAT(bad_date.err, HasSubstr("2016-13"));
  RunResult missing = Chorus("--store s.chorus show no-such-record");
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_THAT(missing.err, HasSubstr("no-such-record"));
}

TEST_F(CliTest, FailedImportNamesFileRecordFieldAndChangesNothing) {
  MakeDemoStore();
  ASSERT_EQ(Chorus("--store s.chorus export -o before.json").exit_code, 0);
  chorus::test_support::WriteFileBytes(
      dir_.File("bad.json"),
      R"({"format":"chorus-bundle","version":1,"records":[)"
      R"({"kind":"event","id":"evt-new","title":"ok"},)"
      R"({"kind":"act","id":"act-new","event":"evt-new","type":"escape","victim_counts":[{"report":"rpt-nope","min":1}]}]})");
  RunResult run = Chorus("--store s.chorus import bad.json");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_THAT(run.err, HasSubstr("bad.json"));
  EXPECT_THAT(run.err, HasSubstr("record 2"));
  EXPECT_THAT(run.err, HasSubstr("victim_counts[0].report"));
  EXPECT_THAT(run.err, HasSubstr("rpt-nope"));
  ASSERT_EQ(Chorus("--store s.chorus export -o after.json").exit_code, 0);
  EXPECT_EQ(chorus::test_support::ReadFileBytes(dir_.File("after.json")),
            chorus::test_support::ReadFileBytes(dir_.File("before.json")));
}

TEST_F(CliTest, ExportImportsBackIdentically) {
  MakeDemoStore();
  ASSERT_EQ(Chorus("--store s.chorus export -o a.json").exit_code, 0);
  ASSERT_EQ(Chorus("--store t.chorus init").exit_code, 0);
  ASSERT_EQ(Chorus("--store t.chorus import a.json").exit_code, 0);
  ASSERT_EQ(Chorus("--store t.chorus export -o b.json").exit_code, 0);
  std::string a = chorus::test_support::ReadFileBytes(dir_.File("a.json"));
  EXPECT_GT(a.size(), 10000u);
  EXPECT_EQ(a, chorus::test_support::ReadFileBytes(dir_.File("b.json")));
}

}  // namespace
}  // namespace chorus
