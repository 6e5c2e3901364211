// chorus init | import | export | search | show | chain: the foundation's
// commands over the encrypted store.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "cli/command.h"
#include "cli/store_access.h"
#include "compartments/seal.h"
#include "core/fuzzy_date.h"
#include "crypto/crypto.h"
#include "formats/record_json.h"
#include "records/audit.h"
#include "records/bundle_io.h"
#include "records/chain.h"
#include "records/record_view.h"
#include "server/view_json.h"

namespace chorus::cli {
namespace {

using Json = nlohmann::ordered_json;

Json RecordJson(const core::Record& record) { return Json::parse(formats::EncodeRecord(record)); }

std::string KindName(const core::Record& record) {
  return std::string(core::RecordKindName(core::KindOf(record)));
}

void PrintJson(const Json& json) { std::cout << json.dump(2) << "\n"; }

// ---- init ----

Status Init(const GlobalOptions& globals) {
  CHORUS_ASSIGN_OR_RETURN(auto store, OpenEngine(globals.store, StoreMode::kCreate));
  auto passphrase = ReadPassphrase(true);
  Status keyed = passphrase.ok()
                     ? records::InitializeKeys(*store, *passphrase, crypto::KdfParamsForStores(),
                                               CliActor(), SystemClock().Now())
                     : passphrase.status();
  if (!keyed.ok()) {
    store.reset();
    // A file-backed store that never got keys is useless: remove it so a
    // retry of init is not refused.
    if (globals.store.find("://") == std::string::npos) {
      std::error_code ec;
      for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(globals.store + suffix, ec);
      }
    }
    return keyed;
  }
  if (!globals.json)
    std::cout << "created store " << globals.store << "\n";
  else
    PrintJson(Json{{"store", globals.store}, {"engine", std::string(store->engine())}});
  return Status::Ok();
}

// ---- import ----

Status Import(const GlobalOptions& globals, const std::vector<std::string>& files) {
  CHORUS_ASSIGN_OR_RETURN(auto opened, OpenStore(globals.store));
  std::vector<std::ifstream> streams;
  std::vector<records::BundleInput> inputs;
  streams.reserve(files.size());
  uintmax_t total_bytes = 0;
  for (const auto& file : files) {
    streams.emplace_back(file, std::ios::binary);
    if (!streams.back()) return Status::NotFound("cannot open " + file);
    std::error_code ec;
    total_bytes += std::filesystem::file_size(file, ec);
  }
  for (size_t i = 0; i < files.size(); ++i) inputs.push_back({files[i], &streams[i]});
  ProgressBar bar("importing", static_cast<size_t>(total_bytes));
  uintmax_t done_before = 0;
  size_t current_file = 0;
  auto progress = [&](size_t file_index, size_t) {
    if (file_index != current_file) {
      std::error_code ec;
      done_before += std::filesystem::file_size(files[current_file], ec);
      current_file = file_index;
    }
    auto pos = streams[file_index].tellg();
    bar.Update(static_cast<size_t>(done_before + (pos > 0 ? static_cast<uintmax_t>(pos) : 0)));
  };
  CHORUS_ASSIGN_OR_RETURN(size_t count, records::ImportBundles(*opened.vault, inputs, progress,
                                                               CliActor(), SystemClock().Now()));
  bar.Finish();
  if (globals.json) {
    PrintJson(Json{{"imported", count}, {"files", files}});
  } else {
    std::cout << "imported " << count << " records from " << files.size() << " file(s)\n";
  }
  return Status::Ok();
}

// ---- export ----

Status Export(const GlobalOptions& globals, const std::string& out_path) {
  CHORUS_ASSIGN_OR_RETURN(auto opened, OpenStore(globals.store));
  if (out_path.empty() || out_path == "-") {
    CHORUS_ASSIGN_OR_RETURN(size_t count, records::ExportBundle(*opened.vault, std::cout,
                                                                CliActor(), SystemClock().Now()));
    (void)count;
    return Status::Ok();
  }
  // Write beside the target and rename, so a failed export never leaves a
  // half file under the requested name.
  std::string partial = out_path + ".partial";
  std::ofstream out(partial, std::ios::binary | std::ios::trunc);
  if (!out) return Status::Unavailable("cannot write " + out_path);
  auto count = records::ExportBundle(*opened.vault, out, CliActor(), SystemClock().Now());
  out.close();
  if (!count.ok() || !out) {
    std::filesystem::remove(partial);
    return count.ok() ? Status::Unavailable("cannot write " + out_path) : count.status();
  }
  std::filesystem::rename(partial, out_path);
  std::cerr << "exported " << *count << " records to " << out_path << "\n";
  return Status::Ok();
}

// ---- search ----

Status Search(const GlobalOptions& globals, const std::string& query, size_t limit) {
  CHORUS_ASSIGN_OR_RETURN(auto opened, OpenStore(globals.store));
  CHORUS_ASSIGN_OR_RETURN(auto reader, opened.vault->Read());
  CHORUS_ASSIGN_OR_RETURN(auto hits, reader->Search(query, limit));
  if (globals.json) {
    Json out = Json::array();
    for (const auto& hit : hits) {
      out.push_back(Json{{"id", core::IdOf(hit.record)},
                         {"kind", KindName(hit.record)},
                         {"label", core::DisplayLabel(hit.record)},
                         {"score", hit.score}});
    }
    PrintJson(Json{{"query", query}, {"hits", out}});
    return Status::Ok();
  }
  if (hits.empty()) {
    std::cout << "no records match '" << query << "'\n";
    return Status::Ok();
  }
  for (const auto& hit : hits) {
    std::cout << KindName(hit.record) << "\t" << core::IdOf(hit.record) << "\t"
              << core::DisplayLabel(hit.record) << "\n";
  }
  return Status::Ok();
}

// ---- show ----

// Opens the compartment values of `record` for `login`'s role and keys.
// Without --as, values already sealed stay sealed; open ones (their
// compartment has no key yet) are shown to the passphrase holder as before.
Result<bool> OpenFor(const std::optional<CliLogin>& login, core::Record& record) {
  if (!login) return compartments::HasOpenSealable(record);
  return access::RevealForRole(login->user.role, &login->keyring, record);
}

Status Show(const GlobalOptions& globals, const std::string& id, const std::string& as) {
  CHORUS_ASSIGN_OR_RETURN(auto opened, OpenStore(globals.store));
  std::optional<CliLogin> login;
  if (!as.empty()) {
    CHORUS_ASSIGN_OR_RETURN(login, LogInAs(*opened.vault, as));
  }
  CHORUS_ASSIGN_OR_RETURN(auto reader, opened.vault->Read());
  CHORUS_ASSIGN_OR_RETURN(core::Record record, reader->Require(id));
  // Opened before the view is built, so each report's own claims (a name,
  // a birth date) show for a holder as the record's values do.
  CHORUS_ASSIGN_OR_RETURN(bool shows_sealed, OpenFor(login, record));
  CHORUS_ASSIGN_OR_RETURN(auto view, records::ViewRecord(*reader, std::move(record)));
  reader.reset();
  if (shows_sealed) {
    // Printing a compartment's value is a read the audit log keeps.
    records::AuditEvent event{login ? login->user.name : CliActor(),
                              "read-sealed",
                              std::string(core::RecordKindName(core::KindOf(view.record))),
                              core::IdOf(view.record),
                              "",
                              ""};
    CHORUS_ASSIGN_OR_RETURN(auto writer, opened.vault->Write());
    CHORUS_RETURN_IF_ERROR(records::AppendAudit(*writer, event, SystemClock().Now()));
    CHORUS_RETURN_IF_ERROR(writer->Commit());
  }
  if (globals.json) {
    // The same JSON as GET /api/<kind>s/{id} (server/view_json.h).
    PrintJson(Json::parse("{\"record\":" + formats::EncodeRecord(view.record) + "," +
                          server::RecordViewMembersJson(view) + "}"));
    return Status::Ok();
  }
  std::cout << KindName(view.record) << " " << core::IdOf(view.record) << ": "
            << core::DisplayLabel(view.record) << "\n";
  std::cout << RecordJson(view.record).dump(2) << "\n";
  if (!view.reports.empty()) {
    std::cout << "\nsupported by:\n";
    for (const auto& r : view.reports) {
      std::cout << "  " << r.report.id << "  " << r.report.title << "  [source "
                << r.source_pseudonym << ", grade " << core::ReliabilityLetter(r.source_reliability)
                << static_cast<int>(r.report.credibility) << "]\n";
    }
  }
  if (!view.claims.empty()) {
    std::cout << "\neach report's claims:\n";
    for (const auto& c : view.claims) {
      std::cout << "  " << c.attribute << ": " << c.value << "  (" << c.report_id << ")\n";
    }
  }
  for (const auto& c : view.consolidated) {
    std::cout << "\nconsolidated " << c.attribute << ": " << records::DescribeCount(c.count.range)
              << " from " << c.count.claims.size() << " claim(s)"
              << (c.count.conflicting ? " — the claims conflict" : "") << "\n";
  }
  if (view.corroboration) {
    std::cout << "\ncorroboration: information credibility "
              << static_cast<int>(view.corroboration->credibility) << ", "
              << view.corroboration->reason << "\n";
  }
  if (!view.referenced_by.empty()) {
    std::cout << "\nreferred to by:\n";
    for (const auto& r : view.referenced_by) {
      std::cout << "  " << KindName(r) << " " << core::IdOf(r) << "  " << core::DisplayLabel(r)
                << "\n";
    }
  }
  return Status::Ok();
}

// ---- chain ----

std::string OrgName(const core::Organization& org) {
  return org.names.empty() ? org.id : org.names.front().text;
}

Status Chain(const GlobalOptions& globals, const std::string& org, const std::string& at_text) {
  CHORUS_ASSIGN_OR_RETURN(core::FuzzyDate at, core::FuzzyDate::Parse(at_text));
  CHORUS_ASSIGN_OR_RETURN(auto opened, OpenStore(globals.store));
  CHORUS_ASSIGN_OR_RETURN(auto reader, opened.vault->Read());
  CHORUS_ASSIGN_OR_RETURN(auto chain, records::BuildChainOfCommand(*reader, org, at));
  if (globals.json) {
    PrintJson(Json::parse(server::ChainJson(chain)));  // as GET /api/chain
    return Status::Ok();
  }
  std::cout << "chain of command of " << OrgName(chain.organization) << " at "
            << chain.at.ToString() << " (" << core::DescribeFuzzyDate(chain.at) << ")\n";
  for (auto it = chain.superiors.rbegin(); it != chain.superiors.rend(); ++it) {
    std::cout << "  above: " << OrgName(*it) << "\n";
  }
  for (const auto& p : chain.posts) {
    std::string indent(static_cast<size_t>(2 + 2 * p.unit_depth), ' ');
    std::cout << indent << p.post.rank << ". " << p.post.label;
    if (p.unit_depth > 0) std::cout << " (" << OrgName(p.organization) << ")";
    std::cout << ": ";
    if (p.holders.empty()) {
      std::cout << "vacant or not known";
    } else {
      for (size_t i = 0; i < p.holders.size(); ++i) {
        std::cout << (i ? "; " : "") << core::DisplayLabel(p.holders[i].person);
      }
    }
    if (!p.reports.empty()) {
      std::cout << "  [reports:";
      for (const auto& r : p.reports) std::cout << " " << r;
      std::cout << "]";
    }
    std::cout << "\n";
  }
  if (chain.posts.empty()) std::cout << "  no posts are recorded for this organization\n";
  return Status::Ok();
}

void Setup(CLI::App& app, GlobalOptions& globals) {
  auto* init = app.add_subcommand("init", "Create a new encrypted store (refuses to overwrite)");
  init->callback([&globals] { RunCommand([&] { return Init(globals); }); });

  static std::vector<std::string> import_files;
  auto* import_command = app.add_subcommand("import", "Import JSON bundles (all or nothing)");
  import_command->add_option("files", import_files, "Bundle files (docs/FORMAT.md)")->required();
  import_command->add_flag("--json", globals.json, "Print the result as JSON");
  import_command->callback(
      [&globals] { RunCommand([&] { return Import(globals, import_files); }); });

  static std::string export_out;
  auto* exp = app.add_subcommand("export", "Export the whole store as a JSON bundle");
  exp->add_option("-o,--out", export_out, "Output file (default: standard output)");
  exp->callback([&globals] { RunCommand([&] { return Export(globals, export_out); }); });

  static std::string search_query;
  static size_t search_limit = 20;
  auto* search = app.add_subcommand("search", "Search every record (Hangul, Latin, Cyrillic)");
  search->add_option("query", search_query, "Words to look for")->required();
  search->add_option("--limit", search_limit, "Most hits to show")->check(CLI::Range(1, 1000));
  search->add_flag("--json", globals.json, "Print JSON");
  search->callback(
      [&globals] { RunCommand([&] { return Search(globals, search_query, search_limit); }); });

  static std::string show_id;
  auto* show = app.add_subcommand("show", "Show one record with its reports and claims");
  show->add_option("id", show_id, "Record id")->required();
  show->add_flag("--json", globals.json, "Print JSON");
  static std::string show_as;
  show->add_option("--as", show_as,
                   "Open sealed values as this user (password from CHORUS_PASSWORD or asked)");
  show->callback([&globals] { RunCommand([&] { return Show(globals, show_id, show_as); }); });

  static std::string chain_org;
  static std::string chain_at;
  auto* chain = app.add_subcommand("chain", "Chain of command of an organization at a date");
  chain->add_option("--org", chain_org, "Organization id or name")->required();
  chain->add_option("--at", chain_at, "Date in EDTF (2016-08, 2016-08-21/2016-08-31)")->required();
  chain->add_flag("--json", globals.json, "Print JSON");
  chain->callback([&globals] { RunCommand([&] { return Chain(globals, chain_org, chain_at); }); });
}

const CommandRegistrar kRegistrar(10, Setup);

}  // namespace
}  // namespace chorus::cli
