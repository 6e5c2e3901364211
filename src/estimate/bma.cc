#include "estimate/bma.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>

namespace chorus::estimate {
namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();
// Graphs whose posterior probability is below this are left out of the
// averaged posterior of N (they cannot move it by a visible amount).
constexpr double kNegligibleGraph = 1e-12;

struct Pairs {
  std::vector<std::pair<int, int>> list;
  explicit Pairs(int num_lists) {
    for (int a = 0; a < num_lists; ++a) {
      for (int b = a + 1; b < num_lists; ++b) list.emplace_back(a, b);
    }
  }
};

// Neighbour masks of a graph given as an edge mask.
std::vector<uint32_t> Neighbours(int num_lists, uint32_t edges, const Pairs& pairs) {
  std::vector<uint32_t> adj(static_cast<size_t>(num_lists), 0);
  for (size_t pair_idx = 0; pair_idx < pairs.list.size(); ++pair_idx) {
    if ((edges >> pair_idx) & 1u) {
      auto [a, b] = pairs.list[pair_idx];
      adj[static_cast<size_t>(a)] |= 1u << b;
      adj[static_cast<size_t>(b)] |= 1u << a;
    }
  }
  return adj;
}

// Maximum cardinality search. For a chordal graph, each vertex's neighbours
// visited before it form a clique; returns false when some do not (the graph
// is not decomposable). `factors` receives, per vertex, the pair
// (vertex + earlier neighbours, earlier neighbours).
bool PerfectSequence(int num_lists, const std::vector<uint32_t>& adj,
                     std::vector<std::pair<uint32_t, uint32_t>>* factors) {
  uint32_t visited = 0;
  factors->clear();
  for (int step = 0; step < num_lists; ++step) {
    int best = -1;
    int best_count = -1;
    for (int v = 0; v < num_lists; ++v) {
      if ((visited >> v) & 1u) continue;
      const int count = std::popcount(adj[static_cast<size_t>(v)] & visited);
      if (count > best_count) {
        best = v;
        best_count = count;
      }
    }
    const uint32_t earlier = adj[static_cast<size_t>(best)] & visited;
    for (int u = 0; u < num_lists; ++u) {
      if (((earlier >> u) & 1u) && (earlier & ~adj[static_cast<size_t>(u)] & ~(1u << u)) != 0) {
        return false;
      }
    }
    factors->emplace_back(earlier | (1u << best), earlier);
    visited |= 1u << best;
  }
  return true;
}

std::string GraphName(const std::vector<std::string>& lists, uint32_t edges, const Pairs& pairs) {
  std::string name;
  for (size_t pair_idx = 0; pair_idx < pairs.list.size(); ++pair_idx) {
    if ((edges >> pair_idx) & 1u) {
      if (!name.empty()) name += ", ";
      name += lists[static_cast<size_t>(pairs.list[pair_idx].first)] + "-" +
              lists[static_cast<size_t>(pairs.list[pair_idx].second)];
    }
  }
  return name.empty() ? "independence" : name;
}

double LogSumExp(const std::vector<double>& values) {
  double top = kNegInf;
  for (double v : values) top = std::max(top, v);
  if (top == kNegInf) return kNegInf;
  double sum = 0;
  for (double v : values) {
    // Terms below e^-40 of the largest cannot change the sum: skip their exp
    // (and the slow underflow path of libm).
    if (v - top > -40) sum += std::exp(v - top);
  }
  return top + std::log(sum);
}

// Quantile of a discrete distribution on `grid` (probabilities sum to 1).
double GridQuantile(const std::vector<double>& grid, const std::vector<double>& probs, double p) {
  double cumulative = 0;
  for (size_t idx = 0; idx < grid.size(); ++idx) {
    cumulative += probs[idx];
    if (cumulative >= p) return grid[idx];
  }
  return grid.back();
}

}  // namespace

