#include "estimate/latent_class.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <span>

#include "estimate/random.h"
#include "estimate/stats.h"

namespace chorus::estimate {
namespace {

// One chain of the Gibbs sampler. State: stick-breaking weights pi_k, the
// capture probabilities lambda_{jk} of list j in class k, the concentration
// alpha and the count of unobserved people n0. Class memberships are never
// stored per person: each step draws the class counts of every pattern.
class Chain {
 public:
  Chain(const CaptureTable& table, const LatentClassOptions& options, uint64_t seed)
      : options_(options),
        num_lists_(table.num_lists()),
        num_classes_(options.max_classes),
        observed_(table.Observed()),
        rng_(seed) {
    for (uint32_t mask = 1; mask < table.counts.size(); ++mask) {
      if (table.counts[mask] > 0) {
        patterns_.push_back(mask);
        pattern_counts_.push_back(table.counts[mask]);
      }
    }
    const auto k = static_cast<size_t>(num_classes_);
    lambda_.assign(static_cast<size_t>(num_lists_) * k, 0);
    pi_.assign(k, 1.0 / static_cast<double>(k));
    class_counts_.assign(k, 0);
    class_list_counts_.assign(static_cast<size_t>(num_lists_) * k, 0);
    draw_.assign(k, 0);
    miss_prob_.assign(k, 0);
    cell_class_.assign(patterns_.size() * k, 0);
    pattern_prob_.assign(patterns_.size(), 0);
    class_miss_.assign(k, 0);
    proposal_cell_.assign(patterns_.size(), 0);
    proposal_pattern_prob_.assign(patterns_.size(), 0);
    proposal_lambda_.assign(static_cast<size_t>(num_lists_), 0);
    class_pattern_prob_.assign(patterns_.size(), 0);
    // The 2^J table pays when it is not much larger than the observed patterns.
    use_subset_table_ = num_lists_ <= 16 && (size_t{1} << num_lists_) <= 4 * patterns_.size() + 16;
    if (use_subset_table_) subset_prob_.assign(size_t{1} << num_lists_, 0);
    alpha_ = 1;
    // Start from capture probabilities spread around 0.5 so classes differ.
    for (auto& value : lambda_) value = 0.25 + 0.5 * rng_.Uniform();
  }

  // One full sweep: the Metropolis moves, then the Gibbs steps.
  void Step() {
    RefreshCache();
    for (int move = 0; move < options_.ridge_moves; ++move) RidgeMove();
    GibbsSweep();
  }

  double N() const { return static_cast<double>(observed_ + unobserved_); }
  double acceptance() const {
    return ridge_proposed_ > 0
               ? static_cast<double>(ridge_accepted_) / static_cast<double>(ridge_proposed_)
               : 0;
  }

 private:
  // The per-pattern, per-class probabilities c[x][k] = pi_k P(x | k) of the
  // current state, their sums p[x], the per-class miss probabilities and
  // p0: shared by the ridge moves and the first Gibbs step.
  void RefreshCache() {
    const auto k = static_cast<size_t>(num_classes_);
    const auto j_count = static_cast<size_t>(num_lists_);
    const size_t num_patterns = patterns_.size();
    p0_ = 0;
    std::fill(pattern_prob_.begin(), pattern_prob_.end(), 0.0);
    for (size_t class_idx = 0; class_idx < k; ++class_idx) {
      const double miss = PatternProbs(&lambda_[class_idx * j_count], class_pattern_prob_.data());
      class_miss_[class_idx] = miss;
      p0_ += pi_[class_idx] * miss;
      for (size_t pattern_idx = 0; pattern_idx < num_patterns; ++pattern_idx) {
        const double w = pi_[class_idx] * class_pattern_prob_[pattern_idx];
        cell_class_[pattern_idx * k + class_idx] = w;
        pattern_prob_[pattern_idx] += w;
      }
    }
    current_stick_prior_ = LogStickPrior(pi_);
    current_loglik_ = LogLikelihood(p0_, pattern_prob_.data());
  }

