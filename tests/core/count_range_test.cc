#include "core/count_range.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>

namespace chorus::core {
namespace {

using ::testing::HasSubstr;

CountRange Range(int64_t min, std::optional<int64_t> max, std::optional<int64_t> best = {},
                 CountUnit unit = CountUnit::kIndividuals) {
  CountRange count;
  count.min = min;
  count.max = max;
  count.best = best;
  count.unit = unit;
  return count;
}

TEST(CountUnit, NamesRoundTrip) {
  EXPECT_EQ(CountUnitName(CountUnit::kIndividuals), "individuals");
  EXPECT_EQ(CountUnitName(CountUnit::kFamilies), "families");
  EXPECT_EQ(CountUnitName(CountUnit::kGroups), "groups");
  for (CountUnit unit : {CountUnit::kIndividuals, CountUnit::kFamilies, CountUnit::kGroups}) {
    EXPECT_EQ(ParseCountUnit(CountUnitName(unit)), unit);
  }
  EXPECT_EQ(ParseCountUnit("people"), std::nullopt);
  EXPECT_EQ(ParseCountUnit("Individuals"), std::nullopt);
  EXPECT_EQ(ParseCountUnit(""), std::nullopt);
}

TEST(CountRangeValidate, AcceptsWellFormedRanges) {
  EXPECT_TRUE(Range(6, 10).Validate().ok());
  EXPECT_TRUE(Range(8, 10, 9).Validate().ok());
  EXPECT_TRUE(Range(0, 0, 0).Validate().ok());
  EXPECT_TRUE(Range(13, 13, 13).Validate().ok());
  EXPECT_TRUE(Range(151, std::nullopt).Validate().ok());       // "more than 150"
  EXPECT_TRUE(Range(151, std::nullopt, 200).Validate().ok());  // unbounded max, any best >= min
}

TEST(CountRangeValidate, RejectsBrokenInvariants) {
  Status negative = Range(-1, 3).Validate();
  EXPECT_EQ(negative.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(negative.message(), HasSubstr("min -1 is negative"));

  Status inverted = Range(10, 6).Validate();
  EXPECT_EQ(inverted.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(inverted.message(), HasSubstr("max 6 is below min 10"));

  Status best_high = Range(6, 10, 11).Validate();
  EXPECT_EQ(best_high.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(best_high.message(), HasSubstr("best 11 is outside the range"));
  EXPECT_THAT(best_high.message(), HasSubstr("6-10"));

  EXPECT_FALSE(Range(6, 10, 5).Validate().ok());
  EXPECT_FALSE(Range(151, std::nullopt, 150).Validate().ok());
}

TEST(AddCounts, SumsBoundsAndBests) {
  Result<CountRange> sum = AddCounts(Range(6, 10, 8), Range(2, 3, 3));
  ASSERT_TRUE(sum.ok()) << sum.status().ToString();
  EXPECT_EQ(sum->min, 8);
  EXPECT_EQ(sum->max, 13);
  EXPECT_EQ(sum->best, 11);
  EXPECT_EQ(sum->unit, CountUnit::kIndividuals);
  EXPECT_TRUE(sum->Validate().ok());
}

TEST(AddCounts, UnboundedPartMakesUnboundedSum) {
  Result<CountRange> sum = AddCounts(Range(151, std::nullopt), Range(6, 10, 9));
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->min, 157);
  EXPECT_EQ(sum->max, std::nullopt);
  EXPECT_EQ(sum->best, std::nullopt);  // the first part has no best
}

TEST(AddCounts, BestOnlyWhenEveryPartHasOne) {
  Result<CountRange> sum = AddCounts(Range(6, 10), Range(1, 1, 1));
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->best, std::nullopt);
  EXPECT_EQ(sum->max, 11);
}

TEST(AddCounts, RejectsMixedUnitsInvalidPartsAndOverflow) {
  Result<CountRange> mixed =
      AddCounts(Range(1, 2), Range(1, 2, std::nullopt, CountUnit::kFamilies));
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(mixed.status().message(), HasSubstr("individuals and families"));

  EXPECT_FALSE(AddCounts(Range(10, 6), Range(1, 2)).ok());

  constexpr int64_t kBig = std::numeric_limits<int64_t>::max() - 1;
  Result<CountRange> overflow = AddCounts(Range(kBig, std::nullopt), Range(5, 5));
  ASSERT_FALSE(overflow.ok());
  EXPECT_THAT(overflow.status().message(), HasSubstr("too large"));
}

// The seed report: one source says "between 6-10 people", the other "almost
// 10 people" (coded 8-10, best 9). They agree: 6-10, best 9.
TEST(ConsolidateCounts, SeedReportSixToTenAndAlmostTen) {
  CountRange six_to_ten = Range(6, 10);
  six_to_ten.words = "between 6-10 people";
  CountRange almost_ten = Range(8, 10, 9);
  almost_ten.words = "almost 10 people";
  std::vector<CountClaim> claims = {{"rpt-dailynk-1", six_to_ten}, {"rpt-dailynk-2", almost_ten}};

  Result<ConsolidatedCount> merged = ConsolidateCounts(claims);
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(merged->range.min, 6);
  EXPECT_EQ(merged->range.max, 10);
  EXPECT_EQ(merged->range.best, 9);
  EXPECT_FALSE(merged->conflicting);
  EXPECT_TRUE(merged->range.Validate().ok());
  // Every claim stays visible, words and all.
  ASSERT_EQ(merged->claims.size(), 2u);
  EXPECT_EQ(merged->claims[0].report_id, "rpt-dailynk-1");
  EXPECT_EQ(merged->claims[0].count.words, "between 6-10 people");
  EXPECT_EQ(merged->claims[1].count.words, "almost 10 people");
}

TEST(ConsolidateCounts, DisjointRangesConflictAndHullCoversBoth) {
  std::vector<CountClaim> claims = {{"rpt-a", Range(6, 10, 8)}, {"rpt-b", Range(20, 30, 25)}};
  Result<ConsolidatedCount> merged = ConsolidateCounts(claims);
  ASSERT_TRUE(merged.ok());
  EXPECT_TRUE(merged->conflicting);
  EXPECT_EQ(merged->range.min, 6);
  EXPECT_EQ(merged->range.max, 30);
  // Median of 8 and 25 is 16.5, rounded half up; no intersection to clamp into.
  EXPECT_EQ(merged->range.best, 17);
  EXPECT_TRUE(merged->range.Validate().ok());
}

TEST(ConsolidateCounts, TouchingRangesDoNotConflict) {
  std::vector<CountClaim> claims = {{"rpt-a", Range(6, 10)}, {"rpt-b", Range(10, 13)}};
  Result<ConsolidatedCount> merged = ConsolidateCounts(claims);
  ASSERT_TRUE(merged.ok());
  EXPECT_FALSE(merged->conflicting);
  // Midpoints 8 and 11.5, median 9.75 -> 10, which is the whole intersection.
  EXPECT_EQ(merged->range.best, 10);
}

TEST(ConsolidateCounts, BestIsClampedIntoTheIntersection) {
  // Bests 1, 2 and 40: median 2, but every source allows only 5-8 together.
  std::vector<CountClaim> claims = {
      {"rpt-a", Range(0, 8, 1)}, {"rpt-b", Range(0, 50, 2)}, {"rpt-c", Range(5, 50, 40)}};
  Result<ConsolidatedCount> merged = ConsolidateCounts(claims);
  ASSERT_TRUE(merged.ok());
  EXPECT_FALSE(merged->conflicting);
  EXPECT_EQ(merged->range.min, 0);
  EXPECT_EQ(merged->range.max, 50);
  EXPECT_EQ(merged->range.best, 5);
}

TEST(ConsolidateCounts, MedianOfOddNumberOfClaims) {
  std::vector<CountClaim> claims = {
      {"rpt-a", Range(0, 100, 10)}, {"rpt-b", Range(0, 100, 90)}, {"rpt-c", Range(0, 100, 30)}};
  Result<ConsolidatedCount> merged = ConsolidateCounts(claims);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->range.best, 30);  // not the mean (43)
}

TEST(ConsolidateCounts, UnboundedClaimsKeepTheHullOpen) {
  // "more than 150" (no best) and "about 160" (155-165, best 160).
  std::vector<CountClaim> claims = {{"rpt-a", Range(151, std::nullopt)},
                                    {"rpt-b", Range(155, 165, 160)}};
  Result<ConsolidatedCount> merged = ConsolidateCounts(claims);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->range.min, 151);
  EXPECT_EQ(merged->range.max, std::nullopt);
  EXPECT_FALSE(merged->conflicting);
  EXPECT_EQ(merged->range.best, 160);  // the unbounded claim without a best contributes nothing
}

TEST(ConsolidateCounts, UnboundedClaimAboveABoundedOneConflicts) {
  std::vector<CountClaim> claims = {{"rpt-a", Range(151, std::nullopt)}, {"rpt-b", Range(6, 10)}};
  Result<ConsolidatedCount> merged = ConsolidateCounts(claims);
  ASSERT_TRUE(merged.ok());
  EXPECT_TRUE(merged->conflicting);
  EXPECT_EQ(merged->range.min, 6);
  EXPECT_EQ(merged->range.max, std::nullopt);
  EXPECT_EQ(merged->range.best, 8);
}

TEST(ConsolidateCounts, NoBestAnywhereLeavesBestUnset) {
  std::vector<CountClaim> claims = {{"rpt-a", Range(151, std::nullopt)}};
  Result<ConsolidatedCount> merged = ConsolidateCounts(claims);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->range.best, std::nullopt);
  EXPECT_EQ(merged->range.min, 151);
}

