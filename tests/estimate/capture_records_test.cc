#include "estimate/capture_records.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace chorus::estimate {
namespace {

core::Report MakeReport(const std::string& id, const std::string& source) {
  core::Report report;
  report.id = id;
  report.title = id;
  report.source_id = source;
  return report;
}

core::FuzzyDate Date(std::string_view edtf) { return *core::FuzzyDate::Parse(edtf); }

core::Involvement Victim(const std::string& id, const std::string& act,
                         std::optional<std::string> person, std::vector<std::string> reports) {
  core::Involvement involvement;
  involvement.id = id;
  involvement.act_id = act;
  involvement.role = core::InvolvementRole::kVictim;
  involvement.person_id = std::move(person);
  involvement.reports = std::move(reports);
  return involvement;
}

core::Person MakePerson(const std::string& id, std::vector<std::string> reports) {
  core::Person person;
  person.id = id;
  person.pseudonym = id;
  person.reports = std::move(reports);
  return person;
}

// Three lists (src-a, src-b, src-c) and one source that is not a list.
class CaptureRecordsTest : public ::testing::Test {
 protected:
  CaptureRecordsTest() {
    records_.reports = {MakeReport("ra1", "src-a"), MakeReport("ra2", "src-a"),
                        MakeReport("rb1", "src-b"), MakeReport("rc1", "src-c"),
                        MakeReport("rd1", "src-d")};
    core::Event event;
    event.id = "evt-1";
    event.title = "event";
    event.dates = {{"rd1", Date("2016-08")}};
    event.places = {{"rd1", "plc-site"}};
    records_.events = {event};
    core::Act killing;
    killing.id = "act-kill";
    killing.event_id = "evt-1";
    killing.type = "killing";
    killing.reports = {"rb1"};  // an act report names nobody: no capture
    core::Act detention = killing;
    detention.id = "act-detain";
    detention.type = "detention";
    detention.reports = {};
    detention.dates = {{"ra1", Date("2015-03/2015-05")}, {"rb1", Date("2014~")}};
    detention.places = {{"ra1", "plc-nowhere"}, {"ra1", "plc-city"}};
    records_.acts = {killing, detention};
    core::Place country;
    country.id = "plc-kp";
    country.country = "KP";
    core::Place city;
    city.id = "plc-city";
    city.parent_id = "plc-kp";
    core::Place nowhere;  // a place with no country anywhere up its chain
    nowhere.id = "plc-nowhere";
    core::Place site;
    site.id = "plc-site";
    site.country = "RU";
    records_.places = {country, city, nowhere, site};
  }

  Result<RecordCaptures> Capture(Stratify stratify = Stratify::kNone) {
    return CaptureRecords(records_, {"src-a", "src-b", "src-c"}, stratify);
  }

  CodedRecords records_;
};

std::vector<uint32_t> Masks(const RecordCaptures& captures) {
  std::vector<uint32_t> masks;
  for (const auto& m : captures.memberships) masks.push_back(m.lists_mask);
  return masks;
}

TEST_F(CaptureRecordsTest, PersonAndVictimInvolvementReportsCapture) {
  records_.persons = {MakePerson("p1", {"ra1"}), MakePerson("p2", {"rd1"}),
                      MakePerson("p3", {"rb1", "rc1"}), MakePerson("p4", {"ra1"})};
  records_.involvements = {
      Victim("i1", "act-kill", "p1", {"rb1"}),  // p1: a (own) + b (involvement)
      Victim("i2", "act-kill", "p2", {"rc1"}),  // p2: c; rd1 is not a list
      Victim("i3", "act-kill", "p3", {}),       // p3: b + c (own reports only)
  };
  // p4 is only a perpetrator: not a victim, whatever reports name them.
  core::Involvement perpetrator = Victim("i4", "act-kill", "p4", {"ra2"});
  perpetrator.role = core::InvolvementRole::kPerpetrator;
  records_.involvements.push_back(perpetrator);
  // A witness involvement's reports do not capture p2 as a victim.
  core::Involvement witness = Victim("i5", "act-kill", "p2", {"ra2"});
  witness.role = core::InvolvementRole::kWitness;
  records_.involvements.push_back(witness);

  auto captures = Capture();
  ASSERT_TRUE(captures.ok()) << captures.status().ToString();
  EXPECT_EQ(captures->victims, 3);
  EXPECT_EQ(Masks(*captures), (std::vector<uint32_t>{0b011, 0b100, 0b110}));
  for (const auto& m : captures->memberships) EXPECT_EQ(m.stratum, "");
  EXPECT_EQ(captures->unlisted, 0);
  EXPECT_TRUE(CaptureWarnings(*captures).empty());
  auto table = TabulateRecords({"src-a", "src-b", "src-c"}, captures->memberships);
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->Observed(), 3);
}

