#include "linkage/blocking.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "linkage/comparators.h"

namespace chorus::linkage {
namespace {

constexpr size_t kBatchSize = 2048;
// A block with more pairs than this is split into row ranges so several
// workers share it.
constexpr uint64_t kPairsPerWorkItem = 200'000;

char SoundexCode(char32_t c) {
  switch (c) {
    case U'b':
    case U'f':
    case U'p':
    case U'v':
      return '1';
    case U'c':
    case U'g':
    case U'j':
    case U'k':
    case U'q':
    case U's':
    case U'x':
    case U'z':
      return '2';
    case U'd':
    case U't':
      return '3';
    case U'l':
      return '4';
    case U'm':
    case U'n':
      return '5';
    case U'r':
      return '6';
    case U'h':
    case U'w':
      return '-';  // does not separate equal codes
    default:
      return '0';  // vowels and others separate
  }
}

std::u32string Soundex(std::u32string_view token) {
  if (token.empty()) return {};
  std::u32string out(1, token[0]);
  char last = SoundexCode(token[0]);
  for (size_t i = 1; i < token.size() && out.size() < 4; ++i) {
    const char code = SoundexCode(token[i]);
    if (code == '-') continue;
    if (code != '0' && code != last) out.push_back(static_cast<char32_t>(code));
    last = code;
  }
  while (out.size() < 4) out.push_back(U'0');
  return out;
}

// Words of a normalised value: split at spaces, and at the '/' between the
// family and given keys of a korean_name value (so first_token is the
// family key, last_token the given key).
std::vector<std::u32string_view> Tokens(std::u32string_view s) {
  std::vector<std::u32string_view> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find_first_of(U" /", start);
    if (end == std::u32string_view::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::u32string KeyPart(const RecordSet& records, const BlockingKeyPart& part, RecordIndex r) {
  if (records.missing(part.field, r)) return {};
  const std::u32string_view v = records.value(part.field, r);
  switch (part.transform) {
    case KeyTransform::kExact:
      return std::u32string(v);
    case KeyTransform::kPrefix:
      return std::u32string(v.substr(0, static_cast<size_t>(std::max(part.length, 1))));
    case KeyTransform::kSoundex: {
      const auto tokens = Tokens(v);
      return tokens.empty() ? std::u32string() : Soundex(tokens.front());
    }
    case KeyTransform::kYear: {
      if (records.fields()[part.field].kind == FieldKind::kDate) {
        return std::u32string(v.substr(0, 4));
      }
      return std::u32string(v.substr(0, 4));
    }
    case KeyTransform::kFirstToken: {
      const auto tokens = Tokens(v);
      return tokens.empty() ? std::u32string() : std::u32string(tokens.front());
    }
    case KeyTransform::kLastToken: {
      const auto tokens = Tokens(v);
      return tokens.empty() ? std::u32string() : std::u32string(tokens.back());
    }
    case KeyTransform::kSortedTokens: {
      auto tokens = Tokens(v);
      std::sort(tokens.begin(), tokens.end());
      std::u32string out;
      for (auto t : tokens) {
        if (!out.empty()) out.push_back(U' ');
        out.append(t);
      }
      return out;
    }
    case KeyTransform::kMonthDay: {
      if (records.fields()[part.field].kind != FieldKind::kDate) return {};
      if (!records.date(part.field, r).is_exact_day() || v.size() != 8) return {};
      return std::u32string(v.substr(4, 4));
    }
    case KeyTransform::kInitials: {
      std::u32string out;
      for (auto t : Tokens(v)) out.push_back(t[0]);
      std::sort(out.begin(), out.end());
      return out;
    }
  }
  return {};
}

std::u32string RuleKey(const RecordSet& records, const BlockingRule& rule, RecordIndex r) {
  std::u32string key;
  for (const BlockingKeyPart& part : rule.parts) {
    const std::u32string p = KeyPart(records, part, r);
    if (p.empty()) return {};
    key.append(p);
    key.push_back(U'\x1F');
  }
  return key;
}

uint64_t HashKey(std::u32string_view key) {
  if (key.empty()) return 0;
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (char32_t c : key) {
    h ^= static_cast<uint64_t>(c);
    h *= 1099511628211ull;
  }
  // Finalise (splitmix64) so that sorted order spreads work evenly.
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  h ^= h >> 31;
  return h == 0 ? 1 : h;
}

uint64_t PairHash(RecordIndex a, RecordIndex b) {
  uint64_t z = (static_cast<uint64_t>(a) << 32 | b) + 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

struct WorkItem {
  uint32_t begin;      // block start in the sorted order
  uint32_t end;        // block end
  uint32_t row_begin;  // rows of this item (first record of each pair)
  uint32_t row_end;
};

}  // namespace

std::string BlockingKey(const RecordSet& records, const BlockingRule& rule, RecordIndex record) {
  std::u32string key = RuleKey(records, rule, record);
  if (!key.empty()) key.pop_back();
  for (char32_t& c : key) {
    if (c == U'\x1F') c = U'|';
  }
  return EncodeUtf8(key);
}

CandidateStream::CandidateStream(const RecordSet& records, std::vector<BlockingRule> rules,
                                 bool link_mode, size_t max_block_size)
    : records_(records),
      rules_(std::move(rules)),
      link_mode_(link_mode),
      max_block_size_(max_block_size) {
  keys_.resize(rules_.size());
  skipped_.resize(rules_.size());
  orders_.resize(rules_.size());
  for (size_t rule = 0; rule < rules_.size(); ++rule) {
    std::vector<uint64_t>& keys = keys_[rule];
    keys.resize(records.size());
    skipped_[rule].assign(records.size(), 0);
    for (RecordIndex r = 0; r < records.size(); ++r) {
      keys[r] = HashKey(RuleKey(records, rules_[rule], r));
    }
    std::vector<RecordIndex>& order = orders_[rule];
    for (RecordIndex r = 0; r < records.size(); ++r) {
      if (keys[r] != 0) order.push_back(r);
    }
    std::sort(order.begin(), order.end(), [&keys](RecordIndex a, RecordIndex b) {
      return keys[a] != keys[b] ? keys[a] < keys[b] : a < b;
    });
    size_t begin = 0;
    while (begin < order.size()) {
      size_t end = begin + 1;
      while (end < order.size() && keys[order[end]] == keys[order[begin]]) ++end;
      if (end - begin > max_block_size_) {
        for (size_t k = begin; k < end; ++k) skipped_[rule][order[k]] = 1;
      }
      begin = end;
    }
  }
}

BlockingStats CandidateStream::Run(int threads, const PairBatchVisitor& visit) const {
  return RunRules(0, rules_.size(), /*skip_earlier=*/true, 1.0, threads, visit);
}

BlockingStats CandidateStream::RunRule(size_t rule, double sample_rate, int threads,
                                       const PairBatchVisitor& visit) const {
  return RunRules(rule, rule + 1, /*skip_earlier=*/false, sample_rate, threads, visit);
}

uint64_t CandidateStream::RulePairCount(size_t rule) const {
  const std::vector<uint64_t>& keys = keys_[rule];
  const std::vector<RecordIndex>& order = orders_[rule];
  uint64_t pairs = 0;
  size_t begin = 0;
  while (begin < order.size()) {
    size_t end = begin + 1;
    while (end < order.size() && keys[order[end]] == keys[order[begin]]) ++end;
    const uint64_t size = end - begin;
    if (size <= max_block_size_) pairs += size * (size - 1) / 2;
    begin = end;
  }
  return pairs;
}

BlockingStats CandidateStream::RunRules(size_t first_rule, size_t end_rule, bool skip_earlier,
                                        double sample_rate, int threads,
                                        const PairBatchVisitor& visit) const {
  BlockingStats stats;
  const uint64_t sample_below =
      sample_rate >= 1.0 ? UINT64_MAX : static_cast<uint64_t>(sample_rate * 18446744073709551615.0);
  const size_t num_workers = static_cast<size_t>(std::max(threads, 1));
  std::vector<uint64_t> worker_pairs(num_workers, 0);
  for (size_t rule = first_rule; rule < end_rule; ++rule) {
    const std::vector<uint64_t>& keys = keys_[rule];
    const std::vector<RecordIndex>& order = orders_[rule];
    std::vector<WorkItem> items;
    size_t begin = 0;
    while (begin < order.size()) {
      size_t end = begin + 1;
      while (end < order.size() && keys[order[end]] == keys[order[begin]]) ++end;
      const uint64_t size = end - begin;
      stats.largest_block = std::max(stats.largest_block, size);
      if (size > max_block_size_) {
        ++stats.skipped_blocks;
      } else if (size > 1) {
        // Split rows so each item holds about kPairsPerWorkItem pairs.
        uint32_t row = static_cast<uint32_t>(begin);
        while (row < end) {
          uint64_t pairs = 0;
          uint32_t row_end = row;
          while (row_end < end && pairs < kPairsPerWorkItem) {
            pairs += end - row_end - 1;
            ++row_end;
          }
          items.push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(end), row, row_end});
          row = row_end;
        }
      }
      begin = end;
    }

    std::atomic<size_t> next_item{0};
    auto work = [&](int worker) {
      std::vector<CandidatePair> batch;
      batch.reserve(kBatchSize);
      uint64_t produced = 0;
      for (;;) {
        const size_t item_idx = next_item.fetch_add(1);
        if (item_idx >= items.size()) break;
        const WorkItem& item = items[item_idx];
        for (uint32_t row = item.row_begin; row < item.row_end; ++row) {
          const RecordIndex a = order[row];
          for (uint32_t col = row + 1; col < item.end; ++col) {
            const RecordIndex b = order[col];
            RecordIndex left = a, right = b;
            if (link_mode_) {
              if (records_.source(a) == records_.source(b)) continue;
              if (records_.source(a) == 1) std::swap(left, right);
            } else if (left > right) {
              std::swap(left, right);
            }
            // Produced already by an earlier rule?
            if (sample_below != UINT64_MAX && PairHash(left, right) > sample_below) {
              continue;
            }
            bool seen = false;
            for (size_t earlier = 0; skip_earlier && earlier < rule; ++earlier) {
              const uint64_t ka = keys_[earlier][a];
              if (ka != 0 && ka == keys_[earlier][b] && !skipped_[earlier][a]) {
                seen = true;
                break;
              }
            }
            if (seen) continue;
            batch.push_back({left, right});
            if (batch.size() == kBatchSize) {
              visit(worker, batch);
              produced += batch.size();
              batch.clear();
            }
          }
        }
      }
      if (!batch.empty()) {
        visit(worker, batch);
        produced += batch.size();
      }
      worker_pairs[static_cast<size_t>(worker)] += produced;
    };
    if (num_workers == 1) {
      work(0);
    } else {
      std::vector<std::thread> pool;
      for (size_t w = 0; w < num_workers; ++w) pool.emplace_back(work, static_cast<int>(w));
      for (auto& t : pool) t.join();
    }
  }
  for (uint64_t n : worker_pairs) stats.candidate_pairs += n;
  return stats;
}

}  // namespace chorus::linkage
