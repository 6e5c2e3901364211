#include "linkage/evaluate.h"

#include <map>
#include <unordered_map>

namespace chorus::linkage {
namespace {

void Finish(Accuracy& a) {
  const double tp = static_cast<double>(a.true_positives);
  a.precision = tp + static_cast<double>(a.false_positives) > 0
                    ? tp / (tp + static_cast<double>(a.false_positives))
                    : 0.0;
  a.recall = tp + static_cast<double>(a.false_negatives) > 0
                 ? tp / (tp + static_cast<double>(a.false_negatives))
                 : 0.0;
  a.f1 = a.precision + a.recall > 0 ? 2 * a.precision * a.recall / (a.precision + a.recall) : 0.0;
}

uint64_t Choose2(uint64_t n) { return n * (n - (n > 0 ? 1 : 0)) / 2; }

}  // namespace

Accuracy ScorePairwise(std::span<const std::string> truth, std::span<const int> source,
                       bool link_mode, std::span<const ScoredPair> pairs) {
  uint64_t true_pairs = 0;
  std::unordered_map<std::string_view, std::pair<uint64_t, uint64_t>> sizes;
  for (size_t r = 0; r < truth.size(); ++r) {
    auto& s = sizes[truth[r]];
    (source[r] == 1 ? s.second : s.first)++;
  }
  for (const auto& [label, s] : sizes) {
    true_pairs += link_mode ? s.first * s.second : Choose2(s.first + s.second);
  }
  Accuracy a;
  for (const ScoredPair& p : pairs) {
    if (truth[p.left] == truth[p.right]) {
      ++a.true_positives;
    } else {
      ++a.false_positives;
    }
  }
  a.false_negatives = true_pairs - a.true_positives;
  Finish(a);
  return a;
}

Accuracy ScoreClusterPairs(std::span<const std::string> truth, std::span<const uint32_t> cluster) {
  std::unordered_map<std::string_view, uint64_t> truth_sizes;
  std::unordered_map<uint32_t, uint64_t> cluster_sizes;
  std::map<std::pair<uint32_t, std::string_view>, uint64_t> cells;
  for (size_t r = 0; r < truth.size(); ++r) {
    ++truth_sizes[truth[r]];
    ++cluster_sizes[cluster[r]];
    ++cells[{cluster[r], truth[r]}];
  }
  uint64_t tp = 0, predicted = 0, actual = 0;
  for (const auto& [key, n] : cells) tp += Choose2(n);
  for (const auto& [key, n] : cluster_sizes) predicted += Choose2(n);
  for (const auto& [key, n] : truth_sizes) actual += Choose2(n);
  Accuracy a;
  a.true_positives = tp;
  a.false_positives = predicted - tp;
  a.false_negatives = actual - tp;
  Finish(a);
  return a;
}

Accuracy ScoreBCubed(std::span<const std::string> truth, std::span<const uint32_t> cluster) {
  std::unordered_map<std::string_view, uint64_t> truth_sizes;
  std::unordered_map<uint32_t, uint64_t> cluster_sizes;
  std::map<std::pair<uint32_t, std::string_view>, uint64_t> cells;
  for (size_t r = 0; r < truth.size(); ++r) {
    ++truth_sizes[truth[r]];
    ++cluster_sizes[cluster[r]];
    ++cells[{cluster[r], truth[r]}];
  }
  double precision = 0, recall = 0;
  for (size_t r = 0; r < truth.size(); ++r) {
    const double common = static_cast<double>(cells[{cluster[r], truth[r]}]);
    precision += common / static_cast<double>(cluster_sizes[cluster[r]]);
    recall += common / static_cast<double>(truth_sizes[truth[r]]);
  }
  Accuracy a;
  const double n = static_cast<double>(truth.size());
  a.precision = n > 0 ? precision / n : 0;
  a.recall = n > 0 ? recall / n : 0;
  a.f1 = a.precision + a.recall > 0 ? 2 * a.precision * a.recall / (a.precision + a.recall) : 0;
  return a;
}

}  // namespace chorus::linkage
