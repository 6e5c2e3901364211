// Compartments as a user meets them on the command line (issue #4): values
// sealed once the first holder exists, `show --as` opening them with the
// user's password, `keys status` and `keys grant`, revocation by `user
// remove` and `user role`, and no identity in an export or the store file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/cli_runner.h"

namespace chorus {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Json = nlohmann::json;

using test_support::kSmallBundle;
constexpr char kEnv[] = "CHORUS_PASSPHRASE='pass phrase' CHORUS_NEW_PASSWORD='a long password'";

class CompartmentsCliTest : public ::testing::Test {
 protected:
  test_support::RunResult Chorus(const std::string& args, const std::string& extra_env = "") {
    return test_support::RunChorus(dir_, std::string(kEnv) + " " + extra_env,
                                   "--store s.chorus " + args);
  }
  void Ok(const std::string& args, const std::string& extra_env = "") {
    auto run = Chorus(args, extra_env);
    ASSERT_EQ(run.exit_code, 0) << args << ": " << run.err;
  }
  std::string ReadAll(const std::string& name) {
    std::ifstream in(dir_.File(name), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  Json Status() {
    auto run = Chorus("keys status --json");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    Json out = Json::parse(run.out, nullptr, false);
    Json by_name = Json::object();
    for (const auto& c : out) by_name[c["compartment"].get<std::string>()] = c;
    return by_name;
  }

  test_support::TempDir dir_;
};

TEST_F(CompartmentsCliTest, SealedForEveryoneButTheHolderWithTheirPassword) {
  Ok("init");
  Ok(std::string("import '") + kSmallBundle + "'");
  EXPECT_EQ(Status()["sources"]["keys"], 0);
  Ok("user add sun --role source_handler");
  Json status = Status();
  EXPECT_EQ(status["sources"]["keys"], 1);
  EXPECT_EQ(status["sources"]["holders"], Json::array({"sun"}));
  EXPECT_EQ(status["people-at-risk"]["holders"], Json::array({"sun"}));

  auto sealed = Chorus("show src-a");
  ASSERT_EQ(sealed.exit_code, 0) << sealed.err;
  EXPECT_THAT(sealed.out, Not(HasSubstr("Zzyzx")));
  EXPECT_THAT(sealed.out, HasSubstr("\"sealed\""));
  auto opened = Chorus("show src-a --as sun", "CHORUS_PASSWORD='a long password'");
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  EXPECT_THAT(opened.out, HasSubstr("Zzyzx Secretname"));
  auto wrong = Chorus("show src-a --as sun", "CHORUS_PASSWORD='not the password'");
  EXPECT_NE(wrong.exit_code, 0);
  EXPECT_THAT(wrong.err, HasSubstr("wrong password"));
  EXPECT_THAT(wrong.out, Not(HasSubstr("Zzyzx")));
  auto person = Chorus("show per-worker --as sun", "CHORUS_PASSWORD='a long password'");
  EXPECT_THAT(person.out, HasSubstr("Quasar Atriskname"));

  // Neither the export nor the store file holds a sealed value in the clear.
  Ok("export -o out.json");
  std::string exported = ReadAll("out.json");
  EXPECT_THAT(exported, HasSubstr("local source A"));
  for (const char* secret : {"Zzyzx", "Secretname", "+7 000 000 0000", "Atriskname"}) {
    EXPECT_THAT(exported, Not(HasSubstr(secret))) << secret;
    EXPECT_THAT(ReadAll("s.chorus"), Not(HasSubstr(secret))) << secret;
  }
  // The export goes back into this store; another store refuses its boxes.
  auto other = test_support::RunChorus(dir_, kEnv, "--store other.chorus init");
  ASSERT_EQ(other.exit_code, 0) << other.err;
  auto refused = test_support::RunChorus(dir_, kEnv, "--store other.chorus import out.json");
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.err, HasSubstr("that this store does not have"));
}

TEST_F(CompartmentsCliTest, GrantStatusRoleChangeAndRemoval) {
  Ok("init");
  Ok(std::string("import '") + kSmallBundle + "'");
  Ok("user add sun --role source_handler");
  auto second = Chorus("user add moon --role source_handler");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_THAT(second.out, HasSubstr("moon waits for the key of compartment sources"));
  EXPECT_EQ(Status()["sources"]["waiting"], Json::array({"moon"}));
  // Only a holder can grant; the passphrase is not enough.
  auto not_a_holder = Chorus("keys grant --as moon", "CHORUS_PASSWORD='a long password'");
  ASSERT_EQ(not_a_holder.exit_code, 0) << not_a_holder.err;
  EXPECT_EQ(Status()["sources"]["waiting"], Json::array({"moon"}));
  Ok("keys grant --as sun", "CHORUS_PASSWORD='a long password'");
  EXPECT_EQ(Status()["sources"]["waiting"], Json::array());
  auto moon = Chorus("show src-a --as moon", "CHORUS_PASSWORD='a long password'");
  EXPECT_THAT(moon.out, HasSubstr("Zzyzx Secretname"));

  // moon becomes a documenter: sources gets a new key, moon keeps
  // people-at-risk.
  Ok("user role moon --role documenter");
  EXPECT_EQ(Status()["sources"]["keys"], 2);
  EXPECT_EQ(Status()["people-at-risk"]["keys"], 1);
  auto as_documenter = Chorus("show src-a --as moon", "CHORUS_PASSWORD='a long password'");
  EXPECT_THAT(as_documenter.out, Not(HasSubstr("Zzyzx")));
  // sun is the last holder of sources: refused, then forced.
  auto last = Chorus("user remove sun");
  EXPECT_NE(last.exit_code, 0);
  EXPECT_THAT(last.err, HasSubstr("--force"));
  Ok("user remove sun --force");
  EXPECT_EQ(Status()["sources"]["current_key"], "");
  auto log = Chorus("audit log --action key-change");
  EXPECT_THAT(log.out, HasSubstr("compartment retired"));
  EXPECT_THAT(log.out, HasSubstr("key rotated"));
  auto verify = Chorus("audit verify");
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
}

// Every name in the demo and test bundles, and every sealed value, searched
// for in the store file (with its WAL), a backup copy of it and an export:
// the figure of docs/SECURITY.md ("Compartments").
TEST_F(CompartmentsCliTest, NoNameInTheStoreOrABackupAndNoSealedValueInAnExport) {
  Ok("init");
  // The demo, and a protected source with a testimony naming a person at risk.
  std::ofstream(dir_.File("sealed.json"))
      << R"({"format": "chorus-bundle", "version": 1, "records": [)"
      << R"({"kind": "source", "id": "src-protected", "pseudonym": "source P", "type": "person",)"
      << R"( "reliability": "B", "identity": {"name": "Zzyzx Secretname",)"
      << R"( "contact": "+7 000 000 0000", "notes": "met in 2016"}},)"
      << R"({"kind": "report", "id": "rpt-protected", "title": "Testimony P", "type": "testimony",)"
      << R"( "source": "src-protected", "credibility": 2},)"
      << R"({"kind": "person", "id": "per-protected", "pseudonym": "worker P", "at_risk": true,)"
      << R"( "names": [{"text": "Quasar Atriskname", "language": "ko-Latn",)"
      << R"( "reports": ["rpt-protected"]}], "reports": ["rpt-protected"]}]})";
  Ok(std::string("import '") + CHORUS_DEMO_DIR + "/seed-report.json' sealed.json");
  Ok("user add sun --role source_handler");
  Ok("user add kim --role caseworker");
  Ok("queue add --tier vulnerable --reason 'papers held' --name 'Quokka Requestername' "
     "--contact 'signal +7 111 222' --location 'dormitory 7 behind the market'");
  Ok("export -o out.json");
  std::filesystem::copy_file(dir_.File("s.chorus"), dir_.File("backup.chorus"));
  if (std::filesystem::exists(dir_.File("s.chorus-wal"))) {
    std::filesystem::copy_file(dir_.File("s.chorus-wal"), dir_.File("backup.chorus-wal"));
  }

  std::vector<std::string> open_names;
  for (const std::string& bundle :
       {std::string(CHORUS_DEMO_DIR) + "/seed-report.json", dir_.File("sealed.json")}) {
    std::ifstream in(bundle);
    Json json = Json::parse(in);
    for (const auto& record : json["records"]) {
      if (record.value("at_risk", false)) continue;  // sealed: below
      for (const auto& name : record.value("names", Json::array())) {
        open_names.push_back(name["text"].get<std::string>());
      }
      if (record.contains("pseudonym")) open_names.push_back(record["pseudonym"]);
    }
  }
  const std::vector<std::string> sealed = {"Zzyzx Secretname",
                                           "+7 000 000 0000",
                                           "met in 2016",
                                           "Quasar Atriskname",
                                           "Quokka Requestername",
                                           "signal +7 111 222",
                                           "dormitory 7 behind the market"};
  const std::string store = ReadAll("s.chorus") + ReadAll("s.chorus-wal");
  const std::string backup = ReadAll("backup.chorus") + ReadAll("backup.chorus-wal");
  const std::string exported = ReadAll("out.json");
  int store_hits = 0, backup_hits = 0, export_open = 0, export_sealed = 0;
  for (const auto& name : open_names) {
    store_hits += store.find(name) != std::string::npos;
    backup_hits += backup.find(name) != std::string::npos;
    export_open += exported.find(name) != std::string::npos;
    EXPECT_EQ(store.find(name), std::string::npos) << name;
  }
  for (const auto& value : sealed) {
    store_hits += store.find(value) != std::string::npos;
    backup_hits += backup.find(value) != std::string::npos;
    export_sealed += exported.find(value) != std::string::npos;
    EXPECT_EQ(exported.find(value), std::string::npos) << value;
  }
  EXPECT_EQ(store_hits, 0);
  EXPECT_EQ(backup_hits, 0);
  EXPECT_EQ(export_sealed, 0);
  EXPECT_EQ(export_open, static_cast<int>(open_names.size()));  // the export is the data
  std::cout << "names searched: " << open_names.size() << " open + " << sealed.size()
            << " sealed; hits: store file " << store_hits << ", backup " << backup_hits
            << ", export " << export_open << " open / " << export_sealed << " sealed\n";
}

}  // namespace
}  // namespace chorus
