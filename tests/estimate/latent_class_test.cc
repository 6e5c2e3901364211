#include "estimate/latent_class.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "estimate/capture_table.h"
#include "estimate/random.h"
#include "formats/csv.h"

namespace chorus::estimate {
namespace {

CaptureTable Kosovo() {
  auto csv = formats::ReadCsvFile(std::string(CHORUS_TEST_DATA_DIR) +
                                  "/estimate/kosovo_aggregate_table.csv");
  EXPECT_TRUE(csv.ok());
  return *CaptureTableFromCsv(*csv);
}

// Short chains: the full settings (burn-in 10,000, 1,000 x 100) run in
// bench/estimate and are reported in docs/PERFORMANCE.md.
LatentClassOptions Quick(uint64_t seed) {
  LatentClassOptions options;
  options.burn_in = 2000;
  options.samples = 400;
  options.thinning = 10;
  options.chains = 2;
  options.seed = seed;
  return options;
}

TEST(LatentClass, SameSeedGivesIdenticalDraws) {
  CaptureTable table = Kosovo();
  LatentClassOptions options = Quick(7);
  options.burn_in = 100;
  options.samples = 50;
  auto first = FitLatentClass(table, options);
  auto second = FitLatentClass(table, options);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->chains, second->chains);
  options.seed = 8;
  auto third = FitLatentClass(table, options);
  EXPECT_NE(first->chains, third->chains);
}

TEST(LatentClass, KosovoPosteriorIsPlausibleAndStableAcrossSeeds) {
  CaptureTable table = Kosovo();
  auto a = FitLatentClass(table, Quick(1));
  auto b = FitLatentClass(table, Quick(101));
  ASSERT_TRUE(a.ok() && b.ok());
  for (const auto* r : {&*a, &*b}) {
    EXPECT_EQ(r->observed, 4400);
    EXPECT_GT(r->lower, 4400);
    EXPECT_LT(r->lower, r->median);
    EXPECT_LT(r->median, r->upper);
    // Between the independence (7,395) and the three-way (16,942) log-linear fits.
    EXPECT_GT(r->median, 7500);
    EXPECT_LT(r->median, 16000);
  }
  // Short chains, about 10 effective draws each: the Monte Carlo error of a
  // median is about 3% (1.25 sd / sqrt(ESS)), of the difference of two about
  // 4%. The bound was 5% until the sampler's random-number order changed
  // (Rng::Multinomial, heaviest class first): with the same posterior, the
  // new streams for seeds 1 and 101 differ by 7%. 10% is 2.4 standard
  // errors; it catches a broken sampler, not noise. The full run
  // (bench/estimate/estimate_kosovo) agrees within 1%.
  EXPECT_NEAR(a->median / b->median, 1.0, 0.10);
}

TEST(LatentClass, RecoversKnownPopulationWithHeterogeneity) {
  // Two groups of people, one much easier to record than the other, with
  // capture on 4 lists independent given the group.
  Rng rng(42);
  constexpr int64_t kTrueN = 3000;
  auto table = MakeCaptureTable({"l1", "l2", "l3", "l4"});
  ASSERT_TRUE(table.ok());
  const double easy[] = {0.5, 0.4, 0.45, 0.35};
  const double hard[] = {0.2, 0.25, 0.15, 0.2};
  for (int64_t person = 0; person < kTrueN; ++person) {
    const double* p = rng.Uniform() < 0.4 ? easy : hard;
    uint32_t mask = 0;
    for (uint32_t list_idx = 0; list_idx < 4; ++list_idx) {
      if (rng.Uniform() < p[list_idx]) mask |= 1u << list_idx;
    }
    if (mask != 0) ++table->counts[mask];
  }
  auto result = FitLatentClass(*table, Quick(3));
  ASSERT_TRUE(result.ok());
  EXPECT_LT(result->lower, kTrueN);
  EXPECT_GT(result->upper, kTrueN);
  // A fifth or more of the population was never recorded: the test is not trivial.
  EXPECT_LT(static_cast<double>(table->Observed()), 0.8 * kTrueN);
}

// The ridge moves change the mixing, not the target: with and without them
// the posterior of N agrees within Monte Carlo error.
TEST(LatentClass, RidgeMovesKeepThePosterior) {
  Rng rng(8);
  auto table = MakeCaptureTable({"l1", "l2", "l3"});
  ASSERT_TRUE(table.ok());
  for (int64_t person = 0; person < 1500; ++person) {
    const double p = rng.Uniform() < 0.5 ? 0.5 : 0.25;
    uint32_t mask = 0;
    for (uint32_t list_idx = 0; list_idx < 3; ++list_idx) {
      if (rng.Uniform() < p) mask |= 1u << list_idx;
    }
    if (mask != 0) ++table->counts[mask];
  }
  LatentClassOptions options = Quick(21);
  options.max_classes = 4;
  options.samples = 1000;
  auto with_moves = FitLatentClass(*table, options);
  options.ridge_moves = 0;
  auto without = FitLatentClass(*table, options);
  ASSERT_TRUE(with_moves.ok() && without.ok());
  EXPECT_GT(with_moves->ridge_acceptance, 0.1);
  EXPECT_EQ(without->ridge_acceptance, 0);
  EXPECT_NEAR(with_moves->median / without->median, 1.0, 0.02);
  EXPECT_NEAR(with_moves->lower / without->lower, 1.0, 0.03);
  EXPECT_NEAR(with_moves->upper / without->upper, 1.0, 0.05);
}

// The exact posterior of N, P(N = n + i | table) for i <= max_n - n, of
// the model with K = 2 classes and the priors of FitLatentClass (capture
// probabilities Beta(c, c), V_1 ~ Beta(1, alpha), alpha ~ Gamma(a, b),
// p(N) ~ 1/N). It sums over every split of every cell (the unseen too)
// between the two classes. Given a split, the capture probabilities
// integrate to Beta functions and the stick to E[alpha B(m1 + 1, m2 +
// alpha)], whose alpha integral is taken by Simpson's rule in u = alpha^a
// (where the Gamma density is flat). Only for tiny tables: the splits of
// the seen cells number prod_x (n_x + 1).
std::vector<double> ExactTwoClassPosterior(const CaptureTable& table, double a, double b,
                                           int64_t max_n, double capture_prior = 1) {
  const int num_lists = table.num_lists();
  const int64_t seen = table.Observed();
  std::vector<double> log_fact(static_cast<size_t>(2 * max_n + 2), 0);
  for (size_t i = 1; i < log_fact.size(); ++i) {
    log_fact[i] = log_fact[i - 1] + std::log(static_cast<double>(i));
  }
  const auto lf = [&](int64_t i) { return log_fact[static_cast<size_t>(i)]; };
  // log [B(c + t, c + u) / B(c, c)]: t captures and u misses of one list
  // in one class, the capture probability integrated under its Beta(c, c)
  // prior (for c = 1, log(t! u! / (t + u + 1)!)).
  const double c = capture_prior;
  const double log_prior_beta = 2 * std::lgamma(c) - std::lgamma(2 * c);
  const auto log_beta = [&](int64_t t, int64_t u) {
    const auto td = static_cast<double>(t), ud = static_cast<double>(u);
    return std::lgamma(c + td) + std::lgamma(c + ud) - std::lgamma(2 * c + td + ud) -
           log_prior_beta;
  };
  // The splits of the seen cells: (people of class 1, their captures per
  // list) with weight prod_x 1 / (s_x! (n_x - s_x)!).
  struct Split {
    int64_t people = 0;
    std::vector<int64_t> captured;
    double log_weight = 0;
  };
  std::vector<Split> splits(1, Split{0, std::vector<int64_t>(static_cast<size_t>(num_lists)), 0});
  for (uint32_t mask = 1; mask < table.counts.size(); ++mask) {
    const int64_t count = table.counts[mask];
    if (count == 0) continue;
    std::vector<Split> next;
    for (const Split& split : splits) {
      for (int64_t s = 0; s <= count; ++s) {
        Split more = split;
        more.people += s;
        for (int list = 0; list < num_lists; ++list) {
          if ((mask >> list) & 1u) more.captured[static_cast<size_t>(list)] += s;
        }
        more.log_weight += -lf(s) - lf(count - s);
        next.push_back(std::move(more));
      }
    }
    splits = std::move(next);
  }
  std::vector<int64_t> list_totals;
  for (int list = 0; list < num_lists; ++list) list_totals.push_back(table.ListTotal(list));
  constexpr int kNodes = 400;
  const double top = std::pow(2000.0, a);  // alpha up to 2,000: e^(-500 b) beyond
  std::vector<double> alphas, node_weights;
  for (int node = 0; node <= kNodes; ++node) {
    const double u = top * static_cast<double>(node) / kNodes;
    const double simpson = (node == 0 || node == kNodes) ? 1 : (node % 2 ? 4 : 2);
    alphas.push_back(std::pow(u, 1 / a));
    node_weights.push_back(simpson * top / kNodes / 3 *
                           std::exp(a * std::log(b) - std::lgamma(a + 1) - b * alphas.back()));
  }
  const auto log_stick = [&](int64_t m1, int64_t m2) {
    double sum = m2 == 0 ? node_weights[0] : 0;  // alpha B(m1 + 1, alpha) -> 1 at 0
    for (size_t node = 1; node < alphas.size(); ++node) {
      const double alpha = alphas[node];
      sum += node_weights[node] *
             std::exp(std::log(alpha) + lf(m1) + std::lgamma(static_cast<double>(m2) + alpha) -
                      std::lgamma(static_cast<double>(m1 + m2 + 1) + alpha));
    }
    return std::log(sum);
  };
  std::vector<double> log_post;
  for (int64_t n = seen; n <= max_n; ++n) {
    const int64_t unseen = n - seen;
    std::vector<double> stick(static_cast<size_t>(n + 1));
    for (int64_t m1 = 0; m1 <= n; ++m1) stick[static_cast<size_t>(m1)] = log_stick(m1, n - m1);
    std::vector<double> terms;
    for (const Split& split : splits) {
      for (int64_t s = 0; s <= unseen; ++s) {
        const int64_t m1 = split.people + s;
        const int64_t m2 = n - m1;
        double term = split.log_weight - lf(s) - lf(unseen - s) + stick[static_cast<size_t>(m1)];
        for (size_t list = 0; list < list_totals.size(); ++list) {
          const int64_t t = split.captured[list];
          const int64_t other = list_totals[list] - t;
          term += log_beta(t, m1 - t) + log_beta(other, m2 - other);
        }
        terms.push_back(term);
      }
    }
    const double peak = *std::max_element(terms.begin(), terms.end());
    double sum = 0;
    for (double term : terms) sum += std::exp(term - peak);
    // p(N) N! / prod n_xk! with p(N) = 1/N.
    log_post.push_back(peak + std::log(sum) + lf(n) - std::log(static_cast<double>(n)));
  }
  const double peak = *std::max_element(log_post.begin(), log_post.end());
  double total = 0;
  for (double& value : log_post) total += value = std::exp(value - peak);
  for (double& value : log_post) value /= total;
  return log_post;
}

// The sampler's posterior of N with 2 classes against the exact one, with
// and without the ridge moves, on a tiny 3-list table.
void ExpectTheExactTwoClassPosterior(const std::vector<int64_t>& counts, double capture_prior) {
  auto table = MakeCaptureTable({"l1", "l2", "l3"});
  ASSERT_TRUE(table.ok());
  table->counts = counts;
  const int64_t seen = table->Observed();
  LatentClassOptions options;
  options.capture_prior = capture_prior;
  const std::vector<double> exact =
      ExactTwoClassPosterior(*table, options.alpha_shape, options.alpha_rate, 120, capture_prior);
  // The posterior decays about like N^-4.5 (N^-3.5 under the Jeffreys
  // prior): beyond 120 lies less than 1e-4 of it, far below the tolerance.
  ASSERT_LT(exact.back(), 2e-6);
  options.max_classes = 2;
  options.burn_in = 1000;
  options.samples = 4000;
  options.thinning = 20;
  options.chains = 8;
  options.seed = 3;
  for (int moves : {0, 3}) {
    options.ridge_moves = moves;
    auto fit = FitLatentClass(*table, options);
    ASSERT_TRUE(fit.ok());
    std::vector<double> pooled;
    for (const auto& chain : fit->chains) pooled.insert(pooled.end(), chain.begin(), chain.end());
    double cdf = 0;
    for (int64_t extra = 0; extra < 3; ++extra) {
      cdf += exact[static_cast<size_t>(extra)];
      double below = 0;
      for (double draw : pooled) below += draw <= static_cast<double>(seen + extra) ? 1 : 0;
      below /= static_cast<double>(pooled.size());
      // Four standard errors of a proportion over the effective draws.
      const double tolerance = 4 * std::sqrt(cdf * (1 - cdf) / fit->ess);
      EXPECT_NEAR(below, cdf, tolerance)
          << "P(N <= " << seen + extra << "), ridge moves " << moves << ", capture prior "
          << capture_prior << ", ESS " << fit->ess;
    }
  }
}

// The tables fit one class well, so much of the posterior has alpha small
// and the second stick's 1 - V below 1e-12: the sampler that rounded 1 - V
// up to 1e-12 put 0.9100 where the exact P(N = 11) is 0.9234 on the first
// table (9 standard errors here).
TEST(LatentClass, MatchesTheExactPosteriorWithTwoClasses) {
  ExpectTheExactTwoClassPosterior({0, 0, 0, 1, 0, 1, 1, 8}, 1);
  ExpectTheExactTwoClassPosterior({0, 1, 1, 2, 1, 2, 2, 6}, 1);
}

// The Jeffreys prior Beta(1/2, 1/2) on the capture probabilities enters the
// Gibbs step of lambda and the ridge moves' acceptance (as the Jacobian
// raised to c); both are checked here.
TEST(LatentClass, MatchesTheExactPosteriorUnderAJeffreysCapturePrior) {
  ExpectTheExactTwoClassPosterior({0, 1, 1, 2, 1, 2, 2, 6}, 0.5);
}

TEST(LatentClass, TooShortChainsAreFlagged) {
  CaptureTable table = Kosovo();
  LatentClassOptions options = Quick(5);
  options.burn_in = 0;
  options.samples = 30;
  options.thinning = 1;
  auto result = FitLatentClass(table, options);
  ASSERT_TRUE(result.ok());
  bool flagged = false;
  for (const auto& w : result->warnings) flagged |= w.code == "not-converged";
  EXPECT_TRUE(flagged);
}

TEST(LatentClass, RejectsBadSettings) {
  CaptureTable table = Kosovo();
  LatentClassOptions options;
  options.max_classes = 0;
  EXPECT_EQ(FitLatentClass(table, options).status().code(), StatusCode::kInvalidArgument);
  options = LatentClassOptions{};
  options.alpha_rate = 0;
  EXPECT_EQ(FitLatentClass(table, options).status().code(), StatusCode::kInvalidArgument);
  options = LatentClassOptions{};
  options.capture_prior = 0;
  EXPECT_EQ(FitLatentClass(table, options).status().code(), StatusCode::kInvalidArgument);
}

TEST(Random, NormalHasUnitVarianceAndTails) {
  Rng rng(11);
  constexpr int kDraws = 200000;
  double sum = 0, sum_sq = 0;
  int beyond_two = 0, beyond_three_and_half = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double x = rng.Normal();
    sum += x;
    sum_sq += x * x;
    beyond_two += std::abs(x) > 2;
    beyond_three_and_half += std::abs(x) > 3.5;
  }
  EXPECT_NEAR(sum / kDraws, 0, 0.01);
  EXPECT_NEAR(sum_sq / kDraws, 1, 0.01);
  EXPECT_NEAR(static_cast<double>(beyond_two) / kDraws, 0.0455, 0.002);
  // 4.65e-4 expected: the ziggurat's tail code runs.
  EXPECT_GT(beyond_three_and_half, 50);
  EXPECT_LT(beyond_three_and_half, 150);
}

