#include "records/vault.h"

#include <algorithm>
#include <unordered_set>

#include "base/overloaded.h"
#include "compartments/seal.h"
#include "formats/record_json.h"
#include "records/audit.h"
#include "records/internal/key_change.h"
#include "text/names.h"
#include "text/search_terms.h"

namespace chorus::records {

// The unwrapped keys of an unlocked store, derived from its data key.
struct VaultKeys {
  crypto::SecretBytes record_key;  // seals record bodies
  crypto::SecretBytes index_key;   // keys row keys and search tokens
  // The audit log's Ed25519 key pair (records/audit.h); empty when the store
  // has none or it failed to unwrap: appends and verification then fail.
  crypto::SecretBytes audit_secret_key;
  std::string audit_public_key;
  // Which data key these come from (DataKeyCheck), compared with the store's
  // metadata so a vault unlocked before a key rotation stops instead of
  // sealing rows under a key the store no longer uses.
  std::string data_key_check;
};

namespace {

// Metadata names. The data key is stored only wrapped.
constexpr std::string_view kMetaSalt = "kdf_salt";
constexpr std::string_view kMetaOps = "kdf_ops_limit";
constexpr std::string_view kMetaMem = "kdf_mem_limit_bytes";
constexpr std::string_view kMetaWrappedDataKey = "wrapped_data_key";
// The label the data key is wrapped under also says whether the store keeps
// an audit log: v2 stores must have one, so deleting the whole log (entries,
// head and signing key) cannot pass for a store that never had one. v1 is a
// store made before the audit log; Unlock upgrades it once. Whatever
// re-wraps the data key (a passphrase change) must use kDataKeyLabel.
constexpr std::string_view kDataKeyLabel = "chorus data key v2 with audit log";
constexpr std::string_view kLegacyDataKeyLabel = "chorus data key v1";
// The audit signing key is a random Ed25519 seed wrapped by a subkey of the
// data key, not derived from it: its public key then stays the same when
// the data key is rotated (a rotation re-wraps this one value), so a head
// recorded outside the store can be checked against one key for years.
constexpr std::string_view kMetaWrappedAuditKey = "audit_signing_key";
constexpr std::string_view kMetaAuditPublicKey = "audit_public_key";  // hex, for outside checks
constexpr std::string_view kMetaAuditHead = "audit_head";
constexpr std::string_view kAuditKeyLabel = "chorus audit signing key v1";
// DataKeyCheck of the current data key, written by every key change
// (records/key_rotation.h); absent while the data key never changed.
constexpr std::string_view kMetaDataKeyCheck = "data_key_check";

// Subkey ids under the data key (crypto_kdf contexts are 8 chars).
constexpr uint64_t kRecordSubkey = 1;
constexpr uint64_t kIndexSubkey = 2;
constexpr uint64_t kKeyWrapSubkey = 3;  // wraps keys kept in metadata (the audit key)
constexpr std::string_view kSubkeyContext = "chorusdk";

// Upper bound on the records one reverse lookup returns; a record referenced
// more often than this is a sign of a modelling mistake, not a use case.
constexpr size_t kMaxReferencing = 1'000'000;

std::string AssociatedData(std::string_view key, std::string_view kind) {
  std::string ad = "chorus-record-v1|";
  ad += key;
  ad += '|';
  ad += kind;
  return ad;
}

void AddText(std::vector<std::string>& out, const std::string& text) {
  if (!text.empty()) out.push_back(text);
}
void AddNames(std::vector<std::string>& out, const std::vector<core::Name>& names) {
  for (const auto& n : names) out.push_back(n.text);
}

// The free text of a record that search covers. Source identities are
// sealed for source handlers only and never indexed.
std::vector<std::string> TextsOf(const core::Record& record) {
  std::vector<std::string> texts;
  std::visit(Overloaded{
                 [&](const core::Source& s) {
                   AddText(texts, s.pseudonym);
                   AddText(texts, s.description);
                 },
                 [&](const core::Report& r) {
                   AddText(texts, r.title);
                   AddText(texts, r.text);
                 },
                 [&](const core::File& f) { AddText(texts, f.name); },
                 [&](const core::Event& e) {
                   AddText(texts, e.title);
                   AddText(texts, e.description);
                 },
                 [&](const core::Act& a) {
                   AddText(texts, a.type);
                   AddText(texts, a.description);
                   for (const auto& c : a.victim_counts) AddText(texts, c.count.words);
                 },
                 [&](const core::Involvement& i) { AddText(texts, i.unnamed_party); },
                 [&](const core::Person& p) {
                   AddText(texts, p.pseudonym);
                   // A person at risk's names belong to the people-at-risk
                   // compartment: only its holders search them (by opening).
                   if (!p.at_risk) AddNames(texts, p.names);
                   AddText(texts, p.description);
                 },
                 [&](const core::Organization& o) {
                   AddNames(texts, o.names);
                   AddText(texts, o.description);
                 },
                 [&](const core::Post& p) { AddText(texts, p.label); },
                 [&](const core::Membership&) {},
                 [&](const core::Place& p) { AddNames(texts, p.names); },
             },
             record);
  return texts;
}

std::string WordToken(const VaultKeys& keys, std::string_view term) {
  return crypto::BlindToken(keys.index_key, std::string("w:").append(term));
}
// A person's name in any script and romanization folds to one phonetic key
// (text::NameKey): 리명수, Ri Myong Su, Lee Myung-soo and Ли Мён Су share it.
std::string NameToken(const VaultKeys& keys, std::string_view name) {
  std::string key = text::NameKey(name);
  if (key.empty()) return {};
  return crypto::BlindToken(keys.index_key, std::string("n:").append(key));
}

std::string ReferenceToken(const VaultKeys& keys, std::string_view id) {
  return crypto::BlindToken(keys.index_key, std::string("r:").append(id));
}

// A document's index term (InsertDocument), apart from every record token.
std::string DocumentTermToken(const VaultKeys& keys, std::string_view kind, std::string_view term) {
  return crypto::BlindToken(keys.index_key,
                            std::string("dt:").append(kind).append(":").append(term));
}

std::string RecordRowKey(const VaultKeys& keys, std::string_view id) {
  return crypto::BlindToken(keys.index_key, std::string("id:").append(id));
}

std::string DocumentRowKey(const VaultKeys& keys, std::string_view kind, std::string_view name) {
  return crypto::BlindToken(keys.index_key,
                            std::string("doc:").append(kind).append(":").append(name));
}

// The row key of an ordered index row is "<kind>|<order key>", so rows of one
// kind sort by order key in both engines (byte order on (kind, key)).
std::string IndexRowKey(std::string_view kind, std::string_view order_key) {
  return std::string(kind).append("|").append(order_key);
}

// The search tokens of a record: its words, a person's names by phonetic
// key, and the ids it refers to.
std::vector<std::string> RecordTokens(const VaultKeys& keys, const core::Record& record) {
  std::vector<std::string> tokens;
  for (const auto& term : SearchTermsOf(record)) tokens.push_back(WordToken(keys, term));
  if (const auto* person = std::get_if<core::Person>(&record); person && !person->at_risk) {
    for (const auto& name : person->names) {
      std::string token = NameToken(keys, name.text);
      if (!token.empty() && std::find(tokens.begin(), tokens.end(), token) == tokens.end()) {
        tokens.push_back(std::move(token));
      }
    }
  }
  std::unordered_set<std::string> seen;
  for (const auto& ref : core::ReferencesOf(record)) {
    if (seen.insert(ref.target_id).second) tokens.push_back(ReferenceToken(keys, ref.target_id));
  }
  return tokens;
}

// Names a data key without revealing it: a MAC of a fixed label under it.
std::string DataKeyCheck(const crypto::SecretBytes& data_key) {
  return crypto::ToHex(crypto::Blake2b256("chorus data key check v1", data_key.view()));
}

std::shared_ptr<VaultKeys> KeysFromDataKey(const crypto::SecretBytes& data_key) {
  auto keys = std::make_shared<VaultKeys>();
  keys->record_key = crypto::DeriveSubkey(data_key, kRecordSubkey, kSubkeyContext);
  keys->index_key = crypto::DeriveSubkey(data_key, kIndexSubkey, kSubkeyContext);
  keys->data_key_check = DataKeyCheck(data_key);
  return keys;
}

// Writes `data_key` wrapped by the key `passphrase` derives with a new salt
// and `params`, replacing any wrapping before.
Status StoreWrappedDataKey(store::WriteTransaction& txn, const crypto::SecretBytes& data_key,
                           std::string_view passphrase, const crypto::KdfParams& params) {
  if (passphrase.empty()) return Status::InvalidArgument("the passphrase must not be empty");
  std::string salt = crypto::NewSalt();
  CHORUS_ASSIGN_OR_RETURN(crypto::SecretBytes kek,
                          crypto::DeriveKeyFromPassphrase(passphrase, salt, params));
  CHORUS_RETURN_IF_ERROR(txn.SetMeta(kMetaSalt, salt));
  CHORUS_RETURN_IF_ERROR(txn.SetMeta(kMetaOps, std::to_string(params.ops_limit)));
  CHORUS_RETURN_IF_ERROR(txn.SetMeta(kMetaMem, std::to_string(params.mem_limit_bytes)));
  return txn.SetMeta(kMetaWrappedDataKey, crypto::WrapKey(kek, data_key, kDataKeyLabel));
}

// The wrapped data key in a store's metadata, and the key a passphrase
// derives (Argon2id with the stored salt and parameters) to unwrap it.
struct WrappedDataKey {
  std::string wrapped;
  crypto::SecretBytes kek;
};

Result<WrappedDataKey> DeriveUnwrappingKey(store::ReadTransaction& txn,
                                           std::string_view passphrase) {
  CHORUS_ASSIGN_OR_RETURN(auto wrapped, txn.GetMeta(kMetaWrappedDataKey));
  CHORUS_ASSIGN_OR_RETURN(auto salt, txn.GetMeta(kMetaSalt));
  CHORUS_ASSIGN_OR_RETURN(auto ops, txn.GetMeta(kMetaOps));
  CHORUS_ASSIGN_OR_RETURN(auto mem, txn.GetMeta(kMetaMem));
  if (!wrapped || !salt || !ops || !mem) {
    return Status::FailedPrecondition("store has no keys (was chorus init interrupted?)");
  }
  crypto::KdfParams params;
  try {
    params.ops_limit = std::stoull(*ops);
    params.mem_limit_bytes = static_cast<size_t>(std::stoull(*mem));
  } catch (const std::exception&) {
    return Status::DataLoss("store key-derivation parameters are damaged");
  }
  CHORUS_ASSIGN_OR_RETURN(crypto::SecretBytes kek,
                          crypto::DeriveKeyFromPassphrase(passphrase, *salt, params));
  return WrappedDataKey{std::move(*wrapped), std::move(kek)};
}

// FailedPrecondition when the store's data key changed (a rotation) after
// `keys` were unlocked: their reads would find nothing and their writes would
// be sealed under a key the store no longer uses.
Status CheckDataKeyCurrent(store::ReadTransaction& txn, const VaultKeys& keys) {
  CHORUS_ASSIGN_OR_RETURN(auto current, txn.GetMeta(kMetaDataKeyCheck));
  if (current && *current != keys.data_key_check) {
    return Status::FailedPrecondition(
        "the store's data key was rotated after it was unlocked: unlock it again (restart "
        "chorus serve)");
  }
  return Status::Ok();
}

// Makes a new audit signing key for `keys` and stores it (wrapped, and the
// public key in hex) through `txn`.
Status CreateAuditKey(store::WriteTransaction& txn, const crypto::SecretBytes& data_key,
                      VaultKeys& keys) {
  crypto::SecretBytes seed = crypto::RandomKey();
  crypto::SigningKeyPair pair = crypto::SigningKeyPairFromSeed(seed);
  crypto::SecretBytes wrap_key = crypto::DeriveSubkey(data_key, kKeyWrapSubkey, kSubkeyContext);
  CHORUS_RETURN_IF_ERROR(
      txn.SetMeta(kMetaWrappedAuditKey, crypto::WrapKey(wrap_key, seed, kAuditKeyLabel)));
  CHORUS_RETURN_IF_ERROR(txn.SetMeta(kMetaAuditPublicKey, crypto::ToHex(pair.public_key)));
  keys.audit_secret_key = std::move(pair.secret_key);
  keys.audit_public_key = std::move(pair.public_key);
  return Status::Ok();
}

// Unwraps the audit signing key into `keys`; leaves it empty when the store
// has none or it does not open (VerifyAudit reports that).
Status LoadAuditKey(store::ReadTransaction& txn, const crypto::SecretBytes& data_key,
                    VaultKeys& keys) {
  CHORUS_ASSIGN_OR_RETURN(auto wrapped, txn.GetMeta(kMetaWrappedAuditKey));
  if (!wrapped) return Status::Ok();
  crypto::SecretBytes wrap_key = crypto::DeriveSubkey(data_key, kKeyWrapSubkey, kSubkeyContext);
  auto seed = crypto::UnwrapKey(wrap_key, *wrapped, kAuditKeyLabel);
  if (!seed.ok() || seed->size() != crypto::kKeyBytes) return Status::Ok();
  crypto::SigningKeyPair pair = crypto::SigningKeyPairFromSeed(*seed);
  keys.audit_secret_key = std::move(pair.secret_key);
  keys.audit_public_key = std::move(pair.public_key);
  return Status::Ok();
}

}  // namespace

std::vector<std::string> SearchTermsOf(const core::Record& record) {
  std::vector<std::string> terms;
  std::unordered_set<std::string> seen;
  for (const auto& text : TextsOf(record)) {
    for (auto& term : text::SearchTerms(text)) {
      if (seen.insert(term).second) terms.push_back(std::move(term));
    }
  }
  return terms;
}

Status InitializeKeys(store::Store& store, std::string_view passphrase,
                      const crypto::KdfParams& params, std::string_view actor, Timestamp at) {
  if (passphrase.empty()) return Status::InvalidArgument("the passphrase must not be empty");
  CHORUS_ASSIGN_OR_RETURN(auto txn, store.BeginWrite());
  CHORUS_ASSIGN_OR_RETURN(auto existing, txn->GetMeta(kMetaWrappedDataKey));
  if (existing) return Status::FailedPrecondition("store already has keys");
  crypto::SecretBytes data_key = crypto::RandomKey();
  CHORUS_RETURN_IF_ERROR(StoreWrappedDataKey(*txn, data_key, passphrase, params));
  auto keys = KeysFromDataKey(data_key);
  CHORUS_RETURN_IF_ERROR(CreateAuditKey(*txn, data_key, *keys));
  RecordWriter writer(std::move(keys), std::move(txn));
  CHORUS_RETURN_IF_ERROR(StartAudit(writer, actor, at, "store keys created"));
  return writer.Commit();
}

namespace {

// Gives a store made before the audit log (data key wrapped under the v1
// label) its audit signing key and genesis entry, and re-wraps the data key
// under the v2 label, in one transaction. Another process may have done it
// first: then the key it made is loaded.
Status UpgradeToAuditLog(store::Store& store, const crypto::SecretBytes& kek,
                         const crypto::SecretBytes& data_key,
                         const std::shared_ptr<VaultKeys>& keys) {
  CHORUS_ASSIGN_OR_RETURN(auto txn, store.BeginWrite());
  CHORUS_ASSIGN_OR_RETURN(auto wrapped, txn->GetMeta(kMetaWrappedDataKey));
  if (wrapped && crypto::UnwrapKey(kek, *wrapped, kDataKeyLabel).ok()) {
    return LoadAuditKey(*txn, data_key, *keys);
  }
  CHORUS_RETURN_IF_ERROR(CreateAuditKey(*txn, data_key, *keys));
  CHORUS_RETURN_IF_ERROR(
      txn->SetMeta(kMetaWrappedDataKey, crypto::WrapKey(kek, data_key, kDataKeyLabel)));
  RecordWriter writer(keys, std::move(txn));
  CHORUS_RETURN_IF_ERROR(
      StartAudit(writer, "chorus", SystemClock().Now(), "audit log started on an existing store"));
  return writer.Commit();
}

}  // namespace

Result<Vault> Vault::Unlock(store::Store& store, std::string_view passphrase) {
  CHORUS_ASSIGN_OR_RETURN(auto txn, store.BeginRead());
  CHORUS_ASSIGN_OR_RETURN(WrappedDataKey stored, DeriveUnwrappingKey(*txn, passphrase));
  const crypto::SecretBytes& kek = stored.kek;
  bool legacy = false;
  auto data_key = crypto::UnwrapKey(kek, stored.wrapped, kDataKeyLabel);
  if (!data_key.ok()) {
    data_key = crypto::UnwrapKey(kek, stored.wrapped, kLegacyDataKeyLabel);
    legacy = true;
  }
  if (!data_key.ok()) return Status::Unauthenticated("wrong passphrase for this store");
  auto keys = KeysFromDataKey(*data_key);
  if (legacy) {
    txn.reset();
    // Best effort: a read-only copy still opens for reading; appending to
    // its audit log then fails with a clear error.
    if (!UpgradeToAuditLog(store, kek, *data_key, keys).ok()) {
      keys->audit_secret_key = crypto::SecretBytes();
      keys->audit_public_key.clear();
    }
  } else {
    CHORUS_RETURN_IF_ERROR(LoadAuditKey(*txn, *data_key, *keys));
  }
  return Vault(store, std::move(keys));
}

Result<std::unique_ptr<ReadSession>> Vault::Read() {
  CHORUS_ASSIGN_OR_RETURN(auto txn, store_->BeginRead());
  CHORUS_RETURN_IF_ERROR(CheckDataKeyCurrent(*txn, *keys_));
  return std::make_unique<ReadSession>(keys_, std::move(txn));
}

Result<std::unique_ptr<RecordWriter>> Vault::Write() {
  CHORUS_ASSIGN_OR_RETURN(auto txn, store_->BeginWrite());
  CHORUS_RETURN_IF_ERROR(CheckDataKeyCurrent(*txn, *keys_));
  return std::make_unique<RecordWriter>(keys_, std::move(txn));
}

// ---- RecordReader ----

std::string RecordReader::KeyOf(std::string_view id) const { return RecordRowKey(*keys_, id); }

Result<core::Record> RecordReader::Decode(const store::StoredRecord& stored) const {
  auto json = crypto::Open(keys_->record_key, stored.body, AssociatedData(stored.key, stored.kind));
  if (!json.ok()) {
    return Status::DataLoss("a stored " + stored.kind + " record failed authentication");
  }
  auto record = formats::DecodeRecord(*json);
  if (!record.ok()) return Status::DataLoss("a stored " + stored.kind + " record is unreadable");
  if (KeyOf(core::IdOf(*record)) != stored.key) {
    return Status::DataLoss("a stored record sits under the wrong key");
  }
  return record;
}

Result<std::optional<core::Record>> RecordReader::Get(std::string_view id) {
  CHORUS_ASSIGN_OR_RETURN(auto stored, read_.Get(KeyOf(id)));
  if (!stored) return std::optional<core::Record>();
  CHORUS_ASSIGN_OR_RETURN(core::Record record, Decode(*stored));
  return std::optional<core::Record>(std::move(record));
}

Result<core::Record> RecordReader::Require(std::string_view id) {
  CHORUS_ASSIGN_OR_RETURN(auto record, Get(id));
  if (!record) return Status::NotFound("no record with id '" + std::string(id) + "'");
  return std::move(*record);
}

Result<std::vector<core::Record>> RecordReader::ListPage(core::RecordKind kind, std::string& cursor,
                                                         size_t limit) {
  CHORUS_ASSIGN_OR_RETURN(auto rows, read_.ListKind(core::RecordKindName(kind), cursor, limit));
  std::vector<core::Record> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    CHORUS_ASSIGN_OR_RETURN(core::Record record, Decode(row));
    out.push_back(std::move(record));
  }
  cursor = rows.size() < limit || rows.empty() ? std::string() : rows.back().key;
  return out;
}