TEST_F(CaptureRecordsTest, VictimsOnNoChosenListAreCountedAsUnlisted) {
  records_.persons = {MakePerson("p1", {"rd1"}), MakePerson("p2", {"ra1"})};
  records_.involvements = {Victim("i1", "act-kill", "p1", {"rd1"}),
                           Victim("i2", "act-kill", "p2", {})};
  auto captures = Capture();
  ASSERT_TRUE(captures.ok());
  EXPECT_EQ(captures->victims, 2);
  EXPECT_EQ(captures->unlisted, 1);
  EXPECT_EQ(Masks(*captures), (std::vector<uint32_t>{0b001}));
}

TEST_F(CaptureRecordsTest, GroupsWithCountsAreLeftOutWithAWarning) {
  records_.persons = {MakePerson("p1", {"ra1"})};
  core::Involvement group = Victim("i-group", "act-kill", std::nullopt, {"ra1", "rb1"});
  group.unnamed_party = "workers of one team";
  core::CountRange six_to_ten{6, 10, std::nullopt, core::CountUnit::kIndividuals, "6-10"};
  core::CountRange almost_ten{8, 10, 9, core::CountUnit::kIndividuals, "almost 10"};
  group.counts = {{"ra1", six_to_ten}, {"rb1", almost_ten}};
  core::Involvement families = Victim("i-families", "act-kill", std::nullopt, {"rc1"});
  families.counts = {{"rc1", {3, 3, 3, core::CountUnit::kFamilies, "three families"}}};
  core::Involvement organization = Victim("i-org", "act-kill", std::nullopt, {"rc1"});
  organization.organization_id = "org-ngo";
  records_.involvements = {Victim("i1", "act-kill", "p1", {}), group, families, organization};

  auto captures = Capture();
  ASSERT_TRUE(captures.ok());
  EXPECT_EQ(captures->victims, 1);
  EXPECT_EQ(captures->group_involvements, 3);
  EXPECT_EQ(captures->group_people_at_least, 6);  // hull of 6-10 and 8-10; families not added
  auto warnings = CaptureWarnings(*captures);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].code, "unmatched-groups");
  EXPECT_NE(warnings[0].message.find("3 victim involvements"), std::string::npos);
  EXPECT_NE(warnings[0].message.find("at least 6 people"), std::string::npos);
  // Published with a threshold of 5, the small counts are not given.
  auto published = CaptureWarnings(*captures, 5);
  EXPECT_NE(published[0].message.find("<5 victim involvements"), std::string::npos);
  EXPECT_NE(published[0].message.find("at least 6 people"), std::string::npos);
}

TEST_F(CaptureRecordsTest, StratifiesByActTypeWithInvolvementReportsInTheirStratum) {
  // p1 was detained (reported by b) and killed (reported by c); a's report is
  // the person's own and behind no involvement: it counts in both strata.
  records_.persons = {MakePerson("p1", {"ra1", "rb1"}), MakePerson("p2", {"rc1"})};
  records_.involvements = {Victim("i1", "act-detain", "p1", {"rb1"}),
                           Victim("i2", "act-kill", "p1", {"rc1"}),
                           Victim("i3", "act-kill", "p2", {"ra2"})};
  auto captures = Capture(Stratify::kActType);
  ASSERT_TRUE(captures.ok());
  ASSERT_EQ(captures->memberships.size(), 3u);
  EXPECT_EQ(captures->memberships[0].stratum, "detention");
  EXPECT_EQ(captures->memberships[0].lists_mask, 0b011u);
  EXPECT_EQ(captures->memberships[1].stratum, "killing");
  EXPECT_EQ(captures->memberships[1].lists_mask, 0b101u);  // rb1 belongs to the detention
  EXPECT_EQ(captures->memberships[2].stratum, "killing");
  EXPECT_EQ(captures->memberships[2].lists_mask, 0b101u);
  EXPECT_EQ(captures->victims, 2);
  EXPECT_EQ(captures->multi_stratum_victims, 1);
  auto warnings = CaptureWarnings(*captures);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].code, "multi-stratum");

  // Unstratified, p1 is one person on all three lists.
  auto whole = Capture();
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(Masks(*whole), (std::vector<uint32_t>{0b111, 0b101}));
}

