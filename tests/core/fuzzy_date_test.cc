#include "core/fuzzy_date.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace chorus::core {
namespace {

using ::testing::HasSubstr;

FuzzyDate MustParse(std::string_view text) {
  Result<FuzzyDate> parsed = FuzzyDate::Parse(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.status().ToString();
  return parsed.ok() ? *parsed : FuzzyDate();
}

DayNumber Day(int64_t year, unsigned month, unsigned day) {
  return DaysFromCivil(year, month, day);
}

// ---- Calendar arithmetic ----

TEST(DaysFromCivil, KnownDays) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(1970, 1, 2), 1);
  EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
  EXPECT_EQ(DaysFromCivil(2016, 8, 25), 17038);
  EXPECT_EQ(DaysFromCivil(0, 1, 1), -719528);
  EXPECT_EQ(DaysFromCivil(-1, 12, 31), -719529);
}

TEST(DaysFromCivil, ConsecutiveAcrossFourCenturies) {
  // Walking day by day from 1600 to 2400 must never skip or repeat a number.
  DayNumber expected = DaysFromCivil(1600, 1, 1);
  for (int64_t year = 1600; year < 2400; ++year) {
    for (int month = 1; month <= 12; ++month) {
      for (int day = 1; day <= DaysInMonth(year, month); ++day) {
        ASSERT_EQ(DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)),
                  expected)
            << year << "-" << month << "-" << day;
        ++expected;
      }
    }
  }
}

TEST(Calendar, LeapYears) {
  EXPECT_TRUE(IsLeapYear(2016));
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_TRUE(IsLeapYear(0));
  EXPECT_TRUE(IsLeapYear(-4));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_FALSE(IsLeapYear(2015));
  EXPECT_FALSE(IsLeapYear(-1));
  EXPECT_EQ(DaysInMonth(2016, 2), 29);
  EXPECT_EQ(DaysInMonth(2015, 2), 28);
  EXPECT_EQ(DaysInMonth(2016, 4), 30);
  EXPECT_EQ(DaysInMonth(2016, 12), 31);
}

// ---- Parsing and printing ----

TEST(FuzzyDateParse, CanonicalTextRoundTrips) {
  const std::vector<std::string> valid = {
      // Level 0.
      "2016", "0000", "0999", "2016-08", "2016-08-25", "2016-02-29", "2000-02-29", "1985-04-12",
      "1964/2008", "2004-06/2006-08", "2004-02-01/2005-02-08", "2004-02-01/2005-02",
      "2004-02-01/2005", "2005/2006-02", "2016-08-21/2016-08-31",
      // Level 1: qualifiers.
      "1984?", "2004-06~", "2004-06-11%", "2016-08~", "1984~/2004-06", "1984/2004-06~",
      "1984?/2004%", "2016-08-21~/2016-08-31?",
      // Level 1: unspecified digits.
      "201X", "20XX", "2XXX", "XXXX", "2016-XX", "2016-08-XX", "1985-XX-XX", "201X?", "2016-XX~",
      "2010/201X",
      // Level 1: seasons.
      "2016-21", "2016-22", "2016-23", "2016-24", "2001-21?", "2016-21/2016-23",
      // Level 1: long and negative years.
      "Y170000002", "Y-170000002", "Y10000", "-1985", "-0001", "-1985-04-12", "-1985?",
      "Y-10000/-9999",
      // Level 1: open and unknown ends.
      "2016-08/", "/2016", "../2016", "2016/..", "../1985-04-12", "1985-04-12/..", "1985-04/..",
      "/1985-04-12", "1985-04-12/", "../2016-08~", "2016-XX/"};
  for (const std::string& text : valid) {
    Result<FuzzyDate> parsed = FuzzyDate::Parse(text);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.status().ToString();
    EXPECT_EQ(parsed->ToString(), text);
    // Printing and parsing again gives the same value.
    Result<FuzzyDate> again = FuzzyDate::Parse(parsed->ToString());
    ASSERT_TRUE(again.ok()) << text;
    EXPECT_EQ(*again, *parsed) << text;
  }
}

