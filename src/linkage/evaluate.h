// File: linkage/evaluate.h
// Accuracy of a linkage against ground truth: pairwise precision, recall
// and F1 of reported pairs or of clusters, and B-cubed precision and recall
// of clusters. Used by the benchmarks and the tests. Pure.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "linkage/engine.h"

namespace chorus::linkage {

struct Accuracy {
  uint64_t true_positives = 0;
  uint64_t false_positives = 0;
  uint64_t false_negatives = 0;
  double precision = 0;
  double recall = 0;
  double f1 = 0;
};

// `truth[r]`: the true entity of record r. `source[r]`: 0 or 1; in link
// mode only pairs across sources count as true pairs. Each reported pair is
// counted once.
Accuracy ScorePairwise(std::span<const std::string> truth, std::span<const int> source,
                       bool link_mode, std::span<const ScoredPair> pairs);

// Pairwise accuracy of the pairs implied by clusters (every two records in
// one cluster), dedupe mode.
Accuracy ScoreClusterPairs(std::span<const std::string> truth, std::span<const uint32_t> cluster);

// B-cubed: the mean over records of precision |C(r) & T(r)| / |C(r)| and
// recall |C(r) & T(r)| / |T(r)|; F1 of the two means.
Accuracy ScoreBCubed(std::span<const std::string> truth, std::span<const uint32_t> cluster);

}  // namespace chorus::linkage
