// The Kosovo 1999 table with the settings of the issue: latent-class model,
// K = 10, a = b = 0.25, burn-in 10,000, 1,000 samples, thinning 100, over
// several seeds (each run has `chains` chains); then the log-linear
// references. Usage: estimate_kosovo [first_seed=1] [num_seeds=5] [chains=4]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <vector>

#include "bench_data.h"
#include "estimate/bma.h"
#include "estimate/latent_class.h"
#include "estimate/loglinear.h"

int main(int argc, char** argv) {
  using namespace chorus::estimate;
  const uint64_t first_seed = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1;
  const int num_seeds = argc > 2 ? std::atoi(argv[2]) : 5;
  const int chains = argc > 3 ? std::atoi(argv[3]) : 4;
  const CaptureTable table = bench::Kosovo();
  std::printf("Kosovo 1999, %lld documented killings on 4 lists\n",
              static_cast<long long>(table.Observed()));
  std::printf("latent-class K=10 a=b=0.25 burn-in 10000, 1000 samples, thinning 100, %d chains\n",
              chains);
  std::printf("%6s %9s %9s %9s %7s %7s %10s\n", "seed", "median", "2.5%", "97.5%", "R-hat", "ESS",
              "iter/s");
  std::vector<double> medians;
  for (int s = 0; s < num_seeds; ++s) {
    LatentClassOptions options;
    options.seed = first_seed + static_cast<uint64_t>(s) * 1000;
    options.chains = chains;
    auto result = FitLatentClass(table, options);
    if (!result.ok()) {
      std::fprintf(stderr, "%s\n", result.status().ToString().c_str());
      return 1;
    }
    medians.push_back(result->median);
    std::printf("%6llu %9.0f %9.0f %9.0f %7.3f %7.0f %10.0f\n",
                static_cast<unsigned long long>(options.seed), result->median, result->lower,
                result->upper, result->rhat, result->ess,
                static_cast<double>(result->iterations) / result->seconds);
  }
  const auto [lo, hi] = std::minmax_element(medians.begin(), medians.end());
  const double mean =
      std::accumulate(medians.begin(), medians.end(), 0.0) / static_cast<double>(medians.size());
  const double largest_deviation = std::max(mean - *lo, *hi - mean);
  std::printf(
      "medians across seeds: %.0f - %.0f, mean %.0f; spread %.2f%% of the smallest, largest "
      "deviation from the mean %.2f%%\n",
      *lo, *hi, mean, 100 * (*hi - *lo) / *lo, 100 * largest_deviation / mean);
  std::printf("\nlog-linear (Poisson N-hat, 95%% profile interval)\n");
  for (const char* terms : {"", "all2", "all3"}) {
    auto fit = FitLogLinear(table, *ParseTerms(table.lists, terms));
    std::printf("  %-60s %9.1f [%9.1f, %9.1f] deviance %.1f on %d df\n", fit->name.c_str(),
                fit->estimate, fit->lower, fit->upper, fit->deviance, fit->df);
  }
  auto bma = FitBma(table);
  std::printf("\nBMA over %d decomposable graphs: median %.0f [%.0f, %.0f] in %.3f s\n",
              bma->graphs_compared, bma->median, bma->lower, bma->upper, bma->seconds);
  return 0;
}
