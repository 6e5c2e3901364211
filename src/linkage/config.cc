#include "linkage/config.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace chorus::linkage {
namespace {

using Json = nlohmann::json;

Status Bad(const std::string& where, const std::string& what) {
  return Status::InvalidArgument("config: " + where + ": " + what);
}

Result<size_t> FieldIndex(const LinkageSpec& spec, const std::string& name,
                          const std::string& where) {
  for (size_t f = 0; f < spec.fields.size(); ++f) {
    if (spec.fields[f].name == name) return f;
  }
  return Bad(where, "unknown field '" + name + "'");
}

Result<BlockingKeyPart> DecodeKeyPart(const LinkageSpec& spec, const Json& j,
                                      const std::string& where) {
  BlockingKeyPart part;
  if (j.is_string()) {
    CHORUS_ASSIGN_OR_RETURN(part.field, FieldIndex(spec, j.get<std::string>(), where));
    return part;
  }
  if (!j.is_object() || !j.contains("field") || !j["field"].is_string()) {
    return Bad(where, "a key part is a field name or {\"field\": ..., \"transform\": ...}");
  }
  CHORUS_ASSIGN_OR_RETURN(part.field, FieldIndex(spec, j["field"].get<std::string>(), where));
  if (j.contains("transform")) {
    if (!j["transform"].is_string()) return Bad(where, "transform must be a string");
    const std::string name = j["transform"].get<std::string>();
    const auto transform = ParseKeyTransform(name);
    if (!transform) return Bad(where, "unknown transform '" + name + "'");
    part.transform = *transform;
  }
  if (j.contains("length")) {
    if (!j["length"].is_number_integer() || j["length"].get<int>() < 1) {
      return Bad(where, "length must be a positive integer");
    }
    part.length = j["length"].get<int>();
  }
  if (part.transform == KeyTransform::kPrefix && part.length == 0) {
    return Bad(where, "transform 'prefix' needs a length");
  }
  return part;
}

Result<CsvLinkConfig> Decode(const Json& root) {
  CsvLinkConfig config;
  if (!root.is_object()) return Bad("top level", "must be an object");
  if (!root.contains("id_column") || !root["id_column"].is_string()) {
    return Bad("id_column", "a string naming the id column is required");
  }
  config.id_column = root["id_column"].get<std::string>();
  if (!root.contains("fields") || !root["fields"].is_array() || root["fields"].empty()) {
    return Bad("fields", "a non-empty array is required");
  }
  LinkageSpec& spec = config.spec;
  size_t idx = 0;
  for (const Json& jf : root["fields"]) {
    const std::string where = "fields[" + std::to_string(idx++) + "]";
    if (!jf.is_object() || !jf.contains("name") || !jf["name"].is_string()) {
      return Bad(where, "each field needs a string 'name'");
    }
    FieldSpec field;
    field.name = jf["name"].get<std::string>();
    for (const FieldSpec& other : spec.fields) {
      if (other.name == field.name) return Bad(where, "duplicate field '" + field.name + "'");
    }
    if (!jf.contains("kind") || !jf["kind"].is_string()) return Bad(where, "'kind' is required");
    const std::string kind_name = jf["kind"].get<std::string>();
    const auto kind = ParseFieldKind(kind_name);
    if (!kind) return Bad(where, "unknown kind '" + kind_name + "'");
    field.kind = *kind;
    field.tf_adjust = DefaultTfAdjust(field.kind);
    if (jf.contains("tf_adjust")) {
      if (!jf["tf_adjust"].is_boolean()) return Bad(where, "tf_adjust must be true or false");
      field.tf_adjust = jf["tf_adjust"].get<bool>();
    }
    if (jf.contains("typo_level")) {
      if (!jf["typo_level"].is_boolean()) return Bad(where, "typo_level must be true or false");
      field.typo_level = jf["typo_level"].get<bool>();
    }
    if (jf.contains("prefix_levels")) {
      if (!jf["prefix_levels"].is_array()) return Bad(where, "prefix_levels must be an array");
      for (const Json& n : jf["prefix_levels"]) {
        if (!n.is_number_integer() || n.get<int>() < 1) {
          return Bad(where, "prefix_levels holds positive integers");
        }
        field.prefix_levels.push_back(n.get<int>());
      }
      if (field.kind != FieldKind::kCode) return Bad(where, "prefix_levels apply to kind 'code'");
    }
    std::vector<std::string> columns;
    if (jf.contains("columns")) {
      if (!jf["columns"].is_array() || jf["columns"].empty()) {
        return Bad(where, "columns must be a non-empty array");
      }
      for (const Json& c : jf["columns"]) {
        if (!c.is_string()) return Bad(where, "columns holds strings");
        columns.push_back(c.get<std::string>());
      }
    } else if (jf.contains("column")) {
      if (!jf["column"].is_string()) return Bad(where, "column must be a string");
      columns.push_back(jf["column"].get<std::string>());
    } else {
      columns.push_back(field.name);
    }
    spec.fields.push_back(std::move(field));
    config.field_columns.push_back(std::move(columns));
  }
  if (spec.fields.size() > 16) return Bad("fields", "at most 16 fields");

  if (!root.contains("blocking") || !root["blocking"].is_array() || root["blocking"].empty()) {
    return Bad("blocking", "a non-empty array of rules is required");
  }
  idx = 0;
  for (const Json& jr : root["blocking"]) {
    const std::string where = "blocking[" + std::to_string(idx++) + "]";
    BlockingRule rule;
    if (jr.is_array()) {
      if (jr.empty()) return Bad(where, "a rule needs at least one key part");
      for (const Json& jp : jr) {
        CHORUS_ASSIGN_OR_RETURN(BlockingKeyPart part, DecodeKeyPart(spec, jp, where));
        rule.parts.push_back(part);
      }
    } else {
      CHORUS_ASSIGN_OR_RETURN(BlockingKeyPart part, DecodeKeyPart(spec, jr, where));
      rule.parts.push_back(part);
    }
    spec.blocking.push_back(std::move(rule));
  }

  auto number = [&](const char* key, double lo, double hi, double& out) -> Status {
    if (!root.contains(key)) return Status::Ok();
    if (!root[key].is_number()) return Bad(key, "must be a number");
    const double v = root[key].get<double>();
    if (v < lo || v > hi) return Bad(key, "out of range");
    out = v;
    return Status::Ok();
  };
  CHORUS_RETURN_IF_ERROR(number("threshold", 0.0, 1.0, spec.threshold));
  if (root.contains("cluster_threshold")) {
    double v = 0;
    CHORUS_RETURN_IF_ERROR(number("cluster_threshold", 0.0, 1.0, v));
    spec.cluster_threshold = v;
  }
  if (root.contains("attach")) {
    const Json& attach = root["attach"];
    if (!attach.is_object()) return Bad("attach", "must be an object");
    if (!attach.contains("min_links") || !attach["min_links"].is_number_integer() ||
        attach["min_links"].get<int>() < 1) {
      return Bad("attach.min_links", "a positive integer is required");
    }
    spec.attach_min_links = attach["min_links"].get<int>();
    if (attach.contains("min_probability")) {
      if (!attach["min_probability"].is_number() || attach["min_probability"].get<double>() <= 0 ||
          attach["min_probability"].get<double>() >= 1) {
        return Bad("attach.min_probability", "must be a number between 0 and 1");
      }
      spec.attach_min_probability = attach["min_probability"].get<double>();
    }
  }
  if (root.contains("relocate")) {
    const Json& relocate = root["relocate"];
    if (!relocate.is_object()) return Bad("relocate", "must be an object");
    spec.relocate = true;
    auto probability = [&](const char* key, double& out) -> Status {
      if (!relocate.contains(key)) return Status::Ok();
      if (!relocate[key].is_number() || relocate[key].get<double>() <= 0 ||
          relocate[key].get<double>() >= 1) {
        return Bad(std::string("relocate.") + key, "must be a number between 0 and 1");
      }
      out = relocate[key].get<double>();
      return Status::Ok();
    };
    CHORUS_RETURN_IF_ERROR(probability("min_pair_probability", spec.relocate_min_pair_probability));
    CHORUS_RETURN_IF_ERROR(probability("join_probability", spec.relocate_join_probability));
  }
  double max_block = static_cast<double>(spec.max_block_size);
  CHORUS_RETURN_IF_ERROR(number("max_block_size", 2, 1e8, max_block));
  spec.max_block_size = static_cast<size_t>(max_block);
  double sample = static_cast<double>(spec.u_sample_pairs);
  CHORUS_RETURN_IF_ERROR(number("u_sample_pairs", 0, 1e10, sample));
  spec.u_sample_pairs = static_cast<uint64_t>(sample);
  double threads = 0;
  CHORUS_RETURN_IF_ERROR(number("threads", 0, 256, threads));
  spec.threads = static_cast<int>(threads);
  if (root.contains("one_to_one")) {
    if (!root["one_to_one"].is_boolean()) return Bad("one_to_one", "must be true or false");
    spec.one_to_one = root["one_to_one"].get<bool>();
  }
  if (root.contains("em")) {
    const Json& em = root["em"];
    if (!em.is_object()) return Bad("em", "must be an object");
    if (em.contains("max_iterations")) {
      if (!em["max_iterations"].is_number_integer() || em["max_iterations"].get<int>() < 1) {
        return Bad("em.max_iterations", "must be a positive integer");
      }
      spec.em.max_iterations = em["max_iterations"].get<int>();
    }
    if (em.contains("tolerance")) {
      if (!em["tolerance"].is_number() || em["tolerance"].get<double>() <= 0) {
        return Bad("em.tolerance", "must be a positive number");
      }
      spec.em.tolerance = em["tolerance"].get<double>();
    }
    if (em.contains("method")) {
      const std::string method = em["method"].is_string() ? em["method"].get<std::string>() : "";
      if (method == "candidates") {
        spec.em.method = EmMethod::kCandidates;
      } else if (method == "per_rule") {
        spec.em.method = EmMethod::kPerRule;
      } else {
        return Bad("em.method", "must be \"candidates\" or \"per_rule\"");
      }
    }
    if (em.contains("fix_u")) {
      if (!em["fix_u"].is_boolean()) return Bad("em.fix_u", "must be true or false");
      spec.em.fix_u = em["fix_u"].get<bool>();
    }
  }
  return config;
}

}  // namespace

Result<CsvLinkConfig> ParseCsvLinkConfig(std::string_view json_text) {
  const Json root = Json::parse(json_text, nullptr, /*allow_exceptions=*/false,
                                /*ignore_comments=*/true);
  if (root.is_discarded()) return Status::InvalidArgument("config: not valid JSON");
  try {
    return Decode(root);
  } catch (const std::exception&) {
    return Status::InvalidArgument("config: a value has the wrong type");
  }
}

Result<CsvLinkConfig> ReadCsvLinkConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  Result<CsvLinkConfig> config = ParseCsvLinkConfig(text.str());
  if (!config.ok()) return config.status().WithContext(path);
  return config;
}

}  // namespace chorus::linkage
