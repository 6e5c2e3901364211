#include "text/search_terms.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace chorus::text {
namespace {

using ::testing::Contains;
using ::testing::Not;

TEST(SearchTerms, FoldsEveryScriptTheSameWayForTextAndQuery) {
  auto terms = SearchTerms("목란은 회사입니다. The MOKRAN workers, Ri Myŏng-su, Санкт-Петербург!");
  EXPECT_THAT(terms, Contains("목란은"));
  EXPECT_THAT(terms, Contains("목란"));  // syllable pair: the particle 은 is attached
  EXPECT_THAT(terms, Contains("mokran"));
  EXPECT_THAT(terms, Contains("myong"));
  EXPECT_THAT(terms, Contains("санкт"));
  EXPECT_THAT(terms, Contains("петербург"));
  EXPECT_THAT(terms, Not(Contains(".")));
  EXPECT_THAT(terms, Not(Contains(",")));
  EXPECT_EQ(SearchTerms("MOKRAN"), SearchTerms("mokran"));
  EXPECT_EQ(SearchTerms("Myŏng"), SearchTerms("Myong"));
}

TEST(SearchTerms, TermsAreUniqueAndEmptyTextHasNone) {
  auto terms = SearchTerms("team team TEAM");
  EXPECT_EQ(terms, std::vector<std::string>{"team"});
  EXPECT_TRUE(SearchTerms("").empty());
  EXPECT_TRUE(SearchTerms(" ... !!! ").empty());
}

}  // namespace
}  // namespace chorus::text