TEST(ConsolidateCounts, SingleClaimIsItself) {
  std::vector<CountClaim> claims = {{"rpt-a", Range(13, 13, 13)}};
  Result<ConsolidatedCount> merged = ConsolidateCounts(claims);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->range.min, 13);
  EXPECT_EQ(merged->range.max, 13);
  EXPECT_EQ(merged->range.best, 13);
  EXPECT_FALSE(merged->conflicting);
}

TEST(ConsolidateCounts, RejectsEmptyMixedUnitsAndInvalidClaims) {
  EXPECT_EQ(ConsolidateCounts({}).status().code(), StatusCode::kInvalidArgument);

  std::vector<CountClaim> mixed = {{"rpt-a", Range(1, 2)},
                                   {"rpt-b", Range(1, 2, std::nullopt, CountUnit::kGroups)}};
  Result<ConsolidatedCount> mixed_result = ConsolidateCounts(mixed);
  ASSERT_FALSE(mixed_result.ok());
  EXPECT_THAT(mixed_result.status().message(), HasSubstr("report rpt-b"));
  EXPECT_THAT(mixed_result.status().message(), HasSubstr("groups"));

  std::vector<CountClaim> invalid = {{"rpt-a", Range(1, 2)}, {"rpt-bad", Range(10, 6)}};
  Result<ConsolidatedCount> invalid_result = ConsolidateCounts(invalid);
  ASSERT_FALSE(invalid_result.ok());
  EXPECT_EQ(invalid_result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(invalid_result.status().message(), HasSubstr("report rpt-bad"));
}

TEST(ConsolidateCounts, ExtremeValuesDoNotOverflow) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  std::vector<CountClaim> claims = {{"rpt-a", Range(kMax - 1, kMax)},
                                    {"rpt-b", Range(kMax, kMax, kMax)}};
  Result<ConsolidatedCount> merged = ConsolidateCounts(claims);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->range.best, kMax);
  EXPECT_TRUE(merged->range.Validate().ok());
}

}  // namespace
}  // namespace chorus::core
