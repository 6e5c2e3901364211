#include "linkage/cluster.h"

#include <algorithm>
#include <numeric>

namespace chorus::linkage {
namespace {

class DisjointSets {
 public:
  explicit DisjointSets(size_t n) : parent_(n), weakest_(n, 1.0) {
    std::iota(parent_.begin(), parent_.end(), 0u);
  }
  uint32_t Find(uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  // Joins the sets of a and b through an edge of probability p.
  void Join(uint32_t a, uint32_t b, double p) {
    a = Find(a);
    b = Find(b);
    if (a == b) return;  // not a spanning-tree edge
    if (a > b) std::swap(a, b);
    parent_[b] = a;
    weakest_[a] = std::min({weakest_[a], weakest_[b], p});
  }
  double weakest(uint32_t root) const { return weakest_[root]; }

 private:
  std::vector<uint32_t> parent_;
  std::vector<double> weakest_;
};

std::vector<size_t> ByProbabilityDescending(std::span<const ScoredPair> pairs) {
  std::vector<size_t> order(pairs.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&pairs](size_t x, size_t y) {
    return pairs[x].probability > pairs[y].probability;
  });
  return order;
}

}  // namespace

Clustering ClusterPairs(size_t num_records, std::span<const ScoredPair> pairs, double threshold) {
  DisjointSets sets(num_records);
  // Kruskal order: the first edge to join two sets is a maximum spanning
  // tree edge, so the running minimum is the weakest tree link.
  for (size_t idx : ByProbabilityDescending(pairs)) {
    const ScoredPair& p = pairs[idx];
    if (p.probability < threshold) break;
    sets.Join(p.left, p.right, p.probability);
  }
  Clustering out;
  out.cluster_of.assign(num_records, 0);
  std::vector<uint32_t> number_of_root(num_records, UINT32_MAX);
  for (uint32_t r = 0; r < num_records; ++r) {
    const uint32_t root = sets.Find(r);
    if (number_of_root[root] == UINT32_MAX) {
      number_of_root[root] = static_cast<uint32_t>(out.probability.size());
      out.probability.push_back(sets.weakest(root));
    }
    out.cluster_of[r] = number_of_root[root];
  }
  return out;
}

std::vector<ScoredPair> OneToOne(std::span<const ScoredPair> pairs) {
  std::vector<uint8_t> used_left, used_right;
  RecordIndex max_index = 0;
  for (const ScoredPair& p : pairs) max_index = std::max({max_index, p.left, p.right});
  used_left.assign(pairs.empty() ? 0 : max_index + 1, 0);
  used_right.assign(pairs.empty() ? 0 : max_index + 1, 0);
  std::vector<ScoredPair> kept;
  for (size_t idx : ByProbabilityDescending(pairs)) {
    const ScoredPair& p = pairs[idx];
    if (used_left[p.left] || used_right[p.right]) continue;
    used_left[p.left] = used_right[p.right] = 1;
    kept.push_back(p);
  }
  std::sort(kept.begin(), kept.end(), [](const ScoredPair& x, const ScoredPair& y) {
    return x.left != y.left ? x.left < y.left : x.right < y.right;
  });
  return kept;
}

}  // namespace chorus::linkage
