// File: estimate/random.h
// The random numbers of the samplers: a seeded xoshiro256++ generator and
// fast exact samplers (gamma, beta, binomial, Poisson, negative binomial,
// multinomial) tuned for the Gibbs loops, where std::*_distribution objects
// cost too much to rebuild at every draw. Deterministic for a given seed on
// every platform with IEEE doubles and the same libm.
#pragma once

#include <algorithm>
#include <bit>
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
    // The sign by flipping the sign bit: a branch on a random bit would be
    // mispredicted half the time.
    if (v < ziggurat_x_[layer + 1]) {
      return std::bit_cast<double>(std::bit_cast<uint64_t>(v) ^ ((bits & 0x80) << 56));
    }
    return NormalRare(bits);
  }
  // Gamma with shape `shape` > 0 and scale 1 (Marsaglia & Tsang 2000).
  // The common case (shape >= 1, the first try accepted by the squeeze,
  // about 90% of draws) is inline; the rest goes to GammaRest, which
  // consumes the same numbers as one out-of-line loop would.
  double Gamma(double shape) {
    if (shape < 1) return GammaBelowOne(shape);
    const double d = shape - 1.0 / 3;
    const double c = 1 / std::sqrt(9 * d);
    const double x = Normal();
    double v = 1 + c * x;
    if (v <= 0) return GammaRest(d, c);
    v = v * v * v;
    const double u = Uniform();
    const double x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (std::log(u) < 0.5 * x2 + d * (1 - v + std::log(v))) return d * v;
    return GammaRest(d, c);
  }
  // Beta(a, b), a, b > 0.
  double Beta(double a, double b) {
    const double x = Gamma(a);
    const double y = Gamma(b);
    return x / (x + y);
  }
  // Binomial(n, p): inversion for small n*p, else BTRS (Hormann 1993).
  // The trivial cases and the inversion's first step are inline: most
  // draws of the multinomial splits are 0 from one uniform.
  int64_t Binomial(int64_t n, double p) {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    // Which side of 1/2 p is on is unpredictable: min and a mask, no branch
    // (GCC turns a ?: here into one).
    const int64_t draw = BinomialAtMostHalf(n, std::min(p, 1 - p));
    const int64_t flip_mask = -static_cast<int64_t>(p > 0.5);
    return draw + (flip_mask & (n - 2 * draw));
  }
  // Poisson(mean): inversion for small means, else PTRS (Hormann 1993).
  int64_t Poisson(double mean);
  // Failures before `successes` successes with success probability
  // 1 - p_fail, as a gamma-Poisson mixture. REQUIRES: 0 <= p_fail < 1.
  int64_t NegativeBinomial(double successes, double p_fail) {
    if (p_fail <= 0) return 0;
    return Poisson(Gamma(successes) * p_fail / (1 - p_fail));
  }
  // Splits `n` over `weights` (any non-negative scale) into `out` by
  // conditional binomials, the classes in decreasing weight (ties by index).
  // REQUIRES: out.size() == weights.size() >= 1.
  void Multinomial(int64_t n, std::span<const double> weights, std::span<int64_t> out);
  // Splits `n` over `weights` by conditional binomials, the classes taken
  // in the order `order` (a permutation of them) after one bubble pass
  // towards decreasing weight, which brings the heaviest class to the
  // front; `order` keeps the result. Any order gives the same multinomial
  // distribution; heavy classes first take the fewest draws. The Gibbs
  // sampler keeps one order per pattern, which changes little between
  // sweeps, so one pass keeps it nearly sorted. More than 64 classes are
  // split in index order. REQUIRES: order.size() == weights.size() ==
  // out.size().
  void Multinomial(int64_t n, std::span<const double> weights, std::span<uint32_t> order,
                   std::span<int64_t> out);

 private:
  // Up to this many classes a split sorts them on the stack.
  static constexpr size_t kMaxSortedClasses = 64;
  // Binomials with a smaller mean n p are drawn by inversion: its walk
  // takes about n p steps of a few instructions, cheaper than a BTRS
  // set-up and its logs up to this mean (callgrind on Kosovo).
  static constexpr double kMaxInversionMean = 16;
  // Conditional binomials in the given order (more than 64 classes).
  void SequentialBinomials(int64_t n, std::span<const double> weights, std::span<int64_t> out);
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  // REQUIRES: n >= 1, 0 < p <= 0.5.
  int64_t BinomialAtMostHalf(int64_t n, double p) {
    const double np = static_cast<double>(n) * p;
    if (np >= kMaxInversionMean) return Btrs(n, p);
    // Inversion. (1 - p)^n >= 1 - n p (Bernoulli's inequality): most draws
    // with a small n p are 0 and need no power of 1 - p.
    const double u = Uniform();
    if (u <= 1 - np) return 0;
    return BinomialInversion(n, p, u);
  }
  // The inversion's walk from 0 with the first uniform `u`.
  int64_t BinomialInversion(int64_t n, double p, double u);
  // BTRS: transformed rejection with squeeze, valid for n p >= 10; used
  // from kMaxInversionMean.
  int64_t Btrs(int64_t n, double p);
  double GammaBelowOne(double shape);
  // The loop of Gamma after a first try that was rejected.
  double GammaRest(double d, double c);
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
