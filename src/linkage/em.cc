#include "linkage/em.h"

#include <algorithm>
#include <cmath>

namespace chorus::linkage {
namespace {

// No probability is allowed to reach 0 or 1: a level never seen among the
// matches must not veto a pair forever.
constexpr double kFloor = 1e-6;
// Pseudo-count added to every level before normalising (a Dirichlet prior):
// a level seen in no match among a few thousand does not get an extreme
// weight from an estimate of zero.
constexpr double kPseudoCount = 1.0;

void Normalise(std::vector<double>& v) {
  double sum = 0;
  for (double& x : v) {
    x = std::max(x, kFloor);
    sum += x;
  }
  for (double& x : v) x /= sum;
}

}  // namespace

ModelParameters InitialParameters(const std::vector<int>& level_counts,
                                  std::span<const PatternCount> u_counts, double lambda) {
  ModelParameters params;
  params.lambda = lambda;
  params.fields.resize(level_counts.size());
  for (size_t f = 0; f < level_counts.size(); ++f) {
    const size_t n = static_cast<size_t>(level_counts[f]);
    FieldParameters& fp = params.fields[f];
    fp.m.assign(n, 0.0);
    fp.u.assign(n, 0.0);
    // m: 0.9 at exact, the rest halving down the levels.
    double rest = 0.1;
    for (size_t l = 0; l < n; ++l) {
      if (l == 0) {
        fp.m[l] = 0.9;
      } else {
        rest /= 2;
        fp.m[l] = rest;
      }
      // u: mostly "else" unless the sample says otherwise.
      fp.u[l] = l + 1 == n ? 0.9 : 0.1 / static_cast<double>(n);
    }
    if (!u_counts.empty()) {
      std::vector<double> seen(n, 0.5);  // add-half smoothing
      for (const PatternCount& pc : u_counts) {
        const int level = PatternLevel(pc.pattern, f);
        if (level > 0 && static_cast<size_t>(level) <= n) {
          seen[static_cast<size_t>(level) - 1] += pc.count;
        }
      }
      fp.u = seen;
    }
    Normalise(fp.m);
    Normalise(fp.u);
  }
  return params;
}

Result<EmResult> EstimateByEm(std::span<const PatternCount> counts, const ModelParameters& start,
                              const EmOptions& options) {
  if (counts.empty()) return Status::InvalidArgument("em: no candidate pairs to learn from");
  const size_t num_fields = start.fields.size();
  if (num_fields == 0 || num_fields > kMaxFields) {
    return Status::InvalidArgument("em: between 1 and 16 fields are needed");
  }
  EmResult result;
  result.parameters = start;
  ModelParameters& p = result.parameters;
  double total = 0;
  for (const PatternCount& pc : counts) total += pc.count;
  if (total <= 0) return Status::InvalidArgument("em: pattern counts sum to zero");

  std::vector<FieldParameters> acc(num_fields);
  for (int iteration = 1; iteration <= options.max_iterations; ++iteration) {
    for (size_t f = 0; f < num_fields; ++f) {
      acc[f].m.assign(p.fields[f].m.size(), 0.0);
      acc[f].u.assign(p.fields[f].u.size(), 0.0);
    }
    double matches = 0;
    // E step: the posterior match probability of each distinct pattern.
    for (const PatternCount& pc : counts) {
      double pm = p.lambda;
      double pu = 1.0 - p.lambda;
      for (size_t f = 0; f < num_fields; ++f) {
        const int level = PatternLevel(pc.pattern, f);
        if (level == kMissingLevel) continue;
        const size_t l = static_cast<size_t>(level) - 1;
        pm *= p.fields[f].m[l];
        pu *= p.fields[f].u[l];
      }
      const double g = pm / (pm + pu);
      matches += g * pc.count;
      for (size_t f = 0; f < num_fields; ++f) {
        const int level = PatternLevel(pc.pattern, f);
        if (level == kMissingLevel) continue;
        const size_t l = static_cast<size_t>(level) - 1;
        acc[f].m[l] += g * pc.count;
        acc[f].u[l] += (1.0 - g) * pc.count;
      }
    }
    // M step.
    double largest_move = 0;
    const double new_lambda = std::clamp(matches / total, kFloor, 1.0 - kFloor);
    largest_move = std::abs(new_lambda - p.lambda);
    p.lambda = new_lambda;
    for (size_t f = 0; f < num_fields; ++f) {
      for (double& x : acc[f].m) x += kPseudoCount;
      for (double& x : acc[f].u) x += kPseudoCount;
      Normalise(acc[f].m);
      for (size_t l = 0; l < acc[f].m.size(); ++l) {
        largest_move = std::max(largest_move, std::abs(acc[f].m[l] - p.fields[f].m[l]));
      }
      p.fields[f].m = acc[f].m;
      if (!options.fix_u) {
        Normalise(acc[f].u);
        for (size_t l = 0; l < acc[f].u.size(); ++l) {
          largest_move = std::max(largest_move, std::abs(acc[f].u[l] - p.fields[f].u[l]));
        }
        p.fields[f].u = acc[f].u;
      }
    }
    result.iterations = iteration;
    if (largest_move < options.tolerance) {
      result.converged = true;
      break;
    }
  }
  return result;
}

double LevelWeight(const ModelParameters& params, size_t field, int level) {
  if (level == kMissingLevel) return 0.0;
  const size_t l = static_cast<size_t>(level) - 1;
  return std::log2(params.fields[field].m[l] / params.fields[field].u[l]);
}

double PatternProbability(const ModelParameters& params, Pattern pattern) {
  double w = std::log2(params.lambda / (1.0 - params.lambda));
  for (size_t f = 0; f < params.fields.size(); ++f)
    w += LevelWeight(params, f, PatternLevel(pattern, f));
  return 1.0 / (1.0 + std::exp2(-w));
}

}  // namespace chorus::linkage