Result<std::vector<core::Record>> RecordReader::ListKind(core::RecordKind kind) {
  std::vector<core::Record> all;
  std::string cursor;
  do {
    CHORUS_ASSIGN_OR_RETURN(auto page, ListPage(kind, cursor, 10000));
    for (auto& r : page) all.push_back(std::move(r));
  } while (!cursor.empty());
  std::sort(all.begin(), all.end(), [](const core::Record& a, const core::Record& b) {
    return core::IdOf(a) < core::IdOf(b);
  });
  return all;
}

Result<int64_t> RecordReader::Count(core::RecordKind kind) {
  return read_.CountKind(core::RecordKindName(kind));
}

Result<std::vector<core::Record>> RecordReader::Referencing(std::string_view id,
                                                            std::optional<core::RecordKind> kind) {
  CHORUS_ASSIGN_OR_RETURN(auto referring,
                          read_.RecordsWithToken(ReferenceToken(*keys_, id), kMaxReferencing));
  std::vector<core::Record> out;
  for (const auto& stored : referring) {
    if (kind && stored.kind != core::RecordKindName(*kind)) continue;
    CHORUS_ASSIGN_OR_RETURN(core::Record record, Decode(stored));
    // Tokens are truncated hashes: confirm the reference really is there.
    auto refs = core::ReferencesOf(record);
    bool refers = std::any_of(refs.begin(), refs.end(),
                              [&](const core::Reference& r) { return r.target_id == id; });
    if (refers) out.push_back(std::move(record));
  }
  std::sort(out.begin(), out.end(), [](const core::Record& a, const core::Record& b) {
    return core::IdOf(a) < core::IdOf(b);
  });
  return out;
}

