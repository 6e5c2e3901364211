// File: review/find_links.h
// Runs the linkage engine (src/linkage) over the people or the events of a
// store: which two records are probably the same, with the probability and
// what each field contributed. Pure: the caller reads the records.
//
// People are compared on their names (every name of a person, in any script,
// through the Korean phonetic keys of text/names.h), birth date, sex,
// employer organization and post; events on their act types, dates, places,
// the places above them, and the organizations involved.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "base/status.h"
#include "core/model.h"
#include "linkage/engine.h"

namespace chorus::review {

// What one field contributed to a pair's score (linkage::FieldContribution,
// without the values compared: those may be sealed elsewhere).
struct FieldAgreement {
  std::string field;
  std::string level;  // "exact", "one typo", "missing" ...
  double weight = 0;  // log2 Bayes factor, term-frequency adjustment included
  friend bool operator==(const FieldAgreement&, const FieldAgreement&) = default;
};

struct FoundLink {
  std::string left;  // the smaller id
  std::string right;
  double probability = 0;
  std::vector<FieldAgreement> fields;
};

struct FoundLinks {
  std::vector<FoundLink> links;  // by (left, right)
  size_t compared = 0;           // records of the kind that took part
  size_t skipped = 0;            // records with nothing to compare (no name)
  // Whether m and u were estimated by EM on these records; false when the
  // store is too small for EM and the engine's prior model was used.
  bool estimated = false;
  uint64_t candidate_pairs = 0;
};

struct FindLinksOptions {
  double threshold = 0.5;
  // Below this many records EM has too few pairs to learn from.
  size_t min_records_for_em = 500;
  int threads = 0;
  // Progress of training the model (the pairs it compares), then of
  // scoring the candidate pairs (linkage/engine.h).
  linkage::PairProgress training_progress = nullptr;
  linkage::PairProgress progress = nullptr;
};

// `records` holds the records of `kind` (person or event) and those that
// describe them: for people their memberships and posts, for events their
// acts, involvements and places. Records of a sealed person are skipped
// unless opened by the caller. Errors: InvalidArgument for another kind.
Result<FoundLinks> FindLinks(core::RecordKind kind, std::span<const core::Record> records,
                             const FindLinksOptions& options);

}  // namespace chorus::review
