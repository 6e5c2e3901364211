// chorus audit verify | log: checks the store's tamper-evident audit log
// (records/audit.h) and lists its entries. Whoever holds the store
// passphrase may read the whole log, as they may read every record.
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/store_access.h"
#include "crypto/crypto.h"
#include "records/audit.h"

namespace chorus::cli {
namespace {

using Json = nlohmann::ordered_json;

// "SEQUENCE:HASH" as printed by `chorus audit verify`.
Status ParseKnownHead(const std::string& text, int64_t& sequence, std::string& hash) {
  auto bad = [] {
    return Status::InvalidArgument(
        "--known-head must be SEQUENCE:HASH as printed by chorus audit verify");
  };
  size_t colon = text.find(':');
  if (colon == std::string::npos || colon == 0 || colon > 12) return bad();
  sequence = 0;
  for (char c : text.substr(0, colon)) {
    if (c < '0' || c > '9') return bad();
    sequence = sequence * 10 + (c - '0');
  }
  hash = text.substr(colon + 1);
  if (hash.size() != 64 || !crypto::FromHex(hash).ok()) return bad();
  for (char& c : hash) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return Status::Ok();
}

Status Verify(const GlobalOptions& globals, const std::string& known_head) {
  int64_t known_sequence = -1;
  std::string known_hash;
  if (!known_head.empty()) {
    CHORUS_RETURN_IF_ERROR(ParseKnownHead(known_head, known_sequence, known_hash));
  }
  CHORUS_ASSIGN_OR_RETURN(auto opened, OpenStore(globals.store));
  CHORUS_ASSIGN_OR_RETURN(auto reader, opened.vault->Read());
  CHORUS_ASSIGN_OR_RETURN(int64_t verified,
                          known_head.empty()
                              ? records::VerifyAudit(*reader)
                              : records::VerifyAuditAgainst(*reader, known_sequence, known_hash));
  CHORUS_ASSIGN_OR_RETURN(auto head, records::ReadAuditHead(*reader));
  CHORUS_ASSIGN_OR_RETURN(std::string public_key, reader->AuditPublicKey());
  // VerifyAudit succeeded, so the head exists and names the last entry.
  if (globals.json) {
    std::cout << Json{{"verified", verified},
                      {"head",
                       {{"sequence", head->sequence},
                        {"hash", head->hash},
                        {"signature", head->signature}}},
                      {"public_key", crypto::ToHex(public_key)}}
                     .dump(2)
              << "\n";
    return Status::Ok();
  }
  std::cout << "audit log verified: " << verified << " entries, chain intact, head signed\n"
            << "head: " << head->sequence << ":" << head->hash << "\n"
            << "keep this head outside the store; later, chorus audit verify --known-head "
            << head->sequence << ":" << head->hash
            << " shows the store was not rolled back past it\n";
  return Status::Ok();
}

struct LogOptions {
  std::string actor;
  std::string action;
  std::string record;
  std::string since;
  std::string until;
  size_t limit = 100;
};

Result<std::optional<Timestamp>> TimeOption(const std::string& text, const char* flag) {
  if (text.empty()) return std::optional<Timestamp>();
  auto at = ParseTimestamp(text);
  if (!at) {
    return Status::InvalidArgument(std::string(flag) +
                                   " must be an ISO 8601 time (2024-05-01 or 2024-05-01T12:00Z)");
  }
  return std::optional<Timestamp>(*at);
}

Status Log(const GlobalOptions& globals, const LogOptions& options) {
  records::AuditFilter filter;
  if (!options.actor.empty()) filter.actor = options.actor;
  if (!options.action.empty()) filter.action = options.action;
  if (!options.record.empty()) filter.record = options.record;
  CHORUS_ASSIGN_OR_RETURN(filter.since, TimeOption(options.since, "--since"));
  CHORUS_ASSIGN_OR_RETURN(filter.until, TimeOption(options.until, "--until"));
  filter.limit = options.limit;
  CHORUS_ASSIGN_OR_RETURN(auto opened, OpenStore(globals.store));
  CHORUS_ASSIGN_OR_RETURN(auto reader, opened.vault->Read());
  CHORUS_ASSIGN_OR_RETURN(auto entries, records::ListAudit(*reader, filter));
  if (globals.json) {
    Json items = Json::array();
    for (const auto& e : entries) items.push_back(Json::parse(records::EncodeAuditEntry(e)));
    std::cout << Json{{"items", items}}.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
    return Status::Ok();
  }
  if (entries.empty()) std::cout << "no audit entries match\n";
  for (const auto& e : entries) {
    std::cout << e.sequence << "\t" << records::FormatAuditTime(e.at) << "\t"
              << (e.event.actor.empty() ? "-" : e.event.actor) << "\t" << e.event.action;
    if (!e.event.kind.empty() || !e.event.record.empty()) {
      std::cout << "\t" << e.event.kind << (e.event.record.empty() ? "" : " " + e.event.record);
    }
    if (!e.event.detail.empty()) std::cout << "\t" << e.event.detail;
    std::cout << "\n";
  }
  return Status::Ok();
}

void Setup(CLI::App& app, GlobalOptions& globals) {
  auto* audit = app.add_subcommand("audit", "Check and read the tamper-evident audit log");
  audit->require_subcommand(1);

  static std::string known_head;
  auto* verify = audit->add_subcommand(
      "verify",
      "Check the whole chain and its signed head; exits non-zero naming the first "
      "bad entry");
  verify->add_option("--store", globals.store, "Store (as the global --store)");
  verify->add_option("--known-head", known_head,
                     "SEQUENCE:HASH of a head printed earlier: also fail if the log no longer "
                     "holds it (a rollback)");
  verify->add_flag("--json", globals.json, "Print JSON");
  verify->callback([&globals] { RunCommand([&] { return Verify(globals, known_head); }); });

  static LogOptions log_options;
  auto* log = audit->add_subcommand("log", "List audit entries, newest last");
  log->add_option("--store", globals.store, "Store (as the global --store)");
  log->add_option("--actor", log_options.actor, "Only entries by this user (or cli:NAME)");
  log->add_option("--action", log_options.action,
                  "Only this action (create, update, delete, read-sealed, login, ...)");
  log->add_option("--record", log_options.record, "Only entries about this record id");
  log->add_option("--since", log_options.since, "Only entries at or after this UTC time");
  log->add_option("--until", log_options.until, "Only entries before this UTC time");
  log->add_option("--limit", log_options.limit, "The newest N matching entries (0: all)")
      ->check(CLI::Range(size_t{0}, size_t{1000000}));
  log->add_flag("--json", globals.json, "Print JSON");
  log->callback([&globals] { RunCommand([&] { return Log(globals, log_options); }); });
}

const CommandRegistrar kRegistrar(70, Setup);

}  // namespace
}  // namespace chorus::cli
