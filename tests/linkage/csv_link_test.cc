#include "linkage/csv_link.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "formats/csv.h"
#include "linkage/config.h"

namespace chorus::linkage {
namespace {

const std::string kDir = std::string(CHORUS_TEST_DATA_DIR) + "/linkage";

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("chorus_linkage_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

std::string Entity(const std::string& rec_id) {
  const size_t a = rec_id.find('-');
  return rec_id.substr(a + 1, rec_id.find('-', a + 1) - a - 1);
}

TEST(CsvLink, DedupesTinyFebrlEndToEnd) {
  auto config = ReadCsvLinkConfigFile(kDir + "/febrl1_small.json");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  CsvLinkOptions options;
  options.files = {kDir + "/febrl1_small.csv"};
  options.pairs_out = TempPath("pairs.csv");
  options.clusters_out = TempPath("clusters.csv");
  options.explain = {{"rec-10-org", "rec-10-dup-0"}};
  auto report = RunCsvLink(*config, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_FALSE(report->link_mode);
  EXPECT_EQ(report->records, 120u);
  EXPECT_GT(report->stats.candidate_pairs, 60u);
  EXPECT_GE(report->stats.em_iterations, 1);

  auto pairs = formats::ReadCsvFile(options.pairs_out);
  ASSERT_TRUE(pairs.ok());
  EXPECT_EQ(pairs->header, (formats::CsvRow{"left_id", "right_id", "probability"}));
  int correct = 0;
  for (const auto& row : pairs->rows) {
    EXPECT_GE(std::stod(row[2]), 0.5);
    correct += Entity(row[0]) == Entity(row[1]);
  }
  // 60 true pairs; precision and recall both at least 0.9.
  EXPECT_GE(correct, 54);
  EXPECT_LE(pairs->rows.size() - static_cast<size_t>(correct), 6u);

  auto clusters = formats::ReadCsvFile(options.clusters_out);
  ASSERT_TRUE(clusters.ok());
  EXPECT_EQ(clusters->header, (formats::CsvRow{"id", "cluster", "probability"}));
  EXPECT_EQ(clusters->rows.size(), 120u);
  EXPECT_LE(report->clusters, 70u);
  EXPECT_GE(report->clusters, 55u);

  // The explanation: every field listed, and the weights add up.
  ASSERT_EQ(report->explanations.size(), 1u);
  const Explanation& e = report->explanations[0];
  EXPECT_EQ(e.left_id, "rec-10-org");
  EXPECT_EQ(e.right_id, "rec-10-dup-0");
  ASSERT_EQ(e.fields.size(), 10u);
  double total = e.prior_weight;
  for (const FieldContribution& c : e.fields) {
    total += c.weight + c.tf_adjustment;
    if (c.level == 0) {
      EXPECT_EQ(c.level_label, "missing");
      EXPECT_EQ(c.weight, 0.0);
    } else {
      EXPECT_NEAR(c.weight, std::log2(c.m / c.u), 1e-9);
    }
  }
  EXPECT_NEAR(total, e.total_weight, 1e-9);
  EXPECT_NEAR(e.probability, 1 / (1 + std::exp2(-e.total_weight)), 1e-12);
  EXPECT_GT(e.probability, 0.5);
  // street_number is empty in rec-10-dup-0: the explanation says so.
  EXPECT_EQ(e.fields[2].field, "street_number");
  EXPECT_EQ(e.fields[2].level, 0);
  const std::string text = FormatExplanation(e);
  EXPECT_NE(text.find("soc_sec_id"), std::string::npos);
  EXPECT_NE(text.find("missing"), std::string::npos);
  std::filesystem::remove(options.pairs_out);
  std::filesystem::remove(options.clusters_out);
}

TEST(CsvLink, MissingColumnIsAnError) {
  auto config = ParseCsvLinkConfig(R"({"id_column": "rec_id",
      "fields": [{"name": "nickname", "kind": "given_name"}], "blocking": ["nickname"]})");
  ASSERT_TRUE(config.ok());
  CsvLinkOptions options;
  options.files = {kDir + "/febrl1_small.csv"};
  options.pairs_out = TempPath("never.csv");
  auto report = RunCsvLink(*config, options);
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(report.status().message().find("nickname"), std::string::npos);
}

TEST(Config, DecodesFieldsBlockingAndOptions) {
  auto config = ParseCsvLinkConfig(R"({
    "id_column": "id",
    "fields": [
      {"name": "name", "kind": "person_name", "columns": ["first", "last"]},
      {"name": "dob", "kind": "date", "column": "birth"},
      {"name": "zip", "kind": "code", "prefix_levels": [3, 2], "tf_adjust": true}
    ],
    "blocking": ["dob", [{"field": "name", "transform": "prefix", "length": 2}, "zip"]],
    "threshold": 0.8, "one_to_one": true, "em": {"max_iterations": 50, "fix_u": true}
  })");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->id_column, "id");
  ASSERT_EQ(config->spec.fields.size(), 3u);
  EXPECT_EQ(config->spec.fields[0].kind, FieldKind::kPersonName);
  EXPECT_TRUE(config->spec.fields[0].tf_adjust);  // default for names
  EXPECT_FALSE(config->spec.fields[1].tf_adjust);
  EXPECT_TRUE(config->spec.fields[2].tf_adjust);
  EXPECT_EQ(config->spec.fields[2].prefix_levels, (std::vector<int>{3, 2}));
  EXPECT_EQ(config->field_columns[0], (std::vector<std::string>{"first", "last"}));
  EXPECT_EQ(config->field_columns[1], (std::vector<std::string>{"birth"}));
  EXPECT_EQ(config->field_columns[2], (std::vector<std::string>{"zip"}));
  ASSERT_EQ(config->spec.blocking.size(), 2u);
  EXPECT_EQ(config->spec.blocking[1].parts[0].transform, KeyTransform::kPrefix);
  EXPECT_EQ(config->spec.blocking[1].parts[0].length, 2);
  EXPECT_EQ(config->spec.blocking[1].parts[1].field, 2u);
  EXPECT_DOUBLE_EQ(config->spec.threshold, 0.8);
  EXPECT_TRUE(config->spec.one_to_one);
  EXPECT_EQ(config->spec.em.max_iterations, 50);
  EXPECT_TRUE(config->spec.em.fix_u);
}

TEST(Config, ErrorsNameTheProblem) {
  auto expect_error = [](const std::string& json, const std::string& fragment) {
    auto config = ParseCsvLinkConfig(json);
    ASSERT_FALSE(config.ok()) << json;
    EXPECT_EQ(config.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(config.status().message().find(fragment), std::string::npos)
        << config.status().message();
  };
  expect_error("{", "not valid JSON");
  expect_error(R"({"fields": []})", "id_column");
  expect_error(R"({"id_column": "id", "fields": [{"name": "a", "kind": "nmae"}],
                   "blocking": ["a"]})",
               "unknown kind 'nmae'");
  expect_error(R"({"id_column": "id", "fields": [{"name": "a", "kind": "date"}],
                   "blocking": ["b"]})",
               "unknown field 'b'");
  expect_error(R"({"id_column": "id", "fields": [{"name": "a", "kind": "date"}],
                   "blocking": [{"field": "a", "transform": "prefix"}]})",
               "needs a length");
  expect_error(R"({"id_column": "id", "fields": [{"name": "a", "kind": "date"}],
                   "blocking": ["a"], "threshold": 2})",
               "threshold");
}

}  // namespace
}  // namespace chorus::linkage