std::vector<uint32_t> DecomposableGraphs(int num_lists) {
  Pairs pairs(num_lists);
  std::vector<uint32_t> graphs;
  std::vector<std::pair<uint32_t, uint32_t>> factors;
  for (uint32_t edges = 0; edges < (1u << pairs.list.size()); ++edges) {
    if (PerfectSequence(num_lists, Neighbours(num_lists, edges, pairs), &factors)) {
      graphs.push_back(edges);
    }
  }
  return graphs;
}

Result<BmaResult> FitBma(const CaptureTable& table, const BmaOptions& options) {
  const int k = table.num_lists();
  if (k < 3 || k > 5) {
    return Status::InvalidArgument("model averaging over graphs needs 3 to 5 lists, not " +
                                   std::to_string(k));
  }
  if (options.max_grid_points < 10) return Status::InvalidArgument("grid too small");
  if (!(options.confidence > 0 && options.confidence < 1)) {
    return Status::InvalidArgument("confidence must be between 0 and 1");
  }
  const auto start = std::chrono::steady_clock::now();
  BmaResult result;
  const int64_t n = table.Observed();
  result.observed = n;
  if (n == 0) return Status::InvalidArgument("the table is empty");
  const double delta = options.delta > 0 ? options.delta : std::ldexp(1.0, -k);
  const int64_t max_unobserved =
      options.max_unobserved > 0 ? options.max_unobserved : std::max<int64_t>(10 * n, 1000);
  const int64_t step = std::max<int64_t>(
      1, (max_unobserved + options.max_grid_points - 1) / options.max_grid_points);
  std::vector<double> unobserved_grid;
  for (int64_t n0 = 0; n0 <= max_unobserved; n0 += step) {
    unobserved_grid.push_back(static_cast<double>(n0));
  }
  const size_t grid_size = unobserved_grid.size();

  // f_S(n0): log Dirichlet-multinomial marginal likelihood of the table
  // collapsed onto the lists in S, with n0 added to its all-absent cell.
  const uint32_t num_subsets = 1u << k;
  std::vector<std::vector<double>> subset_loglik(num_subsets);
  const double nd = static_cast<double>(n);
  for (uint32_t subset = 1; subset < num_subsets; ++subset) {
    const int size = std::popcount(subset);
    const double alpha_cell = delta * std::ldexp(1.0, k - size);
    const double alpha_total = delta * std::ldexp(1.0, k);
    std::vector<double> marginal(size_t{1} << k, 0.0);
    // Marginal counts keyed by the full-table mask restricted to S.
    for (uint32_t mask = 1; mask < static_cast<uint32_t>(table.num_cells()); ++mask) {
      marginal[mask & subset] += static_cast<double>(table.counts[mask]);
    }
    double constant = std::lgamma(alpha_total);
    for (uint32_t cell = 1; cell < num_subsets; ++cell) {
      if ((cell & ~subset) != 0) continue;
      constant += std::lgamma(alpha_cell + marginal[cell]) - std::lgamma(alpha_cell);
    }
    constant -= std::lgamma(alpha_cell);
    auto& values = subset_loglik[subset];
    values.resize(grid_size);
    for (size_t idx = 0; idx < grid_size; ++idx) {
      const double n0 = unobserved_grid[idx];
      values[idx] = constant + std::lgamma(alpha_cell + marginal[0] + n0) -
                    std::lgamma(alpha_total + nd + n0);
    }
  }
  // Terms shared by every graph: N!/(N-n)! from the multinomial and the
  // prior p(N) ~ 1/N.
  std::vector<double> shared(grid_size);
  for (size_t idx = 0; idx < grid_size; ++idx) {
    const double n0 = unobserved_grid[idx];
    shared[idx] = std::lgamma(nd + n0 + 1) - std::lgamma(n0 + 1) - std::log(nd + n0);
  }

  Pairs pairs(k);
  const std::vector<uint32_t> graphs = DecomposableGraphs(k);
  result.graphs_compared = static_cast<int>(graphs.size());
  std::vector<std::vector<int>> coefficients(graphs.size(), std::vector<int>(num_subsets, 0));
  std::vector<std::pair<uint32_t, uint32_t>> factors;
  for (size_t graph_idx = 0; graph_idx < graphs.size(); ++graph_idx) {
    (void)PerfectSequence(k, Neighbours(k, graphs[graph_idx], pairs), &factors);
    for (auto [with_vertex, earlier] : factors) {
      ++coefficients[graph_idx][with_vertex];
      if (earlier != 0) --coefficients[graph_idx][earlier];
    }
  }
  std::vector<double> loglik(grid_size);
  auto graph_loglik = [&](size_t graph_idx) {
    std::copy(shared.begin(), shared.end(), loglik.begin());
    for (uint32_t subset = 1; subset < num_subsets; ++subset) {
      const int coef = coefficients[graph_idx][subset];
      if (coef == 0) continue;
      const auto& values = subset_loglik[subset];
      const double c = static_cast<double>(coef);
      for (size_t idx = 0; idx < grid_size; ++idx) loglik[idx] += c * values[idx];
    }
  };
  std::vector<double> evidence(graphs.size());
  for (size_t graph_idx = 0; graph_idx < graphs.size(); ++graph_idx) {
    graph_loglik(graph_idx);
    evidence[graph_idx] = LogSumExp(loglik);
  }
  const double total_evidence = LogSumExp(evidence);
  std::vector<double> averaged(grid_size, 0.0);
  std::vector<GraphPosterior> described;
  std::vector<double> single(grid_size);
  for (size_t graph_idx = 0; graph_idx < graphs.size(); ++graph_idx) {
    const double weight = std::exp(evidence[graph_idx] - total_evidence);
    if (weight < kNegligibleGraph) continue;
    graph_loglik(graph_idx);
    for (size_t idx = 0; idx < grid_size; ++idx) {
      const double log_p = loglik[idx] - evidence[graph_idx];
      single[idx] = log_p > -700 ? std::exp(log_p) : 0.0;
      averaged[idx] += weight * single[idx];
    }
    GraphPosterior graph;
    graph.name = GraphName(table.lists, graphs[graph_idx], pairs);
    graph.probability = weight;
    graph.median = nd + GridQuantile(unobserved_grid, single, 0.5);
    described.push_back(std::move(graph));
  }
  std::sort(described.begin(), described.end(),
            [](const GraphPosterior& a, const GraphPosterior& b) {
              return a.probability > b.probability;
            });
  if (described.size() > static_cast<size_t>(std::max(options.top_graphs, 1))) {
    described.resize(static_cast<size_t>(std::max(options.top_graphs, 1)));
  }
  result.graphs = std::move(described);
  const double mass = std::accumulate(averaged.begin(), averaged.end(), 0.0);
  for (double& p : averaged) p /= mass;
  const double tail = (1 - options.confidence) / 2;
  result.median = nd + GridQuantile(unobserved_grid, averaged, 0.5);
  result.lower = nd + GridQuantile(unobserved_grid, averaged, tail);
  result.upper = nd + GridQuantile(unobserved_grid, averaged, 1 - tail);
  result.mean = 0;
  for (size_t idx = 0; idx < grid_size; ++idx)
    result.mean += averaged[idx] * (nd + unobserved_grid[idx]);
  // Probability in the last 5% of the grid: the posterior was cut off.
  double end_mass = 0;
  for (size_t idx = grid_size - grid_size / 20; idx < grid_size; ++idx) end_mass += averaged[idx];
  if (end_mass > 1e-3) {
    result.warnings.push_back(
        {"unbounded", "the posterior of N has not fallen off at " +
                          std::to_string(n + max_unobserved) +
                          ": the upper bound is cut short (raise the grid limit, or the lists "
                          "carry too little information)"});
  }
  result.grid.resize(grid_size);
  for (size_t idx = 0; idx < grid_size; ++idx) result.grid[idx] = nd + unobserved_grid[idx];
  result.posterior = std::move(averaged);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace chorus::estimate