  // sum_x n_x log p_x - n log(1 - p0): the log likelihood of the observed
  // patterns given that they were observed.
  double LogLikelihood(double p0, const double* pattern_prob) const {
    double loglik = -static_cast<double>(observed_) * std::log1p(-std::clamp(p0, 0.0, 1 - 1e-15));
    for (size_t pattern_idx = 0; pattern_idx < patterns_.size(); ++pattern_idx) {
      loglik += static_cast<double>(pattern_counts_[pattern_idx]) *
                std::log(std::max(pattern_prob[pattern_idx], 1e-300));
    }
    return loglik;
  }

  // P(x | class) for every observed pattern x into `out`, given the class's
  // capture probabilities `lam`; returns P(unobserved | class). With few
  // lists all 2^J pattern probabilities are built by doubling (one multiply
  // per pattern); otherwise each pattern takes J multiplies.
  double PatternProbs(const double* lam, double* out) {
    const auto j_count = static_cast<size_t>(num_lists_);
    if (use_subset_table_) {
      double* table = subset_prob_.data();
      table[0] = 1;
      for (size_t list_idx = 0; list_idx < j_count; ++list_idx) {
        const size_t half = size_t{1} << list_idx;
        const double yes = lam[list_idx];
        const double no = 1 - yes;
        for (size_t mask = 0; mask < half; ++mask) {
          table[mask | half] = table[mask] * yes;
          table[mask] *= no;
        }
      }
      for (size_t pattern_idx = 0; pattern_idx < patterns_.size(); ++pattern_idx) {
        out[pattern_idx] = table[patterns_[pattern_idx]];
      }
      return table[0];
    }
    double miss = 1;
    for (size_t list_idx = 0; list_idx < j_count; ++list_idx) miss *= 1 - lam[list_idx];
    for (size_t pattern_idx = 0; pattern_idx < patterns_.size(); ++pattern_idx) {
      const uint32_t mask = patterns_[pattern_idx];
      double w = 1;
      for (size_t list_idx = 0; list_idx < j_count; ++list_idx) {
        w *= ((mask >> list_idx) & 1u) ? lam[list_idx] : 1 - lam[list_idx];
      }
      out[pattern_idx] = w;
    }
    return miss;
  }

  // log density of pi under the truncated stick-breaking prior with
  // concentration alpha: prod_{k<K} Beta(V_k; 1, alpha) times the Jacobian
  // 1 / prod_{k<K} rest_k from the sticks V to pi, where rest_k = 1 -
  // sum_{l<k} pi_l. Since 1 - V_k = rest_{k+1} / rest_k the sum telescopes
  // to (K-1) log alpha + (alpha - 1) log pi_K - sum_{1<k<K} log rest_k.
  double LogStickPrior(const std::vector<double>& pi) const {
    const size_t k = pi.size();
    double logp = static_cast<double>(k - 1) * std::log(alpha_) +
                  (alpha_ - 1) * std::log(std::max(pi[k - 1], 1e-300));
    // One log per rest, not one log of their product: a rest can be as
    // small as 1e-300, and a product of such rests underflows to 0, whose
    // log made the prior +inf and accepted every such ridge proposal.
    double rest = 1;
    for (size_t class_idx = 1; class_idx + 1 < k; ++class_idx) {
      rest -= pi[class_idx - 1];
      logp -= std::log(std::max(rest, 1e-300));
    }
    return logp;
  }

