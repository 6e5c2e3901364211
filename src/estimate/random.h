// File: estimate/random.h
// The random numbers of the samplers: a seeded xoshiro256++ generator and
// fast exact samplers (gamma, beta, binomial, Poisson, negative binomial,
// multinomial) tuned for the Gibbs loops, where std::*_distribution objects
// cost too much to rebuild at every draw. Deterministic for a given seed on
// every platform with IEEE doubles and the same libm.
#pragma once

#include <cmath>
#include <cstdint>
#include <span>

namespace chorus::estimate {

class Rng {
 public:
  explicit Rng(uint64_t seed);

  uint64_t Next() {
    const uint64_t result = Rotl(state_[0] + state_[3], 23) + state_[0];
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }
  // Uniform on the open interval (0, 1).
  double Uniform() { return (static_cast<double>(Next() >> 11) + 0.5) * 0x1.0p-53; }
  double Normal();
  // Gamma with shape `shape` > 0 and scale 1 (Marsaglia & Tsang 2000).
  double Gamma(double shape);
  // Beta(a, b), a, b > 0.
  double Beta(double a, double b) {
    const double x = Gamma(a);
    const double y = Gamma(b);
    return x / (x + y);
  }
  // Binomial(n, p): inversion for small n*p, else BTRS (Hormann 1993).
  int64_t Binomial(int64_t n, double p);
  // Poisson(mean): inversion for small means, else PTRS (Hormann 1993).
  int64_t Poisson(double mean);
  // Failures before `successes` successes with success probability
  // 1 - p_fail, as a gamma-Poisson mixture. REQUIRES: 0 <= p_fail < 1.
  int64_t NegativeBinomial(double successes, double p_fail) {
    if (p_fail <= 0) return 0;
    return Poisson(Gamma(successes) * p_fail / (1 - p_fail));
  }
  // Splits `n` over `weights` (any non-negative scale) into `out`, by
  // sequential conditional binomials. REQUIRES: out.size() == weights.size().
  void Multinomial(int64_t n, std::span<const double> weights, std::span<int64_t> out);

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t state_[4];
};

// log(k!) from a table for small k, lgamma beyond.
double LogFactorial(int64_t k);

}  // namespace chorus::estimate
