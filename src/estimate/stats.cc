#include "estimate/stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace chorus::estimate {

double NormalQuantile(double p) {
  // Acklam's rational approximation, refined with one Halley step on erfc.
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double p_low = 0.02425;
  double x;
  if (p < p_low) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - p_low) {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
  const double u = e * std::sqrt(2 * M_PI) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

double ChiSquare1Quantile(double p) {
  const double z = NormalQuantile((1 + p) / 2);
  return z * z;
}

double ChiSquareSurvival(double x, int df) {
  if (x <= 0) return 1.0;
  // Regularised upper incomplete gamma Q(df/2, x/2): series below a + 1,
  // continued fraction (modified Lentz) above (Numerical Recipes 6.2).
  const double a = df / 2.0;
  const double z = x / 2;
  const double log_prefix = a * std::log(z) - z - std::lgamma(a);
  if (z < a + 1) {
    double term = 1 / a, sum = term;
    for (int n = 1; n < 1000 && std::abs(term) > 1e-16 * std::abs(sum); ++n) {
      term *= z / (a + n);
      sum += term;
    }
    return std::max(0.0, 1 - sum * std::exp(log_prefix));
  }
  constexpr double kTiny = 1e-300;
  double b = z + 1 - a, c = 1 / kTiny, d = 1 / b, h = d;
  for (int i = 1; i < 1000; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::abs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::abs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::abs(delta - 1) < 1e-16) break;
  }
  return std::exp(log_prefix) * h;
}

double SampleQuantile(std::span<const double> values, double p) {
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  const double h = (static_cast<double>(sorted.size()) - 1) * p;
  const auto lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

namespace {

double Mean(std::span<const double> v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

double Variance(std::span<const double> v) {
  const double m = Mean(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return s / static_cast<double>(v.size() - 1);
}

// Autocovariance at `lag` (biased, divided by n) of one chain.
double Autocovariance(std::span<const double> v, double mean, size_t lag) {
  double s = 0;
  for (size_t i = 0; i + lag < v.size(); ++i) s += (v[i] - mean) * (v[i + lag] - mean);
  return s / static_cast<double>(v.size());
}

}  // namespace

double EffectiveSampleSize(const std::vector<std::vector<double>>& chains) {
  const size_t num_chains = chains.size();
  if (num_chains == 0) return 0;
  const size_t n = chains[0].size();
  const double total = static_cast<double>(num_chains * n);
  if (n < 4) return total;
  std::vector<double> means(num_chains), vars(num_chains);
  for (size_t c = 0; c < num_chains; ++c) {
    means[c] = Mean(chains[c]);
    vars[c] = Variance(chains[c]);
  }
  const double w = Mean(vars);
  const double b_over_n = num_chains > 1 ? Variance(means) : 0.0;
  const double var_plus = w * (static_cast<double>(n) - 1) / static_cast<double>(n) + b_over_n;
  if (!(var_plus > 0)) return total;
  auto rho = [&](size_t lag) {
    double acov = 0;
    for (size_t c = 0; c < num_chains; ++c) acov += Autocovariance(chains[c], means[c], lag);
    acov /= static_cast<double>(num_chains);
    return 1 - (w - acov) / var_plus;
  };
  // Geyer: sum pairs rho(2t) + rho(2t+1) while positive, monotone.
  double sum = 0;
  double prev_pair = std::numeric_limits<double>::infinity();
  for (size_t t = 0; 2 * t + 1 < n; ++t) {
    double pair = (t == 0 ? 1.0 : rho(2 * t)) + rho(2 * t + 1);
    if (pair <= 0) break;
    pair = std::min(pair, prev_pair);
    prev_pair = pair;
    sum += pair;
  }
  const double tau = std::max(-1 + 2 * sum, 1.0 / std::log10(std::max(total, 10.0)));
  return total / tau;
}

double SplitRHat(const std::vector<std::vector<double>>& chains) {
  std::vector<std::span<const double>> halves;
  for (const auto& chain : chains) {
    const size_t half = chain.size() / 2;
    halves.emplace_back(chain.data(), half);
    halves.emplace_back(chain.data() + chain.size() - half, half);
  }
  const double n = static_cast<double>(halves[0].size());
  std::vector<double> means, vars;
  for (auto h : halves) {
    means.push_back(Mean(h));
    vars.push_back(Variance(h));
  }
  const double w = Mean(vars);
  const double b = n * Variance(means);
  if (!(w > 0)) return 1.0;
  const double var_plus = (n - 1) / n * w + b / n;
  return std::sqrt(var_plus / w);
}

}  // namespace chorus::estimate
