// `chorus names romanize|variants|compare`: the Korean name layer of
// src/text on the command line (docs/names.md).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "text/names.h"

namespace chorus::cli {
namespace {

struct NamesOptions {
  std::string system = "mr";
  std::vector<std::string> name_words;  // romanize, variants: the name, maybe unquoted
  std::vector<std::string> pair;        // compare: NAME1 NAME2
  bool text = false;
};

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

Status RunRomanize(const NamesOptions& opts, bool json) {
  const std::optional<text::RomanizationSystem> system = text::ParseRomanizationSystem(opts.system);
  if (!system) {
    return Status::InvalidArgument(
        "--system must be one of dprk, mr, alalc, rr, bgn-dprk, ics, kontsevich");
  }
  const std::string name = Join(opts.name_words);
  Result<std::string> r =
      opts.text ? text::RomanizeText(name, *system) : text::Romanize(name, *system);
  if (!r.ok()) return r.status();
  if (json) {
    const nlohmann::json out = {{"system", std::string(text::RomanizationSystemName(*system))},
                                {"input", name},
                                {"romanized", *r}};
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << *r << "\n";
  }
  return Status::Ok();
}

Status RunVariants(const NamesOptions& opts, bool json) {
  const std::string name = Join(opts.name_words);
  if (text::NameKey(name).empty()) return Status::InvalidArgument("the name holds no letters");
  const std::vector<std::string> variants = text::NameVariants(name);
  if (json) {
    const nlohmann::json out = {
        {"input", name}, {"key", text::NameKey(name)}, {"variants", variants}};
    std::cout << out.dump(2) << "\n";
  } else {
    for (const std::string& v : variants) std::cout << v << "\n";
  }
  return Status::Ok();
}

Status RunCompare(const NamesOptions& opts, bool json) {
  if (opts.pair.size() != 2) return Status::InvalidArgument("compare takes NAME1 NAME2");
  const text::NameComparison c = text::CompareNames(opts.pair[0], opts.pair[1]);
  if (json) {
    const nlohmann::json out = {{"name1", opts.pair[0]},
                                {"name2", opts.pair[1]},
                                {"key1", text::NameKey(opts.pair[0])},
                                {"key2", text::NameKey(opts.pair[1])},
                                {"score", c.score},
                                {"same", c.same},
                                {"reason", c.reason}};
    std::cout << out.dump(2) << "\n";
  } else {
    std::printf("%.3f %s (%s)\n", c.score, c.same ? "same" : "different", c.reason.c_str());
  }
  return Status::Ok();
}

void SetupNames(CLI::App& app, GlobalOptions& globals) {
  CLI::App* names =
      app.add_subcommand("names", "Korean names: romanize, list spellings, compare across scripts");
  names->require_subcommand(1);
  auto opts = std::make_shared<NamesOptions>();

  CLI::App* romanize = names->add_subcommand("romanize", "Romanize a name written in Hangul");
  romanize
      ->add_option("--system", opts->system,
                   "dprk | mr | alalc | rr | bgn-dprk | ics | kontsevich (default mr)")
      ->capture_default_str();
  romanize->add_flag("--text", opts->text,
                     "Romanize running text or a place name instead of a personal name");
  romanize->add_option("name", opts->name_words, "NAME in Hangul (family name first)")->required();
  romanize->add_flag("--json", globals.json, "Print JSON");
  romanize->callback(
      [opts, &globals] { RunCommand([&] { return RunRomanize(*opts, globals.json); }); });

  CLI::App* variants = names->add_subcommand("variants", "Print the spellings a name would match");
  variants->add_option("name", opts->name_words, "NAME in any script")->required();
  variants->add_flag("--json", globals.json, "Print JSON");
  variants->callback(
      [opts, &globals] { RunCommand([&] { return RunVariants(*opts, globals.json); }); });

  CLI::App* compare =
      names->add_subcommand("compare", "Score two names in any scripts (1 = same spelling)");
  compare->add_option("names", opts->pair, "NAME1 NAME2 (quote names with spaces)")
      ->required()
      ->expected(2);
  compare->add_flag("--json", globals.json, "Print JSON: score, same, reason and both keys");
  compare->callback(
      [opts, &globals] { RunCommand([&] { return RunCompare(*opts, globals.json); }); });
}

const CommandRegistrar kRegistrar(70, SetupNames);

}  // namespace
}  // namespace chorus::cli
