// File: linkage/comparison.h
// Comparison levels: each field of a record pair falls into one level, from
// "exact" (level 1) down to "else" (the last level); level 0 means one side
// is missing and carries no evidence. The vector of levels over all fields
// is the pair's agreement pattern, packed 4 bits per field.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "linkage/records.h"
#include "linkage/spec.h"

namespace chorus::linkage {

using Pattern = uint64_t;
constexpr size_t kMaxFields = 16;  // 4 bits per field in a 64-bit pattern
constexpr int kMissingLevel = 0;

// Labels of the non-missing levels of a field, best first: labels[0] is
// level 1 ("exact"), labels.back() is "else".
std::vector<std::string> LevelLabels(const FieldSpec& field);

// The level of field `f` for records a and b.
int CompareField(const RecordSet& records, size_t f, RecordIndex a, RecordIndex b);

// The agreement pattern of a pair over every field.
Pattern ComparePair(const RecordSet& records, RecordIndex a, RecordIndex b);

inline int PatternLevel(Pattern p, size_t f) { return static_cast<int>((p >> (4 * f)) & 0xF); }
inline Pattern WithLevel(Pattern p, size_t f, int level) {
  return p | (static_cast<Pattern>(level) << (4 * f));
}

}  // namespace chorus::linkage
