// File: server/view_json.h
// The JSON of the read models that both the HTTP API and the command line's
// --json print, written once so `chorus show --json` and GET /api/<kind>s/{id}
// (or `chorus chain --json` and GET /api/chain) cannot drift apart.
#pragma once

#include <string>

#include "records/chain.h"
#include "records/record_view.h"

namespace chorus::server {

// The members of a record view after "record", without braces:
// "reports":[...],"claims":[...],"consolidated":[...],"referenced_by":[...]
// and, for events and acts, "corroboration":{independent_sources, ...}
// (docs/api/openapi.yaml, RecordView).
std::string RecordViewMembersJson(const records::RecordView& view);

// The chain of command as one JSON object (docs/api/openapi.yaml, Chain).
std::string ChainJson(const records::ChainOfCommand& chain);

}  // namespace chorus::server
