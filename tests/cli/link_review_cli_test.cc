// `chorus link --kind person|event` and `chorus link review` as a user runs
// them: proposals from a store, the queue, confirm, unmerge, reject, a merge
// by hand, and the errors a user can make (each changing nothing).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "cli/cli_runner.h"
#include "support/temp_dir.h"

namespace chorus {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;
using test_support::RunResult;

class LinkReviewCliTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(Run("init").exit_code, 0);
    RunResult imported =
        Run("import '" + std::string(CHORUS_TEST_DATA_DIR) + "/review/duplicates.json'");
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }
  RunResult Run(const std::string& args) {
    return test_support::RunChorus(dir_, "CHORUS_PASSPHRASE='pass'", "--store s.chorus " + args);
  }
  Json RunJson(const std::string& args) {
    RunResult r = Run(args + " --json");
    EXPECT_EQ(r.exit_code, 0) << args << ": " << r.err;
    return Json::parse(r.out, nullptr, false);
  }
  test_support::TempDir dir_;
};

TEST_F(LinkReviewCliTest, ProposeConfirmUnmergeAndReject) {
  RunResult run = Run("link --kind person");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("3 new in the review queue"));
  EXPECT_THAT(run.out, HasSubstr("1 records had nothing to compare"));

  RunResult queue = Run("link review --kind person");
  ASSERT_EQ(queue.exit_code, 0) << queue.err;
  EXPECT_THAT(queue.out, HasSubstr("리명수"));
  EXPECT_THAT(queue.out, HasSubstr("Ли Мён Су"));
  EXPECT_THAT(queue.out, HasSubstr("name same phonetic key"));

  Json pending = RunJson("link review --kind person");
  ASSERT_EQ(pending.size(), 3u);
  const std::string first = pending[0]["id"];
  Json merge = RunJson("link review confirm " + first);
  EXPECT_EQ(merge["undone"], false);
  const std::string merged = merge["merged"];
  EXPECT_EQ(Run("show " + merged).exit_code, 1);
  EXPECT_EQ(RunJson("link review merges").size(), 1u);

  RunResult undo = Run("link review unmerge " + merge["id"].get<std::string>());
  ASSERT_EQ(undo.exit_code, 0) << undo.err;
  EXPECT_THAT(undo.out, HasSubstr("separate again"));
  EXPECT_EQ(Run("show " + merged).exit_code, 0);

  RunResult rejected = Run("link review reject " + first);
  ASSERT_EQ(rejected.exit_code, 0) << rejected.err;
  EXPECT_THAT(rejected.out, HasSubstr("will not be proposed again"));
  EXPECT_EQ(RunJson("link review --kind person").size(), 2u);
  EXPECT_EQ(RunJson("link review --status rejected").size(), 1u);
  // A second run keeps the rejection.
  Json again = RunJson("link --kind person");
  EXPECT_EQ(again["already_decided"], 1);
  EXPECT_TRUE(Run("audit verify").exit_code == 0);
}

TEST_F(LinkReviewCliTest, EventsAndAMergeByHand) {
  Json run = RunJson("link --kind event");
  EXPECT_EQ(run["added"], 1);
  RunResult merged = Run("link review merge evt-escape-1 evt-escape-2");
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_THAT(merged.out, HasSubstr("merged evt-escape-2 into evt-escape-1"));
  // The proposal of that pair is settled by the merge.
  EXPECT_EQ(RunJson("link review --kind event").size(), 0u);
  EXPECT_EQ(RunJson("link review --kind event --status confirmed").size(), 1u);
}

TEST_F(LinkReviewCliTest, MistakesAreClearAndChangeNothing) {
  auto expect_error = [&](const std::string& args, const std::string& words) {
    RunResult r = Run(args);
    EXPECT_NE(r.exit_code, 0) << args;
    EXPECT_THAT(r.err, HasSubstr(words)) << args;
  };
  expect_error("link", "--kind person|event");
  expect_error("link --kind place", "--kind must be person or event");
  expect_error("link --kind person --threshold 2", "--threshold must be in [0, 1]");
  expect_error("link review --status maybe", "--status must be");
  expect_error("link review confirm lp-0000000000000000", "no link proposal");
  expect_error("link review merge per-kim per-pak", "different sexes");
  expect_error("link review merge per-kim evt-recall", "different kinds");
  expect_error("link review unmerge mrg-0000000000000000", "no merge");
  EXPECT_EQ(RunJson("link review merges").size(), 0u);
  EXPECT_EQ(RunJson("link review --status all").size(), 0u);
}

}  // namespace
}  // namespace chorus
