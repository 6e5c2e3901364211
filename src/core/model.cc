#include "core/model.h"

#include <array>
#include <cctype>
#include <cmath>

#include "base/overloaded.h"
#include "core/vocabulary.h"

namespace chorus::core {
namespace {

constexpr std::array<std::string_view, 11> kKindNames = {
    "source", "report",       "file", "event",      "act",  "involvement",
    "person", "organization", "post", "membership", "place"};

class Refs {
 public:
  void Add(std::string field, const std::string& id, RecordKind kind) {
    out_.push_back({std::move(field), id, kind});
  }
  void Add(std::string field, const std::optional<std::string>& id, RecordKind kind) {
    if (id) Add(std::move(field), *id, kind);
  }
  void Reports(const std::string& prefix, const std::vector<std::string>& reports) {
    for (size_t i = 0; i < reports.size(); ++i) {
      Add(prefix + "[" + std::to_string(i) + "]", reports[i], RecordKind::kReport);
    }
  }
  void Dates(const std::string& field, const std::vector<DateClaim>& claims) {
    for (size_t i = 0; i < claims.size(); ++i) {
      Add(field + "[" + std::to_string(i) + "].report", claims[i].report_id, RecordKind::kReport);
    }
  }
  void Places(const std::vector<PlaceClaim>& claims) {
    for (size_t i = 0; i < claims.size(); ++i) {
      std::string at = "places[" + std::to_string(i) + "]";
      Add(at + ".report", claims[i].report_id, RecordKind::kReport);
      Add(at + ".place", claims[i].place_id, RecordKind::kPlace);
    }
  }
  void Counts(const std::string& field, const std::vector<CountClaim>& claims) {
    for (size_t i = 0; i < claims.size(); ++i) {
      Add(field + "[" + std::to_string(i) + "].report", claims[i].report_id, RecordKind::kReport);
    }
  }
  void Names(const std::vector<Name>& names) {
    for (size_t i = 0; i < names.size(); ++i) {
      Reports("names[" + std::to_string(i) + "].reports", names[i].reports);
    }
  }
  std::vector<Reference> Take() { return std::move(out_); }

 private:
  std::vector<Reference> out_;
};

// Collects the first problem found in a record, prefixed with its kind and id.
class Checker {
 public:
  Checker(RecordKind kind, const std::string& id) : kind_(kind), id_(id) {}

  void Require(bool ok, std::string_view field, std::string_view what) {
    if (ok || !status_.ok()) return;
    status_ = Status::InvalidArgument(std::string(RecordKindName(kind_)) + " " + id_ + ": field '" +
                                      std::string(field) + "': " + std::string(what));
  }
  void NonEmpty(const std::string& value, std::string_view field) {
    Require(!value.empty(), field, "is required");
  }
  void Id(const std::string& value, std::string_view field) {
    Require(IsValidRecordId(value), field, "is not a valid record id");
  }
  void OptionalId(const std::optional<std::string>& value, std::string_view field) {
    if (value) Id(*value, field);
  }
  void Reports(const std::vector<std::string>& reports, std::string_view field) {
    for (const auto& r : reports) Id(r, field);
  }
  void Names(const std::vector<Name>& names) {
    for (const auto& n : names) {
      Require(!n.text.empty(), "names", "a name has no text");
      Require(!n.language.empty(), "names", "a name has no language tag");
    }
  }
  void Counts(const std::vector<CountClaim>& claims, std::string_view field) {
    for (const auto& c : claims) {
      Id(c.report_id, field);
      Status s = c.count.Validate();
      Require(s.ok(), field, s.message());
    }
  }
  Status Done() const { return status_; }

 private:
  RecordKind kind_;
  const std::string& id_;
  Status status_;
};

}  // namespace

bool IsValidRecordId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

namespace {
constexpr std::array<std::string_view, 3> kCompartmentNames = {"sources", "people-at-risk",
                                                               "requesters"};
}  // namespace

std::string_view CompartmentName(Compartment compartment) {
  return kCompartmentNames[static_cast<size_t>(compartment)];
}

std::optional<Compartment> ParseCompartment(std::string_view name) {
  for (size_t i = 0; i < kCompartmentNames.size(); ++i) {
    if (kCompartmentNames[i] == name) return static_cast<Compartment>(i);
  }
  return std::nullopt;
}

std::vector<Compartment> AllCompartments() {
  return {Compartment::kSources, Compartment::kPeopleAtRisk, Compartment::kRequesters};
}

std::string_view RecordKindName(RecordKind kind) { return kKindNames[static_cast<size_t>(kind)]; }

std::optional<RecordKind> ParseRecordKind(std::string_view name) {
  for (size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == name) return static_cast<RecordKind>(i);
  }
  return std::nullopt;
}

