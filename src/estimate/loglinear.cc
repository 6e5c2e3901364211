#include "estimate/loglinear.h"

#include <Eigen/Dense>
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "estimate/stats.h"

namespace chorus::estimate {
namespace {

constexpr int kMaxIrlsIterations = 100;
// Relative change in deviance below which IRLS has converged.
constexpr double kIrlsTolerance = 1e-10;
// Below this goodness-of-fit p-value the selected model is flagged.
constexpr double kLackOfFitPValue = 0.01;

struct GlmResult {
  Eigen::VectorXd beta;
  Eigen::VectorXd mu;
  Eigen::MatrixXd xtwx;  // Fisher information at the optimum
  bool converged = false;
};

// Design matrix for `cells` (bit patterns): intercept, main effects, terms.
Eigen::MatrixXd Design(const std::vector<uint32_t>& cells, int num_lists,
                       const LogLinearModel& model) {
  const auto num_params =
      static_cast<Eigen::Index>(1 + num_lists + static_cast<int>(model.interactions.size()));
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(cells.size()), num_params);
  for (size_t row = 0; row < cells.size(); ++row) {
    const auto r = static_cast<Eigen::Index>(row);
    x(r, 0) = 1.0;
    for (int list_idx = 0; list_idx < num_lists; ++list_idx) {
      x(r, 1 + list_idx) = (cells[row] >> list_idx) & 1u ? 1.0 : 0.0;
    }
    for (size_t term_idx = 0; term_idx < model.interactions.size(); ++term_idx) {
      const uint32_t term = model.interactions[term_idx];
      x(r, static_cast<Eigen::Index>(1 + num_lists) + static_cast<Eigen::Index>(term_idx)) =
          (cells[row] & term) == term ? 1.0 : 0.0;
    }
  }
  return x;
}

double PoissonDeviance(const Eigen::VectorXd& y, const Eigen::VectorXd& mu) {
  double deviance = 0;
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    if (y(i) > 0) deviance += y(i) * std::log(y(i) / mu(i));
    deviance -= y(i) - mu(i);
  }
  return 2 * deviance;
}

// Poisson regression with log link by iteratively reweighted least squares.
GlmResult FitPoisson(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) {
  GlmResult result;
  Eigen::VectorXd eta = (y.array() + 0.5).log().matrix();
  Eigen::VectorXd mu = eta.array().exp().matrix();
  double deviance = PoissonDeviance(y, mu);
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(x.cols());
  for (int iter = 0; iter < kMaxIrlsIterations; ++iter) {
    Eigen::VectorXd z = eta + ((y - mu).array() / mu.array()).matrix();
    Eigen::MatrixXd xtw = x.transpose() * mu.asDiagonal();
    Eigen::MatrixXd xtwx = xtw * x;
    Eigen::VectorXd next = xtwx.ldlt().solve(xtw * z);
    if (!next.allFinite()) break;
    // Step halving (as R's glm.fit) when a full Newton step overshoots.
    double next_deviance = 0;
    for (int halving = 0; halving < 30; ++halving) {
      eta = (x * next).array().max(-700.0).min(700.0).matrix();
      mu = eta.array().exp().matrix();
      next_deviance = PoissonDeviance(y, mu);
      if (iter == 0 || next_deviance <= deviance * (1 + 1e-10) + 1e-10) break;
      next = (next + beta) / 2;
    }
    beta = next;
    const bool done =
        std::abs(next_deviance - deviance) <= kIrlsTolerance * (0.1 + std::abs(next_deviance));
    deviance = next_deviance;
    if (done) {
      result.converged = true;
      break;
    }
  }
  result.beta = beta;
  result.mu = mu;
  result.xtwx = x.transpose() * mu.asDiagonal() * x;
  return result;
}

