#include "records/bundle_io.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
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

// Records per CreatePrepared batch: large enough that the per-batch
// savepoint (or PostgreSQL round trip) is negligible, small enough that a
// batch of sealed bodies stays a few hundred KiB.
constexpr size_t kBatchRecords = 512;
// Records per chunk, and chunks in flight: each chunk is prepared on a
// thread of its own while the reader decodes the next, so preparing (most
// of the work) uses every core; the bound keeps the reader at most ~1,000
// records ahead, which bounds memory.
constexpr size_t kChunkRecords = 256;
constexpr size_t kMaxChunksInFlight = 4;

// One record as decoded and then prepared, or the end of a file
// (`end_of_file`, with the reader's status for it).
struct PreparedItem {
  size_t file_index = 0;
  size_t record_index = 0;
  bool end_of_file = false;
  std::string id;
  core::RecordKind kind = core::RecordKind::kSource;
  std::vector<core::Reference> references;
  core::Record record;  // decoded; moved into PrepareCreate
  Status status;        // PrepareCreate's error, or the file's read error
  RecordWriter::PreparedRecord prepared;
};

using Chunk = std::vector<PreparedItem>;

// Where a record of a batch came from, to name it in an error.
struct BatchedRecord {
  size_t file_index;
  size_t record_index;
  std::string id;
};

// Prepares every record of `chunk` (RecordWriter::PrepareCreate).
Chunk PrepareChunk(Chunk chunk, const RecordWriter& writer) {
  for (PreparedItem& item : chunk) {
    if (item.end_of_file) continue;
    auto prepared = writer.PrepareCreate(std::move(item.record));
    if (prepared.ok()) {
      item.prepared = std::move(prepared).value();
    } else {
      item.status = prepared.status();
    }
  }
  return chunk;
}

// A bounded queue of chunks, in import order, from the reading thread to
// the writing one, each being prepared on its own thread. Thread-safe.
class Handoff {
 public:
  // Waits for room; false when the consumer stopped (nothing was queued).
  bool Push(std::future<Chunk> chunk) {
    std::unique_lock lock(mu_);
    room_.wait(lock, [&] { return stopped_ || chunks_.size() < kMaxChunksInFlight; });
    if (stopped_) return false;
    chunks_.push_back(std::move(chunk));
    ready_.notify_one();
    return true;
  }
  // The producer is done: Pop returns nullopt once the queue is empty.
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    ready_.notify_one();
  }
  std::optional<std::future<Chunk>> Pop() {
    std::unique_lock lock(mu_);
    ready_.wait(lock, [&] { return closed_ || !chunks_.empty(); });
    if (chunks_.empty()) return std::nullopt;
    std::future<Chunk> chunk = std::move(chunks_.front());
    chunks_.pop_front();
    room_.notify_one();
    return chunk;
  }
  // The consumer is done: Push refuses from now on. Waits for the chunks
  // being prepared (a future of std::async waits when destroyed).
  void Stop() {
    std::deque<std::future<Chunk>> dropped;
    {
      std::lock_guard lock(mu_);
      stopped_ = true;
      dropped.swap(chunks_);
      room_.notify_one();
    }
  }

 private:
  std::mutex mu_;
  std::condition_variable ready_;
  std::condition_variable room_;
  std::deque<std::future<Chunk>> chunks_;  // guarded by mu_
  bool closed_ = false;                    // guarded by mu_
  bool stopped_ = false;                   // guarded by mu_
};

// Stops the reading thread and waits for it and every preparing thread, on
// every way out of an import.
struct StopAndJoin {
  Handoff& handoff;
  std::thread& thread;
  ~StopAndJoin() {
    handoff.Stop();
    thread.join();
  }
};

// The reading thread: decodes every record of every input, in order, and
// hands chunks of them to be prepared. Stops after a file that fails to
// read, or when the writing thread stops. Touches only `inputs`, const
// `writer` methods (from the preparing threads) and `handoff`.
void ReadRecords(const std::vector<BundleInput>& inputs, const RecordWriter& writer,
                 Handoff& handoff) {
  // Returned by the record callback to end reading early; never reported.
  const Status stop = Status::Aborted("import stopped");
  Chunk chunk;
  auto send = [&]() -> bool {
    Chunk full;
    full.swap(chunk);
    chunk.reserve(kChunkRecords);
    return handoff.Push(
        std::async(std::launch::async, PrepareChunk, std::move(full), std::cref(writer)));
  };
  for (size_t file_index = 0; file_index < inputs.size(); ++file_index) {
    bool stopped = false;  // the writer stopped: nothing more is wanted
    Status read;
    try {
      read = formats::ReadBundle(*inputs[file_index].in,
                                 [&](core::Record&& record, size_t index) -> Status {
                                   // Built whole before it is queued: an exception leaves no half
                                   // item.
                                   PreparedItem item;
                                   item.file_index = file_index;
                                   item.record_index = index;
                                   item.id = core::IdOf(record);
                                   item.kind = core::KindOf(record);
                                   item.references = core::ReferencesOf(record);
                                   item.record = std::move(record);
                                   chunk.push_back(std::move(item));
                                   if (chunk.size() >= kChunkRecords && !send()) stopped = true;
                                   return stopped ? stop : Status::Ok();
                                 });
    } catch (const std::bad_alloc&) {
      read = Status::ResourceExhausted("out of memory reading the import");
    } catch (const std::exception&) {
      read = Status::Internal("reading the import failed (no thread to prepare records?)");
    }
    if (stopped) break;
    PreparedItem end;
    end.file_index = file_index;
    end.end_of_file = true;
    end.status = std::move(read);
    bool failed = !end.status.ok();
    chunk.push_back(std::move(end));
    // A chunk is sent per file end too, so errors surface in order.
    bool sent = false;
    try {
      sent = send();
    } catch (const std::exception&) {
      sent = false;
    }
    if (!sent || failed) break;
  }
  handoff.Close();
}

}  // namespace

