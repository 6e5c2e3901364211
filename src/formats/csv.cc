#include "formats/csv.h"

#include <fstream>
#include <sstream>

namespace chorus::formats {

int CsvTable::ColumnIndex(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

Result<CsvTable> ParseCsv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRow> rows;
  CsvRow row;
  std::string field;
  size_t line = 1;
  size_t i = 0;
  bool in_field = false;     // characters of the current field have been read
  bool after_comma = false;  // a comma was read, so a (possibly empty) field follows
  auto end_field = [&]() {
    row.push_back(std::move(field));
    field.clear();
    in_field = false;
  };
  auto end_row = [&]() {
    if (in_field || after_comma || !field.empty()) end_field();
    // A blank line is skipped rather than made a row.
    if (!row.empty()) rows.push_back(std::move(row));
    row.clear();
    after_comma = false;
  };
  while (i < text.size()) {
    char c = text[i];
    if (c == '"' && !in_field) {
      in_field = true;
      ++i;
      size_t quote_line = line;
      bool closed = false;
      while (i < text.size()) {
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        if (text[i] == '\n') ++line;
        field += text[i++];
      }
      if (!closed) {
        return Status::InvalidArgument("csv line " + std::to_string(quote_line) +
                                       ": unterminated quoted field");
      }
      if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        return Status::InvalidArgument("csv line " + std::to_string(line) +
                                       ": text after a closing quote");
      }
      continue;
    }
    if (c == ',') {
      end_field();
      after_comma = true;
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++i;
      end_row();
      ++line;
      continue;
    }
    if (c == '"') {
      return Status::InvalidArgument("csv line " + std::to_string(line) +
                                     ": quote inside an unquoted field");
    }
    in_field = true;
    after_comma = false;
    field += c;
    ++i;
  }
  end_row();

  CsvTable table;
  if (rows.empty()) return Status::InvalidArgument("csv: no header row");
  table.header = std::move(rows.front());
  for (size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() != table.header.size()) {
      return Status::InvalidArgument("csv row " + std::to_string(r + 1) + ": " +
                                     std::to_string(rows[r].size()) + " fields, header has " +
                                     std::to_string(table.header.size()));
    }
    table.rows.push_back(std::move(rows[r]));
  }
  return table;
}

Result<CsvTable> ReadCsvFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  auto table = ParseCsv(buffer.str());
  if (!table.ok()) return table.status().WithContext(path);
  return table;
}

std::string CsvEscape(std::string_view field) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string FormatCsvRow(const CsvRow& row) {
  std::string out;
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out += ',';
    out += CsvEscape(row[i]);
  }
  out += "\r\n";
  return out;
}

}  // namespace chorus::formats
