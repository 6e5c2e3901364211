// File: linkage/score_progress_test.cc
// Progress of Linker::Score: reports never go backwards, stay within their
// total, and the last one counts every candidate pair the pass compared.
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

TEST(ScoreProgress, ReportsRiseToEveryComparedPairWithinTheTotal) {
  // 40 blocks of 25 codes ("b07-a", "b07-b", ...): 40 * 300 candidate pairs,
  // some agreeing and some not.
  std::vector<std::string> values;
  for (int block = 0; block < 40; ++block) {
    for (int member = 0; member < 25; ++member) {
      values.push_back("b" + std::string(block < 10 ? "0" : "") + std::to_string(block) +
                       (member % 2 ? "-a" : "-b"));
    }
  }
  RecordSet records = OneFieldRecords("code", FieldKind::kCode, values);
  LinkageSpec spec;
  spec.fields = records.fields();
  spec.blocking.push_back({{{0, KeyTransform::kPrefix, 3}}});
  spec.threads = 4;
  auto linker = Linker::Create(spec, records, false);
  ASSERT_TRUE(linker.ok()) << linker.status().ToString();
  ASSERT_TRUE((*linker)->Train().ok());

  std::mutex mu;
  std::vector<std::pair<uint64_t, uint64_t>> reports;
  (*linker)->Score(0.5, [&](uint64_t done, uint64_t total) {
    std::lock_guard lock(mu);
    reports.emplace_back(done, total);
  });
  ASSERT_FALSE(reports.empty());
  for (size_t i = 0; i < reports.size(); ++i) {
    EXPECT_LE(reports[i].first, reports[i].second) << "report " << i;
    if (i > 0) {
      EXPECT_GE(reports[i].first, reports[i - 1].first) << "went backwards at " << i;
    }
  }
  EXPECT_EQ((*linker)->stats().candidate_pairs, 40u * 300u);
  EXPECT_EQ(reports.back().first, (*linker)->stats().candidate_pairs);
  EXPECT_GT(reports.back().first, 0u);
}

}  // namespace
}  // namespace chorus::linkage
