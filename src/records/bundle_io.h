// File: records/bundle_io.h
// Import and export of JSON bundles (docs/FORMAT.md) against the encrypted
// store. An import is all or nothing: one transaction, committed only when
// every record of every file decoded, validated and resolved its references.
#pragma once

#include <functional>
#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "records/vault.h"

namespace chorus::records {

struct BundleInput {
  std::string name;  // shown in errors: the file path
  std::istream* in;
};

// Called after each record with the file index and records done so far.
using ImportProgress = std::function<void(size_t file_index, size_t records_done)>;

// Imports every record of every input in one transaction. Errors name the
// file, the record and the field ("demo.json: record 12 (act act-3): field
// 'event': no event with id 'evt-9'"); on any error nothing is written.
// A record whose id exists already is an error (AlreadyExists).
// The same transaction appends one audit entry (records/audit.h) by `actor`:
// action "import", the number of records, and a RecordSetHasher digest of
// them in import order. One entry per import, not one per record, keeps a
// million-record import fast; the digest still pins exactly what came in.
// Returns the number of records imported.
Result<size_t> ImportBundles(Vault& vault, const std::vector<BundleInput>& inputs,
                             const ImportProgress& progress = {}, std::string_view actor = "chorus",
                             Timestamp at = SystemClock().Now());

// Writes every record, kinds in dependency order and ids sorted within a
// kind, so two stores with the same records export to the same bytes. Then
// appends one audit entry by `actor` (action "export", the number of
// records and their RecordSetHasher digest, which equals the digest of an
// import of this export), also when writing `out` failed part way.
// Returns the number of records written.
Result<size_t> ExportBundle(Vault& vault, std::ostream& out, std::string_view actor = "chorus",
                            Timestamp at = SystemClock().Now());

}  // namespace chorus::records
