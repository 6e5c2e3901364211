#include "linkage/blocking.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <set>

namespace chorus::linkage {
namespace {

FieldSpec Field(std::string name, FieldKind kind) {
  FieldSpec f;
  f.name = std::move(name);
  f.kind = kind;
  return f;
}

std::vector<FieldSpec> Fields() {
  return {Field("given", FieldKind::kGivenName), Field("family", FieldKind::kFamilyName),
          Field("dob", FieldKind::kDate)};
}

RecordSet MakeRecords() {
  RecordSet records(Fields());
  const char* rows[][4] = {
      {"a", "anna", "lee", "1980-01-02"},  {"b", "anna", "lee", "1980-01-03"},
      {"c", "anne", "lee", "1980-01-02"},  {"d", "boris", "kim", "1975-05-05"},
      {"e", "boris", "kim", ""},           {"f", "", "kim", "1975-05-05"},
      {"g", "anna", "park", "1990-09-09"}, {"h", "chan", "lee", "1980-01-02"},
  };
  int idx = 0;
  for (auto& r : rows) {
    EXPECT_TRUE(records.Add(r[0], idx++ % 2, {r[1], r[2], r[3]}).ok());
  }
  records.Finish();
  return records;
}

std::vector<BlockingRule> Rules() {
  BlockingRule by_name{{{0, KeyTransform::kExact, 0}, {1, KeyTransform::kExact, 0}}};
  BlockingRule by_dob{{{2, KeyTransform::kExact, 0}}};
  BlockingRule by_family{{{1, KeyTransform::kExact, 0}}};
  return {by_name, by_dob, by_family};
}

std::vector<std::pair<RecordIndex, RecordIndex>> Collect(const CandidateStream& stream, int threads,
                                                         uint64_t* count) {
  std::mutex mu;
  std::vector<std::pair<RecordIndex, RecordIndex>> pairs;
  const BlockingStats stats = stream.Run(threads, [&](int, std::span<const CandidatePair> batch) {
    std::lock_guard<std::mutex> lock(mu);
    for (const CandidatePair& p : batch) pairs.emplace_back(p.left, p.right);
  });
  if (count) *count = stats.candidate_pairs;
  std::sort(pairs.begin(), pairs.end());
  return pairs;
}

// Brute force: the pairs sharing the key of any rule.
std::set<std::pair<RecordIndex, RecordIndex>> Expected(const RecordSet& records,
                                                       const std::vector<BlockingRule>& rules,
                                                       bool link_mode) {
  std::set<std::pair<RecordIndex, RecordIndex>> out;
  for (RecordIndex a = 0; a < records.size(); ++a) {
    for (RecordIndex b = a + 1; b < records.size(); ++b) {
      if (link_mode && records.source(a) == records.source(b)) continue;
      for (const BlockingRule& rule : rules) {
        const std::string ka = BlockingKey(records, rule, a);
        if (!ka.empty() && ka == BlockingKey(records, rule, b)) {
          if (link_mode && records.source(a) == 1) {
            out.insert({b, a});
          } else {
            out.insert({a, b});
          }
        }
      }
    }
  }
  return out;
}

TEST(Blocking, EachCandidatePairOnceAcrossOverlappingRules) {
  const RecordSet records = MakeRecords();
  CandidateStream stream(records, Rules(), /*link_mode=*/false, 100);
  uint64_t count = 0;
  const auto pairs = Collect(stream, 1, &count);
  EXPECT_EQ(std::adjacent_find(pairs.begin(), pairs.end()), pairs.end()) << "a pair repeated";
  const auto expected = Expected(records, Rules(), false);
  EXPECT_EQ(std::set(pairs.begin(), pairs.end()), expected);
  EXPECT_EQ(count, expected.size());
  // a-b (same name), a-c (same dob), a-h (dob and family) ... a-h appears
  // under two rules but only once.
  EXPECT_TRUE(
      std::binary_search(pairs.begin(), pairs.end(), std::pair<RecordIndex, RecordIndex>{0, 7}));
}

TEST(Blocking, ThreadsGiveTheSamePairs) {
  const RecordSet records = MakeRecords();
  CandidateStream stream(records, Rules(), false, 100);
  EXPECT_EQ(Collect(stream, 1, nullptr), Collect(stream, 4, nullptr));
}

TEST(Blocking, LinkModeJoinsSourcesOnlyLeftFirst) {
  const RecordSet records = MakeRecords();
  CandidateStream stream(records, Rules(), /*link_mode=*/true, 100);
  const auto pairs = Collect(stream, 2, nullptr);
  for (const auto& [l, r] : pairs) {
    EXPECT_EQ(records.source(l), 0);
    EXPECT_EQ(records.source(r), 1);
  }
  const auto expected = Expected(records, Rules(), true);
  EXPECT_EQ(std::set(pairs.begin(), pairs.end()), expected);
}

TEST(Blocking, OversizedBlockIsSkippedButLaterRulesStillCover) {
  const RecordSet records = MakeRecords();
  // Rule 0 by family name: "lee" holds 4 records, over the limit of 3.
  // Rule 1 by dob must then still produce a-c (family lee, same dob).
  std::vector<BlockingRule> rules = {BlockingRule{{{1, KeyTransform::kExact, 0}}},
                                     BlockingRule{{{2, KeyTransform::kExact, 0}}}};
  CandidateStream stream(records, rules, false, 3);
  uint64_t count = 0;
  const auto pairs = Collect(stream, 1, &count);
  const std::pair<RecordIndex, RecordIndex> a_c{0, 2}, a_b{0, 1};
  EXPECT_TRUE(std::binary_search(pairs.begin(), pairs.end(), a_c));
  EXPECT_FALSE(std::binary_search(pairs.begin(), pairs.end(), a_b));  // only "lee" joined them
  EXPECT_EQ(std::adjacent_find(pairs.begin(), pairs.end()), pairs.end());
}

TEST(Blocking, KeyTransforms) {
  RecordSet records({Field("name", FieldKind::kPersonName), Field("dob", FieldKind::kDate)});
  ASSERT_TRUE(records.Add("x", 0, {"Robert Jong-Un Kim", "1984-01-08"}).ok());
  records.Finish();
  auto key = [&](KeyTransform t, size_t field, int length = 0) {
    return BlockingKey(records, BlockingRule{{{field, t, length}}}, 0);
  };
  EXPECT_EQ(key(KeyTransform::kExact, 0), "robert jong un kim");
  EXPECT_EQ(key(KeyTransform::kPrefix, 0, 3), "rob");
  EXPECT_EQ(key(KeyTransform::kSoundex, 0), "r163");
  EXPECT_EQ(key(KeyTransform::kFirstToken, 0), "robert");
  EXPECT_EQ(key(KeyTransform::kLastToken, 0), "kim");
  EXPECT_EQ(key(KeyTransform::kSortedTokens, 0), "jong kim robert un");
  EXPECT_EQ(key(KeyTransform::kInitials, 0), "jkru");
  EXPECT_EQ(key(KeyTransform::kYear, 1), "1984");
}

}  // namespace
}  // namespace chorus::linkage