// The fitted model over the full table (cell 0 included, its count N - n) and
// the multinomial log-likelihood of N, up to a constant (Cormack 1992).
class Profile {
 public:
  Profile(const CaptureTable& table, const LogLinearModel& model) : observed_(table.Observed()) {
    std::vector<uint32_t> cells(static_cast<size_t>(table.num_cells()));
    std::iota(cells.begin(), cells.end(), 0u);
    x_ = Design(cells, table.num_lists(), model);
    y_ = Eigen::VectorXd(table.num_cells());
    for (int cell = 0; cell < table.num_cells(); ++cell) {
      y_(cell) = static_cast<double>(table.counts[static_cast<size_t>(cell)]);
    }
  }

  // ell(observed + unobserved), REQUIRES: unobserved >= 0.
  double LogLik(double unobserved) {
    y_(0) = unobserved;
    const double n_total = static_cast<double>(observed_) + unobserved;
    GlmResult fit = FitPoisson(x_, y_);
    double ell = std::lgamma(n_total + 1) - std::lgamma(unobserved + 1);
    for (Eigen::Index cell = 0; cell < y_.size(); ++cell) {
      if (y_(cell) > 0) ell += y_(cell) * std::log(fit.mu(cell) / n_total);
    }
    return ell;
  }

 private:
  int64_t observed_;
  Eigen::MatrixXd x_;
  Eigen::VectorXd y_;
};

struct ProfileInterval {
  double mle = 0;
  double lower = 0;
  double upper = std::numeric_limits<double>::infinity();
};

// Maximises the profile over the unobserved count, then finds where it falls
// by chi2_1(confidence)/2 on each side.
ProfileInterval ProfileLikelihoodInterval(const CaptureTable& table, const LogLinearModel& model,
                                          double poisson_unobserved, double confidence) {
  Profile profile(table, model);
  const double n = static_cast<double>(table.Observed());

  const double drop = ChiSquare1Quantile(confidence) / 2;
  // Bracket the maximum: the Poisson and multinomial estimates are close.
  double lo = 0;
  double hi = std::max(10.0, 4 * poisson_unobserved + 10);
  const double cap = 1e4 * (n + poisson_unobserved + 10);
  while (hi < cap && profile.LogLik(hi) > profile.LogLik(hi / 2)) hi *= 2;
  // Golden-section search on [lo, hi].
  const double golden = (std::sqrt(5.0) - 1) / 2;
  double a = lo, b = hi;
  double c = b - golden * (b - a), d = a + golden * (b - a);
  double fc = profile.LogLik(c), fd = profile.LogLik(d);
  for (int iter = 0; iter < 200 && (b - a) > 1e-7 * (1 + b); ++iter) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - golden * (b - a);
      fc = profile.LogLik(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + golden * (b - a);
      fd = profile.LogLik(d);
    }
  }
  const double mle0 = (a + b) / 2;
  const double target = profile.LogLik(mle0) - drop;
  ProfileInterval interval;
  interval.mle = n + mle0;
  auto bisect = [&](double below, double above) {
    // REQUIRES: LogLik(below) >= target > LogLik(above) in the sense of inside/outside.
    for (int iter = 0; iter < 200 && std::abs(above - below) > 1e-9 * (1 + above); ++iter) {
      const double mid = (below + above) / 2;
      if (profile.LogLik(mid) >= target) {
        below = mid;
      } else {
        above = mid;
      }
    }
    return (below + above) / 2;
  };
  if (profile.LogLik(0) >= target) {
    interval.lower = n;
  } else {
    interval.lower = n + bisect(mle0, 0);
  }
  double outside = std::max(1.0, 2 * mle0);
  while (outside < cap && profile.LogLik(outside) >= target) outside *= 2;
  if (outside < cap) interval.upper = n + bisect(mle0, outside);
  return interval;
}

int Popcount(uint32_t mask) { return std::popcount(mask); }

}  // namespace

