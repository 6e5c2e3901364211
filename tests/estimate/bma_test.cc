#include "estimate/bma.h"

#include <gtest/gtest.h>

#include "estimate/random.h"
#include "formats/csv.h"

namespace chorus::estimate {
namespace {

TEST(Bma, CountsDecomposableGraphs) {
  // Labelled chordal graphs (OEIS A058862): 8, 61, 822 on 3, 4, 5 vertices.
  EXPECT_EQ(DecomposableGraphs(3).size(), 8u);
  EXPECT_EQ(DecomposableGraphs(4).size(), 61u);
  EXPECT_EQ(DecomposableGraphs(5).size(), 822u);
}

CaptureTable Simulate(int num_lists, int64_t n, uint64_t seed, bool dependent) {
  Rng rng(seed);
  std::vector<std::string> names;
  for (int l = 0; l < num_lists; ++l) names.push_back("l" + std::to_string(l + 1));
  auto table = MakeCaptureTable(names);
  for (int64_t person = 0; person < n; ++person) {
    uint32_t mask = 0;
    for (int l = 0; l < num_lists; ++l) {
      double p = 0.3;
      // List 2 mostly finds people list 1 found: a positive dependence.
      if (dependent && l == 1) p = (mask & 1u) ? 0.6 : 0.15;
      if (rng.Uniform() < p) mask |= 1u << l;
    }
    if (mask != 0) ++table->counts[mask];
  }
  return *table;
}

TEST(Bma, IndependentListsFavourSparseGraphsAndCoverTheTruth) {
  CaptureTable table = Simulate(4, 5000, 17, false);
  auto result = FitBma(table);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->graphs_compared, 61);
  ASSERT_FALSE(result->graphs.empty());
  EXPECT_EQ(result->graphs[0].name, "independence");
  EXPECT_LT(result->lower, 5000);
  EXPECT_GT(result->upper, 5000);
  double mass = 0;
  for (double p : result->posterior) mass += p;
  EXPECT_NEAR(mass, 1.0, 1e-9);
}

TEST(Bma, FindsADependenceBetweenTwoLists) {
  CaptureTable table = Simulate(3, 5000, 5, true);
  auto result = FitBma(table);
  ASSERT_TRUE(result.ok());
  EXPECT_NE(result->graphs[0].name.find("l1-l2"), std::string::npos) << result->graphs[0].name;
  EXPECT_LT(result->lower, 5000);
  EXPECT_GT(result->upper, 5000);
}

TEST(Bma, KosovoAveragesToAPlausibleRange) {
  auto csv = formats::ReadCsvFile(std::string(CHORUS_TEST_DATA_DIR) +
                                  "/estimate/kosovo_aggregate_table.csv");
  ASSERT_TRUE(csv.ok());
  auto result = FitBma(*CaptureTableFromCsv(*csv));
  ASSERT_TRUE(result.ok());
  EXPECT_GT(result->median, 7400);  // above the independence fit
  EXPECT_LT(result->median, 17000);
  EXPECT_LT(result->lower, result->median);
  EXPECT_LT(result->median, result->upper);
}

// The speed target (under 1 s) is measured in bench/estimate.
TEST(Bma, FiveListsAverageOverAll822Graphs) {
  CaptureTable table = Simulate(5, 3000, 9, false);
  auto result = FitBma(table);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->graphs_compared, 822);
  EXPECT_GT(result->seconds, 0.0);
}

TEST(Bma, RejectsTwoOrSixLists) {
  EXPECT_FALSE(FitBma(Simulate(2, 100, 1, false)).ok());
  EXPECT_FALSE(FitBma(Simulate(6, 100, 1, false)).ok());
}

}  // namespace
}  // namespace chorus::estimate
