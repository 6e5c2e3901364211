// File: linkage/records.h
// The records a linkage run compares: an id, a source (0 for the only or
// left file, 1 for the right one) and one value per field, stored column by
// column in normalised form (folded code points, parsed dates, term
// frequencies) so comparisons touch little memory. Any input (CSV, the
// store) fills it through Add().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "linkage/comparators.h"
#include "linkage/spec.h"

namespace chorus::linkage {

using RecordIndex = uint32_t;

class RecordSet {
 public:
  explicit RecordSet(std::vector<FieldSpec> fields);

  // Appends a record. `values` has one entry per field, in spec order; an
  // empty (or unparseable date) value is missing. Errors: InvalidArgument
  // when the width is wrong or `source` is not 0 or 1.
  Status Add(std::string id, int source, const std::vector<std::string_view>& values);

  // Computes the term frequencies. REQUIRES: called once, after the last
  // Add() and before any comparison.
  void Finish();

  size_t size() const { return ids_.size(); }
  const std::vector<FieldSpec>& fields() const { return fields_; }
  const std::string& id(RecordIndex r) const { return ids_[r]; }
  int source(RecordIndex r) const { return sources_[r]; }
  size_t count_in_source(int source) const { return source_counts_[static_cast<size_t>(source)]; }

  // The normalised value of field `f` of record `r` (empty = missing).
  std::u32string_view value(size_t f, RecordIndex r) const {
    const Column& c = columns_[f];
    return {c.chars.data() + c.offsets[r], c.offsets[r + 1] - c.offsets[r]};
  }
  bool missing(size_t f, RecordIndex r) const {
    const Column& c = columns_[f];
    return c.offsets[r] == c.offsets[r + 1];
  }
  // kDate fields only. REQUIRES: !missing(f, r).
  const LinkDate& date(size_t f, RecordIndex r) const { return columns_[f].dates[r]; }
  // kKoreanName fields only: the value is the name's most likely phonetic
  // key "family/given" (text::NameKeyReadings); this is the second reading
  // (family name at the other end), empty when the name has only one.
  std::u32string_view other_reading(size_t f, RecordIndex r) const {
    const Column& c = columns_[f];
    return {c.other_chars.data() + c.other_offsets[r], c.other_offsets[r + 1] - c.other_offsets[r]};
  }
  // Share of records (with the field present) holding this exact value;
  // 0 for fields without tf_adjust.
  double term_frequency(size_t f, RecordIndex r) const {
    const Column& c = columns_[f];
    return c.tf.empty() ? 0.0 : static_cast<double>(c.tf[r]);
  }
  // The chance that two random records (with the field present) agree
  // exactly on field `f`: the sum of squared term frequencies. The centre
  // of the term-frequency adjustment. 0 for fields without tf_adjust.
  double chance_agreement(size_t f) const { return columns_[f].chance_agreement; }

 private:
  struct Column {
    std::vector<char32_t> chars;
    std::vector<uint32_t> offsets{0};
    std::vector<LinkDate> dates;  // kDate only
    // kKoreanName only: the second reading, stored like `chars`.
    std::vector<char32_t> other_chars;
    std::vector<uint32_t> other_offsets{0};
    std::vector<float> tf;        // tf_adjust only, after Finish()
    double chance_agreement = 0;  // tf_adjust only, after Finish()
  };

  std::vector<FieldSpec> fields_;
  std::vector<Column> columns_;
  std::vector<std::string> ids_;
  std::vector<uint8_t> sources_;
  size_t source_counts_[2] = {0, 0};
};

}  // namespace chorus::linkage
