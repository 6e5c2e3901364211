// `chorus estimate` from a store as a user runs it: a store with three
// lists of victims whose overlaps are known, the capture table it builds,
// the estimate (the same as from the equivalent CSV table), strata, small-
// cell suppression and the errors a user can make.
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

// People per capture pattern, bit 0 = src-a, bit 1 = src-b, bit 2 = src-c.
constexpr int kPatternCounts[8] = {0, 20, 15, 8, 10, 6, 5, 4};  // 68 people
constexpr int kListed = 68;

std::string Quoted(const std::string& text) { return "\"" + text + "\""; }

std::string Array(const std::vector<std::string>& ids) {
  std::string out = "[";
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + Quoted(ids[i]);
  return out + "]";
}

// A bundle: three list sources (one report each) and one that is not a
// list; victims of an execution in 2015 (KP, through a city) and of a
// detention in 2016 (RU), alternating. A victim's lists a and b come from
// the person's own reports, list c from the involvement's: both capture.
std::string Bundle() {
  std::vector<std::string> r;
  for (const char* list : {"a", "b", "c", "other"}) {
    r.push_back(std::string(R"({"kind":"source","id":"src-)") + list + R"(","pseudonym":"List )" +
                list + R"(","reliability":"B"})");
    r.push_back(std::string(R"({"kind":"report","id":"rpt-)") + list + R"(","title":"List )" +
                list + R"(","source":"src-)" + list + R"("})");
  }
  r.push_back(
      R"({"kind":"place","id":"plc-kp","names":[{"text":"KP","language":"en"}],"type":"country","country":"KP"})");
  r.push_back(
      R"({"kind":"place","id":"plc-city","names":[{"text":"City","language":"en"}],"type":"city","parent":"plc-kp"})");
  r.push_back(
      R"({"kind":"place","id":"plc-ru","names":[{"text":"RU","language":"en"}],"type":"country","country":"RU"})");
  r.push_back(
      R"({"kind":"event","id":"evt-2015","title":"2015","dates":[{"report":"rpt-other","edtf":"2015-04"}],"places":[{"report":"rpt-other","place":"plc-city"}]})");
  r.push_back(
      R"({"kind":"event","id":"evt-2016","title":"2016","dates":[{"report":"rpt-other","edtf":"2016~"}],"places":[{"report":"rpt-other","place":"plc-ru"}]})");
  r.push_back(R"({"kind":"act","id":"act-2015","event":"evt-2015","type":"execution"})");
  r.push_back(R"({"kind":"act","id":"act-2016","event":"evt-2016","type":"arbitrary_detention"})");
  int person_idx = 0;
  auto add_victim = [&](const std::vector<std::string>& own, const std::vector<std::string>& via,
                        const std::string& act) {
    const std::string id = "per-" + std::to_string(person_idx++);
    r.push_back(R"({"kind":"person","id":")" + id + R"(","pseudonym":")" + id + R"(","reports":)" +
                Array(own) + "}");
    r.push_back(R"({"kind":"involvement","id":"inv-)" + id + R"(","act":")" + act +
                R"(","role":"victim","person":")" + id + R"(","reports":)" + Array(via) + "}");
    return id;
  };
  std::string first_on_all;
  for (int mask = 1; mask < 8; ++mask) {
    for (int n = 0; n < kPatternCounts[mask]; ++n) {
      std::vector<std::string> own;
      std::vector<std::string> via;
      if (mask & 1) own.push_back("rpt-a");
      if (mask & 2) own.push_back("rpt-b");
      if (mask & 4) via.push_back("rpt-c");
      const std::string id = add_victim(own, via, person_idx % 2 ? "act-2016" : "act-2015");
      if (mask == 7 && first_on_all.empty()) first_on_all = id;
    }
  }
  // One victim of both acts (counted in both periods, once overall), one
  // victim only the non-list source knows, a perpetrator named by list a
  // (not a victim) and a group that cannot be matched.
  r.push_back(
      R"({"kind":"involvement","id":"inv-second","act":"act-2016","role":"victim","person":")" +
      first_on_all + R"(","reports":["rpt-b"]})");
  add_victim({"rpt-other"}, {}, "act-2015");
  r.push_back(R"({"kind":"person","id":"per-perp","pseudonym":"perp","reports":["rpt-a"]})");
  r.push_back(
      R"({"kind":"involvement","id":"inv-perp","act":"act-2015","role":"perpetrator","person":"per-perp","reports":["rpt-a"]})");
  r.push_back(
      R"({"kind":"involvement","id":"inv-group","act":"act-2015","role":"victim","unnamed_party":"villagers","counts":[{"report":"rpt-a","min":10,"max":15,"unit":"individuals","words":"10-15 villagers"}],"reports":["rpt-a"]})");
  std::string bundle = R"({"format":"chorus-bundle","version":1,"records":[)"
                       "\n";
  for (size_t i = 0; i < r.size(); ++i) bundle += r[i] + (i + 1 < r.size() ? ",\n" : "\n");
  return bundle + "]}\n";
}

