// The pure merge: no claim lost, references pointed at the kept record.
#include "review/merge.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace chorus::review {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

core::FuzzyDate Date(std::string_view edtf) { return *core::FuzzyDate::Parse(edtf); }

core::Person Ri() {
  core::Person p;
  p.id = "per-a";
  p.pseudonym = "foreman R";
  p.names = {{"리명수", "ko-Hang", {"rpt-1"}}, {"Ri Myong Su", "ko-Latn", {"rpt-1"}}};
  p.birth_dates = {{"rpt-1", Date("1975-03-02")}};
  p.reports = {"rpt-1"};
  return p;
}

core::Person Lee() {
  core::Person p;
  p.id = "per-b";
  p.pseudonym = "Lee";
  p.names = {{"Ri Myong Su", "ko-Latn", {"rpt-2"}}, {"Ли Мён Су", "ru-Cyrl", {"rpt-3"}}};
  p.sex = core::Sex::kMale;
  p.birth_dates = {{"rpt-2", Date("1975")}};
  p.description = "beat workers";
  p.reports = {"rpt-2", "rpt-3"};
  return p;
}

TEST(MergeRecords, PeopleKeepEveryNameDateAndReportWithItsReports) {
  auto merged = MergeRecords(Ri(), Lee());
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  const auto& p = std::get<core::Person>(*merged);
  EXPECT_EQ(p.id, "per-a");
  EXPECT_EQ(p.pseudonym, "foreman R");
  ASSERT_EQ(p.names.size(), 3u);
  EXPECT_THAT(p.names[1].reports, ElementsAre("rpt-1", "rpt-2"));  // one spelling, two reports
  EXPECT_EQ(p.names[2].text, "Ли Мён Су");
  EXPECT_EQ(p.birth_dates.size(), 2u);  // each report's own claim stays
  EXPECT_EQ(p.sex, core::Sex::kMale);
  EXPECT_EQ(p.description, "beat workers");
  EXPECT_THAT(p.reports, ElementsAre("rpt-1", "rpt-2", "rpt-3"));
  EXPECT_TRUE(core::ValidateRecord(*merged).ok());
}

TEST(MergeRecords, AtRiskWhenEitherIs) {
  core::Person other = Lee();
  other.at_risk = true;
  auto merged = MergeRecords(Ri(), other);
  ASSERT_TRUE(merged.ok());
  EXPECT_TRUE(std::get<core::Person>(*merged).at_risk);
}

TEST(MergeRecords, RefusesWhatCannotBeMerged) {
  core::Event event;
  event.id = "evt-1";
  event.title = "t";
  EXPECT_EQ(MergeRecords(Ri(), event).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(MergeRecords(Ri(), Ri()).status().code(), StatusCode::kInvalidArgument);
  core::Place place;
  place.id = "plc-1";
  EXPECT_EQ(MergeRecords(place, place).status().code(), StatusCode::kInvalidArgument);

  core::Person woman = Ri();
  woman.id = "per-c";
  woman.sex = core::Sex::kFemale;
  auto sexes = MergeRecords(woman, Lee());
  EXPECT_EQ(sexes.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(sexes.status().message(), HasSubstr("different sexes"));

  core::Person sealed = Lee();
  sealed.names.clear();
  sealed.birth_dates.clear();
  sealed.sealed = core::SealedPart{core::Compartment::kPeopleAtRisk, "key", "box"};
  auto closed = MergeRecords(Ri(), sealed);
  EXPECT_EQ(closed.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(closed.status().message(), HasSubstr("per-b"));
}

TEST(MergeRecords, EventsJoinClaimsAndDropRelationsToThemselves) {
  core::Event keep;
  keep.id = "evt-1";
  keep.title = "Group escape";
  keep.dates = {{"rpt-1", Date("2016-08-21/2016-08-31")}};
  keep.places = {{"rpt-1", "plc-site"}};
  keep.related = {{"evt-2", "same_pattern"}, {"evt-9", "follows"}};
  keep.reports = {"rpt-1"};
  core::Event other;
  other.id = "evt-2";
  other.title = "Workers escaped";
  other.description = "six workers";
  other.dates = {{"rpt-3", Date("2016-08")}};
  other.places = {{"rpt-3", "plc-site"}};
  other.related = {{"evt-1", "same_pattern"}, {"evt-9", "follows"}, {"evt-7", "caused_by"}};
  other.reports = {"rpt-3"};
  auto merged = MergeRecords(keep, other);
  ASSERT_TRUE(merged.ok());
  const auto& e = std::get<core::Event>(*merged);
  EXPECT_EQ(e.title, "Group escape");
  EXPECT_EQ(e.description, "six workers");
  EXPECT_EQ(e.dates.size(), 2u);
  EXPECT_EQ(e.places.size(), 2u);
  ASSERT_EQ(e.related.size(), 2u);
  EXPECT_EQ(e.related[0].event_id, "evt-9");
  EXPECT_EQ(e.related[1].event_id, "evt-7");
  EXPECT_THAT(e.reports, ElementsAre("rpt-1", "rpt-3"));
}

TEST(RetargetReferences, PointsEachKindOfReferrerAtTheKeptRecord) {
  core::Involvement involvement;
  involvement.id = "inv-1";
  involvement.person_id = "per-b";
  core::Record record = involvement;
  EXPECT_TRUE(RetargetReferences(record, "per-b", "per-a"));
  EXPECT_EQ(std::get<core::Involvement>(record).person_id, "per-a");
  EXPECT_FALSE(RetargetReferences(record, "per-b", "per-a"));

  core::Membership membership;
  membership.id = "mem-1";
  membership.person_id = "per-b";
  record = membership;
  EXPECT_TRUE(RetargetReferences(record, "per-b", "per-a"));
  EXPECT_EQ(std::get<core::Membership>(record).person_id, "per-a");

  core::Act act;
  act.id = "act-1";
  act.event_id = "evt-2";
  record = act;
  EXPECT_TRUE(RetargetReferences(record, "evt-2", "evt-1"));
  EXPECT_EQ(std::get<core::Act>(record).event_id, "evt-1");

  core::Event event;
  event.id = "evt-1";
  event.related = {{"evt-2", "follows"}, {"evt-3", "follows"}};
  record = event;
  // evt-2 merged into evt-1: the relation would point evt-1 at itself.
  EXPECT_TRUE(RetargetReferences(record, "evt-2", "evt-1"));
  ASSERT_EQ(std::get<core::Event>(record).related.size(), 1u);
  event.id = "evt-5";
  event.related = {{"evt-2", "follows"}, {"evt-1", "follows"}};
  record = event;
  // Both now name evt-1 the same way: kept once.
  EXPECT_TRUE(RetargetReferences(record, "evt-2", "evt-1"));
  EXPECT_EQ(std::get<core::Event>(record).related.size(), 1u);

  core::Place place;
  place.id = "plc-1";
  record = place;
  EXPECT_FALSE(RetargetReferences(record, "evt-2", "evt-1"));
}

}  // namespace
}  // namespace chorus::review
