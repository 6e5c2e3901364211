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

// Loops over classes or patterns run in blocks of 4 over arrays padded
// with zeros: GCC at -O2 vectorizes a loop only when no scalar remainder
// is left, which a trip count known only at run time does not promise,
// and only when the arrays cannot overlap (__restrict).
constexpr size_t kBlock = 4;

size_t PadToBlock(size_t n) { return (n + kBlock - 1) / kBlock * kBlock; }

// to[i] += from[i] for i < n. REQUIRES: n is a multiple of kBlock.
void AddBlocks(int64_t* __restrict to, const int64_t* __restrict from, size_t n) {
  for (size_t start = 0; start < n; start += kBlock) {
    for (size_t lane = 0; lane < kBlock; ++lane) to[start + lane] += from[start + lane];
  }
}

// to[i] += w * from[i] for i < n. REQUIRES: n is a multiple of kBlock.
void AddScaledBlocks(double* __restrict to, double w, const double* __restrict from, size_t n) {
  for (size_t start = 0; start < n; start += kBlock) {
    for (size_t lane = 0; lane < kBlock; ++lane) to[start + lane] += w * from[start + lane];
  }
}

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
    const auto j_count = static_cast<size_t>(num_lists_);
    const size_t num_patterns = patterns_.size();
    // The 2^J table pays when it is not much larger than the observed patterns.
    use_subset_table_ = num_lists_ <= 16 && (size_t{1} << num_lists_) <= 4 * num_patterns + 16;
    table_size_ = PadToBlock(use_subset_table_ ? size_t{1} << num_lists_ : num_patterns);
    padded_classes_ = PadToBlock(k);
    for (size_t pattern_idx = 0; pattern_idx < num_patterns; ++pattern_idx) {
      slots_.push_back(use_subset_table_ ? patterns_[pattern_idx] : pattern_idx);
    }
    // The lists of each pattern, so the per-list counts add only where the
    // pattern has a capture: [pattern_list_begin_[x], pattern_list_begin_[x+1]).
    pattern_list_begin_.push_back(0);
    for (uint32_t mask : patterns_) {
      for (uint32_t list_idx = 0; list_idx < j_count; ++list_idx) {
        if ((mask >> list_idx) & 1u) pattern_lists_.push_back(list_idx);
      }
      pattern_list_begin_.push_back(static_cast<uint32_t>(pattern_lists_.size()));
    }
    lambda_.assign(j_count * k, 0);
    pi_.assign(k, 1.0 / static_cast<double>(k));
    class_counts_.assign(padded_classes_, 0);
    list_class_counts_.assign(j_count * padded_classes_, 0);
    draw_.assign(padded_classes_, 0);  // the padding stays 0
    miss_prob_.assign(k, 0);
    cell_.assign(k, 0);
    class_prob_.assign(k * table_size_, 0);
    proposal_prob_.assign(table_size_, 0);
    class_miss_.assign(k, 0);
    pattern_prob_.assign(num_patterns, 0);
    mixture_prob_.assign(table_size_, 0);
    proposal_pattern_prob_.assign(num_patterns, 0);
    proposal_lambda_.assign(j_count, 0);
    // Each pattern's classes (then the unobserved's) in the order of its
    // last split, which changes little from sweep to sweep.
    split_order_.assign(num_patterns + 1, std::vector<uint32_t>(k));
    for (auto& order : split_order_) std::iota(order.begin(), order.end(), 0u);
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
  // P(x | k) of every class for the current lambda, the per-class miss
  // probabilities, the pattern probabilities p[x] = sum_k pi_k P(x | k) and
  // p0: shared by the ridge moves and the first Gibbs step.
  void RefreshCache() {
    const auto k = static_cast<size_t>(num_classes_);
    const auto j_count = static_cast<size_t>(num_lists_);
    p0_ = 0;
    std::fill(mixture_prob_.begin(), mixture_prob_.end(), 0.0);
    for (size_t class_idx = 0; class_idx < k; ++class_idx) {
      double* table = &class_prob_[class_idx * table_size_];
      const double miss = PatternProbs(&lambda_[class_idx * j_count], table);
      class_miss_[class_idx] = miss;
      const double weight = pi_[class_idx];
      p0_ += weight * miss;
      AddScaledBlocks(mixture_prob_.data(), weight, table, table_size_);
    }
    for (size_t pattern_idx = 0; pattern_idx < patterns_.size(); ++pattern_idx) {
      pattern_prob_[pattern_idx] = mixture_prob_[slots_[pattern_idx]];
    }
  }

  // P(x | class) given the class's capture probabilities `lam` into `out`
  // (indexed by slots_); returns P(unobserved | class). With few lists all
  // 2^J pattern probabilities are built by doubling (one multiply per
  // pattern); otherwise each observed pattern takes J multiplies.
  double PatternProbs(const double* lam, double* out) const {
    const auto j_count = static_cast<size_t>(num_lists_);
    if (use_subset_table_) {
      out[0] = 1;
      for (size_t list_idx = 0, half = 1; list_idx < j_count; ++list_idx, half *= 2) {
        const double yes = lam[list_idx];
        const double no = 1 - yes;
        for (size_t mask = 0; mask < half; ++mask) {
          out[mask + half] = out[mask] * yes;
          out[mask] *= no;
        }
      }
      return out[0];
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
    // A weight that underflowed to 0 stays 0 under the move, and its rests
    // would be 0 / 0.
    if (!(pi_[class_idx] > 0)) return;
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
    const double old_weight = pi_[class_idx];
    const double miss_new = PatternProbs(new_lam, proposal_prob_.data());
    const double ratio = (1 - class_miss_[class_idx]) / (1 - miss_new);
    const double new_weight = old_weight * ratio;
    if (!(new_weight < 1) || old_weight >= 1) return;
    const double scale = (1 - new_weight) / (1 - old_weight);
    const double log_scale = std::log(scale);
    const double log_ratio = std::log(ratio);
    ++ridge_proposed_;
    // Only class_idx's P(x | k) changes and every other weight is scaled,
    // so p'_x = scale (p_x - pi_c P(x | c)) + pi'_c P'(x | c).
    const double* old_prob = &class_prob_[class_idx * table_size_];
    const double p0 = scale * (p0_ - old_weight * class_miss_[class_idx]) + new_weight * miss_new;
    // The log-likelihood ratio: sum_x n_x log(p'_x / p_x) minus
    // n log((1 - p0') / (1 - p0)), one log per pattern.
    double log_accept = -static_cast<double>(observed_) *
                        std::log((1 - std::min(p0, 1 - 1e-15)) / (1 - std::min(p0_, 1 - 1e-15)));
    for (size_t pattern_idx = 0; pattern_idx < patterns_.size(); ++pattern_idx) {
      const size_t slot = slots_[pattern_idx];
      const double current = pattern_prob_[pattern_idx];
      const double proposed = std::max(
          scale * (current - old_weight * old_prob[slot]) + new_weight * proposal_prob_[slot],
          1e-300);
      proposal_pattern_prob_[pattern_idx] = proposed;
      log_accept += static_cast<double>(pattern_counts_[pattern_idx]) *
                    std::log(proposed / std::max(current, 1e-300));
    }
    // The Beta(c, c) prior's ratio prod_j [lam'(1-lam') / lam(1-lam)]^(c-1)
    // times the Jacobian: the Jacobian to the power c.
    log_accept += options_.capture_prior * std::log(jacobian) + log_ratio +
                  static_cast<double>(k - 2) * log_scale +
                  LogStickPriorRatio(class_idx, new_weight, scale, log_ratio, log_scale);
    if (std::log(rng_.Uniform()) >= log_accept) return;
    ++ridge_accepted_;
    for (double& w : pi_) w *= scale;
    pi_[class_idx] = new_weight;
    std::copy(new_lam, new_lam + j_count, &lambda_[class_idx * j_count]);
    std::copy(proposal_prob_.begin(), proposal_prob_.end(), &class_prob_[class_idx * table_size_]);
    class_miss_[class_idx] = miss_new;
    p0_ = p0;
    pattern_prob_.swap(proposal_pattern_prob_);
  }

  // log p(pi') - log p(pi) under the truncated stick-breaking prior with
  // concentration alpha, for the ridge proposal pi' (pi'_c = new_weight,
  // every other weight times `scale`). The log density is (K-1) log alpha +
  // (alpha - 1) log pi_K - sum_{1<=i<=K-2} log R_i with the rests R_i =
  // sum_{l>=i} pi_l (0-based): prod_k Beta(V_k; 1, alpha) times the Jacobian
  // from the sticks V to pi, since 1 - V_k = R_{k+1} / R_k. For i > c the
  // rest is scaled (log scale); for i <= c, R'_i = scale S_i + pi'_c with
  // S_i = sum_{l>=i, l!=c} pi_l. Those ratios lie between `scale` and
  // `ratio`, so their product takes one log; it is flushed to a log before
  // it could leave the range of doubles (it cannot for K <= 20). Tail sums
  // keep a rest as small as 1e-300 exact, where 1 minus a prefix sum would
  // round it to 0.
  double LogStickPriorRatio(size_t class_idx, double new_weight, double scale, double log_ratio,
                            double log_scale) const {
    const size_t k = pi_.size();
    double logp = (alpha_ - 1) * (class_idx == k - 1 ? log_ratio : log_scale);
    if (k < 3) return logp;
    // Rests R_i for i in [1, K-2]; those above c are scaled.
    const size_t last_rest = k - 2;
    if (class_idx < last_rest) logp -= static_cast<double>(last_rest - class_idx) * log_scale;
    const size_t top = std::min(class_idx, last_rest);
    if (top == 0) return logp;
    double tail = 0;  // S_i
    for (size_t other = k - 1; other > top; --other) {
      if (other != class_idx) tail += pi_[other];
    }
    const double old_weight = pi_[class_idx];
    double product = 1;
    double log_product = 0;
    for (size_t rest_idx = top; rest_idx >= 1; --rest_idx) {
      if (rest_idx != class_idx) tail += pi_[rest_idx];
      product *= (scale * tail + new_weight) / (tail + old_weight);
      if (!(product > 1e-200 && product < 1e200)) {
        log_product += std::log(product);
        product = 1;
      }
    }
    return logp - (log_product + std::log(product));
  }

  // One sweep of the Gibbs sampler (data augmentation).
  void GibbsSweep() {
    const auto k = static_cast<size_t>(num_classes_);
    const auto j_count = static_cast<size_t>(num_lists_);
    std::fill(class_counts_.begin(), class_counts_.end(), 0);
    std::fill(list_class_counts_.begin(), list_class_counts_.end(), 0);
    // 1. Classes of the observed people, pattern by pattern: pi_k P(x | k)
    // for the state the moves left, split by conditional binomials with
    // each pattern's heaviest classes first (Rng::Multinomial).
    for (size_t pattern_idx = 0; pattern_idx < patterns_.size(); ++pattern_idx) {
      const size_t slot = slots_[pattern_idx];
      for (size_t class_idx = 0; class_idx < k; ++class_idx) {
        cell_[class_idx] = pi_[class_idx] * class_prob_[class_idx * table_size_ + slot];
      }
      rng_.Multinomial(pattern_counts_[pattern_idx], cell_, split_order_[pattern_idx],
                       std::span<int64_t>(draw_.data(), k));
      AddBlocks(class_counts_.data(), draw_.data(), padded_classes_);
      for (uint32_t pos = pattern_list_begin_[pattern_idx];
           pos < pattern_list_begin_[pattern_idx + 1]; ++pos) {
        AddBlocks(&list_class_counts_[pattern_lists_[pos] * padded_classes_], draw_.data(),
                  padded_classes_);
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
    rng_.Multinomial(unobserved_, miss_prob_, split_order_.back(),
                     std::span<int64_t>(draw_.data(), k));
    AddBlocks(class_counts_.data(), draw_.data(), padded_classes_);
    // 3. Capture probabilities: Beta(c + seen, c + not seen) per list and class.
    for (size_t class_idx = 0; class_idx < k; ++class_idx) {
      for (size_t list_idx = 0; list_idx < j_count; ++list_idx) {
        const int64_t seen = list_class_counts_[list_idx * padded_classes_ + class_idx];
        const int64_t unseen = class_counts_[class_idx] - seen;
        // An empty class draws from its Beta(c, c) prior; for the default
        // c = 1, a uniform, drawn as one so the default's stream is unchanged.
        const double c = options_.capture_prior;
        double value = class_counts_[class_idx] == 0 ? (c == 1 ? rng_.Uniform() : rng_.Beta(c, c))
                                                     : rng_.Beta(c + static_cast<double>(seen),
                                                                 c + static_cast<double>(unseen));
        lambda_[class_idx * j_count + list_idx] = std::clamp(value, 1e-12, 1 - 1e-12);
      }
    }
    // 4. Stick-breaking weights: V_k ~ Beta(1 + n_k, alpha + sum_{l>k} n_l).
    // 1 - V_k is kept as a ratio or a log, never as 1 minus V_k: with the
    // small alpha that a = b = 0.25 allows, 1 - V_k of a stick past the last
    // occupied class is often below 1e-16 (U^(1/alpha)), and its log is what
    // step 5 needs. Rounding it up (the old clamp V_k <= 1 - 1e-12 capped
    // each -log(1 - V_k) at 27.6) drew alpha too large, favoured more
    // classes and moved the posterior of N up (tests: the exact K = 2
    // posterior). A weight below the smallest double becomes 0.
    int64_t beyond =
        std::accumulate(class_counts_.begin(), class_counts_.end(), int64_t{0});  // padding is 0
    double remaining = 1;
    // sum_k log(1 - V_k): the empty sticks add their log directly, the
    // others multiply into a product that takes one log at the end. It is
    // flushed to the sum before it could underflow (a factor y / (x + y)
    // with y ~ Gamma(>= 1) is below 1e-100 with probability below 1e-100).
    double rest_product = 1;
    double log_rest = 0;
    for (size_t class_idx = 0; class_idx + 1 < k; ++class_idx) {
      beyond -= class_counts_[class_idx];
      const double rest = alpha_ + static_cast<double>(beyond);
      double v;
      double keep;  // 1 - V_k
      if (class_counts_[class_idx] == 0) {
        // Beta(1, rest): 1 - V = U^(1/rest) exactly, no gamma draws.
        const double log_keep = std::log(rng_.Uniform()) / rest;
        v = -std::expm1(log_keep);
        keep = std::exp(log_keep);
        log_rest += log_keep;
      } else {
        // Beta(1 + n_k, rest) = x / (x + y), 1 - V = y / (x + y).
        const double x = rng_.Gamma(1 + static_cast<double>(class_counts_[class_idx]));
        if (rest >= 1) {
          const double y = rng_.Gamma(rest);
          v = x / (x + y);
          keep = y / (x + y);
          rest_product *= keep;
          if (rest_product < 1e-200) {
            log_rest += std::log(rest_product);
            rest_product = 1;
          }
        } else {
          // Only the last occupied class when alpha < 1: Gamma(rest) =
          // Gamma(rest + 1) U^(1/rest), whose log stays exact where y
          // underflows.
          const double log_y = std::log(rng_.Gamma(rest + 1)) + std::log(rng_.Uniform()) / rest;
          const double y = std::exp(log_y);
          v = x / (x + y);
          keep = y / (x + y);
          log_rest += log_y - std::log(x + y);
        }
      }
      pi_[class_idx] = remaining * v;
      remaining *= keep;
    }
    pi_[k - 1] = remaining;
    log_rest += std::log(rest_product);
    // 5. Concentration: alpha ~ Gamma(a + K - 1, b - sum log(1 - V_k)). The
    // floor only keeps log(U) / alpha finite. The chain does not sink
    // towards it: at a small alpha each empty stick adds about Exp(1) /
    // alpha to the rate, so the next alpha is alpha times Gamma(a + K - 1)
    // over a sum of at most K - 1 Exp(1), which grows on average.
    alpha_ = rng_.Gamma(options_.alpha_shape + static_cast<double>(k) - 1) /
             (options_.alpha_rate - log_rest);
    alpha_ = std::max(alpha_, 1e-250);
  }

  const LatentClassOptions& options_;
  int num_lists_;
  int num_classes_;
  int64_t observed_;
  Rng rng_;
  std::vector<uint32_t> patterns_;
  std::vector<int64_t> pattern_counts_;
  // Where pattern x sits in a class's probability table: its mask in the
  // 2^J table, or x itself.
  std::vector<size_t> slots_;
  std::vector<uint32_t> pattern_lists_;
  std::vector<uint32_t> pattern_list_begin_;
  std::vector<double> lambda_;  // [class * num_lists + list]
  std::vector<double> pi_;
  std::vector<int64_t> class_counts_;
  size_t padded_classes_ = 0;  // K rounded up to kBlock
  std::vector<int64_t>
      list_class_counts_;  // [list * padded K + class]: people of the class on the list
  std::vector<int64_t> draw_;
  std::vector<double> miss_prob_;
  std::vector<double> cell_;                        // pi_k P(x | k) of one pattern
  std::vector<std::vector<uint32_t>> split_order_;  // per pattern, then the unobserved
  double alpha_ = 1;
  int64_t unobserved_ = 0;
  bool use_subset_table_ = false;
  size_t table_size_ = 0;
  std::vector<double> class_prob_;     // [class * table_size_ + slot]: P(x | class)
  std::vector<double> proposal_prob_;  // P(x | class) for a ridge proposal
  std::vector<double> proposal_lambda_;
  std::vector<double> class_miss_;
  std::vector<double> pattern_prob_;
  std::vector<double> mixture_prob_;  // sum_k pi_k P(x | k) by slot
  std::vector<double> proposal_pattern_prob_;
  double p0_ = 0;
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
  if (!(options.capture_prior > 0)) {
    return Status::InvalidArgument("the Beta(c, c) prior on capture probabilities needs c > 0");
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