Result<std::vector<SearchHitRef>> RecordReader::FindRecords(std::string_view query, size_t limit) {
  std::vector<std::string> tokens;
  for (const auto& term : text::SearchTerms(query)) tokens.push_back(WordToken(*keys_, term));
  std::vector<SearchHitRef> found;
  if (tokens.empty()) return found;
  // The query may be a person's name in another spelling or script.
  std::string name_token = NameToken(*keys_, query);
  if (!name_token.empty()) tokens.push_back(std::move(name_token));
  CHORUS_ASSIGN_OR_RETURN(auto hits, read_.Search(tokens, false, limit));
  found.reserve(hits.size());
  for (auto& hit : hits) {
    // Documents are indexed under tokens of their own; skip any that match.
    auto kind = core::ParseRecordKind(hit.kind);
    if (!kind) continue;
    found.push_back({std::move(hit.key), *kind, hit.score});
  }
  return found;
}

Result<std::optional<core::Record>> RecordReader::Open(const SearchHitRef& hit) {
  CHORUS_ASSIGN_OR_RETURN(auto stored, read_.Get(hit.row_key));
  if (!stored) return std::optional<core::Record>();
  CHORUS_ASSIGN_OR_RETURN(core::Record record, Decode(*stored));
  return std::optional<core::Record>(std::move(record));
}

