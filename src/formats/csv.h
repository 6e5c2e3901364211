// File: formats/csv.h
// RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF line ends, embedded
// newlines inside quotes. Pure; the caller reads and writes the bytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace chorus::formats {

using CsvRow = std::vector<std::string>;

// A parsed table: the header row and the data rows, every row as wide as the
// header.
struct CsvTable {
  CsvRow header;
  std::vector<CsvRow> rows;

  // Index of the header column named `name`, or -1.
  int ColumnIndex(std::string_view name) const;
};

// Parses `text` (UTF-8, optional BOM). Errors name the 1-based line: an
// unterminated quote, a stray quote inside an unquoted field, or a row whose
// width differs from the header's.
Result<CsvTable> ParseCsv(std::string_view text);

// Reads a file and parses it; errors are prefixed with the path.
Result<CsvTable> ReadCsvFile(const std::string& path);

// Quotes a field when it holds a comma, quote, CR or LF.
std::string CsvEscape(std::string_view field);

// One line: escaped fields joined by commas, ending in "\r\n" (RFC 4180).
std::string FormatCsvRow(const CsvRow& row);

}  // namespace chorus::formats
