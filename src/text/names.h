// File: text/names.h
// Korean personal names across scripts: Hangul romanized by rule in seven
// systems (DPRK 2002, McCune-Reischauer, ALA-LC, Revised Romanization,
// BGN/PCGN for the DPRK, ICS-630-01, Kontsevich Cyrillic), a phonetic key that
// 리명수 / Ri Myong Su / Lee Myung-soo / Ли Мён Су share, the spellings a name
// is known under, and a comparator linkage uses. No ICU type appears here.
//
// Example:
//   Romanize("김정은", RomanizationSystem::kMcCuneReischauer) -> "Kim Chŏng-ŭn"
//   NameKey("Lee Myung-soo") == NameKey("리명수")
//   CompareNames("Kim Myong Su", "Kim Myong Chol").same == false
//
// Thread safety: every function here is safe to call from many threads at
// once; none keeps per-call state and the tables are built once.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace chorus::text {

enum class RomanizationSystem {
  kDprk,              // DPRK national system (2002): Ri Myŏng Su, Phyŏngyang
  kMcCuneReischauer,  // McCune-Reischauer (1939): Yi Myŏng-su, P'yŏngyang (typographic ’)
  kAlaLc,             // ALA-LC (1997/2009), the library form of MR
  kRevised,           // Revised Romanization (ROK 2000): Ri Myeong-su, Pyeongyang
  kBgnDprk,           // BGN/PCGN (1945) as applied to the DPRK: MR keeping initial r
  kIcs,               // ICS-630-01 (US personal names, 2015): Kim Yo’ng-su
  kKontsevich,        // Kontsevich Cyrillic: Ли Мёнсу, Ким Чонъын
};

// "dprk", "mr", "alalc", "rr", "bgn-dprk", "ics", "kontsevich" (the CLI
// names); nullopt for anything else.
std::optional<RomanizationSystem> ParseRomanizationSystem(std::string_view name);
// The CLI name of `system` ("mr" for kMcCuneReischauer, ...).
std::string_view RomanizationSystemName(RomanizationSystem system);

// Romanizes a personal name written in Hangul: family name first (one
// syllable, or two for the compound surnames 남궁, 선우, 황보, ...; a space in
// the input marks the split explicitly), then the given name written with the
// system's convention: DPRK "Ri Myŏng Su" (syllables spaced), MR/ALA-LC/BGN
// "Yi Myŏng-su" (hyphen, voicing across it), RR "I Myeong-su", ICS
// "Yi Myo’ng-su" (syllables romanized alone), Kontsevich "Ли Мёнсу".
// Errors: InvalidArgument if the input holds no Hangul syllable or holds
// Latin/Cyrillic letters.
Result<std::string> Romanize(std::string_view hangul_name, RomanizationSystem system);

// Romanizes running Hangul text (place names, words) by the system's full
// rules: sound changes inside words and across hyphens where the system
// applies them, suffix hyphens (RR, DPRK), numbers read in Korean (RR,
// BGN). Non-Hangul characters pass through. This is what the published test
// vectors exercise; ICS has no text mode and romanizes as a name.
Result<std::string> RomanizeText(std::string_view hangul_text, RomanizationSystem system);

// A phonetic key shared by the spellings of one Korean name in any script:
// Hangul (North or South spelling: 리/이, 류/유, 로/노, 녀/여 give one key),
// any romanization (with or without breves, apostrophes, hyphens, spaces),
// Cyrillic (Kontsevich or press spellings). Insensitive to family-first or
// family-last order and to given names written joined, hyphenated or spaced.
// Format: "<family key>/<given key>" in a small ASCII alphabet; empty for an
// input without letters. Coarse by design (ㅓ/ㅗ/ㅜ/ㅡ and plain/aspirated/
// tense consonants fold together); use CompareNames to decide.
std::string NameKey(std::string_view name_any_script);

// Every plausible reading of the name as "<family key>/<given key>", the
// most likely first (that one is NameKey): a Latin or Cyrillic name whose
// family name could stand at either end has two. Empty for an input without
// letters. Linkage stores these once per record and compares them
// (CompareNames does the same on the fly).
std::vector<std::string> NameKeyReadings(std::string_view name_any_script);

// Spellings the name is known under, for search and display: for a Hangul
// name its romanizations in every system plus the common passport/press
// surname spellings (Lee, Rhee, Park, Choi ...) with the given name joined,
// hyphenated and spaced, family first and last, and Cyrillic forms; for a
// Latin or Cyrillic name the surname variants with the given name as written.
// The input's own spelling is first; no duplicates.
std::vector<std::string> NameVariants(std::string_view name);

struct NameComparison {
  double score = 0;    // in [0, 1]; 1 = same key and same spelling
  bool same = false;   // counts as the same name
  std::string reason;  // short, e.g. "same phonetic key", "given names differ"
};

// Compares two names written in any scripts. `same` when the phonetic keys
// agree (after trying both family-first and family-last readings), or when
// the family names agree and the given names differ only by a romanization
// quirk (Jaro-Winkler >= 0.95 on the keys with equal syllable shape).
NameComparison CompareNames(std::string_view a, std::string_view b);

// Jaro-Winkler similarity (prefix scale 0.1, prefix up to 4) over Unicode code
// points of two UTF-8 strings; 1 for two empty strings. Invalid UTF-8 bytes
// count as U+FFFD.
double JaroWinkler(std::string_view a, std::string_view b);

// Search form of any text: NFKC case fold, then the accents and breves on
// Latin letters dropped (ŏ→o, ǒ→o, ü→u, é→e); Hangul and Cyrillic letters are
// kept (ё stays ё). Used by search and linkage.
std::string FoldForSearch(std::string_view text);

}  // namespace chorus::text