Result<std::vector<std::optional<core::Record>>> RecordReader::OpenMany(
    std::span<const SearchHitRef> hits) {
  std::vector<std::string> keys;
  keys.reserve(hits.size());
  for (const auto& hit : hits) keys.push_back(hit.row_key);
  CHORUS_ASSIGN_OR_RETURN(auto stored, read_.GetMany(keys));
  std::vector<std::optional<core::Record>> records;
  records.reserve(stored.size());
  for (auto& row : stored) {
    if (!row) {
      records.emplace_back();
      continue;
    }
    CHORUS_ASSIGN_OR_RETURN(core::Record record, Decode(*row));
    records.emplace_back(std::move(record));
  }
  return records;
}

Result<std::vector<SearchResult>> RecordReader::Search(std::string_view query, size_t limit) {
  CHORUS_ASSIGN_OR_RETURN(auto found, FindRecords(query, limit));
  CHORUS_ASSIGN_OR_RETURN(auto opened, OpenMany(found));
  std::vector<SearchResult> results;
  results.reserve(found.size());
  for (size_t hit_idx = 0; hit_idx < found.size(); ++hit_idx) {
    if (opened[hit_idx]) results.push_back({std::move(*opened[hit_idx]), found[hit_idx].score});
  }
  return results;
}

