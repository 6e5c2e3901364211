#include "server/view_json.h"

#include <nlohmann/json.hpp>

namespace chorus::server {
namespace {

using Json = nlohmann::json;

std::string OrgName(const core::Organization& org) {
  return org.names.empty() ? org.id : org.names.front().text;
}

std::string Dump(const Json& json) {
  // Invalid UTF-8 in stored text must not abort a response.
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

std::string RecordViewMembersJson(const records::RecordView& view) {
  Json reports = Json::array();
  for (const auto& r : view.reports) {
    reports.push_back(Json{{"id", r.report.id},
                           {"title", r.report.title},
                           {"source", r.report.source_id},
                           {"source_pseudonym", r.source_pseudonym},
                           {"source_reliability", core::ReliabilityLetter(r.source_reliability)},
                           {"credibility", static_cast<int>(r.report.credibility)}});
  }
  Json claims = Json::array();
  for (const auto& c : view.claims) {
    claims.push_back(Json{{"attribute", c.attribute}, {"report", c.report_id}, {"value", c.value}});
  }
  Json consolidated = Json::array();
  for (const auto& c : view.consolidated) {
    consolidated.push_back(
        Json{{"attribute", c.attribute},
             {"min", c.count.range.min},
             {"max", c.count.range.max ? Json(*c.count.range.max) : Json(nullptr)},
             {"best", c.count.range.best ? Json(*c.count.range.best) : Json(nullptr)},
             {"unit", std::string(core::CountUnitName(c.count.range.unit))},
             {"conflicting", c.count.conflicting},
             {"claims", c.count.claims.size()}});
  }
  Json referenced = Json::array();
  for (const auto& r : view.referenced_by) {
    referenced.push_back(Json{{"id", core::IdOf(r)},
                              {"kind", std::string(core::RecordKindName(core::KindOf(r)))},
                              {"label", core::DisplayLabel(r)}});
  }
  std::string out = "\"reports\":" + Dump(reports) + ",\"claims\":" + Dump(claims) +
                    ",\"consolidated\":" + Dump(consolidated) +
                    ",\"referenced_by\":" + Dump(referenced);
  if (view.corroboration) {
    const core::Corroboration& c = *view.corroboration;
    out += ",\"corroboration\":" + Dump(Json{{"independent_sources", c.independent_sources},
                                             {"first_hand_sources", c.first_hand_sources},
                                             {"reports", c.reports},
                                             {"weight", c.weight},
                                             {"credibility", static_cast<int>(c.credibility)},
                                             {"reason", c.reason}});
  }
  return out;
}

std::string ChainJson(const records::ChainOfCommand& chain) {
  Json superiors = Json::array();
  for (const auto& s : chain.superiors)
    superiors.push_back(Json{{"id", s.id}, {"name", OrgName(s)}});
  Json posts = Json::array();
  for (const auto& p : chain.posts) {
    Json holders = Json::array();
    for (const auto& h : p.holders) {
      holders.push_back(Json{{"person", h.person.id},
                             {"label", core::DisplayLabel(h.person)},
                             {"membership", h.membership.id}});
    }
    posts.push_back(Json{{"post", p.post.id},
                         {"label", p.post.label},
                         {"role", p.post.role},
                         {"rank", p.post.rank},
                         {"unit", p.organization.id},
                         {"unit_name", OrgName(p.organization)},
                         {"holders", holders},
                         {"vacant", p.holders.empty()},
                         {"reports", p.reports}});
  }
  return Dump(Json{{"organization", chain.organization.id},
                   {"name", OrgName(chain.organization)},
                   {"at", chain.at.ToString()},
                   {"superiors", superiors},
                   {"posts", posts}});
}

}  // namespace chorus::server