TEST(Random, SamplersHaveTheRightMeans) {
  Rng rng(9);
  constexpr int kDraws = 20000;
  double binom_small = 0, binom_large = 0, poisson_small = 0, poisson_large = 0, beta = 0,
         gamma = 0;
  for (int i = 0; i < kDraws; ++i) {
    binom_small += static_cast<double>(rng.Binomial(20, 0.1));
    binom_large += static_cast<double>(rng.Binomial(5000, 0.3));
    poisson_small += static_cast<double>(rng.Poisson(3.5));
    poisson_large += static_cast<double>(rng.Poisson(250.0));
    beta += rng.Beta(2, 6);
    gamma += rng.Gamma(0.3);
  }
  EXPECT_NEAR(binom_small / kDraws, 2.0, 0.05);
  EXPECT_NEAR(binom_large / kDraws, 1500.0, 1.0);
  EXPECT_NEAR(poisson_small / kDraws, 3.5, 0.05);
  EXPECT_NEAR(poisson_large / kDraws, 250.0, 0.5);
  EXPECT_NEAR(beta / kDraws, 0.25, 0.005);
  EXPECT_NEAR(gamma / kDraws, 0.3, 0.015);
}

// Multinomial takes two routes: conditional binomials with the heaviest
// class first (a few people over many light classes, as n = 25 here, once
// went to categorical draws), and plain sequential binomials beyond 64
// classes. Each must give the multinomial means n w_k / sum(w).
// Runs `split(out)` `draws` times and checks that each split sums to n and
// each class's mean is n w_k / sum(w) within 5 standard errors.
template <typename Split>
void ExpectMultinomialMeans(int64_t n, const std::vector<double>& weights, int draws, Split split) {
  double total_weight = 0;
  for (double w : weights) total_weight += w;
  std::vector<double> sums(weights.size(), 0);
  std::vector<int64_t> out(weights.size());
  for (int i = 0; i < draws; ++i) {
    split(out);
    int64_t total = 0;
    for (size_t k = 0; k < out.size(); ++k) {
      sums[k] += static_cast<double>(out[k]);
      total += out[k];
    }
    ASSERT_EQ(total, n);
  }
  for (size_t k = 0; k < weights.size(); ++k) {
    const double p = weights[k] / total_weight;
    const double expected = static_cast<double>(n) * p;
    const double tolerance = 5 * std::sqrt(expected * (1 - p) / draws) + 1e-9;
    EXPECT_NEAR(sums[k] / draws, expected, tolerance) << "n " << n << " class " << k;
  }
}