TEST(FuzzyDateParse, FieldsOfSingleDates) {
  FuzzyDate day = MustParse("2016-08-25");
  EXPECT_FALSE(day.is_interval());
  EXPECT_EQ(day.start(), (EdtfDate{.year = 2016, .month = 8, .day = 25}));

  FuzzyDate decade = MustParse("201X");
  EXPECT_EQ(decade.start().year, 2010);
  EXPECT_EQ(decade.start().year_unspecified, 1);

  FuzzyDate century = MustParse("20XX");
  EXPECT_EQ(century.start().year, 2000);
  EXPECT_EQ(century.start().year_unspecified, 2);

  FuzzyDate month_unknown = MustParse("2016-XX");
  EXPECT_EQ(month_unknown.start().month, 0);
  EXPECT_TRUE(month_unknown.start().month_unspecified);
  EXPECT_FALSE(month_unknown.start().day_unspecified);

  FuzzyDate day_unknown = MustParse("2016-08-XX");
  EXPECT_EQ(day_unknown.start().month, 8);
  EXPECT_TRUE(day_unknown.start().day_unspecified);

  FuzzyDate both = MustParse("2004-06-11%");
  EXPECT_TRUE(both.start().approximate);
  EXPECT_TRUE(both.start().uncertain);
  FuzzyDate approx = MustParse("2016-08~");
  EXPECT_TRUE(approx.start().approximate);
  EXPECT_FALSE(approx.start().uncertain);
  FuzzyDate uncertain = MustParse("1984?");
  EXPECT_FALSE(uncertain.start().approximate);
  EXPECT_TRUE(uncertain.start().uncertain);

  EXPECT_EQ(MustParse("2016-24").start().month, 24);
  EXPECT_EQ(MustParse("Y170000002").start().year, 170000002);
  EXPECT_EQ(MustParse("Y-170000002").start().year, -170000002);
  EXPECT_EQ(MustParse("-1985").start().year, -1985);
}

TEST(FuzzyDateParse, FieldsOfIntervals) {
  FuzzyDate closed = MustParse("2016-08-21/2016-08-31");
  EXPECT_TRUE(closed.is_interval());
  EXPECT_EQ(closed.start_kind(), FuzzyDate::EndKind::kDate);
  EXPECT_EQ(closed.end_kind(), FuzzyDate::EndKind::kDate);
  EXPECT_EQ(closed.start().day, 21);
  EXPECT_EQ(closed.end().day, 31);

  FuzzyDate unknown_end = MustParse("2016-08/");
  EXPECT_EQ(unknown_end.start_kind(), FuzzyDate::EndKind::kDate);
  EXPECT_EQ(unknown_end.end_kind(), FuzzyDate::EndKind::kUnknown);

  FuzzyDate open_start = MustParse("../2016");
  EXPECT_EQ(open_start.start_kind(), FuzzyDate::EndKind::kOpen);
  EXPECT_EQ(open_start.end_kind(), FuzzyDate::EndKind::kDate);
  EXPECT_EQ(open_start.end().year, 2016);

  FuzzyDate unknown_start = MustParse("/2016");
  EXPECT_EQ(unknown_start.start_kind(), FuzzyDate::EndKind::kUnknown);

  // A single date and the one-day interval are different values.
  EXPECT_NE(MustParse("2016"), MustParse("2016/2016"));
}

struct Reject {
  std::string text;
  std::string message;  // a part of the error message
};