  // The data-augmentation sweep moves slowly along a ridge: a class can be
  // made harder to capture and larger at once with almost no change in the
  // observed patterns, which is exactly how N changes. This Metropolis move
  // goes along the ridge: shift every capture logit of one class by eps and
  // rescale its weight so its share of the observed stays the same. It
  // targets the posterior of (lambda, pi) with N and the classes integrated
  // out (the likelihood of the observed patterns given that they were
  // observed, sum_x n_x log(p_x / (1 - p0)), under p(N) ~ 1/N), which the
  // Gibbs sweep also leaves invariant. REQUIRES: RefreshCache() since the
  // last change of lambda or pi.
  void RidgeMove() {
    const auto k = static_cast<size_t>(num_classes_);
    const auto j_count = static_cast<size_t>(num_lists_);
    if (k < 2) return;
    const auto class_idx = static_cast<size_t>(rng_.Next() % k);
    const double eps = options_.ridge_step * rng_.Normal();
    double* new_lam = proposal_lambda_.data();
    // Shifting the logit by eps multiplies the odds by e^eps: one exp for
    // the class, and one log for the Jacobian prod_j lam'(1-lam') / lam(1-lam).
    const double odds_factor = std::exp(eps);
    double jacobian = 1;
    for (size_t list_idx = 0; list_idx < j_count; ++list_idx) {
      const double old_value = lambda_[class_idx * j_count + list_idx];
      const double odds = old_value / (1 - old_value) * odds_factor;
      const double new_value = std::clamp(odds / (1 + odds), 1e-12, 1 - 1e-12);
      new_lam[list_idx] = new_value;
      jacobian *= (new_value * (1 - new_value)) / (old_value * (1 - old_value));
    }
    double log_jacobian = std::log(jacobian);
    const double old_weight = pi_[class_idx];
    const double miss_new = PatternProbs(new_lam, class_pattern_prob_.data());
    const double ratio = (1 - class_miss_[class_idx]) / (1 - miss_new);
    const double new_weight = old_weight * ratio;
    if (!(new_weight < 1) || old_weight >= 1) return;
    const double scale = (1 - new_weight) / (1 - old_weight);
    log_jacobian += std::log(ratio) + static_cast<double>(k - 2) * std::log(scale);
    ++ridge_proposed_;
    proposal_pi_ = pi_;
    for (double& w : proposal_pi_) w *= scale;
    proposal_pi_[class_idx] = new_weight;
    const double p0 = scale * (p0_ - old_weight * class_miss_[class_idx]) + new_weight * miss_new;
    for (size_t pattern_idx = 0; pattern_idx < patterns_.size(); ++pattern_idx) {
      const double cell = new_weight * class_pattern_prob_[pattern_idx];
      proposal_cell_[pattern_idx] = cell;
      proposal_pattern_prob_[pattern_idx] =
          scale * (pattern_prob_[pattern_idx] - cell_class_[pattern_idx * k + class_idx]) + cell;
    }
    const double loglik = LogLikelihood(p0, proposal_pattern_prob_.data());
    const double stick_prior = LogStickPrior(proposal_pi_);
    const double log_accept =
        loglik - current_loglik_ + stick_prior - current_stick_prior_ + log_jacobian;
    if (std::log(rng_.Uniform()) >= log_accept) return;
    ++ridge_accepted_;
    pi_.swap(proposal_pi_);
    for (size_t list_idx = 0; list_idx < j_count; ++list_idx)
      lambda_[class_idx * j_count + list_idx] = new_lam[list_idx];
    class_miss_[class_idx] = miss_new;
    p0_ = p0;
    for (size_t pattern_idx = 0; pattern_idx < patterns_.size(); ++pattern_idx) {
      double* row = &cell_class_[pattern_idx * k];
      for (size_t other = 0; other < k; ++other) row[other] *= scale;
      row[class_idx] = proposal_cell_[pattern_idx];
      pattern_prob_[pattern_idx] = proposal_pattern_prob_[pattern_idx];
    }
    current_loglik_ = loglik;
    current_stick_prior_ = stick_prior;
  }