Result<LogLinearModel> ParseTerms(const std::vector<std::string>& lists, std::string_view terms) {
  LogLinearModel model;
  const auto num_lists = static_cast<uint32_t>(lists.size());
  if (terms.empty() || terms == "none" || terms == "independence") return model;
  if (terms == "all2" || terms == "all3") {
    const int max_order = terms == "all2" ? 2 : 3;
    for (uint32_t mask = 1; mask < (1u << num_lists); ++mask) {
      if (Popcount(mask) >= 2 && Popcount(mask) <= max_order) model.interactions.push_back(mask);
    }
    std::stable_sort(model.interactions.begin(), model.interactions.end(),
                     [](uint32_t a, uint32_t b) { return Popcount(a) < Popcount(b); });
    return model;
  }
  size_t start = 0;
  while (start <= terms.size()) {
    size_t end = terms.find(',', start);
    if (end == std::string_view::npos) end = terms.size();
    std::string_view term = terms.substr(start, end - start);
    uint32_t mask = 0;
    size_t part_start = 0;
    while (part_start <= term.size()) {
      size_t part_end = term.find(':', part_start);
      if (part_end == std::string_view::npos) part_end = term.size();
      std::string_view name = term.substr(part_start, part_end - part_start);
      auto it = std::find(lists.begin(), lists.end(), name);
      if (it == lists.end()) {
        return Status::InvalidArgument("term '" + std::string(term) + "' names unknown list '" +
                                       std::string(name) + "'");
      }
      mask |= 1u << static_cast<uint32_t>(it - lists.begin());
      part_start = part_end + 1;
    }
    if (Popcount(mask) < 2) {
      return Status::InvalidArgument("term '" + std::string(term) + "' needs two or more lists");
    }
    if (std::find(model.interactions.begin(), model.interactions.end(), mask) ==
        model.interactions.end()) {
      model.interactions.push_back(mask);
    }
    start = end + 1;
  }
  return model;
}

std::string ModelName(const std::vector<std::string>& lists, const LogLinearModel& model) {
  std::string name = model.interactions.empty() ? "independence" : "main effects";
  for (uint32_t term : model.interactions) {
    std::string term_name;
    for (size_t list_idx = 0; list_idx < lists.size(); ++list_idx) {
      if ((term >> list_idx) & 1u) {
        if (!term_name.empty()) term_name += ":";
        term_name += lists[list_idx];
      }
    }
    name += " + " + term_name;
  }
  return name;
}

Result<LogLinearFit> FitLogLinear(const CaptureTable& table, const LogLinearModel& model,
                                  const LogLinearOptions& options) {
  const uint32_t all_lists = (1u << table.num_lists()) - 1;
  for (uint32_t term : model.interactions) {
    if ((term & ~all_lists) != 0 || Popcount(term) < 2) {
      return Status::InvalidArgument("model term does not fit a table of " +
                                     std::to_string(table.num_lists()) + " lists");
    }
  }
  std::vector<uint32_t> cells;
  for (uint32_t mask = 1; mask <= all_lists; ++mask) cells.push_back(mask);
  const Eigen::MatrixXd x = Design(cells, table.num_lists(), model);
  if (x.cols() >= x.rows() + 1) {
    return Status::InvalidArgument("model has more parameters than observed cells");
  }
  Eigen::VectorXd y(static_cast<Eigen::Index>(cells.size()));
  for (size_t row = 0; row < cells.size(); ++row) {
    y(static_cast<Eigen::Index>(row)) = static_cast<double>(table.counts[cells[row]]);
  }

  LogLinearFit fit;
  fit.model = model;
  fit.name = ModelName(table.lists, model);
  fit.observed = table.Observed();
  for (uint32_t term : model.interactions) {
    if (table.MarginAll(term) == 0) {
      fit.warnings.push_back(
          {"zero-margin", "nobody is on all of " + PatternName(table.lists, term) +
                              " together: that interaction cannot be estimated (its parameter "
                              "goes to -infinity) and " +
                              fit.name + " is unreliable"});
    }
  }

  GlmResult glm = FitPoisson(x, y);
  fit.converged = glm.converged;
  if (!glm.converged) {
    fit.warnings.push_back({"not-converged", "the fit of " + fit.name + " did not converge"});
  }
  const double unobserved = std::exp(glm.beta(0));
  fit.estimate = static_cast<double>(fit.observed) + unobserved;
  // Delta method: Var(exp(b0)) = exp(2 b0) Var(b0), plus the Poisson
  // variance of the observed total (Rivest & Baillargeon 2007).
  const Eigen::MatrixXd cov = glm.xtwx.inverse();
  fit.std_error = std::sqrt(unobserved * unobserved * cov(0, 0) + unobserved);
  fit.deviance = PoissonDeviance(y, glm.mu);
  fit.num_params = static_cast<int>(x.cols());
  fit.df = static_cast<int>(x.rows() - x.cols());
  double loglik = 0;
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    if (y(i) > 0) loglik += y(i) * std::log(glm.mu(i));
    loglik -= glm.mu(i) + std::lgamma(y(i) + 1);
  }
  fit.log_likelihood = loglik;
  fit.aic = -2 * loglik + 2 * fit.num_params;
  fit.bic = -2 * loglik +
            std::log(static_cast<double>(std::max<int64_t>(fit.observed, 1))) * fit.num_params;
  fit.multinomial_estimate = fit.estimate;
  fit.lower = fit.estimate;
  fit.upper = fit.estimate;
  if (options.profile_interval) {
    ProfileInterval interval =
        ProfileLikelihoodInterval(table, model, unobserved, options.confidence);
    fit.multinomial_estimate = interval.mle;
    fit.lower = interval.lower;
    fit.upper = interval.upper;
    if (!std::isfinite(fit.upper)) {
      fit.warnings.push_back({"unbounded", "the profile likelihood of " + fit.name +
                                               " does not fall off: no finite upper bound"});
    }
  }
  return fit;
}

