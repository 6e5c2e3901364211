#include "formats/record_json.h"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <utility>

#include "base/overloaded.h"
#include "formats/json_limits.h"

namespace chorus::formats {
namespace {

using Json = nlohmann::ordered_json;
using core::RecordKind;

// ---- enum tables: the JSON words for each enum, in enum order ----

constexpr std::array<std::string_view, 4> kSourceKinds = {"person", "outlet", "organization",
                                                          "document"};
constexpr std::array<std::string_view, 6> kReliabilities = {"A", "B", "C", "D", "E", "F"};
constexpr std::array<std::string_view, 5> kReportKinds = {"testimony", "interview", "news_article",
                                                          "document", "statement"};
constexpr std::array<std::string_view, 8> kKnowledge = {
    "first_hand_victim", "first_hand_witness",  "first_hand_perpetrator", "relayed_relative",
    "relayed_colleague", "relayed_third_party", "relayed_media",          "unknown"};
constexpr std::array<std::string_view, 4> kDerivations = {"original", "translation", "transcript",
                                                          "redacted"};
constexpr std::array<std::string_view, 4> kRoles = {"perpetrator", "victim", "witness",
                                                    "intervening_party"};
constexpr std::array<std::string_view, 5> kDegrees = {
    "carried_out", "gave_orders", "failed_to_exercise_authority", "assisted", "unknown"};
constexpr std::array<std::string_view, 3> kSexes = {"unknown", "female", "male"};
constexpr std::array<std::string_view, 9> kOrgKinds = {
    "state_agency", "company", "unit",     "government", "diplomatic_mission",
    "ngo",          "media",   "business", "other"};
constexpr std::array<std::string_view, 5> kPlaceKinds = {"country", "region", "city", "site",
                                                         "other"};

template <typename E, size_t N>
std::string_view EnumWord(const std::array<std::string_view, N>& words, E value) {
  return words[static_cast<size_t>(value)];
}

// Thrown inside this file only: decoding stops at the first problem and
// DecodeRecord turns it into a Status. Never escapes the module.
struct DecodeError {
  std::string field;
  std::string what;
};

// Where a field is, for error messages ("dates[0].edtf"). Built only when an
// error names it: decoding a valid record allocates no path strings. Each
// Path lives on the stack of the reader that made it, inside its parent's.
class Path {
 public:
  Path() = default;
  Path Field(std::string_view key) const { return Path(this, key, kNoIndex); }
  Path Item(size_t index) const { return Path(this, {}, index); }
  std::string ToString() const {
    std::string out = parent_ ? parent_->ToString() : std::string();
    if (index_ != kNoIndex) return out + "[" + std::to_string(index_) + "]";
    if (key_.empty()) return out;
    return out.empty() ? std::string(key_) : out + "." + std::string(key_);
  }

 private:
  static constexpr size_t kNoIndex = std::numeric_limits<size_t>::max();
  Path(const Path* parent, std::string_view key, size_t index)
      : parent_(parent), key_(key), index_(index) {}
  const Path* parent_ = nullptr;
  std::string_view key_;
  size_t index_ = kNoIndex;
};

// The decoder reads JSON through one of two parsers with the same meaning:
// simdjson (DecodeRecord and JSON Lines bundles: ten times faster, and every
// GET and import decodes records) and nlohmann (the streamed document form of
// a bundle, and the reference the tests compare simdjson with). Both adapters
// give a duplicated key its last value, as nlohmann does, and read an
// unsigned integer above INT64_MAX modulo 2^64, as nlohmann's get<int64_t>.
class NlohmannValue {
 public:
  explicit NlohmannValue(const Json& json) : json_(&json) {}
  bool IsNull() const { return json_->is_null(); }
  bool IsObject() const { return json_->is_object(); }
  bool IsArray() const { return json_->is_array(); }
  bool IsString() const { return json_->is_string(); }
  bool IsInteger() const { return json_->is_number_integer(); }
  bool IsNumber() const { return json_->is_number(); }
  bool IsBool() const { return json_->is_boolean(); }
  std::string_view String() const { return json_->get_ref<const std::string&>(); }
  int64_t Integer() const { return json_->get<int64_t>(); }
  double Number() const { return json_->get<double>(); }
  bool Bool() const { return json_->get<bool>(); }
  std::optional<NlohmannValue> Find(std::string_view key) const {
    auto it = json_->find(key);
    if (it == json_->end()) return std::nullopt;
    return NlohmannValue(*it);
  }
  template <typename Fn>
  void ForEachKey(Fn fn) const {
    for (auto it = json_->begin(); it != json_->end(); ++it) fn(std::string_view(it.key()));
  }
  template <typename Fn>
  void ForEachItem(Fn fn) const {
    for (size_t i = 0; i < json_->size(); ++i) fn(NlohmannValue((*json_)[i]), i);
  }

 private:
  const Json* json_;
};

class SimdValue {
 public:
  explicit SimdValue(simdjson::dom::element element) : element_(element) {}
  bool IsNull() const { return Type() == simdjson::dom::element_type::NULL_VALUE; }
  bool IsObject() const { return Type() == simdjson::dom::element_type::OBJECT; }
  bool IsArray() const { return Type() == simdjson::dom::element_type::ARRAY; }
  bool IsString() const { return Type() == simdjson::dom::element_type::STRING; }
  bool IsInteger() const {
    return Type() == simdjson::dom::element_type::INT64 ||
           Type() == simdjson::dom::element_type::UINT64;
  }
  bool IsNumber() const { return IsInteger() || Type() == simdjson::dom::element_type::DOUBLE; }
  bool IsBool() const { return Type() == simdjson::dom::element_type::BOOL; }
  // REQUIRES: the matching Is...() is true (the reader checks before reading).
  std::string_view String() const { return element_.get_string().value_unsafe(); }
  int64_t Integer() const {
    if (Type() == simdjson::dom::element_type::UINT64) {
      return static_cast<int64_t>(element_.get_uint64().value_unsafe());
    }
    return element_.get_int64().value_unsafe();
  }
  double Number() const { return element_.get_double().value_unsafe(); }
  bool Bool() const { return element_.get_bool().value_unsafe(); }
  std::optional<SimdValue> Find(std::string_view key) const {
    std::optional<SimdValue> found;
    for (simdjson::dom::key_value_pair field : Object()) {
      if (field.key == key) found = SimdValue(field.value);  // the last one wins
    }
    return found;
  }
  template <typename Fn>
  void ForEachKey(Fn fn) const {
    for (simdjson::dom::key_value_pair field : Object()) {
      fn(field.key);
    }
  }
  template <typename Fn>
  void ForEachItem(Fn fn) const {
    size_t i = 0;
    const simdjson::dom::array array = element_.get_array().value_unsafe();
    for (simdjson::dom::element item : array) {
      fn(SimdValue(item), i++);
    }
  }

