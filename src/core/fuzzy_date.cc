// EDTF levels 0 and 1: a strict parser that accepts only canonical text (so
// printing gives back the input), day spans and their comparisons.
#include "core/fuzzy_date.h"

#include <array>
#include <cstddef>
#include <limits>
#include <utility>
#include <vector>

namespace chorus::core {
namespace {

// Longest year Chorus accepts after "Y": keeps every day number computed
// below far from int64 overflow (1e15 years is about 3.7e17 days).
constexpr size_t kMaxLongYearDigits = 15;
// Longest input echoed back in an error message.
constexpr size_t kMaxEchoedChars = 64;

constexpr std::array<std::string_view, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string Echo(std::string_view text) {
  if (text.size() <= kMaxEchoedChars) return std::string(text);
  return std::string(text.substr(0, kMaxEchoedChars)) + "...";
}

Status Invalid(std::string_view text, std::string_view what) {
  return Status::InvalidArgument("edtf '" + Echo(text) + "': " + std::string(what));
}

int64_t Pow10(int exponent) {
  int64_t value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return value;
}

// The inclusive day span of one date.
struct Span {
  DayNumber first = 0;
  DayNumber last = 0;
};

DayNumber LastDayOfMonth(int64_t year, int month) {
  return DaysFromCivil(year, static_cast<unsigned>(month),
                       static_cast<unsigned>(DaysInMonth(year, month)));
}

Span SpanOf(const EdtfDate& date) {
  const int64_t year_lo = date.year;
  const int64_t year_hi = date.year + Pow10(date.year_unspecified) - 1;
  if (date.month == 0 || date.month_unspecified) {
    return {DaysFromCivil(year_lo, 1, 1), DaysFromCivil(year_hi, 12, 31)};
  }
  if (date.month >= 21) {
    switch (date.month) {
      case 21:
        return {DaysFromCivil(date.year, 3, 1), LastDayOfMonth(date.year, 5)};
      case 22:
        return {DaysFromCivil(date.year, 6, 1), LastDayOfMonth(date.year, 8)};
      case 23:
        return {DaysFromCivil(date.year, 9, 1), LastDayOfMonth(date.year, 11)};
      default:
        return {DaysFromCivil(date.year, 12, 1), LastDayOfMonth(date.year + 1, 2)};
    }
  }
  const auto month = static_cast<unsigned>(date.month);
  if (date.day == 0 || date.day_unspecified) {
    return {DaysFromCivil(date.year, month, 1), LastDayOfMonth(date.year, date.month)};
  }
  const DayNumber day = DaysFromCivil(date.year, month, static_cast<unsigned>(date.day));
  return {day, day};
}

// Reads one EDTF date (no '/') from `s`; `text` is the whole input, for
// messages.
class DateParser {
 public:
  DateParser(std::string_view s, std::string_view text) : s_(s), text_(text) {}

  Result<EdtfDate> Parse() {
    EdtfDate date;
    if (s_.empty()) return Invalid(text_, "empty date");
    CHORUS_RETURN_IF_ERROR(ParseQualifier(date));
    if (s_.empty()) return Invalid(text_, "qualifier without a date");
    if (s_.front() == 'Y') {
      CHORUS_RETURN_IF_ERROR(ParseLongYear(date));
      if (pos_ < s_.size()) {
        if (s_[pos_] == '-') return Invalid(text_, "a 'Y' year cannot have a month or day");
        return Trailing();
      }
      return date;
    }
    CHORUS_RETURN_IF_ERROR(ParseYear(date));
    if (pos_ == s_.size()) return date;
    if (s_[pos_] != '-') return Trailing();
    ++pos_;
    CHORUS_RETURN_IF_ERROR(ParseMonth(date));
    if (pos_ == s_.size()) return date;
    if (s_[pos_] != '-') return Trailing();
    ++pos_;
    CHORUS_RETURN_IF_ERROR(ParseDay(date));
    if (pos_ == s_.size()) return date;
    return Trailing();
  }

 private:
  // Strips the one trailing qualifier, if any, off s_.
  Status ParseQualifier(EdtfDate& date) {
    const char last = s_.back();
    if (last != '?' && last != '~' && last != '%') return Status::Ok();
    s_.remove_suffix(1);
    if (!s_.empty()) {
      const char before = s_.back();
      if (before == '?' || before == '~' || before == '%') {
        return Invalid(text_, "more than one qualifier (use '%' for approximate and uncertain)");
      }
    }
    date.approximate = last == '~' || last == '%';
    date.uncertain = last == '?' || last == '%';
    return Status::Ok();
  }

