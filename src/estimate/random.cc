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

double Rng::Gamma(double shape) {
  if (shape < 1) {
    // Gamma(a) = Gamma(a + 1) * U^(1/a).
    const double g = Gamma(shape + 1);
    return g * std::exp(std::log(Uniform()) / shape);
  }
  const double d = shape - 1.0 / 3;
  const double c = 1 / std::sqrt(9 * d);
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

int64_t Rng::Binomial(int64_t n, double p) {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - Binomial(n, 1 - p);
  const double nd = static_cast<double>(n);
  if (nd * p < 10) {
    // Inversion: walk the CDF from 0.
    double u = Uniform();
    // (1 - p)^n >= 1 - n p (Bernoulli's inequality): most draws with a tiny
    // n p are 0 and need no exp or log.
    if (u <= 1 - nd * p) return 0;
    const double q = 1 - p;
    const double s = p / q;
    const double a = (nd + 1) * s;
    double r = std::exp(nd * std::log1p(-p));
    int64_t x = 0;
    while (u > r) {
      u -= r;
      ++x;
      if (x > n) {  // rounding ran past the end: restart
        x = 0;
        u = Uniform();
        r = std::exp(nd * std::log1p(-p));
        continue;
      }
      r *= a / static_cast<double>(x) - s;
    }
    return x;
  }
  // BTRS: transformed rejection with squeeze.
  const double q = 1 - p;
  const double spq = std::sqrt(nd * p * q);
  const double b = 1.15 + 2.53 * spq;
  const double a = -0.0873 + 0.0248 * b + 0.01 * p;
  const double c = nd * p + 0.5;
  const double v_r = 0.92 - 4.2 / b;
  const double alpha = (2.83 + 5.1 / b) * spq;
  const double lpq = std::log(p / q);
  const auto m = static_cast<int64_t>(std::floor((nd + 1) * p));
  const double h = LogFactorialFast(m) + LogFactorialFast(n - m);
  while (true) {
    const double u = Uniform() - 0.5;
    double v = Uniform();
    const double us = 0.5 - std::abs(u);
    const double kd = std::floor((2 * a / us + b) * u + c);
    if (kd < 0 || kd > nd) continue;
    const auto k = static_cast<int64_t>(kd);
    if (us >= 0.07 && v <= v_r) return k;
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
  std::fill(out.begin(), out.end(), 0);
  if (n <= 0) return;
  if (k > kMaxCategoricalClasses) {
    SequentialBinomials(n, weights, out);
    return;
  }
  // Heaviest classes first: their binomials take most people, so few are
  // left for the light classes, which then share them by categorical draws
  // (whose scan also stops early). The split has the same multinomial
  // distribution in any order.
  size_t order[kMaxCategoricalClasses];
  double sorted[kMaxCategoricalClasses];
  double remaining_weight = 0;
  for (size_t idx = 0; idx < k; ++idx) {
    size_t pos = idx;
    while (pos > 0 && weights[order[pos - 1]] < weights[idx]) {
      order[pos] = order[pos - 1];
      --pos;
    }
    order[pos] = idx;
    remaining_weight += weights[idx];
  }
  for (size_t idx = 0; idx < k; ++idx) sorted[idx] = weights[order[idx]];
  int64_t remaining = n;
  for (size_t idx = 0; idx < k && remaining > 0; ++idx) {
    if (idx + 1 == k) {
      out[order[idx]] += remaining;
      return;
    }
    if (remaining <= kPerDrawPerClass * static_cast<int64_t>(k - idx)) {
      // Few people left for the classes left: one categorical draw each is
      // cheaper than a binomial per class (each an exp and a log1p, or a
      // BTRS set-up).
      double cumulative[kMaxCategoricalClasses];
      double total = 0;
      for (size_t rest = idx; rest < k; ++rest) {
        total += sorted[rest];
        cumulative[rest] = total;
      }
      for (int64_t draw = 0; draw < remaining; ++draw) {
        // The heaviest classes come first, so the scan mostly stops early.
        const double u = Uniform() * total;
        size_t pick = idx;
        while (pick + 1 < k && cumulative[pick] < u) ++pick;
        ++out[order[pick]];
      }
      return;
    }
    const double p = remaining_weight > 0 ? std::min(1.0, sorted[idx] / remaining_weight) : 0.0;
    const int64_t draw = Binomial(remaining, p);
    out[order[idx]] += draw;
    remaining -= draw;
    remaining_weight -= sorted[idx];
  }
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
