// Property tests of the designated order: random cases at random times.
#include "casework/order.h"

#include <gtest/gtest.h>

#include <random>

namespace chorus::casework {
namespace {

using std::chrono::days;
using std::chrono::hours;

Timestamp At(int64_t ms) { return Timestamp(Duration(ms)); }

Case MakeCase(std::string id, Tier tier, Timestamp requested_at) {
  Case c;
  c.id = std::move(id);
  c.tier = tier;
  c.requested_at = requested_at;
  c.tier_reason = "r";
  return c;
}

std::vector<Case> RandomCases(std::mt19937_64& rng, size_t n) {
  std::uniform_int_distribution<int64_t> when(0, int64_t{90} * 24 * 3600 * 1000);
  std::uniform_int_distribution<int> tier(0, 2);
  std::vector<Case> cases(n);
  for (size_t i = 0; i < n; ++i) {
    cases[i].id = "case-" + std::to_string(i);
    cases[i].tier = static_cast<Tier>(tier(rng));
    // Many equal times so ties are exercised.
    cases[i].requested_at = At(when(rng) / 3600000 * 3600000);
    cases[i].tier_reason = "r";
  }
  return cases;
}

TEST(OrderTest, IsAStrictTotalOrder) {
  std::mt19937_64 rng(7);
  const QueuePolicy policy;
  for (int round = 0; round < 50; ++round) {
    auto cases = RandomCases(rng, 60);
    for (const Case& a : cases) {
      EXPECT_FALSE(ServedBefore(a, a, policy));
      for (const Case& b : cases) {
        if (a.id == b.id) continue;
        // Exactly one of the two comes first (totality and antisymmetry).
        EXPECT_NE(ServedBefore(a, b, policy), ServedBefore(b, a, policy)) << a.id << " " << b.id;
        for (const Case& c : cases) {
          if (ServedBefore(a, b, policy) && ServedBefore(b, c, policy)) {
            EXPECT_TRUE(ServedBefore(a, c, policy));
          }
        }
      }
    }
  }
}

TEST(OrderTest, SortingIsDeterministicWhateverTheInputOrder) {
  std::mt19937_64 rng(11);
  const QueuePolicy policy;
  auto cases = RandomCases(rng, 500);
  auto shuffled = cases;
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  SortQueue(cases, policy);
  SortQueue(shuffled, policy);
  for (size_t i = 0; i < cases.size(); ++i) EXPECT_EQ(cases[i].id, shuffled[i].id);
}

TEST(OrderTest, AgeingBoundsTheWait) {
  // No case is ever behind a case requested more than the largest credit
  // after it: new arrivals stop overtaking it, so it cannot wait forever.
  std::mt19937_64 rng(13);
  const QueuePolicy policy;
  const Duration bound = policy.credit[0];
  for (int round = 0; round < 20; ++round) {
    auto cases = RandomCases(rng, 300);
    SortQueue(cases, policy);
    for (size_t i = 0; i < cases.size(); ++i) {
      for (size_t j = 0; j < i; ++j) {
        EXPECT_LE(cases[j].requested_at, cases[i].requested_at + bound)
            << cases[j].id << " overtook " << cases[i].id << " beyond the bound";
      }
    }
  }
}

TEST(OrderTest, TiersAreRespectedWithinTheBound) {
  // A more urgent case is served first unless the less urgent one has
  // waited longer than the difference of their credits.
  std::mt19937_64 rng(17);
  const QueuePolicy policy;
  for (int round = 0; round < 20; ++round) {
    auto cases = RandomCases(rng, 200);
    for (const Case& a : cases) {
      for (const Case& b : cases) {
        if (a.tier >= b.tier) continue;  // a more urgent than b
        const Duration lead =
            policy.credit[static_cast<size_t>(a.tier)] - policy.credit[static_cast<size_t>(b.tier)];
        if (b.requested_at > a.requested_at - lead) {
          EXPECT_TRUE(ServedBefore(a, b, policy)) << a.id << " vs " << b.id;
        }
        if (b.requested_at < a.requested_at - lead) {
          EXPECT_TRUE(ServedBefore(b, a, policy)) << b.id << " aged past " << a.id;
        }
      }
    }
  }
}

TEST(OrderTest, AStandardCaseWaitingLongEnoughOvertakesNewerVulnerableOnes) {
  const QueuePolicy policy;
  const Case old_standard = MakeCase("case-a", Tier::kStandard, At(0));
  const Case new_vulnerable = MakeCase("case-b", Tier::kVulnerable, At(0) + days(8));
  const Case recent_vulnerable = MakeCase("case-c", Tier::kVulnerable, At(0) + days(6));
  EXPECT_TRUE(ServedBefore(old_standard, new_vulnerable, policy));
  EXPECT_TRUE(ServedBefore(recent_vulnerable, old_standard, policy));
}

TEST(OrderTest, ExplainsThePosition) {
  const QueuePolicy policy;
  const Case c = MakeCase("case-a", Tier::kImmediate, At(0));
  EXPECT_EQ(PositionReason(c, policy, At(0) + days(3) + hours(4)).substr(0, 38),
            "tier: immediate danger; waiting 3 d 4 ");
  EXPECT_NE(PositionReason(c, policy, At(0)).find("ahead of vulnerable requests made up to 23 d"),
            std::string::npos);
}

TEST(OrderTest, ParsesDurations) {
  EXPECT_EQ(*ParseDuration("2d"), Duration(days(2)));
  EXPECT_EQ(*ParseDuration("4h"), Duration(hours(4)));
  EXPECT_EQ(*ParseDuration("15min"), Duration(std::chrono::minutes(15)));
  EXPECT_FALSE(ParseDuration("2").ok());
  EXPECT_FALSE(ParseDuration("-2d").ok());
  EXPECT_FALSE(ParseDuration("d").ok());
  EXPECT_FALSE(ParseDuration("2 weeks").ok());
}

}  // namespace
}  // namespace chorus::casework
