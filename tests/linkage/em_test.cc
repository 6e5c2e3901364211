#include "linkage/em.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace chorus::linkage {
namespace {

// A known model: 3 fields with 3, 2 and 4 levels, 20% matches.
ModelParameters TrueModel() {
  ModelParameters p;
  p.lambda = 0.2;
  p.fields = {
      {{0.85, 0.10, 0.05}, {0.05, 0.15, 0.80}},
      {{0.95, 0.05}, {0.30, 0.70}},
      {{0.70, 0.20, 0.07, 0.03}, {0.02, 0.08, 0.20, 0.70}},
  };
  return p;
}

// Expected counts of every pattern among `pairs` pairs (no sampling noise),
// with field 1 missing in a share `missing` of pairs.
std::vector<PatternCount> ExactCounts(const ModelParameters& p, double pairs, double missing) {
  std::vector<PatternCount> out;
  for (int a = 1; a <= 3; ++a) {
    for (int b = 0; b <= 2; ++b) {
      for (int c = 1; c <= 4; ++c) {
        const double pb_m =
            b == 0 ? missing : (1 - missing) * p.fields[1].m[static_cast<size_t>(b - 1)];
        const double pb_u =
            b == 0 ? missing : (1 - missing) * p.fields[1].u[static_cast<size_t>(b - 1)];
        const double pm = p.fields[0].m[static_cast<size_t>(a - 1)] * pb_m *
                          p.fields[2].m[static_cast<size_t>(c - 1)];
        const double pu = p.fields[0].u[static_cast<size_t>(a - 1)] * pb_u *
                          p.fields[2].u[static_cast<size_t>(c - 1)];
        Pattern pattern = 0;
        pattern = WithLevel(pattern, 0, a);
        pattern = WithLevel(pattern, 1, b);
        pattern = WithLevel(pattern, 2, c);
        out.push_back({pattern, pairs * (p.lambda * pm + (1 - p.lambda) * pu)});
      }
    }
  }
  return out;
}

void ExpectNear(const ModelParameters& got, const ModelParameters& want, double tol) {
  EXPECT_NEAR(got.lambda, want.lambda, tol);
  for (size_t f = 0; f < want.fields.size(); ++f) {
    for (size_t l = 0; l < want.fields[f].m.size(); ++l) {
      EXPECT_NEAR(got.fields[f].m[l], want.fields[f].m[l], tol) << "field " << f << " level " << l;
      EXPECT_NEAR(got.fields[f].u[l], want.fields[f].u[l], tol) << "field " << f << " level " << l;
    }
  }
}

TEST(Em, RecoversKnownParametersFromExactCounts) {
  const ModelParameters truth = TrueModel();
  const auto counts = ExactCounts(truth, 1e7, 0.25);
  const ModelParameters start = InitialParameters({3, 2, 4}, {}, 0.05);
  EmOptions options;
  options.max_iterations = 2000;
  options.tolerance = 1e-10;
  auto result = EstimateByEm(counts, start, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->converged);
  ExpectNear(result->parameters, truth, 2e-3);
}

TEST(Em, RecoversParametersFromSampledPairs) {
  const ModelParameters truth = TrueModel();
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(0, 1);
  auto draw = [&](const std::vector<double>& probs) {
    double u = unit(rng);
    for (size_t l = 0; l < probs.size(); ++l) {
      if (u < probs[l]) return static_cast<int>(l) + 1;
      u -= probs[l];
    }
    return static_cast<int>(probs.size());
  };
  std::unordered_map<Pattern, double> hist;
  for (int n = 0; n < 200000; ++n) {
    const bool match = unit(rng) < truth.lambda;
    Pattern p = 0;
    for (size_t f = 0; f < 3; ++f) {
      p = WithLevel(p, f, draw(match ? truth.fields[f].m : truth.fields[f].u));
    }
    hist[p] += 1;
  }
  std::vector<PatternCount> counts;
  for (const auto& [p, c] : hist) counts.push_back({p, c});
  // The number of distinct patterns, not of pairs, is what EM iterates on.
  EXPECT_LE(counts.size(), 3u * 2u * 4u);
  auto result = EstimateByEm(counts, InitialParameters({3, 2, 4}, {}, 0.05), EmOptions{});
  ASSERT_TRUE(result.ok());
  ExpectNear(result->parameters, truth, 0.02);
}

TEST(Em, FixedUStaysFixed) {
  const ModelParameters truth = TrueModel();
  ModelParameters start = InitialParameters({3, 2, 4}, {}, 0.05);
  for (size_t f = 0; f < 3; ++f) start.fields[f].u = truth.fields[f].u;
  EmOptions options;
  options.fix_u = true;
  auto result = EstimateByEm(ExactCounts(truth, 1e6, 0.0), start, options);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->parameters.fields[2].u, truth.fields[2].u);
  EXPECT_NEAR(result->parameters.lambda, truth.lambda, 2e-3);
}

TEST(Em, RejectsEmptyCounts) {
  auto result = EstimateByEm({}, InitialParameters({2}, {}, 0.1), EmOptions{});
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
}

TEST(Em, WeightsAndProbability) {
  const ModelParameters truth = TrueModel();
  EXPECT_DOUBLE_EQ(LevelWeight(truth, 0, 1), std::log2(0.85 / 0.05));
  EXPECT_DOUBLE_EQ(LevelWeight(truth, 0, kMissingLevel), 0.0);
  Pattern all_exact = WithLevel(WithLevel(WithLevel(0, 0, 1), 1, 1), 2, 1);
  const double pm = 0.2 * 0.85 * 0.95 * 0.70;
  const double pu = 0.8 * 0.05 * 0.30 * 0.02;
  EXPECT_NEAR(PatternProbability(truth, all_exact), pm / (pm + pu), 1e-12);
}

}  // namespace
}  // namespace chorus::linkage
