#include "base/clock.h"

#include <gtest/gtest.h>

namespace chorus {
namespace {

TEST(Timestamp, RoundTripsIso8601) {
  auto t = ParseTimestamp("2016-10-10T08:30:00Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(FormatTimestamp(*t), "2016-10-10T08:30:00Z");
  auto ms = ParseTimestamp("2016-10-10T08:30:00.250Z");
  ASSERT_TRUE(ms);
  EXPECT_EQ(FormatTimestamp(*ms), "2016-10-10T08:30:00.250Z");
}

TEST(Timestamp, AppliesOffsetsAndDates) {
  EXPECT_EQ(FormatTimestamp(*ParseTimestamp("2016-10-10T09:00:00+09:00")), "2016-10-10T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(*ParseTimestamp("2016-10-10")), "2016-10-10T00:00:00Z");
}

TEST(Timestamp, RejectsMalformed) {
  for (const char* bad : {"", "2016", "2016-13-01", "2016-02-30", "2016-10-10T25:00Z",
                          "2016-10-10T08:00", "2016-10-10T08:00Zjunk", "yesterday"}) {
    EXPECT_FALSE(ParseTimestamp(bad)) << bad;
  }
}

}  // namespace
}  // namespace chorus
