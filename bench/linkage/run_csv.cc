// linkage_run: the engine of `chorus link csv` without the rest of the CLI,
// so benchmarks build and run while other modules are in flux. Same
// arguments and outputs:
//   linkage_run --config CONFIG.json FILE [FILE2] --out PAIRS.csv
//               [--clusters CLUSTERS.csv] [--threshold P] [--threads N] [--model]
//               [--explain LEFT_ID,RIGHT_ID]...
#include <cstdio>
#include <string>

#include "linkage/csv_link.h"

int main(int argc, char** argv) {
  std::string config_path;
  chorus::linkage::CsvLinkOptions options;
  bool show_model = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (arg == "--config") {
      config_path = next();
    } else if (arg == "--out") {
      options.pairs_out = next();
    } else if (arg == "--clusters") {
      options.clusters_out = next();
    } else if (arg == "--threshold") {
      options.threshold = std::stod(next());
    } else if (arg == "--threads") {
      options.threads = std::stoi(next());
    } else if (arg == "--explain") {
      const std::string pair = next();
      const size_t comma = pair.find(',');
      options.explain.emplace_back(pair.substr(0, comma), pair.substr(comma + 1));
    } else if (arg == "--model") {
      show_model = true;
    } else {
      options.files.push_back(arg);
    }
  }
  auto config = chorus::linkage::ReadCsvLinkConfigFile(config_path);
  if (!config.ok()) {
    std::fprintf(stderr, "linkage_run: %s\n", config.status().ToString().c_str());
    return 2;
  }
  auto report = chorus::linkage::RunCsvLink(*config, options);
  if (!report.ok()) {
    std::fprintf(stderr, "linkage_run: %s\n", report.status().ToString().c_str());
    return 1;
  }
  std::printf(
      "%zu records, %llu candidate pairs, %llu patterns, %llu skipped blocks (largest %llu), "
      "EM %d iterations, lambda %.5f\n",
      report->records, static_cast<unsigned long long>(report->stats.candidate_pairs),
      static_cast<unsigned long long>(report->stats.distinct_patterns),
      static_cast<unsigned long long>(report->stats.skipped_blocks),
      static_cast<unsigned long long>(report->stats.largest_block), report->stats.em_iterations,
      report->parameters.lambda);
  std::printf("%zu pairs, %zu clusters; read %.3f s, train %.3f s, score %.3f s, total %.3f s\n",
              report->pairs_written, report->clusters, report->read_seconds, report->train_seconds,
              report->score_seconds, report->total_seconds);
  if (show_model) std::printf("%s", chorus::linkage::FormatModel(*report).c_str());
  for (const auto& e : report->explanations) {
    std::printf("%s", chorus::linkage::FormatExplanation(e).c_str());
  }
  return 0;
}
