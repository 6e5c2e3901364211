// File: linkage/engine.h
// The Fellegi-Sunter linker: streams candidate pairs from blocking, counts
// their agreement patterns, estimates m, u and the match prior by EM on the
// counts, then streams the pairs again to score them (with term-frequency
// adjustment) and keeps those at or above a threshold. Every score can be
// explained field by field.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "linkage/blocking.h"
#include "linkage/em.h"
#include "linkage/records.h"
#include "linkage/spec.h"

namespace chorus::linkage {

struct ScoredPair {
  RecordIndex left = 0;
  RecordIndex right = 0;
  double probability = 0;
};

// Progress of a pass over the candidate pairs: `done` pairs compared of at
// most `total` (a pair that several blocking rules produce counts once per
// rule in `total`, so a pass may end below it). Called from the workers,
// one call at a time, and once more when the pass ends.
using PairProgress = std::function<void(uint64_t done, uint64_t total)>;
class PairCounter;  // engine.cc: reports a pass's progress from its workers

struct LinkStats {
  uint64_t candidate_pairs = 0;
  uint64_t distinct_patterns = 0;
  uint64_t skipped_blocks = 0;
  uint64_t largest_block = 0;
  uint64_t u_sample_pairs = 0;
  int em_iterations = 0;
  bool em_converged = false;
};

// What one field contributed to a pair's score.
struct FieldContribution {
  std::string field;
  int level = 0;  // 0 = missing on one side
  std::string level_label;
  std::string left_value;  // normalised values as compared
  std::string right_value;
  double m = 0;              // P(level | match); 0 when missing
  double u = 0;              // P(level | non-match); 0 when missing
  double weight = 0;         // log2(m / u)
  double tf_adjustment = 0;  // log2(u / term frequency), exact level only
};

struct Explanation {
  std::string left_id;
  std::string right_id;
  double prior_weight = 0;  // log2(lambda / (1 - lambda))
  std::vector<FieldContribution> fields;
  double total_weight = 0;  // prior + every weight and adjustment
  double probability = 0;   // 1 / (1 + 2^-total_weight)
};

// A readable table of an explanation, one line per field.
std::string FormatExplanation(const Explanation& explanation);

class Linker {
 public:
  // Checks the spec against the records: 1..16 fields with at most 15
  // levels each, at least one blocking rule, field indices in range.
  // Errors: InvalidArgument. REQUIRES: records.Finish() was called; records
  // outlive the Linker.
  static Result<std::unique_ptr<Linker>> Create(const LinkageSpec& spec, const RecordSet& records,
                                                bool link_mode);

  // Estimates u from random pairs, counts the patterns of every candidate
  // pair (first pass), and runs EM. `progress` hears of the pairs compared
  // (the random ones, then the candidates), against an upper bound.
  // Errors: FailedPrecondition when blocking yields no candidate pair.
  Status Train(const PairProgress& progress = nullptr);

  // Scores every candidate pair (second pass) and returns those at or above
  // `threshold`, sorted by (left, right). REQUIRES: Train() or
  // set_parameters().
  std::vector<ScoredPair> Score(double threshold, const PairProgress& progress = nullptr) const;

  double PairProbability(RecordIndex a, RecordIndex b) const;
  // What field `f` of records a and b adds to a pair's weight: log2(m/u) of
  // their level plus the term-frequency adjustment; 0 when one is missing.
  // Lets a caller weigh a record against values pooled from several
  // records (cluster_score.h). REQUIRES: Train() or set_parameters().
  double FieldWeight(size_t f, RecordIndex a, RecordIndex b) const;
  // log2(lambda / (1 - lambda)), the weight every pair starts from.
  double prior_weight() const { return prior_weight_; }
  Explanation Explain(RecordIndex a, RecordIndex b) const;

  const ModelParameters& parameters() const { return params_; }
  void set_parameters(ModelParameters params);
  const LinkStats& stats() const { return stats_; }
  // Labels of the non-missing levels of each field (LevelLabels()).
  const std::vector<std::vector<std::string>>& level_labels() const { return labels_; }
  int threads() const { return threads_; }

 private:
  Linker(const LinkageSpec& spec, const RecordSet& records, bool link_mode);
  double PairWeight(Pattern pattern, RecordIndex a, RecordIndex b) const;
  void ComputeWeights();
  Status TrainPerRule(const std::vector<int>& level_counts,
                      const std::vector<PatternCount>& u_counts, PairCounter& counter);

  LinkageSpec spec_;
  const RecordSet& records_;
  bool link_mode_;
  int threads_;
  std::unique_ptr<CandidateStream> stream_;
  std::vector<std::vector<std::string>> labels_;
  ModelParameters params_;
  // weights_[f][level] = log2(m/u); weights_[f][0] = 0 (missing).
  std::vector<std::vector<double>> weights_;
  double prior_weight_ = 0;
  // Score() records the candidate count of its pass here.
  mutable LinkStats stats_;
};

}  // namespace chorus::linkage
