#include "core/corroboration.h"

#include <map>

namespace chorus::core {
namespace {

constexpr double kRelayedWeight = 0.5;

std::string Plural(int n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

Corroboration Corroborate(std::span<const Report> reports) {
  Corroboration out;
  // source key -> first-hand?
  std::map<std::string, bool> sources;
  for (const Report& r : reports) {
    ++out.reports;
    const std::string key = r.source_id.empty() ? "report:" + r.id : "source:" + r.source_id;
    bool& first_hand = sources[key];
    first_hand = first_hand || IsFirstHand(r.knowledge);
  }
  out.independent_sources = static_cast<int>(sources.size());
  for (const auto& [key, first_hand] : sources) {
    out.first_hand_sources += first_hand ? 1 : 0;
    out.weight += first_hand ? 1.0 : kRelayedWeight;
  }
  const int n = out.independent_sources;
  const int first = out.first_hand_sources;
  const std::string first_hand_words =
      first == 0 ? "none first-hand" : std::to_string(first) + " first-hand";
  if (n == 0) {
    out.credibility = Credibility::k6;
    out.reason = "no supporting report: cannot be judged";
  } else if (n >= 2 && first >= 1 && out.weight >= 2.0) {
    out.credibility = Credibility::k1;
    out.reason = "confirmed by " + Plural(n, "independent source", "independent sources") + ", " +
                 first_hand_words;
  } else if (n >= 2) {
    out.credibility = Credibility::k2;
    out.reason = "probably true: " + Plural(n, "independent source", "independent sources") + ", " +
                 first_hand_words;
  } else if (first == 1) {
    out.credibility = Credibility::k3;
    out.reason = "possibly true: one first-hand source, not confirmed by another";
  } else {
    out.credibility = Credibility::k4;
    out.reason = "doubtful: one source, relayed, not confirmed by another";
  }
  if (out.reports > n) {
    out.reason += " (" + Plural(out.reports, "report", "reports") + ", several from one source)";
  }
  return out;
}

}  // namespace chorus::core