// ---- Documents ----
// A document's sealed body is "name\n" + json, so the name needs no plaintext
// column; the associated data binds it to its row key and kind.

std::string RecordReader::DocumentKeyOf(std::string_view kind, std::string_view name) const {
  return DocumentRowKey(*keys_, kind, name);
}

Result<std::pair<std::string, std::string>> RecordReader::OpenDocument(
    const store::StoredRecord& stored) const {
  auto body = crypto::Open(keys_->record_key, stored.body, AssociatedData(stored.key, stored.kind));
  if (!body.ok()) {
    return Status::DataLoss("a stored " + stored.kind + " document failed authentication");
  }
  size_t newline = body->find('\n');
  if (newline == std::string::npos) return Status::DataLoss("a stored document is malformed");
  return std::make_pair(body->substr(0, newline), body->substr(newline + 1));
}

Result<std::optional<std::string>> RecordReader::GetDocument(std::string_view kind,
                                                             std::string_view name) {
  CHORUS_ASSIGN_OR_RETURN(auto stored, read_.Get(DocumentKeyOf(kind, name)));
  if (!stored) return std::optional<std::string>();
  CHORUS_ASSIGN_OR_RETURN(auto doc, OpenDocument(*stored));
  if (doc.first != name || stored->kind != kind) {
    return Status::DataLoss("a stored document sits under the wrong key");
  }
  return std::optional<std::string>(std::move(doc.second));
}

Result<std::vector<std::pair<std::string, std::string>>> RecordReader::ListDocuments(
    std::string_view kind) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string cursor;
  while (true) {
    CHORUS_ASSIGN_OR_RETURN(auto rows, read_.ListKind(kind, cursor, 1000));
    for (const auto& row : rows) {
      CHORUS_ASSIGN_OR_RETURN(auto doc, OpenDocument(row));
      out.push_back(std::move(doc));
    }
    if (rows.size() < 1000) break;
    cursor = rows.back().key;
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<int64_t> RecordReader::CountDocuments(std::string_view kind) {
  return read_.CountKind(kind);
}

Result<RecordReader::FoundDocuments> RecordReader::FindDocuments(std::string_view kind,
                                                                 std::string_view term,
                                                                 size_t limit) {
  FoundDocuments found;
  CHORUS_ASSIGN_OR_RETURN(auto hits,
                          read_.Search({DocumentTermToken(*keys_, kind, term)}, true, limit));
  found.complete = hits.size() < limit;
  for (const auto& hit : hits) {
    CHORUS_ASSIGN_OR_RETURN(auto stored, read_.Get(hit.key));
    if (!stored || stored->kind != kind) continue;
    CHORUS_ASSIGN_OR_RETURN(auto doc, OpenDocument(*stored));
    found.documents.push_back(std::move(doc));
  }
  std::sort(found.documents.begin(), found.documents.end());
  return found;
}

Result<std::optional<std::string>> RecordReader::GetAuditHead() {
  return read_.GetMeta(kMetaAuditHead);
}

Result<std::string> RecordReader::AuditPublicKey() const {
  if (keys_->audit_public_key.empty()) {
    return Status::FailedPrecondition("this store has no usable audit signing key");
  }
  return keys_->audit_public_key;
}

Result<std::optional<std::string>> RecordReader::PublishedAuditPublicKey() {
  return read_.GetMeta(kMetaAuditPublicKey);
}

store::StoredRecord RecordWriter::SealDocument(std::string_view kind, std::string_view name,
                                               std::string_view json) const {
  store::StoredRecord stored;
  stored.key = DocumentKeyOf(kind, name);
  stored.kind = std::string(kind);
  std::string body(name);
  body += '\n';
  body += json;
  stored.body = crypto::Seal(keys_->record_key, body, AssociatedData(stored.key, stored.kind));
  return stored;
}

namespace {
Status CheckDocumentName(std::string_view kind, std::string_view name) {
  if (core::ParseRecordKind(kind)) {
    return Status::InvalidArgument("'" + std::string(kind) +
                                   "' is a record kind, not a document kind");
  }
  if (name.find('\n') != std::string_view::npos || name.empty()) {
    return Status::InvalidArgument("a document name must be one non-empty line");
  }
  return Status::Ok();
}
}  // namespace

Status RecordWriter::PutDocument(std::string_view kind, std::string_view name,
                                 std::string_view json) {
  CHORUS_RETURN_IF_ERROR(CheckDocumentName(kind, name));
  store::StoredRecord stored = SealDocument(kind, name, json);
  CHORUS_ASSIGN_OR_RETURN(auto existing, read_.Get(stored.key));
  stored.version = existing ? existing->version + 1 : 1;
  return txn_->Put(stored);
}

Status RecordWriter::InsertDocument(std::string_view kind, std::string_view name,
                                    std::string_view json,
                                    const std::vector<std::string>& index_terms) {
  CHORUS_RETURN_IF_ERROR(CheckDocumentName(kind, name));
  store::StoredRecord stored = SealDocument(kind, name, json);
  stored.version = 1;
  for (const auto& term : index_terms) {
    std::string token = DocumentTermToken(*keys_, kind, term);
    if (std::find(stored.tokens.begin(), stored.tokens.end(), token) == stored.tokens.end()) {
      stored.tokens.push_back(std::move(token));
    }
  }
  Status s = txn_->Insert(stored);
  if (s.code() == StatusCode::kAlreadyExists) {
    return Status::AlreadyExists("a " + std::string(kind) + " named '" + std::string(name) +
                                 "' already exists");
  }
  return s;
}

Result<std::string> RecordWriter::SignAudit(std::string_view message) const {
  if (keys_->audit_secret_key.empty()) {
    return Status::FailedPrecondition(
        "this store has no usable audit signing key (run chorus audit verify)");
  }
  return crypto::Sign(keys_->audit_secret_key, message);
}

Status RecordWriter::SetAuditHead(std::string_view head) {
  return txn_->SetMeta(kMetaAuditHead, head);
}

Status RecordWriter::DeleteDocument(std::string_view kind, std::string_view name) {
  Status s = txn_->Delete(DocumentKeyOf(kind, name));
  if (s.code() == StatusCode::kNotFound) {
    return Status::NotFound("no " + std::string(kind) + " named '" + std::string(name) + "'");
  }
  return s;
}

// ---- Ordered index rows ----
// The row key is "<kind>|<order key>", so rows of one kind sort by order key
// in both engines (byte order on (kind, key)).

std::string RecordReader::IndexRowKeyOf(std::string_view kind, std::string_view order_key) {
  return IndexRowKey(kind, order_key);
}

Result<std::vector<RecordReader::IndexRow>> RecordReader::ListIndex(std::string_view kind,
                                                                    std::string_view after,
                                                                    size_t limit) {
  const std::string prefix = IndexRowKeyOf(kind, "");
  const std::string after_key = after.empty() ? std::string() : IndexRowKeyOf(kind, after);
  CHORUS_ASSIGN_OR_RETURN(auto rows, read_.ListKind(kind, after_key, limit));
  std::vector<IndexRow> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    if (row.key.compare(0, prefix.size(), prefix) != 0) {
      return Status::DataLoss("an index row of " + std::string(kind) + " has a foreign key");
    }
    auto payload = crypto::Open(keys_->record_key, row.body, AssociatedData(row.key, row.kind));
    if (!payload.ok()) {
      return Status::DataLoss("an index row of " + std::string(kind) +
                              " failed authentication (tampered with or moved)");
    }
    out.push_back({row.key.substr(prefix.size()), std::move(payload).value()});
  }
  return out;
}