const char* ReliabilityLetter(Reliability reliability) {
  static const char* const kLetters[] = {"A", "B", "C", "D", "E", "F"};
  return kLetters[static_cast<int>(reliability)];
}

bool IsFirstHand(Knowledge k) {
  return k == Knowledge::kFirstHandVictim || k == Knowledge::kFirstHandWitness ||
         k == Knowledge::kFirstHandPerpetrator;
}

RecordKind KindOf(const Record& record) { return static_cast<RecordKind>(record.index()); }

const std::string& IdOf(const Record& record) {
  return std::visit([](const auto& r) -> const std::string& { return r.id; }, record);
}

std::vector<Reference> ReferencesOf(const Record& record) {
  Refs refs;
  std::visit(Overloaded{
                 [&](const Source&) {},
                 [&](const Report& r) {
                   refs.Add("source", r.source_id, RecordKind::kSource);
                   refs.Add("part_of", r.part_of, RecordKind::kReport);
                 },
                 [&](const File& f) {
                   refs.Add("report", f.report_id, RecordKind::kReport);
                   refs.Add("derived_from", f.derived_from, RecordKind::kFile);
                 },
                 [&](const Event& e) {
                   refs.Dates("dates", e.dates);
                   refs.Places(e.places);
                   for (size_t i = 0; i < e.related.size(); ++i) {
                     refs.Add("related[" + std::to_string(i) + "].event", e.related[i].event_id,
                              RecordKind::kEvent);
                   }
                   refs.Reports("reports", e.reports);
                 },
                 [&](const Act& a) {
                   refs.Add("event", a.event_id, RecordKind::kEvent);
                   refs.Dates("dates", a.dates);
                   refs.Places(a.places);
                   refs.Counts("victim_counts", a.victim_counts);
                   refs.Reports("reports", a.reports);
                 },
                 [&](const Involvement& i) {
                   refs.Add("act", i.act_id, RecordKind::kAct);
                   refs.Add("person", i.person_id, RecordKind::kPerson);
                   refs.Add("organization", i.organization_id, RecordKind::kOrganization);
                   refs.Counts("counts", i.counts);
                   refs.Reports("reports", i.reports);
                 },
                 [&](const Person& p) {
                   refs.Names(p.names);
                   refs.Dates("birth_dates", p.birth_dates);
                   refs.Reports("reports", p.reports);
                 },
                 [&](const Organization& o) {
                   refs.Names(o.names);
                   refs.Add("parent", o.parent_id, RecordKind::kOrganization);
                   refs.Reports("reports", o.reports);
                 },
                 [&](const Post& p) {
                   refs.Add("organization", p.organization_id, RecordKind::kOrganization);
                   refs.Add("superior_post", p.superior_post_id, RecordKind::kPost);
                   refs.Reports("reports", p.reports);
                 },
                 [&](const Membership& m) {
                   refs.Add("person", m.person_id, RecordKind::kPerson);
                   refs.Add("post", m.post_id, RecordKind::kPost);
                   refs.Add("organization", m.organization_id, RecordKind::kOrganization);
                   refs.Reports("reports", m.reports);
                 },
                 [&](const Place& p) {
                   refs.Names(p.names);
                   refs.Add("parent", p.parent_id, RecordKind::kPlace);
                   refs.Reports("reports", p.reports);
                 },
             },
             record);
  return refs.Take();
}

