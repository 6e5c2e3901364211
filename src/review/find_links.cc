#include "review/find_links.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <utility>

#include "linkage/comparison.h"
#include "linkage/em.h"
#include "linkage/engine.h"
#include "linkage/records.h"
#include "linkage/spec.h"

namespace chorus::review {
namespace {

using linkage::BlockingKeyPart;
using linkage::BlockingRule;
using linkage::FieldKind;
using linkage::FieldSpec;
using linkage::KeyTransform;

// One linkage row per name of a person (a person named in Hangul, Latin and
// Cyrillic matches on whichever script the other record shares); the row id
// is the record id, a separator and the row number.
constexpr char kRowSeparator = '\x1f';

std::string OwnerOf(const std::string& row_id) {
  return row_id.substr(0, row_id.find(kRowSeparator));
}

FieldSpec Field(std::string name, FieldKind kind) {
  FieldSpec field;
  field.name = std::move(name);
  field.kind = kind;
  field.tf_adjust = linkage::DefaultTfAdjust(kind);
  return field;
}

BlockingRule Rule(std::initializer_list<BlockingKeyPart> parts) { return BlockingRule{parts}; }

// The first date an EDTF value can mean, as the linkage date parser reads it
// ("2016-08-21/2016-08-31" -> "2016-08-21").
std::string DateText(const std::vector<core::DateClaim>& claims) {
  if (claims.empty()) return "";
  std::string text = claims.front().date.ToString();
  const size_t slash = text.find('/');
  if (slash != std::string::npos) text = text.substr(0, slash);
  return text;
}

std::string SexText(core::Sex sex) {
  switch (sex) {
    case core::Sex::kFemale:
      return "F";
    case core::Sex::kMale:
      return "M";
    case core::Sex::kUnknown:
      break;
  }
  return "";
}

std::string JoinSorted(const std::set<std::string>& words) {
  std::string joined;
  for (const std::string& word : words) {
    if (!joined.empty()) joined += ' ';
    joined += word;
  }
  return joined;
}

// The records of one run, by kind, for the lookups the fields need.
struct Index {
  std::map<std::string, const core::Record*> by_id;
  template <typename T>
  const T* Find(const std::optional<std::string>& id) const {
    if (!id) return nullptr;
    auto it = by_id.find(*id);
    return it == by_id.end() ? nullptr : std::get_if<T>(it->second);
  }
};

struct Rows {
  linkage::LinkageSpec spec;
  // Per field: the chance that two different records agree exactly, for the
  // prior model of a store too small for EM (see FindLinks).
  std::vector<double> chance_exact;
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;  // id, values
  size_t compared = 0;
  size_t skipped = 0;
};

Rows PersonRows(std::span<const core::Record> records, const Index& index) {
  Rows out;
  out.spec.fields = {Field("name", FieldKind::kKoreanName), Field("birth_date", FieldKind::kDate),
                     Field("sex", FieldKind::kSex), Field("employer", FieldKind::kCode),
                     Field("post", FieldKind::kCode)};
  // One Korean full name in a few hundred (Kim is one surname in five); a
  // birth day one in a thousand (heaped on the first of January and round
  // years); sex one in two; one of a few employers and posts.
  out.chance_exact = {0.005, 0.001, 0.5, 0.1, 0.2};
  out.spec.blocking = {
      Rule({{0, KeyTransform::kExact}}),
      Rule({{0, KeyTransform::kLastToken}, {2, KeyTransform::kExact}}),
      Rule({{0, KeyTransform::kFirstToken}, {1, KeyTransform::kYear}}),
      Rule({{1, KeyTransform::kExact}}),
  };
  // Employer and post: the first membership that names them.
  std::map<std::string, std::pair<std::string, std::string>> work;
  for (const core::Record& record : records) {
    const auto* membership = std::get_if<core::Membership>(&record);
    if (!membership || work.contains(membership->person_id)) continue;
    const core::Post* post = index.Find<core::Post>(membership->post_id);
    std::string organization = membership->organization_id.value_or("");
    if (organization.empty() && post) organization = post->organization_id;
    work[membership->person_id] = {organization, post ? post->role : ""};
  }
  for (const core::Record& record : records) {
    const auto* person = std::get_if<core::Person>(&record);
    if (!person) continue;
    std::set<std::string> names;
    for (const core::Name& name : person->names) names.insert(name.text);
    if (names.empty()) {
      ++out.skipped;  // a pseudonym alone, or names sealed away
      continue;
    }
    ++out.compared;
    const auto& [employer, post] = work[person->id];
    size_t row = 0;
    for (const std::string& name : names) {
      out.rows.push_back(
          {person->id + kRowSeparator + std::to_string(row++),
           {name, DateText(person->birth_dates), SexText(person->sex), employer, post}});
    }
  }
  return out;
}

Rows EventRows(std::span<const core::Record> records, const Index& index) {
  Rows out;
  // Titles are left out: two reports of one event word it differently.
  out.spec.fields = {Field("acts", FieldKind::kFreeText), Field("date", FieldKind::kDate),
                     Field("place", FieldKind::kCode), Field("area", FieldKind::kFreeText),
                     Field("organizations", FieldKind::kFreeText)};
  out.spec.fields[3].tf_adjust = false;
  // A few act types cover most events; places are shared by the events of
  // one worksite; an exact day by few.
  out.chance_exact = {0.2, 0.002, 0.05, 0.05, 0.05};
  out.spec.blocking = {
      Rule({{1, KeyTransform::kYear}}),
      Rule({{2, KeyTransform::kExact}}),
      Rule({{0, KeyTransform::kExact}}),
      Rule({{4, KeyTransform::kExact}}),
  };
  struct EventFacts {
    std::set<std::string> act_types;
    std::set<std::string> organizations;
    std::vector<core::DateClaim> act_dates;
    std::vector<core::PlaceClaim> act_places;
  };
  std::map<std::string, EventFacts> facts;
  std::map<std::string, std::string> event_of_act;
  for (const core::Record& record : records) {
    if (const auto* act = std::get_if<core::Act>(&record)) {
      EventFacts& f = facts[act->event_id];
      f.act_types.insert(act->type);
      f.act_dates.insert(f.act_dates.end(), act->dates.begin(), act->dates.end());
      f.act_places.insert(f.act_places.end(), act->places.begin(), act->places.end());
      event_of_act[act->id] = act->event_id;
    }
  }
  for (const core::Record& record : records) {
    const auto* involvement = std::get_if<core::Involvement>(&record);
    if (!involvement || !involvement->organization_id) continue;
    auto event = event_of_act.find(involvement->act_id);
    if (event != event_of_act.end()) {
      facts[event->second].organizations.insert(*involvement->organization_id);
    }
  }
  for (const core::Record& record : records) {
    const auto* event = std::get_if<core::Event>(&record);
    if (!event) continue;
    const EventFacts& f = facts[event->id];
    const auto& places = event->places.empty() ? f.act_places : event->places;
    std::set<std::string> area;  // every place claimed and each place above it
    for (const core::PlaceClaim& claim : places) {
      std::optional<std::string> id = claim.place_id;
      for (int depth = 0; id && depth < 16; ++depth) {
        const core::Place* place = index.Find<core::Place>(id);
        if (!place) break;
        area.insert(place->id);
        id = place->parent_id;
      }
    }
    ++out.compared;
    out.rows.push_back(
        {event->id + kRowSeparator + "0",
         {JoinSorted(f.act_types), DateText(event->dates.empty() ? f.act_dates : event->dates),
          places.empty() ? "" : places.front().place_id, JoinSorted(area),
          JoinSorted(f.organizations)}});
  }
  return out;
}

std::vector<FieldAgreement> Agreements(const linkage::Explanation& explanation) {
  std::vector<FieldAgreement> fields;
  for (const linkage::FieldContribution& c : explanation.fields) {
    fields.push_back(
        {c.field, c.level == 0 ? "missing" : c.level_label, c.weight + c.tf_adjustment});
  }
  return fields;
}

// The levels of a date field (linkage/comparison.cc DateLevel): exact, one
// typo, consistent within a month, within a year, wider, then apart by at
// most a month, a year, ten years, and else.
constexpr size_t kDateLevels = 9;
// For a match: mostly exact or consistent, rarely apart.
constexpr double kDateMatchShare[kDateLevels] = {0.4, 0.05, 0.2, 0.12, 0.05, 0.1, 0.05, 0.02, 0.01};
// For two different records, as multiples of the chance of an exact day.
constexpr double kDateChanceFactor[kDateLevels - 1] = {1, 1, 3, 20, 50, 10, 50, 150};

// The model of a store too small for EM: a handful of records, several of
// them the same person, would teach u that names agree by chance. m is the
// engine's starting model (0.9 agreement on each field for a match, the
// rest halving down the levels; dates by kDateMatchShare); u rises fourfold
// from the field's chance of exact agreement at each looser level (dates by
// kDateChanceFactor), the rest at "else"; one candidate pair in a hundred
// is a match.
linkage::ModelParameters PriorModel(const linkage::Linker& linker,
                                    const std::vector<FieldSpec>& fields,
                                    const std::vector<double>& chance_exact) {
  std::vector<int> level_counts;
  for (const auto& labels : linker.level_labels()) {
    level_counts.push_back(static_cast<int>(labels.size()));
  }
  linkage::ModelParameters params = linkage::InitialParameters(level_counts, {}, 0.01);
  for (size_t f = 0; f < params.fields.size(); ++f) {
    std::vector<double>& m = params.fields[f].m;
    std::vector<double>& u = params.fields[f].u;
    const bool date = fields[f].kind == FieldKind::kDate && u.size() == kDateLevels;
    if (date) m.assign(std::begin(kDateMatchShare), std::end(kDateMatchShare));
    double chance = chance_exact[f];
    double used = 0;
    for (size_t level = 0; level + 1 < u.size(); ++level, chance *= 4) {
      // Never more than half of what is left, so "else" keeps its share.
      u[level] =
          std::min(date ? chance_exact[f] * kDateChanceFactor[level] : chance, (1 - used) / 2);
      used += u[level];
    }
    u.back() = std::max(0.05, 1 - used);
  }
  return params;
}

}  // namespace

Result<FoundLinks> FindLinks(core::RecordKind kind, std::span<const core::Record> records,
                             const FindLinksOptions& options) {
  if (kind != core::RecordKind::kPerson && kind != core::RecordKind::kEvent) {
    return Status::InvalidArgument("links are found between persons or between events");
  }
  Index index;
  for (const core::Record& record : records) index.by_id[core::IdOf(record)] = &record;
  Rows rows =
      kind == core::RecordKind::kPerson ? PersonRows(records, index) : EventRows(records, index);
  FoundLinks found;
  found.compared = rows.compared;
  found.skipped = rows.skipped;
  if (rows.compared < 2) return found;

  rows.spec.threshold = options.threshold;
  rows.spec.threads = options.threads;
  rows.spec.em.method = linkage::EmMethod::kPerRule;
  // No more random pairs for u than a small store has.
  const uint64_t row_count = rows.rows.size();
  rows.spec.u_sample_pairs = std::min<uint64_t>(rows.spec.u_sample_pairs, row_count * row_count);
  linkage::RecordSet set(rows.spec.fields);
  for (const auto& [id, values] : rows.rows) {
    std::vector<std::string_view> views(values.begin(), values.end());
    CHORUS_RETURN_IF_ERROR(set.Add(id, 0, views));
  }
  set.Finish();
  CHORUS_ASSIGN_OR_RETURN(auto linker, linkage::Linker::Create(rows.spec, set, false));
  Status trained = linker->Train(options.training_progress);
  if (trained.code() == StatusCode::kFailedPrecondition) return found;  // no candidate pair
  CHORUS_RETURN_IF_ERROR(trained);
  found.estimated = rows.compared >= options.min_records_for_em;
  if (!found.estimated) {
    linker->set_parameters(PriorModel(*linker, rows.spec.fields, rows.chance_exact));
  }

  // The best-scoring rows of each pair of records.
  std::map<std::pair<std::string, std::string>, linkage::ScoredPair> best;
  for (const linkage::ScoredPair& pair : linker->Score(options.threshold, options.progress)) {
    std::string a = OwnerOf(set.id(pair.left));
    std::string b = OwnerOf(set.id(pair.right));
    if (a == b) continue;
    linkage::ScoredPair ordered = pair;
    if (b < a) {
      std::swap(a, b);
      std::swap(ordered.left, ordered.right);
    }
    auto [it, inserted] = best.try_emplace({a, b}, ordered);
    if (!inserted && ordered.probability > it->second.probability) it->second = ordered;
  }
  found.candidate_pairs = linker->stats().candidate_pairs;
  for (const auto& [ids, pair] : best) {
    found.links.push_back({ids.first, ids.second, pair.probability,
                           Agreements(linker->Explain(pair.left, pair.right))});
  }
  return found;
}

}  // namespace chorus::review
