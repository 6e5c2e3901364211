// File: text/hangul.h
// Internal to src/text: UTF-8 code point helpers and Hangul syllable
// arithmetic (Unicode 15, section 3.12). Other modules use text/names.h.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chorus::text::internal {

// Decodes UTF-8 into code points; an invalid byte becomes U+FFFD.
std::u32string DecodeUtf8(std::string_view utf8);
void AppendUtf8(char32_t cp, std::string& out);
std::string EncodeUtf8(std::u32string_view cps);

// Initial (choseong) indices 0..18 in Unicode order.
enum Initial : int {
  kG = 0,
  kGG,
  kN,
  kD,
  kDD,
  kR,
  kM,
  kB,
  kBB,
  kS,
  kSS,
  kNone,
  kJ,
  kJJ,
  kCh,
  kK,
  kT,
  kP,
  kH
};
// Medial (jungseong) indices 0..20.
enum Vowel : int {
  kA = 0,
  kAe,
  kYa,
  kYae,
  kEo,
  kE,
  kYeo,
  kYe,
  kO,
  kWa,
  kWae,
  kOe,
  kYo,
  kU,
  kWo,
  kWe,
  kWi,
  kYu,
  kEu,
  kUi,
  kI
};
// Final (jongseong) indices 0..27; 0 = no final.
enum Final : int {
  kFNone = 0,
  kFG,
  kFGG,
  kFGS,
  kFN,
  kFNJ,
  kFNH,
  kFD,
  kFL,
  kFLG,
  kFLM,
  kFLB,
  kFLS,
  kFLT,
  kFLP,
  kFLH,
  kFM,
  kFB,
  kFBS,
  kFS,
  kFSS,
  kFNG,
  kFJ,
  kFCh,
  kFK,
  kFT,
  kFP,
  kFH
};

struct Syllable {
  int initial = kNone;
  int vowel = kA;
  int final = kFNone;
};

inline bool IsHangulSyllable(char32_t cp) { return cp >= 0xAC00 && cp <= 0xD7A3; }
Syllable Decompose(char32_t cp);  // REQUIRES: IsHangulSyllable(cp)
char32_t Compose(const Syllable& s);

// True for ㅣ and the y-vowels (ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ): where the initial-sound rule
// drops ㄹ and ㄴ.
bool IsIOrY(int vowel);

// The South Korean spelling of a syllable that starts a word (두음 법칙):
// 리→이, 류→유, 림→임, 량→양, 녀→여, 로→노, 라→나. Other syllables unchanged.
Syllable ApplyInitialSoundRule(Syllable s);

// Compound (two-syllable) family names: 남궁, 선우, 황보, 제갈, 독고, ...
bool IsCompoundSurname(std::u32string_view two_syllables);

// Sino-Korean reading of a run of ASCII digits (1 -> 일, 10 -> 십, 25 ->
// 이십오), or empty when the run is longer than 4 digits.
std::u32string SinoKoreanNumber(std::u32string_view digits);

}  // namespace chorus::text::internal