Result<int64_t> RecordReader::CountIndexBefore(std::string_view kind, std::string_view order_key) {
  const std::string bound = IndexRowKeyOf(kind, order_key);
  int64_t count = 0;
  std::string cursor;
  constexpr size_t kPage = 1000;
  while (true) {
    CHORUS_ASSIGN_OR_RETURN(auto rows, read_.ListKind(kind, cursor, kPage));
    for (const auto& row : rows) {
      if (row.key >= bound) return count;
      ++count;
    }
    if (rows.size() < kPage) return count;
    cursor = rows.back().key;
  }
}

Status RecordWriter::PutIndex(std::string_view kind, std::string_view order_key,
                              std::string_view payload) {
  if (core::ParseRecordKind(kind)) {
    return Status::InvalidArgument("'" + std::string(kind) +
                                   "' is a record kind, not an index kind");
  }
  store::StoredRecord stored;
  stored.key = IndexRowKeyOf(kind, order_key);
  stored.kind = std::string(kind);
  stored.version = 1;
  stored.body = crypto::Seal(keys_->record_key, payload, AssociatedData(stored.key, stored.kind));
  return txn_->Put(stored);
}

Status RecordWriter::DeleteIndex(std::string_view kind, std::string_view order_key) {
  Status s = txn_->Delete(IndexRowKeyOf(kind, order_key));
  if (s.code() == StatusCode::kNotFound) {
    return Status::NotFound("no " + std::string(kind) + " index row '" + std::string(order_key) +
                            "'");
  }
  return s;
}

// ---- RecordWriter ----

Result<store::StoredRecord> RecordWriter::Encode(const core::Record& record, int64_t version,
                                                 std::string* canonical_json) const {
  store::StoredRecord stored;
  stored.key = KeyOf(core::IdOf(record));
  stored.kind = std::string(core::RecordKindName(core::KindOf(record)));
  stored.version = version;
  std::string json = formats::EncodeRecord(record);
  stored.body = crypto::Seal(keys_->record_key, json, AssociatedData(stored.key, stored.kind));
  stored.tokens = RecordTokens(*keys_, record);
  if (canonical_json != nullptr) *canonical_json = std::move(json);
  return stored;
}

Result<std::optional<compartments::CompartmentState>> RecordReader::GetCompartment(
    core::Compartment compartment) {
  CHORUS_ASSIGN_OR_RETURN(
      auto json, GetDocument(compartments::kStateDocumentKind, core::CompartmentName(compartment)));
  if (!json) return std::optional<compartments::CompartmentState>();
  CHORUS_ASSIGN_OR_RETURN(auto state, compartments::DecodeState(compartment, *json));
  return std::optional<compartments::CompartmentState>(std::move(state));
}

Status RecordWriter::PutCompartment(const compartments::CompartmentState& state) {
  compartments_.erase(state.compartment);
  compartment_errors_.erase(state.compartment);
  return PutDocument(compartments::kStateDocumentKind, core::CompartmentName(state.compartment),
                     compartments::EncodeState(state));
}

namespace {

// The sealed part of a record kind that has one, else null.
const std::optional<core::SealedPart>* SealedPartOf(const core::Record& record) {
  if (const auto* source = std::get_if<core::Source>(&record)) return &source->sealed;
  if (const auto* person = std::get_if<core::Person>(&record)) return &person->sealed;
  return nullptr;
}

// Whether storing `record` needs its compartment's keys: it has open fields
// to seal, or a sealed part whose key must be one of the store's.
bool NeedsCompartment(const core::Record& record) {
  const std::optional<core::SealedPart>* sealed = SealedPartOf(record);
  return compartments::HasOpenSealable(record) || (sealed != nullptr && sealed->has_value());
}

}  // namespace

Result<core::Record> RecordWriter::SealForStorage(core::Record record) {
  auto compartment = compartments::CompartmentOfKind(core::KindOf(record));
  if (compartment && NeedsCompartment(record) && !compartments_.contains(*compartment)) {
    CHORUS_ASSIGN_OR_RETURN(auto state, GetCompartment(*compartment));
    compartments_.emplace(*compartment, std::move(state));
  }
  return SealLoaded(std::move(record));
}

