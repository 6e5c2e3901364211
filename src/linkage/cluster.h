// File: linkage/cluster.h
// From scored pairs to entities: connected components of the pairs at or
// above a threshold, each with a match probability (the weakest link of the
// cluster's maximum spanning tree: the least certain merge that holds it
// together), and the one-to-one filter for linking two deduplicated files.
// Pure.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "linkage/engine.h"

namespace chorus::linkage {

struct Clustering {
  // cluster_of[record]: 0-based cluster number, numbered by first record.
  std::vector<uint32_t> cluster_of;
  // probability[cluster]: weakest spanning-tree link; 1 for a singleton.
  std::vector<double> probability;
  size_t num_clusters() const { return probability.size(); }
};

// Clusters `num_records` records by the pairs at or above `threshold`.
Clustering ClusterPairs(size_t num_records, std::span<const ScoredPair> pairs, double threshold);

// Keeps, greedily from the most probable, pairs whose records are both still
// unused. Result sorted by (left, right).
std::vector<ScoredPair> OneToOne(std::span<const ScoredPair> pairs);

}  // namespace chorus::linkage