#include "linkage/csv_reader.h"

namespace chorus::linkage {
namespace {

TEST(CsvReader, QuotedFieldsAfterCommasNewlinesAndWidth) {
  const std::string path = TempPath("reader.csv");
  {
    std::ofstream out(path, std::ios::binary);
    out << "\xEF\xBB\xBFid,name,note\r\n1,\"kim, jong\",\"say "
           "\"\"hi\"\"\"\n\n2,lee,\"two\nlines\"\n";
  }
  std::vector<std::vector<std::string>> rows;
  Status s = ForEachCsvRow(path, [&rows](size_t, const std::vector<std::string>& row) {
    rows.push_back(row);
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"id", "name", "note"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"1", "kim, jong", "say \"hi\""}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"2", "lee", "two\nlines"}));
  {
    std::ofstream out(path, std::ios::binary);
    out << "a,b\n1,2\n3\n";
  }
  s = ForEachCsvRow(path, [](size_t, const std::vector<std::string>&) { return Status::Ok(); });
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("line 3"), std::string::npos) << s.message();
  {
    std::ofstream out(path, std::ios::binary);
    out << "a,b\n1,\"open\n";
  }
  s = ForEachCsvRow(path, [](size_t, const std::vector<std::string>&) { return Status::Ok(); });
  EXPECT_NE(s.message().find("unterminated"), std::string::npos) << s.message();
  std::filesystem::remove(path);
  EXPECT_EQ(
      ForEachCsvRow(path, [](size_t, const std::vector<std::string>&) { return Status::Ok(); })
          .code(),
      StatusCode::kNotFound);
}

}  // namespace
}  // namespace chorus::linkage
