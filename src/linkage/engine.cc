#include "linkage/engine.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "linkage/comparison.h"

namespace chorus::linkage {
namespace {

// The smallest term frequency used: a value seen once among many records
// must not produce an unbounded weight.
constexpr double kMinTermFrequency = 1e-7;

// splitmix64: a small deterministic generator for the u sample.
struct SplitMix {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
};

std::vector<PatternCount> ToCounts(const std::unordered_map<Pattern, uint64_t>& map) {
  std::vector<PatternCount> out;
  out.reserve(map.size());
  for (const auto& [pattern, count] : map) out.push_back({pattern, static_cast<double>(count)});
  std::sort(out.begin(), out.end(),
            [](const PatternCount& a, const PatternCount& b) { return a.pattern < b.pattern; });
  return out;
}

// Training's u sample reports its progress every this many pairs.
constexpr uint64_t kSamplesPerReport = 4096;

}  // namespace

// Counts the pairs many workers compare and reports them to `progress`:
// one report at a time (a busy worker skips its report rather than wait),
// each read under the lock so that reports never go backwards.
class PairCounter {
 public:
  PairCounter(const PairProgress& progress, uint64_t total) : progress_(progress), total_(total) {}

  void Add(uint64_t pairs) {
    if (!progress_) return;
    compared_.fetch_add(pairs);
    std::unique_lock lock(mu_, std::try_to_lock);
    if (lock.owns_lock()) Report();
  }

  // The last report, once every worker is done.
  void Finish() {
    if (!progress_) return;
    std::lock_guard lock(mu_);
    Report();
  }

 private:
  void Report() {
    const uint64_t done = compared_.load();
    progress_(done, std::max(total_, done));
  }

