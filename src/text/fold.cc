// FoldForSearch (ICU normalisation) and Jaro-Winkler.
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "text/hangul.h"
#include "text/names.h"

namespace chorus::text {
namespace {

bool IsAsciiOnly(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// Latin letters (basic, Latin-1, Extended-A/B, IPA, Extended Additional).
bool IsLatinBase(UChar32 c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0x2AF) ||
         (c >= 0x1E00 && c <= 0x1EFF);
}

}  // namespace

std::string FoldForSearch(std::string_view text) {
  if (IsAsciiOnly(text)) {
    std::string out(text);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  // Both instances are process-wide singletons owned by ICU and thread-safe.
  const icu::Normalizer2* fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(text);
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString folded = fold->normalize(s, status);
  icu::UnicodeString decomposed = nfd->normalize(folded, status);
  if (U_FAILURE(status)) return std::string(text);
  // Drop combining marks that sit on a Latin letter; keep the others (Cyrillic
  // ё and й, Hangul jamo recompose below).
  icu::UnicodeString kept;
  UChar32 base = 0;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) {
      if (IsLatinBase(base)) continue;
    } else {
      base = c;
    }
    kept.append(c);
  }
  icu::UnicodeString composed = nfc->normalize(kept, status);
  if (U_FAILURE(status)) return std::string(text);
  std::string out;
  composed.toUTF8String(out);
  return out;
}

namespace {

// Jaro-Winkler over two sequences of code units (chars for ASCII, char32_t
// otherwise).
template <typename Str>
double JaroWinklerImpl(const Str& a, const Str& b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const size_t la = a.size();
  const size_t lb = b.size();
  const size_t window = std::max<size_t>(la, lb) / 2 > 0 ? std::max<size_t>(la, lb) / 2 - 1 : 0;
  // Names are short: flags on the stack up to 64 code points.
  std::array<char, 64> a_small{}, b_small{};
  std::vector<char> a_big, b_big;
  char* a_match = a_small.data();
  char* b_match = b_small.data();
  if (la > a_small.size()) {
    a_big.assign(la, 0);
    a_match = a_big.data();
  }
  if (lb > b_small.size()) {
    b_big.assign(lb, 0);
    b_match = b_big.data();
  }
  size_t matches = 0;
  for (size_t i = 0; i < la; ++i) {
    const size_t lo = i > window ? i - window : 0;
    const size_t hi = std::min(lb, i + window + 1);
    for (size_t j = lo; j < hi; ++j) {
      if (b_match[j] || a[i] != b[j]) continue;
      a_match[i] = b_match[j] = 1;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  size_t transpositions = 0;
  for (size_t i = 0, j = 0; i < la; ++i) {
    if (!a_match[i]) continue;
    while (!b_match[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  const double m = static_cast<double>(matches);
  const double jaro = (m / static_cast<double>(la) + m / static_cast<double>(lb) +
                       (m - static_cast<double>(transpositions) / 2.0) / m) /
                      3.0;
  size_t prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
}

}  // namespace

double JaroWinkler(std::string_view a, std::string_view b) {
  if (IsAsciiOnly(a) && IsAsciiOnly(b)) return JaroWinklerImpl(a, b);
  return JaroWinklerImpl(internal::DecodeUtf8(a), internal::DecodeUtf8(b));
}

}  // namespace chorus::text