  // One sweep of the Gibbs sampler (data augmentation).
  void GibbsSweep() {
    const auto k = static_cast<size_t>(num_classes_);
    const auto j_count = static_cast<size_t>(num_lists_);
    std::fill(class_counts_.begin(), class_counts_.end(), 0);
    std::fill(class_list_counts_.begin(), class_list_counts_.end(), 0);
    // 1. Classes of the observed people, pattern by pattern.
    for (size_t pattern_idx = 0; pattern_idx < patterns_.size(); ++pattern_idx) {
      const uint32_t mask = patterns_[pattern_idx];
      // The cache holds pi_k P(x | k) for the state the moves left. Small
      // patterns (at most 3 people per class) draw each person's class; the
      // others draw conditional binomials first (Rng::Multinomial).
      rng_.Multinomial(pattern_counts_[pattern_idx],
                       std::span<const double>(&cell_class_[pattern_idx * k], k), draw_);
      for (size_t class_idx = 0; class_idx < k; ++class_idx) {
        // Branch-free: which counts are zero and which lists are in the
        // pattern are unpredictable, and mispredictions cost more than adds.
        const int64_t count = draw_[class_idx];
        class_counts_[class_idx] += count;
        int64_t* per_list = &class_list_counts_[class_idx * j_count];
        for (size_t list_idx = 0; list_idx < j_count; ++list_idx) {
          per_list[list_idx] += count * static_cast<int64_t>((mask >> list_idx) & 1u);
        }
      }
    }
    // 2. The unobserved: n0 | pi, lambda ~ NegBin(n, 1 - p0) under the
    // prior p(N) ~ 1/N, then their classes.
    // class_miss_ is current: RefreshCache and the accepted moves keep it.
    double p0 = 0;
    for (size_t class_idx = 0; class_idx < k; ++class_idx) {
      miss_prob_[class_idx] = pi_[class_idx] * class_miss_[class_idx];
      p0 += miss_prob_[class_idx];
    }
    p0 = std::min(p0, 1 - 1e-12);
    unobserved_ = rng_.NegativeBinomial(static_cast<double>(observed_), p0);
    rng_.Multinomial(unobserved_, miss_prob_, draw_);
    for (size_t class_idx = 0; class_idx < k; ++class_idx)
      class_counts_[class_idx] += draw_[class_idx];
    // 3. Capture probabilities: Beta(1 + seen, 1 + not seen) per list and class.
    for (size_t class_idx = 0; class_idx < k; ++class_idx) {
      for (size_t list_idx = 0; list_idx < j_count; ++list_idx) {
        const int64_t seen = class_list_counts_[class_idx * j_count + list_idx];
        const int64_t unseen = class_counts_[class_idx] - seen;
        // An empty class draws from its Beta(1, 1) prior: a uniform.
        double value = class_counts_[class_idx] == 0 ? rng_.Uniform()
                                                     : rng_.Beta(1 + static_cast<double>(seen),
                                                                 1 + static_cast<double>(unseen));
        lambda_[class_idx * j_count + list_idx] = std::clamp(value, 1e-12, 1 - 1e-12);
      }
    }
    // 4. Stick-breaking weights: V_k ~ Beta(1 + n_k, alpha + sum_{l>k} n_l).
    int64_t beyond = std::accumulate(class_counts_.begin(), class_counts_.end(), int64_t{0});
    double remaining = 1;
    double log_rest = 0;
    for (size_t class_idx = 0; class_idx + 1 < k; ++class_idx) {
      beyond -= class_counts_[class_idx];
      const double rest = alpha_ + static_cast<double>(beyond);
      // Beta(1, rest) = 1 - U^(1/rest) exactly: no gamma draws for empty classes.
      double v = class_counts_[class_idx] == 0
                     ? -std::expm1(std::log(rng_.Uniform()) / rest)
                     : rng_.Beta(1 + static_cast<double>(class_counts_[class_idx]), rest);
      v = std::min(v, 1 - 1e-12);
      pi_[class_idx] = remaining * v;
      remaining *= 1 - v;
      log_rest += std::log1p(-v);
    }
    pi_[k - 1] = remaining;
    // 5. Concentration: alpha ~ Gamma(a + K - 1, b - sum log(1 - V_k)).
    alpha_ = rng_.Gamma(options_.alpha_shape + static_cast<double>(k) - 1) /
             (options_.alpha_rate - log_rest);
    alpha_ = std::max(alpha_, 1e-10);
  }

