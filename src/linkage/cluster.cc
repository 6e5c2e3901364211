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

Clustering AttachByConsensus(const Clustering& clustering, std::span<const ScoredPair> pairs,
                             double min_probability, double cluster_threshold, int min_links) {
  const size_t n = clustering.num_clusters();
  std::vector<uint32_t> size(n, 0);
  for (uint32_t c : clustering.cluster_of) ++size[c];
  // For each cluster: the one other cluster its weak links reach (or
  // kAmbiguous), how many links, and the strongest of them.
  constexpr uint32_t kNone = UINT32_MAX, kAmbiguous = UINT32_MAX - 1;
  std::vector<uint32_t> target(n, kNone);
  std::vector<int> links(n, 0);
  std::vector<double> strongest(n, 0.0);
  auto note = [&](uint32_t from, uint32_t to, double p) {
    if (target[from] == kAmbiguous) return;
    if (target[from] != kNone && target[from] != to) {
      target[from] = kAmbiguous;
      return;
    }
    target[from] = to;
    ++links[from];
    strongest[from] = std::max(strongest[from], p);
  };
  for (const ScoredPair& p : pairs) {
    if (p.probability < min_probability || p.probability >= cluster_threshold) continue;
    const uint32_t a = clustering.cluster_of[p.left];
    const uint32_t b = clustering.cluster_of[p.right];
    if (a == b) continue;
    note(a, b, p.probability);
    note(b, a, p.probability);
  }
  // Attach smaller into larger (ties: into the lower number), one level.
  std::vector<uint32_t> merged_into(n);
  std::vector<double> probability = clustering.probability;
  for (uint32_t c = 0; c < n; ++c) {
    merged_into[c] = c;
    const uint32_t t = target[c];
    if (t == kNone || t == kAmbiguous || links[c] < min_links) continue;
    // Only a fragment joins: at most half the size of the cluster it joins.
    if (2 * size[c] > size[t]) continue;
    if (target[t] != c && target[t] != kNone && target[t] != kAmbiguous) continue;
    merged_into[c] = t;
    probability[t] = std::min(probability[t], strongest[c]);
  }
  Clustering out;
  out.cluster_of.assign(clustering.cluster_of.size(), 0);
  std::vector<uint32_t> number(n, UINT32_MAX);
  for (size_t r = 0; r < clustering.cluster_of.size(); ++r) {
    uint32_t c = clustering.cluster_of[r];
    // A target that itself attached elsewhere keeps its own place: one level.
    c = merged_into[c] != c && merged_into[merged_into[c]] == merged_into[c] ? merged_into[c] : c;
    if (number[c] == UINT32_MAX) {
      number[c] = static_cast<uint32_t>(out.probability.size());
      out.probability.push_back(probability[c]);
    }
    out.cluster_of[r] = number[c];
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