 private:
  simdjson::dom::element_type Type() const { return element_.type(); }
  // By value: value_unsafe() returns a reference into its temporary result,
  // which a range-for over it would outlive.
  simdjson::dom::object Object() const { return element_.get_object().value_unsafe(); }
  simdjson::dom::element element_;
};

// Reads the fields of one JSON object, remembering which were used so that
// unknown fields can be refused.
template <typename Value>
class ObjectReader {
 public:
  ObjectReader(Value json, const Path& path) : json_(json), path_(path) {
    if (!json_.IsObject()) {
      std::string where = path_.ToString();
      throw DecodeError{where.empty() ? "record" : where, "must be an object"};
    }
  }

  // The value of `key`, or nothing when it is absent or null.
  std::optional<Value> Find(std::string_view key) {
    used_.push_back(key);
    auto value = json_.Find(key);
    if (!value || value->IsNull()) return std::nullopt;
    return value;
  }
  Path At(std::string_view key) const { return path_.Field(key); }
  std::string Field(std::string_view key) const { return At(key).ToString(); }

  std::string String(std::string_view key, bool required = false) {
    auto v = Find(key);
    if (!v) {
      if (required) throw DecodeError{Field(key), "is required"};
      return {};
    }
    if (!v->IsString()) throw DecodeError{Field(key), "must be a string"};
    return std::string(v->String());
  }
  std::optional<std::string> OptString(std::string_view key) {
    auto v = Find(key);
    if (!v) return std::nullopt;
    if (!v->IsString()) throw DecodeError{Field(key), "must be a string"};
    return std::string(v->String());
  }
  std::optional<int64_t> OptInt(std::string_view key) {
    auto v = Find(key);
    if (!v) return std::nullopt;
    if (!v->IsInteger()) throw DecodeError{Field(key), "must be an integer"};
    return v->Integer();
  }
  std::optional<double> OptNumber(std::string_view key) {
    auto v = Find(key);
    if (!v) return std::nullopt;
    if (!v->IsNumber()) throw DecodeError{Field(key), "must be a number"};
    return v->Number();
  }
  bool Bool(std::string_view key) {
    auto v = Find(key);
    if (!v) return false;
    if (!v->IsBool()) throw DecodeError{Field(key), "must be true or false"};
    return v->Bool();
  }
  template <typename E, size_t N>
  E Enum(std::string_view key, const std::array<std::string_view, N>& words, E fallback,
         bool required = false) {
    std::string word = String(key, required);
    if (word.empty() && !required) return fallback;
    for (size_t i = 0; i < N; ++i) {
      if (words[i] == word) return static_cast<E>(i);
    }
    std::string allowed;
    for (auto w : words) allowed += (allowed.empty() ? "" : ", ") + std::string(w);
    throw DecodeError{Field(key), "'" + word + "' is not one of: " + allowed};
  }
  std::optional<core::FuzzyDate> OptEdtf(std::string_view key) {
    auto text = OptString(key);
    if (!text) return std::nullopt;
    auto date = core::FuzzyDate::Parse(*text);
    if (!date.ok()) throw DecodeError{Field(key), date.status().message()};
    return *date;
  }
  std::optional<Timestamp> OptTimestamp(std::string_view key) {
    auto text = OptString(key);
    if (!text) return std::nullopt;
    auto t = ParseTimestamp(*text);
    if (!t) throw DecodeError{Field(key), "'" + *text + "' is not an ISO 8601 UTC time"};
    return *t;
  }
  // Each element of an array field, with its path.
  template <typename Fn>
  void Each(std::string_view key, Fn fn) {
    auto v = Find(key);
    if (!v) return;
    if (!v->IsArray()) throw DecodeError{Field(key), "must be an array"};
    const Path field = At(key);
    v->ForEachItem([&](Value item, size_t i) { fn(item, field.Item(i)); });
  }
  std::vector<std::string> StringList(std::string_view key) {
    std::vector<std::string> out;
    Each(key, [&](Value item, const Path& at) {
      if (!item.IsString()) throw DecodeError{at.ToString(), "must be a string"};
      out.emplace_back(item.String());
    });
    return out;
  }

  void RejectUnknown() const {
    json_.ForEachKey([&](std::string_view key) {
      if (std::find(used_.begin(), used_.end(), key) == used_.end()) {
        throw DecodeError{Field(key), "unknown field"};
      }
    });
  }

