// Speed of the estimators on one core. Run:
//   build/<dir>/bench/estimate/estimate_bench --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include "bench_data.h"
#include "estimate/bma.h"
#include "estimate/latent_class.h"
#include "estimate/loglinear.h"

namespace chorus::estimate::bench {
namespace {

// Gibbs iterations per second on the Kosovo table, K = 10: one chain of
// 20,000 sweeps, the last 1,000 kept (thinning 1). The rate is over CPU
// time. Only 1,000 draws are kept so that the diagnostics after the
// sampling stay negligible: keeping all 20,000 unthinned, strongly
// autocorrelated draws made the ESS computation a quarter of the time.
// Argument: ridge moves per sweep (3 is the default, 0 the plain Gibbs
// sampler of the paper).
void BM_LatentClassKosovo(benchmark::State& state) {
  const CaptureTable table = Kosovo();
  LatentClassOptions options;
  options.ridge_moves = static_cast<int>(state.range(0));
  options.chains = 1;
  options.burn_in = 19000;
  options.thinning = 1;
  options.samples = 1000;
  int64_t iterations = 0;
  for (auto _ : state) {
    auto result = FitLatentClass(table, options);
    benchmark::DoNotOptimize(result->median);
    iterations += result->iterations;
  }
  state.counters["iterations_per_s"] =
      benchmark::Counter(static_cast<double>(iterations), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_LatentClassKosovo)->Arg(3)->Arg(0)->Unit(benchmark::kMillisecond);

// Model averaging over every decomposable graph on 5 lists (822 graphs).
void BM_Bma5Lists(benchmark::State& state) {
  Rng rng(5);
  Scenario scenario{"5 lists", {1.0}, {{0.3, 0.25, 0.2, 0.35, 0.3}}};
  const CaptureTable table = Simulate(scenario, 10000, rng);
  for (auto _ : state) {
    auto result = FitBma(table);
    benchmark::DoNotOptimize(result->median);
  }
}
BENCHMARK(BM_Bma5Lists)->Unit(benchmark::kMillisecond);

// The 4-list Kosovo table, all 61 graphs.
void BM_BmaKosovo(benchmark::State& state) {
  const CaptureTable table = Kosovo();
  for (auto _ : state) {
    auto result = FitBma(table);
    benchmark::DoNotOptimize(result->median);
  }
}
BENCHMARK(BM_BmaKosovo)->Unit(benchmark::kMillisecond);

// Log-linear selection over the 64 models of 4 lists, with profile
// intervals for the reported ones.
void BM_LogLinearSelectionKosovo(benchmark::State& state) {
  const CaptureTable table = Kosovo();
  for (auto _ : state) {
    auto result = SelectLogLinear(table);
    benchmark::DoNotOptimize(result->fits.size());
  }
}
BENCHMARK(BM_LogLinearSelectionKosovo)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace chorus::estimate::bench

BENCHMARK_MAIN();
