#include "review/merge.h"

#include <algorithm>
#include <string>
#include <variant>
#include <vector>

namespace chorus::review {
namespace {

template <typename T>
void AppendMissing(std::vector<T>& into, const std::vector<T>& from) {
  for (const T& item : from) {
    if (std::find(into.begin(), into.end(), item) == into.end()) into.push_back(item);
  }
}

void MergeNames(std::vector<core::Name>& into, const std::vector<core::Name>& from) {
  for (const core::Name& name : from) {
    auto same = std::find_if(into.begin(), into.end(), [&](const core::Name& n) {
      return n.text == name.text && n.language == name.language;
    });
    if (same == into.end()) {
      into.push_back(name);
    } else {
      AppendMissing(same->reports, name.reports);
    }
  }
}

void FillIfEmpty(std::string& into, const std::string& from) {
  if (into.empty()) into = from;
}

Result<core::Record> MergePeople(core::Person keep, const core::Person& other) {
  if (keep.sealed || other.sealed) {
    return Status::FailedPrecondition(
        "person " + (keep.sealed ? keep.id : other.id) +
        " carries sealed names: merge as a holder of the people-at-risk compartment");
  }
  if (keep.sex != core::Sex::kUnknown && other.sex != core::Sex::kUnknown &&
      keep.sex != other.sex) {
    return Status::InvalidArgument("persons " + keep.id + " and " + other.id +
                                   " are recorded with different sexes: correct one first");
  }
  MergeNames(keep.names, other.names);
  AppendMissing(keep.birth_dates, other.birth_dates);
  AppendMissing(keep.reports, other.reports);
  if (keep.sex == core::Sex::kUnknown) keep.sex = other.sex;
  keep.at_risk = keep.at_risk || other.at_risk;
  FillIfEmpty(keep.pseudonym, other.pseudonym);
  FillIfEmpty(keep.description, other.description);
  return core::Record(std::move(keep));
}

core::Record MergeEvents(core::Event keep, const core::Event& other) {
  AppendMissing(keep.dates, other.dates);
  AppendMissing(keep.places, other.places);
  for (const core::EventRelation& relation : other.related) {
    if (relation.event_id == keep.id) continue;
    if (std::find(keep.related.begin(), keep.related.end(), relation) == keep.related.end()) {
      keep.related.push_back(relation);
    }
  }
  std::erase_if(keep.related, [&](const core::EventRelation& r) { return r.event_id == other.id; });
  AppendMissing(keep.reports, other.reports);
  FillIfEmpty(keep.title, other.title);
  FillIfEmpty(keep.description, other.description);
  return core::Record(std::move(keep));
}

bool Retarget(std::optional<std::string>& field, std::string_view from, std::string_view to) {
  if (!field || *field != from) return false;
  *field = std::string(to);
  return true;
}

}  // namespace

bool IsMergeableKind(core::RecordKind kind) {
  return kind == core::RecordKind::kPerson || kind == core::RecordKind::kEvent;
}

Result<core::Record> MergeRecords(const core::Record& keep, const core::Record& other) {
  const core::RecordKind kind = core::KindOf(keep);
  if (kind != core::KindOf(other)) {
    return Status::InvalidArgument("cannot merge " + core::IdOf(keep) + " and " +
                                   core::IdOf(other) + ": they are of different kinds");
  }
  if (!IsMergeableKind(kind)) {
    return Status::InvalidArgument("cannot merge " + core::IdOf(keep) +
                                   ": only persons and events are merged");
  }
  if (core::IdOf(keep) == core::IdOf(other)) {
    return Status::InvalidArgument("cannot merge " + core::IdOf(keep) + " with itself");
  }
  if (kind == core::RecordKind::kPerson) {
    return MergePeople(std::get<core::Person>(keep), std::get<core::Person>(other));
  }
  return MergeEvents(std::get<core::Event>(keep), std::get<core::Event>(other));
}

bool RetargetReferences(core::Record& referrer, std::string_view from, std::string_view to) {
  if (auto* involvement = std::get_if<core::Involvement>(&referrer)) {
    return Retarget(involvement->person_id, from, to);
  }
  if (auto* membership = std::get_if<core::Membership>(&referrer)) {
    if (membership->person_id != from) return false;
    membership->person_id = std::string(to);
    return true;
  }
  if (auto* act = std::get_if<core::Act>(&referrer)) {
    if (act->event_id != from) return false;
    act->event_id = std::string(to);
    return true;
  }
  if (auto* event = std::get_if<core::Event>(&referrer)) {
    bool changed = false;
    std::vector<core::EventRelation> kept;
    for (core::EventRelation relation : event->related) {
      if (relation.event_id == from) {
        relation.event_id = std::string(to);
        changed = true;
      }
      if (relation.event_id == event->id) continue;
      if (std::find(kept.begin(), kept.end(), relation) != kept.end()) continue;
      kept.push_back(std::move(relation));
    }
    if (changed) event->related = std::move(kept);
    return changed;
  }
  return false;
}

}  // namespace chorus::review
