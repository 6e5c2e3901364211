// File: core/model.h
// The domain model of Chorus: who did what to whom, where and when, and which
// reports say so. Follows Popolo (Person, Organization, Post, Membership,
// Area→Place), the HURIDOCS Events Standard Formats (Event, Act, Involvement)
// and the Admiralty grading scale. Every coded record keeps the reports that
// support it; attributes that reports can disagree on (dates, places, counts,
// names) keep one claim per report. Pure data and rules: no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "core/count_range.h"
#include "core/fuzzy_date.h"

namespace chorus::core {

// Record ids are opaque strings chosen by whoever creates the record
// ("evt-defection-st-petersburg"); 1-128 chars of [A-Za-z0-9._:-].
bool IsValidRecordId(std::string_view id);

enum class RecordKind {
  kSource,
  kReport,
  kFile,
  kEvent,
  kAct,
  kInvolvement,
  kPerson,
  kOrganization,
  kPost,
  kMembership,
  kPlace,
};
inline constexpr RecordKind kAllRecordKinds[] = {
    RecordKind::kSource, RecordKind::kReport,      RecordKind::kFile,   RecordKind::kEvent,
    RecordKind::kAct,    RecordKind::kInvolvement, RecordKind::kPerson, RecordKind::kOrganization,
    RecordKind::kPost,   RecordKind::kMembership,  RecordKind::kPlace};
std::string_view RecordKindName(RecordKind kind);  // "event", "act", ...
std::optional<RecordKind> ParseRecordKind(std::string_view name);

// ---- Grading (Admiralty / NATO STANAG 2511) ----

// Source reliability: A completely reliable .. E unreliable, F cannot be judged.
enum class Reliability { kA, kB, kC, kD, kE, kF };
// "A" .. "F".
const char* ReliabilityLetter(Reliability reliability);
// Information credibility: 1 confirmed by other sources .. 5 improbable,
// 6 truth cannot be judged.
enum class Credibility { k1 = 1, k2, k3, k4, k5, k6 };

// ---- Sources and reports ----

enum class SourceKind { kPerson, kOutlet, kOrganization, kDocument };

// ---- Compartments ----

// The identity fields that are sealed under a compartment key of their own
// (issue #4), apart from the store's data key: only users whose role holds
// the compartment, and who were granted its key, can open them.
enum class Compartment {
  kSources,       // a source's identity: real name, contact, notes
  kPeopleAtRisk,  // the real names and birth dates of a person marked at risk
  kRequesters,    // a case's requester: name, contact, where they are
};

// "sources", "people-at-risk", "requesters".
std::string_view CompartmentName(Compartment compartment);
std::optional<Compartment> ParseCompartment(std::string_view name);
std::vector<Compartment> AllCompartments();

// A value sealed to a compartment's public key (X25519 sealed box): what a
// record carries in place of its identity fields once sealed, and all a
// reader without the compartment's secret key ever gets.
struct SealedPart {
  Compartment compartment = Compartment::kSources;
  std::string key_id;  // which key of the compartment (hex), for the opener
  std::string box;     // base64 of the sealed box
  friend bool operator==(const SealedPart&, const SealedPart&) = default;
};

// The identity of a source. Sealed under the sources compartment: only
// source handlers may read it.
struct SourceIdentity {
  std::string name;
  std::string contact;
  std::string notes;
  friend bool operator==(const SourceIdentity&, const SourceIdentity&) = default;
};

struct Source {
  std::string id;
  std::string pseudonym;  // what everyone else sees ("local source A")
  SourceKind kind = SourceKind::kPerson;
  Reliability reliability = Reliability::kF;
  std::string description;  // non-identifying ("familiar with the enterprise")
  std::optional<SourceIdentity> identity;
  // The identity, sealed (and `identity` empty) as stored and as shown to
  // anyone who cannot open it.
  std::optional<SealedPart> sealed;
  friend bool operator==(const Source&, const Source&) = default;
};

enum class ReportKind { kTestimony, kInterview, kNewsArticle, kDocument, kStatement };

// How the author of a report knows what it says (HURIDOCS ESF "source
// connection to information").
enum class Knowledge {
  kFirstHandVictim,
  kFirstHandWitness,
  kFirstHandPerpetrator,
  kRelayedRelative,
  kRelayedColleague,
  kRelayedThirdParty,
  kRelayedMedia,
  kUnknown,
};
bool IsFirstHand(Knowledge k);

struct Report {
  std::string id;
  std::string title;
  ReportKind kind = ReportKind::kDocument;
  std::string language;  // BCP 47 ("en", "ko", "ru")
  std::string source_id;
  std::optional<std::string> part_of;  // the report this one is an excerpt of
  std::optional<FuzzyDate> date;       // when the report says it was made
  std::optional<Timestamp> received_at;
  Credibility credibility = Credibility::k6;
  Knowledge knowledge = Knowledge::kUnknown;
  std::string text;
  friend bool operator==(const Report&, const Report&) = default;
};

enum class Derivation { kOriginal, kTranslation, kTranscript, kRedacted };

// A file attached to a report. An original is immutable: its SHA-256 and size
// are recorded on intake and never change. Translations, transcripts and
// redacted versions are derived files that name their original.
struct File {
  std::string id;
  std::string report_id;
  std::string name;
  std::string media_type;
  std::string sha256;  // lowercase hex of the content
  int64_t size_bytes = 0;
  Derivation derivation = Derivation::kOriginal;
  std::optional<std::string> derived_from;  // REQUIRED when derivation != original
  std::string language;
  std::optional<Timestamp> received_at;
  std::string received_by;
  friend bool operator==(const File&, const File&) = default;
};

// ---- Claims: one value per supporting report ----

struct DateClaim {
  std::string report_id;
  FuzzyDate date;
  friend bool operator==(const DateClaim&, const DateClaim&) = default;
};
struct PlaceClaim {
  std::string report_id;
  std::string place_id;
  friend bool operator==(const PlaceClaim&, const PlaceClaim&) = default;
};

// A name in one script and spelling, tagged with a BCP 47 tag
// ("ko-Hang", "ko-Latn", "ru-Cyrl", "en").
struct Name {
  std::string text;
  std::string language;
  std::vector<std::string> reports;
  friend bool operator==(const Name&, const Name&) = default;
};

// ---- Events, acts, involvements (HURIDOCS) ----

struct EventRelation {
  std::string event_id;
  std::string relation;  // "follows", "caused_by", "part_of", "same_pattern"
  friend bool operator==(const EventRelation&, const EventRelation&) = default;
};

struct Event {
  std::string id;
  std::string title;
  std::string description;
  std::vector<DateClaim> dates;
  std::vector<PlaceClaim> places;
  std::vector<EventRelation> related;
  std::vector<std::string> reports;
  friend bool operator==(const Event&, const Event&) = default;
};

struct Act {
  std::string id;
  std::string event_id;
  std::string type;  // a code of the act-type vocabulary (core/vocabulary.h)
  std::string description;
  std::vector<DateClaim> dates;
  std::vector<PlaceClaim> places;
  std::vector<CountClaim> victim_counts;
  std::vector<std::string> reports;
  friend bool operator==(const Act&, const Act&) = default;
};

enum class InvolvementRole { kPerpetrator, kVictim, kWitness, kInterveningParty };
// Degree of involvement, able to express command responsibility.
enum class InvolvementDegree {
  kCarriedOut,
  kGaveOrders,
  kFailedToExerciseAuthority,
  kAssisted,
  kUnknown,
};

// A party's part in an act: a person, an organization, or (when the report
// names nobody) a description of the unnamed party.
struct Involvement {
  std::string id;
  std::string act_id;
  InvolvementRole role = InvolvementRole::kVictim;
  InvolvementDegree degree = InvolvementDegree::kUnknown;
  std::optional<std::string> person_id;
  std::optional<std::string> organization_id;
  std::string unnamed_party;       // "6-10 workers of one working team (not named)"
  std::vector<CountClaim> counts;  // how many, when the party is a group
  std::vector<std::string> reports;
  friend bool operator==(const Involvement&, const Involvement&) = default;
};

// ---- People, organizations, posts, memberships, places (Popolo) ----

enum class Sex { kUnknown, kFemale, kMale };

struct Person {
  std::string id;
  std::string pseudonym;
  std::vector<Name> names;  // empty when no report names the person
  Sex sex = Sex::kUnknown;
  std::vector<DateClaim> birth_dates;
  // At risk: `names` and `birth_dates` are sealed under the people-at-risk
  // compartment; others see the pseudonym.
  bool at_risk = false;
  std::string description;
  std::vector<std::string> reports;
  // The sealed names and birth dates of a person at risk (both then empty).
  std::optional<SealedPart> sealed;
  friend bool operator==(const Person&, const Person&) = default;
};

enum class OrganizationKind {
  kStateAgency,
  kCompany,
  kUnit,
  kGovernment,
  kDiplomaticMission,
  kNgo,
  kMedia,
  kBusiness,
  kOther,
};

struct Organization {
  std::string id;
  std::vector<Name> names;
  OrganizationKind kind = OrganizationKind::kOther;
  std::optional<std::string> parent_id;
  std::string country;  // ISO 3166-1 alpha-2, may be empty
  std::string description;
  std::vector<std::string> reports;
  friend bool operator==(const Organization&, const Organization&) = default;
};

// A position inside an organization. `rank` orders posts from the top of the
// chain of command (1 = highest); `superior_post_id` names the post it
// reports to when known.
struct Post {
  std::string id;
  std::string organization_id;
  std::string label;  // "manager", "assistant manager (security agent)"
  std::string role;   // vocabulary code: manager, assistant_manager, foreman, team_leader, worker
  int rank = 0;
  std::optional<std::string> superior_post_id;
  std::vector<std::string> reports;
  friend bool operator==(const Post&, const Post&) = default;
};

// A person holding a post (or belonging to an organization) over a span of
// fuzzy dates; an absent end means "still, as far as the reports say".
struct Membership {
  std::string id;
  std::string person_id;
  std::optional<std::string> post_id;
  std::optional<std::string> organization_id;
  std::optional<FuzzyDate> start;
  std::optional<FuzzyDate> end;
  std::vector<std::string> reports;
  friend bool operator==(const Membership&, const Membership&) = default;
};

enum class PlaceKind { kCountry, kRegion, kCity, kSite, kOther };

struct Place {
  std::string id;
  std::vector<Name> names;
  PlaceKind kind = PlaceKind::kOther;
  std::optional<std::string> parent_id;
  std::string country;  // ISO 3166-1 alpha-2
  std::optional<double> latitude;
  std::optional<double> longitude;
  std::vector<std::string> reports;
  friend bool operator==(const Place&, const Place&) = default;
};

using Record = std::variant<Source, Report, File, Event, Act, Involvement, Person, Organization,
                            Post, Membership, Place>;

RecordKind KindOf(const Record& record);
const std::string& IdOf(const Record& record);

// A reference from one record to another: `field` names where it sits
// ("event_id", "reports[2]", "dates[0].report_id").
struct Reference {
  std::string field;
  std::string target_id;
  RecordKind target_kind;
};
std::vector<Reference> ReferencesOf(const Record& record);

// Checks one record on its own: id, required fields, enum ranges, grade and
// count invariants, act type in the vocabulary, claims naming a report.
// InvalidArgument naming the field ("act act-1: field 'type': unknown act
// type 'flying'"). References to other records are checked by whoever holds
// the rest of the records (records/ and the importer).
Status ValidateRecord(const Record& record);

// A short human label for listings: the title, first name or pseudonym.
std::string DisplayLabel(const Record& record);

}  // namespace chorus::core