 private:
  Value json_;
  Path path_;
  // The keys read so far: string literals of this file, so views are safe.
  std::vector<std::string_view> used_;
};

// {"compartment": "sources", "key": "<hex>", "box": "<base64>"}: opaque here;
// records/ and compartments/ check that the key exists and the box opens.
template <typename Value>
std::optional<core::SealedPart> Sealed(ObjectReader<Value>& r) {
  auto json = r.Find("sealed");
  if (!json) return std::nullopt;
  const Path at = r.At("sealed");
  ObjectReader<Value> s(*json, at);
  std::string name = s.String("compartment", true);
  auto compartment = core::ParseCompartment(name);
  if (!compartment) {
    throw DecodeError{s.Field("compartment"), "'" + name + "' is not a compartment"};
  }
  core::SealedPart part{*compartment, s.String("key", true), s.String("box", true)};
  s.RejectUnknown();
  bool hex = !part.key_id.empty() && part.key_id.size() <= 64 &&
             part.key_id.find_first_not_of("0123456789abcdef") == std::string::npos;
  if (!hex) throw DecodeError{s.Field("key"), "must be lowercase hex digits"};
  return part;
}

template <typename Value>
std::vector<core::DateClaim> DateClaims(ObjectReader<Value>& r, std::string_view key) {
  std::vector<core::DateClaim> out;
  r.Each(key, [&](Value item, const Path& at) {
    ObjectReader<Value> c(item, at);
    core::DateClaim claim;
    claim.report_id = c.String("report", true);
    auto date = c.OptEdtf("edtf");
    if (!date) throw DecodeError{c.Field("edtf"), "is required"};
    claim.date = *date;
    c.RejectUnknown();
    out.push_back(std::move(claim));
  });
  return out;
}

template <typename Value>
std::vector<core::PlaceClaim> PlaceClaims(ObjectReader<Value>& r) {
  std::vector<core::PlaceClaim> out;
  r.Each("places", [&](Value item, const Path& at) {
    ObjectReader<Value> c(item, at);
    out.push_back({c.String("report", true), c.String("place", true)});
    c.RejectUnknown();
  });
  return out;
}

template <typename Value>
std::vector<core::CountClaim> CountClaims(ObjectReader<Value>& r, std::string_view key) {
  std::vector<core::CountClaim> out;
  r.Each(key, [&](Value item, const Path& at) {
    ObjectReader<Value> c(item, at);
    core::CountClaim claim;
    claim.report_id = c.String("report", true);
    auto min = c.OptInt("min");
    if (!min) throw DecodeError{c.Field("min"), "is required"};
    claim.count.min = *min;
    claim.count.max = c.OptInt("max");
    claim.count.best = c.OptInt("best");
    std::string unit = c.String("unit");
    if (!unit.empty()) {
      auto parsed = core::ParseCountUnit(unit);
      if (!parsed) throw DecodeError{c.Field("unit"), "'" + unit + "' is not a counting unit"};
      claim.count.unit = *parsed;
    }
    claim.count.words = c.String("words");
    Status valid = claim.count.Validate();
    if (!valid.ok()) throw DecodeError{at.ToString(), valid.message()};
    c.RejectUnknown();
    out.push_back(std::move(claim));
  });
  return out;
}

template <typename Value>
std::vector<core::Name> Names(ObjectReader<Value>& r) {
  std::vector<core::Name> out;
  r.Each("names", [&](Value item, const Path& at) {
    ObjectReader<Value> c(item, at);
    core::Name name;
    name.text = c.String("text", true);
    name.language = c.String("language", true);
    name.reports = c.StringList("reports");
    c.RejectUnknown();
    out.push_back(std::move(name));
  });
  return out;
}

template <typename Value>
core::Record DecodeJson(Value json) {
  const Path root;
  ObjectReader<Value> r(json, root);
  std::string kind_word = r.String("kind", true);
  auto kind = core::ParseRecordKind(kind_word);
  if (!kind) throw DecodeError{"kind", "'" + kind_word + "' is not a record kind"};
  std::string id = r.String("id", true);
  core::Record record;
  switch (*kind) {
    case RecordKind::kSource: {
      core::Source s;
      s.id = id;
      s.pseudonym = r.String("pseudonym", true);
      s.kind = r.Enum("type", kSourceKinds, core::SourceKind::kPerson);
      s.reliability = r.Enum("reliability", kReliabilities, core::Reliability::kF, true);
      s.description = r.String("description");
      if (auto identity = r.Find("identity")) {
        ObjectReader<Value> i(*identity, r.At("identity"));
        s.identity = core::SourceIdentity{i.String("name"), i.String("contact"), i.String("notes")};
        i.RejectUnknown();
      }
      s.sealed = Sealed(r);
      record = std::move(s);
      break;
    }
    case RecordKind::kReport: {
      core::Report rep;
      rep.id = id;
      rep.title = r.String("title", true);
      rep.kind = r.Enum("type", kReportKinds, core::ReportKind::kDocument);
      rep.language = r.String("language");
      rep.source_id = r.String("source", true);
      rep.part_of = r.OptString("part_of");
      rep.date = r.OptEdtf("date");
      rep.received_at = r.OptTimestamp("received_at");
      auto cred = r.OptInt("credibility");
      if (cred && (*cred < 1 || *cred > 6)) {
        throw DecodeError{"credibility", "must be an integer from 1 to 6"};
      }
      rep.credibility = static_cast<core::Credibility>(cred.value_or(6));
      rep.knowledge = r.Enum("knowledge", kKnowledge, core::Knowledge::kUnknown);
      rep.text = r.String("text");
      record = std::move(rep);
      break;
    }
    case RecordKind::kFile: {
      core::File f;
      f.id = id;
      f.report_id = r.String("report", true);
      f.name = r.String("name", true);
      f.media_type = r.String("media_type");
      f.sha256 = r.String("sha256", true);
      auto size = r.OptInt("size_bytes");
      if (!size) throw DecodeError{"size_bytes", "is required"};
      f.size_bytes = *size;
      f.derivation = r.Enum("derivation", kDerivations, core::Derivation::kOriginal);
      f.derived_from = r.OptString("derived_from");
      f.language = r.String("language");
      f.received_at = r.OptTimestamp("received_at");
      f.received_by = r.String("received_by");
      record = std::move(f);
      break;
    }
    case RecordKind::kEvent: {
      core::Event e;
      e.id = id;
      e.title = r.String("title", true);
      e.description = r.String("description");
      e.dates = DateClaims(r, "dates");
      e.places = PlaceClaims(r);
      r.Each("related", [&](Value item, const Path& at) {
        ObjectReader<Value> c(item, at);
        e.related.push_back({c.String("event", true), c.String("relation", true)});
        c.RejectUnknown();
      });
      e.reports = r.StringList("reports");
      record = std::move(e);
      break;
    }
    case RecordKind::kAct: {
      core::Act a;
      a.id = id;
      a.event_id = r.String("event", true);
      a.type = r.String("type", true);
      a.description = r.String("description");
      a.dates = DateClaims(r, "dates");
      a.places = PlaceClaims(r);
      a.victim_counts = CountClaims(r, "victim_counts");
      a.reports = r.StringList("reports");
      record = std::move(a);
      break;
    }
    case RecordKind::kInvolvement: {
      core::Involvement i;
      i.id = id;
      i.act_id = r.String("act", true);
      i.role = r.Enum("role", kRoles, core::InvolvementRole::kVictim, true);
      i.degree = r.Enum("degree", kDegrees, core::InvolvementDegree::kUnknown);
      i.person_id = r.OptString("person");
      i.organization_id = r.OptString("organization");
      i.unnamed_party = r.String("unnamed_party");
      i.counts = CountClaims(r, "counts");
      i.reports = r.StringList("reports");
      record = std::move(i);
      break;
    }
    case RecordKind::kPerson: {
      core::Person p;
      p.id = id;
      p.pseudonym = r.String("pseudonym");
      p.names = Names(r);
      p.sex = r.Enum("sex", kSexes, core::Sex::kUnknown);
      p.birth_dates = DateClaims(r, "birth_dates");
      p.at_risk = r.Bool("at_risk");
      p.description = r.String("description");
      p.reports = r.StringList("reports");
      p.sealed = Sealed(r);
      record = std::move(p);
      break;
    }
    case RecordKind::kOrganization: {
      core::Organization o;
      o.id = id;
      o.names = Names(r);
      o.kind = r.Enum("type", kOrgKinds, core::OrganizationKind::kOther);
      o.parent_id = r.OptString("parent");
      o.country = r.String("country");
      o.description = r.String("description");
      o.reports = r.StringList("reports");
      record = std::move(o);
      break;
    }
    case RecordKind::kPost: {
      core::Post p;
      p.id = id;
      p.organization_id = r.String("organization", true);
      p.label = r.String("label", true);
      p.role = r.String("role");
      auto rank = r.OptInt("rank");
      if (rank && (*rank < 0 || *rank > 1000)) throw DecodeError{"rank", "must be 0 to 1000"};
      p.rank = static_cast<int>(rank.value_or(0));
      p.superior_post_id = r.OptString("superior_post");
      p.reports = r.StringList("reports");
      record = std::move(p);
      break;
    }
    case RecordKind::kMembership: {
      core::Membership m;
      m.id = id;
      m.person_id = r.String("person", true);
      m.post_id = r.OptString("post");
      m.organization_id = r.OptString("organization");
      m.start = r.OptEdtf("start");
      m.end = r.OptEdtf("end");
      m.reports = r.StringList("reports");
      record = std::move(m);
      break;
    }
    case RecordKind::kPlace: {
      core::Place p;
      p.id = id;
      p.names = Names(r);
      p.kind = r.Enum("type", kPlaceKinds, core::PlaceKind::kOther);
      p.parent_id = r.OptString("parent");
      p.country = r.String("country");
      p.latitude = r.OptNumber("latitude");
      p.longitude = r.OptNumber("longitude");
      p.reports = r.StringList("reports");
      record = std::move(p);
      break;
    }
  }
  r.RejectUnknown();
  return record;
}

// ---- encoding ----

void PutIf(Json& j, const char* key, const std::string& value) {
  if (!value.empty()) j[key] = value;
}
void PutIf(Json& j, const char* key, const std::optional<std::string>& value) {
  if (value) j[key] = *value;
}
void PutIf(Json& j, const char* key, const std::optional<core::FuzzyDate>& value) {
  if (value) j[key] = value->ToString();
}
void PutIf(Json& j, const char* key, const std::optional<Timestamp>& value) {
  if (value) j[key] = FormatTimestamp(*value);
}
void PutSealed(Json& j, const std::optional<core::SealedPart>& sealed) {
  if (!sealed) return;
  j["sealed"] = Json{{"compartment", std::string(core::CompartmentName(sealed->compartment))},
                     {"key", sealed->key_id},
                     {"box", sealed->box}};
}
void PutList(Json& j, const char* key, const std::vector<std::string>& values) {
  if (!values.empty()) j[key] = values;
}
void PutDates(Json& j, const char* key, const std::vector<core::DateClaim>& claims) {
  if (claims.empty()) return;
  Json arr = Json::array();
  for (const auto& c : claims)
    arr.push_back(Json{{"report", c.report_id}, {"edtf", c.date.ToString()}});
  j[key] = std::move(arr);
}
void PutPlaces(Json& j, const std::vector<core::PlaceClaim>& claims) {
  if (claims.empty()) return;
  Json arr = Json::array();
  for (const auto& c : claims) arr.push_back(Json{{"report", c.report_id}, {"place", c.place_id}});
  j["places"] = std::move(arr);
}
void PutCounts(Json& j, const char* key, const std::vector<core::CountClaim>& claims) {
  if (claims.empty()) return;
  Json arr = Json::array();
  for (const auto& c : claims) {
    Json item{{"report", c.report_id}, {"min", c.count.min}};
    if (c.count.max) item["max"] = *c.count.max;
    if (c.count.best) item["best"] = *c.count.best;
    item["unit"] = std::string(core::CountUnitName(c.count.unit));
    PutIf(item, "words", c.count.words);
    arr.push_back(std::move(item));
  }
  j[key] = std::move(arr);
}
void PutNames(Json& j, const std::vector<core::Name>& names) {
  if (names.empty()) return;
  Json arr = Json::array();
  for (const auto& n : names) {
    Json item{{"text", n.text}, {"language", n.language}};
    PutList(item, "reports", n.reports);
    arr.push_back(std::move(item));
  }
  j["names"] = std::move(arr);
}

Json ToJson(const core::Record& record) {
  Json j;
  j["kind"] = std::string(core::RecordKindName(core::KindOf(record)));
  j["id"] = core::IdOf(record);
  std::visit(Overloaded{
                 [&](const core::Source& s) {
                   j["pseudonym"] = s.pseudonym;
                   j["type"] = std::string(EnumWord(kSourceKinds, s.kind));
                   j["reliability"] = std::string(EnumWord(kReliabilities, s.reliability));
                   PutIf(j, "description", s.description);
                   if (s.identity) {
                     Json i = Json::object();
                     PutIf(i, "name", s.identity->name);
                     PutIf(i, "contact", s.identity->contact);
                     PutIf(i, "notes", s.identity->notes);
                     j["identity"] = std::move(i);
                   }
                   PutSealed(j, s.sealed);
                 },
                 [&](const core::Report& r) {
                   j["title"] = r.title;
                   j["type"] = std::string(EnumWord(kReportKinds, r.kind));
                   PutIf(j, "language", r.language);
                   j["source"] = r.source_id;
                   PutIf(j, "part_of", r.part_of);
                   PutIf(j, "date", r.date);
                   PutIf(j, "received_at", r.received_at);
                   j["credibility"] = static_cast<int>(r.credibility);
                   j["knowledge"] = std::string(EnumWord(kKnowledge, r.knowledge));
                   PutIf(j, "text", r.text);
                 },
                 [&](const core::File& f) {
                   j["report"] = f.report_id;
                   j["name"] = f.name;
                   PutIf(j, "media_type", f.media_type);
                   j["sha256"] = f.sha256;
                   j["size_bytes"] = f.size_bytes;
                   j["derivation"] = std::string(EnumWord(kDerivations, f.derivation));
                   PutIf(j, "derived_from", f.derived_from);
                   PutIf(j, "language", f.language);
                   PutIf(j, "received_at", f.received_at);
                   PutIf(j, "received_by", f.received_by);
                 },
                 [&](const core::Event& e) {
                   j["title"] = e.title;
                   PutIf(j, "description", e.description);
                   PutDates(j, "dates", e.dates);
                   PutPlaces(j, e.places);
                   if (!e.related.empty()) {
                     Json arr = Json::array();
                     for (const auto& rel : e.related) {
                       arr.push_back(Json{{"event", rel.event_id}, {"relation", rel.relation}});
                     }
                     j["related"] = std::move(arr);
                   }
                   PutList(j, "reports", e.reports);
                 },
                 [&](const core::Act& a) {
                   j["event"] = a.event_id;
                   j["type"] = a.type;
                   PutIf(j, "description", a.description);
                   PutDates(j, "dates", a.dates);
                   PutPlaces(j, a.places);
                   PutCounts(j, "victim_counts", a.victim_counts);
                   PutList(j, "reports", a.reports);
                 },
                 [&](const core::Involvement& i) {
                   j["act"] = i.act_id;
                   j["role"] = std::string(EnumWord(kRoles, i.role));
                   j["degree"] = std::string(EnumWord(kDegrees, i.degree));
                   PutIf(j, "person", i.person_id);
                   PutIf(j, "organization", i.organization_id);
                   PutIf(j, "unnamed_party", i.unnamed_party);
                   PutCounts(j, "counts", i.counts);
                   PutList(j, "reports", i.reports);
                 },
                 [&](const core::Person& p) {
                   PutIf(j, "pseudonym", p.pseudonym);
                   PutNames(j, p.names);
                   j["sex"] = std::string(EnumWord(kSexes, p.sex));
                   PutDates(j, "birth_dates", p.birth_dates);
                   if (p.at_risk) j["at_risk"] = true;
                   PutIf(j, "description", p.description);
                   PutList(j, "reports", p.reports);
                   PutSealed(j, p.sealed);
                 },
                 [&](const core::Organization& o) {
                   PutNames(j, o.names);
                   j["type"] = std::string(EnumWord(kOrgKinds, o.kind));
                   PutIf(j, "parent", o.parent_id);
                   PutIf(j, "country", o.country);
                   PutIf(j, "description", o.description);
                   PutList(j, "reports", o.reports);
                 },
                 [&](const core::Post& p) {
                   j["organization"] = p.organization_id;
                   j["label"] = p.label;
                   PutIf(j, "role", p.role);
                   j["rank"] = p.rank;
                   PutIf(j, "superior_post", p.superior_post_id);
                   PutList(j, "reports", p.reports);
                 },
                 [&](const core::Membership& m) {
                   j["person"] = m.person_id;
                   PutIf(j, "post", m.post_id);
                   PutIf(j, "organization", m.organization_id);
                   PutIf(j, "start", m.start);
                   PutIf(j, "end", m.end);
                   PutList(j, "reports", m.reports);
                 },
                 [&](const core::Place& p) {
                   PutNames(j, p.names);
                   j["type"] = std::string(EnumWord(kPlaceKinds, p.kind));
                   PutIf(j, "parent", p.parent_id);
                   PutIf(j, "country", p.country);
                   if (p.latitude) j["latitude"] = *p.latitude;
                   if (p.longitude) j["longitude"] = *p.longitude;
                   PutList(j, "reports", p.reports);
                 },
             },
             record);
  return j;
}

// ---- encoding without a DOM ----

// Appends compact JSON, byte for byte what Json::dump() gives for the same
// object built in the same key order (ToJson), without building the object
// (issue #2: the import encodes every record). Strings are escaped as dump()
// escapes them; a string that is not UTF-8 marks the output invalid, and
// the caller then encodes through ToJson, whose dump() reports it.
class JsonOut {
 public:
  const std::string& str() const { return out_; }
  std::string& str() { return out_; }
  bool valid() const { return valid_; }

