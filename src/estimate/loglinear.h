// File: estimate/loglinear.h
// Log-linear capture-recapture models: a Poisson GLM over the observed cells
// of the capture table, log mu(x) = b0 + sum_j b_j x_j + sum_T b_T prod_{j in T}
// x_j, whose intercept extrapolates to the unobserved cell. Model selection by
// AIC or BIC, and profile-likelihood intervals for N. Formulas in
// docs/estimation.md.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "estimate/capture_table.h"

namespace chorus::estimate {

// Main effects of every list plus the interaction terms listed (each a mask of
// two or more lists).
struct LogLinearModel {
  std::vector<uint32_t> interactions;
};

// "c1:c2,c3:c4" (list names joined by ':'), "all2" (every two-way term),
// "all3" (every two- and three-way term), or "" / "none" (independence).
// Errors: an unknown list name, a term with fewer than two lists.
Result<LogLinearModel> ParseTerms(const std::vector<std::string>& lists, std::string_view terms);

// "main effects + c1:c2 + c3:c4" style name.
std::string ModelName(const std::vector<std::string>& lists, const LogLinearModel& model);

struct LogLinearOptions {
  double confidence = 0.95;
  // Compute the profile-likelihood interval (about 50 extra GLM fits).
  bool profile_interval = true;
};

struct LogLinearFit {
  LogLinearModel model;
  std::string name;
  int64_t observed = 0;
  double estimate = 0;   // Poisson N-hat = observed + exp(b0)
  double std_error = 0;  // delta-method standard error of N-hat
  // Profile-likelihood interval (multinomial likelihood, Cormack 1992);
  // upper is +infinity when the likelihood never falls far enough.
  double lower = 0;
  double upper = std::numeric_limits<double>::infinity();
  double multinomial_estimate = 0;  // the N maximising the profile likelihood
  double deviance = 0;
  int df = 0;
  int num_params = 0;
  double log_likelihood = 0;  // Poisson, over the observed cells
  double aic = 0;
  double bic = 0;  // penalty log(observed people) per parameter
  bool converged = true;
  std::vector<EstimateWarning> warnings;
};

// Fits one model. Errors: a term naming a list the table lacks, more
// parameters than observed cells. A zero margin (e.g. nobody on both lists of
// an interaction) is a warning, not an error: that parameter goes to -inf.
Result<LogLinearFit> FitLogLinear(const CaptureTable& table, const LogLinearModel& model,
                                  const LogLinearOptions& options = {});

// The relative profile likelihood exp(ell(N) - max ell) of a model at
// `points` values of N evenly spread over [from, to] (for plots). Errors as
// FitLogLinear. REQUIRES: observed <= from < to, points >= 2.
Result<std::vector<std::pair<double, double>>> ProfileLikelihoodCurve(const CaptureTable& table,
                                                                      const LogLinearModel& model,
                                                                      double from, double to,
                                                                      int points);

enum class Criterion { kAic, kBic };

struct SelectionOptions {
  Criterion criterion = Criterion::kAic;
  // Models within this many criterion points of the best are "plausible"
  // and all reported; at least `min_reported` models are always reported.
  double plausible_delta = 2.0;
  int min_reported = 3;
  LogLinearOptions fit;
};

struct LogLinearSelection {
  // Reported models, best first by the criterion. fits[0] is the selected one.
  std::vector<LogLinearFit> fits;
  int models_compared = 0;
  int plausible = 0;  // how many of `fits` are within plausible_delta
  // The spread over the plausible models: smallest lower bound, largest upper
  // bound, smallest and largest point estimate.
  double spread_lower = 0;
  double spread_upper = 0;
  double min_estimate = 0;
  double max_estimate = 0;
  std::vector<EstimateWarning> warnings;
};

// Compares every hierarchical model made of main effects plus any set of
// two-way interactions (up to 5 lists: 1,024 models), or a forward stepwise
// search beyond 5 lists, and reports the plausible ones.
Result<LogLinearSelection> SelectLogLinear(const CaptureTable& table,
                                           const SelectionOptions& options = {});

}  // namespace chorus::estimate
