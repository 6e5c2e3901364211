// File: server/router.h
// The route table: (method, pattern) -> handler, where a pattern is a path
// with "{name}" segments ("/api/events/{id}"). The table is also the list the
// OpenAPI check compares against docs/api/openapi.yaml.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/policy.h"
#include "core/model.h"
#include "server/http.h"

namespace chorus::server {

// Path parameters by name ("id" -> "evt-1").
using PathParams = std::map<std::string, std::string, std::less<>>;

struct RouteSpec {
  std::string method;
  std::string pattern;
  bool needs_session = true;  // false: login, session, openapi.yaml
  bool needs_csrf = false;    // true for state changes except login
  // What the route needs, from the one authorization table (access/policy.h);
  // the dispatcher refuses a role without it before any handler runs.
  // nullopt: any logged-in user (session, logout) or nobody (login).
  std::optional<access::Permission> permission;
  // For record permissions: the record kind the route is about.
  std::optional<core::RecordKind> kind;
};

template <typename Handler>
class Router {
 public:
  void Add(RouteSpec spec, Handler handler) {
    std::vector<std::string> segments;
    for (std::string_view part : Split(spec.pattern)) segments.emplace_back(part);
    routes_.push_back({std::move(spec), std::move(handler), std::move(segments)});
  }

  struct Match {
    const RouteSpec* spec = nullptr;
    const Handler* handler = nullptr;
    PathParams params;
    bool path_known = false;  // some route has this path under another method
  };

  Match Find(std::string_view method, std::string_view path) const {
    Match match;
    std::vector<std::string_view> parts = Split(path);
    for (const auto& route : routes_) {
      PathParams params;
      if (!MatchSegments(route.segments, parts, params)) continue;
      if (route.spec.method != method) {
        match.path_known = true;
        continue;
      }
      match.spec = &route.spec;
      match.handler = &route.handler;
      match.params = std::move(params);
      return match;
    }
    return match;
  }

  std::vector<RouteSpec> Routes() const {
    std::vector<RouteSpec> out;
    for (const auto& route : routes_) out.push_back(route.spec);
    return out;
  }

 private:
  struct Route {
    RouteSpec spec;
    Handler handler;
    std::vector<std::string> segments;
  };

  static std::vector<std::string_view> Split(std::string_view path) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (start <= path.size()) {
      size_t slash = path.find('/', start);
      if (slash == std::string_view::npos) slash = path.size();
      if (slash > start) parts.push_back(path.substr(start, slash - start));
      start = slash + 1;
    }
    return parts;
  }

  static bool MatchSegments(const std::vector<std::string>& pattern,
                            const std::vector<std::string_view>& parts, PathParams& params) {
    if (pattern.size() != parts.size()) return false;
    for (size_t i = 0; i < parts.size(); ++i) {
      std::string_view p = pattern[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
        params.emplace(std::string(p.substr(1, p.size() - 2)), std::string(parts[i]));
      } else if (p != parts[i]) {
        return false;
      }
    }
    return true;
  }

  std::vector<Route> routes_;
};

}  // namespace chorus::server