  const LatentClassOptions& options_;
  int num_lists_;
  int num_classes_;
  int64_t observed_;
  Rng rng_;
  std::vector<uint32_t> patterns_;
  std::vector<int64_t> pattern_counts_;
  std::vector<double> lambda_;  // [class * num_lists + list]
  std::vector<double> pi_;
  std::vector<int64_t> class_counts_;
  std::vector<int64_t> class_list_counts_;
  std::vector<int64_t> draw_;
  std::vector<double> miss_prob_;
  double alpha_ = 1;
  int64_t unobserved_ = 0;
  std::vector<double> proposal_lambda_;
  std::vector<double> proposal_pi_;
  std::vector<double> cell_class_;  // [pattern * K + class]
  std::vector<double> pattern_prob_;
  std::vector<double> class_miss_;
  std::vector<double> proposal_cell_;
  std::vector<double> proposal_pattern_prob_;
  std::vector<double> class_pattern_prob_;  // P(x | one class), per observed pattern
  std::vector<double> subset_prob_;         // P(x | one class) for all 2^J patterns
  bool use_subset_table_ = false;
  double p0_ = 0;
  double current_loglik_ = 0;
  double current_stick_prior_ = 0;
  int64_t ridge_proposed_ = 0;
  int64_t ridge_accepted_ = 0;
};

}  // namespace

Result<LatentClassResult> FitLatentClass(const CaptureTable& table,
                                         const LatentClassOptions& options) {
  if (options.max_classes < 1) return Status::InvalidArgument("K must be at least 1");
  if (!(options.alpha_shape > 0) || !(options.alpha_rate > 0)) {
    return Status::InvalidArgument("the Gamma prior on alpha needs a > 0 and b > 0");
  }
  if (options.ridge_moves < 0 || !(options.ridge_step > 0)) {
    return Status::InvalidArgument("ridge moves must be >= 0 with a positive step");
  }
  if (options.samples < 1 || options.thinning < 1 || options.burn_in < 0 || options.chains < 1) {
    return Status::InvalidArgument("samples, thinning and chains must be at least 1");
  }
  if (!(options.confidence > 0 && options.confidence < 1)) {
    return Status::InvalidArgument("confidence must be between 0 and 1");
  }
  LatentClassResult result;
  result.observed = table.Observed();
  if (result.observed == 0) return Status::InvalidArgument("the table is empty");
  const auto start = std::chrono::steady_clock::now();
  for (int chain_idx = 0; chain_idx < options.chains; ++chain_idx) {
    Chain chain(table, options, options.seed + static_cast<uint64_t>(chain_idx));
    for (int iter = 0; iter < options.burn_in; ++iter) chain.Step();
    std::vector<double> draws;
    draws.reserve(static_cast<size_t>(options.samples));
    for (int sample = 0; sample < options.samples; ++sample) {
      for (int iter = 0; iter < options.thinning; ++iter) chain.Step();
      draws.push_back(chain.N());
    }
    result.chains.push_back(std::move(draws));
    result.ridge_acceptance += chain.acceptance() / options.chains;
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.iterations = static_cast<int64_t>(options.chains) *
                      (options.burn_in + static_cast<int64_t>(options.samples) * options.thinning);
  std::vector<double> pooled;
  for (const auto& chain : result.chains) pooled.insert(pooled.end(), chain.begin(), chain.end());
  const double tail = (1 - options.confidence) / 2;
  result.median = SampleQuantile(pooled, 0.5);
  result.lower = SampleQuantile(pooled, tail);
  result.upper = SampleQuantile(pooled, 1 - tail);
  result.mean =
      std::accumulate(pooled.begin(), pooled.end(), 0.0) / static_cast<double>(pooled.size());
  result.ess = EffectiveSampleSize(result.chains);
  if (options.chains > 1 && options.samples >= 4) result.rhat = SplitRHat(result.chains);
  if (result.rhat > options.max_rhat || result.ess < options.min_ess) {
    char buffer[200];
    std::snprintf(buffer, sizeof buffer,
                  "the sampler may not have converged (R-hat %.3f, effective sample size %.0f): "
                  "run longer chains (--burn-in, --samples, --thinning) before publishing",
                  result.rhat, result.ess);
    result.warnings.push_back({"not-converged", buffer});
  }
  if (options.chains == 1) {
    result.warnings.push_back(
        {"single-chain", "one chain cannot show convergence (R-hat needs two or more)"});
  }
  return result;
}

}  // namespace chorus::estimate
