#include "core/corroboration.h"

#include <gtest/gtest.h>

#include <vector>

namespace chorus::core {
namespace {

Report R(std::string id, std::string source, Knowledge knowledge) {
  Report r;
  r.id = std::move(id);
  r.source_id = std::move(source);
  r.knowledge = knowledge;
  return r;
}

TEST(Corroborate, NoReportCannotBeJudged) {
  const Corroboration c = Corroborate({});
  EXPECT_EQ(c.independent_sources, 0);
  EXPECT_EQ(c.credibility, Credibility::k6);
}

TEST(Corroborate, SeveralReportsFromOneSourceCountOnce) {
  const std::vector<Report> reports = {R("a", "informant", Knowledge::kFirstHandWitness),
                                       R("b", "informant", Knowledge::kFirstHandWitness),
                                       R("c", "informant", Knowledge::kRelayedThirdParty)};
  const Corroboration c = Corroborate(reports);
  EXPECT_EQ(c.reports, 3);
  EXPECT_EQ(c.independent_sources, 1);
  EXPECT_EQ(c.first_hand_sources, 1);
  EXPECT_EQ(c.credibility, Credibility::k3);
  EXPECT_EQ(c.reason,
            "possibly true: one first-hand source, not confirmed by another (3 reports, several "
            "from one source)");
}

TEST(Corroborate, RelayedCountsLessThanFirstHand) {
  // Two first-hand sources confirm; two relayed ones only make it probable.
  const std::vector<Report> first_hand = {R("a", "s1", Knowledge::kFirstHandVictim),
                                          R("b", "s2", Knowledge::kFirstHandWitness)};
  const std::vector<Report> relayed = {R("a", "s1", Knowledge::kRelayedMedia),
                                       R("b", "s2", Knowledge::kRelayedThirdParty)};
  EXPECT_EQ(Corroborate(first_hand).credibility, Credibility::k1);
  EXPECT_DOUBLE_EQ(Corroborate(first_hand).weight, 2.0);
  EXPECT_EQ(Corroborate(relayed).credibility, Credibility::k2);
  EXPECT_DOUBLE_EQ(Corroborate(relayed).weight, 1.0);
  EXPECT_EQ(Corroborate(relayed).reason, "probably true: 2 independent sources, none first-hand");
  // One first-hand and one relayed: 1.5, still short of confirmed.
  const std::vector<Report> mixed = {R("a", "s1", Knowledge::kFirstHandVictim),
                                     R("b", "s2", Knowledge::kRelayedMedia)};
  EXPECT_EQ(Corroborate(mixed).credibility, Credibility::k2);
}

TEST(Corroborate, ConfirmedByThreeOneFirstHand) {
  const std::vector<Report> reports = {R("article", "outlet", Knowledge::kRelayedThirdParty),
                                       R("local", "local", Knowledge::kRelayedThirdParty),
                                       R("worker", "worker", Knowledge::kFirstHandWitness)};
  const Corroboration c = Corroborate(reports);
  EXPECT_EQ(c.credibility, Credibility::k1);
  EXPECT_EQ(c.reason, "confirmed by 3 independent sources, 1 first-hand");
}

TEST(Corroborate, SingleRelayedSourceIsDoubtfulAndUnattributedReportsStandAlone) {
  EXPECT_EQ(Corroborate(std::vector<Report>{R("a", "s", Knowledge::kRelayedMedia)}).credibility,
            Credibility::k4);
  // Two reports without a source: two sources, not one.
  const std::vector<Report> unattributed = {R("a", "", Knowledge::kFirstHandWitness),
                                            R("b", "", Knowledge::kFirstHandWitness)};
  EXPECT_EQ(Corroborate(unattributed).independent_sources, 2);
}

}  // namespace
}  // namespace chorus::core
