// File: linkage/em.h
// Fellegi-Sunter parameters and their estimation by expectation-maximisation
// over agreement-pattern counts: each distinct pattern is visited once per
// iteration with its count, so the cost of EM does not grow with the number
// of record pairs. Pure.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/status.h"
#include "linkage/comparison.h"
#include "linkage/spec.h"

namespace chorus::linkage {

struct PatternCount {
  Pattern pattern = 0;
  double count = 0;
};

// m[l-1] = P(level l | match), u[l-1] = P(level l | non-match), for the
// non-missing levels 1..L of one field.
struct FieldParameters {
  std::vector<double> m;
  std::vector<double> u;
};

struct ModelParameters {
  double lambda = 0.01;  // prior share of matches among candidate pairs
  std::vector<FieldParameters> fields;
};

struct EmResult {
  ModelParameters parameters;
  int iterations = 0;
  bool converged = false;
};

// Starting point: m falling from 0.9 at "exact" to little at "else"; u from
// `u_counts` (patterns of random pairs, almost all non-matches) when given,
// else rising towards "else". `level_counts[f]` = non-missing levels of f.
ModelParameters InitialParameters(const std::vector<int>& level_counts,
                                  std::span<const PatternCount> u_counts, double lambda);

// Runs EM from `start` on the pattern counts. Errors: InvalidArgument when
// there are no counts or the shapes disagree.
Result<EmResult> EstimateByEm(std::span<const PatternCount> counts, const ModelParameters& start,
                              const EmOptions& options);

// log2(m / u) of one level; 0 for the missing level.
double LevelWeight(const ModelParameters& params, size_t field, int level);
// Match probability of a pattern, without term-frequency adjustment.
double PatternProbability(const ModelParameters& params, Pattern pattern);

}  // namespace chorus::linkage
