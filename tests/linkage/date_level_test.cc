// Date comparison levels: an exact day, a slip in one known day, a partial
// date consistent with the other (by how much it says), and nearness.
// Guards the split of "consistent partial date" from "near exact date"
// that the Korean-name benchmark needed (docs/PERFORMANCE.md).
#include <gtest/gtest.h>

#include "linkage/blocking.h"
#include "linkage/comparison.h"
#include "one_field_records.h"

namespace chorus::linkage {
namespace {

RecordSet Dates(const std::vector<std::string>& dates) {
  return OneFieldRecords("dob", FieldKind::kDate, dates);
}

TEST(DateLevel, ConsistentPartialDatesAreNotExact) {
  const RecordSet r = Dates({"1935-07-03", "1935-07-03", "1935", "1935", "1935-07", "193X",
                             "1937-07-03", "1935-07-10", "1936", "1955-01-01"});
  ASSERT_EQ(LevelLabels(r.fields()[0]).size(), 9u);
  EXPECT_EQ(CompareField(r, 0, 0, 1), 1);  // the same day
  EXPECT_EQ(CompareField(r, 0, 0, 6), 2);  // year two off, day and month right
  EXPECT_EQ(CompareField(r, 0, 0, 4), 3);  // month known, consistent
  EXPECT_EQ(CompareField(r, 0, 0, 2), 4);  // year known, consistent
  // Two people known only to be born in 1935 share no more than the year.
  EXPECT_EQ(CompareField(r, 0, 2, 3), 4);
  EXPECT_EQ(CompareField(r, 0, 0, 5), 5);  // decade known, consistent
  EXPECT_EQ(CompareField(r, 0, 0, 7), 6);  // two exact days a week apart
  EXPECT_EQ(CompareField(r, 0, 0, 8), 7);  // the year after
  EXPECT_EQ(CompareField(r, 0, 0, 9), 9);
}

TEST(DateLevel, MonthDayBlockingKeyOnlyForKnownDays) {
  const RecordSet r = Dates({"1968-08-03", "03/08/1966", "1968", "1968-08"});
  BlockingRule rule;
  rule.parts.push_back({0, KeyTransform::kMonthDay, 0});
  EXPECT_EQ(BlockingKey(r, rule, 0), "0803");
  EXPECT_EQ(BlockingKey(r, rule, 0), BlockingKey(r, rule, 1));  // the year miswritten
  EXPECT_EQ(BlockingKey(r, rule, 2), "");                       // no day: no block
  EXPECT_EQ(BlockingKey(r, rule, 3), "");
  EXPECT_EQ(ParseKeyTransform("month_day"), KeyTransform::kMonthDay);
}

}  // namespace
}  // namespace chorus::linkage
