#include "base/clock.h"

#include <cctype>
#include <cstdio>

namespace chorus {
namespace {

class RealClock final : public Clock {
 public:
  Timestamp Now() const override {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now());
  }
};

// Reads exactly `width` digits at `pos`; nullopt otherwise.
std::optional<int> ReadDigits(std::string_view text, size_t& pos, size_t width) {
  if (pos + width > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = 0; i < width; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += width;
  return value;
}

bool Expect(std::string_view text, size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

}  // namespace

const Clock& SystemClock() {
  static const RealClock clock;
  return clock;
}

std::string FormatTimestamp(Timestamp t) {
  using namespace std::chrono;
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss<milliseconds> hms{t - day};
  char buf[40];
  long ms = static_cast<long>(hms.subseconds().count());
  if (ms != 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%03ldZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), long(hms.hours().count()),
                  long(hms.minutes().count()), long(hms.seconds().count()), ms);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), long(hms.hours().count()),
                  long(hms.minutes().count()), long(hms.seconds().count()));
  }
  return buf;
}

std::optional<Timestamp> ParseTimestamp(std::string_view text) {
  using namespace std::chrono;
  size_t pos = 0;
  auto y = ReadDigits(text, pos, 4);
  if (!y || !Expect(text, pos, '-')) return std::nullopt;
  auto mo = ReadDigits(text, pos, 2);
  if (!mo || !Expect(text, pos, '-')) return std::nullopt;
  auto d = ReadDigits(text, pos, 2);
  if (!d) return std::nullopt;
  year_month_day ymd{year{*y}, month{unsigned(*mo)}, day{unsigned(*d)}};
  if (!ymd.ok()) return std::nullopt;
  milliseconds in_day{0};
  int offset_minutes = 0;
  if (pos < text.size()) {
    if (!Expect(text, pos, 'T') && !Expect(text, pos, ' ')) return std::nullopt;
    auto h = ReadDigits(text, pos, 2);
    if (!h || !Expect(text, pos, ':')) return std::nullopt;
    auto mi = ReadDigits(text, pos, 2);
    if (!mi) return std::nullopt;
    int s = 0;
    int ms = 0;
    if (Expect(text, pos, ':')) {
      auto sec = ReadDigits(text, pos, 2);
      if (!sec) return std::nullopt;
      s = *sec;
      if (Expect(text, pos, '.')) {
        size_t start = pos;
        int frac = 0;
        int digits = 0;
        while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
          if (digits < 3) {
            frac = frac * 10 + (text[pos] - '0');
            ++digits;
          }
          ++pos;
        }
        if (pos == start) return std::nullopt;
        while (digits < 3) {
          frac *= 10;
          ++digits;
        }
        ms = frac;
      }
    }
    if (*h > 23 || *mi > 59 || s > 60) return std::nullopt;
    in_day = hours{*h} + minutes{*mi} + seconds{s} + milliseconds{ms};
    if (Expect(text, pos, 'Z')) {
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
      int sign = text[pos] == '-' ? -1 : 1;
      ++pos;
      auto oh = ReadDigits(text, pos, 2);
      if (!oh) return std::nullopt;
      Expect(text, pos, ':');
      auto om = ReadDigits(text, pos, 2);
      if (!om) return std::nullopt;
      offset_minutes = sign * (*oh * 60 + *om);
    } else {
      return std::nullopt;  // a time without a zone is ambiguous: refuse it
    }
  }
  if (pos != text.size()) return std::nullopt;
  return Timestamp{sys_days{ymd}.time_since_epoch() + in_day - minutes{offset_minutes}};
}

}  // namespace chorus
