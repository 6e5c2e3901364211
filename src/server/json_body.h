// File: server/json_body.h
// Reading the small JSON bodies of action routes (a case move, a merge):
// only the fields a route names, each of its type, else a clear 400 that
// names the field.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>

#include "base/status.h"
#include "server/http.h"

namespace chorus::server {

enum class FieldType { kString, kBool, kStringArray, kNumber };

struct Field {
  const char* name;
  FieldType type;
  bool required;
};

// The body as an object with only `fields`, each of its type (an empty body
// is an empty object). InvalidArgument naming the field otherwise.
Result<nlohmann::json> ParseBody(const HttpRequest& request, std::initializer_list<Field> fields);

// The string `field` of a parsed body, "" when absent.
std::string Text(const nlohmann::json& body, const char* field);

}  // namespace chorus::server
