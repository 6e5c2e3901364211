// File: linkage/score_progress_test.cc
// Progress of Linker::Score and Linker::Train: reports never go backwards,
// stay within their total, and the last one counts every pair the pass
// compared.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "linkage/engine.h"
#include "one_field_records.h"

namespace chorus::linkage {
namespace {

// 40 blocks of 25 codes ("b07-a", "b07-b", ...): 40 * 300 candidate pairs,
// some agreeing and some not.
RecordSet BlockedCodes() {
  std::vector<std::string> values;
  for (int block = 0; block < 40; ++block) {
    for (int member = 0; member < 25; ++member) {
      values.push_back("b" + std::string(block < 10 ? "0" : "") + std::to_string(block) +
                       (member % 2 ? "-a" : "-b"));
    }
  }
  return OneFieldRecords("code", FieldKind::kCode, values);
}

LinkageSpec BlockedSpec(const RecordSet& records) {
  LinkageSpec spec;
  spec.fields = records.fields();
  spec.blocking.push_back({{{0, KeyTransform::kPrefix, 3}}});
  spec.threads = 4;
  spec.u_sample_pairs = 50'000;
  return spec;
}

// Every report of a pass, in the order they came.
struct Reports {
  PairProgress Listener() {
    return [this](uint64_t done, uint64_t total) {
      std::lock_guard lock(mu);
      seen.emplace_back(done, total);
    };
  }
  void ExpectRisingWithinTotal() const {
    ASSERT_FALSE(seen.empty());
    for (size_t i = 0; i < seen.size(); ++i) {
      EXPECT_LE(seen[i].first, seen[i].second) << "report " << i;
      if (i > 0) {
        EXPECT_GE(seen[i].first, seen[i - 1].first) << "went backwards at " << i;
      }
    }
  }
  std::mutex mu;
  std::vector<std::pair<uint64_t, uint64_t>> seen;
};

TEST(ScoreProgress, ReportsRiseToEveryComparedPairWithinTheTotal) {
  RecordSet records = BlockedCodes();
  auto linker = Linker::Create(BlockedSpec(records), records, false);
  ASSERT_TRUE(linker.ok()) << linker.status().ToString();
  ASSERT_TRUE((*linker)->Train().ok());

  Reports reports;
  (*linker)->Score(0.5, reports.Listener());
  reports.ExpectRisingWithinTotal();
  EXPECT_EQ((*linker)->stats().candidate_pairs, 40u * 300u);
  EXPECT_EQ(reports.seen.back().first, (*linker)->stats().candidate_pairs);
}

TEST(TrainProgress, CountsTheRandomPairsThenEveryCandidate) {
  RecordSet records = BlockedCodes();
  auto linker = Linker::Create(BlockedSpec(records), records, false);
  ASSERT_TRUE(linker.ok()) << linker.status().ToString();
  Reports reports;
  ASSERT_TRUE((*linker)->Train(reports.Listener()).ok());
  reports.ExpectRisingWithinTotal();
  EXPECT_EQ((*linker)->stats().u_sample_pairs, 50'000u);
  EXPECT_EQ(reports.seen.back().first, 50'000u + 40u * 300u);
  EXPECT_EQ(reports.seen.back().second, 50'000u + 40u * 300u);
  // More than the final report: the bar moves while the work goes on.
  EXPECT_GT(reports.seen.size(), 2u);
}

TEST(TrainProgress, PerRuleTrainingReportsItsSampleOfEachRule) {
  RecordSet records = BlockedCodes();
  LinkageSpec spec = BlockedSpec(records);
  spec.em.method = EmMethod::kPerRule;
  spec.max_training_pairs_per_rule = 6'000;  // about half of the 12,000 candidates
  auto linker = Linker::Create(spec, records, false);
  ASSERT_TRUE(linker.ok()) << linker.status().ToString();
  Reports reports;
  ASSERT_TRUE((*linker)->Train(reports.Listener()).ok());
  reports.ExpectRisingWithinTotal();
  EXPECT_GT(reports.seen.back().first, 50'000u);
  EXPECT_LT(reports.seen.back().first, 50'000u + 40u * 300u);
}

}  // namespace
}  // namespace chorus::linkage