  void BeginObject() {
    Separator();
    out_ += '{';
    first_.push_back(true);
  }
  void EndObject() {
    out_ += '}';
    first_.pop_back();
  }
  void BeginArray() {
    Separator();
    out_ += '[';
    first_.push_back(true);
  }
  void EndArray() {
    out_ += ']';
    first_.pop_back();
  }
  JsonOut& Key(std::string_view key) {
    Separator();
    Quoted(key);
    out_ += ':';
    after_key_ = true;
    return *this;
  }
  void String(std::string_view value) {
    Separator();
    Quoted(value);
  }
  void Int(int64_t value) {
    Separator();
    out_ += std::to_string(value);
  }
  void Bool(bool value) {
    Separator();
    out_ += value ? "true" : "false";
  }

 private:
  // The comma before every value but the first of its object or array.
  void Separator() {
    if (std::exchange(after_key_, false)) return;
    if (first_.empty()) return;
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }

  // The length of the UTF-8 sequence starting at `text[at]`, or 0 when it
  // is not one (overlong forms, surrogates and values above U+10FFFF are
  // refused, as dump() refuses them).
  static size_t Utf8Length(std::string_view text, size_t at) {
    auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
    auto cont = [&](size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
      return i < text.size() && byte(i) >= lo && byte(i) <= hi;
    };
    unsigned char lead = byte(at);
    if (lead >= 0xC2 && lead <= 0xDF) return cont(at + 1) ? 2 : 0;
    if (lead == 0xE0) return cont(at + 1, 0xA0) && cont(at + 2) ? 3 : 0;
    if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
      return cont(at + 1) && cont(at + 2) ? 3 : 0;
    }
    if (lead == 0xED) return cont(at + 1, 0x80, 0x9F) && cont(at + 2) ? 3 : 0;
    if (lead == 0xF0) return cont(at + 1, 0x90) && cont(at + 2) && cont(at + 3) ? 4 : 0;
    if (lead >= 0xF1 && lead <= 0xF3) return cont(at + 1) && cont(at + 2) && cont(at + 3) ? 4 : 0;
    if (lead == 0xF4) return cont(at + 1, 0x80, 0x8F) && cont(at + 2) && cont(at + 3) ? 4 : 0;
    return 0;
  }

