// The text and name drivers over the word engine in romanize.cc: splitting
// text into words, numbers, suffix hyphens, capitals, and the personal-name
// conventions of each system.
#include <array>
#include <string>
#include <vector>

#include "text/hangul.h"
#include "text/names.h"
#include "text/romanize_internal.h"

namespace chorus::text {
namespace {

using internal::WordMode;
using internal::WordSyllable;

bool IsAdminSuffix(char32_t cp) {
  static constexpr std::u32string_view kSuffixes = U"도시군구읍면리동가";
  return kSuffixes.find(cp) != std::u32string_view::npos;
}

// Upper-cases the letter that starts at byte `pos` of `s` (ASCII, the Latin
// letters the systems use, Cyrillic).
void CapitalizeAt(std::string& s, size_t pos) {
  if (pos >= s.size()) return;
  const auto c = static_cast<unsigned char>(s[pos]);
  if (c >= 'a' && c <= 'z') {
    s[pos] = static_cast<char>(c - 32);
    return;
  }
  std::u32string one = internal::DecodeUtf8(std::string_view(s).substr(pos, 4));
  if (one.empty()) return;
  char32_t cp = one[0];
  char32_t up = cp;
  if (cp >= 0x430 && cp <= 0x44F) {
    up = cp - 0x20;
  } else if (cp == 0x451) {
    up = 0x401;
  } else if (cp == 0x14F || cp == 0x16D) {  // ŏ ŭ
    up = cp - 1;
  } else if (cp == 0xFC) {  // ü
    up = 0xDC;
  }
  if (up == cp) return;
  std::string a, b;
  internal::AppendUtf8(cp, a);
  internal::AppendUtf8(up, b);
  s.replace(pos, a.size(), b);
}

bool StartsWord(const std::string& out) {
  if (out.empty()) return true;
  const char last = out.back();
  return last == ' ' || last == '\t' || last == '\n' || last == '(' || last == '"';
}

void EmitWord(RomanizationSystem system, std::vector<WordSyllable>& word, std::string& out) {
  if (internal::SystemHyphenatesSuffixes(system) && word.size() >= 3 &&
      !word.back().hyphen_before && IsAdminSuffix(internal::Compose(word.back().syllable))) {
    word.back().hyphen_before = true;
  }
  const bool capital = StartsWord(out);
  const size_t start = out.size();
  internal::RomanizeWord(system, word, WordMode::kText, out);
  if (capital) CapitalizeAt(out, start);
  word.clear();
}

bool IsDigit(char32_t cp) { return cp >= U'0' && cp <= U'9'; }

// Appends Hangul syllables (and hyphens between them) from cps[j] on to
// `word`; returns the index after them.
size_t CollectHangul(const std::u32string& cps, size_t j, bool hyphen_first,
                     std::vector<WordSyllable>& word) {
  bool hyphen = hyphen_first;
  while (j < cps.size()) {
    if (internal::IsHangulSyllable(cps[j])) {
      word.push_back({internal::Decompose(cps[j]), hyphen && !word.empty(), false});
      hyphen = false;
      ++j;
    } else if (cps[j] == U'-' && j + 1 < cps.size() && internal::IsHangulSyllable(cps[j + 1])) {
      hyphen = true;
      ++j;
    } else {
      break;
    }
  }
  return j;
}

bool HasLetters(const std::u32string& cps) {
  for (char32_t cp : cps) {
    if ((cp >= U'A' && cp <= U'Z') || (cp >= U'a' && cp <= U'z') || (cp >= 0xC0 && cp <= 0x24F) ||
        (cp >= 0x400 && cp <= 0x4FF)) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<RomanizationSystem> ParseRomanizationSystem(std::string_view name) {
  if (name == "dprk") return RomanizationSystem::kDprk;
  if (name == "mr") return RomanizationSystem::kMcCuneReischauer;
  if (name == "alalc") return RomanizationSystem::kAlaLc;
  if (name == "rr") return RomanizationSystem::kRevised;
  if (name == "bgn-dprk") return RomanizationSystem::kBgnDprk;
  if (name == "ics") return RomanizationSystem::kIcs;
  if (name == "kontsevich") return RomanizationSystem::kKontsevich;
  return std::nullopt;
}

std::string_view RomanizationSystemName(RomanizationSystem system) {
  switch (system) {
    case RomanizationSystem::kDprk:
      return "dprk";
    case RomanizationSystem::kMcCuneReischauer:
      return "mr";
    case RomanizationSystem::kAlaLc:
      return "alalc";
    case RomanizationSystem::kRevised:
      return "rr";
    case RomanizationSystem::kBgnDprk:
      return "bgn-dprk";
    case RomanizationSystem::kIcs:
      return "ics";
    case RomanizationSystem::kKontsevich:
      return "kontsevich";
  }
  return "mr";
}

Result<std::string> RomanizeText(std::string_view hangul_text, RomanizationSystem system) {
  if (system == RomanizationSystem::kIcs) return Romanize(hangul_text, system);
  const std::u32string cps = internal::DecodeUtf8(hangul_text);
  std::string out;
  std::vector<WordSyllable> word;
  const size_t n = cps.size();
  size_t i = 0;
  while (i < n) {
    const char32_t cp = cps[i];
    if (internal::IsHangulSyllable(cp)) {
      i = CollectHangul(cps, i, false, word);
      EmitWord(system, word, out);
    } else if (IsDigit(cp) && internal::SystemReadsDigits(system)) {
      size_t j = i;
      while (j < n && IsDigit(cps[j])) ++j;
      const std::u32string reading = internal::SinoKoreanNumber(cps.substr(i, j - i));
      if (reading.empty()) {
        for (; i < j; ++i) internal::AppendUtf8(cps[i], out);
        continue;
      }
      if (!out.empty() && !StartsWord(out)) out += ' ';
      for (char32_t r : reading) word.push_back({internal::Decompose(r), false, false});
      if (j < n && internal::IsHangulSyllable(cps[j])) {
        j = CollectHangul(cps, j, true, word);
      } else if (j + 1 < n && cps[j] == U'-' && internal::IsHangulSyllable(cps[j + 1])) {
        j = CollectHangul(cps, j + 1, true, word);
      }
      EmitWord(system, word, out);
      i = j;
    } else if (IsDigit(cp)) {
      size_t j = i;
      while (j < n && (IsDigit(cps[j]) || (cps[j] == U'.' && j + 1 < n && IsDigit(cps[j + 1])))) {
        internal::AppendUtf8(cps[j], out);
        ++j;
      }
      if (j < n && internal::IsHangulSyllable(cps[j]) &&
          internal::SystemHyphenatesSuffixes(system)) {
        out += '-';
        j = CollectHangul(cps, j, false, word);
        word[0].after_digits = true;
        EmitWord(system, word, out);
      }
      i = j;
    } else {
      internal::AppendUtf8(cp, out);
      ++i;
    }
  }
  return out;
}

Result<std::string> Romanize(std::string_view hangul_name, RomanizationSystem system) {
  const std::u32string cps = internal::DecodeUtf8(hangul_name);
  if (HasLetters(cps)) {
    return Status::InvalidArgument("romanize: the name must be written in hangul");
  }
  // Tokens of Hangul syllables; hyphens inside a token are dropped.
  std::vector<std::u32string> tokens(1);
  for (char32_t cp : cps) {
    if (internal::IsHangulSyllable(cp)) {
      tokens.back().push_back(cp);
    } else if (cp == U' ' || cp == U'\t' || cp == U',' || cp == 0x3000) {
      if (!tokens.back().empty()) tokens.emplace_back();
    } else if (cp == U'-' || cp == 0xB7) {
      continue;
    } else {
      return Status::InvalidArgument("romanize: the name must be written in hangul");
    }
  }
  if (tokens.back().empty()) tokens.pop_back();
  if (tokens.empty()) return Status::InvalidArgument("romanize: the name holds no hangul");

  std::u32string family, given;
  if (tokens.size() == 1) {
    const std::u32string& t = tokens[0];
    const size_t split =
        t.size() >= 3 && internal::IsCompoundSurname(std::u32string_view(t).substr(0, 2)) ? 2 : 1;
    family = t.substr(0, split);
    given = t.substr(split);
  } else {
    family = tokens[0];
    for (size_t k = 1; k < tokens.size(); ++k) given += tokens[k];
  }

  const bool cyrillic = internal::SystemIsCyrillic(system);
  std::string out;
  if (family == U"이" || family == U"리") {
    if (cyrillic) {
      out = "Ли";
    } else if (family == U"리") {
      out = "Ri";
    } else if (system == RomanizationSystem::kRevised || system == RomanizationSystem::kDprk) {
      out = "I";
    } else {
      out = "Yi";
    }
  } else {
    std::vector<WordSyllable> word;
    for (char32_t cp : family) word.push_back({internal::Decompose(cp), false, false});
    const WordMode mode =
        system == RomanizationSystem::kIcs ? WordMode::kIsolated : WordMode::kName;
    internal::RomanizeWord(system, word, mode, out);
    CapitalizeAt(out, 0);
  }
  if (given.empty()) return out;

  out += ' ';
  if (system == RomanizationSystem::kDprk) {
    // DPRK usage writes each given-name syllable as its own word.
    for (size_t k = 0; k < given.size(); ++k) {
      if (k > 0) out += ' ';
      const size_t start = out.size();
      internal::RomanizeWord(system, {{internal::Decompose(given[k]), false, false}},
                             WordMode::kIsolated, out);
      CapitalizeAt(out, start);
    }
    return out;
  }
  std::vector<WordSyllable> word;
  for (size_t k = 0; k < given.size(); ++k) {
    word.push_back({internal::Decompose(given[k]), k > 0 && !cyrillic, false});
  }
  const size_t start = out.size();
  const WordMode mode = system == RomanizationSystem::kIcs ? WordMode::kIsolated : WordMode::kName;
  internal::RomanizeWord(system, word, mode, out);
  CapitalizeAt(out, start);
  return out;
}

}  // namespace chorus::text
