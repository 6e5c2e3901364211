// File: estimate/random.h
// The random numbers of the samplers: a seeded xoshiro256++ generator and
// fast exact samplers (gamma, beta, binomial, Poisson, negative binomial,
// multinomial) tuned for the Gibbs loops, where std::*_distribution objects
// cost too much to rebuild at every draw. Deterministic for a given seed on
// every platform with IEEE doubles and the same libm.
#pragma once

#include <cmath>
#include <cstddef>
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
  // Standard normal by the ziggurat (Marsaglia & Tsang 2000). The common case
  // (about 98% of draws: inside a layer's rectangle) is inline; the wedges
  // and the tail go to NormalRare, which consumes the same numbers as a
  // single out-of-line loop would.
  double Normal() {
    const uint64_t bits = Next();
    const auto layer = static_cast<size_t>(bits & 0x7f);
    // 53 - 8 = 45 bits for the position inside the layer, in [0, 1).
    const double v = static_cast<double>(bits >> 11) * 0x1.0p-53 * ziggurat_x_[layer];
    if (v < ziggurat_x_[layer + 1]) return (bits & 0x80) ? -v : v;
    return NormalRare(bits);
  }
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
  // Splits `n` over `weights` (any non-negative scale) into `out`: with the
  // classes in decreasing weight, conditional binomials until at most
  // kPerDrawPerClass people per remaining class are left, then one
  // categorical draw per person. REQUIRES: out.size() == weights.size() >= 1.
  void Multinomial(int64_t n, std::span<const double> weights, std::span<int64_t> out);

 private:
  // On Kosovo (K = 10) a binomial costs about 230 instructions on average
  // and a categorical draw about 30 (callgrind): a pattern of 30 people
  // over 10 classes costs about the same either way.
  static constexpr int64_t kPerDrawPerClass = 3;
  static constexpr size_t kMaxCategoricalClasses = 64;
  // Conditional binomials in the given order (more than 64 classes).
  void SequentialBinomials(int64_t n, std::span<const double> weights, std::span<int64_t> out);
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  // The rest of Normal() for a first draw `bits` outside the rectangles.
  double NormalRare(uint64_t bits);
  // log(k!) from the table without the function-static guard of LogFactorial.
  double LogFactorialFast(int64_t k) const;
  uint64_t state_[4];
  const double* ziggurat_x_;      // layer edges x[0..128]
  const double* ziggurat_f_;      // the density at the edges
  const double* log_factorials_;  // log(k!) for k < 2^16
};

// log(k!) from a table for small k, lgamma beyond.
double LogFactorial(int64_t k);

}  // namespace chorus::estimate
