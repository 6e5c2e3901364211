// File: formats/record_json.h
// The JSON form of every record kind, and the bundle that carries many:
// the import/export format documented in docs/FORMAT.md. The store keeps
// records in this same JSON (sealed), so one codec serves both. Pure.
#pragma once

#include <functional>
#include <istream>
#include <ostream>
#include <string>
#include <string_view>

#include "base/status.h"
#include "core/model.h"

namespace chorus::formats {

inline constexpr std::string_view kBundleFormat = "chorus-bundle";
inline constexpr int kBundleVersion = 1;

// One record as compact JSON with a stable key order (so equal records encode
// to equal bytes). Includes "kind".
// These bytes are sealed into the store and hashed into audit entries: they
// must never change for a given record.
std::string EncodeRecord(const core::Record& record);
// For tests only: EncodeRecord through a JSON document object, the reference
// the direct encoder (which EncodeRecord uses) must match byte for byte.
std::string EncodeRecordThroughDomForTest(const core::Record& record);

// Decodes one record from its JSON text. Unknown fields, wrong types, bad
// enum values and malformed EDTF are InvalidArgument naming the field
// ("event evt-1: field 'dates[0].edtf': ..."). Does not check references.
Result<core::Record> DecodeRecord(std::string_view json_text);
// For tests only: DecodeRecord through nlohmann-json instead of simdjson, the
// reference the fast parser must agree with (same records, same errors).
Result<core::Record> DecodeRecordThroughNlohmannForTest(std::string_view json_text);

// Reads a bundle and hands each decoded record to `consume` in file order,
// without holding the whole file in memory. Accepts the document form
// ({"format":"chorus-bundle","version":1,"records":[...]}) and JSON Lines (a
// header line {"format":"chorus-bundle","version":1} then one record per
// line). Errors name the record's position ("record 12"), its id when known,
// and the field; the first error from `consume` stops reading and is returned.
Status ReadBundle(std::istream& in,
                  const std::function<Status(core::Record&& record, size_t index)>& consume);

// Writes the document form with one record per line, so exports diff well
// and stream back in.
class BundleWriter {
 public:
  explicit BundleWriter(std::ostream& out);
  void Write(const core::Record& record);
  // Writes the closing bracket. REQUIRES: called once, after the last Write.
  void Finish();

 private:
  std::ostream& out_;
  bool first_ = true;
};

}  // namespace chorus::formats
