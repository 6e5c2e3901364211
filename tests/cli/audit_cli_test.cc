// `chorus audit verify` and `chorus audit log` as a user runs them: entries
// for init, import, export, users and sealed reads; filters; and every tamper
// case of tests/support/audit_tamper.h, done on the store file with SQLite,
// makes `chorus audit verify` exit non-zero naming the first bad entry.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"
#include "support/audit_tamper.h"

namespace chorus {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;

using test_support::kSmallBundle;

class AuditCliTest : public ::testing::Test {
 protected:
  test_support::RunResult Chorus(const std::string& args) {
    return test_support::RunChorus(
        dir_, "CHORUS_PASSPHRASE='pass phrase' CHORUS_NEW_PASSWORD='a long password'", args);
  }
  void Ok(const std::string& args) {
    auto run = Chorus(args);
    ASSERT_EQ(run.exit_code, 0) << args << ": " << run.err;
  }
  Json LogJson(const std::string& filters) {
    auto run = Chorus("--store s.chorus audit log --json " + filters);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return Json::parse(run.out, nullptr, false);
  }

  test_support::TempDir dir_;
};

TEST_F(AuditCliTest, EveryChangeIsLoggedAndTheChainVerifies) {
  Ok("--store s.chorus init");
  Ok(std::string("--store s.chorus import '") + kSmallBundle + "'");
  Ok("--store s.chorus user add alice --role viewer");  // no compartment to found
  Ok("--store s.chorus export -o out.json");
  Ok("--store s.chorus show src-a");  // prints the sealed identity: logged
  Ok("--store s.chorus show rpt-1");  // nothing sealed: not logged
  Ok("--store s.chorus user remove alice");

  auto verify = Chorus("audit verify --store s.chorus");
  ASSERT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_THAT(verify.out, HasSubstr("audit log verified: 7 entries"));

  Json log = LogJson("");
  ASSERT_TRUE(log.is_object());
  std::vector<std::string> actions;
  for (const auto& item : log["items"]) {
    actions.push_back(item["action"].get<std::string>());
    EXPECT_EQ(item["actor"].get<std::string>().rfind("cli:", 0), 0u) << item.dump();
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"genesis", "key-change", "import", "create",
                                               "export", "read-sealed", "delete"}));
  Json imports = LogJson("--action import");
  ASSERT_EQ(imports["items"].size(), 1u);
  EXPECT_THAT(imports["items"][0]["detail"].get<std::string>(), HasSubstr("18 records"));
  Json exports = LogJson("--action export");
  ASSERT_EQ(exports["items"].size(), 1u);
  EXPECT_EQ(exports["items"][0]["content_hash"].get<std::string>().size(), 64u);
  Json reads = LogJson("--record src-a");
  ASSERT_EQ(reads["items"].size(), 1u);
  EXPECT_EQ(reads["items"][0]["action"], "read-sealed");
  EXPECT_EQ(LogJson("--since 2999-01-01")["items"].size(), 0u);
  EXPECT_EQ(LogJson("--limit 2")["items"].size(), 2u);
  EXPECT_EQ(LogJson("--limit 2")["items"][1]["action"], "delete");

  auto text = Chorus("--store s.chorus audit log --action delete");
  ASSERT_EQ(text.exit_code, 0);
  EXPECT_THAT(text.out, HasSubstr("delete\tuser alice"));

  auto bad = Chorus("--store s.chorus audit log --since yesterday");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--since"));
  auto bad_head = Chorus("--store s.chorus audit verify --known-head 3");
  EXPECT_EQ(bad_head.exit_code, 2);
  EXPECT_THAT(bad_head.err, HasSubstr("--known-head"));
}

TEST_F(AuditCliTest, EveryTamperCaseMakesVerifyFailNamingTheEntry) {
  // Entries 0..6: init (0, 1), import (2), user add (3), user add (4),
  // export (5), user remove (6); the head after entry 3 is kept.
  Ok("--store base.chorus init");
  Ok(std::string("--store base.chorus import '") + kSmallBundle + "'");
  Ok("--store base.chorus user add alice --role analyst");
  std::string saved_head = test_support::ReadAuditHeadHex(dir_.File("base.chorus"));
  ASSERT_FALSE(saved_head.empty());
  Ok("--store base.chorus user add bob --role viewer");
  Ok("--store base.chorus export -o out.json");
  Ok("--store base.chorus user remove bob");
  auto head = Chorus("--store base.chorus audit verify --json");
  ASSERT_EQ(head.exit_code, 0) << head.err;
  Json head_json = Json::parse(head.out);
  ASSERT_EQ(head_json["verified"], 7);
  std::string known = "6:" + head_json["head"]["hash"].get<std::string>();

  int tried = 0;
  int detected = 0;
  int detected_with_known_head = 0;
  for (const auto& tamper : test_support::AuditTamperCases(saved_head)) {
    SCOPED_TRACE(tamper.name);
    ++tried;
    std::filesystem::remove(dir_.File("s.chorus"));
    std::filesystem::copy_file(dir_.File("base.chorus"), dir_.File("s.chorus"));
    ASSERT_FALSE(std::filesystem::exists(dir_.File("base.chorus-wal")));
    ASSERT_EQ(test_support::RunStoreSql(dir_.File("s.chorus"), tamper.sql), "");

    auto plain = Chorus("--store s.chorus audit verify");
    if (plain.exit_code != 0) {
      ++detected;
      EXPECT_THAT(plain.err, HasSubstr(tamper.expected));
      EXPECT_THAT(plain.err, HasSubstr("data loss"));
    }
    EXPECT_EQ(plain.exit_code != 0, tamper.detected_without_known_head) << plain.out;
    auto against = Chorus("--store s.chorus audit verify --known-head " + known);
    if (against.exit_code != 0) {
      ++detected_with_known_head;
      EXPECT_THAT(against.err, HasSubstr(tamper.expected));
    }
  }
  EXPECT_EQ(detected_with_known_head, tried);
  std::cout << "chorus audit verify: " << detected << " of " << tried << " tamper cases detected, "
            << detected_with_known_head << " of " << tried << " with --known-head\n";
  RecordProperty("tamper_cases_tried", tried);
  RecordProperty("tamper_cases_detected", detected);
}

}  // namespace
}  // namespace chorus