TEST(Random, MultinomialHasTheRightMeansOnEveryRoute) {
  Rng rng(17);
  const std::vector<double> ten = {0.05, 0.3, 0.001, 0.2, 0.02, 0.4, 0.01, 0.009, 0.005, 0.005};
  std::vector<double> seventy(70, 1.0);
  seventy[3] = 30;
  for (const auto& [n, weights] :
       {std::pair<int64_t, const std::vector<double>*>{25, &ten}, {1000, &ten}, {700, &seventy}}) {
    ExpectMultinomialMeans(n, *weights, 20000,
                           [&](std::vector<int64_t>& out) { rng.Multinomial(n, *weights, out); });
  }
}

// The binomial has four routes, each checked for its mean and variance:
// inversion with q^n by squaring (n < 1024), inversion with an exp and a
// log1p (larger n, n p small), BTRS (n p >= 16), and each for p > 1/2 by
// drawing the failures. 5 standard errors of the mean; the sample variance
// of 40,000 draws has a relative standard error of about 0.7%.
TEST(Random, BinomialHasTheRightMeanAndVarianceOnEveryRoute) {
  Rng rng(23);
  constexpr int kDraws = 40000;
  const std::pair<int64_t, double> cases[] = {{20, 0.1},  {30, 0.45},  {2000, 0.004}, {60, 0.9},
                                              {200, 0.3}, {5000, 0.7}, {40, 0.5},     {3, 0.02}};
  for (const auto& [n, p] : cases) {
    double sum = 0, sum_sq = 0;
    for (int i = 0; i < kDraws; ++i) {
      const int64_t x = rng.Binomial(n, p);
      ASSERT_GE(x, 0);
      ASSERT_LE(x, n);
      sum += static_cast<double>(x);
      sum_sq += static_cast<double>(x) * static_cast<double>(x);
    }
    const double mean = sum / kDraws;
    const double variance = sum_sq / kDraws - mean * mean;
    const double expected_variance = static_cast<double>(n) * p * (1 - p);
    EXPECT_NEAR(mean, static_cast<double>(n) * p, 5 * std::sqrt(expected_variance / kDraws))
        << "n " << n << " p " << p;
    EXPECT_NEAR(variance / expected_variance, 1.0, 0.04) << "n " << n << " p " << p;
  }
}