Status ValidateRecord(const Record& record) {
  Checker check(KindOf(record), IdOf(record));
  check.Id(IdOf(record), "id");
  std::visit(
      Overloaded{
          [&](const Source& s) {
            check.NonEmpty(s.pseudonym, "pseudonym");
            check.Require(!s.identity || !s.sealed, "sealed",
                          "a source carries its identity either open or sealed, not both");
            check.Require(!s.sealed || s.sealed->compartment == Compartment::kSources, "sealed",
                          "a source's identity is sealed in the sources compartment");
          },
          [&](const Report& r) {
            check.NonEmpty(r.title, "title");
            check.Id(r.source_id, "source");
            check.OptionalId(r.part_of, "part_of");
            check.Require(r.part_of != r.id, "part_of", "a report cannot be part of itself");
          },
          [&](const File& f) {
            check.Id(f.report_id, "report");
            check.NonEmpty(f.name, "name");
            bool hex = f.sha256.size() == 64 &&
                       f.sha256.find_first_not_of("0123456789abcdef") == std::string::npos;
            check.Require(hex, "sha256", "must be 64 lowercase hex digits");
            check.Require(f.size_bytes >= 0, "size_bytes", "must not be negative");
            check.Require(f.derivation == Derivation::kOriginal || f.derived_from.has_value(),
                          "derived_from", "a derived file must name its original");
            check.Require(f.derivation != Derivation::kOriginal || !f.derived_from.has_value(),
                          "derived_from", "an original file is derived from nothing");
          },
          [&](const Event& e) {
            check.NonEmpty(e.title, "title");
            check.Reports(e.reports, "reports");
          },
          [&](const Act& a) {
            check.Id(a.event_id, "event");
            check.Require(FindActType(a.type) != nullptr, "type",
                          "unknown act type '" + a.type + "'");
            check.Counts(a.victim_counts, "victim_counts");
            check.Reports(a.reports, "reports");
          },
          [&](const Involvement& i) {
            check.Id(i.act_id, "act");
            int parties = (i.person_id ? 1 : 0) + (i.organization_id ? 1 : 0);
            check.Require(parties <= 1, "person", "an involvement names one party, not both");
            check.Require(parties == 1 || !i.unnamed_party.empty(), "unnamed_party",
                          "name a person, an organization, or describe the unnamed party");
            check.Counts(i.counts, "counts");
            check.Reports(i.reports, "reports");
          },
          [&](const Person& p) {
            check.Require(!p.pseudonym.empty() || !p.names.empty(), "pseudonym",
                          "a person needs a name or a pseudonym");
            check.Require(!p.at_risk || !p.pseudonym.empty() || p.names.empty(), "pseudonym",
                          "a person at risk needs a pseudonym: their names are sealed");
            check.Require(!p.sealed || (p.at_risk && p.names.empty() && p.birth_dates.empty()),
                          "sealed",
                          "only a person at risk carries sealed names, and then no open ones");
            check.Require(!p.sealed || p.sealed->compartment == Compartment::kPeopleAtRisk,
                          "sealed",
                          "a person's names are sealed in the people-at-risk compartment");
            check.Names(p.names);
            check.Reports(p.reports, "reports");
          },
          [&](const Organization& o) {
            check.Require(!o.names.empty(), "names", "an organization needs at least one name");
            check.Names(o.names);
            check.Require(o.parent_id != o.id, "parent",
                          "an organization cannot be its own parent");
            check.Reports(o.reports, "reports");
          },
          [&](const Post& p) {
            check.Id(p.organization_id, "organization");
            check.NonEmpty(p.label, "label");
            check.Require(p.role.empty() || FindPostRole(p.role) != nullptr, "role",
                          "unknown post role '" + p.role + "'");
            check.Require(p.rank >= 0, "rank", "must not be negative");
            check.Require(p.superior_post_id != p.id, "superior_post",
                          "a post cannot report to itself");
          },
          [&](const Membership& m) {
            check.Id(m.person_id, "person");
            check.Require(m.post_id || m.organization_id, "post",
                          "a membership needs a post or an organization");
            if (m.start && m.end) {
              auto s = m.start->earliest_day();
              auto e = m.end->latest_day();
              check.Require(!s || !e || *s <= *e, "end", "ends before it starts");
            }
          },
          [&](const Place& p) {
            check.Require(!p.names.empty(), "names", "a place needs at least one name");
            check.Names(p.names);
            check.Require(p.parent_id != p.id, "parent", "a place cannot be its own parent");
            check.Require(
                p.country.empty() || (p.country.size() == 2 && std::isupper(p.country[0]) &&
                                      std::isupper(p.country[1])),
                "country", "must be an ISO 3166-1 alpha-2 code");
            check.Require(
                !p.latitude || (std::isfinite(*p.latitude) && std::abs(*p.latitude) <= 90),
                "latitude", "must be between -90 and 90");
            check.Require(
                !p.longitude || (std::isfinite(*p.longitude) && std::abs(*p.longitude) <= 180),
                "longitude", "must be between -180 and 180");
            check.Require(p.latitude.has_value() == p.longitude.has_value(), "longitude",
                          "give both latitude and longitude, or neither");
          },
      },
      record);
  return check.Done();
}

std::string DisplayLabel(const Record& record) {
  return std::visit(Overloaded{
                        [](const Source& s) { return s.pseudonym; },
                        [](const Report& r) { return r.title; },
                        [](const File& f) { return f.name; },
                        [](const Event& e) { return e.title; },
                        [](const Act& a) {
                          const ActType* t = FindActType(a.type);
                          std::string label = t ? std::string(t->en) : a.type;
                          return a.description.empty() ? label : label + ": " + a.description;
                        },
                        [](const Involvement& i) { return i.id; },
                        [](const Person& p) {
                          // A person at risk is labelled by pseudonym wherever they appear.
                          return p.names.empty() || (p.at_risk && !p.pseudonym.empty())
                                     ? p.pseudonym
                                     : p.names.front().text;
                        },
                        [](const Organization& o) { return o.names.front().text; },
                        [](const Post& p) { return p.label; },
                        [](const Membership& m) { return m.id; },
                        [](const Place& p) { return p.names.front().text; },
                    },
                    record);
}

}  // namespace chorus::core
