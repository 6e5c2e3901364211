// linkage_score: accuracy of `chorus link csv` output against ground truth.
//   linkage_score --id-column rec_id --truth febrl|COLUMN --pairs PAIRS.csv
//                 [--clusters CLUSTERS.csv] FILE [FILE2]
// --truth febrl: the entity is the number in rec-<n>-org / rec-<n>-dup-<k>.
// Prints pairwise precision, recall and F1 of the pairs; with clusters (one
// file), pairwise accuracy of the clusters and B-cubed too.
#include <cstdio>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "linkage/csv_reader.h"
#include "linkage/evaluate.h"

namespace {

using chorus::linkage::Accuracy;

std::string Trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
  return s.substr(b, e - b);
}

std::string FebrlEntity(const std::string& id) {
  // rec-123-org, rec-123-dup-4
  const size_t a = id.find('-');
  const size_t b = id.find('-', a + 1);
  return id.substr(a + 1, b - a - 1);
}

void Print(const char* what, const Accuracy& a) {
  std::printf("%-22s precision %.4f recall %.4f F1 %.4f", what, a.precision, a.recall, a.f1);
  if (a.true_positives + a.false_positives + a.false_negatives > 0) {
    std::printf("  (tp %llu fp %llu fn %llu)", static_cast<unsigned long long>(a.true_positives),
                static_cast<unsigned long long>(a.false_positives),
                static_cast<unsigned long long>(a.false_negatives));
  }
  std::printf("\n");
}

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

chorus::Result<Table> ReadTable(const std::string& path) {
  Table t;
  chorus::Status s =
      chorus::linkage::ForEachCsvRow(path, [&t](size_t n, const std::vector<std::string>& row) {
        if (n == 0) {
          t.header = row;
        } else {
          t.rows.push_back(row);
        }
        return chorus::Status::Ok();
      });
  if (!s.ok()) return s;
  return t;
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "linkage_score: %s\n", message.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string id_column, truth, pairs_path, clusters_path;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (arg == "--id-column") {
      id_column = next();
    } else if (arg == "--truth") {
      truth = next();
    } else if (arg == "--pairs") {
      pairs_path = next();
    } else if (arg == "--clusters") {
      clusters_path = next();
    } else {
      files.push_back(arg);
    }
  }
  if (id_column.empty() || truth.empty() || pairs_path.empty() || files.empty() ||
      files.size() > 2) {
    return Fail("usage: --id-column C --truth febrl|COLUMN --pairs P [--clusters C] F [F2]");
  }
  std::vector<std::string> labels;
  std::vector<int> sources;
  std::vector<std::unordered_map<std::string, uint32_t>> index_of(2);
  for (size_t s = 0; s < files.size(); ++s) {
    auto table = ReadTable(files[s]);
    if (!table.ok()) return Fail(table.status().ToString());
    int id_col = -1, truth_col = -1;
    for (size_t c = 0; c < table->header.size(); ++c) {
      const std::string h = Trim(table->header[c]);
      if (h == id_column) id_col = static_cast<int>(c);
      if (h == truth) truth_col = static_cast<int>(c);
    }
    if (id_col < 0) return Fail(files[s] + ": no id column");
    if (truth != "febrl" && truth_col < 0) return Fail(files[s] + ": no truth column");
    for (const auto& row : table->rows) {
      const std::string id = Trim(row[static_cast<size_t>(id_col)]);
      index_of[s][id] = static_cast<uint32_t>(labels.size());
      labels.push_back(truth == "febrl" ? FebrlEntity(id)
                                        : Trim(row[static_cast<size_t>(truth_col)]));
      sources.push_back(static_cast<int>(s));
    }
  }
  const bool link_mode = files.size() == 2;
  auto pairs_table = ReadTable(pairs_path);
  if (!pairs_table.ok()) return Fail(pairs_table.status().ToString());
  std::vector<chorus::linkage::ScoredPair> pairs;
  for (const auto& row : pairs_table->rows) {
    const auto l = index_of[0].find(row[0]);
    const auto r = index_of[link_mode ? 1 : 0].find(row[1]);
    if (l == index_of[0].end() || r == index_of[link_mode ? 1 : 0].end()) {
      return Fail("pairs: unknown id " + row[0] + " or " + row[1]);
    }
    pairs.push_back({l->second, r->second, std::stod(row[2])});
  }
  std::printf("records %zu, reported pairs %zu\n", labels.size(), pairs.size());
  Print("pairs", chorus::linkage::ScorePairwise(labels, sources, link_mode, pairs));
  if (!clusters_path.empty() && !link_mode) {
    auto clusters_table = ReadTable(clusters_path);
    if (!clusters_table.ok()) return Fail(clusters_table.status().ToString());
    std::vector<uint32_t> cluster(labels.size(), 0);
    for (const auto& row : clusters_table->rows) {
      const auto it = index_of[0].find(row[0]);
      if (it == index_of[0].end()) return Fail("clusters: unknown id " + row[0]);
      cluster[it->second] = static_cast<uint32_t>(std::stoul(row[1]));
    }
    Print("cluster pairs", chorus::linkage::ScoreClusterPairs(labels, cluster));
    Print("b-cubed", chorus::linkage::ScoreBCubed(labels, cluster));
  }
  return 0;
}
