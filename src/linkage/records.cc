#include "linkage/records.h"

#include <cstdio>
#include <unordered_map>

#include "text/names.h"

namespace chorus::linkage {

RecordSet::RecordSet(std::vector<FieldSpec> fields)
    : fields_(std::move(fields)), columns_(fields_.size()) {}

Status RecordSet::Add(std::string id, int source, const std::vector<std::string_view>& values) {
  if (values.size() != fields_.size()) {
    return Status::InvalidArgument("record " + id + ": " + std::to_string(values.size()) +
                                   " values for " + std::to_string(fields_.size()) + " fields");
  }
  if (source != 0 && source != 1) {
    return Status::InvalidArgument("record " + id + ": source must be 0 or 1");
  }
  for (size_t f = 0; f < fields_.size(); ++f) {
    Column& c = columns_[f];
    if (fields_[f].kind == FieldKind::kDate) {
      const std::optional<LinkDate> date = ParseLinkDate(values[f]);
      LinkDate stored;
      if (date) {
        stored = *date;
        // Canonical digits: YYYYMMDD with 00 for unknown parts, so the typo
        // level compares like with like whatever the input format.
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d%02d%02d", date->year, date->month, date->day);
        for (const char* p = buf; *p; ++p) c.chars.push_back(static_cast<char32_t>(*p));
      }
      c.dates.push_back(stored);
    } else if (fields_[f].kind == FieldKind::kKoreanName) {
      // Keys are ASCII: no folding needed.
      const std::vector<std::string> readings = text::NameKeyReadings(values[f]);
      auto append = [](std::vector<char32_t>& to, const std::string& key) {
        for (char ch : key) to.push_back(static_cast<unsigned char>(ch));
      };
      if (!readings.empty()) append(c.chars, readings[0]);
      if (readings.size() > 1) append(c.other_chars, readings[1]);
      c.other_offsets.push_back(static_cast<uint32_t>(c.other_chars.size()));
    } else {
      const std::u32string folded = FoldForLinkage(DecodeUtf8(values[f]));
      c.chars.insert(c.chars.end(), folded.begin(), folded.end());
    }
    c.offsets.push_back(static_cast<uint32_t>(c.chars.size()));
  }
  ids_.push_back(std::move(id));
  sources_.push_back(static_cast<uint8_t>(source));
  ++source_counts_[source];
  return Status::Ok();
}

void RecordSet::Finish() {
  for (size_t f = 0; f < fields_.size(); ++f) {
    if (!fields_[f].tf_adjust) continue;
    std::unordered_map<std::u32string_view, uint32_t> counts;
    size_t present = 0;
    for (RecordIndex r = 0; r < size(); ++r) {
      if (missing(f, r)) continue;
      ++counts[value(f, r)];
      ++present;
    }
    Column& c = columns_[f];
    c.tf.assign(size(), 0.0f);
    if (present == 0) continue;
    for (const auto& [value, count] : counts) {
      const double share = static_cast<double>(count) / static_cast<double>(present);
      c.chance_agreement += share * share;
    }
    for (RecordIndex r = 0; r < size(); ++r) {
      if (missing(f, r)) continue;
      c.tf[r] = static_cast<float>(static_cast<double>(counts[value(f, r)]) /
                                   static_cast<double>(present));
    }
  }
}

}  // namespace chorus::linkage
