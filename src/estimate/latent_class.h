// File: estimate/latent_class.h
// The Bayesian non-parametric latent-class model of Manrique-Vallier (2016,
// Biometrics 72:1246-1254): people fall into latent classes with a truncated
// stick-breaking (Dirichlet process) prior; within a class, lists capture
// independently. A Gibbs sampler over pattern counts (its cost per iteration
// does not grow with the number of people) gives the posterior of N.
#pragma once

#include <cstdint>
#include <vector>

#include "base/status.h"
#include "estimate/capture_table.h"

namespace chorus::estimate {

struct LatentClassOptions {
  int max_classes = 10;       // K, the truncation of the stick-breaking prior
  double alpha_shape = 0.25;  // a: Gamma(a, b) prior on the concentration
  double alpha_rate = 0.25;   // b
  double capture_prior = 1;   // c: Beta(c, c) prior on every capture probability
  int burn_in = 10000;        // iterations discarded at the start of each chain
  int samples = 1000;         // draws kept per chain
  int thinning = 100;         // iterations between kept draws
  int chains = 4;             // independent chains, seeds seed, seed+1, ...
  uint64_t seed = 1;
  double confidence = 0.95;  // width of the reported credible interval
  // Metropolis moves along the capture-probability/class-size ridge per
  // sweep (0 = the plain Gibbs sampler of the paper), and the standard
  // deviation of their logit shift. They change how fast the chain mixes,
  // not the posterior it targets.
  int ridge_moves = 3;
  double ridge_step = 0.8;
  // Convergence guards: warn above this R-hat or below this total ESS.
  double max_rhat = 1.05;
  double min_ess = 400;
};

struct LatentClassResult {
  int64_t observed = 0;
  // Posterior of N (observed included), pooled over chains.
  double median = 0;
  double mean = 0;
  double lower = 0;
  double upper = 0;
  double rhat = 1;
  double ess = 0;
  // Draws of N, chain by chain (chains[c][i]).
  std::vector<std::vector<double>> chains;
  // Share of the ridge Metropolis moves accepted (docs/estimation.md).
  double ridge_acceptance = 0;
  int64_t iterations = 0;  // total Gibbs iterations run, burn-in included
  double seconds = 0;      // wall time of the sampling
  std::vector<EstimateWarning> warnings;
};

// Runs the sampler. Errors: K < 1, non-positive prior parameters, samples or
// thinning < 1, chains < 1, an empty table.
Result<LatentClassResult> FitLatentClass(const CaptureTable& table,
                                         const LatentClassOptions& options = {});

}  // namespace chorus::estimate
