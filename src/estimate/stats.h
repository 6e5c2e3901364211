// File: estimate/stats.h
// Small statistical helpers shared by the estimators: normal and chi-square
// quantiles, sample quantiles, and MCMC diagnostics (effective sample size,
// split R-hat over chains). Pure.
#pragma once

#include <span>
#include <vector>

namespace chorus::estimate {

// Inverse of the standard normal CDF. REQUIRES: 0 < p < 1.
double NormalQuantile(double p);

// Quantile of the chi-square distribution with one degree of freedom:
// 3.841 for 0.95. REQUIRES: 0 < p < 1.
double ChiSquare1Quantile(double p);

// P(X > x) for X chi-square with `df` degrees of freedom (the p-value of a
// deviance). REQUIRES: df >= 1.
double ChiSquareSurvival(double x, int df);

// Sample quantile (type 7, as R's default) of `values`; the span is copied.
// REQUIRES: values non-empty, 0 <= p <= 1.
double SampleQuantile(std::span<const double> values, double p);

// Effective sample size of one or more chains of equal length (Geyer's
// initial positive sequence on the averaged autocorrelations, as in Stan's
// multi-chain ESS). Returns the total number of draws when the chains are
// too short to estimate autocorrelation.
double EffectiveSampleSize(const std::vector<std::vector<double>>& chains);

// Split R-hat (Gelman et al. 2013): each chain is halved, and the between-
// and within-half variances compared. 1 means the chains agree; above 1.05
// or so they have not mixed. Returns 1 for constant chains. REQUIRES: every
// chain has at least 4 draws and all have the same length.
double SplitRHat(const std::vector<std::vector<double>>& chains);

}  // namespace chorus::estimate