Status RecordWriter::LoadCompartments() {
  for (core::Compartment compartment : core::AllCompartments()) {
    if (compartments_.contains(compartment)) continue;
    // A state that does not read fails only the records that need it, as
    // SealForStorage would.
    auto state = GetCompartment(compartment);
    if (state.ok()) {
      compartments_.emplace(compartment, std::move(state).value());
    } else {
      compartment_errors_.insert_or_assign(compartment, state.status());
    }
  }
  return Status::Ok();
}

Result<core::Record> RecordWriter::SealLoaded(core::Record record) const {
  auto compartment = compartments::CompartmentOfKind(core::KindOf(record));
  if (!compartment || !NeedsCompartment(record)) return record;
  auto cached = compartments_.find(*compartment);
  if (cached == compartments_.end()) {
    auto error = compartment_errors_.find(*compartment);
    if (error != compartment_errors_.end()) return error->second;
    return Status::Internal("compartment keys were not loaded before sealing");
  }
  const std::optional<core::SealedPart>* sealed = SealedPartOf(record);
  const auto& state = cached->second;
  if (sealed != nullptr && sealed->has_value() &&
      (!state || state->Find((*sealed)->key_id) == nullptr)) {
    return Status::InvalidArgument(
        std::string(core::RecordKindName(core::KindOf(record))) + " " + core::IdOf(record) +
        ": field 'sealed': sealed under a key of compartment " +
        std::string(core::CompartmentName(*compartment)) + " that this store does not have");
  }
  if (compartments::HasOpenSealable(record) && state && state->Current() != nullptr) {
    CHORUS_RETURN_IF_ERROR(compartments::SealRecord(record, *state->Current()));
  }
  return record;
}

Result<RecordWriter::PreparedRecord> RecordWriter::PrepareCreate(core::Record open_record) const {
  CHORUS_RETURN_IF_ERROR(core::ValidateRecord(open_record));
  CHORUS_ASSIGN_OR_RETURN(core::Record record, SealLoaded(std::move(open_record)));
  PreparedRecord prepared;
  CHORUS_ASSIGN_OR_RETURN(prepared.stored, Encode(record, 1, &prepared.canonical_json));
  return prepared;
}

Status RecordWriter::CreatePrepared(std::span<const store::StoredRecord> records,
                                    size_t* failed_index) {
  return txn_->InsertMany(records, failed_index);
}

Status RecordWriter::Create(const core::Record& open_record, std::string* canonical_json) {
  CHORUS_RETURN_IF_ERROR(core::ValidateRecord(open_record));
  CHORUS_ASSIGN_OR_RETURN(core::Record record, SealForStorage(open_record));
  CHORUS_ASSIGN_OR_RETURN(auto stored, Encode(record, 1, canonical_json));
  Status s = txn_->Insert(stored);
  if (s.code() == StatusCode::kAlreadyExists) {
    return Status::AlreadyExists("a record with id '" + core::IdOf(record) + "' already exists");
  }
  return s;
}

Status RecordWriter::Update(const core::Record& open_record) {
  CHORUS_RETURN_IF_ERROR(core::ValidateRecord(open_record));
  CHORUS_ASSIGN_OR_RETURN(core::Record record, SealForStorage(open_record));
  const std::string& id = core::IdOf(record);
  CHORUS_ASSIGN_OR_RETURN(auto existing, read_.Get(KeyOf(id)));
  if (!existing) return Status::NotFound("no record with id '" + id + "'");
  std::string_view kind = core::RecordKindName(core::KindOf(record));
  if (existing->kind != kind) {
    return Status::InvalidArgument("record '" + id + "' is a " + existing->kind + ", not a " +
                                   std::string(kind));
  }
  if (const auto* file = std::get_if<core::File>(&record)) {
    CHORUS_ASSIGN_OR_RETURN(core::Record old, Decode(*existing));
    const auto& old_file = std::get<core::File>(old);
    if (old_file.derivation == core::Derivation::kOriginal &&
        (old_file.sha256 != file->sha256 || old_file.size_bytes != file->size_bytes ||
         file->derivation != core::Derivation::kOriginal)) {
      return Status::FailedPrecondition("file '" + id +
                                        "' is an original: its content cannot change");
    }
  }
  CHORUS_ASSIGN_OR_RETURN(auto stored, Encode(record, existing->version + 1));
  return txn_->Put(stored);
}

Status RecordWriter::Delete(std::string_view id) {
  CHORUS_ASSIGN_OR_RETURN(auto existing, read_.Get(KeyOf(id)));
  if (!existing) return Status::NotFound("no record with id '" + std::string(id) + "'");
  CHORUS_ASSIGN_OR_RETURN(auto referrers, Referencing(id));
  if (!referrers.empty()) {
    return Status::FailedPrecondition("record '" + std::string(id) + "' is referred to by '" +
                                      core::IdOf(referrers.front()) + "' and " +
                                      std::to_string(referrers.size() - 1) + " other(s)");
  }
  return txn_->Delete(KeyOf(id));
}

Status RecordWriter::CheckReferences(const core::Record& record) {
  for (const auto& ref : core::ReferencesOf(record)) {
    CHORUS_ASSIGN_OR_RETURN(auto target, read_.Get(KeyOf(ref.target_id)));
    std::string where = std::string(core::RecordKindName(core::KindOf(record))) + " " +
                        core::IdOf(record) + ": field '" + ref.field + "'";
    if (!target) {
      return Status::InvalidArgument(where + ": no " +
                                     std::string(core::RecordKindName(ref.target_kind)) +
                                     " with id '" + ref.target_id + "'");
    }
    if (target->kind != core::RecordKindName(ref.target_kind)) {
      return Status::InvalidArgument(where + ": '" + ref.target_id + "' is a " + target->kind +
                                     ", not a " +
                                     std::string(core::RecordKindName(ref.target_kind)));
    }
  }
  return Status::Ok();
}

// ---- Key changes (records/internal/key_change.h) ----

