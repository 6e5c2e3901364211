// Micro-benchmarks of the linkage comparators on typical name lengths.
#include <benchmark/benchmark.h>

#include "linkage/comparators.h"

namespace {

using chorus::linkage::DecodeUtf8;

void BM_JaroWinkler(benchmark::State& state) {
  const std::u32string a = DecodeUtf8("michaela"), b = DecodeUtf8("michafla");
  for (auto _ : state) benchmark::DoNotOptimize(chorus::linkage::JaroWinkler(a, b));
}
BENCHMARK(BM_JaroWinkler);

void BM_Damerau(benchmark::State& state) {
  const std::u32string a = DecodeUtf8("5304218"), b = DecodeUtf8("5302418");
  for (auto _ : state) benchmark::DoNotOptimize(chorus::linkage::DamerauLevenshtein(a, b, 1));
}
BENCHMARK(BM_Damerau);

void BM_TokenSet(benchmark::State& state) {
  const std::u32string a = DecodeUtf8("thomas clifford baron chudleigh"),
                       b = DecodeUtf8("tom clifford of chudleigh");
  for (auto _ : state) benchmark::DoNotOptimize(chorus::linkage::TokenSetSimilarity(a, b));
}
BENCHMARK(BM_TokenSet);

void BM_QGram(benchmark::State& state) {
  const std::u32string a = DecodeUtf8("stanley street"), b = DecodeUtf8("stanleykstreet");
  for (auto _ : state) benchmark::DoNotOptimize(chorus::linkage::QGramJaccard(a, b));
}
BENCHMARK(BM_QGram);

}  // namespace
