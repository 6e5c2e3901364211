// Shared by the estimation benchmarks: the Kosovo table (from the repo's
// test data, so the benchmarks run on a clone without ../shared) and
// simulated populations with known size.
#pragma once

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "estimate/capture_table.h"
#include "estimate/random.h"
#include "formats/csv.h"

namespace chorus::estimate::bench {

inline CaptureTable LoadTableOrDie(const std::string& relative) {
  const std::string path = std::string(CHORUS_SOURCE_DIR) + "/" + relative;
  auto csv = formats::ReadCsvFile(path);
  if (!csv.ok()) {
    std::fprintf(stderr, "%s\n", csv.status().ToString().c_str());
    std::exit(1);
  }
  auto table = CaptureTableFromCsv(*csv);
  if (!table.ok()) {
    std::fprintf(stderr, "%s\n", table.status().ToString().c_str());
    std::exit(1);
  }
  return *table;
}

inline CaptureTable Kosovo() {
  return LoadTableOrDie("tests/data/estimate/kosovo_aggregate_table.csv");
}

// A population of `n` people in latent groups; person in group g is on list
// j with probability capture[g][j], independently given the group. With
// `person_sd` > 0 there is one group and every person differs instead:
// logit P(on list j) = logit capture[0][j] + person_sd * z, z ~ N(0, 1) drawn
// once per person (continuous heterogeneity, the Rasch-type model M_h),
// which no finite number of latent classes describes exactly.
struct Scenario {
  const char* name;
  std::vector<double> group_share;
  std::vector<std::vector<double>> capture;
  double person_sd = 0;
};

inline CaptureTable Simulate(const Scenario& scenario, int64_t n, Rng& rng) {
  const size_t num_lists = scenario.capture[0].size();
  std::vector<std::string> names;
  for (size_t l = 0; l < num_lists; ++l) names.push_back("l" + std::to_string(l + 1));
  CaptureTable table = *MakeCaptureTable(names);
  std::vector<double> base_logit;
  for (double p : scenario.capture[0]) base_logit.push_back(std::log(p / (1 - p)));
  for (int64_t person = 0; person < n; ++person) {
    if (scenario.person_sd > 0) {
      const double shift = scenario.person_sd * rng.Normal();
      uint32_t mask = 0;
      for (size_t l = 0; l < num_lists; ++l) {
        if (rng.Uniform() < 1 / (1 + std::exp(-(base_logit[l] + shift)))) mask |= 1u << l;
      }
      if (mask != 0) ++table.counts[mask];
      continue;
    }
    double u = rng.Uniform();
    size_t group = 0;
    while (group + 1 < scenario.group_share.size() && u > scenario.group_share[group]) {
      u -= scenario.group_share[group];
      ++group;
    }
    uint32_t mask = 0;
    for (size_t l = 0; l < num_lists; ++l) {
      if (rng.Uniform() < scenario.capture[group][l]) mask |= 1u << l;
    }
    if (mask != 0) ++table.counts[mask];
  }
  return table;
}

}  // namespace chorus::estimate::bench