std::string TableCsv() {
  std::string csv = "src-a,src-b,src-c,Freq\n";
  for (int mask = 1; mask < 8; ++mask) {
    csv += std::to_string(mask & 1) + "," + std::to_string((mask >> 1) & 1) + "," +
           std::to_string((mask >> 2) & 1) + "," + std::to_string(kPatternCounts[mask]) + "\n";
  }
  return csv;
}

std::vector<std::string> WarningCodes(const Json& warnings) {
  std::vector<std::string> codes;
  for (const auto& w : warnings) codes.push_back(w["code"]);
  return codes;
}

const Json* FindWarning(const Json& warnings, const std::string& code) {
  for (const auto& w : warnings) {
    if (w["code"] == code) return &w;
  }
  return nullptr;
}

class EstimateCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_support::WriteFileBytes(dir_.File("lists.json"), Bundle());
    ASSERT_EQ(Chorus("--store s.chorus init").exit_code, 0);
    RunResult imported = Chorus("--store s.chorus import lists.json");
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }

  RunResult Chorus(const std::string& args) {
    return test_support::RunChorus(dir_, "CHORUS_PASSPHRASE='pass phrase'", args);
  }

  Json ChorusJson(const std::string& args) {
    RunResult run = Chorus(args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return Json::parse(run.out);
  }

  test_support::TempDir dir_;
};

TEST_F(EstimateCliTest, BuildsTheKnownTableAndEstimatesAsFromTheCsv) {
  Json out = ChorusJson("estimate --store s.chorus --lists src-a,src-b,src-c --json");
  EXPECT_EQ(out["lists"], Json({"src-a", "src-b", "src-c"}));
  EXPECT_EQ(out["observed"], kListed);
  ASSERT_EQ(out["cells"].size(), 7u);
  const char* patterns[8] = {"", "100", "010", "110", "001", "101", "011", "111"};
  for (size_t mask = 1; mask < 8; ++mask) {
    EXPECT_EQ(out["cells"][mask - 1]["pattern"], patterns[mask]);
    EXPECT_EQ(out["cells"][mask - 1]["count"], kPatternCounts[mask]) << patterns[mask];
  }
  EXPECT_EQ(out["from_store"]["victims"], kListed + 1);  // and one only the other source knows
  EXPECT_EQ(out["from_store"]["unlisted"], 1);
  EXPECT_EQ(out["from_store"]["groups_left_out"], 1);
  EXPECT_EQ(out["from_store"]["group_people_at_least"], 10);
  const Json* groups = FindWarning(out["warnings"], "unmatched-groups");
  ASSERT_NE(groups, nullptr) << out["warnings"].dump();
  EXPECT_THAT((*groups)["message"].get<std::string>(), HasSubstr("1 victim involvements"));
  EXPECT_EQ(FindWarning(out["warnings"], "multi-stratum"), nullptr);

  // The same table as a CSV gives the same estimate.
  test_support::WriteFileBytes(dir_.File("table.csv"), TableCsv());
  Json csv = ChorusJson("estimate table.csv --json");
  for (const char* field : {"estimate", "lower", "upper", "deviance", "aic", "model"}) {
    EXPECT_EQ(out[field], csv[field]) << field;
  }
  EXPECT_GE(out["estimate"].get<double>(), kListed);
  EXPECT_LE(out["lower"].get<double>(), out["estimate"].get<double>());

  RunResult text = Chorus("estimate --store s.chorus --lists src-a,src-b,src-c");
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("From the store: 69 victims, 1 of them on none of the 3 lists"));
  EXPECT_THAT(text.out, HasSubstr("warning [unmatched-groups]"));
  EXPECT_THAT(text.out, HasSubstr("Summary: "));
}

