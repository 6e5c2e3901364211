#include "estimate/loglinear.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "estimate/capture_table.h"
#include "estimate/stats.h"
#include "formats/csv.h"

namespace chorus::estimate {
namespace {

CaptureTable LoadTable(const std::string& name) {
  auto csv = formats::ReadCsvFile(std::string(CHORUS_TEST_DATA_DIR) + "/estimate/" + name);
  EXPECT_TRUE(csv.ok()) << csv.status().ToString();
  auto table = CaptureTableFromCsv(*csv);
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  return *table;
}

// Rcapture's saved example output (tests/data/estimate/SOURCE.md).
TEST(LogLinear, RomeHivMainEffectsPlusC1C2MatchesRcapture) {
  CaptureTable table = LoadTable("hiv_rome_4lists.csv");
  auto model = ParseTerms(table.lists, "c1:c2");
  ASSERT_TRUE(model.ok());
  auto fit = FitLogLinear(table, *model);
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  EXPECT_NEAR(fit->estimate, 12318.5, 0.1);
  EXPECT_NEAR(fit->deviance, 7.614, 0.001);
  EXPECT_EQ(fit->df, 9);
  EXPECT_NEAR(fit->aic, 86.65, 0.01);
  EXPECT_NEAR(fit->lower, 10266, 1);
  EXPECT_NEAR(fit->upper, 14992.3, 1);
  EXPECT_NEAR(fit->multinomial_estimate, 12308, 1);
  EXPECT_NEAR(fit->std_error, 1188.7, 0.5);
}

TEST(LogLinear, RomeHivAllTwoWayMatchesRcapture) {
  CaptureTable table = LoadTable("hiv_rome_4lists.csv");
  auto model = ParseTerms(table.lists, "all2");
  ASSERT_TRUE(model.ok());
  auto fit = FitLogLinear(table, *model);
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  EXPECT_NEAR(fit->estimate, 23443.5, 0.1);
  EXPECT_NEAR(fit->deviance, 3.037, 0.001);
  EXPECT_EQ(fit->df, 4);
  EXPECT_NEAR(fit->aic, 92.073, 0.001);
  EXPECT_NEAR(fit->lower, 10027.6, 1);
  EXPECT_NEAR(fit->upper, 50046.3, 1);
  EXPECT_NEAR(fit->std_error, 9594.9, 0.5);
}

}  // namespace
}  // namespace chorus::estimate

namespace chorus::estimate {
namespace {

// Base-R glm references in tests/data/estimate/SOURCE.md.
TEST(LogLinear, KosovoReferenceModels) {
  CaptureTable table = LoadTable("kosovo_aggregate_table.csv");
  ASSERT_EQ(table.Observed(), 4400);
  struct Case {
    const char* terms;
    double estimate;
  };
  for (const Case& c : {Case{"", 7394.6}, Case{"all2", 14402.5}, Case{"all3", 16941.9}}) {
    auto model = ParseTerms(table.lists, c.terms);
    ASSERT_TRUE(model.ok());
    auto fit = FitLogLinear(table, *model);
    ASSERT_TRUE(fit.ok()) << fit.status().ToString();
    EXPECT_NEAR(fit->estimate, c.estimate, 0.1) << c.terms;
    EXPECT_LT(fit->lower, fit->estimate) << c.terms;
    EXPECT_GT(fit->upper, fit->estimate) << c.terms;
  }
  auto independence = FitLogLinear(table, LogLinearModel{});
  ASSERT_TRUE(independence.ok());
  EXPECT_NEAR(independence->deviance, 245.9, 0.05);
  EXPECT_EQ(independence->df, 10);
  auto all2 = FitLogLinear(table, *ParseTerms(table.lists, "all2"));
  EXPECT_NEAR(all2->deviance, 39.8, 0.05);
  EXPECT_EQ(all2->df, 4);
}

TEST(LogLinear, ParseTermsRejectsUnknownListsAndSingletons) {
  std::vector<std::string> lists = {"a", "b", "c"};
  EXPECT_EQ(ParseTerms(lists, "a:z").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseTerms(lists, "a").status().code(), StatusCode::kInvalidArgument);
  auto model = ParseTerms(lists, "a:b,b:c,a:b");
  ASSERT_TRUE(model.ok());
  EXPECT_EQ(model->interactions, (std::vector<uint32_t>{3u, 6u}));
  EXPECT_EQ(ModelName(lists, *model), "main effects + a:b + b:c");
  EXPECT_EQ(ParseTerms(lists, "all2")->interactions.size(), 3u);
}

TEST(LogLinear, SelectionReportsSeveralModelsAndTheirSpread) {
  CaptureTable table = LoadTable("hiv_rome_4lists.csv");
  auto selection = SelectLogLinear(table);
  ASSERT_TRUE(selection.ok()) << selection.status().ToString();
  EXPECT_EQ(selection->models_compared, 64);
  ASSERT_GE(selection->fits.size(), 3u);  // never a single model alone
  for (size_t idx = 1; idx < selection->fits.size(); ++idx) {
    EXPECT_LE(selection->fits[idx - 1].aic, selection->fits[idx].aic);
  }
  EXPECT_LE(selection->spread_lower, selection->fits[0].lower);
  EXPECT_GE(selection->spread_upper, selection->fits[0].upper);
  EXPECT_LE(selection->min_estimate, selection->fits[0].estimate);
}

TEST(LogLinear, ZeroMarginIsWarnedNotFatal) {
  // Nobody is on both a and b: the a:b term has no information.
  auto table = MakeCaptureTable({"a", "b", "c"});
  ASSERT_TRUE(table.ok());
  table->counts = {0, 50, 40, 0, 30, 10, 12, 0};
  auto fit = FitLogLinear(*table, *ParseTerms(table->lists, "a:b"));
  ASSERT_TRUE(fit.ok());
  ASSERT_FALSE(fit->warnings.empty());
  EXPECT_EQ(fit->warnings[0].code, "zero-margin");
}

}  // namespace
}  // namespace chorus::estimate

namespace chorus::estimate {
namespace {

TEST(Stats, ChiSquareQuantilesAndTails) {
  EXPECT_NEAR(ChiSquare1Quantile(0.95), 3.841458820694124, 1e-9);
  EXPECT_NEAR(ChiSquareSurvival(3.841458820694124, 1), 0.05, 1e-9);
  // References by numerical integration of the chi-square density.
  EXPECT_NEAR(ChiSquareSurvival(7.614, 9), 0.57346, 1e-4);
  EXPECT_NEAR(ChiSquareSurvival(18.307, 10), 0.05, 1e-4);
  EXPECT_NEAR(ChiSquareSurvival(1.0, 4), 0.9098, 1e-4);
}

TEST(LogLinear, KosovoSelectionIsFlaggedForLackOfFit) {
  CaptureTable table = LoadTable("kosovo_aggregate_table.csv");
  auto selection = SelectLogLinear(table);
  ASSERT_TRUE(selection.ok());
  bool flagged = false;
  for (const auto& w : selection->warnings) flagged |= w.code == "lack-of-fit";
  EXPECT_TRUE(flagged);
  auto hiv = SelectLogLinear(LoadTable("hiv_rome_4lists.csv"));
  for (const auto& w : hiv->warnings) EXPECT_NE(w.code, "lack-of-fit");
}

}  // namespace
}  // namespace chorus::estimate
