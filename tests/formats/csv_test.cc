#include "formats/csv.h"

#include <gtest/gtest.h>

namespace chorus::formats {
namespace {

TEST(Csv, ParsesQuotesNewlinesAndCrlf) {
  auto table = ParseCsv(
      "id,name,note\r\n1,\"Ri, Myong Su\",\"said \"\"almost 10\"\"\"\r\n2,b,\"two\nlines\"\r\n");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[0][1], "Ri, Myong Su");
  EXPECT_EQ(table->rows[0][2], "said \"almost 10\"");
  EXPECT_EQ(table->rows[1][2], "two\nlines");
  EXPECT_EQ(table->ColumnIndex("note"), 2);
  EXPECT_EQ(table->ColumnIndex("missing"), -1);
}

TEST(Csv, KeepsEmptyTrailingField) {
  auto table = ParseCsv("a,b\n1,\n");
  ASSERT_TRUE(table.ok());
  ASSERT_EQ(table->rows[0].size(), 2u);
  EXPECT_EQ(table->rows[0][1], "");
}

TEST(Csv, RejectsMalformedNamingTheLine) {
  auto unterminated = ParseCsv("a,b\n1,\"open\n");
  ASSERT_FALSE(unterminated.ok());
  EXPECT_NE(unterminated.status().message().find("line 2"), std::string::npos);
  auto ragged = ParseCsv("a,b\n1,2,3\n");
  ASSERT_FALSE(ragged.ok());
  EXPECT_NE(ragged.status().message().find("3 fields"), std::string::npos);
  EXPECT_FALSE(ParseCsv("a,b\n1,x\"y\n").ok());
  EXPECT_FALSE(ParseCsv("").ok());
}

TEST(Csv, FormatRoundTrips) {
  CsvRow row{"plain", "with,comma", "with \"quote\"", "line\nbreak"};
  auto table = ParseCsv(FormatCsvRow({"a", "b", "c", "d"}) + FormatCsvRow(row));
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->rows[0], row);
}

}  // namespace
}  // namespace chorus::formats
