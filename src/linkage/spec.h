// File: linkage/spec.h
// What a linkage run compares and how: the fields (each with a kind that
// fixes its comparison levels), the blocking rules, and the run's tunables.
// Plain data; built by the CSV config decoder (linkage/config.h) or, later,
// by the store-backed linker from typed record fields.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chorus::linkage {

// The kind of a field decides its normalisation and its comparison levels
// (docs/linkage.md lists the levels of each kind).
enum class FieldKind {
  kPersonName,  // a full name of several tokens, any order, any script
  kGivenName,
  kFamilyName,
  kDate,      // a birth date or event date, possibly partial (EDTF-like)
  kCode,      // an identifier or code: exact, one typo, optional prefixes
  kSex,       // exact or not
  kFreeText,  // an address line, an occupation: string and token similarity
  kPlace,     // a place name
  // A Korean personal name in any script (Hangul North or South spelling,
  // any romanization, Cyrillic), any order and spacing: compared on the
  // phonetic keys of text/names.h (NameKeyReadings), the same keys
  // text::CompareNames decides on.
  kKoreanName,
};

// "person_name", "given_name", ...; nullopt for an unknown name.
std::optional<FieldKind> ParseFieldKind(std::string_view name);
std::string_view FieldKindName(FieldKind kind);

struct FieldSpec {
  std::string name;
  FieldKind kind = FieldKind::kFreeText;
  // Term-frequency adjustment of the exact level: agreeing on a rare value
  // weighs more than agreeing on a common one. Default: on for names and
  // places.
  bool tf_adjust = false;
  // kCode: add a level "differs by one typo" (default on).
  bool typo_level = true;
  // kCode: extra levels "the first N characters agree", longest first.
  std::vector<int> prefix_levels;
};

// Default tf_adjust for a kind.
bool DefaultTfAdjust(FieldKind kind);

// How a blocking key part is derived from a field's normalised value.
enum class KeyTransform {
  kExact,         // the whole value
  kPrefix,        // the first `length` characters
  kSoundex,       // American Soundex of the first token (Latin letters)
  kYear,          // the year of a date
  kFirstToken,    // the first word
  kLastToken,     // the last word
  kSortedTokens,  // the words sorted: "kim jong un" == "un jong kim"
  kInitials,      // the first letter of each word, sorted
  // Month and day ("0803") of a date known to the day; no key for a partial
  // date or another kind. Blocks with a name part find a record whose year
  // was miswritten and whose name has a typo, which no other key holds.
  kMonthDay,
};

std::optional<KeyTransform> ParseKeyTransform(std::string_view name);

struct BlockingKeyPart {
  size_t field = 0;  // index into LinkageSpec::fields
  KeyTransform transform = KeyTransform::kExact;
  int length = 0;  // kPrefix only
};

// Records sharing every part of the key (none empty) form a block; every
// pair inside a block is a candidate. Several rules: the union of their
// candidates, each pair produced once.
struct BlockingRule {
  std::vector<BlockingKeyPart> parts;
};

// Which pairs EM learns from.
enum class EmMethod {
  // All candidate pairs at once, m and u both free. Right when blocking
  // leaves the non-matches' agreement close to independent (FEBRL).
  kCandidates,
  // u from random pairs (fixed); then for each blocking rule, EM on that
  // rule's pairs with the rule's own fields ignored, m averaged over rules;
  // the prior from the rule that finds the most matches. Right when
  // blocking makes non-matches agree on the blocked fields (most data).
  kPerRule,
};

struct EmOptions {
  EmMethod method = EmMethod::kCandidates;
  int max_iterations = 200;
  // Stop when no parameter moves by more than this between iterations.
  double tolerance = 1e-7;
  // Keep u at the estimate from random pairs instead of re-estimating it.
  bool fix_u = false;
};

struct LinkageSpec {
  std::vector<FieldSpec> fields;
  std::vector<BlockingRule> blocking;
  EmOptions em;
  // Pairs at or above this match probability are reported.
  double threshold = 0.5;
  // Pairs at or above this probability join clusters (default: threshold).
  std::optional<double> cluster_threshold;
  // Consensus attachment after clustering (cluster.h AttachByConsensus):
  // off unless attach_min_links > 0.
  double attach_min_probability = 0.2;
  int attach_min_links = 0;
  // Cluster-level relocation after clustering (cluster_score.h
  // RelocateByClusterScore), dedupe only: a record moves to the cluster
  // whose pooled values it fits best. Off unless `relocate`.
  bool relocate = false;
  double relocate_min_pair_probability = 0.01;
  double relocate_join_probability = 0.5;
  // Link mode: keep each record in at most one reported pair, greedily by
  // probability (the two files hold each entity at most once).
  bool one_to_one = false;
  // Blocks larger than this are skipped (and counted): a key that common
  // carries no blocking power and would cost quadratic time.
  size_t max_block_size = 5000;
  // Per-rule training visits at most about this many pairs of each rule
  // (a deterministic sample beyond).
  uint64_t max_training_pairs_per_rule = 5'000'000;
  // Random record pairs drawn to estimate u before EM.
  uint64_t u_sample_pairs = 1'000'000;
  // Worker threads for comparison; 0 = hardware concurrency.
  int threads = 0;
};

}  // namespace chorus::linkage