Result<std::vector<std::pair<double, double>>> ProfileLikelihoodCurve(const CaptureTable& table,
                                                                      const LogLinearModel& model,
                                                                      double from, double to,
                                                                      int points) {
  const double n = static_cast<double>(table.Observed());
  if (!(from >= n && to > from && points >= 2)) {
    return Status::InvalidArgument("profile curve needs observed <= from < to and 2+ points");
  }
  CHORUS_ASSIGN_OR_RETURN(LogLinearFit fit, FitLogLinear(table, model, LogLinearOptions{}));
  Profile profile(table, model);
  const double top = profile.LogLik(fit.multinomial_estimate - n);
  std::vector<std::pair<double, double>> curve;
  for (int idx = 0; idx < points; ++idx) {
    const double total = from + (to - from) * idx / (points - 1);
    curve.emplace_back(total, std::exp(profile.LogLik(total - n) - top));
  }
  return curve;
}

Result<LogLinearSelection> SelectLogLinear(const CaptureTable& table,
                                           const SelectionOptions& options) {
  const int num_lists = table.num_lists();
  std::vector<uint32_t> pairs;
  for (int a = 0; a < num_lists; ++a) {
    for (int b = a + 1; b < num_lists; ++b) pairs.push_back((1u << a) | (1u << b));
  }
  LogLinearOptions quick = options.fit;
  quick.profile_interval = false;
  auto score = [&](const LogLinearFit& fit) {
    return options.criterion == Criterion::kAic ? fit.aic : fit.bic;
  };
  std::vector<LogLinearFit> fits;
  const int max_params = (1 << num_lists) - 1;
  auto try_model = [&](const LogLinearModel& model) -> Status {
    if (1 + num_lists + static_cast<int>(model.interactions.size()) > max_params)
      return Status::Ok();
    CHORUS_ASSIGN_OR_RETURN(LogLinearFit fit, FitLogLinear(table, model, quick));
    fits.push_back(std::move(fit));
    return Status::Ok();
  };
  if (num_lists <= 5) {
    for (uint32_t subset = 0; subset < (1u << pairs.size()); ++subset) {
      LogLinearModel model;
      for (size_t pair_idx = 0; pair_idx < pairs.size(); ++pair_idx) {
        if ((subset >> pair_idx) & 1u) model.interactions.push_back(pairs[pair_idx]);
      }
      CHORUS_RETURN_IF_ERROR(try_model(model));
    }
  } else {
    // Forward stepwise: add the two-way term that improves the criterion most.
    LogLinearModel current;
    CHORUS_RETURN_IF_ERROR(try_model(current));
    double best = score(fits.back());
    while (true) {
      int best_idx = -1;
      for (size_t pair_idx = 0; pair_idx < pairs.size(); ++pair_idx) {
        if (std::find(current.interactions.begin(), current.interactions.end(), pairs[pair_idx]) !=
            current.interactions.end()) {
          continue;
        }
        LogLinearModel next = current;
        next.interactions.push_back(pairs[pair_idx]);
        const size_t before = fits.size();
        CHORUS_RETURN_IF_ERROR(try_model(next));
        if (fits.size() > before && score(fits.back()) < best) {
          best = score(fits.back());
          best_idx = static_cast<int>(pair_idx);
        }
      }
      if (best_idx < 0) break;
      current.interactions.push_back(pairs[static_cast<size_t>(best_idx)]);
    }
  }
  // A model whose MLE is on the boundary (zero margin) or did not converge
  // cannot be selected.
  std::stable_sort(fits.begin(), fits.end(), [&](const LogLinearFit& a, const LogLinearFit& b) {
    const bool a_ok = a.converged && a.warnings.empty();
    const bool b_ok = b.converged && b.warnings.empty();
    if (a_ok != b_ok) return a_ok;
    return score(a) < score(b);
  });
  LogLinearSelection selection;
  selection.models_compared = static_cast<int>(fits.size());
  if (fits.empty()) return Status::InvalidArgument("no log-linear model fits this table");
  const double best = score(fits.front());
  size_t reported = 0;
  while (reported < fits.size() && (score(fits[reported]) - best <= options.plausible_delta ||
                                    reported < static_cast<size_t>(options.min_reported))) {
    if (score(fits[reported]) - best <= options.plausible_delta) ++selection.plausible;
    ++reported;
  }
  for (size_t idx = 0; idx < reported; ++idx) {
    CHORUS_ASSIGN_OR_RETURN(LogLinearFit fit, FitLogLinear(table, fits[idx].model, options.fit));
    selection.fits.push_back(std::move(fit));
  }
  selection.spread_lower = selection.fits[0].lower;
  selection.spread_upper = selection.fits[0].upper;
  selection.min_estimate = selection.max_estimate = selection.fits[0].estimate;
  for (int idx = 0; idx < selection.plausible; ++idx) {
    const auto& fit = selection.fits[static_cast<size_t>(idx)];
    selection.spread_lower = std::min(selection.spread_lower, fit.lower);
    selection.spread_upper = std::max(selection.spread_upper, fit.upper);
    selection.min_estimate = std::min(selection.min_estimate, fit.estimate);
    selection.max_estimate = std::max(selection.max_estimate, fit.estimate);
  }
  if (selection.plausible > 1 && selection.max_estimate > 1.25 * selection.min_estimate) {
    selection.warnings.push_back(
        {"model-spread", "models that fit about equally well disagree: estimates from " +
                             std::to_string(std::llround(selection.min_estimate)) + " to " +
                             std::to_string(std::llround(selection.max_estimate))});
  }
  const auto& best_fit = selection.fits[0];
  if (best_fit.df > 0 && ChiSquareSurvival(best_fit.deviance, best_fit.df) < kLackOfFitPValue) {
    char buffer[160];
    std::snprintf(buffer, sizeof buffer, "deviance %.1f on %d df, p = %.2g", best_fit.deviance,
                  best_fit.df, ChiSquareSurvival(best_fit.deviance, best_fit.df));
    selection.warnings.push_back(
        {"lack-of-fit", "even the best log-linear model fits poorly (" + std::string(buffer) +
                            "): capture probabilities probably vary between people in ways "
                            "two-way terms cannot describe; compare with --method latent-class"});
  }
  selection.warnings.insert(selection.warnings.end(), selection.fits[0].warnings.begin(),
                            selection.fits[0].warnings.end());
  return selection;
}

}  // namespace chorus::estimate
