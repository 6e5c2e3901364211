#include "base/status.h"

#include <gtest/gtest.h>

namespace chorus {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return Status::InvalidArgument("odd number " + std::to_string(x));
  return x / 2;
}

Result<int> Quarter(int x) {
  CHORUS_ASSIGN_OR_RETURN(int half, Half(x));
  CHORUS_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

Status CheckQuarter(int x) {
  CHORUS_RETURN_IF_ERROR(Quarter(x));
  return Status::Ok();
}

TEST(Status, OkByDefault) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "ok");
}

TEST(Status, ToStringNamesCodeAndMessage) {
  EXPECT_EQ(Status::NotFound("report rpt-1 does not exist").ToString(),
            "not found: report rpt-1 does not exist");
  EXPECT_EQ(Status::DataLoss("x").WithContext("file a.json").message(), "file a.json: x");
}

TEST(Result, PropagatesFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  Result<int> r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(), "odd number 3");
  EXPECT_TRUE(CheckQuarter(4).ok());
  EXPECT_EQ(CheckQuarter(5).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace chorus