TEST(FuzzyDateParse, RejectsMalformedTextWithClearMessages) {
  const std::vector<Reject> rejects = {
      {"", "empty text"},
      {"2016-13", "month 13 out of range"},
      {"2016-00", "month 0 out of range"},
      {"2016-25", "month 25 out of range"},
      {"2016-04-31", "day 31 out of range for April 2016"},
      {"2015-02-29", "day 29 out of range for February 2015"},
      {"1900-02-29", "day 29 out of range for February 1900"},
      {"2016-08-00", "day 0 out of range"},
      {"2016-08-32", "day 32 out of range"},
      {"2016-8", "month must have two digits"},
      {"2016-8-01", "month must have two digits"},
      {"2016-08-1", "day must have two digits"},
      {"2016-081", "too many digits"},
      {"16", "year must have four digits"},
      {"201", "year must have four digits"},
      {"12016", "need the 'Y' prefix"},
      {"2016x", "unexpected 'x' after the date"},
      {"2016-08-25 ", "unexpected ' ' after the date"},
      {"2016-08-25T10:00:00Z", "times of day are not supported"},
      {"2016-08-25-01", "unexpected '-01' after the date"},
      {"August 2016", "expected a year"},
      {"2016-", "month must have two digits"},
      {"2016?~", "more than one qualifier"},
      {"?", "qualifier without a date"},
      {"2016~-08", "unexpected '~-08'"},
      {"2X16", "unspecified year digits must be the last ones"},
      {"201X-08", "unspecified digits cannot have a month"},
      {"2016-1X", "a month must be all digits or 'XX'"},
      {"2016-08-3X", "a day must be all digits or 'XX'"},
      {"2016-XX-15", "a day needs a known month"},
      {"2016-21-05", "a season cannot have a day"},
      {"Y2016", "more than four digits"},
      {"Y012345", "cannot start with 0"},
      {"Y170000002-01", "cannot have a month or day"},
      {"Y1234567890123456", "year too large"},
      {"-0000", "year -0000"},
      {"-201X", "negative year cannot have unspecified digits"},
      {"..", "only allowed as an interval end"},
      {"/", "at least one date"},
      {"../..", "at least one date"},
      {"../", "at least one date"},
      {"2016/2017/2018", "exactly one '/'"},
      {"2017/2016", "interval start '2017' is after its end '2016'"},
      {"2016-08-31/2016-08-21", "is after its end"},
      {"2016-13/2017", "month 13 out of range"},
      {"2016/2017-02-30", "day 30 out of range for February 2017"},
      {"2016/...", "expected a year"},
  };
  for (const Reject& reject : rejects) {
    Result<FuzzyDate> parsed = FuzzyDate::Parse(reject.text);
    ASSERT_FALSE(parsed.ok()) << "accepted '" << reject.text << "' as " << parsed->ToString();
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << reject.text;
    // The message names the whole input and what is wrong with it.
    EXPECT_THAT(parsed.status().message(), HasSubstr("edtf '" + reject.text + "'"));
    EXPECT_THAT(parsed.status().message(), HasSubstr(reject.message)) << reject.text;
  }
}

TEST(FuzzyDateParse, LongInputIsShortenedInMessages) {
  const std::string junk(500, 'z');
  Result<FuzzyDate> parsed = FuzzyDate::Parse("2016" + junk);
  ASSERT_FALSE(parsed.ok());
  EXPECT_LT(parsed.status().message().size(), 250u);
}

// Every string of up to 5 characters over an EDTF-ish alphabet, and every
// 4-character tail after "2016-": whatever the parser accepts must print back
// exactly (the parser takes canonical text only) and have an ordered span.
TEST(FuzzyDateParse, ExhaustiveShortStringsAreCanonicalOrRejected) {
  constexpr std::string_view kAlphabet = "0129X-/.~?%Y";
  size_t accepted = 0;
  size_t tried = 0;
  auto check = [&](const std::string& text) {
    ++tried;
    Result<FuzzyDate> parsed = FuzzyDate::Parse(text);
    if (!parsed.ok()) {
      ASSERT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << text;
      return;
    }
    ++accepted;
    ASSERT_EQ(parsed->ToString(), text);
    const std::optional<DayNumber> lo = parsed->earliest_day();
    const std::optional<DayNumber> hi = parsed->latest_day();
    if (lo && hi) {
      ASSERT_LE(*lo, *hi) << text;
    }
    ASSERT_TRUE(parsed->Contains(*parsed)) << text;
    ASSERT_TRUE(parsed->Overlaps(*parsed)) << text;
  };
  std::string text;
  auto extend = [&](auto& self, const std::string& prefix, size_t more) -> void {
    check(prefix);
    if (more == 0) return;
    for (char c : kAlphabet) self(self, prefix + c, more - 1);
  };
  extend(extend, "", 5);
  extend(extend, "2016-", 4);
  EXPECT_GT(tried, 290000u);
  EXPECT_GT(accepted, 100u);  // the alphabet does reach valid dates
}

// ---- Spans ----

TEST(FuzzyDateSpan, YearMonthDay) {
  FuzzyDate year = MustParse("2016");
  EXPECT_EQ(year.earliest_day(), Day(2016, 1, 1));
  EXPECT_EQ(year.latest_day(), Day(2016, 12, 31));

  FuzzyDate day = MustParse("2016-08-25");
  EXPECT_EQ(day.earliest_day(), Day(2016, 8, 25));
  EXPECT_EQ(day.latest_day(), Day(2016, 8, 25));

  FuzzyDate august = MustParse("2016-08");
  EXPECT_EQ(august.earliest_day(), Day(2016, 8, 1));
  EXPECT_EQ(august.latest_day(), Day(2016, 8, 31));
}

