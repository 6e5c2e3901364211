// File: linkage/csv_link.h
// The generic CSV mode behind `chorus link csv`: reads one file (dedupe) or
// two (link), trains the model, writes PAIRS.csv (left_id,right_id,
// probability) and optionally CLUSTERS.csv (id,cluster,probability), and
// explains chosen pairs.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "linkage/config.h"
#include "linkage/engine.h"

namespace chorus::linkage {

struct CsvLinkOptions {
  std::vector<std::string> files;   // one (dedupe) or two (link)
  std::string pairs_out;            // required
  std::string clusters_out;         // optional
  std::optional<double> threshold;  // overrides the config
  int threads = 0;                  // overrides the config when > 0
  // Pairs of ids to explain (in link mode: an id of file 1, then of file 2).
  std::vector<std::pair<std::string, std::string>> explain;
  // Progress of training (the pairs it compares), then of scoring the
  // candidate pairs (engine.h).
  PairProgress training_progress = nullptr;
  PairProgress progress = nullptr;
};

struct CsvLinkReport {
  bool link_mode = false;
  size_t records = 0;
  LinkStats stats;
  ModelParameters parameters;
  std::vector<std::string> field_names;
  std::vector<std::vector<std::string>> level_labels;
  size_t pairs_written = 0;
  size_t clusters = 0;  // 0 when no clusters file was asked for
  std::vector<Explanation> explanations;
  double read_seconds = 0;
  double train_seconds = 0;
  double score_seconds = 0;
  double total_seconds = 0;
};

// Errors: InvalidArgument (bad files count, a configured column missing
// from a file, an id to explain not found), NotFound / Unavailable from
// reading and writing files, FailedPrecondition when blocking finds nothing.
Result<CsvLinkReport> RunCsvLink(const CsvLinkConfig& config, const CsvLinkOptions& options);

// A readable summary of the trained model: per field and level, m, u and
// the weight log2(m/u).
std::string FormatModel(const CsvLinkReport& report);

}  // namespace chorus::linkage