TEST_F(CaptureRecordsTest, PeriodIsTheEarliestYearOfTheActElseOfItsEvent) {
  records_.persons = {MakePerson("p1", {"ra1"}), MakePerson("p2", {"rb1"}),
                      MakePerson("p3", {"rc1"})};
  core::Act undated;
  undated.id = "act-undated";
  undated.event_id = "evt-missing";
  undated.type = "killing";
  records_.acts.push_back(undated);
  records_.involvements = {Victim("i1", "act-detain", "p1", {}),  // 2015 or "2014~": 2014
                           Victim("i2", "act-kill", "p2", {}),    // act undated, event 2016-08
                           Victim("i3", "act-undated", "p3", {})};
  auto captures = Capture(Stratify::kPeriod);
  ASSERT_TRUE(captures.ok());
  std::vector<std::string> strata;
  for (const auto& m : captures->memberships) strata.push_back(m.stratum);
  EXPECT_EQ(strata, (std::vector<std::string>{"2014", "2016", "unknown"}));

  // An unknown start gives no year; "201X" reads as its earliest, 2010.
  records_.acts[1].dates = {{"ra1", Date("/2015-05")}};
  records_.events[0].dates = {{"rd1", Date("201X")}};
  captures = Capture(Stratify::kPeriod);
  ASSERT_TRUE(captures.ok());
  EXPECT_EQ(captures->memberships[0].stratum, "2010");
}

TEST_F(CaptureRecordsTest, RegionIsTheCountryOfThePlaceOrItsParents) {
  records_.persons = {MakePerson("p1", {"ra1"}), MakePerson("p2", {"rb1"})};
  records_.involvements = {Victim("i1", "act-detain", "p1", {}),  // plc-city -> KP
                           Victim("i2", "act-kill", "p2", {})};   // event place: RU
  auto captures = Capture(Stratify::kRegion);
  ASSERT_TRUE(captures.ok());
  ASSERT_EQ(captures->memberships.size(), 2u);
  EXPECT_EQ(captures->memberships[0].stratum, "KP");
  EXPECT_EQ(captures->memberships[1].stratum, "RU");
  // A cycle in the place hierarchy ends the walk instead of looping.
  records_.places[2].parent_id = "plc-nowhere";
  records_.places[1].country = "";
  records_.places[1].parent_id = "plc-nowhere";
  records_.events[0].places = {};
  captures = Capture(Stratify::kRegion);
  ASSERT_TRUE(captures.ok());
  EXPECT_EQ(captures->memberships[0].stratum, "unknown");
  EXPECT_EQ(captures->memberships[1].stratum, "unknown");
}

TEST_F(CaptureRecordsTest, RejectsBadLists) {
  EXPECT_EQ(CaptureRecords(records_, {"src-a"}, Stratify::kNone).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(CaptureRecords(records_, {"src-a", "src-a"}, Stratify::kNone).status().code(),
            StatusCode::kInvalidArgument);
  auto missing = CaptureRecords(records_, {"src-a", "src-zzz"}, Stratify::kNone);
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("src-zzz"), std::string::npos);
}

TEST(Stratify, ParsesItsNames) {
  EXPECT_EQ(*ParseStratify(""), Stratify::kNone);
  EXPECT_EQ(*ParseStratify("period"), Stratify::kPeriod);
  EXPECT_EQ(*ParseStratify("region"), Stratify::kRegion);
  EXPECT_EQ(*ParseStratify("act-type"), Stratify::kActType);
  EXPECT_EQ(*ParseStratify("act_type"), Stratify::kActType);
  EXPECT_EQ(ParseStratify("month").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(StratifyName(Stratify::kActType), "act-type");
}

}  // namespace
}  // namespace chorus::estimate