TEST(FuzzyDateSpan, FebruaryFollowsLeapYears) {
  EXPECT_EQ(MustParse("2016-02").latest_day(), Day(2016, 2, 29));
  EXPECT_EQ(MustParse("2015-02").latest_day(), Day(2015, 2, 28));
  EXPECT_EQ(MustParse("2000-02").latest_day(), Day(2000, 2, 29));
  EXPECT_EQ(MustParse("1900-02").latest_day(), Day(1900, 2, 28));
  EXPECT_EQ(*MustParse("2016-02").latest_day() - *MustParse("2016-02").earliest_day(), 28);
  EXPECT_EQ(*MustParse("2016").latest_day() - *MustParse("2016").earliest_day(), 365);
  EXPECT_EQ(*MustParse("2015").latest_day() - *MustParse("2015").earliest_day(), 364);
}

TEST(FuzzyDateSpan, UnspecifiedDigitsWidenTheSpan) {
  FuzzyDate decade = MustParse("201X");
  EXPECT_EQ(decade.earliest_day(), Day(2010, 1, 1));
  EXPECT_EQ(decade.latest_day(), Day(2019, 12, 31));

  FuzzyDate century = MustParse("20XX");
  EXPECT_EQ(century.earliest_day(), Day(2000, 1, 1));
  EXPECT_EQ(century.latest_day(), Day(2099, 12, 31));

  FuzzyDate month = MustParse("2016-XX");
  EXPECT_EQ(month.earliest_day(), Day(2016, 1, 1));
  EXPECT_EQ(month.latest_day(), Day(2016, 12, 31));

  FuzzyDate day = MustParse("2016-02-XX");
  EXPECT_EQ(day.earliest_day(), Day(2016, 2, 1));
  EXPECT_EQ(day.latest_day(), Day(2016, 2, 29));
}

TEST(FuzzyDateSpan, QualifiersDoNotWidenTheSpan) {
  EXPECT_EQ(MustParse("2016~").earliest_day(), MustParse("2016").earliest_day());
  EXPECT_EQ(MustParse("2016%").latest_day(), MustParse("2016").latest_day());
  EXPECT_EQ(MustParse("2016-08?").latest_day(), Day(2016, 8, 31));
}

TEST(FuzzyDateSpan, SeasonsCoverThreeMonths) {
  EXPECT_EQ(MustParse("2016-21").earliest_day(), Day(2016, 3, 1));
  EXPECT_EQ(MustParse("2016-21").latest_day(), Day(2016, 5, 31));
  EXPECT_EQ(MustParse("2016-22").earliest_day(), Day(2016, 6, 1));
  EXPECT_EQ(MustParse("2016-22").latest_day(), Day(2016, 8, 31));
  EXPECT_EQ(MustParse("2016-23").earliest_day(), Day(2016, 9, 1));
  EXPECT_EQ(MustParse("2016-23").latest_day(), Day(2016, 11, 30));
  // Winter runs into the next year's February, which is a leap one here.
  EXPECT_EQ(MustParse("2015-24").earliest_day(), Day(2015, 12, 1));
  EXPECT_EQ(MustParse("2015-24").latest_day(), Day(2016, 2, 29));
  EXPECT_EQ(MustParse("2016-24").latest_day(), Day(2017, 2, 28));
}

