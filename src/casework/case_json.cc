#include "casework/case_json.h"

namespace chorus::casework {
namespace {

using Json = nlohmann::ordered_json;

Json TimeJson(Timestamp t) { return FormatTimestamp(t); }

Result<Timestamp> TimeField(const nlohmann::json& j, const char* field) {
  if (!j.contains(field) || !j[field].is_string()) {
    return Status::InvalidArgument(std::string("case: '") + field + "' must be a timestamp");
  }
  auto t = ParseTimestamp(j[field].get<std::string>());
  if (!t) return Status::InvalidArgument(std::string("case: '") + field + "' is not ISO 8601");
  return *t;
}

std::string StringField(const nlohmann::json& j, const char* field) {
  if (!j.contains(field) || !j[field].is_string()) return "";
  return j[field].get<std::string>();
}

}  // namespace

nlohmann::ordered_json CaseToJson(const Case& c) {
  Json j;
  j["id"] = c.id;
  j["person"] = c.person;
  j["requester_name"] = c.requester_name;
  j["contact"] = c.contact;
  j["location"] = c.location;
  if (c.sealed_requester) {
    j["sealed_requester"] = {
        {"compartment", std::string(core::CompartmentName(c.sealed_requester->compartment))},
        {"key", c.sealed_requester->key_id},
        {"box", c.sealed_requester->box}};
  }
  j["tier"] = TierName(c.tier);
  j["tier_reason"] = c.tier_reason;
  j["requested_at"] = TimeJson(c.requested_at);
  j["stage"] = StageName(c.stage);
  j["stage_since"] = TimeJson(c.stage_since);
  j["close_reason"] = c.close_reason ? Json(CloseReasonName(*c.close_reason)) : Json(nullptr);
  j["assignee"] = c.assignee;
  j["claimed_at"] = c.claimed_at ? TimeJson(*c.claimed_at) : Json(nullptr);
  j["consent_to_share"] = c.consent_to_share;
  Json referrals = Json::array();
  for (const Referral& r : c.referrals) {
    referrals.push_back({{"id", r.id},
                         {"partner", r.partner},
                         {"state", ReferralStateName(r.state)},
                         {"updated", TimeJson(r.updated)},
                         {"consent_override_reason", r.consent_override_reason}});
  }
  j["referrals"] = std::move(referrals);
  Json notes = Json::array();
  for (const Note& n : c.notes) {
    notes.push_back({{"at", TimeJson(n.at)}, {"author", n.author}, {"text", n.text}});
  }
  j["notes"] = std::move(notes);
  Json stages = Json::array();
  for (const StageChange& s : c.stages) {
    stages.push_back({{"at", TimeJson(s.at)},
                      {"by", s.by},
                      {"from", StageName(s.from)},
                      {"to", StageName(s.to)},
                      {"note", s.note}});
  }
  j["stages"] = std::move(stages);
  j["links"] = c.links;
  return j;
}

nlohmann::ordered_json CaseSummaryJson(const Case& c) {
  Json j;
  j["id"] = c.id;
  j["tier"] = TierName(c.tier);
  j["tier_reason"] = c.tier_reason;
  j["requested_at"] = TimeJson(c.requested_at);
  j["stage"] = StageName(c.stage);
  j["stage_since"] = TimeJson(c.stage_since);
  j["close_reason"] = c.close_reason ? Json(CloseReasonName(*c.close_reason)) : Json(nullptr);
  j["assignee"] = c.assignee;
  j["claimed_at"] = c.claimed_at ? TimeJson(*c.claimed_at) : Json(nullptr);
  j["consent_to_share"] = c.consent_to_share;
  j["referrals"] = c.referrals.size();
  return j;
}

Result<Case> CaseFromJson(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return Status::InvalidArgument("case: not a JSON object");
  Case c;
  c.id = StringField(j, "id");
  c.person = StringField(j, "person");
  c.requester_name = StringField(j, "requester_name");
  c.contact = StringField(j, "contact");
  c.location = StringField(j, "location");
  if (j.contains("sealed_requester")) {
    const auto& sealed = j["sealed_requester"];
    if (!sealed.is_object() || StringField(sealed, "compartment") != "requesters" ||
        StringField(sealed, "key").empty() || StringField(sealed, "box").empty()) {
      return Status::InvalidArgument("case " + c.id + ": malformed sealed requester");
    }
    c.sealed_requester = core::SealedPart{core::Compartment::kRequesters,
                                          StringField(sealed, "key"), StringField(sealed, "box")};
  }
  auto tier = ParseTier(StringField(j, "tier"));
  if (!tier) return Status::InvalidArgument("case " + c.id + ": unknown tier");
  c.tier = *tier;
  c.tier_reason = StringField(j, "tier_reason");
  CHORUS_ASSIGN_OR_RETURN(c.requested_at, TimeField(j, "requested_at"));
  auto stage = ParseStage(StringField(j, "stage"));
  if (!stage) return Status::InvalidArgument("case " + c.id + ": unknown stage");
  c.stage = *stage;
  CHORUS_ASSIGN_OR_RETURN(c.stage_since, TimeField(j, "stage_since"));
  if (j.contains("close_reason") && j["close_reason"].is_string()) {
    c.close_reason = ParseCloseReason(j["close_reason"].get<std::string>());
    if (!c.close_reason) return Status::InvalidArgument("case " + c.id + ": unknown close reason");
  }
  c.assignee = StringField(j, "assignee");
  if (j.contains("claimed_at") && j["claimed_at"].is_string()) {
    CHORUS_ASSIGN_OR_RETURN(c.claimed_at, TimeField(j, "claimed_at"));
  }
  c.consent_to_share = j.value("consent_to_share", false);
  for (const auto& r : j.value("referrals", nlohmann::json::array())) {
    Referral referral;
    referral.id = StringField(r, "id");
    referral.partner = StringField(r, "partner");
    auto state = ParseReferralState(StringField(r, "state"));
    if (!state) return Status::InvalidArgument("case " + c.id + ": unknown referral state");
    referral.state = *state;
    CHORUS_ASSIGN_OR_RETURN(referral.updated, TimeField(r, "updated"));
    referral.consent_override_reason = StringField(r, "consent_override_reason");
    c.referrals.push_back(std::move(referral));
  }
  for (const auto& n : j.value("notes", nlohmann::json::array())) {
    Note note;
    CHORUS_ASSIGN_OR_RETURN(note.at, TimeField(n, "at"));
    note.author = StringField(n, "author");
    note.text = StringField(n, "text");
    c.notes.push_back(std::move(note));
  }
  for (const auto& s : j.value("stages", nlohmann::json::array())) {
    StageChange change;
    CHORUS_ASSIGN_OR_RETURN(change.at, TimeField(s, "at"));
    change.by = StringField(s, "by");
    auto from = ParseStage(StringField(s, "from"));
    auto to = ParseStage(StringField(s, "to"));
    if (!from || !to) return Status::InvalidArgument("case " + c.id + ": unknown stage in history");
    change.from = *from;
    change.to = *to;
    change.note = StringField(s, "note");
    c.stages.push_back(std::move(change));
  }
  for (const auto& link : j.value("links", nlohmann::json::array())) {
    if (link.is_string()) c.links.push_back(link.get<std::string>());
  }
  CHORUS_RETURN_IF_ERROR(ValidateCase(c));
  return c;
}

}  // namespace chorus::casework
