// chorus migrate --from LOCATION --to LOCATION: moves a whole store between
// engines (a SQLite file and a PostgreSQL database, either way). Rows are
// copied as they are stored, as ciphertext with their blind tokens and the
// wrapped keys, so nothing is decrypted, no passphrase is needed, and the
// same passphrase opens the copy.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "cli/store_access.h"
#include "core/model.h"
#include "store/postgres/postgres_store.h"

namespace chorus::cli {
namespace {

// A store without this metadata entry (records/vault.cc) was never given keys.
constexpr std::string_view kWrappedKeyMeta = "wrapped_data_key";

// Rows copied per read.
constexpr size_t kPageSize = 1000;

bool IsFileLocation(const std::string& location) {
  return location.find("://") == std::string::npos && location.find("dbname=") == std::string::npos;
}

// For messages: a location without any password it carries.
std::string Shown(const std::string& location) {
  return IsFileLocation(location) ? location : store::postgres::RedactConninfo(location);
}

// True when `store` holds no keys and no rows: an engine created by an
// earlier migrate or init that failed, safe to fill.
Result<bool> IsEmptyStore(store::Store& store) {
  CHORUS_ASSIGN_OR_RETURN(auto txn, store.BeginRead());
  CHORUS_ASSIGN_OR_RETURN(auto key, txn->GetMeta(kWrappedKeyMeta));
  if (key) return false;
  CHORUS_ASSIGN_OR_RETURN(auto kinds, txn->ListKinds());
  return kinds.empty();
}

// Opens the target: a new store, or an empty one left by a failed attempt.
Result<std::unique_ptr<store::Store>> OpenTarget(const std::string& to) {
  auto created = OpenEngine(to, StoreMode::kCreate);
  if (created.ok() || created.status().code() != StatusCode::kAlreadyExists) return created;
  auto existing = OpenEngine(to, StoreMode::kOpen);
  if (!existing.ok()) return created.status();
  CHORUS_ASSIGN_OR_RETURN(bool empty, IsEmptyStore(**existing));
  if (!empty) {
    return Status::AlreadyExists("target " + Shown(to) +
                                 " already holds a chorus store; refusing to overwrite it");
  }
  return existing;
}

struct Copied {
  int64_t rows = 0;
  int64_t meta = 0;
};

Result<Copied> CopyStore(store::Store& from, store::Store& to) {
  CHORUS_ASSIGN_OR_RETURN(auto read, from.BeginRead());
  CHORUS_ASSIGN_OR_RETURN(auto key, read->GetMeta(kWrappedKeyMeta));
  if (!key) return Status::FailedPrecondition("the source store has no keys (run chorus init)");
  // Every kind and metadata entry the source holds, whatever feature wrote it.
  CHORUS_ASSIGN_OR_RETURN(std::vector<std::string> kinds, read->ListKinds());
  CHORUS_ASSIGN_OR_RETURN(std::vector<std::string> meta_names, read->ListMetaNames());
  int64_t total = 0;
  for (const auto& kind : kinds) {
    CHORUS_ASSIGN_OR_RETURN(int64_t count, read->CountKind(kind));
    total += count;
  }
  CHORUS_ASSIGN_OR_RETURN(auto write, to.BeginWrite());
  Copied copied;
  for (const std::string& name : meta_names) {
    CHORUS_ASSIGN_OR_RETURN(auto value, read->GetMeta(name));
    if (!value) continue;
    CHORUS_RETURN_IF_ERROR(write->SetMeta(name, *value));
    ++copied.meta;
  }
  ProgressBar bar("migrating", static_cast<size_t>(total));
  // In creation order, so the copy ranks search ties and windows as the
  // source did.
  int64_t after_place = 0;
  while (true) {
    CHORUS_ASSIGN_OR_RETURN(auto rows, read->ListInCreationOrder(after_place, kPageSize));
    if (rows.empty()) break;
    after_place = rows.back().place;
    std::vector<store::StoredRecord> page;
    page.reserve(rows.size());
    for (auto& row : rows) page.push_back(std::move(row.record));
    CHORUS_RETURN_IF_ERROR(write->InsertMany(page, nullptr));
    copied.rows += static_cast<int64_t>(page.size());
    bar.Update(static_cast<size_t>(copied.rows));
    if (page.size() < kPageSize) break;
  }
  // The engine's reorganisation after a load (PostgreSQL: fresh planner
  // statistics; SQLite: one search segment), as after an import.
  CHORUS_RETURN_IF_ERROR(write->AfterBulkLoad(static_cast<size_t>(copied.rows)));
  // Check before committing: the copy holds as many rows of each kind.
  for (const auto& kind : kinds) {
    CHORUS_ASSIGN_OR_RETURN(int64_t source_count, read->CountKind(kind));
    CHORUS_ASSIGN_OR_RETURN(int64_t target_count, write->CountKind(kind));
    if (source_count != target_count) {
      return Status::Internal("migrate copied " + std::to_string(target_count) + " of " +
                              std::to_string(source_count) + " " + kind + " rows");
    }
  }
  CHORUS_RETURN_IF_ERROR(write->Commit());
  bar.Finish();
  return copied;
}

Status Migrate(const GlobalOptions& globals, const std::string& from, const std::string& to) {
  if (from == to) return Status::InvalidArgument("--from and --to name the same store");
  CHORUS_ASSIGN_OR_RETURN(auto source, OpenEngine(from, StoreMode::kOpen));
  bool target_existed = IsFileLocation(to) && std::filesystem::exists(to);
  CHORUS_ASSIGN_OR_RETURN(auto target, OpenTarget(to));
  auto copied = CopyStore(*source, *target);
  if (!copied.ok()) {
    target.reset();
    // A new target file that got nothing is removed, so a retry is not
    // refused; a database is left empty, which a retry accepts.
    if (IsFileLocation(to) && !target_existed) {
      std::error_code ec;
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(to + suffix, ec);
    }
    return copied.status();
  }
  if (globals.json) {
    std::cout << "{\"from_engine\": \"" << source->engine() << "\", \"to_engine\": \""
              << target->engine() << "\", \"rows\": " << copied->rows
              << ", \"meta\": " << copied->meta << "}\n";
  } else {
    std::cout << "migrated " << copied->rows << " rows and " << copied->meta << " key entries from "
              << source->engine() << " to " << target->engine() << " (" << Shown(to) << ")\n";
  }
  return Status::Ok();
}

void Setup(CLI::App& app, GlobalOptions& globals) {
  static std::string from;
  static std::string to;
  auto* migrate = app.add_subcommand(
      "migrate", "Copy a whole store to another engine (SQLite file <-> PostgreSQL), still sealed");
  migrate->add_option("--from", from, "Source store: a file path or postgresql:// URL")->required();
  migrate->add_option("--to", to, "New target store: a file path or postgresql:// URL")->required();
  migrate->add_flag("--json", globals.json, "Print the result as JSON");
  migrate->callback([&globals] { RunCommand([&] { return Migrate(globals, from, to); }); });
}

const CommandRegistrar kRegistrar(60, Setup);

}  // namespace
}  // namespace chorus::cli
