// File: linkage/comparators.h
// String and date comparators for record linkage: Jaro-Winkler, Levenshtein,
// Damerau (optimal string alignment), q-gram Jaccard, token-set name
// similarity, and a parser for the dates met in linkage input (EDTF-like
// "1956-04-09", "1956-04", "1956", "19560409"). Pure; every function is
// thread safe. Strings are compared as Unicode code points.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chorus::linkage {

// Decodes UTF-8 to code points; an invalid byte becomes U+FFFD.
std::u32string DecodeUtf8(std::string_view utf8);
std::string EncodeUtf8(std::u32string_view text);

// Lowercases (ASCII, Latin-1, Greek, Cyrillic), turns punctuation and runs of
// whitespace into single spaces, trims. Hangul and other scripts pass
// through unchanged. "  O'Brien-Smith " -> "o brien smith".
std::u32string FoldForLinkage(std::u32string_view text);

// Jaro similarity in [0, 1]; 1 for two empty strings.
double Jaro(std::u32string_view a, std::u32string_view b);
// Jaro-Winkler with prefix scale 0.1 and a common prefix of at most 4.
double JaroWinkler(std::u32string_view a, std::u32string_view b);

// Edit distances. `cap`: stop early and return cap + 1 once the distance
// must exceed `cap` (a bounded comparison is what the levels need).
int Levenshtein(std::u32string_view a, std::u32string_view b, int cap = 1 << 20);
// Optimal string alignment: Levenshtein plus transposition of neighbours.
int DamerauLevenshtein(std::u32string_view a, std::u32string_view b, int cap = 1 << 20);

// True when the optimal-string-alignment distance is at most 1 (one
// insertion, deletion, substitution or swap of neighbours); linear time.
bool WithinOneEdit(std::u32string_view a, std::u32string_view b);

// Jaccard index of the sets of q-grams (padded with one space each side).
double QGramJaccard(std::u32string_view a, std::u32string_view b, int q = 2);

// Similarity of two multi-token names regardless of token order: each token
// of the shorter name is paired greedily with its best Jaro-Winkler partner
// in the other name; the result is the mean over the shorter name's tokens.
// Tokens are separated by single spaces (as FoldForLinkage leaves them).
double TokenSetSimilarity(std::u32string_view a, std::u32string_view b);

// True when both hold the same tokens in any order.
bool SameTokenSet(std::u32string_view a, std::u32string_view b);

// A date as met in linkage input, with its precision. Unknown parts are 0.
struct LinkDate {
  int year = 0;
  int month = 0;  // 0 = unknown
  int day = 0;    // 0 = unknown
  // Days since 1970-01-01 of the first day the value can denote.
  int64_t first_day = 0;
  // Days since 1970-01-01 of the last day the value can denote.
  int64_t last_day = 0;

  bool is_exact_day() const { return month != 0 && day != 0; }
};

// Parses "YYYY-MM-DD", "YYYY-MM", "YYYY", "YYYYMMDD", "DD/MM/YYYY" and EDTF
// qualifiers ("~1956", "1956?", "195X" as a decade). Returns nullopt for
// anything else (the field is then treated as missing).
std::optional<LinkDate> ParseLinkDate(std::string_view text);

// Days since 1970-01-01 (proleptic Gregorian).
int64_t DaysFromCivil(int year, int month, int day);

}  // namespace chorus::linkage
