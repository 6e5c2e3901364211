#include "server/json_body.h"

#include <algorithm>

namespace chorus::server {
namespace {

bool HasType(const nlohmann::json& value, FieldType type) {
  switch (type) {
    case FieldType::kString:
      return value.is_string();
    case FieldType::kBool:
      return value.is_boolean();
    case FieldType::kNumber:
      return value.is_number();
    case FieldType::kStringArray:
      return value.is_array() &&
             std::all_of(value.begin(), value.end(), [](const auto& v) { return v.is_string(); });
  }
  return false;
}

const char* TypeWords(FieldType type) {
  switch (type) {
    case FieldType::kString:
      return "a string";
    case FieldType::kBool:
      return "true or false";
    case FieldType::kNumber:
      return "a number";
    case FieldType::kStringArray:
      return "an array of strings";
  }
  return "a value";
}

}  // namespace

Result<nlohmann::json> ParseBody(const HttpRequest& request, std::initializer_list<Field> fields) {
  nlohmann::json body = request.body.empty() ? nlohmann::json::object()
                                             : nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded()) return Status::InvalidArgument("the body is not valid JSON");
  if (!body.is_object()) return Status::InvalidArgument("the body must be a JSON object");
  for (auto it = body.begin(); it != body.end(); ++it) {
    const Field* known = nullptr;
    for (const Field& f : fields) {
      if (it.key() == f.name) known = &f;
    }
    if (known == nullptr) return Status::InvalidArgument("field '" + it.key() + "': unknown field");
    if (!HasType(*it, known->type)) {
      return Status::InvalidArgument("field '" + it.key() + "': must be " + TypeWords(known->type));
    }
  }
  for (const Field& f : fields) {
    if (f.required && !body.contains(f.name)) {
      return Status::InvalidArgument(std::string("field '") + f.name + "': is required");
    }
  }
  return body;
}

std::string Text(const nlohmann::json& body, const char* field) {
  return body.contains(field) ? body[field].get<std::string>() : std::string();
}

}  // namespace chorus::server
