// File: estimate/bma.h
// Bayesian model averaging over decomposable graphical models (Madigan &
// York 1997, Biometrika 84:19-31): every decomposable graph on the lists is a
// model of how they depend on each other; with a hyper-Dirichlet prior on the
// cell probabilities the posterior of N under each graph has a closed form on
// a grid, and the graphs are averaged by their posterior probability.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "estimate/capture_table.h"

namespace chorus::estimate {

struct BmaOptions {
  // Hyper-Dirichlet prior: each cell of the full table gets delta; <= 0
  // means 2^-lists (the whole table weighs one observation).
  double delta = 0;
  // Largest number of unobserved people considered; 0 means 10 times the
  // observed (a warning says when the posterior reaches the end).
  int64_t max_unobserved = 0;
  // The grid over the unobserved count has at most this many points; beyond,
  // it is evenly spaced.
  int max_grid_points = 20000;
  double confidence = 0.95;
  // How many graphs to describe in the result, most probable first.
  int top_graphs = 5;
};

struct GraphPosterior {
  std::string name;  // edges, "EXH-ABA, OSCE-HRW"; "independence" when none
  double probability = 0;
  double median = 0;  // posterior median of N under this graph alone
};

struct BmaResult {
  int64_t observed = 0;
  double median = 0;
  double mean = 0;
  double lower = 0;
  double upper = 0;
  int graphs_compared = 0;
  std::vector<GraphPosterior> graphs;  // the most probable, best first
  // The model-averaged posterior of N on its grid (probabilities sum to 1).
  std::vector<double> grid;
  std::vector<double> posterior;
  double seconds = 0;
  std::vector<EstimateWarning> warnings;
};

// Averages over every decomposable graph on the table's lists, with a
// uniform prior over graphs and p(N) ~ 1/N. Errors: fewer than 3 or more than
// 5 lists (the number of graphs grows too fast beyond), bad options.
Result<BmaResult> FitBma(const CaptureTable& table, const BmaOptions& options = {});

// Every decomposable graph on `num_lists` vertices, as edge masks over the
// pairs (a, b), a < b, in lexicographic order: 2, 8, 61 and 822 graphs for
// 2, 3, 4 and 5 vertices (exposed for tests).
std::vector<uint32_t> DecomposableGraphs(int num_lists);

}  // namespace chorus::estimate
