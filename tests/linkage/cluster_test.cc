#include "linkage/cluster.h"

#include <gtest/gtest.h>

#include "linkage/evaluate.h"

namespace chorus::linkage {
namespace {

TEST(Cluster, ConnectedComponentsWithWeakestSpanningLink) {
  // 0-1 (0.99), 1-2 (0.7), 0-2 (0.95): the spanning tree is 0-1, 0-2, so the
  // weakest link is 0.95, not 0.7. 3-4 (0.4) is under the threshold.
  const std::vector<ScoredPair> pairs = {
      {0, 1, 0.99}, {1, 2, 0.70}, {0, 2, 0.95}, {3, 4, 0.40}, {5, 6, 0.8}};
  const Clustering c = ClusterPairs(7, pairs, 0.5);
  EXPECT_EQ(c.num_clusters(), 4u);
  EXPECT_EQ(c.cluster_of[0], c.cluster_of[1]);
  EXPECT_EQ(c.cluster_of[0], c.cluster_of[2]);
  EXPECT_NE(c.cluster_of[3], c.cluster_of[4]);
  EXPECT_EQ(c.cluster_of[5], c.cluster_of[6]);
  EXPECT_DOUBLE_EQ(c.probability[c.cluster_of[0]], 0.95);
  EXPECT_DOUBLE_EQ(c.probability[c.cluster_of[5]], 0.8);
  EXPECT_DOUBLE_EQ(c.probability[c.cluster_of[3]], 1.0);  // singleton
  EXPECT_EQ(c.cluster_of[0], 0u);                         // numbered by first record
  EXPECT_EQ(c.cluster_of[3], 1u);
}

TEST(Cluster, OneToOneKeepsBestPairPerRecord) {
  const std::vector<ScoredPair> pairs = {{0, 10, 0.9}, {0, 11, 0.95}, {1, 11, 0.8}, {1, 10, 0.6}};
  const auto kept = OneToOne(pairs);
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].left, 0u);
  EXPECT_EQ(kept[0].right, 11u);
  EXPECT_EQ(kept[1].left, 1u);
  EXPECT_EQ(kept[1].right, 10u);
}

TEST(Evaluate, PairwiseClusterAndBCubed) {
  const std::vector<std::string> truth = {"x", "x", "x", "y", "y", "z"};
  const std::vector<int> source(6, 0);
  // True pairs: 3 (x) + 1 (y) = 4. Reported: 0-1 (tp), 3-4 (tp), 2-5 (fp).
  const std::vector<ScoredPair> pairs = {{0, 1, 0.9}, {3, 4, 0.9}, {2, 5, 0.9}};
  const Accuracy a = ScorePairwise(truth, source, false, pairs);
  EXPECT_EQ(a.true_positives, 2u);
  EXPECT_EQ(a.false_positives, 1u);
  EXPECT_EQ(a.false_negatives, 2u);
  EXPECT_NEAR(a.f1, 2 * (2.0 / 3) * 0.5 / (2.0 / 3 + 0.5), 1e-12);

  const std::vector<uint32_t> clusters = {0, 0, 1, 2, 2, 1};
  const Accuracy cp = ScoreClusterPairs(truth, clusters);
  EXPECT_EQ(cp.true_positives, 2u);
  EXPECT_EQ(cp.false_positives, 1u);
  const Accuracy b3 = ScoreBCubed(truth, clusters);
  // Precision: records 2 and 5 share a cluster with nobody of theirs: 1/2.
  EXPECT_NEAR(b3.precision, (1 + 1 + 0.5 + 1 + 1 + 0.5) / 6.0, 1e-12);
  EXPECT_NEAR(b3.recall, (2.0 / 3 + 2.0 / 3 + 1.0 / 3 + 1 + 1 + 1) / 6.0, 1e-12);
}

}  // namespace
}  // namespace chorus::linkage

namespace chorus::linkage {
namespace {

TEST(AttachByConsensus, FragmentJoinsTheOneClusterItsWeakLinksReach) {
  // Clusters at 0.9: {0,1,2}, {5,6}, and singletons 3, 4, 7.
  const std::vector<ScoredPair> pairs = {
      {0, 1, 0.99}, {1, 2, 0.98}, {5, 6, 0.97},
      {0, 3, 0.50}, {1, 3, 0.40},  // 3: two weak links, both into {0,1,2}
      {2, 4, 0.50}, {4, 5, 0.60},  // 4: weak links into two clusters
      {2, 7, 0.70},                // 7: one weak link only
  };
  const Clustering strong = ClusterPairs(8, pairs, 0.9);
  ASSERT_EQ(strong.num_clusters(), 5u);
  const Clustering out = AttachByConsensus(strong, pairs, 0.3, 0.9, 2);
  EXPECT_EQ(out.cluster_of[3], out.cluster_of[0]);
  EXPECT_NE(out.cluster_of[4], out.cluster_of[0]);
  EXPECT_NE(out.cluster_of[4], out.cluster_of[5]);
  EXPECT_NE(out.cluster_of[7], out.cluster_of[0]);
  EXPECT_EQ(out.num_clusters(), 4u);
  // The joined cluster is no surer than its strongest attaching pair.
  EXPECT_DOUBLE_EQ(out.probability[out.cluster_of[0]], 0.5);
  // Pairs under min_probability are not evidence.
  const Clustering strict = AttachByConsensus(strong, pairs, 0.45, 0.9, 2);
  EXPECT_NE(strict.cluster_of[3], strict.cluster_of[0]);
}

}  // namespace
}  // namespace chorus::linkage