// Gamma: shape below 1, and the Marsaglia-Tsang loop whose first try is
// inline; Beta as two gammas, with the parameters of the capture
// probabilities (1 + seen, 1 + not seen).
TEST(Random, GammaAndBetaHaveTheRightMeanAndVariance) {
  Rng rng(29);
  constexpr int kDraws = 40000;
  for (const double shape : {0.3, 1.0, 2.5, 40.0, 1000.0}) {
    double sum = 0, sum_sq = 0;
    for (int i = 0; i < kDraws; ++i) {
      const double x = rng.Gamma(shape);
      sum += x;
      sum_sq += x * x;
    }
    const double mean = sum / kDraws;
    const double variance = sum_sq / kDraws - mean * mean;
    EXPECT_NEAR(mean, shape, 5 * std::sqrt(shape / kDraws)) << "shape " << shape;
    // Heavier tails for small shapes: a looser bound on the variance.
    EXPECT_NEAR(variance / shape, 1.0, shape < 1 ? 0.08 : 0.04) << "shape " << shape;
  }
  for (const auto& [a, b] : {std::pair<double, double>{4, 201}, {501, 701}, {1, 1}}) {
    double sum = 0, sum_sq = 0;
    for (int i = 0; i < kDraws; ++i) {
      const double x = rng.Beta(a, b);
      sum += x;
      sum_sq += x * x;
    }
    const double mean = sum / kDraws;
    const double variance = sum_sq / kDraws - mean * mean;
    const double expected_mean = a / (a + b);
    const double expected_variance = a * b / ((a + b) * (a + b) * (a + b + 1));
    EXPECT_NEAR(mean, expected_mean, 5 * std::sqrt(expected_variance / kDraws));
    EXPECT_NEAR(variance / expected_variance, 1.0, 0.05) << "a " << a << " b " << b;
  }
}

// The split in a caller's order: any starting order gives the multinomial
// means, and the order comes back with the heaviest class first.
TEST(Random, MultinomialInAGivenOrderHasTheRightMeans) {
  Rng rng(31);
  const std::vector<double> weights = {0.05, 0.3, 0.001, 0.2, 0.02, 0.4, 0.01, 0.009, 0.005, 0.005};
  for (const int64_t n : {int64_t{7}, int64_t{40}, int64_t{3000}}) {
    // Lightest first, the worst start.
    std::vector<uint32_t> order = {2, 8, 9, 7, 6, 4, 0, 3, 1, 5};
    ExpectMultinomialMeans(n, weights, 20000, [&](std::vector<int64_t>& out) {
      rng.Multinomial(n, weights, order, out);
      ASSERT_EQ(order[0], 5u);
    });
  }
}

}  // namespace
}  // namespace chorus::estimate