namespace internal {

Result<crypto::SecretBytes> UnwrapDataKey(store::ReadTransaction& txn,
                                          std::string_view passphrase) {
  CHORUS_ASSIGN_OR_RETURN(WrappedDataKey stored, DeriveUnwrappingKey(txn, passphrase));
  auto data_key = crypto::UnwrapKey(stored.kek, stored.wrapped, kDataKeyLabel);
  if (data_key.ok()) return data_key;
  if (crypto::UnwrapKey(stored.kek, stored.wrapped, kLegacyDataKeyLabel).ok()) {
    return Status::FailedPrecondition(
        "the store predates the audit log: unlock it once before changing its keys");
  }
  return Status::Unauthenticated("wrong passphrase for this store");
}

Status WrapDataKey(store::WriteTransaction& txn, const crypto::SecretBytes& old_data_key,
                   const crypto::SecretBytes& new_data_key, std::string_view passphrase,
                   const crypto::KdfParams& params) {
  CHORUS_RETURN_IF_ERROR(StoreWrappedDataKey(txn, new_data_key, passphrase, params));
  CHORUS_ASSIGN_OR_RETURN(auto wrapped_audit_key, txn.GetMeta(kMetaWrappedAuditKey));
  if (wrapped_audit_key) {
    // The signing key itself stays: its public key, and every head recorded
    // outside the store, remain valid across rotations.
    crypto::SecretBytes old_wrap =
        crypto::DeriveSubkey(old_data_key, kKeyWrapSubkey, kSubkeyContext);
    auto seed = crypto::UnwrapKey(old_wrap, *wrapped_audit_key, kAuditKeyLabel);
    if (!seed.ok()) {
      return Status::DataLoss(
          "the audit signing key does not open under the store's data key (run chorus audit "
          "verify)");
    }
    crypto::SecretBytes new_wrap =
        crypto::DeriveSubkey(new_data_key, kKeyWrapSubkey, kSubkeyContext);
    CHORUS_RETURN_IF_ERROR(
        txn.SetMeta(kMetaWrappedAuditKey, crypto::WrapKey(new_wrap, *seed, kAuditKeyLabel)));
  }
  return txn.SetMeta(kMetaDataKeyCheck, DataKeyCheck(new_data_key));
}

Result<std::shared_ptr<const VaultKeys>> LoadVaultKeys(store::ReadTransaction& txn,
                                                       const crypto::SecretBytes& data_key) {
  std::shared_ptr<VaultKeys> keys = KeysFromDataKey(data_key);
  CHORUS_RETURN_IF_ERROR(LoadAuditKey(txn, data_key, *keys));
  return std::shared_ptr<const VaultKeys>(std::move(keys));
}

namespace {

// The tokens of a document under `to`, made from its index terms. Refuses
// unless the same terms give exactly the tokens the row has under `from`, so
// a rotation never silently loses a way to find a document.
Result<std::vector<std::string>> ReindexDocument(const store::StoredRecord& row,
                                                 std::string_view name, std::string_view json,
                                                 const VaultKeys& from, const VaultKeys& to,
                                                 const DocumentTerms& document_terms) {
  Status unknown = Status::FailedPrecondition(
      "cannot rotate: " + row.kind +
      " documents carry index terms this build cannot recompute from their content");
  if (!document_terms) return unknown;
  CHORUS_ASSIGN_OR_RETURN(std::vector<std::string> terms, document_terms(row.kind, name, json));
  std::vector<std::string> old_tokens;
  std::vector<std::string> new_tokens;
  for (const auto& term : terms) {
    std::string old_token = DocumentTermToken(from, row.kind, term);
    if (std::find(old_tokens.begin(), old_tokens.end(), old_token) != old_tokens.end()) continue;
    old_tokens.push_back(std::move(old_token));
    new_tokens.push_back(DocumentTermToken(to, row.kind, term));
  }
  std::vector<std::string> stored = row.tokens;
  std::sort(stored.begin(), stored.end());
  stored.erase(std::unique(stored.begin(), stored.end()), stored.end());
  std::sort(old_tokens.begin(), old_tokens.end());
  if (old_tokens != stored) return unknown;
  return new_tokens;
}

}  // namespace

Result<store::StoredRecord> ResealRow(const store::StoredRecord& row, const VaultKeys& from,
                                      const VaultKeys& to, const DocumentTerms& document_terms) {
  auto plaintext = crypto::Open(from.record_key, row.body, AssociatedData(row.key, row.kind));
  if (!plaintext.ok()) {
    return Status::DataLoss("a stored " + row.kind + " row failed authentication");
  }
  store::StoredRecord out;
  out.kind = row.kind;
  out.version = row.version;
  if (core::ParseRecordKind(row.kind)) {
    auto record = formats::DecodeRecord(*plaintext);
    if (!record.ok()) return Status::DataLoss("a stored " + row.kind + " record is unreadable");
    const std::string& id = core::IdOf(*record);
    if (RecordRowKey(from, id) != row.key) {
      return Status::DataLoss("a stored record sits under the wrong key");
    }
    out.key = RecordRowKey(to, id);
    out.tokens = RecordTokens(to, *record);
  } else if (row.key.starts_with(IndexRowKey(row.kind, ""))) {
    // The order key is in the clear by design: the row stays where it is.
    if (!row.tokens.empty()) {
      return Status::FailedPrecondition("cannot rotate: an index row of " + row.kind +
                                        " carries search tokens");
    }
    out.key = row.key;
  } else {
    std::string_view body(*plaintext);
    size_t newline = body.find('\n');
    if (newline == std::string_view::npos) {
      return Status::DataLoss("a stored " + row.kind + " document is malformed");
    }
    std::string_view name = body.substr(0, newline);
    if (DocumentRowKey(from, row.kind, name) != row.key) {
      return Status::DataLoss("a stored " + row.kind + " document sits under the wrong key");
    }
    out.key = DocumentRowKey(to, row.kind, name);
    if (!row.tokens.empty()) {
      CHORUS_ASSIGN_OR_RETURN(out.tokens, ReindexDocument(row, name, body.substr(newline + 1), from,
                                                          to, document_terms));
    }
  }
  // The plaintext is sealed again byte for byte: nothing is decoded and
  // re-encoded on the way, so no field can change.
  out.body = crypto::Seal(to.record_key, *plaintext, AssociatedData(out.key, out.kind));
  return out;
}

}  // namespace internal

}  // namespace chorus::records
