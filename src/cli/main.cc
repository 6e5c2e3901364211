// The `chorus` command line: the composition root. Each subcommand lives in
// its own cli/<name>_command.cc and registers itself (cli/command.h).
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "cli/command.h"

int main(int argc, char** argv) {
  CLI::App app{"Chorus: documentation and casework for human-rights groups"};
  app.name("chorus");
  app.require_subcommand(1);
  chorus::cli::GlobalOptions globals;
  if (const char* env = std::getenv("CHORUS_STORE")) globals.store = env;
  app.add_option("--store", globals.store,
                 "Store: a file path (SQLite) or a postgresql:// URL; default $CHORUS_STORE")
      ->envname("CHORUS_STORE");
  app.add_flag("--json", globals.json, "Print machine-readable JSON (read commands)");
  app.set_version_flag("--version", "chorus 0.1.0");
  chorus::cli::SetupAllCommands(app, globals);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  const chorus::Status& result = chorus::cli::CommandResult();
  if (!result.ok()) {
    std::cerr << "chorus: " << result.ToString() << "\n";
    return result.code() == chorus::StatusCode::kInvalidArgument ? 2 : 1;
  }
  return 0;
}
