#include "records/audit.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "crypto/crypto.h"
#include "formats/record_json.h"

namespace chorus::records {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kAuditKind = kAuditDocumentKind;
// Entry names are the sequence in this many digits, so name order is
// sequence order; 10^12 entries is beyond any store's life.
constexpr int kSequenceDigits = 12;
// Domain separation for the two things this module hashes or signs.
constexpr std::string_view kEntryHashDomain = "chorus audit entry v1";
constexpr std::string_view kHeadSignatureDomain = "chorus audit head v1";
// FindDocuments reads at most this many of one record's entries through the
// blind index; a record with more is listed by walking the whole log.
constexpr size_t kRecordIndexWindow = 10000;

std::string EntryName(int64_t sequence) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%0*lld", kSequenceDigits, static_cast<long long>(sequence));
  return buffer;
}

std::string RecordTerm(std::string_view record) { return "record:" + std::string(record); }

// The terms an entry is indexed under (InsertDocument): its record, so one
// record's history is read without walking the whole log.
std::vector<std::string> IndexTermsOf(const AuditEvent& event) {
  std::vector<std::string> terms;
  if (!event.record.empty()) terms.push_back(RecordTerm(event.record));
  return terms;
}

// Appends `field` as an 8-byte big-endian length and its bytes, so no two
// different field lists encode to the same bytes.
void AppendField(std::string& out, std::string_view field) {
  uint64_t size = field.size();
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((size >> shift) & 0xff));
  }
  out.append(field);
}

bool IsLowerHex(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool IsHashHex(std::string_view text) { return text.size() == 64 && IsLowerHex(text); }

Status ValidateEvent(const AuditEvent& event) {
  auto too_long = [](std::string_view field, size_t max) {
    return Status::InvalidArgument("audit event field '" + std::string(field) +
                                   "' is longer than " + std::to_string(max) + " bytes");
  };
  if (event.action.empty()) return Status::InvalidArgument("audit event needs an action");
  for (char c : event.action) {
    if (!((c >= 'a' && c <= 'z') || c == '-' || c == '_')) {
      return Status::InvalidArgument("audit event action must be lowercase letters, - and _");
    }
  }
  if (event.action == "genesis") {
    return Status::InvalidArgument("audit event action 'genesis' is reserved for the first entry");
  }
  if (event.actor.size() > kMaxAuditFieldBytes) return too_long("actor", kMaxAuditFieldBytes);
  if (event.action.size() > kMaxAuditFieldBytes) return too_long("action", kMaxAuditFieldBytes);
  if (event.kind.size() > kMaxAuditFieldBytes) return too_long("kind", kMaxAuditFieldBytes);
  if (event.record.size() > kMaxAuditFieldBytes) return too_long("record", kMaxAuditFieldBytes);
  if (event.detail.size() > kMaxAuditDetailBytes) return too_long("detail", kMaxAuditDetailBytes);
  if (!event.content_hash.empty() && !IsHashHex(event.content_hash)) {
    return Status::InvalidArgument("audit event content_hash must be 64 lowercase hex digits");
  }
  return Status::Ok();
}

// Strict: exactly the fields EncodeAuditEntry writes, of the right types, and a
// time that formats back to the same text. nullopt otherwise.
std::optional<AuditEntry> DecodeEntry(const std::string& text) {
  Json json = Json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object() || json.size() != 10) return std::nullopt;
  AuditEntry entry;
  auto string_field = [&](const char* name, std::string& out) {
    auto it = json.find(name);
    if (it == json.end() || !it->is_string()) return false;
    out = it->get<std::string>();
    return true;
  };
  auto seq = json.find("sequence");
  if (seq == json.end() || !seq->is_number_integer()) return std::nullopt;
  entry.sequence = seq->get<int64_t>();
  std::string time;
  if (!string_field("time", time) || !string_field("actor", entry.event.actor) ||
      !string_field("action", entry.event.action) || !string_field("kind", entry.event.kind) ||
      !string_field("record", entry.event.record) ||
      !string_field("content_hash", entry.event.content_hash) ||
      !string_field("detail", entry.event.detail) ||
      !string_field("previous_hash", entry.previous_hash) || !string_field("hash", entry.hash)) {
    return std::nullopt;
  }
  auto at = ParseTimestamp(time);
  if (!at || FormatAuditTime(*at) != time) return std::nullopt;
  entry.at = *at;
  return entry;
}

std::string EncodeHead(const AuditHead& head) {
  return Json{{"sequence", head.sequence}, {"hash", head.hash}, {"signature", head.signature}}
      .dump();
}