  void Quoted(std::string_view text) {
    out_ += '"';
    for (size_t at = 0; at < text.size();) {
      unsigned char c = static_cast<unsigned char>(text[at]);
      if (c >= 0x80) {
        size_t length = Utf8Length(text, at);
        if (length == 0) {
          valid_ = false;
          return;
        }
        out_.append(text.substr(at, length));
        at += length;
        continue;
      }
      switch (c) {
        case '\b':
          out_ += "\\b";
          break;
        case '\t':
          out_ += "\\t";
          break;
        case '\n':
          out_ += "\\n";
          break;
        case '\f':
          out_ += "\\f";
          break;
        case '\r':
          out_ += "\\r";
          break;
        case '"':
          out_ += "\\\"";
          break;
        case '\\':
          out_ += "\\\\";
          break;
        default:
          if (c <= 0x1F) {
            constexpr char kHex[] = "0123456789abcdef";
            out_ += "\\u00";
            out_ += kHex[c >> 4];
            out_ += kHex[c & 0xF];
          } else {
            out_ += static_cast<char>(c);
          }
      }
      ++at;
    }
    out_ += '"';
  }

  std::string out_;
  std::vector<bool> first_;  // per open object or array: no value written yet
  bool after_key_ = false;   // the next value follows its key: no comma
  bool valid_ = true;
};

void WriteIf(JsonOut& j, const char* key, const std::string& value) {
  if (!value.empty()) j.Key(key).String(value);
}
void WriteIf(JsonOut& j, const char* key, const std::optional<std::string>& value) {
  if (value) j.Key(key).String(*value);
}
void WriteIf(JsonOut& j, const char* key, const std::optional<core::FuzzyDate>& value) {
  if (value) j.Key(key).String(value->ToString());
}
void WriteIf(JsonOut& j, const char* key, const std::optional<Timestamp>& value) {
  if (value) j.Key(key).String(FormatTimestamp(*value));
}
void WriteSealed(JsonOut& j, const std::optional<core::SealedPart>& sealed) {
  if (!sealed) return;
  j.Key("sealed").BeginObject();
  j.Key("compartment").String(core::CompartmentName(sealed->compartment));
  j.Key("key").String(sealed->key_id);
  j.Key("box").String(sealed->box);
  j.EndObject();
}
void WriteList(JsonOut& j, const char* key, const std::vector<std::string>& values) {
  if (values.empty()) return;
  j.Key(key).BeginArray();
  for (const auto& value : values) j.String(value);
  j.EndArray();
}
void WriteDates(JsonOut& j, const char* key, const std::vector<core::DateClaim>& claims) {
  if (claims.empty()) return;
  j.Key(key).BeginArray();
  for (const auto& c : claims) {
    j.BeginObject();
    j.Key("report").String(c.report_id);
    j.Key("edtf").String(c.date.ToString());
    j.EndObject();
  }
  j.EndArray();
}
void WritePlaces(JsonOut& j, const std::vector<core::PlaceClaim>& claims) {
  if (claims.empty()) return;
  j.Key("places").BeginArray();
  for (const auto& c : claims) {
    j.BeginObject();
    j.Key("report").String(c.report_id);
    j.Key("place").String(c.place_id);
    j.EndObject();
  }
  j.EndArray();
}
void WriteCounts(JsonOut& j, const char* key, const std::vector<core::CountClaim>& claims) {
  if (claims.empty()) return;
  j.Key(key).BeginArray();
  for (const auto& c : claims) {
    j.BeginObject();
    j.Key("report").String(c.report_id);
    j.Key("min").Int(c.count.min);
    if (c.count.max) j.Key("max").Int(*c.count.max);
    if (c.count.best) j.Key("best").Int(*c.count.best);
    j.Key("unit").String(core::CountUnitName(c.count.unit));
    WriteIf(j, "words", c.count.words);
    j.EndObject();
  }
  j.EndArray();
}
void WriteNames(JsonOut& j, const std::vector<core::Name>& names) {
  if (names.empty()) return;
  j.Key("names").BeginArray();
  for (const auto& n : names) {
    j.BeginObject();
    j.Key("text").String(n.text);
    j.Key("language").String(n.language);
    WriteList(j, "reports", n.reports);
    j.EndObject();
  }
  j.EndArray();
}

// ToJson(record).dump(), field for field in the same order (keep the two in
// step: tests/formats compares them); nullopt when a string is not UTF-8 or
// the record holds a floating-point number (a place's coordinates), whose
// formatting is left to dump().
std::optional<std::string> EncodeDirect(const core::Record& record) {
  if (const auto* place = std::get_if<core::Place>(&record);
      place && (place->latitude || place->longitude)) {
    return std::nullopt;
  }
  JsonOut j;
  j.BeginObject();
  j.Key("kind").String(core::RecordKindName(core::KindOf(record)));
  j.Key("id").String(core::IdOf(record));
  std::visit(Overloaded{
                 [&](const core::Source& s) {
                   j.Key("pseudonym").String(s.pseudonym);
                   j.Key("type").String(EnumWord(kSourceKinds, s.kind));
                   j.Key("reliability").String(EnumWord(kReliabilities, s.reliability));
                   WriteIf(j, "description", s.description);
                   if (s.identity) {
                     j.Key("identity").BeginObject();
                     WriteIf(j, "name", s.identity->name);
                     WriteIf(j, "contact", s.identity->contact);
                     WriteIf(j, "notes", s.identity->notes);
                     j.EndObject();
                   }
                   WriteSealed(j, s.sealed);
                 },
                 [&](const core::Report& r) {
                   j.Key("title").String(r.title);
                   j.Key("type").String(EnumWord(kReportKinds, r.kind));
                   WriteIf(j, "language", r.language);
                   j.Key("source").String(r.source_id);
                   WriteIf(j, "part_of", r.part_of);
                   WriteIf(j, "date", r.date);
                   WriteIf(j, "received_at", r.received_at);
                   j.Key("credibility").Int(static_cast<int>(r.credibility));
                   j.Key("knowledge").String(EnumWord(kKnowledge, r.knowledge));
                   WriteIf(j, "text", r.text);
                 },
                 [&](const core::File& f) {
                   j.Key("report").String(f.report_id);
                   j.Key("name").String(f.name);
                   WriteIf(j, "media_type", f.media_type);
                   j.Key("sha256").String(f.sha256);
                   j.Key("size_bytes").Int(f.size_bytes);
                   j.Key("derivation").String(EnumWord(kDerivations, f.derivation));
                   WriteIf(j, "derived_from", f.derived_from);
                   WriteIf(j, "language", f.language);
                   WriteIf(j, "received_at", f.received_at);
                   WriteIf(j, "received_by", f.received_by);
                 },
                 [&](const core::Event& e) {
                   j.Key("title").String(e.title);
                   WriteIf(j, "description", e.description);
                   WriteDates(j, "dates", e.dates);
                   WritePlaces(j, e.places);
                   if (!e.related.empty()) {
                     j.Key("related").BeginArray();
                     for (const auto& rel : e.related) {
                       j.BeginObject();
                       j.Key("event").String(rel.event_id);
                       j.Key("relation").String(rel.relation);
                       j.EndObject();
                     }
                     j.EndArray();
                   }
                   WriteList(j, "reports", e.reports);
                 },
                 [&](const core::Act& a) {
                   j.Key("event").String(a.event_id);
                   j.Key("type").String(a.type);
                   WriteIf(j, "description", a.description);
                   WriteDates(j, "dates", a.dates);
                   WritePlaces(j, a.places);
                   WriteCounts(j, "victim_counts", a.victim_counts);
                   WriteList(j, "reports", a.reports);
                 },
                 [&](const core::Involvement& i) {
                   j.Key("act").String(i.act_id);
                   j.Key("role").String(EnumWord(kRoles, i.role));
                   j.Key("degree").String(EnumWord(kDegrees, i.degree));
                   WriteIf(j, "person", i.person_id);
                   WriteIf(j, "organization", i.organization_id);
                   WriteIf(j, "unnamed_party", i.unnamed_party);
                   WriteCounts(j, "counts", i.counts);
                   WriteList(j, "reports", i.reports);
                 },
                 [&](const core::Person& p) {
                   WriteIf(j, "pseudonym", p.pseudonym);
                   WriteNames(j, p.names);
                   j.Key("sex").String(EnumWord(kSexes, p.sex));
                   WriteDates(j, "birth_dates", p.birth_dates);
                   if (p.at_risk) j.Key("at_risk").Bool(true);
                   WriteIf(j, "description", p.description);
                   WriteList(j, "reports", p.reports);
                   WriteSealed(j, p.sealed);
                 },
                 [&](const core::Organization& o) {
                   WriteNames(j, o.names);
                   j.Key("type").String(EnumWord(kOrgKinds, o.kind));
                   WriteIf(j, "parent", o.parent_id);
                   WriteIf(j, "country", o.country);
                   WriteIf(j, "description", o.description);
                   WriteList(j, "reports", o.reports);
                 },
                 [&](const core::Post& p) {
                   j.Key("organization").String(p.organization_id);
                   j.Key("label").String(p.label);
                   WriteIf(j, "role", p.role);
                   j.Key("rank").Int(p.rank);
                   WriteIf(j, "superior_post", p.superior_post_id);
                   WriteList(j, "reports", p.reports);
                 },
                 [&](const core::Membership& m) {
                   j.Key("person").String(m.person_id);
                   WriteIf(j, "post", m.post_id);
                   WriteIf(j, "organization", m.organization_id);
                   WriteIf(j, "start", m.start);
                   WriteIf(j, "end", m.end);
                   WriteList(j, "reports", m.reports);
                 },
                 [&](const core::Place& p) {
                   WriteNames(j, p.names);
                   j.Key("type").String(EnumWord(kPlaceKinds, p.kind));
                   WriteIf(j, "parent", p.parent_id);
                   WriteIf(j, "country", p.country);
                   WriteList(j, "reports", p.reports);
                 },
             },
             record);
  j.EndObject();
  if (!j.valid()) return std::nullopt;
  return std::move(j.str());
}

template <typename Value>
std::string Describe(Value json, size_t index) {
  std::string where = "record " + std::to_string(index + 1);
  if (json.IsObject()) {
    auto kind = json.Find("kind");
    auto id = json.Find("id");
    if (kind && kind->IsString() && id && id->IsString()) {
      where += " (" + std::string(kind->String()) + " " + std::string(id->String()) + ")";
    }
  }
  return where;
}

template <typename Value>
Result<core::Record> DecodeAt(Value json, size_t index) {
  try {
    core::Record record = DecodeJson(json);
    Status valid = core::ValidateRecord(record);
    if (!valid.ok()) return valid.WithContext("record " + std::to_string(index + 1));
    return record;
  } catch (const DecodeError& e) {
    return Status::InvalidArgument(Describe(json, index) + ": field '" + e.field + "': " + e.what);
  } catch (const Json::exception& e) {
    return Status::InvalidArgument(Describe(json, index) + ": " + e.what());
  }
}

// Parses one record's text with simdjson. The parser and its padded copy of
// the text are kept per thread: their buffers are reused, record after record.
// The element returned lives until the next call on this thread.
// A leading UTF-8 byte-order mark is skipped, as nlohmann skips it. Integers
// beyond int64 and uint64 are "not valid JSON" here where nlohmann says the
// field "must be an integer": both refuse them.
simdjson::error_code ParseFast(std::string_view json_text, simdjson::dom::element& element) {
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  if (json_text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    json_text.remove_prefix(kByteOrderMark.size());
  }
  thread_local simdjson::dom::parser parser;
  thread_local std::string padded;
  padded.reserve(json_text.size() + simdjson::SIMDJSON_PADDING);
  padded.assign(json_text);
  return parser.parse(padded.data(), padded.size(), false).get(element);
}

Status CheckHeader(const Json& header) {
  auto format = header.find("format");
  if (format == header.end() || *format != std::string(kBundleFormat)) {
    return Status::InvalidArgument("not a chorus bundle: field 'format' must be \"chorus-bundle\"");
  }
  auto version = header.find("version");
  if (version == header.end() || !version->is_number_integer()) {
    return Status::InvalidArgument("bundle: field 'version' is required");
  }
  // Compared as JSON numbers: get<int>() would wrap 4294967297 to 1.
  if (*version != kBundleVersion) {
    return Status::InvalidArgument("bundle version " + version->dump() +
                                   " is not supported (this chorus reads version " +
                                   std::to_string(kBundleVersion) + ")");
  }
  for (auto it = header.begin(); it != header.end(); ++it) {
    if (it.key() != "format" && it.key() != "version" && it.key() != "records" &&
        it.key() != "exported_at" && it.key() != "note") {
      return Status::InvalidArgument("bundle: unknown field '" + it.key() + "'");
    }
  }
  return Status::Ok();
}

// Stops nlohmann's parse from inside its callback once a record failed.
struct StopParsing {};

// Longer first lines are not a JSON Lines header.
constexpr size_t kMaxHeaderLineBytes = 4096;

Status TooDeep(std::string_view what) {
  return Status::InvalidArgument(std::string(what) + ": arrays and objects nest deeper than " +
                                 std::to_string(kMaxJsonDepth) + " levels");
}

}  // namespace

