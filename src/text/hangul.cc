#include "text/hangul.h"

#include <array>

namespace chorus::text::internal {

std::u32string DecodeUtf8(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  size_t i = 0;
  const size_t n = utf8.size();
  while (i < n) {
    const auto b0 = static_cast<unsigned char>(utf8[i]);
    if (b0 < 0x80) {
      out.push_back(b0);
      ++i;
      continue;
    }
    int len = 0;
    char32_t cp = 0;
    if ((b0 & 0xE0) == 0xC0) {
      len = 2;
      cp = b0 & 0x1Fu;
    } else if ((b0 & 0xF0) == 0xE0) {
      len = 3;
      cp = b0 & 0x0Fu;
    } else if ((b0 & 0xF8) == 0xF0) {
      len = 4;
      cp = b0 & 0x07u;
    } else {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    if (i + static_cast<size_t>(len) > n) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    bool ok = true;
    for (int k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(utf8[i + static_cast<size_t>(k)]);
      if ((b & 0xC0) != 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (b & 0x3Fu);
    }
    const bool overlong =
        (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (!ok || overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    out.push_back(cp);
    i += static_cast<size_t>(len);
  }
  return out;
}

void AppendUtf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string EncodeUtf8(std::u32string_view cps) {
  std::string out;
  out.reserve(cps.size() * 2);
  for (char32_t cp : cps) AppendUtf8(cp, out);
  return out;
}

Syllable Decompose(char32_t cp) {
  const int index = static_cast<int>(cp - 0xAC00);
  return Syllable{index / (21 * 28), (index % (21 * 28)) / 28, index % 28};
}

char32_t Compose(const Syllable& s) {
  return static_cast<char32_t>(0xAC00 + (s.initial * 21 + s.vowel) * 28 + s.final);
}

bool IsIOrY(int vowel) {
  switch (vowel) {
    case kI:
    case kYa:
    case kYae:
    case kYeo:
    case kYe:
    case kYo:
    case kYu:
      return true;
    default:
      return false;
  }
}

Syllable ApplyInitialSoundRule(Syllable s) {
  if (s.initial == kR) {
    s.initial = IsIOrY(s.vowel) ? kNone : kN;
  } else if (s.initial == kN && IsIOrY(s.vowel)) {
    s.initial = kNone;
  }
  return s;
}

bool IsCompoundSurname(std::u32string_view two) {
  static constexpr std::array<std::u32string_view, 14> kCompound = {
      U"남궁", U"선우", U"황보", U"제갈", U"독고", U"사공", U"서문",
      U"동방", U"황목", U"어금", U"망절", U"장곡", U"소봉", U"강전"};
  for (auto c : kCompound) {
    if (c == two) return true;
  }
  return false;
}

std::u32string SinoKoreanNumber(std::u32string_view digits) {
  static constexpr std::array<std::u32string_view, 10> kDigit = {U"영", U"일", U"이", U"삼", U"사",
                                                                 U"오", U"육", U"칠", U"팔", U"구"};
  static constexpr std::array<std::u32string_view, 4> kPlace = {U"", U"십", U"백", U"천"};
  if (digits.empty() || digits.size() > 4) return {};
  std::u32string out;
  const size_t n = digits.size();
  for (size_t i = 0; i < n; ++i) {
    const int d = static_cast<int>(digits[i] - U'0');
    const size_t place = n - 1 - i;
    if (d == 0) continue;
    if (!(d == 1 && place > 0)) out += kDigit[static_cast<size_t>(d)];
    out += kPlace[place];
  }
  if (out.empty()) out.push_back(U'영');
  return out;
}

}  // namespace chorus::text::internal
