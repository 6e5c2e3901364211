// Corroboration in the record view, on the demo report: the group escape is
// told by the Daily NK article, the local source and the Mokran worker.
#include "records/record_view.h"

#include <gtest/gtest.h>

#include "records_fixture.h"

namespace chorus::records {
namespace {

class RecordViewTest : public RecordsTest {
 protected:
  Result<RecordView> View(const std::string& id) {
    auto reader = vault_->Read();
    if (!reader.ok()) return reader.status();
    return ViewRecord(**reader, id);
  }
};

TEST_F(RecordViewTest, GroupEscapeIsConfirmedByThreeIndependentSources) {
  ASSERT_TRUE(ImportFile(kSeedReportBundle).ok());
  auto view = View("act-group-escape");
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  ASSERT_TRUE(view->corroboration.has_value());
  EXPECT_EQ(view->corroboration->independent_sources, 3);
  EXPECT_EQ(view->corroboration->first_hand_sources, 1);
  EXPECT_EQ(view->corroboration->credibility, core::Credibility::k1);
  EXPECT_EQ(view->corroboration->reason, "confirmed by 3 independent sources, 1 first-hand");
}

TEST_F(RecordViewTest, SingleSourcesAreNotConfirmedAndPeopleAreNotCounted) {
  ASSERT_TRUE(ImportFile(kSeedReportBundle).ok());
  // Told by the local source alone, relayed.
  auto restaurant = View("evt-restaurant-defection-china");
  ASSERT_TRUE(restaurant.ok()) << restaurant.status().ToString();
  ASSERT_TRUE(restaurant->corroboration.has_value());
  EXPECT_EQ(restaurant->corroboration->independent_sources, 1);
  EXPECT_EQ(restaurant->corroboration->credibility, core::Credibility::k4);
  // The recall: the article and the local source, both relayed.
  auto recall = View("act-recall");
  ASSERT_TRUE(recall.ok());
  EXPECT_EQ(recall->corroboration->credibility, core::Credibility::k2);
  EXPECT_EQ(recall->corroboration->reason, "probably true: 2 independent sources, none first-hand");
  // A source record has no corroboration.
  auto source = View("src-dailynk");
  ASSERT_TRUE(source.ok());
  EXPECT_FALSE(source->corroboration.has_value());
}

}  // namespace
}  // namespace chorus::records
