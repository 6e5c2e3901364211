#include "records/key_rotation.h"

#include <string>
#include <unordered_set>
#include <vector>

#include "records/audit.h"
#include "records/internal/key_change.h"
#include "records/vault.h"

namespace chorus::records {
namespace {

// Rows read per page while re-sealing.
constexpr size_t kPageSize = 1000;

// The index terms of the document kinds that have any (InsertDocument),
// recomputed from a document's content.
Result<std::vector<std::string>> DocumentIndexTerms(std::string_view kind, std::string_view,
                                                    std::string_view json) {
  if (kind == kAuditDocumentKind) return AuditIndexTerms(json);
  return Status::FailedPrecondition(
      "cannot rotate: " + std::string(kind) +
      " documents carry index terms this build cannot recompute from their content");
}

AuditEvent KeyChangeEvent(std::string_view actor, std::string detail) {
  AuditEvent event;
  event.actor = std::string(actor);
  event.action = "key-change";
  event.detail = std::move(detail);
  return event;
}

struct RotationCounter {
  RotationSummary summary;
  int64_t done = 0;
  int64_t total = 0;
  const RotationProgress* progress = nullptr;
};

// Re-seals every row of `kind` in place of the old one. A row whose key
// changed takes its new key, which may sort after the walk's cursor: those
// keys are remembered and skipped when the walk reaches them.
Status ResealKind(store::WriteTransaction& txn, const std::string& kind, const VaultKeys& from,
                  const VaultKeys& to, RotationCounter& counter) {
  const bool is_record_kind = core::ParseRecordKind(kind).has_value();
  std::unordered_set<std::string> resealed;
  std::string after;
  while (true) {
    CHORUS_ASSIGN_OR_RETURN(auto rows, txn.ListKind(kind, after, kPageSize));
    for (const auto& row : rows) {
      if (resealed.count(row.key) != 0) continue;
      CHORUS_ASSIGN_OR_RETURN(store::StoredRecord fresh,
                              internal::ResealRow(row, from, to, DocumentIndexTerms));
      // Only an ordered index row keeps its (clear) key; records and
      // documents have keyed row keys, new under the new key. Replace keeps
      // each row's place in creation order, by which search ranks ties and
      // picks the newest holders of a common word.
      Status replaced = txn.Replace(row.key, fresh);
      if (replaced.code() == StatusCode::kAlreadyExists) {
        return Status::Aborted(
            "a new row key collided with an old one during key rotation: run it again");
      }
      CHORUS_RETURN_IF_ERROR(replaced);
      if (fresh.key == row.key) {
        ++counter.summary.index_rows;
      } else {
        resealed.insert(std::move(fresh.key));
        ++(is_record_kind ? counter.summary.records : counter.summary.documents);
      }
      ++counter.done;
      if (*counter.progress) (*counter.progress)(counter.done, counter.total);
    }
    if (rows.size() < kPageSize) return Status::Ok();
    after = rows.back().key;
  }
}

}  // namespace

Status ChangePassphrase(store::Store& store, std::string_view old_passphrase,
                        std::string_view new_passphrase, const crypto::KdfParams& params,
                        std::string_view actor, Timestamp at) {
  if (new_passphrase.empty()) {
    return Status::InvalidArgument("the new passphrase must not be empty");
  }
  if (new_passphrase == old_passphrase) {
    return Status::InvalidArgument("the new passphrase is the same as the old one");
  }
  // Refuses a wrong passphrase before taking the write lock, and upgrades a
  // store made before the audit log (which needs its own transaction).
  CHORUS_RETURN_IF_ERROR(Vault::Unlock(store, old_passphrase).status());
  CHORUS_ASSIGN_OR_RETURN(auto txn, store.BeginWrite());
  CHORUS_ASSIGN_OR_RETURN(crypto::SecretBytes data_key,
                          internal::UnwrapDataKey(*txn, old_passphrase));
  CHORUS_RETURN_IF_ERROR(internal::WrapDataKey(*txn, data_key, data_key, new_passphrase, params));
  CHORUS_ASSIGN_OR_RETURN(auto keys, internal::LoadVaultKeys(*txn, data_key));
  RecordWriter writer(std::move(keys), std::move(txn));
  CHORUS_RETURN_IF_ERROR(
      AppendAudit(writer, KeyChangeEvent(actor, "store passphrase changed"), at));
  return writer.Commit();
}

Result<RotationSummary> RotateDataKey(store::Store& store, std::string_view passphrase,
                                      const crypto::KdfParams& params,
                                      const RotationProgress& progress, std::string_view actor,
                                      Timestamp at) {
  CHORUS_RETURN_IF_ERROR(Vault::Unlock(store, passphrase).status());
  CHORUS_ASSIGN_OR_RETURN(auto txn, store.BeginWrite());
  CHORUS_ASSIGN_OR_RETURN(crypto::SecretBytes old_data_key,
                          internal::UnwrapDataKey(*txn, passphrase));
  CHORUS_ASSIGN_OR_RETURN(auto old_keys, internal::LoadVaultKeys(*txn, old_data_key));
  crypto::SecretBytes new_data_key = crypto::RandomKey();
  CHORUS_RETURN_IF_ERROR(
      internal::WrapDataKey(*txn, old_data_key, new_data_key, passphrase, params));
  CHORUS_ASSIGN_OR_RETURN(auto new_keys, internal::LoadVaultKeys(*txn, new_data_key));

  // Every kind the store holds, whatever feature wrote it.
  CHORUS_ASSIGN_OR_RETURN(std::vector<std::string> kinds, txn->ListKinds());
  std::vector<int64_t> counts;
  RotationCounter counter;
  counter.progress = &progress;
  for (const auto& kind : kinds) {
    CHORUS_ASSIGN_OR_RETURN(int64_t count, txn->CountKind(kind));
    counts.push_back(count);
    counter.total += count;
  }
  for (size_t kind_idx = 0; kind_idx < kinds.size(); ++kind_idx) {
    const std::string& kind = kinds[kind_idx];
    CHORUS_RETURN_IF_ERROR(ResealKind(*txn, kind, *old_keys, *new_keys, counter));
    // A check before committing: as many rows of the kind as before.
    CHORUS_ASSIGN_OR_RETURN(int64_t count, txn->CountKind(kind));
    if (count != counts[kind_idx]) {
      return Status::Internal("key rotation left " + std::to_string(count) + " of " +
                              std::to_string(counts[kind_idx]) + " " + kind + " rows");
    }
  }
  if (counter.done != counter.total) {
    return Status::Internal("key rotation re-sealed " + std::to_string(counter.done) + " of " +
                            std::to_string(counter.total) + " rows");
  }

  RecordWriter writer(std::move(new_keys), std::move(txn));
  CHORUS_RETURN_IF_ERROR(AppendAudit(
      writer,
      KeyChangeEvent(actor,
                     "data key rotated; " + std::to_string(counter.done) + " rows re-sealed"),
      at));
  CHORUS_RETURN_IF_ERROR(writer.Commit());
  return counter.summary;
}

}  // namespace chorus::records
