#include "estimate/capture_table.h"

#include <gtest/gtest.h>

#include "formats/csv.h"

namespace chorus::estimate {
namespace {

Result<CaptureTable> FromText(std::string_view text) {
  auto csv = formats::ParseCsv(text);
  if (!csv.ok()) return csv.status();
  return CaptureTableFromCsv(*csv);
}

TEST(CaptureTable, ReadsAggregateTableWithFreqColumnAnywhere) {
  auto table = FromText("a,Freq,b\n1,5,0\n0,3,1\n1,2,1\n1,1,0\n");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->lists, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(table->counts, (std::vector<int64_t>{0, 6, 3, 2}));
  EXPECT_EQ(table->Observed(), 11);
  EXPECT_EQ(table->ListTotal(0), 8);
  EXPECT_EQ(table->MarginAll(3), 2);
}

TEST(CaptureTable, IndividualRowsCountOneEach) {
  auto table = FromText("x,y,z\n1,0,0\n1,0,0\n0,1,1\n");
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->counts[1], 2);
  EXPECT_EQ(table->counts[6], 1);
}

TEST(CaptureTable, RejectsBadInputWithRowNumbers) {
  auto bad_value = FromText("a,b,freq\n1,2,3\n");
  EXPECT_EQ(bad_value.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad_value.status().message().find("row 1"), std::string::npos);
  EXPECT_EQ(FromText("a,b,freq\n1,0,-3\n").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(FromText("a,b,freq\n1,0,2.5\n").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(FromText("a,b,freq\n0,0,4\n").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(FromText("a,freq\n1,4\n").status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(FromText("a,b,freq\n0,0,0\n1,0,2.0\n").ok());  // R writes 2.0
}

TEST(CaptureTable, TabulatesRecordsAndStrata) {
  std::vector<RecordMembership> records = {
      {1, "1999-03"}, {3, "1999-03"}, {2, "1999-04"}, {3, "1999-04"}, {3, "1999-04"}};
  auto strata = TabulateStrata({"a", "b"}, records);
  ASSERT_TRUE(strata.ok());
  ASSERT_EQ(strata->size(), 2u);
  EXPECT_EQ(strata->at("1999-03").counts, (std::vector<int64_t>{0, 1, 0, 1}));
  EXPECT_EQ(strata->at("1999-04").counts, (std::vector<int64_t>{0, 0, 1, 2}));
  auto all = TabulateRecords({"a", "b"}, records);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->Observed(), 5);
  std::vector<RecordMembership> on_no_list = {{0, ""}};
  EXPECT_FALSE(TabulateRecords({"a", "b"}, on_no_list).ok());
  std::vector<RecordMembership> beyond = {{4, ""}};
  EXPECT_FALSE(TabulateRecords({"a", "b"}, beyond).ok());
}

TEST(CaptureTable, WarnsOnSparseOverlapAndSmallTables) {
  auto table = MakeCaptureTable({"a", "b", "c"});
  ASSERT_TRUE(table.ok());
  table->counts = {0, 400, 300, 2, 200, 30, 25, 1};  // a and b share 3 people
  auto warnings = CheckTable(*table);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].code, "sparse-overlap");
  table->counts = {0, 10, 10, 5, 5, 5, 5, 0};  // 40 people
  bool small = false;
  for (const auto& w : CheckTable(*table)) small |= w.code == "small-stratum";
  EXPECT_TRUE(small);
}

TEST(CaptureTable, SuppressionHidesSmallCellsAndOneMore) {
  auto table = MakeCaptureTable({"a", "b"});
  ASSERT_TRUE(table.ok());
  table->counts = {0, 40, 25, 3};
  auto cells = SuppressSmallCells(*table, 5);
  ASSERT_EQ(cells.size(), 3u);
  EXPECT_FALSE(cells[0].suppressed);
  EXPECT_EQ(cells[0].count, 40);
  // The 3 is hidden, and so is the 25: otherwise total - 40 - 25 reveals it.
  EXPECT_TRUE(cells[1].suppressed);
  EXPECT_EQ(cells[1].count, 0);
  EXPECT_TRUE(cells[2].suppressed);
  EXPECT_EQ(cells[2].count, 0);
  // Zero cells single nobody out; no threshold suppresses nothing.
  table->counts = {0, 40, 0, 25};
  for (const auto& cell : SuppressSmallCells(*table, 5)) EXPECT_FALSE(cell.suppressed);
  table->counts = {0, 1, 2, 3};
  for (const auto& cell : SuppressSmallCells(*table, 0)) EXPECT_FALSE(cell.suppressed);
  EXPECT_EQ(PublishCount(3.2, 5), "<5");
  EXPECT_EQ(PublishCount(12318.5, 5), "12319");
  EXPECT_EQ(PublishCount(0, 5), "0");
}

}  // namespace
}  // namespace chorus::estimate
