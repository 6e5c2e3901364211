// chorus user add | list | remove: the accounts that may log in to
// `chorus serve`, kept as sealed documents in the store.
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "access/policy.h"
#include "access/users.h"
#include "cli/command.h"
#include "cli/store_access.h"
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

Status RemoveUser(const GlobalOptions& globals, const std::string& name) {
  CHORUS_ASSIGN_OR_RETURN(auto opened, OpenStore(globals.store));
  CHORUS_RETURN_IF_ERROR(server::RemoveUser(*opened.vault, name, CliActor(), SystemClock().Now()));
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

  static std::string remove_name;
  auto* remove = user->add_subcommand("remove", "Remove a user");
  remove->add_option("name", remove_name, "User name")->required();
  remove->callback([&globals] { RunCommand([&] { return RemoveUser(globals, remove_name); }); });
}

const CommandRegistrar kRegistrar(60, Setup);

}  // namespace
}  // namespace chorus::cli
