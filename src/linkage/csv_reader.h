// File: linkage/csv_reader.h
// A streaming RFC 4180 reader for linkage input: one row at a time, so a
// million-row file is never held as a table of strings.
// TODO(#6): formats::ParseCsv rejects a quoted field that follows a comma
// ("a,\"b, c\"" -> "quote inside an unquoted field"); once fixed, the
// formats reader could serve small files, but this one stays for streaming.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/status.h"

namespace chorus::linkage {

// Calls `row` for each row of the file, the header first (row_number 0).
// Quoted fields may hold commas, doubled quotes and newlines; a UTF-8 BOM
// is skipped; blank lines are skipped. Errors: NotFound when the file
// cannot be opened, InvalidArgument naming the line of an unterminated
// quote or of a row whose width differs from the header's, or the Status
// returned by `row`.
Status ForEachCsvRow(
    const std::string& path,
    const std::function<Status(size_t row_number, const std::vector<std::string>& fields)>& row);

}  // namespace chorus::linkage