  Status ParseLongYear(EdtfDate& date) {
    pos_ = 1;
    const bool negative = pos_ < s_.size() && s_[pos_] == '-';
    if (negative) ++pos_;
    const size_t start = pos_;
    while (pos_ < s_.size() && IsDigit(s_[pos_])) ++pos_;
    const size_t digits = pos_ - start;
    if (digits <= 4) return Invalid(text_, "a 'Y' year needs more than four digits");
    if (s_[start] == '0') return Invalid(text_, "a 'Y' year cannot start with 0");
    if (digits > kMaxLongYearDigits) return Invalid(text_, "year too large");
    int64_t value = 0;
    for (size_t i = start; i < pos_; ++i) value = value * 10 + (s_[i] - '0');
    date.year = negative ? -value : value;
    return Status::Ok();
  }

  Status ParseYear(EdtfDate& date) {
    const bool negative = s_[pos_] == '-';
    if (negative) ++pos_;
    const size_t start = pos_;
    while (pos_ < s_.size() && (IsDigit(s_[pos_]) || s_[pos_] == 'X')) ++pos_;
    const size_t length = pos_ - start;
    if (length == 0) return Invalid(text_, "expected a year");
    if (length < 4) return Invalid(text_, "year must have four digits");
    if (length > 4) return Invalid(text_, "years of more than four digits need the 'Y' prefix");
    int64_t value = 0;
    int unspecified = 0;
    for (size_t i = start; i < pos_; ++i) {
      if (s_[i] == 'X') {
        ++unspecified;
        value *= 10;
      } else {
        if (unspecified > 0) return Invalid(text_, "unspecified year digits must be the last ones");
        value = value * 10 + (s_[i] - '0');
      }
    }
    if (negative && unspecified > 0) {
      return Invalid(text_, "a negative year cannot have unspecified digits");
    }
    if (negative && value == 0) return Invalid(text_, "year -0000 is not allowed (use 0000)");
    date.year = negative ? -value : value;
    date.year_unspecified = unspecified;
    return Status::Ok();
  }

  Status ParseMonth(EdtfDate& date) {
    const std::string_view field = TwoChars();
    if (field.size() < 2 || !IsTwoDigitField(field)) {
      return Invalid(text_, "month must have two digits");
    }
    if (date.year_unspecified > 0) {
      return Invalid(text_, "a year with unspecified digits cannot have a month");
    }
    if (field == "XX") {
      date.month_unspecified = true;
      return Status::Ok();
    }
    if (field[0] == 'X' || field[1] == 'X') {
      return Invalid(text_, "a month must be all digits or 'XX'");
    }
    const int month = (field[0] - '0') * 10 + (field[1] - '0');
    if (!((month >= 1 && month <= 12) || (month >= 21 && month <= 24))) {
      return Invalid(text_, "month " + std::to_string(month) + " out of range");
    }
    date.month = month;
    return Status::Ok();
  }

  Status ParseDay(EdtfDate& date) {
    const std::string_view field = TwoChars();
    if (field.size() < 2 || !IsTwoDigitField(field)) {
      return Invalid(text_, "day must have two digits");
    }
    if (date.month >= 21) return Invalid(text_, "a season cannot have a day");
    if (field == "XX") {
      date.day_unspecified = true;
      return Status::Ok();
    }
    if (field[0] == 'X' || field[1] == 'X')
      return Invalid(text_, "a day must be all digits or 'XX'");
    if (date.month_unspecified) {
      return Invalid(text_, "a day needs a known month (use 'XX' for the day too)");
    }
    const int day = (field[0] - '0') * 10 + (field[1] - '0');
    if (day < 1 || day > 31) return Invalid(text_, "day " + std::to_string(day) + " out of range");
    const int days_in_month = DaysInMonth(date.year, date.month);
    if (day > days_in_month) {
      return Invalid(text_, "day " + std::to_string(day) + " out of range for " +
                                std::string(kMonthNames[static_cast<size_t>(date.month - 1)]) +
                                " " + std::to_string(date.year));
    }
    date.day = day;
    return Status::Ok();
  }

  // The next up-to-two characters of the field, stopping at '-'; advances.
  std::string_view TwoChars() {
    const size_t start = pos_;
    while (pos_ < s_.size() && pos_ - start < 2 && s_[pos_] != '-') ++pos_;
    return s_.substr(start, pos_ - start);
  }