std::string EncodeRecord(const core::Record& record) {
  if (auto direct = EncodeDirect(record)) return std::move(*direct);
  return ToJson(record).dump();
}

std::string EncodeRecordThroughDomForTest(const core::Record& record) {
  return ToJson(record).dump();
}

Result<core::Record> DecodeRecord(std::string_view json_text) {
  if (JsonNestingDepth(json_text) > kMaxJsonDepth) return TooDeep("record");
  simdjson::dom::element element;
  if (ParseFast(json_text, element) != simdjson::SUCCESS) {
    return Status::InvalidArgument("record is not valid JSON");
  }
  return DecodeAt(SimdValue(element), 0);
}

Result<core::Record> DecodeRecordThroughNlohmannForTest(std::string_view json_text) {
  if (JsonNestingDepth(json_text) > kMaxJsonDepth) return TooDeep("record");
  Json json = Json::parse(json_text.begin(), json_text.end(), nullptr, false);
  if (json.is_discarded()) return Status::InvalidArgument("record is not valid JSON");
  return DecodeAt(NlohmannValue(json), 0);
}

Status ReadBundle(std::istream& in,
                  const std::function<Status(core::Record&& record, size_t index)>& consume) {
  // JSON Lines when the first line is a complete header object without
  // records. A header line is short: only the start of a longer first line
  // is read, so a document written on one line is never held whole.
  std::string first_line;
  char c = 0;
  while (first_line.size() <= kMaxHeaderLineBytes && in.get(c) && c != '\n') first_line += c;
  Json first =
      first_line.size() > kMaxHeaderLineBytes || JsonNestingDepth(first_line) > kMaxJsonDepth
          ? Json(Json::value_t::discarded)
          : Json::parse(first_line, nullptr, false);
  if (!first.is_discarded() && first.is_object() && !first.contains("records")) {
    CHORUS_RETURN_IF_ERROR(CheckHeader(first));
    std::string line;
    size_t index = 0;
    size_t line_number = 1;
    while (std::getline(in, line)) {
      ++line_number;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      if (JsonNestingDepth(line) > kMaxJsonDepth) {
        return TooDeep("record " + std::to_string(index + 1) + " (line " +
                       std::to_string(line_number) + ")");
      }
      simdjson::dom::element element;
      if (ParseFast(line, element) != simdjson::SUCCESS) {
        return Status::InvalidArgument("record " + std::to_string(index + 1) + " (line " +
                                       std::to_string(line_number) + "): not valid JSON");
      }
      CHORUS_ASSIGN_OR_RETURN(core::Record record, DecodeAt(SimdValue(element), index));
      CHORUS_RETURN_IF_ERROR(consume(std::move(record), index));
      ++index;
    }
    return Status::Ok();
  }

  // Document form: stream the elements of "records" through a parser
  // callback, discarding each after it is consumed so memory stays bounded.
  in.clear();
  in.seekg(0);
  Status failure;
  Json header = Json::object();
  size_t index = 0;
  bool in_records = false;
  bool saw_records = false;
  std::string last_key;
  auto callback = [&](int depth, Json::parse_event_t event, Json& parsed) -> bool {
    // Before any nested value is kept: copying one recurses once per level.
    if (depth > static_cast<int>(kMaxJsonDepth)) {
      failure = TooDeep(in_records ? "record " + std::to_string(index + 1) : "bundle");
      throw StopParsing{};
    }
    if (depth == 1 && event == Json::parse_event_t::key) {
      last_key = parsed.get<std::string>();
      in_records = last_key == "records";
      if (in_records) saw_records = true;
      return true;
    }
    if (depth == 1 && event == Json::parse_event_t::value && !in_records) {
      header[last_key] = parsed;  // header fields come before the records
      return true;
    }
    if (in_records && depth == 2 &&
        (event == Json::parse_event_t::object_end || event == Json::parse_event_t::value ||
         event == Json::parse_event_t::array_end)) {
      if (index == 0) {
        failure = CheckHeader(header);
        if (!failure.ok()) throw StopParsing{};
      }
      auto record = DecodeAt(NlohmannValue(parsed), index);
      if (!record.ok()) {
        failure = record.status();
        throw StopParsing{};
      }
      failure = consume(std::move(record).value(), index);
      if (!failure.ok()) throw StopParsing{};
      ++index;
      return false;  // discard: the record has been consumed
    }
    return true;
  };
  try {
    Json document = Json::parse(in, callback);
    if (!document.is_object()) return Status::InvalidArgument("bundle must be a JSON object");
    if (index == 0) CHORUS_RETURN_IF_ERROR(CheckHeader(document));
    if (!saw_records) return Status::InvalidArgument("bundle: field 'records' is required");
  } catch (const StopParsing&) {
    return failure;
  } catch (const Json::parse_error& e) {
    return Status::InvalidArgument("not valid JSON at byte " + std::to_string(e.byte) +
                                   " (after record " + std::to_string(index) + ")");
  } catch (const Json::exception& e) {
    return Status::InvalidArgument(std::string("bundle: ") + e.what());
  }
  return Status::Ok();
}

BundleWriter::BundleWriter(std::ostream& out) : out_(out) {
  out_ << "{\"format\":\"" << kBundleFormat << "\",\"version\":" << kBundleVersion
       << ",\"records\":[";
}

void BundleWriter::Write(const core::Record& record) {
  out_ << (first_ ? "\n" : ",\n") << EncodeRecord(record);
  first_ = false;
}

void BundleWriter::Finish() { out_ << "\n]}\n"; }

}  // namespace chorus::formats
