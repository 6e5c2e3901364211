// File: text/romanize_internal.h
// Internal to src/text: the word-level romanization engine (romanize.cc)
// that the text and name drivers (romanize_api.cc) feed.
#pragma once

#include <string>
#include <vector>

#include "text/hangul.h"
#include "text/names.h"

namespace chorus::text::internal {

struct WordSyllable {
  Syllable syllable;
  bool hyphen_before = false;  // a hyphen (written or inserted) precedes it
  bool after_digits = false;   // first syllable right after a number (3.1-dong)
};

enum class WordMode {
  kText,      // running text: the system's full rules
  kName,      // a given name: the system's name convention across hyphens
  kIsolated,  // every syllable alone (ICS; DPRK given-name syllables)
};

// Appends the romanization of one word (syllables joined or hyphenated) to
// `out`, lowercase. REQUIRES: `word` not empty.
void RomanizeWord(RomanizationSystem system, const std::vector<WordSyllable>& word, WordMode mode,
                  std::string& out);

bool SystemReadsDigits(RomanizationSystem system);
bool SystemHyphenatesSuffixes(RomanizationSystem system);
bool SystemIsCyrillic(RomanizationSystem system);

}  // namespace chorus::text::internal