TEST_F(EstimateCliTest, OneEstimatePerStratumWithSmallStrataFlagged) {
  Json out =
      ChorusJson("estimate --store s.chorus --lists src-a,src-b,src-c --stratify period --json");
  EXPECT_EQ(out["stratify"], "period");
  ASSERT_EQ(out["strata"].size(), 2u);
  EXPECT_EQ(out["strata"][0]["stratum"], "2015");
  EXPECT_EQ(out["strata"][1]["stratum"], "2016");
  // The victim of both acts is in both periods.
  EXPECT_EQ(out["strata"][0]["observed"].get<int>() + out["strata"][1]["observed"].get<int>(),
            kListed + 1);
  for (const auto& stratum : out["strata"]) {
    EXPECT_THAT(WarningCodes(stratum["warnings"]), ::testing::Contains("small-stratum"));
    if (!stratum.contains("error")) {
      EXPECT_TRUE(stratum["estimate"].is_number());
    }
  }
  EXPECT_THAT(WarningCodes(out["warnings"]), ::testing::Contains("multi-stratum"));
  EXPECT_EQ(out["from_store"]["multi_stratum_victims"], 1);

  Json region = ChorusJson(
      "estimate --store s.chorus --lists src-a,src-b,src-c --stratify region --plot n.svg --json");
  ASSERT_EQ(region["strata"].size(), 2u);
  EXPECT_EQ(region["strata"][0]["stratum"], "KP");  // through the city's parent
  EXPECT_EQ(region["strata"][1]["stratum"], "RU");
  for (const auto& stratum : region["strata"]) {  // one plot per stratum
    ASSERT_FALSE(stratum.contains("error")) << stratum.dump();
    const std::string svg = test_support::ReadFileBytes(
        dir_.File("n-" + stratum["stratum"].get<std::string>() + ".svg"));
    EXPECT_THAT(svg, HasSubstr("<svg"));
  }

  Json act_type =
      ChorusJson("estimate --store s.chorus --lists src-a,src-b,src-c --stratify act-type --json");
  ASSERT_EQ(act_type["strata"].size(), 2u);
  EXPECT_EQ(act_type["strata"][0]["stratum"], "arbitrary_detention");
  EXPECT_EQ(act_type["strata"][1]["stratum"], "execution");

  // A stratum the method cannot estimate reports its error, cells and
  // warnings; the run goes on (BMA needs 3 to 5 lists).
  Json failed = ChorusJson(
      "estimate --store s.chorus --lists src-a,src-b --method bma --stratify period --json");
  ASSERT_EQ(failed["strata"].size(), 2u);
  for (const auto& stratum : failed["strata"]) {
    EXPECT_THAT(stratum["error"].get<std::string>(), HasSubstr("lists"));
    EXPECT_EQ(stratum["cells"].size(), 3u);
    EXPECT_TRUE(stratum["observed"].is_number());
  }

  RunResult text = Chorus("estimate --store s.chorus --lists src-a,src-b,src-c --stratify period");
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("== period 2015 =="));
  EXPECT_THAT(text.out, HasSubstr("== period 2016 =="));
  EXPECT_THAT(text.out, HasSubstr("warning [small-stratum]"));
}

TEST_F(EstimateCliTest, SuppressesSmallCellsAndCounts) {
  Json out =
      ChorusJson("estimate --store s.chorus --lists src-a,src-b,src-c --suppress-below 5 --json");
  EXPECT_EQ(out["suppress_below"], 5);
  // 111 (4 people) is below 5; 011 (5 people), the smallest other cell, is
  // hidden too or the total would give 111 away.
  for (const auto& cell : out["cells"]) {
    const bool hidden = cell["pattern"] == "111" || cell["pattern"] == "011";
    EXPECT_EQ(cell["suppressed"], hidden) << cell.dump();
    EXPECT_EQ(cell["count"].is_null(), hidden) << cell.dump();
  }
  EXPECT_TRUE(out["from_store"]["unlisted"].is_null());
  EXPECT_TRUE(out["from_store"]["groups_left_out"].is_null());
  EXPECT_EQ(out["from_store"]["group_people_at_least"], 10);
  EXPECT_EQ(out["observed"], kListed);
  const Json* groups = FindWarning(out["warnings"], "unmatched-groups");
  ASSERT_NE(groups, nullptr);
  EXPECT_THAT((*groups)["message"].get<std::string>(), HasSubstr("<5 victim involvements"));

  RunResult text = Chorus("estimate --store s.chorus --lists src-a,src-b,src-c --suppress-below 5");
  EXPECT_THAT(text.out, HasSubstr("fewer than 5 of them on none of the 3 lists"));
}

TEST_F(EstimateCliTest, ClearErrors) {
  RunResult unknown = Chorus("estimate --store s.chorus --lists src-a,src-zzz");
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_THAT(unknown.err, HasSubstr("src-zzz"));
  RunResult one = Chorus("estimate --store s.chorus --lists src-a");
  EXPECT_NE(one.exit_code, 0);
  RunResult stratum = Chorus("estimate --store s.chorus --lists src-a,src-b --stratify month");
  EXPECT_NE(stratum.exit_code, 0);
  EXPECT_THAT(stratum.err, HasSubstr("month"));
  RunResult no_lists = Chorus("estimate --store s.chorus --stratify period");
  EXPECT_NE(no_lists.exit_code, 0);
  EXPECT_THAT(no_lists.err, HasSubstr("--lists"));
  RunResult no_store = Chorus("estimate --lists src-a,src-b");
  EXPECT_NE(no_store.exit_code, 0);
  EXPECT_THAT(no_store.err, HasSubstr("--store"));
  RunResult wrong = test_support::RunChorus(dir_, "CHORUS_PASSPHRASE='guess'",
                                            "estimate --store s.chorus --lists src-a,src-b");
  EXPECT_NE(wrong.exit_code, 0);
  EXPECT_THAT(wrong.err, HasSubstr("wrong passphrase"));
}

}  // namespace
}  // namespace chorus