  static bool IsTwoDigitField(std::string_view field) {
    for (char c : field) {
      if (!IsDigit(c) && c != 'X') return false;
    }
    return true;
  }

  Status Trailing() const {
    const std::string_view rest = s_.substr(pos_);
    if (!rest.empty() && rest.front() == 'T') {
      return Invalid(text_, "times of day are not supported, give the date only");
    }
    if (!rest.empty() && IsDigit(rest.front())) {
      return Invalid(text_, "too many digits in '" + Echo(s_) + "'");
    }
    return Invalid(text_, "unexpected '" + Echo(rest) + "' after the date");
  }

  std::string_view s_;
  std::string_view text_;
  size_t pos_ = 0;
};

void AppendDate(const EdtfDate& date, std::string& out) {
  const int64_t magnitude = date.year < 0 ? -date.year : date.year;
  if (magnitude > 9999) {
    out += 'Y';
    out += std::to_string(date.year);
  } else {
    if (date.year < 0) out += '-';
    std::string digits = std::to_string(magnitude);
    digits.insert(0, 4 - digits.size(), '0');
    for (int i = 0; i < date.year_unspecified && i < 4; ++i)
      digits[3 - static_cast<size_t>(i)] = 'X';
    out += digits;
  }
  auto append_two = [&out](int value) {
    out += '-';
    out += static_cast<char>('0' + value / 10);
    out += static_cast<char>('0' + value % 10);
  };
  if (date.month_unspecified) {
    out += "-XX";
  } else if (date.month != 0) {
    append_two(date.month);
  }
  if (date.day_unspecified) {
    out += "-XX";
  } else if (date.day != 0) {
    append_two(date.day);
  }
  if (date.approximate && date.uncertain) {
    out += '%';
  } else if (date.approximate) {
    out += '~';
  } else if (date.uncertain) {
    out += '?';
  }
}

std::string YearWords(int64_t year) {
  if (year >= 1) return std::to_string(year);
  return std::to_string(1 - year) + " BCE";  // EDTF year 0 is 1 BCE
}

// English words for one date, qualifiers included.
std::string DescribeDate(const EdtfDate& date) {
  std::string words;
  std::vector<std::string> notes;
  const std::string year = YearWords(date.year);
  if (date.year_unspecified == 1) {
    words = year + "s";
    notes.push_back("year unspecified");
  } else if (date.year_unspecified > 1) {
    words =
        "a year from " + year + " to " + YearWords(date.year + Pow10(date.year_unspecified) - 1);
    notes.push_back("last " + std::to_string(date.year_unspecified) + " digits unspecified");
  } else if (date.month_unspecified) {
    words = year;
    notes.push_back(date.day_unspecified ? "month and day unspecified" : "month unspecified");
  } else if (date.month >= 21) {
    static constexpr std::array<std::string_view, 4> kSeasons = {"spring", "summer", "autumn",
                                                                 "winter"};
    words = std::string(kSeasons[static_cast<size_t>(date.month - 21)]) + " " + year;
    if (date.month == 24) {
      words += " (December " + year + " to February " + YearWords(date.year + 1) + ")";
    }
  } else if (date.month != 0) {
    const std::string month(kMonthNames[static_cast<size_t>(date.month - 1)]);
    if (date.day != 0) {
      words = std::to_string(date.day) + " " + month + " " + year;
    } else {
      words = month + " " + year;
      if (date.day_unspecified) notes.push_back("day unspecified");
    }
  } else {
    words = year;
  }
  if (date.uncertain) notes.push_back("uncertain");
  if (date.approximate) words = "about " + words;
  if (!notes.empty()) {
    words += " (";
    for (size_t i = 0; i < notes.size(); ++i) {
      if (i > 0) words += "; ";
      words += notes[i];
    }
    words += ")";
  }
  return words;
}

}  // namespace

bool IsLeapYear(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int64_t year, int month) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[static_cast<size_t>(month - 1)];
}