TEST(FuzzyDateSpan, Intervals) {
  FuzzyDate late_august = MustParse("2016-08-21/2016-08-31");
  EXPECT_EQ(late_august.earliest_day(), Day(2016, 8, 21));
  EXPECT_EQ(late_august.latest_day(), Day(2016, 8, 31));

  // An interval's ends keep their own precision: from the start of June 2004
  // to the end of August 2006.
  FuzzyDate months = MustParse("2004-06/2006-08");
  EXPECT_EQ(months.earliest_day(), Day(2004, 6, 1));
  EXPECT_EQ(months.latest_day(), Day(2006, 8, 31));

  FuzzyDate unknown_end = MustParse("2016-08/");
  EXPECT_EQ(unknown_end.earliest_day(), Day(2016, 8, 1));
  EXPECT_EQ(unknown_end.latest_day(), std::nullopt);

  FuzzyDate open_end = MustParse("2016/..");
  EXPECT_EQ(open_end.earliest_day(), Day(2016, 1, 1));
  EXPECT_EQ(open_end.latest_day(), std::nullopt);

  FuzzyDate unknown_start = MustParse("/2016");
  EXPECT_EQ(unknown_start.earliest_day(), std::nullopt);
  EXPECT_EQ(unknown_start.latest_day(), Day(2016, 12, 31));

  FuzzyDate open_start = MustParse("../2016-08-25");
  EXPECT_EQ(open_start.earliest_day(), std::nullopt);
  EXPECT_EQ(open_start.latest_day(), Day(2016, 8, 25));

  // Overlapping ends are allowed: a day inside the month that ends it.
  FuzzyDate inside = MustParse("2016-08-15/2016-08");
  EXPECT_EQ(inside.earliest_day(), Day(2016, 8, 15));
  EXPECT_EQ(inside.latest_day(), Day(2016, 8, 31));
}

TEST(FuzzyDateSpan, LongAndNegativeYears) {
  FuzzyDate far = MustParse("Y170000002");
  EXPECT_EQ(far.earliest_day(), DaysFromCivil(170000002, 1, 1));
  EXPECT_EQ(*far.latest_day() - *far.earliest_day(), 364);  // 170000002 is not a leap year
  FuzzyDate bce = MustParse("-1985");
  EXPECT_EQ(bce.earliest_day(), DaysFromCivil(-1985, 1, 1));
  EXPECT_LT(*bce.latest_day(), *MustParse("0000").earliest_day());
  EXPECT_TRUE(MustParse("-1985/2016").Contains(MustParse("0000")));
}

// ---- Comparisons ----

TEST(FuzzyDateCompare, Overlaps) {
  const FuzzyDate august = MustParse("2016-08");
  EXPECT_TRUE(august.Overlaps(MustParse("2016-08-31")));
  EXPECT_TRUE(august.Overlaps(MustParse("2016")));
  EXPECT_TRUE(august.Overlaps(MustParse("2016-22")));  // summer
  EXPECT_TRUE(august.Overlaps(MustParse("2016-08-31/2016-09-10")));
  EXPECT_FALSE(august.Overlaps(MustParse("2016-09-01")));
  EXPECT_FALSE(august.Overlaps(MustParse("2016-23")));  // autumn
  EXPECT_FALSE(august.Overlaps(MustParse("2015")));
  EXPECT_TRUE(august.Overlaps(MustParse("201X")));
  EXPECT_FALSE(august.Overlaps(MustParse("200X")));
  // Unbounded ends reach everything on their side.
  EXPECT_FALSE(august.Overlaps(MustParse("../1999")));
  EXPECT_TRUE(august.Overlaps(MustParse("../2016-08-01")));
  EXPECT_TRUE(august.Overlaps(MustParse("2000/")));
  EXPECT_FALSE(august.Overlaps(MustParse("2016-09/..")));
  EXPECT_TRUE(MustParse("../2000").Overlaps(MustParse("1999/..")));
  EXPECT_FALSE(MustParse("../1998").Overlaps(MustParse("1999/..")));
  EXPECT_TRUE(MustParse("/2000").Overlaps(MustParse("/1900")));
  // Symmetric.
  EXPECT_EQ(MustParse("2016-09-01").Overlaps(august), august.Overlaps(MustParse("2016-09-01")));
}

TEST(FuzzyDateCompare, Contains) {
  const FuzzyDate year = MustParse("2016");
  EXPECT_TRUE(year.Contains(MustParse("2016-08")));
  EXPECT_TRUE(year.Contains(MustParse("2016-08-21/2016-08-31")));
  EXPECT_TRUE(year.Contains(year));
  EXPECT_FALSE(year.Contains(MustParse("2016-24")));  // winter reaches February 2017
  EXPECT_FALSE(year.Contains(MustParse("2015-24")));  // starts December 2015
  EXPECT_FALSE(MustParse("2016-08").Contains(year));
  EXPECT_TRUE(MustParse("201X").Contains(year));
  EXPECT_FALSE(year.Contains(MustParse("2016/..")));
  EXPECT_TRUE(MustParse("2000/..").Contains(MustParse("2016/..")));
  EXPECT_FALSE(MustParse("2000/..").Contains(MustParse("../2016")));
  EXPECT_TRUE(MustParse("/2020").Contains(MustParse("../2016")));
}

