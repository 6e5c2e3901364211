#include "records/bundle_io.h"

#include <unordered_map>

#include "formats/record_json.h"
#include "records/audit.h"

namespace chorus::records {
namespace {

// Export order: every kind after the kinds it refers to, so an export
// imports in one pass.
constexpr core::RecordKind kExportOrder[] = {
    core::RecordKind::kSource, core::RecordKind::kReport,       core::RecordKind::kFile,
    core::RecordKind::kPlace,  core::RecordKind::kOrganization, core::RecordKind::kPost,
    core::RecordKind::kPerson, core::RecordKind::kMembership,   core::RecordKind::kEvent,
    core::RecordKind::kAct,    core::RecordKind::kInvolvement};

// A reference whose target was not yet seen when its record was read.
struct PendingReference {
  size_t file_index;
  size_t record_index;
  std::string record_id;
  core::RecordKind record_kind;
  core::Reference reference;
};

std::string Where(const std::string& file, size_t record_index, core::RecordKind kind,
                  const std::string& id, const std::string& field) {
  return file + ": record " + std::to_string(record_index + 1) + " (" +
         std::string(core::RecordKindName(kind)) + " " + id + "): field '" + field + "'";
}

}  // namespace

Result<size_t> ImportBundles(Vault& vault, const std::vector<BundleInput>& inputs,
                             const ImportProgress& progress, std::string_view actor, Timestamp at) {
  CHORUS_ASSIGN_OR_RETURN(auto writer, vault.Write());
  RecordSetHasher digest;
  std::string canonical_json;
  std::unordered_map<std::string, core::RecordKind> imported;  // id -> kind
  std::vector<PendingReference> pending;
  size_t total = 0;
  for (size_t file_index = 0; file_index < inputs.size(); ++file_index) {
    const BundleInput& input = inputs[file_index];
    Status read =
        formats::ReadBundle(*input.in, [&](core::Record&& record, size_t index) -> Status {
          const std::string& id = core::IdOf(record);
          core::RecordKind kind = core::KindOf(record);
          for (auto& ref : core::ReferencesOf(record)) {
            auto it = imported.find(ref.target_id);
            if (it == imported.end()) {
              pending.push_back({file_index, index, id, kind, std::move(ref)});
            } else if (it->second != ref.target_kind) {
              return Status::InvalidArgument(
                  Where(input.name, index, kind, id, ref.field) + ": '" + ref.target_id +
                  "' is a " + std::string(core::RecordKindName(it->second)) + ", not a " +
                  std::string(core::RecordKindName(ref.target_kind)));
            }
          }
          if (!imported.emplace(id, kind).second) {
            return Status::AlreadyExists(input.name + ": record " + std::to_string(index + 1) +
                                         ": id '" + id + "' appears twice in the import");
          }
          Status created = writer->Create(record, &canonical_json);
          if (!created.ok()) {
            return created.WithContext(input.name + ": record " + std::to_string(index + 1));
          }
          digest.AddCanonical(canonical_json);
          ++total;
          if (progress) progress(file_index, total);
          return Status::Ok();
        });
    if (!read.ok()) {
      // Messages from the bundle reader already name the record; add the file.
      if (read.message().rfind(input.name, 0) == 0) return read;
      return read.WithContext(input.name);
    }
  }
  // References to records later in the import, or already in the store.
  for (const auto& p : pending) {
    const std::string& file = inputs[p.file_index].name;
    std::string where = Where(file, p.record_index, p.record_kind, p.record_id, p.reference.field);
    core::RecordKind found_kind;
    auto it = imported.find(p.reference.target_id);
    if (it != imported.end()) {
      found_kind = it->second;
    } else {
      CHORUS_ASSIGN_OR_RETURN(auto target, writer->Get(p.reference.target_id));
      if (!target) {
        return Status::InvalidArgument(where + ": no " +
                                       std::string(core::RecordKindName(p.reference.target_kind)) +
                                       " with id '" + p.reference.target_id + "'");
      }
      found_kind = core::KindOf(*target);
    }
    if (found_kind != p.reference.target_kind) {
      return Status::InvalidArgument(where + ": '" + p.reference.target_id + "' is a " +
                                     std::string(core::RecordKindName(found_kind)) + ", not a " +
                                     std::string(core::RecordKindName(p.reference.target_kind)));
    }
  }
  AuditEvent event;
  event.actor = std::string(actor);
  event.action = "import";
  event.content_hash = digest.FinishHex();
  event.detail =
      std::to_string(total) + " records from " + std::to_string(inputs.size()) + " file(s)";
  CHORUS_RETURN_IF_ERROR(AppendAudit(*writer, event, at));
  CHORUS_RETURN_IF_ERROR(writer->Commit());
  return total;
}

Result<size_t> ExportBundle(Vault& vault, std::ostream& out, std::string_view actor, Timestamp at) {
  CHORUS_ASSIGN_OR_RETURN(auto reader, vault.Read());
  formats::BundleWriter writer(out);
  RecordSetHasher digest;
  for (core::RecordKind kind : kExportOrder) {
    CHORUS_ASSIGN_OR_RETURN(auto records, reader->ListKind(kind));
    for (const auto& record : records) {
      writer.Write(record);
      digest.Add(record);
    }
  }
  writer.Finish();
  reader.reset();  // a SQLite reader would hold the snapshot the writer must pass
  bool written = static_cast<bool>(out);
  // Recorded after the fact (a long export must not hold the store's write
  // lock), and also when the output failed: records may have left anyway.
  AuditEvent event;
  event.actor = std::string(actor);
  event.action = "export";
  event.content_hash = digest.FinishHex();
  event.detail =
      std::to_string(digest.count()) + " records" + (written ? "" : "; writing the output failed");
  CHORUS_ASSIGN_OR_RETURN(auto audit, vault.Write());
  CHORUS_RETURN_IF_ERROR(AppendAudit(*audit, event, at));
  CHORUS_RETURN_IF_ERROR(audit->Commit());
  if (!written) return Status::Unavailable("could not write the export");
  return digest.count();
}

}  // namespace chorus::records
