// File: support/openapi_routes.h
// The (METHOD, path) pairs of an OpenAPI document, read line by line: a path
// is "  /api/...:" at indent 2 under "paths:", a method "    get:" at 4. Used
// by the tests that compare the document with the routes the server has.
#pragma once

#include <cctype>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace chorus::test_support {

inline std::vector<std::pair<std::string, std::string>> OpenApiRoutes(const std::string& yaml) {
  std::vector<std::pair<std::string, std::string>> routes;
  std::istringstream in(yaml);
  std::string line;
  std::string current;
  bool in_paths = false;
  const std::regex path_re("^  (/[^:]*):\\s*$");
  const std::regex method_re("^    (get|put|post|delete|patch|head|options):\\s*$");
  std::smatch m;
  while (std::getline(in, line)) {
    if (line == "paths:") {
      in_paths = true;
      continue;
    }
    if (!line.empty() && line[0] != ' ') in_paths = false;
    if (!in_paths) continue;
    if (std::regex_match(line, m, path_re)) {
      current = m[1];
    } else if (std::regex_match(line, m, method_re) && !current.empty()) {
      std::string method = m[1];
      for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      routes.emplace_back(method, current);
    }
  }
  return routes;
}

}  // namespace chorus::test_support
