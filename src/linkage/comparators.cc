#include "linkage/comparators.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <vector>

namespace chorus::linkage {
namespace {

// Small buffers on the stack for the common case; heap beyond.
template <typename T, size_t kInline = 64>
class ScratchBuffer {
 public:
  explicit ScratchBuffer(size_t size, T fill) {
    if (size <= kInline) {
      data_ = inline_.data();
      std::fill(inline_.begin(), inline_.begin() + static_cast<std::ptrdiff_t>(size), fill);
    } else {
      heap_.assign(size, fill);
      data_ = heap_.data();
    }
  }
  T& operator[](size_t i) { return data_[i]; }

 private:
  std::array<T, kInline> inline_;
  std::vector<T> heap_;
  T* data_;
};

char32_t LowerCodePoint(char32_t c) {
  if (c >= U'A' && c <= U'Z') return c + 32;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;      // Latin-1
  if (c >= 0x391 && c <= 0x3A9) return c + 32;                 // Greek
  if (c >= 0x410 && c <= 0x42F) return c + 32;                 // Cyrillic
  if (c >= 0x400 && c <= 0x40F) return c + 80;                 // Cyrillic Ѐ..Џ
  if (c >= 0x100 && c <= 0x17F && (c % 2) == 0) return c + 1;  // Latin Extended-A (most)
  return c;
}

bool IsSeparator(char32_t c) {
  if (c < 0x80) {
    return !((c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9'));
  }
  // General punctuation, Latin-1 punctuation, ideographic space and middle dots.
  return (c >= 0x2000 && c <= 0x206F) || (c >= 0xA0 && c <= 0xBF) || c == 0x3000 || c == 0x30FB ||
         c == 0xD7 || c == 0xF7;
}

}  // namespace

std::u32string DecodeUtf8(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  size_t i = 0;
  while (i < utf8.size()) {
    const auto b0 = static_cast<unsigned char>(utf8[i]);
    int extra = 0;
    char32_t cp = 0;
    if (b0 < 0x80) {
      cp = b0;
    } else if ((b0 & 0xE0) == 0xC0) {
      cp = b0 & 0x1F;
      extra = 1;
    } else if ((b0 & 0xF0) == 0xE0) {
      cp = b0 & 0x0F;
      extra = 2;
    } else if ((b0 & 0xF8) == 0xF0) {
      cp = b0 & 0x07;
      extra = 3;
    } else {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    if (i + static_cast<size_t>(extra) >= utf8.size()) {
      out.push_back(0xFFFD);
      break;
    }
    bool ok = true;
    for (int k = 1; k <= extra; ++k) {
      const auto b = static_cast<unsigned char>(utf8[i + static_cast<size_t>(k)]);
      if ((b & 0xC0) != 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (b & 0x3F);
    }
    if (!ok) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    out.push_back(cp);
    i += static_cast<size_t>(extra) + 1;
  }
  return out;
}

std::string EncodeUtf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char32_t c : text) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

std::u32string FoldForLinkage(std::u32string_view text) {
  std::u32string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char32_t c : text) {
    if (IsSeparator(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(U' ');
    pending_space = false;
    out.push_back(LowerCodePoint(c));
  }
  return out;
}

double Jaro(std::u32string_view a, std::u32string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  if (a == b) return 1.0;
  const size_t max_len = std::max(a.size(), b.size());
  const size_t window = max_len / 2 > 0 ? max_len / 2 - 1 : 0;
  size_t matches = 0;
  size_t transpositions = 0;
  if (a.size() <= 64 && b.size() <= 64) {
    // Names are short: the matched flags fit in two machine words.
    uint64_t a_flags = 0, b_flags = 0;
    for (size_t i = 0; i < a.size(); ++i) {
      const size_t lo = i > window ? i - window : 0;
      const size_t hi = std::min(b.size(), i + window + 1);
      for (size_t j = lo; j < hi; ++j) {
        if ((b_flags >> j) & 1 || a[i] != b[j]) continue;
        a_flags |= uint64_t{1} << i;
        b_flags |= uint64_t{1} << j;
        ++matches;
        break;
      }
    }
    if (matches == 0) return 0.0;
    size_t k = 0;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!((a_flags >> i) & 1)) continue;
      while (!((b_flags >> k) & 1)) ++k;
      if (a[i] != b[k]) ++transpositions;
      ++k;
    }
  } else {
    std::vector<char> a_matched(a.size(), 0), b_matched(b.size(), 0);
    for (size_t i = 0; i < a.size(); ++i) {
      const size_t lo = i > window ? i - window : 0;
      const size_t hi = std::min(b.size(), i + window + 1);
      for (size_t j = lo; j < hi; ++j) {
        if (b_matched[j] || a[i] != b[j]) continue;
        a_matched[i] = 1;
        b_matched[j] = 1;
        ++matches;
        break;
      }
    }
    if (matches == 0) return 0.0;
    size_t k = 0;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!a_matched[i]) continue;
      while (!b_matched[k]) ++k;
      if (a[i] != b[k]) ++transpositions;
      ++k;
    }
  }
  const double m = static_cast<double>(matches);
  const double t = static_cast<double>(transpositions) / 2.0;
  return (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) + (m - t) / m) /
         3.0;
}

