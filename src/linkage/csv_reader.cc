#include "linkage/csv_reader.h"

#include <cstdio>
#include <memory>

namespace chorus::linkage {

Status ForEachCsvRow(
    const std::string& path,
    const std::function<Status(size_t row_number, const std::vector<std::string>& fields)>& row) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return Status::NotFound(path + ": cannot open");
  std::vector<char> buffer(1 << 20);
  std::vector<std::string> fields(1);
  size_t line = 1, row_line = 1, rows = 0, width = 0;
  bool in_quotes = false, quote_pending = false, at_field_start = true, first_bytes = true;
  auto finish_row = [&]() -> Status {
    if (fields.size() == 1 && fields[0].empty()) return Status::Ok();  // blank line
    if (rows == 0) {
      width = fields.size();
    } else if (fields.size() != width) {
      return Status::InvalidArgument(path + ": csv line " + std::to_string(row_line) + ": " +
                                     std::to_string(fields.size()) + " fields, header has " +
                                     std::to_string(width));
    }
    Status s = row(rows++, fields);
    fields.assign(1, std::string());
    return s;
  };
  size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), file.get())) > 0) {
    size_t i = 0;
    if (first_bytes) {
      first_bytes = false;
      if (n >= 3 && buffer[0] == '\xEF' && buffer[1] == '\xBB' && buffer[2] == '\xBF') i = 3;
    }
    for (; i < n; ++i) {
      const char c = buffer[i];
      if (in_quotes) {
        if (quote_pending) {
          quote_pending = false;
          if (c == '"') {
            fields.back().push_back('"');
            continue;
          }
          in_quotes = false;  // the quote closed the field; handle c below
        } else if (c == '"') {
          quote_pending = true;
          continue;
        } else {
          if (c == '\n') ++line;
          fields.back().push_back(c);
          continue;
        }
      }
      if (c == '"' && at_field_start) {
        in_quotes = true;
        at_field_start = false;
      } else if (c == ',') {
        fields.emplace_back();
        at_field_start = true;
      } else if (c == '\n') {
        CHORUS_RETURN_IF_ERROR(finish_row());
        ++line;
        row_line = line;
        at_field_start = true;
      } else if (c == '\r') {
        // Dropped: CRLF and LF rows read alike.
      } else {
        fields.back().push_back(c);
        at_field_start = false;
      }
    }
  }
  if (in_quotes && !quote_pending) {
    return Status::InvalidArgument(path + ": csv line " + std::to_string(row_line) +
                                   ": unterminated quoted field");
  }
  return finish_row();
}

}  // namespace chorus::linkage
