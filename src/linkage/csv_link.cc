#include "linkage/csv_link.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <unordered_map>

#include "formats/csv.h"
#include "linkage/cluster.h"
#include "linkage/cluster_score.h"
#include "linkage/csv_reader.h"

namespace chorus::linkage {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

Status LoadFile(const CsvLinkConfig& config, const std::string& path, int source,
                RecordSet& records) {
  size_t id_column = 0;
  std::vector<std::vector<size_t>> columns(config.field_columns.size());
  std::vector<std::string> joined(columns.size());
  std::vector<std::string_view> values(columns.size());
  return ForEachCsvRow(path, [&](size_t row_number, const std::vector<std::string>& row) {
    if (row_number == 0) {
      std::unordered_map<std::string, size_t> column_of;
      for (size_t c = 0; c < row.size(); ++c) column_of[std::string(Trim(row[c]))] = c;
      auto find = [&](const std::string& name) -> Result<size_t> {
        const auto it = column_of.find(name);
        if (it == column_of.end()) {
          return Status::InvalidArgument(path + ": no column '" + name + "'");
        }
        return it->second;
      };
      CHORUS_ASSIGN_OR_RETURN(id_column, find(config.id_column));
      for (size_t f = 0; f < config.field_columns.size(); ++f) {
        for (const std::string& name : config.field_columns[f]) {
          CHORUS_ASSIGN_OR_RETURN(const size_t c, find(name));
          columns[f].push_back(c);
        }
      }
      return Status::Ok();
    }
    for (size_t f = 0; f < columns.size(); ++f) {
      joined[f].clear();
      for (size_t c : columns[f]) {
        const std::string_view v = Trim(row[c]);
        if (v.empty()) continue;
        if (!joined[f].empty()) joined[f].push_back(' ');
        joined[f].append(v);
      }
      values[f] = joined[f];
    }
    return records.Add(std::string(Trim(row[id_column])), source, values);
  });
}

Status WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::Unavailable(path + ": cannot open for writing");
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) return Status::Unavailable(path + ": write failed");
  return Status::Ok();
}

void AppendProbability(std::string& out, double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", p);
  out += buf;
}

Result<RecordIndex> FindId(const RecordSet& records, const std::string& id, int source) {
  for (RecordIndex r = 0; r < records.size(); ++r) {
    if (records.source(r) == source && records.id(r) == id) return r;
  }
  return Status::InvalidArgument("explain: no record with id " + id);
}

}  // namespace

Result<CsvLinkReport> RunCsvLink(const CsvLinkConfig& config, const CsvLinkOptions& options) {
  const auto start = Clock::now();
  if (options.files.empty() || options.files.size() > 2) {
    return Status::InvalidArgument("link csv: give one file (dedupe) or two (link)");
  }
  if (options.pairs_out.empty()) return Status::InvalidArgument("link csv: --out is required");
  CsvLinkReport report;
  report.link_mode = options.files.size() == 2;
  LinkageSpec spec = config.spec;
  if (options.threshold) spec.threshold = *options.threshold;
  if (options.threads > 0) spec.threads = options.threads;

  RecordSet records(spec.fields);
  for (size_t i = 0; i < options.files.size(); ++i) {
    CHORUS_RETURN_IF_ERROR(LoadFile(config, options.files[i], static_cast<int>(i), records));
  }
  records.Finish();
  report.records = records.size();
  report.read_seconds = SecondsSince(start);

  const auto train_start = Clock::now();
  CHORUS_ASSIGN_OR_RETURN(std::unique_ptr<Linker> linker,
                          Linker::Create(spec, records, report.link_mode));
  CHORUS_RETURN_IF_ERROR(linker->Train(options.training_progress));
  report.train_seconds = SecondsSince(train_start);

  const auto score_start = Clock::now();
  const double cluster_threshold = spec.cluster_threshold.value_or(spec.threshold);
  const bool attach = spec.attach_min_links > 0 && !report.link_mode;
  double lowest = std::min(spec.threshold, cluster_threshold);
  if (attach && !options.clusters_out.empty()) {
    lowest = std::min(lowest, spec.attach_min_probability);
  }
  const bool relocate = spec.relocate && !report.link_mode;
  if (relocate && !options.clusters_out.empty()) {
    lowest = std::min(lowest, spec.relocate_min_pair_probability);
  }
  std::vector<ScoredPair> pairs = linker->Score(lowest, options.progress);
  if (spec.one_to_one && report.link_mode) pairs = OneToOne(pairs);
  report.score_seconds = SecondsSince(score_start);

  std::string text = "left_id,right_id,probability\r\n";
  for (const ScoredPair& p : pairs) {
    if (p.probability < spec.threshold) continue;
    text += formats::CsvEscape(records.id(p.left));
    text += ',';
    text += formats::CsvEscape(records.id(p.right));
    text += ',';
    AppendProbability(text, p.probability);
    text += "\r\n";
    ++report.pairs_written;
  }
  CHORUS_RETURN_IF_ERROR(WriteFile(options.pairs_out, text));

  if (!options.clusters_out.empty()) {
    Clustering clustering = ClusterPairs(records.size(), pairs, cluster_threshold);
    if (attach) {
      clustering = AttachByConsensus(clustering, pairs, spec.attach_min_probability,
                                     cluster_threshold, spec.attach_min_links);
    }
    if (relocate) {
      RelocationOptions relocation;
      relocation.min_pair_probability = spec.relocate_min_pair_probability;
      relocation.join_probability = spec.relocate_join_probability;
      clustering = RelocateByClusterScore(*linker, records, clustering, pairs, relocation);
    }
    report.clusters = clustering.num_clusters();
    text = "id,cluster,probability\r\n";
    for (RecordIndex r = 0; r < records.size(); ++r) {
      text += formats::CsvEscape(records.id(r));
      text += ',';
      text += std::to_string(clustering.cluster_of[r]);
      text += ',';
      AppendProbability(text, clustering.probability[clustering.cluster_of[r]]);
      text += "\r\n";
    }
    CHORUS_RETURN_IF_ERROR(WriteFile(options.clusters_out, text));
  }

  for (const auto& [left_id, right_id] : options.explain) {
    CHORUS_ASSIGN_OR_RETURN(const RecordIndex a, FindId(records, left_id, 0));
    CHORUS_ASSIGN_OR_RETURN(const RecordIndex b,
                            FindId(records, right_id, report.link_mode ? 1 : 0));
    report.explanations.push_back(linker->Explain(a, b));
  }
  report.stats = linker->stats();
  report.parameters = linker->parameters();
  for (const FieldSpec& f : spec.fields) report.field_names.push_back(f.name);
  report.level_labels = linker->level_labels();
  report.total_seconds = SecondsSince(start);
  return report;
}

std::string FormatModel(const CsvLinkReport& report) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "prior match share (lambda) %.6f\n", report.parameters.lambda);
  out += line;
  for (size_t f = 0; f < report.field_names.size(); ++f) {
    out += report.field_names[f] + "\n";
    const FieldParameters& fp = report.parameters.fields[f];
    for (size_t l = 0; l < fp.m.size(); ++l) {
      std::snprintf(line, sizeof line, "  %-32s m=%.5f u=%.5f weight %+7.3f\n",
                    report.level_labels[f][l].c_str(), fp.m[l], fp.u[l],
                    std::log2(fp.m[l] / fp.u[l]));
      out += line;
    }
  }
  return out;
}

}  // namespace chorus::linkage
