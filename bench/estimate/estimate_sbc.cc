// Simulation-based calibration (Talts et al. 2018) of the latent-class
// sampler: draw the model's parameters from its prior, simulate a table,
// fit, and find where the true N falls among the posterior draws. If the
// sampler targets the posterior, that position is uniform, and a central
// 95% interval covers the truth in 95% of replicates. Usage:
//   estimate_sbc [replicates=400] [seed=1] [lists=4] [max_classes=10]
//                [burn_in=2000] [samples=1000] [thinning=10] [chains=2]
//                [ridge_moves=3] [n_low=1000] [n_high=3000]
//                [alpha_a=0.25] [alpha_b=0.25] [capture_prior=1]
// The model's prior p(N) ~ 1/N is improper, so N is drawn from it truncated
// to [n_low, n_high], which is proper. The posterior under the truncated
// prior is the sampler's posterior restricted to that range (the prior only
// multiplies by the indicator), so the draws outside it are dropped rather
// than the sampler changed. Capture probabilities are Beta(c, c), the
// sticks Beta(1, alpha) truncated at K, alpha ~ Gamma(a, b), with the
// defaults of LatentClassOptions (c = 1, a = b = 0.25) unless given.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "estimate/capture_table.h"
#include "estimate/latent_class.h"
#include "estimate/random.h"

int main(int argc, char** argv) {
  using namespace chorus::estimate;
  const int replicates = argc > 1 ? std::atoi(argv[1]) : 400;
  const uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
  const int num_lists = argc > 3 ? std::atoi(argv[3]) : 4;
  LatentClassOptions options;
  options.max_classes = argc > 4 ? std::atoi(argv[4]) : 10;
  options.burn_in = argc > 5 ? std::atoi(argv[5]) : 2000;
  options.samples = argc > 6 ? std::atoi(argv[6]) : 1000;
  options.thinning = argc > 7 ? std::atoi(argv[7]) : 10;
  options.chains = argc > 8 ? std::atoi(argv[8]) : 2;
  options.ridge_moves = argc > 9 ? std::atoi(argv[9]) : 3;
  const double n_low = argc > 10 ? std::atof(argv[10]) : 1000;
  const double n_high = argc > 11 ? std::atof(argv[11]) : 3000;
  if (argc > 12) options.alpha_shape = std::atof(argv[12]);
  if (argc > 13) options.alpha_rate = std::atof(argv[13]);
  if (argc > 14) options.capture_prior = std::atof(argv[14]);
  const auto k = static_cast<size_t>(options.max_classes);
  Rng rng(seed);
  constexpr int kBins = 20;
  std::vector<int> bins(kBins, 0);
  int covered = 0, used = 0;
  double sum_kept = 0;
  for (int rep = 0; rep < replicates; ++rep) {
    // N with p(N) ~ 1/N on [n_low, n_high]: the floor of a log-uniform,
    // P(N = m) ~ log(1 + 1/m), within 0.05% of 1/m for m >= 1000.
    const auto n = static_cast<int64_t>(
        std::floor(n_low * std::exp(rng.Uniform() * std::log((n_high + 1) / n_low))));
    const double alpha = rng.Gamma(options.alpha_shape) / options.alpha_rate;
    std::vector<double> pi(k);
    double remaining = 1;
    for (size_t class_idx = 0; class_idx + 1 < k; ++class_idx) {
      const double keep = std::exp(std::log(rng.Uniform()) / alpha);  // 1 - V, V ~ Beta(1, alpha)
      pi[class_idx] = remaining * (1 - keep);
      remaining *= keep;
    }
    pi[k - 1] = remaining;
    std::vector<double> lambda(k * static_cast<size_t>(num_lists));
    for (double& value : lambda) {
      value = options.capture_prior == 1 ? rng.Uniform()
                                         : rng.Beta(options.capture_prior, options.capture_prior);
    }
    std::vector<std::string> names;
    for (int list = 0; list < num_lists; ++list) names.push_back("l" + std::to_string(list + 1));
    CaptureTable table = *MakeCaptureTable(names);
    std::vector<int64_t> class_sizes(k);
    rng.Multinomial(n, pi, class_sizes);
    for (size_t class_idx = 0; class_idx < k; ++class_idx) {
      for (int64_t person = 0; person < class_sizes[class_idx]; ++person) {
        uint32_t mask = 0;
        for (int list = 0; list < num_lists; ++list) {
          if (rng.Uniform() <
              lambda[class_idx * static_cast<size_t>(num_lists) + static_cast<size_t>(list)]) {
            mask |= 1u << list;
          }
        }
        if (mask != 0) ++table.counts[mask];
      }
    }
    if (table.Observed() == 0) continue;
    options.seed = seed * 100000 + static_cast<uint64_t>(rep);
    auto fit = FitLatentClass(table, options);
    if (!fit.ok()) {
      std::fprintf(stderr, "%s\n", fit.status().ToString().c_str());
      return 1;
    }
    // The draws inside the prior's range; ties split at random.
    double below = 0, kept = 0, total = 0;
    for (const auto& chain : fit->chains) {
      for (double draw : chain) {
        total += 1;
        if (draw < n_low || draw > n_high) continue;
        kept += 1;
        if (draw < static_cast<double>(n)) below += 1;
        if (draw == static_cast<double>(n)) below += rng.Uniform();
      }
    }
    if (kept < 10) continue;
    ++used;
    sum_kept += kept / total;
    const double position = below / kept;
    ++bins[static_cast<size_t>(std::min(kBins - 1, static_cast<int>(position * kBins)))];
    covered += position > 0.025 && position < 0.975;
  }
  double chi2 = 0;
  const double expected = static_cast<double>(used) / kBins;
  for (int count : bins) chi2 += (count - expected) * (count - expected) / expected;
  std::printf(
      "SBC: %d lists, K = %d, N ~ 1/N on [%.0f, %.0f], %d of %d replicates used, seed %llu; "
      "%d chains, burn-in %d, %d draws, thinning %d, ridge moves %d\n",
      num_lists, options.max_classes, n_low, n_high, used, replicates,
      static_cast<unsigned long long>(seed), options.chains, options.burn_in, options.samples,
      options.thinning, options.ridge_moves);
  std::printf("mean share of draws inside the range: %.3f\n", sum_kept / used);
  std::printf("position of the true N among the draws, %d bins:", kBins);
  for (int count : bins) std::printf(" %d", count);
  std::printf("\nchi-square %.1f on %d df (95%% point 30.1)\n", chi2, kBins - 1);
  std::printf("central 95%% interval covers the true N: %.1f%%\n", 100.0 * covered / used);
  return 0;
}