Status DamagedHead() {
  return Status::DataLoss("the audit log's head is damaged (run chorus audit verify)");
}

Result<AuditHead> DecodeHead(const std::string& text) {
  Json json = Json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object() || json.size() != 3) return DamagedHead();
  auto seq = json.find("sequence");
  auto hash = json.find("hash");
  auto signature = json.find("signature");
  if (seq == json.end() || !seq->is_number_integer() || hash == json.end() || !hash->is_string() ||
      signature == json.end() || !signature->is_string()) {
    return DamagedHead();
  }
  AuditHead head{seq->get<int64_t>(), hash->get<std::string>(), signature->get<std::string>()};
  if (head.sequence < 0 || !IsHashHex(head.hash)) return DamagedHead();
  return head;
}

// True when `head` carries a valid signature by `public_key`.
bool HeadSignatureValid(const AuditHead& head, std::string_view public_key) {
  auto signature = crypto::FromHex(head.signature);
  return signature.ok() && crypto::VerifySignature(
                               public_key, AuditHeadMessage(head.sequence, head.hash), *signature);
}

// Stores `entry` (hash filled in) and a newly signed head naming it.
Status WriteEntry(RecordWriter& writer, AuditEntry& entry) {
  entry.hash = AuditEntryHash(entry);
  Status inserted = writer.InsertDocument(kAuditKind, EntryName(entry.sequence),
                                          EncodeAuditEntry(entry), IndexTermsOf(entry.event));
  if (inserted.code() == StatusCode::kAlreadyExists) {
    // The head is behind the entries: someone removed or replaced it.
    return Status::DataLoss("audit entry " + std::to_string(entry.sequence) +
                            " already exists beyond the signed head (run chorus audit verify)");
  }
  CHORUS_RETURN_IF_ERROR(inserted);
  CHORUS_ASSIGN_OR_RETURN(std::string signature,
                          writer.SignAudit(AuditHeadMessage(entry.sequence, entry.hash)));
  AuditHead head{entry.sequence, entry.hash, crypto::ToHex(signature)};
  return writer.SetAuditHead(EncodeHead(head));
}

Status EntryDamaged(int64_t sequence, std::string_view why) {
  return Status::DataLoss("audit entry " + std::to_string(sequence) + " is " + std::string(why));
}

// Entry `sequence` as stored: nullopt when absent, DataLoss when it does not
// open or decode, or names another sequence.
Result<std::optional<AuditEntry>> LoadEntry(RecordReader& reader, int64_t sequence) {
  auto text = reader.GetDocument(kAuditKind, EntryName(sequence));
  if (!text.ok()) {
    if (text.status().code() == StatusCode::kDataLoss) {
      return EntryDamaged(sequence, "damaged (its sealed row does not open)");
    }
    return text.status();
  }
  if (!*text) return std::optional<AuditEntry>();
  auto entry = DecodeEntry(**text);
  if (!entry) return EntryDamaged(sequence, "damaged (malformed)");
  if (entry->sequence != sequence) return EntryDamaged(sequence, "out of place");
  return entry;
}

bool Matches(const AuditEntry& entry, const AuditFilter& filter) {
  if (filter.actor && entry.event.actor != *filter.actor) return false;
  if (filter.action && entry.event.action != *filter.action) return false;
  if (filter.record && entry.event.record != *filter.record) return false;
  if (filter.since && entry.at < *filter.since) return false;
  if (filter.until && !(entry.at < *filter.until)) return false;
  return true;
}

// Keeps the newest `limit` entries (0: all), oldest first.
std::vector<AuditEntry> Newest(std::vector<AuditEntry> entries, size_t limit) {
  std::sort(entries.begin(), entries.end(),
            [](const AuditEntry& a, const AuditEntry& b) { return a.sequence < b.sequence; });
  if (limit != 0 && entries.size() > limit) {
    entries.erase(entries.begin(), entries.end() - static_cast<std::ptrdiff_t>(limit));
  }
  return entries;
}

// Walks the log from the head down (one indexed read per entry) until
// `limit` entries matched.
Result<std::vector<AuditEntry>> ScanAudit(RecordReader& reader, const AuditFilter& filter) {
  std::vector<AuditEntry> out;
  CHORUS_ASSIGN_OR_RETURN(auto head, ReadAuditHead(reader));
  if (!head) return out;
  for (int64_t sequence = head->sequence; sequence >= 0; --sequence) {
    if (filter.limit != 0 && out.size() >= filter.limit) break;
    CHORUS_ASSIGN_OR_RETURN(auto entry, LoadEntry(reader, sequence));
    if (entry && Matches(*entry, filter)) out.push_back(std::move(*entry));
  }
  return Newest(std::move(out), filter.limit);
}

}  // namespace

