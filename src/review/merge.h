// File: review/merge.h
// Merging two records that a documenter says are one person or one event,
// and pointing the records that referred to the merged one at the kept one.
// Pure: no store, no keys. The store side (review/review.h) keeps what
// every record was before, so a merge can be undone exactly.
//
// A merge loses no claim: every name, date and place keeps the reports that
// support it (the foundation's attribution), so a consolidated view still
// shows each report's own claim.
#pragma once

#include <string_view>

#include "base/status.h"
#include "core/model.h"

namespace chorus::review {

// The record kinds that linkage proposes and documenters merge.
bool IsMergeableKind(core::RecordKind kind);

// `keep` with every claim of `other` added:
//   person: names (the same text and language once, their reports joined),
//     birth dates, reports; sex when `keep` has none; at risk when either is
//     (the safer reading); description and pseudonym of `keep`, or of
//     `other` when `keep` has none.
//   event: dates, places, related events (not itself), reports; title and
//     description of `keep`, or of `other` when `keep` has none.
// Errors: InvalidArgument when the two are of different kinds, of a kind
// that is not merged, or the same record; InvalidArgument when the two
// people are recorded with different sexes (one of them is wrong: fix it
// first); FailedPrecondition when either person carries sealed values (open
// them with the people-at-risk keys first: a box names its record).
Result<core::Record> MergeRecords(const core::Record& keep, const core::Record& other);

// Points `referrer`'s references to `from` (a person or an event) at `to`:
// an involvement's or membership's person, an act's event, an event's
// related events (a relation that would point an event at itself is
// dropped, a duplicate relation kept once). Returns whether anything
// changed.
bool RetargetReferences(core::Record& referrer, std::string_view from, std::string_view to);

}  // namespace chorus::review