Result<size_t> ImportBundles(Vault& vault, const std::vector<BundleInput>& inputs,
                             const ImportProgress& progress, std::string_view actor, Timestamp at) {
  CHORUS_ASSIGN_OR_RETURN(auto writer, vault.Write());
  CHORUS_RETURN_IF_ERROR(writer->LoadCompartments());
  // Decoding runs on a second thread, and preparing (validate, seal, encode,
  // search tokens) on short-lived threads per chunk; this one checks ids and
  // references in import order and writes batches. Every check and error is
  // the same, in the same order, as record-by-record creation.
  Handoff handoff;
  std::thread reader([&] { ReadRecords(inputs, *writer, handoff); });
  StopAndJoin stop_reader{handoff, reader};

  RecordSetHasher digest;
  std::unordered_map<std::string, core::RecordKind> imported;  // id -> kind
  std::vector<PendingReference> pending;
  std::vector<store::StoredRecord> batch;
  std::vector<BatchedRecord> batched;  // where each record of `batch` came from
  size_t total = 0;
  auto flush = [&]() -> Status {
    if (batch.empty()) return Status::Ok();
    size_t failed = 0;
    Status created = writer->CreatePrepared(batch, &failed);
    if (!created.ok()) {
      const BatchedRecord& where = batched[std::min(failed, batched.size() - 1)];
      if (created.code() == StatusCode::kAlreadyExists) {
        created = Status::AlreadyExists("a record with id '" + where.id + "' already exists");
      }
      return created.WithContext(inputs[where.file_index].name + ": record " +
                                 std::to_string(where.record_index + 1));
    }
    batch.clear();
    batched.clear();
    return Status::Ok();
  };
  // Records before the failing one are written first: one of them may fail
  // on its own (an id already in the store), and that error comes first.
  auto fail = [&](Status error) -> Status {
    Status flushed = flush();
    return flushed.ok() ? error : flushed;
  };
  while (auto next = handoff.Pop()) {
    Chunk chunk;
    try {
      chunk = next->get();
    } catch (const std::bad_alloc&) {
      return fail(Status::ResourceExhausted("out of memory preparing the import"));
    } catch (const std::exception&) {
      return fail(Status::Internal("preparing the import failed"));
    }
    for (PreparedItem& item : chunk) {
      const std::string& name = inputs[item.file_index].name;
      if (item.end_of_file) {
        if (item.status.ok()) continue;
        // Messages from the bundle reader already name the record; add the file.
        if (item.status.message().rfind(name, 0) == 0) return fail(item.status);
        return fail(item.status.WithContext(name));
      }
      for (auto& ref : item.references) {
        auto it = imported.find(ref.target_id);
        if (it == imported.end()) {
          pending.push_back(
              {item.file_index, item.record_index, item.id, item.kind, std::move(ref)});
        } else if (it->second != ref.target_kind) {
          return fail(Status::InvalidArgument(
              Where(name, item.record_index, item.kind, item.id, ref.field) + ": '" +
              ref.target_id + "' is a " + std::string(core::RecordKindName(it->second)) +
              ", not a " + std::string(core::RecordKindName(ref.target_kind))));
        }
      }
      if (!imported.emplace(item.id, item.kind).second) {
        return fail(Status::AlreadyExists(name + ": record " +
                                          std::to_string(item.record_index + 1) + ": id '" +
                                          item.id + "' appears twice in the import"));
      }
      if (!item.status.ok()) {
        return fail(
            item.status.WithContext(name + ": record " + std::to_string(item.record_index + 1)));
      }
      digest.AddCanonical(item.prepared.canonical_json);
      batch.push_back(std::move(item.prepared.stored));
      batched.push_back({item.file_index, item.record_index, std::move(item.id)});
      ++total;
      if (progress) progress(item.file_index, total);
      if (batch.size() >= kBatchRecords) CHORUS_RETURN_IF_ERROR(flush());
    }
  }
  CHORUS_RETURN_IF_ERROR(flush());
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
  CHORUS_RETURN_IF_ERROR(writer->AfterBulkLoad(total));
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
