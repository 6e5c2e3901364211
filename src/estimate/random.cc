#include "estimate/random.h"

#include <algorithm>
#include <array>
#include <vector>

namespace chorus::estimate {
namespace {

constexpr int64_t kLogFactorialTableSize = 1 << 16;

const std::vector<double>& LogFactorialTable() {
  static const std::vector<double> table = [] {
    std::vector<double> t(static_cast<size_t>(kLogFactorialTableSize));
    t[0] = 0;
    for (size_t k = 1; k < t.size(); ++k) t[k] = t[k - 1] + std::log(static_cast<double>(k));
    return t;
  }();
  return table;
}

uint64_t SplitMix64(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// x^n by squaring. REQUIRES: n >= 0. The bits of n are unpredictable, so
// each picks its factor by index instead of by a branch.
double IntegerPower(double x, int64_t n) {
  double result = 1;
  while (n > 0) {
    const double factors[2] = {1.0, x};
    result *= factors[n & 1];
    x *= x;
    n >>= 1;
  }
  return result;
}

// Up to this n, q^n is taken by squaring: at most 20 multiplies.
constexpr int64_t kMaxSquaringExponent = 1024;

}  // namespace

double LogFactorial(int64_t k) {
  if (k < kLogFactorialTableSize) return LogFactorialTable()[static_cast<size_t>(k)];
  return std::lgamma(static_cast<double>(k) + 1);
}

namespace {

// Ziggurat tables for the standard normal (Marsaglia & Tsang 2000), 128
// layers: x[i] are the layer edges, ratio[i] = x[i+1] / x[i].
struct Ziggurat {
  static constexpr int kLayers = 128;
  static constexpr double kR = 3.442619855899;  // start of the tail
  static constexpr double kArea = 9.91256303526217e-3;
  double x[kLayers + 1];
  double f[kLayers + 1];
  Ziggurat() {
    const auto density = [](double v) { return std::exp(-0.5 * v * v); };
    x[0] = kArea / density(kR);
    x[1] = kR;
    for (int i = 2; i < kLayers; ++i) {
      x[i] = std::sqrt(-2 * std::log(kArea / x[i - 1] + density(x[i - 1])));
    }
    x[kLayers] = 0;
    for (int i = 0; i <= kLayers; ++i) f[i] = density(x[i]);
  }
};

const Ziggurat& ZigguratTables() {
  static const Ziggurat tables;
  return tables;
}

}  // namespace

Rng::Rng(uint64_t seed)
    : ziggurat_x_(ZigguratTables().x),
      ziggurat_f_(ZigguratTables().f),
      log_factorials_(LogFactorialTable().data()) {
  uint64_t x = seed;
  for (auto& word : state_) word = SplitMix64(x);
}

double Rng::LogFactorialFast(int64_t k) const {
  if (k < kLogFactorialTableSize) return log_factorials_[k];
  return std::lgamma(static_cast<double>(k) + 1);
}

double Rng::NormalRare(uint64_t bits) {
  // Continues the ziggurat loop of Normal() from its first draw `bits`.
  while (true) {
    const auto layer = static_cast<size_t>(bits & 0x7f);
    const double sign = (bits & 0x80) ? -1.0 : 1.0;
    const double v = static_cast<double>(bits >> 11) * 0x1.0p-53 * ziggurat_x_[layer];
    if (v < ziggurat_x_[layer + 1]) return sign * v;  // inside the rectangle's core
    if (layer == 0) {
      // The tail beyond R (Marsaglia 1964).
      double tail_x, tail_y;
      do {
        tail_x = -std::log(Uniform()) / Ziggurat::kR;
        tail_y = -std::log(Uniform());
      } while (2 * tail_y < tail_x * tail_x);
      return sign * (Ziggurat::kR + tail_x);
    }
    // The wedge between the layer's rectangle and the density.
    if (ziggurat_f_[layer] + Uniform() * (ziggurat_f_[layer + 1] - ziggurat_f_[layer]) <
        std::exp(-0.5 * v * v)) {
      return sign * v;
    }
    bits = Next();
  }
}

double Rng::GammaBelowOne(double shape) {
  // Gamma(a) = Gamma(a + 1) * U^(1/a).
  const double g = Gamma(shape + 1);
  return g * std::exp(std::log(Uniform()) / shape);
}

double Rng::GammaRest(double d, double c) {
  while (true) {
    double x, v;
    do {
      x = Normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const double u = Uniform();
    const double x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (std::log(u) < 0.5 * x2 + d * (1 - v + std::log(v))) return d * v;
  }
}

int64_t Rng::BinomialInversion(int64_t n, double p, double u) {
  const double nd = static_cast<double>(n);
  const double q = 1 - p;
  const double s = p / q;
  const double a = (nd + 1) * s;
  // P(0) = q^n: by squaring (at most 2 log2(n) multiplies, a few ulps)
  // for the small n of the multinomial splits, else an exp and a log1p.
  const double r0 = n < kMaxSquaringExponent ? IntegerPower(q, n) : std::exp(nd * std::log1p(-p));
  double r = r0;
  int64_t x = 0;
  while (u > r) {
    u -= r;
    ++x;
    if (x > n) {  // rounding ran past the end: restart
      x = 0;
      u = Uniform();
      r = r0;
      continue;
    }
    r *= a / static_cast<double>(x) - s;
  }
  return x;
}

int64_t Rng::Btrs(int64_t n, double p) {
  const double nd = static_cast<double>(n);
  const double q = 1 - p;
  const double spq = std::sqrt(nd * p * q);
  const double b = 1.15 + 2.53 * spq;
  const double a = -0.0873 + 0.0248 * b + 0.01 * p;
  const double c = nd * p + 0.5;
  const double v_r = 0.92 - 4.2 / b;
  const double alpha = (2.83 + 5.1 / b) * spq;
  // The mode's terms take a log; about half the draws are accepted by the
  // squeeze first, so they are computed at the first rejection.
  double lpq = 0;
  double h = 0;
  int64_t m = -1;
  while (true) {
    const double u = Uniform() - 0.5;
    double v = Uniform();
    const double us = 0.5 - std::abs(u);
    // k = floor(t) in [0, n]; a cast truncates, which is floor for t >= 0,
    // and avoids a call to floor (not inline without SSE4.1).
    const double t = (2 * a / us + b) * u + c;
    if (t < 0 || t >= nd + 1) continue;
    const auto k = static_cast<int64_t>(t);
    if (us >= 0.07 && v <= v_r) return k;
    if (m < 0) {
      lpq = std::log(p / q);
      m = static_cast<int64_t>((nd + 1) * p);
      h = LogFactorialFast(m) + LogFactorialFast(n - m);
    }
    v = std::log(v * alpha / (a / (us * us) + b));
    if (v <= h - LogFactorialFast(k) - LogFactorialFast(n - k) + static_cast<double>(k - m) * lpq) {
      return k;
    }
  }
}

int64_t Rng::Poisson(double mean) {
  if (mean <= 0) return 0;
  if (mean < 10) {
    double p = std::exp(-mean);
    double u = Uniform();
    int64_t x = 0;
    while (u > p) {
      u -= p;
      ++x;
      p *= mean / static_cast<double>(x);
      if (p <= 0) break;  // the tail underflowed: x is as far as doubles reach
    }
    return x;
  }
  const double slam = std::sqrt(mean);
  const double loglam = std::log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const double v_r = 0.9277 - 3.6224 / (b - 2);
  while (true) {
    const double u = Uniform() - 0.5;
    const double v = Uniform();
    const double us = 0.5 - std::abs(u);
    const double kd = std::floor((2 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= v_r) return static_cast<int64_t>(kd);
    if (kd < 0 || (us < 0.013 && v > us)) continue;
    const auto k = static_cast<int64_t>(kd);
    if (std::log(v) + std::log(invalpha) - std::log(a / (us * us) + b) <=
        -mean + kd * loglam - LogFactorialFast(k)) {
      return k;
    }
  }
}

void Rng::Multinomial(int64_t n, std::span<const double> weights, std::span<int64_t> out) {
  const size_t k = weights.size();
  if (k > kMaxSortedClasses) {
    std::fill(out.begin(), out.end(), 0);
    if (n > 0) SequentialBinomials(n, weights, out);
    return;
  }
  uint32_t order[kMaxSortedClasses];
  for (size_t idx = 0; idx < k; ++idx) {
    size_t pos = idx;
    while (pos > 0 && weights[order[pos - 1]] < weights[idx]) {
      order[pos] = order[pos - 1];
      --pos;
    }
    order[pos] = static_cast<uint32_t>(idx);
  }
  Multinomial(n, weights, std::span<uint32_t>(order, k), out);
}

void Rng::Multinomial(int64_t n, std::span<const double> weights, std::span<uint32_t> order,
                      std::span<int64_t> out) {
  const size_t k = weights.size();
  std::fill(out.begin(), out.end(), 0);
  if (n <= 0) return;
  if (k > kMaxSortedClasses) {
    SequentialBinomials(n, weights, out);
    return;
  }
  double sorted[kMaxSortedClasses];
  for (size_t idx = 0; idx < k; ++idx) sorted[idx] = weights[order[idx]];
  // Branch-free (max, min and a mask): whether two light classes swap is a
  // coin toss.
  for (size_t idx = k - 1; idx > 0; --idx) {
    const double above = sorted[idx - 1];
    const double below = sorted[idx];
    const uint32_t swap_mask = -static_cast<uint32_t>(below > above);
    sorted[idx - 1] = std::max(above, below);
    sorted[idx] = std::min(above, below);
    const uint32_t exchanged = (order[idx - 1] ^ order[idx]) & swap_mask;
    order[idx - 1] ^= exchanged;
    order[idx] ^= exchanged;
  }
  // The weight of the classes not yet split, summed from the end so that a
  // light class's share is not the difference of two large sums.
  double rest_weight[kMaxSortedClasses + 1];
  rest_weight[k] = 0;
  for (size_t idx = k; idx-- > 0;) rest_weight[idx] = rest_weight[idx + 1] + sorted[idx];
  int64_t remaining = n;
  // Conditional binomials to the end, with no categorical draws for the
  // last few people: a light class's binomial is 0 from one uniform (see
  // BinomialAtMostHalf), and the scan of a categorical draw was the most
  // mispredicted branch of the sampler.
  for (size_t idx = 0; idx + 1 < k && remaining > 0; ++idx) {
    const double p = rest_weight[idx] > 0 ? std::min(1.0, sorted[idx] / rest_weight[idx]) : 0.0;
    const int64_t draw = Binomial(remaining, p);
    out[order[idx]] += draw;
    remaining -= draw;
  }
  if (remaining > 0) out[order[k - 1]] += remaining;
}

void Rng::SequentialBinomials(int64_t n, std::span<const double> weights, std::span<int64_t> out) {
  double remaining_weight = 0;
  for (double w : weights) remaining_weight += w;
  int64_t remaining = n;
  for (size_t idx = 0; idx < weights.size() && remaining > 0; ++idx) {
    if (idx + 1 == weights.size()) {
      out[idx] = remaining;
      return;
    }
    const double p = remaining_weight > 0 ? std::min(1.0, weights[idx] / remaining_weight) : 0.0;
    out[idx] = Binomial(remaining, p);
    remaining -= out[idx];
    remaining_weight -= weights[idx];
  }
}

}  // namespace chorus::estimate
