// chorus keys passphrase | rotate | grant | status: key management without
// re-importing (records/key_rotation.h) and compartment keys
// (server/compartment_keys.h). Each change is one transaction with its audit
// entries; docs/SECURITY.md ("Key management", "Compartments") says when to
// use which.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "access/policy.h"
#include "cli/command.h"
#include "cli/store_access.h"
#include "crypto/crypto.h"
#include "records/key_rotation.h"
#include "server/compartment_keys.h"
#include "server/user_store.h"

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
  LateProgressBar bar("rotating keys");
  auto progress = [&bar](int64_t done, int64_t total) {
    bar.Update(static_cast<uint64_t>(done), static_cast<uint64_t>(total));
  };
  CHORUS_ASSIGN_OR_RETURN(records::RotationSummary summary,
                          records::RotateDataKey(*store, passphrase, crypto::KdfParamsForStores(),
                                                 progress, CliActor(), SystemClock().Now()));
  bar.Finish();
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

Status Grant(const GlobalOptions& globals, const std::string& as) {
  CHORUS_ASSIGN_OR_RETURN(auto opened, OpenStore(globals.store));
  // Logging in grants what the user holds to those who lack it.
  CHORUS_ASSIGN_OR_RETURN(CliLogin login, LogInAs(*opened.vault, as));
  CHORUS_ASSIGN_OR_RETURN(auto reader, opened.vault->Read());
  CHORUS_ASSIGN_OR_RETURN(auto pending, server::ListPendingGrants(*reader));
  if (globals.json) {
    nlohmann::ordered_json waiting = nlohmann::ordered_json::array();
    for (const auto& p : pending) {
      waiting.push_back({{"user", p.user}, {"compartment", core::CompartmentName(p.compartment)}});
    }
    std::cout << nlohmann::ordered_json{{"granted_by", as}, {"still_waiting", waiting}}.dump(2)
              << "\n";
    return Status::Ok();
  }
  std::cout << "granted what " << as << " holds (" << login.keyring.size()
            << " compartment keys) to every user of their compartments\n";
  for (const auto& p : pending) {
    std::cout << p.user << " still waits for compartment " << core::CompartmentName(p.compartment)
              << " (a holder of all its keys must log in)\n";
  }
  return Status::Ok();
}

Status ShowStatus(const GlobalOptions& globals) {
  CHORUS_ASSIGN_OR_RETURN(auto opened, OpenStore(globals.store));
  CHORUS_ASSIGN_OR_RETURN(auto reader, opened.vault->Read());
  CHORUS_ASSIGN_OR_RETURN(auto users, server::ListUsers(*reader));
  CHORUS_ASSIGN_OR_RETURN(auto pending, server::ListPendingGrants(*reader));
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (core::Compartment c : core::AllCompartments()) {
    // The published keys, read without copying the optional state (GCC 12
    // warns of an uninitialized read in that copy).
    size_t keys = 0;
    std::string current_key;
    {
      auto state = reader->GetCompartment(c);
      if (!state.ok()) return state.status();
      if (state->has_value()) {
        keys = (*state)->keys.size();
        if (const auto* current = (*state)->Current()) current_key = current->id;
      }
    }
    nlohmann::ordered_json holders = nlohmann::ordered_json::array();
    nlohmann::ordered_json waiting = nlohmann::ordered_json::array();
    for (const auto& u : users) {
      if (!access::HoldsCompartment(u.role, c)) continue;
      bool waits = std::any_of(pending.begin(), pending.end(), [&](const auto& p) {
        return p.user == u.name && p.compartment == c;
      });
      (waits ? waiting : holders).push_back(u.name);
    }
    out.push_back({{"compartment", core::CompartmentName(c)},
                   {"keys", keys},
                   {"current_key", current_key},
                   {"holders", holders},
                   {"waiting", waiting}});
  }
  if (globals.json) {
    std::cout << out.dump(2) << "\n";
    return Status::Ok();
  }
  for (const auto& c : out) {
    std::cout << c["compartment"].get<std::string>() << ": ";
    if (c["keys"] == 0) {
      std::cout << "no key yet (founded by the first user whose role holds it)\n";
      continue;
    }
    std::cout << c["keys"] << " key(s), current " << c["current_key"].get<std::string>()
              << "; holders " << c["holders"].dump() << "; waiting " << c["waiting"].dump() << "\n";
  }
  return Status::Ok();
}

void Setup(CLI::App& app, GlobalOptions& globals) {
  auto* keys = app.add_subcommand(
      "keys", "Change the store passphrase, rotate its data key, grant and list compartment keys");
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

  static std::string grant_as;
  auto* grant = keys->add_subcommand(
      "grant",
      "Seal the compartment keys a user holds to every user of those compartments who lacks "
      "them (the holder's password from CHORUS_PASSWORD or asked)");
  grant->add_option("--store", globals.store, "Store (as the global --store)");
  grant->add_option("--as", grant_as, "A user holding the keys")->required();
  grant->add_flag("--json", globals.json, "Print JSON");
  grant->callback([&globals] { RunCommand([&] { return Grant(globals, grant_as); }); });

  auto* status = keys->add_subcommand(
      "status", "The compartments: their keys, who holds them and who waits for a grant");
  status->add_option("--store", globals.store, "Store (as the global --store)");
  status->add_flag("--json", globals.json, "Print JSON");
  status->callback([&globals] { RunCommand([&] { return ShowStatus(globals); }); });
}

const CommandRegistrar kRegistrar(65, Setup);

}  // namespace
}  // namespace chorus::cli
