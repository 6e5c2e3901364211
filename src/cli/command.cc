#include "cli/command.h"

#include <algorithm>
#include <exception>

namespace chorus::cli {
namespace {

struct Registered {
  int order;
  CommandSetup setup;
};

std::vector<Registered>& Registry() {
  static std::vector<Registered> registry;
  return registry;
}

Status& ResultSlot() {
  static Status status;
  return status;
}

}  // namespace

CommandRegistrar::CommandRegistrar(int order, CommandSetup setup) {
  Registry().push_back({order, std::move(setup)});
}

void SetupAllCommands(CLI::App& app, GlobalOptions& globals) {
  auto& registry = Registry();
  std::stable_sort(registry.begin(), registry.end(),
                   [](const Registered& a, const Registered& b) { return a.order < b.order; });
  for (auto& entry : registry) entry.setup(app, globals);
}

void SetCommandResult(Status status) { ResultSlot() = std::move(status); }
const Status& CommandResult() { return ResultSlot(); }

void RunCommand(const std::function<Status()>& body) {
  try {
    SetCommandResult(body());
  } catch (const std::exception& e) {
    // A library threw past its wrapper: a bug, reported without detail that
    // could carry data.
    SetCommandResult(Status::Internal(std::string("unexpected failure: ") + e.what()));
  }
}

}  // namespace chorus::cli