// Counts whole 400-year eras (146097 days each) from 0000-03-01, then days
// within the era with the year starting in March so that the leap day falls
// last; 719468 is the day number of 1970-01-01 in that count.
DayNumber DaysFromCivil(int64_t year, unsigned month, unsigned day) {
  const int64_t y = month <= 2 ? year - 1 : year;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t year_of_era = y - era * 400;  // [0, 399]
  const int64_t m = static_cast<int64_t>(month);
  const int64_t day_of_year =
      (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + static_cast<int64_t>(day) - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

Result<FuzzyDate> FuzzyDate::Parse(std::string_view text) {
  FuzzyDate result;
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    if (text.empty()) return Invalid(text, "empty text is not a date");
    if (text == "..") return Invalid(text, "'..' is only allowed as an interval end");
    CHORUS_ASSIGN_OR_RETURN(result.start_, DateParser(text, text).Parse());
    return result;
  }
  const std::string_view first = text.substr(0, slash);
  const std::string_view second = text.substr(slash + 1);
  if (second.find('/') != std::string_view::npos) {
    return Invalid(text, "an interval has exactly one '/'");
  }
  result.is_interval_ = true;
  auto parse_end = [&text](std::string_view part, EdtfDate& date, EndKind& kind) -> Status {
    if (part.empty()) {
      kind = EndKind::kUnknown;
      return Status::Ok();
    }
    if (part == "..") {
      kind = EndKind::kOpen;
      return Status::Ok();
    }
    kind = EndKind::kDate;
    CHORUS_ASSIGN_OR_RETURN(date, DateParser(part, text).Parse());
    return Status::Ok();
  };
  CHORUS_RETURN_IF_ERROR(parse_end(first, result.start_, result.start_kind_));
  CHORUS_RETURN_IF_ERROR(parse_end(second, result.end_, result.end_kind_));
  if (result.start_kind_ != EndKind::kDate && result.end_kind_ != EndKind::kDate) {
    return Invalid(text, "an interval needs at least one date");
  }
  if (result.start_kind_ == EndKind::kDate && result.end_kind_ == EndKind::kDate &&
      SpanOf(result.start_).first > SpanOf(result.end_).last) {
    return Invalid(text,
                   "interval start '" + Echo(first) + "' is after its end '" + Echo(second) + "'");
  }
  return result;
}

std::string FuzzyDate::ToString() const {
  std::string out;
  if (!is_interval_) {
    AppendDate(start_, out);
    return out;
  }
  auto append_end = [&out](const EdtfDate& date, EndKind kind) {
    if (kind == EndKind::kOpen) {
      out += "..";
    } else if (kind == EndKind::kDate) {
      AppendDate(date, out);
    }
  };
  append_end(start_, start_kind_);
  out += '/';
  append_end(end_, end_kind_);
  return out;
}

std::optional<DayNumber> FuzzyDate::earliest_day() const {
  if (start_kind_ != EndKind::kDate) return std::nullopt;
  return SpanOf(start_).first;
}

std::optional<DayNumber> FuzzyDate::latest_day() const {
  if (!is_interval_) return SpanOf(start_).last;
  if (end_kind_ != EndKind::kDate) return std::nullopt;
  return SpanOf(end_).last;
}

bool FuzzyDate::Overlaps(const FuzzyDate& other) const {
  constexpr DayNumber kMin = std::numeric_limits<DayNumber>::min();
  constexpr DayNumber kMax = std::numeric_limits<DayNumber>::max();
  return earliest_day().value_or(kMin) <= other.latest_day().value_or(kMax) &&
         other.earliest_day().value_or(kMin) <= latest_day().value_or(kMax);
}

bool FuzzyDate::Contains(const FuzzyDate& other) const {
  const std::optional<DayNumber> lo = earliest_day();
  const std::optional<DayNumber> hi = latest_day();
  const std::optional<DayNumber> other_lo = other.earliest_day();
  const std::optional<DayNumber> other_hi = other.latest_day();
  const bool lo_ok = !lo || (other_lo && *lo <= *other_lo);
  const bool hi_ok = !hi || (other_hi && *other_hi <= *hi);
  return lo_ok && hi_ok;
}

bool FuzzyDate::CanInclude(DayNumber day) const {
  const std::optional<DayNumber> lo = earliest_day();
  const std::optional<DayNumber> hi = latest_day();
  return (!lo || *lo <= day) && (!hi || day <= *hi);
}

std::string DescribeFuzzyDate(const FuzzyDate& date) {
  if (!date.is_interval()) return DescribeDate(date.start());
  using Kind = FuzzyDate::EndKind;
  if (date.start_kind() == Kind::kDate && date.end_kind() == Kind::kDate) {
    return "between " + DescribeDate(date.start()) + " and " + DescribeDate(date.end());
  }
  if (date.start_kind() == Kind::kDate) {
    return "from " + DescribeDate(date.start()) +
           (date.end_kind() == Kind::kOpen ? " onwards" : ", end unknown");
  }
  return "until " + DescribeDate(date.end()) +
         (date.start_kind() == Kind::kOpen ? "" : ", start unknown");
}

}  // namespace chorus::core
