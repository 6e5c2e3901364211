#include "linkage/comparison.h"

#include <algorithm>
#include <cstdlib>

namespace chorus::linkage {
namespace {

// Thresholds of the Jaro-Winkler levels of short names, best first.
constexpr double kNameJw[] = {0.92, 0.85, 0.70};
// Thresholds of the token-set levels of full names.
constexpr double kFullNameSim[] = {0.92, 0.80, 0.65};
// Day distances of the date levels after exact and typo.
constexpr int64_t kDateDays[] = {31, 366, 3653};

int NameLevel(std::u32string_view a, std::u32string_view b) {
  if (a == b) return 1;
  const double jw = JaroWinkler(a, b);
  int level = 2;
  for (double t : kNameJw) {
    if (jw >= t) return level;
    ++level;
  }
  return level;  // else
}

int FullNameLevel(std::u32string_view a, std::u32string_view b) {
  if (a == b) return 1;
  if (SameTokenSet(a, b)) return 2;
  const double sim = std::max(TokenSetSimilarity(a, b), JaroWinkler(a, b));
  int level = 3;
  for (double t : kFullNameSim) {
    if (sim >= t) return level;
    ++level;
  }
  return level;
}

// True when some reading of a and some reading of b, family and given
// joined, straight or with one side turned round, are at most two edits
// apart. Keys longer than the buffer (no real name) never match.
bool KeysWithinTwoEdits(const std::u32string_view (&a_readings)[2],
                        const std::u32string_view (&b_readings)[2]) {
  constexpr size_t kMaxKey = 64;
  char32_t a_straight[kMaxKey], a_turned[kMaxKey], b_straight[kMaxKey], b_turned[kMaxKey];
  // Writes family+given and given+family of `key` (without the '/').
  auto join = [](std::u32string_view key, char32_t* straight, char32_t* turned) {
    const size_t slash = key.find(U'/');
    const std::u32string_view family = key.substr(0, slash), given = key.substr(slash + 1);
    std::copy(family.begin(), family.end(), straight);
    std::copy(given.begin(), given.end(), straight + family.size());
    std::copy(given.begin(), given.end(), turned);
    std::copy(family.begin(), family.end(), turned + given.size());
    return family.size() + given.size();
  };
  for (std::u32string_view ka : a_readings) {
    if (ka.empty() || ka.size() > kMaxKey || ka.find(U'/') == std::u32string_view::npos) continue;
    const size_t na = join(ka, a_straight, a_turned);
    for (std::u32string_view kb : b_readings) {
      if (kb.empty() || kb.size() > kMaxKey || kb.find(U'/') == std::u32string_view::npos) {
        continue;
      }
      const size_t nb = join(kb, b_straight, b_turned);
      const std::u32string_view as(a_straight, na), at(a_turned, na);
      const std::u32string_view bs(b_straight, nb), bt(b_turned, nb);
      if (DamerauLevenshtein(as, bs, 2) <= 2 || DamerauLevenshtein(at, bs, 2) <= 2 ||
          DamerauLevenshtein(as, bt, 2) <= 2) {
        return true;
      }
    }
  }
  return false;
}

// Levels of a Korean name in any script, compared on its phonetic keys
// "family/given" (the record's most likely reading and, for a Latin or
// Cyrillic name whose family name could stand at either end, the other).
// 1 same key; 2 same key under the other reading; 3 one part equal and the
// other one letter off (a typo, or a romanization the key does not fold);
// 4 the given part equal, the family part not (a typo in a Hangul family
// syllable changes its vowel, which the key may spell with two letters:
// 장 'can' -> 줭 'cwon'); 5 the whole keys, family and given joined in
// either order, at most two edits apart (a typo that also made the reader
// take the wrong part for the family name: Ком Нам Чин 'cin/komnam' against
// 'kim/namcin'); 6, 7 Jaro-Winkler on the keys >= 0.92, >= 0.80; 8 else.
int KoreanNameLevel(const RecordSet& records, size_t f, RecordIndex a, RecordIndex b) {
  const std::u32string_view a_readings[2] = {records.value(f, a), records.other_reading(f, a)};
  const std::u32string_view b_readings[2] = {records.value(f, b), records.other_reading(f, b)};
  if (a_readings[0] == b_readings[0]) return 1;
  for (std::u32string_view ka : a_readings) {
    for (std::u32string_view kb : b_readings) {
      if (!ka.empty() && ka == kb) return 2;
    }
  }
  double best = 0;
  bool one_letter_off = false, same_given = false;
  for (std::u32string_view ka : a_readings) {
    if (ka.empty()) continue;
    const size_t sa = ka.find(U'/');
    const std::u32string_view fa = ka.substr(0, sa), ga = ka.substr(sa + 1);
    for (std::u32string_view kb : b_readings) {
      if (kb.empty()) continue;
      const size_t sb = kb.find(U'/');
      const std::u32string_view fb = kb.substr(0, sb), gb = kb.substr(sb + 1);
      if ((fa == fb && WithinOneEdit(ga, gb)) || (ga == gb && WithinOneEdit(fa, fb))) {
        one_letter_off = true;
      }
      if (!ga.empty() && ga == gb) same_given = true;
      best = std::max(best, JaroWinkler(ka, kb));
    }
  }
  if (one_letter_off) return 3;
  if (same_given) return 4;
  if (KeysWithinTwoEdits(a_readings, b_readings)) return 5;
  if (best >= 0.92) return 6;
  if (best >= 0.80) return 7;
  return 8;
}

int FreeTextLevel(std::u32string_view a, std::u32string_view b) {
  if (a == b) return 1;
  if (JaroWinkler(a, b) >= 0.92) return 2;
  if (TokenSetSimilarity(a, b) >= 0.85) return 3;
  return 4;
}

int CodeLevel(const FieldSpec& spec, std::u32string_view a, std::u32string_view b) {
  if (a == b) return 1;
  int level = 2;
  if (spec.typo_level) {
    if (WithinOneEdit(a, b)) return level;
    ++level;
  }
  for (int n : spec.prefix_levels) {
    const size_t len = static_cast<size_t>(n);
    if (a.size() >= len && b.size() >= len && a.substr(0, len) == b.substr(0, len)) return level;
    ++level;
  }
  return level;
}

// Levels of two dates, best first: 1 the same day; 2 one slip in writing
// down one known day; 3-5 consistent, one side (or both) partial, the
// wider of the two known to the month, the year, the decade; 6-8 apart by
// at most 31 days, a year, ten years; 9 else. Consistency and nearness are
// different evidence: "1935" against 1935-07-03 says only that the year
// agrees (one chance in the decades of birth years), 1935-07-10 against
// 1935-07-03 says two exact dates nearly agree. Two equal partial dates are
// consistent, not exact: two people born in 1935 share nothing more.
int DateLevel(const LinkDate& a, const LinkDate& b, std::u32string_view da,
              std::u32string_view db) {
  const bool both_exact = a.is_exact_day() && b.is_exact_day();
  if (da == db && both_exact) return 1;
  // A single typed digit wrong, two digits swapped, day and month swapped,
  // or the year a year or two off with day and month right (an age
  // reckoned the Korean way, a year misremembered): slips in writing down
  // one known date.
  if (both_exact) {
    if (WithinOneEdit(da, db)) return 2;
    if (a.year == b.year && a.month == b.day && a.day == b.month) return 2;
    if (a.month == b.month && a.day == b.day && std::abs(a.year - b.year) <= 2) return 2;
  }
  int64_t gap = 0;
  if (a.last_day < b.first_day) gap = b.first_day - a.last_day;
  if (b.last_day < a.first_day) gap = a.first_day - b.last_day;
  if (gap == 0 && !both_exact) {
    const int64_t span = std::max(a.last_day - a.first_day, b.last_day - b.first_day) + 1;
    if (span <= kDateDays[0]) return 3;
    if (span <= kDateDays[1]) return 4;
    return 5;
  }
  int level = 6;
  for (int64_t days : kDateDays) {
    if (gap <= days) return level;
    ++level;
  }
  return level;
}

}  // namespace

std::vector<std::string> LevelLabels(const FieldSpec& field) {
  switch (field.kind) {
    case FieldKind::kGivenName:
    case FieldKind::kFamilyName:
    case FieldKind::kPlace:
      return {"exact", "jaro-winkler >= 0.92", "jaro-winkler >= 0.85", "jaro-winkler >= 0.70",
              "else"};
    case FieldKind::kPersonName:
      return {"exact",
              "same words, any order",
              "name similarity >= 0.92",
              "name similarity >= 0.80",
              "name similarity >= 0.65",
              "else"};
    case FieldKind::kDate:
      return {"exact",
              "one typo, day/month swapped or year off by 1-2",
              "partial, consistent, month known",
              "partial, consistent, year known",
              "partial, consistent, decade known",
              "within 31 days",
              "within 1 year",
              "within 10 years",
              "else"};
    case FieldKind::kCode: {
      std::vector<std::string> labels{"exact"};
      if (field.typo_level) labels.push_back("one typo");
      for (int n : field.prefix_levels) labels.push_back("first " + std::to_string(n) + " agree");
      labels.push_back("else");
      return labels;
    }
    case FieldKind::kSex:
      return {"exact", "else"};
    case FieldKind::kFreeText:
      return {"exact", "jaro-winkler >= 0.92", "similar words", "else"};
    case FieldKind::kKoreanName:
      return {"same phonetic key",
              "same key, family name at the other end",
              "one part same, other one letter off",
              "given part same",
              "keys two edits apart, either order",
              "key jaro-winkler >= 0.92",
              "key jaro-winkler >= 0.80",
              "else"};
  }
  return {"exact", "else"};
}

int CompareField(const RecordSet& records, size_t f, RecordIndex a, RecordIndex b) {
  if (records.missing(f, a) || records.missing(f, b)) return kMissingLevel;
  const FieldSpec& spec = records.fields()[f];
  const std::u32string_view va = records.value(f, a);
  const std::u32string_view vb = records.value(f, b);
  switch (spec.kind) {
    case FieldKind::kGivenName:
    case FieldKind::kFamilyName:
    case FieldKind::kPlace:
      return NameLevel(va, vb);
    case FieldKind::kPersonName:
      return FullNameLevel(va, vb);
    case FieldKind::kDate:
      return DateLevel(records.date(f, a), records.date(f, b), va, vb);
    case FieldKind::kCode:
      return CodeLevel(spec, va, vb);
    case FieldKind::kSex:
      return va == vb ? 1 : 2;
    case FieldKind::kFreeText:
      return FreeTextLevel(va, vb);
    case FieldKind::kKoreanName:
      return KoreanNameLevel(records, f, a, b);
  }
  return kMissingLevel;
}

Pattern ComparePair(const RecordSet& records, RecordIndex a, RecordIndex b) {
  Pattern p = 0;
  for (size_t f = 0; f < records.fields().size(); ++f) {
    p = WithLevel(p, f, CompareField(records, f, a, b));
  }
  return p;
}

}  // namespace chorus::linkage
