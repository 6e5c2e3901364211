// File: linkage/cluster_score.h
// Cluster-level scoring: a record weighed against a whole cluster instead of
// one record at a time. Each field of a cluster is pooled into the value its
// members agree on (the date most of them give, the name key most of them
// hold), so one member's wrong date or misspelt name no longer decides, and
// a record is moved to the cluster it fits best when that fit is clearly
// better than its own cluster's and than every other candidate's. Pure over
// a trained Linker.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "linkage/cluster.h"
#include "linkage/engine.h"
#include "linkage/records.h"

namespace chorus::linkage {

// The pooled value of each field of a cluster: for field f, the members
// whose value has the most support among the cluster's members (ties are
// all kept). A member supports another by agreeing with it: 2 for the
// first level ("exact"), 1 for any other level of positive weight (a date
// partial but consistent, a name one letter off). Empty when every member
// lacks the field.
struct ClusterProfile {
  std::vector<std::vector<RecordIndex>> representatives;  // [field] -> members
};

// Pools `members` field by field. REQUIRES: members non-empty, all indices
// valid for the linker's records.
ClusterProfile PoolCluster(const Linker& linker, const RecordSet& records,
                           std::span<const RecordIndex> members);

// log2 likelihood ratio that `record` is the entity of a cluster with this
// profile rather than another one: per field, the weight log2(m/u) (with
// term-frequency adjustment) of the record against the pooled value, the
// best of tied representatives; 0 when the field is missing on either side.
// No prior: RelocateByClusterScore adds the cluster's.
double RecordClusterWeight(const Linker& linker, RecordIndex record, const ClusterProfile& profile);

struct RelocationOptions {
  // A cluster is a candidate for a record when a pair of at least this
  // probability links the record to one of its members.
  double min_pair_probability = 0.01;
  // A record moves when the posterior of the best other cluster is at
  // least this, and above that of its own cluster.
  double join_probability = 0.5;
  // Passes over all records; stops early when a pass moves nothing.
  int max_rounds = 8;
  // Concentration alpha of the Chinese-restaurant prior over partitions;
  // 0 = estimated from the starting clustering (EstimateConcentration).
  double concentration = 0;
};

// The concentration alpha of a Chinese-restaurant process that expects
// `num_clusters` entities among `num_records` records: the root of
// alpha * ln(1 + n / alpha) = k. Under that prior a record joins a cluster
// of s other records with odds s / alpha against founding a new entity.
double EstimateConcentration(size_t num_records, size_t num_clusters);

// Moves records between clusters by cluster-level score, one Gibbs-like
// step per record taking the most probable choice. For each record, every
// candidate cluster C (its own without it, and those its pairs reach) gets
// odds o_C = (|C| / alpha) * 2^RecordClusterWeight against a new entity of
// its own: the Chinese-restaurant prior (a record more likely belongs to an
// entity already seen many times) times the likelihood ratio of its fields
// against C's pooled values. The posterior of C is o_C / (1 + sum of all
// o), the 1 standing for "none of them". So two
// clusters that fit a record equally well (two Kim Suks born in 1935, and a
// record that gives only the year) share the posterior and neither takes
// it. Records of small clusters are visited first, so a fragment's records
// can follow one another into the cluster of their entity. The probability
// of a cluster a record joined becomes the record's posterior if lower.
// Clusters are renumbered by first record.
Clustering RelocateByClusterScore(const Linker& linker, const RecordSet& records,
                                  const Clustering& start, std::span<const ScoredPair> pairs,
                                  const RelocationOptions& options);

}  // namespace chorus::linkage