TEST(FuzzyDateCompare, CanInclude) {
  const FuzzyDate late_august = MustParse("2016-08-21/2016-08-31");
  EXPECT_TRUE(late_august.CanInclude(Day(2016, 8, 21)));
  EXPECT_TRUE(late_august.CanInclude(Day(2016, 8, 31)));
  EXPECT_FALSE(late_august.CanInclude(Day(2016, 8, 20)));
  EXPECT_FALSE(late_august.CanInclude(Day(2016, 9, 1)));
  EXPECT_TRUE(MustParse("2016-08/").CanInclude(Day(2030, 1, 1)));
  EXPECT_FALSE(MustParse("2016-08/").CanInclude(Day(2016, 7, 31)));
  EXPECT_TRUE(MustParse("../2016").CanInclude(Day(1000, 1, 1)));
  EXPECT_TRUE(MustParse("2016-02").CanInclude(Day(2016, 2, 29)));
}

// ---- Words ----

TEST(DescribeFuzzyDate, SingleDates) {
  EXPECT_EQ(DescribeFuzzyDate(MustParse("2016")), "2016");
  EXPECT_EQ(DescribeFuzzyDate(MustParse("2016-08")), "August 2016");
  EXPECT_EQ(DescribeFuzzyDate(MustParse("2016-08-25")), "25 August 2016");
  EXPECT_EQ(DescribeFuzzyDate(MustParse("2016-01-05")), "5 January 2016");
  EXPECT_EQ(DescribeFuzzyDate(MustParse("2016~")), "about 2016");
  EXPECT_EQ(DescribeFuzzyDate(MustParse("2016-08?")), "August 2016 (uncertain)");
  EXPECT_EQ(DescribeFuzzyDate(MustParse("2016-08%")), "about August 2016 (uncertain)");
  EXPECT_EQ(DescribeFuzzyDate(MustParse("201X")), "2010s (year unspecified)");
  EXPECT_EQ(DescribeFuzzyDate(MustParse("20XX")),
            "a year from 2000 to 2099 (last 2 digits unspecified)");
  EXPECT_EQ(DescribeFuzzyDate(MustParse("2016-XX")), "2016 (month unspecified)");
  EXPECT_EQ(DescribeFuzzyDate(MustParse("2016-XX-XX")), "2016 (month and day unspecified)");
  EXPECT_EQ(DescribeFuzzyDate(MustParse("2016-08-XX")), "August 2016 (day unspecified)");
  EXPECT_EQ(DescribeFuzzyDate(MustParse("201X?")), "2010s (year unspecified; uncertain)");
  EXPECT_EQ(DescribeFuzzyDate(MustParse("2016-21")), "spring 2016");
  EXPECT_EQ(DescribeFuzzyDate(MustParse("2016-23~")), "about autumn 2016");
  EXPECT_EQ(DescribeFuzzyDate(MustParse("2016-24")),
            "winter 2016 (December 2016 to February 2017)");
  EXPECT_EQ(DescribeFuzzyDate(MustParse("-1985")), "1986 BCE");
  EXPECT_EQ(DescribeFuzzyDate(MustParse("Y170000002")), "170000002");
}

TEST(DescribeFuzzyDate, Intervals) {
  EXPECT_EQ(DescribeFuzzyDate(MustParse("2016-08-21/2016-08-31")),
            "between 21 August 2016 and 31 August 2016");
  EXPECT_EQ(DescribeFuzzyDate(MustParse("2016-08/")), "from August 2016, end unknown");
  EXPECT_EQ(DescribeFuzzyDate(MustParse("2016-08/..")), "from August 2016 onwards");
  EXPECT_EQ(DescribeFuzzyDate(MustParse("../2016")), "until 2016");
  EXPECT_EQ(DescribeFuzzyDate(MustParse("/2016")), "until 2016, start unknown");
  EXPECT_EQ(DescribeFuzzyDate(MustParse("2004~/2006-08?")),
            "between about 2004 and August 2006 (uncertain)");
}

}  // namespace
}  // namespace chorus::core
