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

// Consensus attachment: a cluster whose records link, by pairs below the
// clustering threshold but at or above `min_probability`, to exactly one
// other larger cluster, by at least `min_links` distinct pairs, joins it.
// Each such pair alone is too weak (a common name with only a birth year),
// but several records of one entity all pointing at the same cluster, and
// at no other, are evidence the pairwise model cannot add up. A cluster
// whose weak links point at two clusters stays apart (two people of one
// name). One pass over the clusters of `clustering`; the joined cluster's
// probability becomes the strongest attaching pair if that is lower.
// Clusters are renumbered by first record.
Clustering AttachByConsensus(const Clustering& clustering, std::span<const ScoredPair> pairs,
                             double min_probability, double cluster_threshold, int min_links);

// Keeps, greedily from the most probable, pairs whose records are both still
// unused. Result sorted by (left, right).
std::vector<ScoredPair> OneToOne(std::span<const ScoredPair> pairs);

}  // namespace chorus::linkage
