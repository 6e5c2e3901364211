// File: cli/command.h
// How subcommands join the `chorus` binary: each cli/<name>_command.cc
// defines a setup function and registers it with a static CommandRegistrar,
// so adding a command never edits a shared list. The setup adds a CLI11
// subcommand whose callback returns a Status through SetCommandResult; main()
// prints a failed Status as one line on stderr and exits non-zero.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/status.h"

namespace CLI {
class App;
}

namespace chorus::cli {

// Options every command shares (set on the top-level app).
struct GlobalOptions {
  std::string store;  // --store PATH or CHORUS_STORE
  bool json = false;  // --json: machine-readable output on read commands
};

using CommandSetup = std::function<void(CLI::App& app, GlobalOptions& globals)>;

// Registers `setup` to be run on the top-level app at startup. `order` sorts
// the help listing (lower first).
struct CommandRegistrar {
  CommandRegistrar(int order, CommandSetup setup);
};

// Runs every registered setup in order.
void SetupAllCommands(CLI::App& app, GlobalOptions& globals);

// Records the outcome of the command that ran (callbacks cannot return it).
void SetCommandResult(Status status);
const Status& CommandResult();

// Runs `body` and records its Status; use as a CLI11 callback body:
//   sub->callback([&] { RunCommand([&] { return DoThing(opts); }); });
void RunCommand(const std::function<Status()>& body);

}  // namespace chorus::cli
