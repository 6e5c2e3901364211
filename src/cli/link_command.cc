// `chorus link csv`: the linkage engine on any CSV files (docs/linkage.md).
// The store-backed `chorus link --kind person|event` joins here later.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "linkage/csv_link.h"

namespace chorus::cli {
namespace {

struct LinkCsvOptions {
  std::string config;
  std::vector<std::string> files;
  std::string out;
  std::string clusters;
  double threshold = -1;
  int threads = 0;
  std::vector<std::string> explain;
  bool show_model = false;
  bool json = false;
};

nlohmann::json ExplanationJson(const linkage::Explanation& e) {
  nlohmann::json fields = nlohmann::json::array();
  for (const linkage::FieldContribution& c : e.fields) {
    fields.push_back({{"field", c.field},
                      {"level", c.level},
                      {"level_label", c.level_label},
                      {"left_value", c.left_value},
                      {"right_value", c.right_value},
                      {"m", c.m},
                      {"u", c.u},
                      {"weight", c.weight},
                      {"tf_adjustment", c.tf_adjustment}});
  }
  return {{"left_id", e.left_id},           {"right_id", e.right_id},
          {"prior_weight", e.prior_weight}, {"fields", fields},
          {"total_weight", e.total_weight}, {"probability", e.probability}};
}

Status RunLinkCsv(const LinkCsvOptions& opts, bool json) {
  CHORUS_ASSIGN_OR_RETURN(linkage::CsvLinkConfig config,
                          linkage::ReadCsvLinkConfigFile(opts.config));
  linkage::CsvLinkOptions run;
  run.files = opts.files;
  run.pairs_out = opts.out;
  run.clusters_out = opts.clusters;
  if (opts.threshold >= 0) {
    if (opts.threshold > 1) return Status::InvalidArgument("--threshold must be in [0, 1]");
    run.threshold = opts.threshold;
  }
  run.threads = opts.threads;
  for (const std::string& pair : opts.explain) {
    const size_t comma = pair.find(',');
    if (comma == std::string::npos) {
      return Status::InvalidArgument("--explain takes LEFT_ID,RIGHT_ID");
    }
    run.explain.emplace_back(pair.substr(0, comma), pair.substr(comma + 1));
  }
  CHORUS_ASSIGN_OR_RETURN(linkage::CsvLinkReport report, linkage::RunCsvLink(config, run));
  if (json) {
    nlohmann::json model = nlohmann::json::array();
    for (size_t f = 0; f < report.field_names.size(); ++f) {
      nlohmann::json levels = nlohmann::json::array();
      for (size_t l = 0; l < report.parameters.fields[f].m.size(); ++l) {
        levels.push_back({{"label", report.level_labels[f][l]},
                          {"m", report.parameters.fields[f].m[l]},
                          {"u", report.parameters.fields[f].u[l]}});
      }
      model.push_back({{"field", report.field_names[f]}, {"levels", levels}});
    }
    nlohmann::json explanations = nlohmann::json::array();
    for (const auto& e : report.explanations) explanations.push_back(ExplanationJson(e));
    const nlohmann::json out = {{"mode", report.link_mode ? "link" : "dedupe"},
                                {"records", report.records},
                                {"candidate_pairs", report.stats.candidate_pairs},
                                {"distinct_patterns", report.stats.distinct_patterns},
                                {"skipped_blocks", report.stats.skipped_blocks},
                                {"largest_block", report.stats.largest_block},
                                {"em_iterations", report.stats.em_iterations},
                                {"em_converged", report.stats.em_converged},
                                {"lambda", report.parameters.lambda},
                                {"pairs_written", report.pairs_written},
                                {"clusters", report.clusters},
                                {"seconds",
                                 {{"read", report.read_seconds},
                                  {"train", report.train_seconds},
                                  {"score", report.score_seconds},
                                  {"total", report.total_seconds}}},
                                {"model", model},
                                {"explanations", explanations}};
    std::cout << out.dump(2) << "\n";
    return Status::Ok();
  }
  std::printf(
      "%s: %zu records, %llu candidate pairs (%llu patterns, %llu blocks skipped), EM %d "
      "iterations%s\n",
      report.link_mode ? "link" : "dedupe", report.records,
      static_cast<unsigned long long>(report.stats.candidate_pairs),
      static_cast<unsigned long long>(report.stats.distinct_patterns),
      static_cast<unsigned long long>(report.stats.skipped_blocks), report.stats.em_iterations,
      report.stats.em_converged ? "" : " (not converged)");
  std::printf("%zu pairs written to %s", report.pairs_written, opts.out.c_str());
  if (!opts.clusters.empty()) {
    std::printf(", %zu clusters to %s", report.clusters, opts.clusters.c_str());
  }
  std::printf("\ntime: read %.3f s, train %.3f s, score %.3f s, total %.3f s\n",
              report.read_seconds, report.train_seconds, report.score_seconds,
              report.total_seconds);
  if (opts.show_model) std::printf("%s", linkage::FormatModel(report).c_str());
  for (const auto& e : report.explanations) {
    std::printf("%s", linkage::FormatExplanation(e).c_str());
  }
  return Status::Ok();
}

void SetupLink(CLI::App& app, GlobalOptions& globals) {
  CLI::App* link = app.add_subcommand("link", "Record linkage: find records of one entity");
  link->require_subcommand(1);
  auto opts = std::make_shared<LinkCsvOptions>();
  CLI::App* csv =
      link->add_subcommand("csv", "Deduplicate one CSV file or link two (Fellegi-Sunter with EM)");
  csv->add_option("--config", opts->config, "Linkage config (docs/formats/linkage-config.md)")
      ->required();
  csv->add_option("files", opts->files, "FILE (dedupe) or FILE FILE2 (link)")
      ->required()
      ->expected(1, 2);
  csv->add_option("--out", opts->out, "PAIRS.csv: left_id,right_id,probability")->required();
  csv->add_option("--clusters", opts->clusters, "CLUSTERS.csv: id,cluster,probability");
  csv->add_option("--threshold", opts->threshold,
                  "Report pairs at or above this probability (default: config, else 0.5)");
  csv->add_option("--threads", opts->threads, "Worker threads (default: config, else all cores)");
  csv->add_option("--explain", opts->explain,
                  "LEFT_ID,RIGHT_ID: print why this pair scores as it does (repeatable)");
  csv->add_flag("--model", opts->show_model, "Print the trained m and u per field and level");
  csv->add_flag("--json", globals.json, "Print the run summary as JSON");
  csv->callback([opts, &globals] { RunCommand([&] { return RunLinkCsv(*opts, globals.json); }); });
}

const CommandRegistrar kRegistrar(60, SetupLink);

}  // namespace
}  // namespace chorus::cli
