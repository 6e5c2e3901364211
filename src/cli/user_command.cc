// chorus user add | list | role | remove: the accounts that may log in to
// `chorus serve`, kept as sealed documents in the store.
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "access/users.h"
#include "cli/command.h"
#include "cli/store_access.h"
#include "server/compartment_keys.h"
#include "server/user_store.h"

namespace chorus::cli {
namespace {

std::string RoleList() {
  std::string out;
  for (access::Role role : access::AllRoles()) {
    out += (out.empty() ? "" : ", ") + std::string(access::RoleName(role));
  }
  return out;
}

// Says which compartment keys `name` still waits for, and how they come.
void PrintPendingFor(records::Vault& vault, const std::string& name) {
  auto reader = vault.Read();
  if (!reader.ok()) return;
  auto pending = server::ListPendingGrants(**reader);
  if (!pending.ok()) return;
  for (const auto& p : *pending) {
    if (p.user != name) continue;
    std::cout << name << " waits for the key of compartment "
              << core::CompartmentName(p.compartment)
              << ": it is granted when a user holding it logs in (or runs chorus keys grant --as "
                 "THAT_USER)\n";
  }
}

Status AddUser(const GlobalOptions& globals, const std::string& name,
               const std::string& role_text) {
  auto role = access::ParseRole(role_text);
  if (!role) return Status::InvalidArgument("--role must be one of: " + RoleList());
  CHORUS_RETURN_IF_ERROR(access::ValidateUserName(name));
  CHORUS_ASSIGN_OR_RETURN(auto opened, OpenStore(globals.store));
  {
    CHORUS_ASSIGN_OR_RETURN(auto reader, opened.vault->Read());
    CHORUS_ASSIGN_OR_RETURN(auto existing, server::FindUser(*reader, name));
    if (existing) return Status::AlreadyExists("user '" + name + "' already exists");
  }
  CHORUS_ASSIGN_OR_RETURN(std::string password,
                          ReadSecret("CHORUS_NEW_PASSWORD", "Password for " + name, true));
  CHORUS_ASSIGN_OR_RETURN(access::User user, access::MakeUser(name, *role, password));
  CHORUS_RETURN_IF_ERROR(server::AddUser(*opened.vault, user, SystemClock().Now(), CliActor()));
  if (globals.json) {
    std::cout << nlohmann::ordered_json{{"name", name},
                                        {"role", std::string(access::RoleName(*role))}}
                     .dump(2)
              << "\n";
  } else {
    std::cout << "added user " << name << " (" << access::RoleName(*role) << ")\n";
    PrintPendingFor(*opened.vault, name);
  }
  return Status::Ok();
}

Status ChangeRole(const GlobalOptions& globals, const std::string& name,
                  const std::string& role_text, bool force) {
  auto role = access::ParseRole(role_text);
  if (!role) return Status::InvalidArgument("--role must be one of: " + RoleList());
  CHORUS_ASSIGN_OR_RETURN(auto opened, OpenStore(globals.store));
  std::optional<access::User> user;
  {
    CHORUS_ASSIGN_OR_RETURN(auto reader, opened.vault->Read());
    CHORUS_ASSIGN_OR_RETURN(user, server::FindUser(*reader, name));
  }
  if (!user) return Status::NotFound("no user '" + name + "'");
  user->role = *role;
  CHORUS_RETURN_IF_ERROR(
      server::UpdateUser(*opened.vault, *user, CliActor(), SystemClock().Now(), force));
  if (!globals.json) {
    std::cout << "user " << name << " is now " << access::RoleName(*role)
              << "; compartments the old role held have new keys\n";
    PrintPendingFor(*opened.vault, name);
  }
  return Status::Ok();
}

Status ListUsers(const GlobalOptions& globals) {
  CHORUS_ASSIGN_OR_RETURN(auto opened, OpenStore(globals.store));
  CHORUS_ASSIGN_OR_RETURN(auto reader, opened.vault->Read());
  CHORUS_ASSIGN_OR_RETURN(auto users, server::ListUsers(*reader));
  if (globals.json) {
    auto out = nlohmann::ordered_json::array();
    for (const auto& u : users) {
      out.push_back({{"name", u.name}, {"role", std::string(access::RoleName(u.role))}});
    }
    std::cout << nlohmann::ordered_json{{"users", out}}.dump(2) << "\n";
    return Status::Ok();
  }
  if (users.empty()) std::cout << "no users: add one with chorus user add NAME --role ROLE\n";
  for (const auto& u : users) std::cout << u.name << "\t" << access::RoleName(u.role) << "\n";
  return Status::Ok();
}

Status RemoveUser(const GlobalOptions& globals, const std::string& name, bool force) {
  CHORUS_ASSIGN_OR_RETURN(auto opened, OpenStore(globals.store));
  CHORUS_RETURN_IF_ERROR(
      server::RemoveUser(*opened.vault, name, CliActor(), SystemClock().Now(), force));
  if (!globals.json) std::cout << "removed user " << name << "\n";
  return Status::Ok();
}

void Setup(CLI::App& app, GlobalOptions& globals) {
  auto* user = app.add_subcommand("user", "Manage the users of chorus serve");
  user->require_subcommand(1);

  static std::string add_name;
  static std::string add_role;
  auto* add = user->add_subcommand(
      "add", "Add a user (password from CHORUS_NEW_PASSWORD or asked without echo)");
  add->add_option("name", add_name, "User name: lowercase letters, digits, . _ -")->required();
  add->add_option("--role", add_role, "Role: " + RoleList())->required();
  add->add_flag("--json", globals.json, "Print JSON");
  add->callback([&globals] { RunCommand([&] { return AddUser(globals, add_name, add_role); }); });

  auto* list = user->add_subcommand("list", "List users and their roles");
  list->add_flag("--json", globals.json, "Print JSON");
  list->callback([&globals] { RunCommand([&] { return ListUsers(globals); }); });

  static std::string role_name;
  static std::string role_role;
  auto* role = user->add_subcommand(
      "role", "Change a user's role (compartments the old role held get new keys)");
  role->add_option("name", role_name, "User name")->required();
  role->add_option("--role", role_role, "Role: " + RoleList())->required();
  static bool role_force = false;
  role->add_flag("--force", role_force,
                 "Change even the last holder of a compartment the new role lacks (its sealed "
                 "values are lost)");
  role->callback([&globals] {
    RunCommand([&] { return ChangeRole(globals, role_name, role_role, role_force); });
  });

  static std::string remove_name;
  auto* remove =
      user->add_subcommand("remove", "Remove a user (compartments they held get new keys)");
  remove->add_option("name", remove_name, "User name")->required();
  static bool remove_force = false;
  remove->add_flag("--force", remove_force,
                   "Remove even the last holder of a compartment (its sealed values are lost)");
  remove->callback(
      [&globals] { RunCommand([&] { return RemoveUser(globals, remove_name, remove_force); }); });
}

const CommandRegistrar kRegistrar(60, Setup);

}  // namespace
}  // namespace chorus::cli
