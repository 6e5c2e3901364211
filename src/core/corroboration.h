// File: core/corroboration.h
// How well a fact is corroborated: the number of independent sources behind
// an event or act, how many of them know it first-hand, and the information
// credibility grade (Admiralty 1-6) that follows, with the reason in words.
// Pure.
//
// Rules (docs/corroboration.md):
//  - independence is by source: several reports from one source (one
//    informant interviewed twice, an excerpt and its report) count once; a
//    report without a source counts as a source of its own;
//  - a source is first-hand when any of its reports is (victim, witness,
//    perpetrator); otherwise relayed (relative, colleague, third party,
//    media repeating another outlet, or unknown) and weighs half;
//  - grade 1 "confirmed": two or more independent sources, at least one
//    first-hand, weight (first-hand 1, relayed 0.5) at least 2;
//    2 "probably true": two or more independent sources otherwise;
//    3 "possibly true": a single first-hand source;
//    4 "doubtful": a single relayed source;
//    6 "cannot be judged": no supporting report.
//    Grade 5 (improbable) needs contradicting information, which counting
//    sources cannot establish: it is never derived here.
//
// Example:
//   Corroborate(reports).reason == "confirmed by 3 independent sources, 1 first-hand"
#pragma once

#include <span>
#include <string>

#include "core/model.h"

namespace chorus::core {

struct Corroboration {
  int reports = 0;              // supporting reports counted
  int independent_sources = 0;  // distinct sources among them
  int first_hand_sources = 0;   // sources with at least one first-hand report
  double weight = 0;            // first-hand source 1, relayed source 0.5
  Credibility credibility = Credibility::k6;
  std::string reason;  // "confirmed by 3 independent sources, 1 first-hand"
};

// The corroboration of a fact supported by `reports` (each once; the caller
// resolves the record's report ids).
Corroboration Corroborate(std::span<const Report> reports);

}  // namespace chorus::core
