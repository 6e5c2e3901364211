#include "linkage/cluster_score.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "linkage/comparison.h"
#include "linkage/em.h"

namespace chorus::linkage {
namespace {

// Weights above this are taken as certain: 2^60 odds already give a
// posterior of 1 in double precision, and larger ones would overflow the
// sum of odds.
constexpr double kMaxWeight = 60;

// CSR adjacency of the pairs at or above a probability.
struct Neighbours {
  std::vector<uint32_t> start;
  std::vector<RecordIndex> records;
  std::span<const RecordIndex> of(RecordIndex r) const {
    return {records.data() + start[r], records.data() + start[r + 1]};
  }
};

Neighbours BuildNeighbours(size_t num_records, std::span<const ScoredPair> pairs,
                           double min_probability) {
  Neighbours n;
  n.start.assign(num_records + 1, 0);
  for (const ScoredPair& p : pairs) {
    if (p.probability < min_probability) continue;
    ++n.start[p.left + 1];
    ++n.start[p.right + 1];
  }
  std::partial_sum(n.start.begin(), n.start.end(), n.start.begin());
  n.records.resize(n.start.back());
  std::vector<uint32_t> fill(n.start.begin(), n.start.end() - 1);
  for (const ScoredPair& p : pairs) {
    if (p.probability < min_probability) continue;
    n.records[fill[p.left]++] = p.right;
    n.records[fill[p.right]++] = p.left;
  }
  return n;
}

// log2 of the prior odds of joining a cluster of `size` records against
// founding a new entity: size / alpha.
double JoinPriorWeight(size_t size, double concentration) {
  return std::log2(static_cast<double>(size) / concentration);
}

double Posterior(double weight, double sum_of_odds) {
  return std::exp2(std::min(weight, kMaxWeight)) / (1.0 + sum_of_odds);
}

}  // namespace

double EstimateConcentration(size_t num_records, size_t num_clusters) {
  const double n = static_cast<double>(num_records);
  const double k = static_cast<double>(num_clusters);
  if (num_records < 2 || num_clusters == 0) return 1.0;
  if (k >= n) return 1e12;  // every record alone: joining is never expected
  // alpha * ln(1 + n / alpha) rises from 0 to n with alpha: bisect on a
  // log scale.
  double lo = 1e-9, hi = 1e12;
  for (int i = 0; i < 200; ++i) {
    const double mid = std::sqrt(lo * hi);
    if (mid * std::log1p(n / mid) < k) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return std::sqrt(lo * hi);
}

ClusterProfile PoolCluster(const Linker& linker, const RecordSet& records,
                           std::span<const RecordIndex> members) {
  const size_t num_fields = records.fields().size();
  ClusterProfile profile;
  profile.representatives.resize(num_fields);
  std::vector<int> support(members.size());
  for (size_t f = 0; f < num_fields; ++f) {
    int best = -1;
    for (size_t i = 0; i < members.size(); ++i) {
      support[i] = -1;
      if (records.missing(f, members[i])) continue;
      support[i] = 2;  // itself
      for (size_t j = 0; j < members.size(); ++j) {
        if (j == i || records.missing(f, members[j])) continue;
        const int level = CompareField(records, f, members[i], members[j]);
        if (level == 1) {
          support[i] += 2;
        } else if (LevelWeight(linker.parameters(), f, level) > 0) {
          support[i] += 1;
        }
      }
      best = std::max(best, support[i]);
    }
    if (best < 0) continue;
    for (size_t i = 0; i < members.size(); ++i) {
      if (support[i] == best) profile.representatives[f].push_back(members[i]);
    }
  }
  return profile;
}

double RecordClusterWeight(const Linker& linker, RecordIndex record,
                           const ClusterProfile& profile) {
  double w = 0;
  for (size_t f = 0; f < profile.representatives.size(); ++f) {
    const std::vector<RecordIndex>& reps = profile.representatives[f];
    if (reps.empty()) continue;
    double best = -1e300;
    for (RecordIndex rep : reps) best = std::max(best, linker.FieldWeight(f, record, rep));
    w += best;
  }
  return w;
}

Clustering RelocateByClusterScore(const Linker& linker, const RecordSet& records,
                                  const Clustering& start, std::span<const ScoredPair> pairs,
                                  const RelocationOptions& options) {
  const size_t num_records = start.cluster_of.size();
  const size_t num_clusters = start.num_clusters();
  const Neighbours neighbours = BuildNeighbours(num_records, pairs, options.min_pair_probability);
  const double concentration = options.concentration > 0
                                   ? options.concentration
                                   : EstimateConcentration(num_records, num_clusters);
  std::vector<uint32_t> cluster_of = start.cluster_of;
  std::vector<double> probability = start.probability;
  std::vector<std::vector<RecordIndex>> members(num_clusters);
  for (RecordIndex r = 0; r < num_records; ++r) members[cluster_of[r]].push_back(r);
  // Profiles of whole clusters, recomputed after a member comes or goes.
  std::vector<ClusterProfile> profiles(num_clusters);
  std::vector<uint8_t> profile_valid(num_clusters, 0);
  auto profile_of = [&](uint32_t c) -> const ClusterProfile& {
    if (!profile_valid[c]) {
      profiles[c] = PoolCluster(linker, records, members[c]);
      profile_valid[c] = 1;
    }
    return profiles[c];
  };

  std::vector<RecordIndex> order(num_records);
  std::vector<uint32_t> candidates;
  std::vector<double> weights;
  std::vector<RecordIndex> others;
  for (int round = 0; round < options.max_rounds; ++round) {
    std::iota(order.begin(), order.end(), RecordIndex{0});
    std::stable_sort(order.begin(), order.end(), [&](RecordIndex x, RecordIndex y) {
      return members[cluster_of[x]].size() < members[cluster_of[y]].size();
    });
    size_t moved = 0;
    for (RecordIndex r : order) {
      const uint32_t own = cluster_of[r];
      candidates.clear();
      for (RecordIndex n : neighbours.of(r)) {
        if (cluster_of[n] != own) candidates.push_back(cluster_of[n]);
      }
      if (candidates.empty()) continue;
      std::sort(candidates.begin(), candidates.end());
      candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
      // The own cluster without r: r must not vouch for itself.
      double own_weight = -1e300;
      double sum_of_odds = 0;
      if (members[own].size() > 1) {
        others.clear();
        for (RecordIndex m : members[own]) {
          if (m != r) others.push_back(m);
        }
        own_weight = RecordClusterWeight(linker, r, PoolCluster(linker, records, others)) +
                     JoinPriorWeight(others.size(), concentration);
        sum_of_odds += std::exp2(std::min(own_weight, kMaxWeight));
      }
      weights.clear();
      size_t best = 0;
      for (size_t i = 0; i < candidates.size(); ++i) {
        weights.push_back(RecordClusterWeight(linker, r, profile_of(candidates[i])) +
                          JoinPriorWeight(members[candidates[i]].size(), concentration));
        sum_of_odds += std::exp2(std::min(weights[i], kMaxWeight));
        if (weights[i] > weights[best]) best = i;
      }
      if (weights[best] <= own_weight) continue;
      const double posterior = Posterior(weights[best], sum_of_odds);
      if (posterior < options.join_probability) continue;
      const uint32_t target = candidates[best];
      auto& from = members[own];
      from.erase(std::find(from.begin(), from.end(), r));
      members[target].push_back(r);
      cluster_of[r] = target;
      profile_valid[own] = profile_valid[target] = 0;
      probability[target] = std::min(probability[target], posterior);
      ++moved;
    }
    if (moved == 0) break;
  }

  Clustering out;
  out.cluster_of.assign(num_records, 0);
  std::vector<uint32_t> number(num_clusters, UINT32_MAX);
  for (RecordIndex r = 0; r < num_records; ++r) {
    const uint32_t c = cluster_of[r];
    if (number[c] == UINT32_MAX) {
      number[c] = static_cast<uint32_t>(out.probability.size());
      out.probability.push_back(probability[c]);
    }
    out.cluster_of[r] = number[c];
  }
  return out;
}

}  // namespace chorus::linkage
