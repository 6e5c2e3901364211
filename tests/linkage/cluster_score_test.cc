// Cluster-level scoring (cluster_score.h): pooled values of a cluster, and
// records moved to the cluster they fit, or left alone when two clusters
// fit them equally well.
#include "linkage/cluster_score.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <memory>

#include "linkage/config.h"
#include "linkage/em.h"

namespace chorus::linkage {
namespace {

// m and u close to what per-rule EM learns on the Korean-name benchmark
// (docs/PERFORMANCE.md), so the weights have realistic sizes.
ModelParameters KoreanModel() {
  ModelParameters p;
  p.lambda = 0.00014;
  p.fields.push_back({{0.81, 0.0199, 0.117, 0.00968, 0.032, 0.00114, 0.00485, 0.00566},
                      {0.0003, 0.00001, 0.0014, 0.00155, 0.00975, 0.00222, 0.08218, 0.9026}});
  p.fields.push_back(
      {{0.584, 0.105, 0.0647, 0.1936, 0.0366, 0.00143, 0.00641, 0.00598, 0.00275},
       {0.00013, 0.00095, 0.00008, 0.0029, 0.00524, 0.00249, 0.02515, 0.23322, 0.72984}});
  p.fields.push_back({{0.965, 0.035}, {0.501, 0.499}});
  return p;
}

struct Fixture {
  RecordSet records;
  std::unique_ptr<Linker> linker;
};

Fixture Make(const std::vector<std::array<std::string, 3>>& rows) {
  std::vector<FieldSpec> fields(3);
  fields[0].name = "name";
  fields[0].kind = FieldKind::kKoreanName;
  fields[1].name = "dob";
  fields[1].kind = FieldKind::kDate;
  fields[2].name = "sex";
  fields[2].kind = FieldKind::kSex;
  fields[0].tf_adjust = false;  // a handful of records: no term frequencies
  Fixture f{RecordSet(fields), nullptr};
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_TRUE(
        f.records.Add("r" + std::to_string(i), 0, {rows[i][0], rows[i][1], rows[i][2]}).ok());
  }
  f.records.Finish();
  LinkageSpec spec;
  spec.fields = fields;
  spec.blocking.push_back({{{0, KeyTransform::kExact, 0}}});
  spec.threads = 1;
  auto linker = Linker::Create(spec, f.records, false);
  EXPECT_TRUE(linker.ok());
  f.linker = std::move(*linker);
  f.linker->set_parameters(KoreanModel());
  return f;
}

TEST(PoolCluster, DateMostMembersGiveWinsOverAWrongOne) {
  Fixture f = Make({{"김숙", "1935-07-03", "m"},
                    {"Kim Suk", "1935-07-03", "m"},
                    {"Kim Sook", "1937-07-03", "m"},
                    {"Ким Сук", "1935", "m"}});
  const std::vector<RecordIndex> members = {0, 1, 2, 3};
  const ClusterProfile profile = PoolCluster(*f.linker, f.records, members);
  ASSERT_EQ(profile.representatives.size(), 3u);
  // 1935-07-03: itself, the other 1935-07-03 (exact), "1935" and the
  // 1937 slip (levels of positive weight) -> beats 1937-07-03 and "1935".
  EXPECT_EQ(profile.representatives[1], (std::vector<RecordIndex>{0, 1}));
  // A record giving only the year fits the pooled date as "year known".
  const double w = RecordClusterWeight(*f.linker, 3, profile);
  EXPECT_GT(w, 0);
}

TEST(PoolCluster, MissingEverywhereGivesNoRepresentative) {
  Fixture f = Make({{"김숙", "1935-07-03", ""}, {"Kim Suk", "1935-07-03", ""}});
  const std::vector<RecordIndex> members = {0, 1};
  const ClusterProfile profile = PoolCluster(*f.linker, f.records, members);
  EXPECT_TRUE(profile.representatives[2].empty());
  EXPECT_EQ(profile.representatives[0].size(), 2u);
}

TEST(EstimateConcentration, SolvesTheExpectedNumberOfClusters) {
  const double alpha = EstimateConcentration(35000, 5000);
  EXPECT_NEAR(alpha * std::log1p(35000 / alpha), 5000, 1e-3);
  EXPECT_GT(EstimateConcentration(100, 100), 1e9);  // all alone
}

// Two Kim Suks born in 1935 (three records each), a record giving only
// "1935", a Jang Min-rye whose Hangul record has a typo in the family
// syllable (줭), and a namesake of hers born decades apart.
class Relocation : public ::testing::Test {
 protected:
  Relocation()
      : f_(Make({{"김숙", "1935-07-03", "m"},          // 0  Kim Suk A
                 {"Kim Suk", "1935-07-03", "m"},       // 1
                 {"Ким Сук", "1935-07-03", "m"},       // 2
                 {"김숙", "1935-11-20", "m"},          // 3  Kim Suk B
                 {"Kim Suk", "1935-11-20", "m"},       // 4
                 {"Ким Сук", "1935-11-20", "m"},       // 5
                 {"Gim Suk", "1935", "m"},             // 6  A or B?
                 {"장민례", "1999-09-11", "f"},        // 7  Jang Min-rye
                 {"Jang Min-rye", "1999-09-11", "f"},  // 8
                 {"Чан Мин Ре", "1999-09-11", "f"},    // 9
                 {"줭민례", "1999-09-11", "f"},        // 10 her, with a typo
                 {"줭민례", "1960-01-01", "f"}})) {}   // 11 someone else
  Fixture f_;
  // What pairwise scoring left: strong pairs inside each cluster, weak
  // ones from the records in doubt.
  std::vector<ScoredPair> pairs_ = {{0, 1, 0.99},  {1, 2, 0.99},  {3, 4, 0.99}, {4, 5, 0.99},
                                    {7, 8, 0.99},  {8, 9, 0.99},  {0, 6, 0.85}, {3, 6, 0.85},
                                    {7, 10, 0.07}, {7, 11, 0.02}, {10, 11, 0.3}};
};

TEST_F(Relocation, JoinsTheOneClusterThatFitsAndNotTwoThatFitEqually) {
  const Clustering start = ClusterPairs(f_.records.size(), pairs_, 0.9);
  ASSERT_EQ(start.num_clusters(), 6u);
  RelocationOptions options;
  options.concentration = 50;
  const Clustering out = RelocateByClusterScore(*f_.linker, f_.records, start, pairs_, options);
  // 10 fits Jang Min-rye's pooled name (given part same) and her exact
  // day: it joins her, though no pair with her reached 0.1.
  EXPECT_EQ(out.cluster_of[10], out.cluster_of[7]);
  EXPECT_LE(out.probability[out.cluster_of[7]], 0.99);
  // 11 has her name's typo but a date decades off: alone.
  EXPECT_NE(out.cluster_of[11], out.cluster_of[7]);
  EXPECT_NE(out.cluster_of[11], out.cluster_of[10]);
  // 6 fits both Kim Suks alike: each gets under half the posterior.
  EXPECT_NE(out.cluster_of[6], out.cluster_of[0]);
  EXPECT_NE(out.cluster_of[6], out.cluster_of[3]);
  // The clusters that were right stay as they were.
  EXPECT_EQ(out.cluster_of[0], out.cluster_of[2]);
  EXPECT_EQ(out.cluster_of[3], out.cluster_of[5]);
  EXPECT_NE(out.cluster_of[0], out.cluster_of[3]);
  EXPECT_EQ(out.num_clusters(), 5u);
}

TEST_F(Relocation, AHighJoinProbabilityKeepsDoubtfulRecordsApart) {
  const Clustering start = ClusterPairs(f_.records.size(), pairs_, 0.9);
  RelocationOptions options;
  options.concentration = 1e6;  // new entities expected everywhere
  const Clustering out = RelocateByClusterScore(*f_.linker, f_.records, start, pairs_, options);
  EXPECT_NE(out.cluster_of[10], out.cluster_of[7]);
  EXPECT_EQ(out.num_clusters(), start.num_clusters());
}

TEST(RelocationConfig, ParsedAndChecked) {
  auto config = ParseCsvLinkConfig(R"({"id_column": "id",
      "fields": [{"name": "name", "kind": "korean_name"}, {"name": "dob", "kind": "date"}],
      "blocking": [[{"field": "name", "transform": "first_token"},
                    {"field": "dob", "transform": "month_day"}]],
      "relocate": {"min_pair_probability": 0.02, "join_probability": 0.6}})");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_TRUE(config->spec.relocate);
  EXPECT_DOUBLE_EQ(config->spec.relocate_min_pair_probability, 0.02);
  EXPECT_DOUBLE_EQ(config->spec.relocate_join_probability, 0.6);
  EXPECT_EQ(config->spec.blocking[0].parts[1].transform, KeyTransform::kMonthDay);
  auto off = ParseCsvLinkConfig(R"({"id_column": "id",
      "fields": [{"name": "n", "kind": "korean_name"}], "blocking": ["n"]})");
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off->spec.relocate);
  auto bad = ParseCsvLinkConfig(R"({"id_column": "id",
      "fields": [{"name": "n", "kind": "korean_name"}], "blocking": ["n"],
      "relocate": {"join_probability": 1.5}})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().ToString().find("relocate.join_probability"), std::string::npos);
}

}  // namespace
}  // namespace chorus::linkage
