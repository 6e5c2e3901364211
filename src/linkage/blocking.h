// File: linkage/blocking.h
// Candidate pairs by blocking: for each rule, records are sorted by their
// key and every pair inside one block is a candidate. Blocks are visited one
// at a time and never stored as a list of pairs, so memory stays at a few
// words per record whatever the number of candidates. A pair found by an
// earlier rule is skipped by later ones, so each candidate is produced once.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "linkage/records.h"
#include "linkage/spec.h"

namespace chorus::linkage {

// In link mode `left` is from source 0 and `right` from source 1; in
// dedupe mode left < right.
struct CandidatePair {
  RecordIndex left;
  RecordIndex right;
};

struct BlockingStats {
  uint64_t candidate_pairs = 0;
  uint64_t skipped_blocks = 0;  // blocks over max_block_size, per rule
  uint64_t largest_block = 0;
};

// The blocking key of `record` under `rule` as text (parts joined by a
// separator), or "" when a part is empty. For tests and explanations.
std::string BlockingKey(const RecordSet& records, const BlockingRule& rule, RecordIndex record);

// Called with batches of candidate pairs from worker `worker` (0-based, less
// than the thread count). Calls from different workers run concurrently.
using PairBatchVisitor = std::function<void(int worker, std::span<const CandidatePair> batch)>;

class CandidateStream {
 public:
  // `link_mode`: pairs join source 0 to source 1 only; else every pair.
  // REQUIRES: records outlive the stream; records.Finish() was called.
  CandidateStream(const RecordSet& records, std::vector<BlockingRule> rules, bool link_mode,
                  size_t max_block_size);

  // Visits every candidate pair exactly once with `threads` workers.
  // Returns the counts of this run.
  BlockingStats Run(int threads, const PairBatchVisitor& visit) const;

  // Visits the pairs of rule `rule` alone, including those earlier rules
  // also produce, keeping each with probability `sample_rate` (a
  // deterministic hash of the pair decides). For training.
  BlockingStats RunRule(size_t rule, double sample_rate, int threads,
                        const PairBatchVisitor& visit) const;

  // Pairs inside the (not skipped) blocks of `rule`, counted without
  // visiting them.
  uint64_t RulePairCount(size_t rule) const;
  size_t num_rules() const { return rules_.size(); }
  const BlockingRule& rule(size_t r) const { return rules_[r]; }

 private:
  BlockingStats RunRules(size_t first_rule, size_t end_rule, bool skip_earlier, double sample_rate,
                         int threads, const PairBatchVisitor& visit) const;

  const RecordSet& records_;
  std::vector<BlockingRule> rules_;
  bool link_mode_;
  size_t max_block_size_;
  // keys_[rule][record]: 64-bit hash of the key, 0 = no key.
  std::vector<std::vector<uint64_t>> keys_;
  // skipped_[rule][record]: the record's block under that rule was too big,
  // so that rule produced none of its pairs.
  std::vector<std::vector<uint8_t>> skipped_;
  // orders_[rule]: the records with a key, sorted by key (blocks are runs).
  std::vector<std::vector<RecordIndex>> orders_;
};

}  // namespace chorus::linkage