std::string FormatAuditTime(Timestamp at) {
  // FormatTimestamp drops a zero millisecond part; entries always carry it so
  // every entry's time has one width and one spelling.
  std::string text = FormatTimestamp(at);
  if (text.find('.') == std::string::npos && !text.empty()) text.insert(text.size() - 1, ".000");
  return text;
}

std::string EncodeAuditEntry(const AuditEntry& entry) {
  Json json{{"sequence", entry.sequence},
            {"time", FormatAuditTime(entry.at)},
            {"actor", entry.event.actor},
            {"action", entry.event.action},
            {"kind", entry.event.kind},
            {"record", entry.event.record},
            {"content_hash", entry.event.content_hash},
            {"detail", entry.event.detail},
            {"previous_hash", entry.previous_hash},
            {"hash", entry.hash}};
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string AuditHeadMessage(int64_t sequence, std::string_view hash) {
  std::string message(kHeadSignatureDomain);
  AppendField(message, std::to_string(sequence));
  AppendField(message, hash);
  return message;
}

std::string AuditEntryHash(const AuditEntry& entry) {
  std::string input(kEntryHashDomain);
  AppendField(input, std::to_string(entry.sequence));
  AppendField(input, FormatAuditTime(entry.at));
  AppendField(input, entry.event.actor);
  AppendField(input, entry.event.action);
  AppendField(input, entry.event.kind);
  AppendField(input, entry.event.record);
  AppendField(input, entry.event.content_hash);
  AppendField(input, entry.event.detail);
  AppendField(input, entry.previous_hash);
  return crypto::ToHex(crypto::Blake2b256(input));
}

Result<std::vector<std::string>> AuditIndexTerms(std::string_view entry_json) {
  auto entry = DecodeEntry(std::string(entry_json));
  if (!entry) return Status::DataLoss("an audit entry is damaged (malformed)");
  return IndexTermsOf(entry->event);
}

std::string ContentHash(std::string_view content) {
  return crypto::ToHex(crypto::Blake2b256(content));
}

std::string RecordContentHash(const core::Record& record) {
  return ContentHash(formats::EncodeRecord(record));
}

RecordSetHasher::RecordSetHasher() : digest_(32, '\0') {}

void RecordSetHasher::Add(const core::Record& record) {
  AddCanonical(formats::EncodeRecord(record));
}

void RecordSetHasher::AddCanonical(std::string_view canonical_json) {
  std::string input = digest_;
  input.append(canonical_json);
  digest_ = crypto::Blake2b256(input);
  ++count_;
}

std::string RecordSetHasher::FinishHex() const { return crypto::ToHex(digest_); }

Result<std::optional<AuditHead>> ReadAuditHead(RecordReader& reader) {
  CHORUS_ASSIGN_OR_RETURN(auto text, reader.GetAuditHead());
  if (!text) return std::optional<AuditHead>();
  CHORUS_ASSIGN_OR_RETURN(AuditHead head, DecodeHead(*text));
  return std::optional<AuditHead>(std::move(head));
}

Status StartAudit(RecordWriter& writer, std::string_view actor, Timestamp at,
                  std::string_view detail) {
  CHORUS_ASSIGN_OR_RETURN(auto existing, writer.GetAuditHead());
  if (existing) return Status::FailedPrecondition("the store's audit log has already started");
  CHORUS_ASSIGN_OR_RETURN(std::string public_key, writer.AuditPublicKey());
  AuditEntry genesis;
  genesis.sequence = 0;
  genesis.at = at;
  genesis.event.actor = std::string(actor);
  genesis.event.action = "genesis";
  genesis.event.detail = "audit log signing key " + crypto::ToHex(public_key);
  CHORUS_RETURN_IF_ERROR(WriteEntry(writer, genesis));
  AuditEvent keys;
  keys.actor = std::string(actor);
  keys.action = "key-change";
  keys.detail = std::string(detail);
  return AppendAudit(writer, keys, at);
}

Status AppendAudit(RecordWriter& writer, const AuditEvent& event, Timestamp at) {
  CHORUS_RETURN_IF_ERROR(ValidateEvent(event));
  CHORUS_ASSIGN_OR_RETURN(std::string public_key, writer.AuditPublicKey());
  CHORUS_ASSIGN_OR_RETURN(auto head, ReadAuditHead(writer));
  if (!head) {
    return Status::DataLoss("the audit log's head is missing (run chorus audit verify)");
  }
  // Appending after a forged head would sign over the forgery.
  if (!HeadSignatureValid(*head, public_key)) return DamagedHead();
  AuditEntry entry;
  entry.sequence = head->sequence + 1;
  entry.at = at;
  entry.event = event;
  entry.previous_hash = head->hash;
  return WriteEntry(writer, entry);
}

Result<std::vector<AuditEntry>> ListAudit(RecordReader& reader, const AuditFilter& filter) {
  if (!filter.record) return ScanAudit(reader, filter);
  CHORUS_ASSIGN_OR_RETURN(
      auto found, reader.FindDocuments(kAuditKind, RecordTerm(*filter.record), kRecordIndexWindow));
  if (!found.complete) return ScanAudit(reader, filter);
  std::vector<AuditEntry> out;
  for (const auto& [name, text] : found.documents) {
    auto entry = DecodeEntry(text);
    if (!entry || EntryName(entry->sequence) != name) {
      return Status::DataLoss("audit entry " + name + " is damaged (malformed)");
    }
    if (Matches(*entry, filter)) out.push_back(std::move(*entry));
  }
  return Newest(std::move(out), filter.limit);
}

Result<int64_t> VerifyAudit(RecordReader& reader) {
  auto public_key = reader.AuditPublicKey();
  if (!public_key.ok()) {
    return Status::DataLoss("the audit signing key is missing or damaged");
  }
  CHORUS_ASSIGN_OR_RETURN(auto published, reader.PublishedAuditPublicKey());
  if (!published || *published != crypto::ToHex(*public_key)) {
    return Status::DataLoss("the published audit public key does not match the signing key");
  }
  CHORUS_ASSIGN_OR_RETURN(auto head, ReadAuditHead(reader));
  if (!head) return Status::DataLoss("the audit log's head is missing");
  if (!HeadSignatureValid(*head, *public_key)) {
    return Status::DataLoss("the audit log's head (entry " + std::to_string(head->sequence) +
                            ") is not validly signed");
  }
  std::string previous_hash;
  for (int64_t sequence = 0; sequence <= head->sequence; ++sequence) {
    CHORUS_ASSIGN_OR_RETURN(auto entry, LoadEntry(reader, sequence));
    if (!entry) return EntryDamaged(sequence, "missing");
    if ((sequence == 0) != (entry->event.action == "genesis")) {
      return EntryDamaged(sequence, sequence == 0 ? "not a genesis entry" : "a second genesis");
    }
    if (entry->previous_hash != previous_hash) {
      return EntryDamaged(sequence, "not linked to entry " + std::to_string(sequence - 1));
    }
    if (entry->hash != AuditEntryHash(*entry)) {
      return EntryDamaged(sequence, "damaged (its hash does not match its fields)");
    }
    previous_hash = entry->hash;
  }
  if (previous_hash != head->hash) {
    return EntryDamaged(head->sequence, "not the entry the signed head names");
  }
  // Rows past the head: entries appended around the head, or a head put back
  // from an older copy of the store.
  CHORUS_ASSIGN_OR_RETURN(int64_t rows, reader.CountDocuments(kAuditKind));
  if (rows != head->sequence + 1) {
    return EntryDamaged(head->sequence + 1, "present beyond the signed head (" +
                                                std::to_string(rows) + " rows, head names " +
                                                std::to_string(head->sequence + 1) + ")");
  }
  return head->sequence + 1;
}

Result<int64_t> VerifyAuditAgainst(RecordReader& reader, int64_t known_sequence,
                                   std::string_view known_hash) {
  CHORUS_ASSIGN_OR_RETURN(int64_t verified, VerifyAudit(reader));
  if (known_sequence < 0) return Status::InvalidArgument("a known head's sequence is negative");
  if (known_sequence >= verified) {
    return Status::DataLoss("the audit log ends at entry " + std::to_string(verified - 1) +
                            " but entry " + std::to_string(known_sequence) +
                            " was recorded earlier: the store was rolled back or its log cut");
  }
  CHORUS_ASSIGN_OR_RETURN(auto entry, LoadEntry(reader, known_sequence));
  if (!entry || entry->hash != known_hash) {
    return Status::DataLoss("audit entry " + std::to_string(known_sequence) +
                            " differs from the head recorded earlier: the log was rewritten");
  }
  return verified;
}

}  // namespace chorus::records
