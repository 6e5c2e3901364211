// chorus queue add | list | claim | position | alarms | show | move | release
// | assign | note | consent | refer | deadlines: the casework queue (#5).
// Commands that act as a caseworker take --as USER (an existing user); the
// others act as the operator who holds the store's passphrase.
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "casework/case_json.h"
#include "casework/casebook.h"
#include "casework/requester_seal.h"
#include "cli/command.h"
#include "cli/store_access.h"
#include "server/user_store.h"

namespace chorus::cli {
namespace {

using Json = nlohmann::ordered_json;
using casework::Case;

void PrintJson(const Json& json) { std::cout << json.dump(2) << "\n"; }

// Who acts: the user named by --as, proven by their password
// (CHORUS_PASSWORD or a prompt), or the operator.
Result<access::Actor> ResolveActor(records::Vault& vault, const std::string& as) {
  if (as.empty()) return access::Actor{CliActor(), access::Role::kAdministrator};
  CHORUS_ASSIGN_OR_RETURN(access::User user, AuthenticateAs(vault, as));
  return access::Actor{user.name, user.role};
}

struct QueueOptions {
  std::string as;
  // add
  std::string tier, reason, requested_at, person, name, contact, location;
  std::vector<std::string> links;
  // list
  size_t limit = 100;
  // case commands
  std::string case_id, to, note, close_reason, text, partner, override_reason;
  bool given = false, withdrawn = false;
  // deadlines
  std::vector<std::string> deadlines, credits;
  std::string claim_timeout;
};

QueueOptions& Options() {
  static QueueOptions options;
  return options;
}

// Opens the store, resolves the actor and runs `body` with a casebook.
Status WithCasebook(
    const GlobalOptions& globals, bool needs_user,
    const std::function<Status(casework::Casebook&, const access::Actor&, records::Vault&)>& body) {
  if (needs_user && Options().as.empty()) {
    return Status::InvalidArgument("--as USER is required: the caseworker who acts");
  }
  CHORUS_ASSIGN_OR_RETURN(auto opened, OpenStore(globals.store));
  CHORUS_ASSIGN_OR_RETURN(access::Actor actor, ResolveActor(*opened.vault, Options().as));
  casework::Casebook book(*opened.vault, SystemClock());
  return body(book, actor, *opened.vault);
}

void PrintCase(const GlobalOptions& globals, const Case& c, bool full) {
  if (globals.json) {
    PrintJson(full ? casework::CaseToJson(c) : casework::CaseSummaryJson(c));
    return;
  }
  std::cout << c.id << "\t" << casework::StageName(c.stage) << "\t" << casework::TierLabel(c.tier)
            << "\t" << (c.assignee.empty() ? "unassigned" : c.assignee) << "\n";
  if (!full) return;
  std::cout << "requested " << FormatTimestamp(c.requested_at) << ": " << c.tier_reason << "\n";
  if (!c.requester_name.empty()) std::cout << "requester: " << c.requester_name << "\n";
  if (!c.contact.empty()) std::cout << "contact: " << c.contact << "\n";
  if (!c.location.empty()) std::cout << "location: " << c.location << "\n";
  if (c.sealed_requester) {
    std::cout << "requester: sealed (compartment requesters; a caseworker opens it with --as)\n";
  }
  std::cout << "consent to share: " << (c.consent_to_share ? "yes" : "no") << "\n";
  for (const auto& s : c.stages) {
    std::cout << FormatTimestamp(s.at) << "  " << casework::StageName(s.from) << " -> "
              << casework::StageName(s.to) << " by " << s.by << ": " << s.note << "\n";
  }
  for (const auto& n : c.notes) {
    std::cout << FormatTimestamp(n.at) << "  note by " << n.author << ": " << n.text << "\n";
  }
  for (const auto& r : c.referrals) {
    std::cout << r.id << "  " << r.partner << " (" << casework::ReferralStateName(r.state) << ")"
              << (r.consent_override_reason.empty() ? "" : " consent overridden") << "\n";
  }
  for (const auto& moves = casework::MovesFrom(c.stage); const auto& m : moves) {
    std::cout << "may move to " << casework::StageName(m.to) << " (needs " << m.requires_what
              << ")\n";
  }
}

Status Add(const GlobalOptions& globals) {
  const QueueOptions& o = Options();
  auto tier = casework::ParseTier(o.tier);
  if (!tier) return Status::InvalidArgument("--tier must be immediate, vulnerable or standard");
  casework::NewCase request;
  request.tier = *tier;
  request.tier_reason = o.reason;
  if (!o.requested_at.empty()) {
    auto at = ParseTimestamp(o.requested_at);
    if (!at) {
      return Status::InvalidArgument("--requested-at '" + o.requested_at +
                                     "' is not ISO 8601 (e.g. 2026-11-29T08:00:00Z)");
    }
    request.requested_at = *at;
  }
  request.person = o.person;
  request.requester_name = o.name;
  request.contact = o.contact;
  request.location = o.location;
  request.links = o.links;
  return WithCasebook(globals, false, [&](auto& book, const auto& actor, auto&) -> Status {
    CHORUS_ASSIGN_OR_RETURN(Case c, book.Add(actor, request));
    if (globals.json) {
      PrintJson(casework::CaseSummaryJson(c));
    } else {
      std::cout << c.id << "\n";
    }
    return Status::Ok();
  });
}

Status List(const GlobalOptions& globals) {
  return WithCasebook(globals, false, [&](auto& book, const auto& actor, auto&) -> Status {
    CHORUS_ASSIGN_OR_RETURN(auto entries, book.Queue(actor, Options().limit));
    CHORUS_ASSIGN_OR_RETURN(int64_t waiting, book.WaitingCount(actor));
    if (globals.json) {
      Json cases = Json::array();
      for (const auto& e : entries) {
        Json j = casework::CaseSummaryJson(e.c);
        j["position"] = e.position;
        j["reason"] = e.reason;
        cases.push_back(std::move(j));
      }
      PrintJson(Json{{"waiting", waiting}, {"cases", std::move(cases)}});
      return Status::Ok();
    }
    if (entries.empty()) std::cout << "the queue is empty\n";
    for (const auto& e : entries) {
      std::cout << e.position << "\t" << e.c.id << "\t" << e.reason << "\n";
    }
    if (waiting > static_cast<int64_t>(entries.size())) {
      std::cout << "(" << waiting << " waiting in all)\n";
    }
    return Status::Ok();
  });
}

Status Claim(const GlobalOptions& globals) {
  return WithCasebook(globals, true, [&](auto& book, const auto& actor, auto&) -> Status {
    CHORUS_ASSIGN_OR_RETURN(Case c, book.ClaimNext(actor));
    PrintCase(globals, c, false);
    return Status::Ok();
  });
}

Status Position(const GlobalOptions& globals) {
  return WithCasebook(globals, false, [&](auto& book, const auto& actor, auto&) -> Status {
    CHORUS_ASSIGN_OR_RETURN(auto p, book.PositionOf(actor, Options().case_id));
    if (globals.json) {
      PrintJson(Json{
          {"id", p.id},
          {"stage", casework::StageName(p.stage)},
          {"position", p.position},
          {"expected_wait_seconds",
           p.expected_wait
               ? Json(std::chrono::duration_cast<std::chrono::seconds>(*p.expected_wait).count())
               : Json(nullptr)}});
      return Status::Ok();
    }
    if (p.position == 0) {
      std::cout << p.id << " is no longer waiting (stage " << casework::StageName(p.stage) << ")\n";
      return Status::Ok();
    }
    std::cout << p.id << ": position " << p.position << "; expected wait "
              << (p.expected_wait ? casework::FormatDuration(*p.expected_wait)
                                  : std::string("not known yet"))
              << "\n";
    return Status::Ok();
  });
}

Status Alarms(const GlobalOptions& globals) {
  return WithCasebook(globals, false, [&](auto& book, const auto& actor, auto&) -> Status {
    CHORUS_ASSIGN_OR_RETURN(auto alarms, book.Alarms(actor));
    if (globals.json) {
      Json out = Json::array();
      for (const auto& a : alarms) {
        Json j = casework::CaseSummaryJson(a.c);
        j["due"] = FormatTimestamp(a.due);
        j["alarm"] = a.what;
        out.push_back(std::move(j));
      }
      PrintJson(Json{{"alarms", std::move(out)}});
      return Status::Ok();
    }
    if (alarms.empty()) std::cout << "no alarms\n";
    for (const auto& a : alarms) {
      std::cout << a.c.id << "\t" << a.what << "\t"
                << (a.c.assignee.empty() ? "unassigned" : a.c.assignee) << "\n";
    }
    return Status::Ok();
  });
}

// With --as, the user logs in (CHORUS_PASSWORD or a prompt) so that a
// caseworker's keys open the sealed requester; without, it stays sealed.
Status Show(const GlobalOptions& globals) {
  const QueueOptions& o = Options();
  CHORUS_ASSIGN_OR_RETURN(auto opened, OpenStore(globals.store));
  std::optional<CliLogin> login;
  access::Actor actor{CliActor(), access::Role::kAdministrator};
  if (!o.as.empty()) {
    CHORUS_ASSIGN_OR_RETURN(login, LogInAs(*opened.vault, o.as));
    actor = access::Actor{login->user.name, login->user.role};
  }
  casework::Casebook book(*opened.vault, SystemClock());
  CHORUS_ASSIGN_OR_RETURN(Case c, book.Get(actor, o.case_id));
  if (login) {
    CHORUS_RETURN_IF_ERROR(casework::RevealRequesterForRole(actor.role, &login->keyring, c));
  }
  PrintCase(globals, c, true);
  return Status::Ok();
}

Status Move(const GlobalOptions& globals) {
  const QueueOptions& o = Options();
  auto stage = casework::ParseStage(o.to);
  if (!stage) {
    return Status::InvalidArgument(
        "--to must be verified, sheltered, in_transfer, resettled or closed");
  }
  casework::MoveRequest request{*stage, o.note, std::nullopt};
  if (!o.close_reason.empty()) {
    request.close_reason = casework::ParseCloseReason(o.close_reason);
    if (!request.close_reason) {
      return Status::InvalidArgument(
          "--reason must be withdrawn, unreachable, duplicate or referred_elsewhere");
    }
  }
  return WithCasebook(globals, true, [&](auto& book, const auto& actor, auto&) -> Status {
    CHORUS_ASSIGN_OR_RETURN(Case c, book.Move(actor, o.case_id, request));
    PrintCase(globals, c, false);
    return Status::Ok();
  });
}

Status Release(const GlobalOptions& globals) {
  return WithCasebook(globals, true, [&](auto& book, const auto& actor, auto&) -> Status {
    CHORUS_ASSIGN_OR_RETURN(Case c, book.Release(actor, Options().case_id, Options().reason));
    PrintCase(globals, c, false);
    return Status::Ok();
  });
}

Status Assign(const GlobalOptions& globals) {
  return WithCasebook(globals, true, [&](auto& book, const auto& actor, auto& vault) -> Status {
    CHORUS_ASSIGN_OR_RETURN(access::Actor to, ResolveActor(vault, Options().to));
    CHORUS_ASSIGN_OR_RETURN(Case c, book.Reassign(actor, Options().case_id, to, Options().reason));
    PrintCase(globals, c, false);
    return Status::Ok();
  });
}

Status Note(const GlobalOptions& globals) {
  return WithCasebook(globals, false, [&](auto& book, const auto& actor, auto&) -> Status {
    CHORUS_ASSIGN_OR_RETURN(Case c, book.AddNote(actor, Options().case_id, Options().text));
    PrintCase(globals, c, false);
    return Status::Ok();
  });
}

Status Consent(const GlobalOptions& globals) {
  const QueueOptions& o = Options();
  if (o.given == o.withdrawn) return Status::InvalidArgument("give one of --given or --withdrawn");
  return WithCasebook(globals, false, [&](auto& book, const auto& actor, auto&) -> Status {
    CHORUS_ASSIGN_OR_RETURN(Case c, book.SetConsent(actor, o.case_id, o.given, o.note));
    PrintCase(globals, c, false);
    return Status::Ok();
  });
}

Status Refer(const GlobalOptions& globals) {
  return WithCasebook(globals, false, [&](auto& book, const auto& actor, auto&) -> Status {
    CHORUS_ASSIGN_OR_RETURN(Case c, book.AddReferral(actor, Options().case_id, Options().partner,
                                                     Options().override_reason));
    PrintCase(globals, c, false);
    return Status::Ok();
  });
}

// "stage=2d" pairs onto a policy.
Status ApplyDeadlines(const std::vector<std::string>& pairs, casework::QueuePolicy& policy) {
  for (const std::string& pair : pairs) {
    const size_t eq = pair.find('=');
    auto stage = casework::ParseStage(pair.substr(0, eq));
    if (eq == std::string::npos || !stage || casework::IsFinal(*stage)) {
      return Status::InvalidArgument("--deadline '" + pair +
                                     "' must be STAGE=DURATION for an open stage, e.g. "
                                     "requested=2d");
    }
    CHORUS_ASSIGN_OR_RETURN(policy.stage_deadline[static_cast<size_t>(*stage)],
                            casework::ParseDuration(pair.substr(eq + 1)));
  }
  return Status::Ok();
}

Status ApplyCredits(const std::vector<std::string>& pairs, casework::QueuePolicy& policy) {
  for (const std::string& pair : pairs) {
    const size_t eq = pair.find('=');
    auto tier = casework::ParseTier(pair.substr(0, eq));
    if (eq == std::string::npos || !tier) {
      return Status::InvalidArgument("--credit '" + pair +
                                     "' must be TIER=DURATION, e.g. vulnerable=7d");
    }
    CHORUS_ASSIGN_OR_RETURN(policy.credit[static_cast<size_t>(*tier)],
                            casework::ParseDuration(pair.substr(eq + 1)));
  }
  return Status::Ok();
}

Status Deadlines(const GlobalOptions& globals) {
  const QueueOptions& o = Options();
  return WithCasebook(globals, false, [&](auto& book, const auto& actor, auto&) -> Status {
    CHORUS_ASSIGN_OR_RETURN(casework::QueuePolicy policy, book.Policy());
    const bool changing = !o.deadlines.empty() || !o.credits.empty() || !o.claim_timeout.empty();
    if (changing) {
      CHORUS_RETURN_IF_ERROR(ApplyDeadlines(o.deadlines, policy));
      CHORUS_RETURN_IF_ERROR(ApplyCredits(o.credits, policy));
      if (!o.claim_timeout.empty()) {
        CHORUS_ASSIGN_OR_RETURN(policy.claim_timeout, casework::ParseDuration(o.claim_timeout));
      }
      CHORUS_RETURN_IF_ERROR(book.SetPolicy(actor, policy));
    }
    Json stages = Json::object();
    for (casework::Stage stage : casework::AllStages()) {
      if (casework::IsFinal(stage)) continue;
      stages[std::string(casework::StageName(stage))] =
          casework::FormatDuration(policy.stage_deadline[static_cast<size_t>(stage)]);
    }
    Json credits = Json::object();
    for (casework::Tier tier : casework::AllTiers()) {
      credits[std::string(casework::TierName(tier))] =
          casework::FormatDuration(policy.credit[static_cast<size_t>(tier)]);
    }
    const Json out{{"stage_deadlines", stages},
                   {"tier_credits", credits},
                   {"claim_timeout", casework::FormatDuration(policy.claim_timeout)}};
    if (globals.json) {
      PrintJson(out);
    } else {
      for (const auto& [stage, d] : stages.items()) {
        std::cout << "deadline " << stage << "\t" << d.template get<std::string>() << "\n";
      }
      for (const auto& [tier, d] : credits.items()) {
        std::cout << "credit " << tier << "\t" << d.template get<std::string>() << "\n";
      }
      std::cout << "claim timeout\t" << casework::FormatDuration(policy.claim_timeout) << "\n";
    }
    return Status::Ok();
  });
}

void Setup(CLI::App& app, GlobalOptions& globals) {
  QueueOptions& o = Options();
  auto* queue = app.add_subcommand("queue", "The casework queue: requests for help, in order");
  queue->require_subcommand(1);
  auto json_flag = [&](CLI::App* sub) { sub->add_flag("--json", globals.json, "Print JSON"); };
  auto as_option = [&](CLI::App* sub, bool required) {
    auto* opt = sub->add_option(
        "--as", o.as, "The user who acts, with their password (CHORUS_PASSWORD or a prompt)");
    if (required) opt->required();
  };
  auto case_arg = [&](CLI::App* sub) {
    sub->add_option("case", o.case_id, "Case id (case-...)")->required();
  };
  auto bind = [&globals](CLI::App* sub, Status (*run)(const GlobalOptions&)) {
    sub->callback([&globals, run] { RunCommand([&] { return run(globals); }); });
  };

  auto* add = queue->add_subcommand("add", "Record a request for help; prints the case id");
  add->add_option("--tier", o.tier, "immediate, vulnerable or standard")->required();
  add->add_option("--reason", o.reason, "Why this tier")->required();
  add->add_option("--requested-at", o.requested_at, "When the request came (ISO 8601; now)");
  add->add_option("--person", o.person, "The requester's person record id");
  add->add_option("--name", o.name, "The requester's name (sealed)");
  add->add_option("--contact", o.contact, "How to reach them (sealed)");
  add->add_option("--location", o.location, "Where they are (sealed)");
  add->add_option("--link", o.links, "A related documentation record id (repeatable)");
  as_option(add, false);
  json_flag(add);
  bind(add, Add);

  auto* list = queue->add_subcommand("list", "The waiting cases in the designated order");
  list->add_option("--limit", o.limit, "How many (100)");
  as_option(list, false);
  json_flag(list);
  bind(list, List);

  auto* claim = queue->add_subcommand("claim", "Take the next case (atomically)");
  as_option(claim, true);
  json_flag(claim);
  bind(claim, Claim);

  auto* position =
      queue->add_subcommand("position", "A case's position and expected wait, nothing else");
  case_arg(position);
  json_flag(position);
  bind(position, Position);

  auto* alarms = queue->add_subcommand("alarms", "Open cases past their stage deadline");
  as_option(alarms, false);
  json_flag(alarms);
  bind(alarms, Alarms);

  auto* show = queue->add_subcommand("show", "One case in full (an audited read)");
  case_arg(show);
  as_option(show, false);
  json_flag(show);
  bind(show, Show);

  auto* move = queue->add_subcommand("move", "Move a case to its next stage, or close it");
  case_arg(move);
  move->add_option("--to", o.to, "verified, sheltered, in_transfer, resettled or closed")
      ->required();
  move->add_option("--note", o.note, "What was done (required)");
  move->add_option("--reason", o.close_reason,
                   "Closing: withdrawn, unreachable, duplicate or referred_elsewhere");
  as_option(move, true);
  json_flag(move);
  bind(move, Move);

  auto* release = queue->add_subcommand("release", "Return a claimed case to the queue");
  case_arg(release);
  release->add_option("--reason", o.reason, "Why")->required();
  as_option(release, true);
  json_flag(release);
  bind(release, Release);

  auto* assign = queue->add_subcommand("assign", "Reassign a case to another caseworker");
  case_arg(assign);
  assign->add_option("--to", o.to, "The caseworker")->required();
  assign->add_option("--reason", o.reason, "Why")->required();
  as_option(assign, true);
  json_flag(assign);
  bind(assign, Assign);

  auto* note = queue->add_subcommand("note", "Add a note to a case");
  case_arg(note);
  note->add_option("--text", o.text, "The note")->required();
  as_option(note, false);
  json_flag(note);
  bind(note, Note);

  auto* consent = queue->add_subcommand("consent", "Record the requester's consent to sharing");
  case_arg(consent);
  consent->add_flag("--given", o.given, "Consent given");
  consent->add_flag("--withdrawn", o.withdrawn, "Consent withdrawn");
  consent->add_option("--note", o.note, "How it was given or withdrawn")->required();
  as_option(consent, false);
  json_flag(consent);
  bind(consent, Consent);

  auto* refer = queue->add_subcommand("refer", "Refer a case to a partner organisation");
  case_arg(refer);
  refer->add_option("--partner", o.partner, "The partner organisation")->required();
  refer->add_option("--override", o.override_reason,
                    "Share without consent, with this reason (roles that may)");
  as_option(refer, false);
  json_flag(refer);
  bind(refer, Refer);

  auto* deadlines = queue->add_subcommand("deadlines", "Show or set stage deadlines and credits");
  deadlines->add_option("--deadline", o.deadlines, "STAGE=DURATION, e.g. requested=2d");
  deadlines->add_option("--credit", o.credits, "TIER=DURATION head start, e.g. vulnerable=7d");
  deadlines->add_option("--claim-timeout", o.claim_timeout, "e.g. 4h");
  as_option(deadlines, false);
  json_flag(deadlines);
  bind(deadlines, Deadlines);
}

const CommandRegistrar kRegistrar(55, Setup);

}  // namespace
}  // namespace chorus::cli
