// chorus keys passphrase | rotate: key management without re-importing
// (records/key_rotation.h). Both are one transaction with an audit entry;
// docs/SECURITY.md ("Key management") says when to use which.
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/command.h"
#include "cli/store_access.h"
#include "crypto/crypto.h"
#include "records/key_rotation.h"

namespace chorus::cli {
namespace {

using Json = nlohmann::ordered_json;

Status ChangePassphrase(const GlobalOptions& globals) {
  CHORUS_ASSIGN_OR_RETURN(auto store, OpenEngine(globals.store, StoreMode::kOpen));
  CHORUS_ASSIGN_OR_RETURN(std::string old_passphrase, ReadPassphrase(false));
  CHORUS_ASSIGN_OR_RETURN(std::string new_passphrase,
                          ReadSecret("CHORUS_NEW_PASSPHRASE", "New store passphrase", true));
  CHORUS_RETURN_IF_ERROR(records::ChangePassphrase(*store, old_passphrase, new_passphrase,
                                                   crypto::KdfParamsForStores(), CliActor(),
                                                   SystemClock().Now()));
  if (globals.json) {
    std::cout << Json{{"passphrase_changed", true}}.dump(2) << "\n";
  } else {
    std::cout << "changed the store passphrase: the old one no longer opens " << store->engine()
              << " store\n";
  }
  return Status::Ok();
}

Status Rotate(const GlobalOptions& globals) {
  CHORUS_ASSIGN_OR_RETURN(auto store, OpenEngine(globals.store, StoreMode::kOpen));
  CHORUS_ASSIGN_OR_RETURN(std::string passphrase, ReadPassphrase(false));
  // The row count is known only once the rotation has the write lock.
  std::optional<ProgressBar> bar;
  auto progress = [&bar](int64_t done, int64_t total) {
    if (!bar) bar.emplace("rotating keys", static_cast<size_t>(total));
    bar->Update(static_cast<size_t>(done));
  };
  CHORUS_ASSIGN_OR_RETURN(records::RotationSummary summary,
                          records::RotateDataKey(*store, passphrase, crypto::KdfParamsForStores(),
                                                 progress, CliActor(), SystemClock().Now()));
  if (bar) bar->Finish();
  if (globals.json) {
    std::cout << Json{{"records", summary.records},
                      {"documents", summary.documents},
                      {"index_rows", summary.index_rows}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << "rotated the data key: re-sealed " << summary.records << " records, "
              << summary.documents << " documents and " << summary.index_rows
              << " index rows; restart chorus serve if it is running\n";
  }
  return Status::Ok();
}

void Setup(CLI::App& app, GlobalOptions& globals) {
  auto* keys = app.add_subcommand("keys", "Change the store passphrase or rotate its data key");
  keys->require_subcommand(1);

  auto* passphrase = keys->add_subcommand(
      "passphrase",
      "Re-wrap the data key under a new passphrase (old one from CHORUS_PASSPHRASE, new one "
      "from CHORUS_NEW_PASSPHRASE, else both asked without echo)");
  passphrase->add_option("--store", globals.store, "Store (as the global --store)");
  passphrase->add_flag("--json", globals.json, "Print JSON");
  passphrase->callback([&globals] { RunCommand([&] { return ChangePassphrase(globals); }); });

  auto* rotate = keys->add_subcommand(
      "rotate",
      "Re-seal every row under a new random data key, in one transaction (after a lost device "
      "or a departed administrator)");
  rotate->add_option("--store", globals.store, "Store (as the global --store)");
  rotate->add_flag("--json", globals.json, "Print JSON");
  rotate->callback([&globals] { RunCommand([&] { return Rotate(globals); }); });
}

const CommandRegistrar kRegistrar(65, Setup);

}  // namespace
}  // namespace chorus::cli
