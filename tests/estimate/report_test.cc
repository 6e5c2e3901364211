#include "estimate/report.h"

#include <gtest/gtest.h>

#include <limits>

namespace chorus::estimate {
namespace {

TEST(Report, PlainSummaryRoundsOutwardsAndNamesTheDocumented) {
  EXPECT_EQ(PlainSummary(9190, 11850, 10346, 4400, "killings"),
            "between 9,000 and 12,000 killings, most likely 10,300; 4,400 documented");
  EXPECT_EQ(WithThousands(1234567), "1,234,567");
  EXPECT_EQ(WithThousands(12), "12");
  const std::string open =
      PlainSummary(500, std::numeric_limits<double>::infinity(), 900, 400, "victims");
  // Found by UBSan: the infinite width once rounded every number to NaN,
  // printed as -9,223,372,036,854,775,808.
  EXPECT_EQ(open, "at least 500 victims (no upper bound), most likely 900; 400 documented");
  EXPECT_EQ(WithThousands(-1234), "-1,234");
  EXPECT_EQ(WithThousands(std::numeric_limits<int64_t>::min()), "-9,223,372,036,854,775,808");
}

TEST(Report, PlainSummarySuppressesSmallCounts) {
  const std::string text = PlainSummary(5, 14, 8, 3, "victims", 10);
  EXPECT_NE(text.find("fewer than 10 documented"), std::string::npos) << text;
  EXPECT_EQ(text.find(" 3 "), std::string::npos);
}

TEST(Report, SvgHasBarsIntervalAndLabels) {
  PlotInput input;
  input.title = "Kosovo <test>";
  for (int i = 0; i < 1000; ++i) input.values.push_back(9000 + i * 3);
  input.estimate = 10500;
  input.lower = 9100;
  input.upper = 11900;
  input.observed = 4400;
  const std::string svg = PosteriorSvg(input);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_NE(svg.find("Kosovo &lt;test&gt;"), std::string::npos);
  EXPECT_NE(svg.find("estimate 10,500"), std::string::npos);
  EXPECT_NE(svg.find("documented 4,400"), std::string::npos);
  EXPECT_NE(svg.find("9,100 - 11,900"), std::string::npos);
}

}  // namespace
}  // namespace chorus::estimate
