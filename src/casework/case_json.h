// File: casework/case_json.h
// Cases as JSON: the sealed document body in the store, and the shape the
// API and `chorus queue --json` print (the same fields).
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "base/status.h"
#include "casework/case.h"

namespace chorus::casework {

nlohmann::ordered_json CaseToJson(const Case& c);

// The fields a queue or a board shows: no requester name, contact, location
// or note text, so listing the queue is not a read of sealed particulars.
nlohmann::ordered_json CaseSummaryJson(const Case& c);

// InvalidArgument naming the field for a malformed document.
Result<Case> CaseFromJson(std::string_view text);

}  // namespace chorus::casework