bool WithinOneEdit(std::u32string_view a, std::u32string_view b) {
  if (a.size() < b.size()) std::swap(a, b);
  if (a.size() - b.size() > 1) return false;
  size_t i = 0;
  while (i < b.size() && a[i] == b[i]) ++i;
  if (i == b.size()) return true;  // equal, or one extra at the end
  if (a.size() == b.size()) {
    // One substitution, or two neighbours swapped.
    if (a.substr(i + 1) == b.substr(i + 1)) return true;
    return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
           a.substr(i + 2) == b.substr(i + 2);
  }
  return a.substr(i + 1) == b.substr(i);  // one insertion in a
}

double JaroWinkler(std::u32string_view a, std::u32string_view b) {
  const double jaro = Jaro(a, b);
  size_t prefix = 0;
  const size_t limit = std::min<size_t>({4, a.size(), b.size()});
  while (prefix < limit && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
}

int Levenshtein(std::u32string_view a, std::u32string_view b, int cap) {
  if (a.size() < b.size()) std::swap(a, b);
  const int len_diff = static_cast<int>(a.size() - b.size());
  if (len_diff > cap) return cap + 1;
  ScratchBuffer<int> row(b.size() + 1, 0);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    int row_min = row[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      const int above = row[j];
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({above + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
      row_min = std::min(row_min, row[j]);
    }
    if (row_min > cap) return cap + 1;
  }
  return std::min(row[b.size()], cap + 1);
}

int DamerauLevenshtein(std::u32string_view a, std::u32string_view b, int cap) {
  if (a.size() < b.size()) std::swap(a, b);
  if (static_cast<int>(a.size() - b.size()) > cap) return cap + 1;
  const size_t width = b.size() + 1;
  ScratchBuffer<int, 96> prev2(width, 0);
  ScratchBuffer<int, 96> prev(width, 0);
  ScratchBuffer<int, 96> cur(width, 0);
  for (size_t j = 0; j < width; ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    int row_min = cur[0];
    for (size_t j = 1; j < width; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int best = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        best = std::min(best, prev2[j - 2] + 1);
      }
      cur[j] = best;
      row_min = std::min(row_min, best);
    }
    if (row_min > cap) return cap + 1;
    for (size_t j = 0; j < width; ++j) {
      prev2[j] = prev[j];
      prev[j] = cur[j];
    }
  }
  return std::min(prev[b.size()], cap + 1);
}

double QGramJaccard(std::u32string_view a, std::u32string_view b, int q) {
  if (a.empty() && b.empty()) return 1.0;
  const size_t qq = static_cast<size_t>(std::clamp(q, 1, 3));
  // Each q-gram packed exactly into 63 bits (21 bits per code point), of the
  // string padded with one space each side.
  auto grams = [qq](std::u32string_view s, ScratchBuffer<uint64_t, 128>& out) {
    const size_t padded = s.size() + 2;
    auto at = [&s, padded](size_t i) -> uint64_t {
      return i == 0 || i + 1 == padded ? U' ' : static_cast<uint64_t>(s[i - 1]) & 0x1FFFFF;
    };
    size_t n = 0;
    for (size_t i = 0; i + qq <= padded; ++i) {
      uint64_t g = 0;
      for (size_t k = 0; k < qq; ++k) g = (g << 21) | at(i + k);
      out[n++] = g;
    }
    std::sort(&out[0], &out[0] + n);
    return static_cast<size_t>(std::unique(&out[0], &out[0] + n) - &out[0]);
  };
  ScratchBuffer<uint64_t, 128> ga(a.size() + 2, 0), gb(b.size() + 2, 0);
  const size_t na = grams(a, ga);
  const size_t nb = grams(b, gb);
  size_t common = 0;
  size_t i = 0, j = 0;
  while (i < na && j < nb) {
    if (ga[i] == gb[j]) {
      ++common;
      ++i;
      ++j;
    } else if (ga[i] < gb[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  const size_t united = na + nb - common;
  return united == 0 ? 0.0 : static_cast<double>(common) / static_cast<double>(united);
}

namespace {

// Splits on single spaces into at most kMaxTokens views.
constexpr size_t kMaxTokens = 16;
size_t SplitTokens(std::u32string_view s, std::array<std::u32string_view, kMaxTokens>& out) {
  size_t n = 0;
  size_t start = 0;
  while (start <= s.size() && n < kMaxTokens) {
    size_t end = s.find(U' ', start);
    if (end == std::u32string_view::npos) end = s.size();
    if (end > start) out[n++] = s.substr(start, end - start);
    start = end + 1;
  }
  return n;
}

}  // namespace

double TokenSetSimilarity(std::u32string_view a, std::u32string_view b) {
  std::array<std::u32string_view, kMaxTokens> ta, tb;
  size_t na = SplitTokens(a, ta);
  size_t nb = SplitTokens(b, tb);
  if (na == 0 || nb == 0) return 0.0;
  if (na > nb) {
    std::swap(ta, tb);
    std::swap(na, nb);
  }
  std::array<bool, kMaxTokens> used{};
  double total = 0.0;
  for (size_t i = 0; i < na; ++i) {
    double best = 0.0;
    size_t best_j = kMaxTokens;
    for (size_t j = 0; j < nb; ++j) {
      if (used[j]) continue;
      double s = JaroWinkler(ta[i], tb[j]);
      // An initial matches the token it abbreviates.
      if ((ta[i].size() == 1 || tb[j].size() == 1) && ta[i][0] == tb[j][0]) s = std::max(s, 0.9);
      if (s > best) {
        best = s;
        best_j = j;
      }
    }
    if (best_j < kMaxTokens) used[best_j] = true;
    total += best;
  }
  return total / static_cast<double>(na);
}

bool SameTokenSet(std::u32string_view a, std::u32string_view b) {
  std::array<std::u32string_view, kMaxTokens> ta, tb;
  const size_t na = SplitTokens(a, ta);
  const size_t nb = SplitTokens(b, tb);
  if (na != nb || na == 0) return false;
  std::sort(ta.begin(), ta.begin() + static_cast<std::ptrdiff_t>(na));
  std::sort(tb.begin(), tb.begin() + static_cast<std::ptrdiff_t>(nb));
  for (size_t i = 0; i < na; ++i) {
    if (ta[i] != tb[i]) return false;
  }
  return true;
}

int64_t DaysFromCivil(int year, int month, int day) {
  // Howard Hinnant's days_from_civil.
  const int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

namespace {

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

std::optional<LinkDate> ParseLinkDate(std::string_view text) {
  // Trim and drop EDTF qualifiers: they widen nothing here (the comparison
  // levels already tolerate near misses).
  std::string s;
  for (char c : text) {
    if (c == '~' || c == '?' || c == '%' || c == ' ' || c == '\t') continue;
    s.push_back(c);
  }
  if (s.empty()) return std::nullopt;
  int year = 0, month = 0, day = 0;
  int decade_digits = 0;
  if (s.size() == 4 && s[3] == 'X' && AllDigits(s.substr(0, 3))) {
    year = ToInt(s.substr(0, 3)) * 10;
    decade_digits = 1;
  } else if (s.size() == 8 && AllDigits(s)) {
    year = ToInt(s.substr(0, 4));
    month = ToInt(s.substr(4, 2));
    day = ToInt(s.substr(6, 2));
  } else if (s.size() == 10 && s[2] == '/' && s[5] == '/' && AllDigits(s.substr(0, 2)) &&
             AllDigits(s.substr(3, 2)) && AllDigits(s.substr(6, 4))) {
    day = ToInt(s.substr(0, 2));
    month = ToInt(s.substr(3, 2));
    year = ToInt(s.substr(6, 4));
  } else {
    // YYYY[-MM[-DD]], XX for unknown parts.
    const size_t first_dash = s.find('-', 1);
    const std::string_view y = std::string_view(s).substr(0, first_dash);
    if (!AllDigits(y) || y.size() > 5) return std::nullopt;
    year = ToInt(y);
    if (first_dash != std::string::npos) {
      const std::string_view rest = std::string_view(s).substr(first_dash + 1);
      const std::string_view m = rest.substr(0, 2);
      if (rest.size() != 2 && !(rest.size() == 5 && rest[2] == '-')) return std::nullopt;
      if (m != "XX") {
        if (!AllDigits(m)) return std::nullopt;
        month = ToInt(m);
      }
      if (rest.size() == 5) {
        const std::string_view d = rest.substr(3, 2);
        if (d != "XX") {
          if (!AllDigits(d)) return std::nullopt;
          day = ToInt(d);
        }
        if (month == 0) day = 0;
      }
    }
  }
  if (month > 12 && month >= 21 && month <= 24) month = 0;  // EDTF season: keep the year
  if (month < 0 || month > 12) return std::nullopt;
  if (year == 0 && month == 0) return std::nullopt;
  if (day != 0 && (month == 0 || day > DaysInMonth(year, month))) return std::nullopt;
  LinkDate d;
  d.year = year;
  d.month = month;
  d.day = day;
  if (decade_digits > 0) {
    d.first_day = DaysFromCivil(year, 1, 1);
    d.last_day = DaysFromCivil(year + 9, 12, 31);
  } else if (month == 0) {
    d.first_day = DaysFromCivil(year, 1, 1);
    d.last_day = DaysFromCivil(year, 12, 31);
  } else if (day == 0) {
    d.first_day = DaysFromCivil(year, month, 1);
    d.last_day = DaysFromCivil(year, month, DaysInMonth(year, month));
  } else {
    d.first_day = d.last_day = DaysFromCivil(year, month, day);
  }
  return d;
}

}  // namespace chorus::linkage