  const PairProgress& progress_;
  const uint64_t total_;
  std::atomic<uint64_t> compared_{0};
  std::mutex mu_;
};

Result<std::unique_ptr<Linker>> Linker::Create(const LinkageSpec& spec, const RecordSet& records,
                                               bool link_mode) {
  if (spec.fields.empty() || spec.fields.size() > kMaxFields) {
    return Status::InvalidArgument("linkage: between 1 and 16 fields are needed");
  }
  if (spec.fields.size() != records.fields().size()) {
    return Status::InvalidArgument("linkage: the records hold other fields than the spec");
  }
  for (const FieldSpec& f : spec.fields) {
    if (LevelLabels(f).size() > 15) {
      return Status::InvalidArgument("linkage: field " + f.name + " has more than 15 levels");
    }
  }
  if (spec.blocking.empty()) {
    return Status::InvalidArgument("linkage: at least one blocking rule is needed");
  }
  for (const BlockingRule& rule : spec.blocking) {
    if (rule.parts.empty()) return Status::InvalidArgument("linkage: empty blocking rule");
    for (const BlockingKeyPart& part : rule.parts) {
      if (part.field >= spec.fields.size()) {
        return Status::InvalidArgument("linkage: blocking rule names an unknown field");
      }
    }
  }
  if (link_mode && (records.count_in_source(0) == 0 || records.count_in_source(1) == 0)) {
    return Status::InvalidArgument("linkage: link mode needs records from two sources");
  }
  return std::unique_ptr<Linker>(new Linker(spec, records, link_mode));
}

Linker::Linker(const LinkageSpec& spec, const RecordSet& records, bool link_mode)
    : spec_(spec), records_(records), link_mode_(link_mode) {
  threads_ = spec.threads > 0 ? spec.threads
                              : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  stream_ =
      std::make_unique<CandidateStream>(records, spec.blocking, link_mode, spec.max_block_size);
  for (const FieldSpec& f : spec.fields) labels_.push_back(LevelLabels(f));
}

Status Linker::Train(const PairProgress& progress) {
  std::vector<int> level_counts;
  for (const auto& labels : labels_) level_counts.push_back(static_cast<int>(labels.size()));
  const uint64_t n0 = link_mode_ ? records_.count_in_source(0) : records_.size();
  const uint64_t n1 = link_mode_ ? records_.count_in_source(1) : records_.size();
  const uint64_t all_pairs = link_mode_ ? n0 * n1 : n0 * (n0 - 1) / 2;
  const uint64_t samples = std::min<uint64_t>(spec_.u_sample_pairs, all_pairs);
  // The pairs training compares: the random sample for u, then every
  // candidate pair (EM) or each rule's sample of them (per-rule).
  uint64_t to_compare = samples;
  for (size_t rule = 0; progress && rule < stream_->num_rules(); ++rule) {
    const uint64_t rule_pairs = stream_->RulePairCount(rule);
    to_compare += spec_.em.method == EmMethod::kPerRule
                      ? std::min<uint64_t>(rule_pairs, spec_.max_training_pairs_per_rule)
                      : rule_pairs;
  }
  PairCounter counter(progress, to_compare);

  // 1. u from random pairs: almost all of them are non-matches.
  std::vector<PatternCount> u_counts;
  if (n0 > 0 && n1 > 0 && records_.size() > 1) {
    std::vector<RecordIndex> left, right;
    for (RecordIndex r = 0; r < records_.size(); ++r) {
      (link_mode_ && records_.source(r) == 1 ? right : left).push_back(r);
    }
    if (!link_mode_) right = left;
    std::vector<std::unordered_map<Pattern, uint64_t>> maps(static_cast<size_t>(threads_));
    auto work = [&](int worker) {
      SplitMix rng{uint64_t{0x5eed0000} + static_cast<uint64_t>(worker)};
      auto& map = maps[static_cast<size_t>(worker)];
      const uint64_t workers = static_cast<uint64_t>(threads_);
      const uint64_t share = samples / workers + (worker == 0 ? samples % workers : uint64_t{0});
      for (uint64_t k = 0; k < share; ++k) {
        const RecordIndex a = left[rng.Next() % left.size()];
        const size_t right_index = rng.Next() % right.size();
        RecordIndex b = right[right_index];
        // A record drawn twice (dedupe) is paired with the next one instead:
        // skipping it left a store of two records with no sample at all.
        if (a == b) b = right[(right_index + 1) % right.size()];
        if ((k + 1) % kSamplesPerReport == 0) counter.Add(kSamplesPerReport);
        if (a == b) continue;
        ++map[ComparePair(records_, a, b)];
      }
      counter.Add(share % kSamplesPerReport);
    };
    std::vector<std::thread> pool;
    for (int w = 0; w < threads_; ++w) pool.emplace_back(work, w);
    for (auto& t : pool) t.join();
    for (size_t w = 1; w < maps.size(); ++w) {
      for (const auto& [p, c] : maps[w]) maps[0][p] += c;
    }
    u_counts = ToCounts(maps[0]);
    stats_.u_sample_pairs = samples;
  }

  if (spec_.em.method == EmMethod::kPerRule) {
    Status trained = TrainPerRule(level_counts, u_counts, counter);
    counter.Finish();
    return trained;
  }

  // 2. Pattern counts of every candidate pair.
  std::vector<std::unordered_map<Pattern, uint64_t>> maps(static_cast<size_t>(threads_));
  const BlockingStats blocking =
      stream_->Run(threads_, [&](int worker, std::span<const CandidatePair> batch) {
        auto& map = maps[static_cast<size_t>(worker)];
        for (const CandidatePair& pair : batch) ++map[ComparePair(records_, pair.left, pair.right)];
        counter.Add(batch.size());
      });
  counter.Finish();
  for (size_t w = 1; w < maps.size(); ++w) {
    for (const auto& [p, c] : maps[w]) maps[0][p] += c;
  }
  stats_.candidate_pairs = blocking.candidate_pairs;
  stats_.skipped_blocks = blocking.skipped_blocks;
  stats_.largest_block = blocking.largest_block;
  if (blocking.candidate_pairs == 0) {
    return Status::FailedPrecondition("linkage: blocking produced no candidate pair");
  }
  const std::vector<PatternCount> counts = ToCounts(maps[0]);
  stats_.distinct_patterns = counts.size();

  // 3. The starting prior: the share of candidates agreeing exactly on at
  // least two thirds of the fields both sides have.
  double likely = 0, total = 0;
  for (const PatternCount& pc : counts) {
    int present = 0, exact = 0;
    for (size_t f = 0; f < spec_.fields.size(); ++f) {
      const int level = PatternLevel(pc.pattern, f);
      present += level != kMissingLevel;
      exact += level == 1;
    }
    if (present > 0 && 3 * exact >= 2 * present) likely += pc.count;
    total += pc.count;
  }
  const double lambda0 = std::clamp(likely / total, 1e-5, 0.5);
  const ModelParameters start = InitialParameters(level_counts, u_counts, lambda0);
  CHORUS_ASSIGN_OR_RETURN(EmResult em, EstimateByEm(counts, start, spec_.em));
  stats_.em_iterations = em.iterations;
  stats_.em_converged = em.converged;
  set_parameters(std::move(em.parameters));
  return Status::Ok();
}

Status Linker::TrainPerRule(const std::vector<int>& level_counts,
                            const std::vector<PatternCount>& u_counts, PairCounter& counter) {
  if (u_counts.empty()) {
    return Status::InvalidArgument("linkage: per-rule training needs u_sample_pairs > 0");
  }
  const size_t num_fields = spec_.fields.size();
  const ModelParameters base = InitialParameters(level_counts, u_counts, 0.1);
  std::vector<std::vector<double>> m_sum(num_fields);
  std::vector<int> m_rules(num_fields, 0);
  for (size_t f = 0; f < num_fields; ++f) m_sum[f].assign(base.fields[f].m.size(), 0.0);
  double best_matches = 0;
  int iterations = 0;
  bool converged = true;
  for (size_t rule = 0; rule < stream_->num_rules(); ++rule) {
    std::vector<bool> in_rule(num_fields, false);
    for (const BlockingKeyPart& part : stream_->rule(rule).parts) in_rule[part.field] = true;
    const uint64_t rule_pairs = stream_->RulePairCount(rule);
    if (rule_pairs == 0) continue;
    const double rate = std::min(1.0, static_cast<double>(spec_.max_training_pairs_per_rule) /
                                          static_cast<double>(rule_pairs));
    std::vector<std::unordered_map<Pattern, uint64_t>> maps(static_cast<size_t>(threads_));
    const BlockingStats visited = stream_->RunRule(
        rule, rate, threads_, [&](int worker, std::span<const CandidatePair> batch) {
          auto& map = maps[static_cast<size_t>(worker)];
          for (const CandidatePair& pair : batch) {
            Pattern p = 0;
            for (size_t f = 0; f < num_fields; ++f) {
              if (!in_rule[f])
                p = WithLevel(p, f, CompareField(records_, f, pair.left, pair.right));
            }
            ++map[p];
          }
          counter.Add(batch.size());
        });
    if (visited.candidate_pairs == 0) continue;
    for (size_t w = 1; w < maps.size(); ++w) {
      for (const auto& [p, c] : maps[w]) maps[0][p] += c;
    }
    EmOptions options = spec_.em;
    options.fix_u = true;
    CHORUS_ASSIGN_OR_RETURN(EmResult em, EstimateByEm(ToCounts(maps[0]), base, options));
    iterations += em.iterations;
    converged = converged && em.converged;
    for (size_t f = 0; f < num_fields; ++f) {
      if (in_rule[f]) continue;
      for (size_t l = 0; l < m_sum[f].size(); ++l) m_sum[f][l] += em.parameters.fields[f].m[l];
      ++m_rules[f];
    }
    best_matches = std::max(
        best_matches, em.parameters.lambda * static_cast<double>(visited.candidate_pairs) / rate);
  }
  ModelParameters params = base;
  for (size_t f = 0; f < num_fields; ++f) {
    if (m_rules[f] == 0) continue;  // blocked on by every rule: keep the prior m
    for (size_t l = 0; l < m_sum[f].size(); ++l) {
      params.fields[f].m[l] = m_sum[f][l] / m_rules[f];
    }
  }
  const double n0 = static_cast<double>(link_mode_ ? records_.count_in_source(0) : records_.size());
  const double n1 = static_cast<double>(link_mode_ ? records_.count_in_source(1) : records_.size());
  const double all_pairs = link_mode_ ? n0 * n1 : n0 * (n0 - 1) / 2;
  params.lambda = std::clamp(best_matches / all_pairs, 1e-12, 0.5);
  stats_.em_iterations = iterations;
  stats_.em_converged = converged;
  set_parameters(std::move(params));
  return Status::Ok();
}

void Linker::set_parameters(ModelParameters params) {
  params_ = std::move(params);
  ComputeWeights();
}

void Linker::ComputeWeights() {
  prior_weight_ = std::log2(params_.lambda / (1.0 - params_.lambda));
  weights_.assign(spec_.fields.size(), {});
  for (size_t f = 0; f < spec_.fields.size(); ++f) {
    weights_[f].assign(labels_[f].size() + 1, 0.0);
    for (size_t level = 1; level <= labels_[f].size(); ++level) {
      weights_[f][level] = LevelWeight(params_, f, static_cast<int>(level));
    }
  }
}

double Linker::PairWeight(Pattern pattern, RecordIndex a, RecordIndex b) const {
  double w = prior_weight_;
  for (size_t f = 0; f < weights_.size(); ++f) {
    const int level = PatternLevel(pattern, f);
    w += weights_[f][static_cast<size_t>(level)];
    if (level == 1 && spec_.fields[f].tf_adjust) {
      const double tf = std::max(
          {records_.term_frequency(f, a), records_.term_frequency(f, b), kMinTermFrequency});
      w += std::log2(records_.chance_agreement(f) / tf);
    }
  }
  return w;
}

std::vector<ScoredPair> Linker::Score(double threshold, const PairProgress& progress) const {
  // Weight at or above which the probability reaches the threshold.
  const double t = std::clamp(threshold, 1e-12, 1.0 - 1e-12);
  const double min_weight = std::log2(t / (1.0 - t));
  std::vector<std::vector<ScoredPair>> found(static_cast<size_t>(threads_));
  uint64_t total = 0;
  for (size_t rule = 0; progress && rule < stream_->num_rules(); ++rule) {
    total += stream_->RulePairCount(rule);
  }
  PairCounter counter(progress, total);
  const BlockingStats blocking =
      stream_->Run(threads_, [&](int worker, std::span<const CandidatePair> batch) {
        auto& out = found[static_cast<size_t>(worker)];
        for (const CandidatePair& pair : batch) {
          const Pattern p = ComparePair(records_, pair.left, pair.right);
          const double w = PairWeight(p, pair.left, pair.right);
          if (w >= min_weight) out.push_back({pair.left, pair.right, 1.0 / (1.0 + std::exp2(-w))});
        }
        counter.Add(batch.size());
      });
  counter.Finish();
  stats_.candidate_pairs = blocking.candidate_pairs;
  stats_.skipped_blocks = blocking.skipped_blocks;
  stats_.largest_block = blocking.largest_block;
  std::vector<ScoredPair> all;
  for (auto& part : found) all.insert(all.end(), part.begin(), part.end());
  std::sort(all.begin(), all.end(), [](const ScoredPair& x, const ScoredPair& y) {
    return x.left != y.left ? x.left < y.left : x.right < y.right;
  });
  return all;
}

double Linker::FieldWeight(size_t f, RecordIndex a, RecordIndex b) const {
  const int level = CompareField(records_, f, a, b);
  double w = weights_[f][static_cast<size_t>(level)];
  if (level == 1 && spec_.fields[f].tf_adjust) {
    const double tf =
        std::max({records_.term_frequency(f, a), records_.term_frequency(f, b), kMinTermFrequency});
    w += std::log2(records_.chance_agreement(f) / tf);
  }
  return w;
}

double Linker::PairProbability(RecordIndex a, RecordIndex b) const {
  const double w = PairWeight(ComparePair(records_, a, b), a, b);
  return 1.0 / (1.0 + std::exp2(-w));
}

Explanation Linker::Explain(RecordIndex a, RecordIndex b) const {
  Explanation e;
  e.left_id = records_.id(a);
  e.right_id = records_.id(b);
  e.prior_weight = prior_weight_;
  e.total_weight = prior_weight_;
  for (size_t f = 0; f < spec_.fields.size(); ++f) {
    FieldContribution c;
    c.field = spec_.fields[f].name;
    c.level = CompareField(records_, f, a, b);
    c.left_value = EncodeUtf8(records_.value(f, a));
    c.right_value = EncodeUtf8(records_.value(f, b));
    if (c.level == kMissingLevel) {
      c.level_label = "missing";
    } else {
      const size_t l = static_cast<size_t>(c.level) - 1;
      c.level_label = labels_[f][l];
      c.m = params_.fields[f].m[l];
      c.u = params_.fields[f].u[l];
      c.weight = weights_[f][static_cast<size_t>(c.level)];
      if (c.level == 1 && spec_.fields[f].tf_adjust) {
        const double tf = std::max(
            {records_.term_frequency(f, a), records_.term_frequency(f, b), kMinTermFrequency});
        c.tf_adjustment = std::log2(records_.chance_agreement(f) / tf);
      }
    }
    e.total_weight += c.weight + c.tf_adjustment;
    e.fields.push_back(std::move(c));
  }
  e.probability = 1.0 / (1.0 + std::exp2(-e.total_weight));
  return e;
}

std::string FormatExplanation(const Explanation& e) {
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line, "pair %s ~ %s: probability %.6f (weight %+.3f)\n",
                e.left_id.c_str(), e.right_id.c_str(), e.probability, e.total_weight);
  out += line;
  std::snprintf(line, sizeof line, "  %-16s %+8.3f\n", "prior", e.prior_weight);
  out += line;
  for (const FieldContribution& c : e.fields) {
    std::snprintf(line, sizeof line, "  %-16s %+8.3f  %-30s m=%.4f u=%.4f tf%+.3f  '%s' ~ '%s'\n",
                  c.field.c_str(), c.weight + c.tf_adjustment, c.level_label.c_str(), c.m, c.u,
                  c.tf_adjustment, c.left_value.c_str(), c.right_value.c_str());
    out += line;
  }
  return out;
}

}  // namespace chorus::linkage
