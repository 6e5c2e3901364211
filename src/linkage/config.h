// File: linkage/config.h
// The CONFIG.json of `chorus link csv` (docs/formats/linkage-config.md):
// the id column, the fields with their kinds and source columns, blocking
// rules and tunables, decoded into a LinkageSpec. JSON types stay in
// config.cc.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "linkage/spec.h"

namespace chorus::linkage {

struct CsvLinkConfig {
  std::string id_column;
  LinkageSpec spec;
  // field_columns[f]: the CSV columns whose values, joined by a space, make
  // field f (usually one).
  std::vector<std::vector<std::string>> field_columns;
};

// Errors: InvalidArgument naming the offending key ("config: fields[2]:
// unknown kind 'nmae'").
Result<CsvLinkConfig> ParseCsvLinkConfig(std::string_view json_text);
// Reads and parses a file; errors are prefixed with the path.
Result<CsvLinkConfig> ReadCsvLinkConfigFile(const std::string& path);

}  // namespace chorus::linkage
