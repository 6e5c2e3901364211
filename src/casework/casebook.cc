#include "casework/casebook.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <functional>
#include <nlohmann/json.hpp>

#include "casework/case_json.h"
#include "casework/requester_seal.h"
#include "crypto/crypto.h"
#include "records/audit.h"

namespace chorus::casework {

namespace {

using access::Permission;

constexpr std::string_view kReadyIndex = "queue-ready";
constexpr std::string_view kClaimIndex = "queue-claims";
constexpr std::string_view kDeadlineIndex = "queue-deadlines";
constexpr std::string_view kSettingsKind = "casework-settings";
constexpr std::string_view kSettingsName = "queue";
// How many recent claims set the pace behind an expected wait.
constexpr size_t kPaceWindow = 50;
// A request may not claim to come from the future (beyond clock skew).
constexpr Duration kAllowedSkew = std::chrono::minutes(5);

int64_t Ms(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp FromMs(int64_t ms) { return Timestamp(Duration(ms)); }

std::string ContentHash(const Case& c) {
  return crypto::ToHex(crypto::Blake2b256(CaseToJson(c).dump()));
}

}  // namespace

// The queue's settings and pace, one sealed document.
struct Casebook::Settings {
  QueuePolicy policy;
  // Added to every time in an order key so the store file does not show
  // when anyone asked for help; only differences between times remain.
  int64_t offset_ms = 0;
  std::vector<int64_t> recent_claims_ms;

  std::string OrderKey(Timestamp t, std::string_view id) const {
    // Times before 1830 or after 2300 do not occur; clamp so the sum stays
    // positive and 16 hex digits wide.
    const int64_t ms = std::clamp<int64_t>(Ms(t), -(int64_t{1} << 42), int64_t{1} << 43);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016" PRIx64, static_cast<uint64_t>(ms + offset_ms));
    return std::string(hex) + "." + std::string(id);
  }
  Result<std::pair<Timestamp, std::string>> ParseOrderKey(std::string_view key) const {
    if (key.size() < 18 || key[16] != '.') {
      return Status::DataLoss("a queue index row has a malformed key");
    }
    const uint64_t value = std::stoull(std::string(key.substr(0, 16)), nullptr, 16);
    return std::pair{FromMs(static_cast<int64_t>(value) - offset_ms), std::string(key.substr(17))};
  }

  std::string ToJson() const {
    nlohmann::json j;
    j["offset_ms"] = offset_ms;
    j["credit_ms"] = {policy.credit[0].count(), policy.credit[1].count(), policy.credit[2].count()};
    j["claim_timeout_ms"] = policy.claim_timeout.count();
    auto deadlines = nlohmann::json::array();
    for (Duration d : policy.stage_deadline) deadlines.push_back(d.count());
    j["stage_deadline_ms"] = deadlines;
    j["recent_claims_ms"] = recent_claims_ms;
    return j.dump();
  }
  static Result<Settings> FromJson(std::string_view text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object() || !j["offset_ms"].is_number_integer() || !j["credit_ms"].is_array() ||
        j["credit_ms"].size() != 3 || !j["stage_deadline_ms"].is_array() ||
        j["stage_deadline_ms"].size() != 6) {
      return Status::DataLoss("the queue settings document is malformed");
    }
    Settings s;
    s.offset_ms = j["offset_ms"].get<int64_t>();
    for (size_t i = 0; i < 3; ++i) s.policy.credit[i] = Duration(j["credit_ms"][i].get<int64_t>());
    s.policy.claim_timeout = Duration(j.value("claim_timeout_ms", int64_t{0}));
    for (size_t i = 0; i < 6; ++i) {
      s.policy.stage_deadline[i] = Duration(j["stage_deadline_ms"][i].get<int64_t>());
    }
    for (const auto& ms : j.value("recent_claims_ms", nlohmann::json::array())) {
      s.recent_claims_ms.push_back(ms.get<int64_t>());
    }
    return s;
  }
};

// One write transaction over cases: loads and saves cases with their index
// rows, and appends audit entries.
class Casebook::Txn {
 public:
  static Result<Txn> Begin(records::Vault& vault, Timestamp now) {
    CHORUS_ASSIGN_OR_RETURN(auto writer, vault.Write());
    Txn txn(std::move(writer), now);
    CHORUS_ASSIGN_OR_RETURN(auto doc, txn.writer_->GetDocument(kSettingsKind, kSettingsName));
    if (doc) {
      CHORUS_ASSIGN_OR_RETURN(txn.settings_, Settings::FromJson(*doc));
    } else {
      // First use: a random offset between 2^43 and 2^44 ms.
      const std::string bytes = crypto::RandomBytes(8);
      uint64_t r = 0;
      for (char b : bytes) r = (r << 8) | static_cast<unsigned char>(b);
      txn.settings_.offset_ms =
          static_cast<int64_t>((uint64_t{1} << 43) + (r % (uint64_t{1} << 43)));
      txn.settings_changed_ = true;
    }
    return txn;
  }

  Settings& settings() { return settings_; }
  void SettingsChanged() { settings_changed_ = true; }
  records::RecordWriter& writer() { return *writer_; }
  Timestamp now() const { return now_; }

  Result<Case> Load(std::string_view id) {
    CHORUS_ASSIGN_OR_RETURN(auto doc, writer_->GetDocument(kCaseDocumentKind, id));
    if (!doc) return Status::NotFound("no case '" + std::string(id) + "'");
    return CaseFromJson(*doc);
  }

  // Writes `after` (and its index rows, replacing those of `before`).
  Status Save(const std::optional<Case>& before, const Case& after) {
    CHORUS_RETURN_IF_ERROR(ValidateCase(after));
    const Keys old_keys = before ? KeysOf(*before) : Keys{};
    const Keys new_keys = KeysOf(after);
    CHORUS_RETURN_IF_ERROR(Reindex(kReadyIndex, old_keys.ready, new_keys.ready, after.id));
    CHORUS_RETURN_IF_ERROR(Reindex(kClaimIndex, old_keys.claim, new_keys.claim, after.id));
    CHORUS_RETURN_IF_ERROR(Reindex(kDeadlineIndex, old_keys.deadline, new_keys.deadline, after.id));
    if (!HasOpenRequester(after)) {
      return writer_->PutDocument(kCaseDocumentKind, after.id, CaseToJson(after).dump());
    }
    // Sealed to the requesters compartment when it has a key; open (under
    // the data key only) until then.
    Case stored = after;
    CHORUS_ASSIGN_OR_RETURN(auto state, writer_->GetCompartment(core::Compartment::kRequesters));
    if (state && state->Current() != nullptr) {
      CHORUS_RETURN_IF_ERROR(SealRequester(stored, *state->Current()));
    }
    return writer_->PutDocument(kCaseDocumentKind, stored.id, CaseToJson(stored).dump());
  }

  Status Audit(const access::Actor& actor, std::string_view action, const Case& c,
               std::string detail) {
    records::AuditEvent event;
    event.actor = actor.user;
    event.action = std::string(action);
    event.kind = "case";
    event.record = c.id;
    event.content_hash = ContentHash(c);
    event.detail = std::move(detail);
    return records::AppendAudit(*writer_, event, now_);
  }

  // Returns every lapsed claim to the queue.
  Status ReturnLapsedClaims() {
    while (true) {
      CHORUS_ASSIGN_OR_RETURN(auto rows, writer_->ListIndex(kClaimIndex, "", 100));
      bool any = false;
      for (const auto& row : rows) {
        CHORUS_ASSIGN_OR_RETURN(auto due_id, settings_.ParseOrderKey(row.order_key));
        if (due_id.first > now_) return Status::Ok();
        any = true;
        CHORUS_ASSIGN_OR_RETURN(Case c, Load(due_id.second));
        const Case before = c;
        const std::string had = c.assignee;
        c.assignee.clear();
        c.claimed_at.reset();
        CHORUS_RETURN_IF_ERROR(Save(before, c));
        CHORUS_RETURN_IF_ERROR(Audit(access::Actor{"system", access::Role::kAdministrator},
                                     "case-claim-lapsed", c,
                                     "claim by " + had + " not acted on in time"));
      }
      if (!any || rows.size() < 100) return Status::Ok();
    }
  }

  Status Commit() {
    if (settings_changed_) {
      CHORUS_RETURN_IF_ERROR(
          writer_->PutDocument(kSettingsKind, kSettingsName, settings_.ToJson()));
    }
    return writer_->Commit();
  }

  // Rebuilds every index row under the current settings.
  Status RebuildIndexes() {
    for (std::string_view kind : {kReadyIndex, kClaimIndex, kDeadlineIndex}) {
      while (true) {
        CHORUS_ASSIGN_OR_RETURN(auto rows, writer_->ListIndex(kind, "", 1000));
        if (rows.empty()) break;
        for (const auto& row : rows) {
          CHORUS_RETURN_IF_ERROR(writer_->DeleteIndex(kind, row.order_key));
        }
      }
    }
    CHORUS_ASSIGN_OR_RETURN(auto docs, writer_->ListDocuments(kCaseDocumentKind));
    for (const auto& [name, json] : docs) {
      CHORUS_ASSIGN_OR_RETURN(Case c, CaseFromJson(json));
      const Keys keys = KeysOf(c);
      CHORUS_RETURN_IF_ERROR(Reindex(kReadyIndex, std::nullopt, keys.ready, c.id));
      CHORUS_RETURN_IF_ERROR(Reindex(kClaimIndex, std::nullopt, keys.claim, c.id));
      CHORUS_RETURN_IF_ERROR(Reindex(kDeadlineIndex, std::nullopt, keys.deadline, c.id));
    }
    return Status::Ok();
  }

 private:
  Txn(std::unique_ptr<records::RecordWriter> writer, Timestamp now)
      : writer_(std::move(writer)), now_(now) {}

  struct Keys {
    std::optional<std::string> ready, claim, deadline;
  };
  Keys KeysOf(const Case& c) const {
    Keys keys;
    if (IsWaiting(c))
      keys.ready = settings_.OrderKey(EffectiveRequestTime(c, settings_.policy), c.id);
    if (auto due = ClaimDeadline(c, settings_.policy)) keys.claim = settings_.OrderKey(*due, c.id);
    if (auto due = StageDeadline(c, settings_.policy)) {
      keys.deadline = settings_.OrderKey(*due, c.id);
    }
    return keys;
  }
  Status Reindex(std::string_view kind, const std::optional<std::string>& old_key,
                 const std::optional<std::string>& new_key, const std::string& id) {
    if (old_key == new_key) return Status::Ok();
    if (old_key) CHORUS_RETURN_IF_ERROR(writer_->DeleteIndex(kind, *old_key));
    if (new_key) CHORUS_RETURN_IF_ERROR(writer_->PutIndex(kind, *new_key, id));
    return Status::Ok();
  }

  std::unique_ptr<records::RecordWriter> writer_;
  Timestamp now_;
  Settings settings_;
  bool settings_changed_ = false;
};

Casebook::Casebook(records::Vault& vault, const Clock& clock) : vault_(vault), clock_(clock) {}

Result<std::optional<Casebook::Settings>> Casebook::LoadSettings(records::RecordReader& reader) {
  CHORUS_ASSIGN_OR_RETURN(auto doc, reader.GetDocument(kSettingsKind, kSettingsName));
  if (!doc) return std::optional<Settings>();
  CHORUS_ASSIGN_OR_RETURN(Settings settings, Settings::FromJson(*doc));
  return std::optional<Settings>(std::move(settings));
}

Result<Case> Casebook::Add(const access::Actor& actor, const NewCase& request) {
  CHORUS_ASSIGN_OR_RETURN(auto added, AddMany(actor, {request}));
  return std::move(added.front());
}

Result<std::vector<Case>> Casebook::AddMany(const access::Actor& actor,
                                            const std::vector<NewCase>& requests) {
  CHORUS_RETURN_IF_ERROR(access::Require(actor, Permission::kWriteCases));
  const Timestamp now = clock_.Now();
  CHORUS_ASSIGN_OR_RETURN(Txn txn, Txn::Begin(vault_, now));
  std::vector<Case> added;
  added.reserve(requests.size());
  for (const NewCase& request : requests) {
    Case c;
    c.id = "case-" + crypto::ToHex(crypto::RandomBytes(5));
    c.tier = request.tier;
    c.tier_reason = request.tier_reason;
    c.requested_at = request.requested_at.value_or(now);
    if (c.requested_at > now + kAllowedSkew) {
      return Status::InvalidArgument("requested at " + FormatTimestamp(c.requested_at) +
                                     ": in the future");
    }
    c.stage = Stage::kRequested;
    c.stage_since = c.requested_at;
    c.person = request.person;
    c.requester_name = request.requester_name;
    c.contact = request.contact;
    c.location = request.location;
    CHORUS_RETURN_IF_ERROR(ValidateCase(c));
    if (!c.person.empty()) {
      CHORUS_ASSIGN_OR_RETURN(auto person, txn.writer().Get(c.person));
      if (!person || core::KindOf(*person) != core::RecordKind::kPerson) {
        return Status::InvalidArgument("person '" + c.person + "' is not a person record");
      }
    }
    for (const std::string& link : request.links) {
      CHORUS_ASSIGN_OR_RETURN(auto record, txn.writer().Get(link));
      if (!record) return Status::InvalidArgument("linked record '" + link + "' does not exist");
      c.links.push_back(link);
    }
    CHORUS_RETURN_IF_ERROR(txn.Save(std::nullopt, c));
    CHORUS_RETURN_IF_ERROR(txn.Audit(
        actor, "case-add", c, "tier " + std::string(TierName(c.tier)) + ": " + c.tier_reason));
    added.push_back(std::move(c));
  }
  CHORUS_RETURN_IF_ERROR(txn.Commit());
  return added;
}

Result<Case> Casebook::Get(const access::Actor& actor, std::string_view id) {
  CHORUS_RETURN_IF_ERROR(access::Require(actor, Permission::kReadCases));
  // Reading a case shows sealed particulars: it is audited, so it writes.
  CHORUS_ASSIGN_OR_RETURN(Txn txn, Txn::Begin(vault_, clock_.Now()));
  CHORUS_ASSIGN_OR_RETURN(Case c, txn.Load(id));
  CHORUS_RETURN_IF_ERROR(txn.Audit(actor, "case-read", c, ""));
  CHORUS_RETURN_IF_ERROR(txn.Commit());
  return c;
}

Result<std::vector<Case>> Casebook::List(const access::Actor& actor, std::optional<Stage> stage) {
  CHORUS_RETURN_IF_ERROR(access::Require(actor, Permission::kReadCases));
  CHORUS_RETURN_IF_ERROR(ReturnLapsedClaims());
  CHORUS_ASSIGN_OR_RETURN(auto reader, vault_.Read());
  CHORUS_ASSIGN_OR_RETURN(auto docs, reader->ListDocuments(kCaseDocumentKind));
  std::vector<Case> out;
  for (const auto& [name, json] : docs) {
    CHORUS_ASSIGN_OR_RETURN(Case c, CaseFromJson(json));
    if (!stage || c.stage == *stage) out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) {
    return a.requested_at != b.requested_at ? a.requested_at < b.requested_at : a.id < b.id;
  });
  return out;
}

Status Casebook::ReturnLapsedClaims() {
  // Look first with a read: most calls find nothing to do and take no lock.
  {
    CHORUS_ASSIGN_OR_RETURN(auto reader, vault_.Read());
    CHORUS_ASSIGN_OR_RETURN(auto rows, reader->ListIndex(kClaimIndex, "", 1));
    if (rows.empty()) return Status::Ok();
    CHORUS_ASSIGN_OR_RETURN(auto settings, LoadSettings(*reader));
    if (!settings) return Status::DataLoss("queue index rows without queue settings");
    CHORUS_ASSIGN_OR_RETURN(auto due_id, settings->ParseOrderKey(rows[0].order_key));
    if (due_id.first > clock_.Now()) return Status::Ok();
  }
  CHORUS_ASSIGN_OR_RETURN(Txn txn, Txn::Begin(vault_, clock_.Now()));
  CHORUS_RETURN_IF_ERROR(txn.ReturnLapsedClaims());
  return txn.Commit();
}

Result<std::vector<QueueEntry>> Casebook::Queue(const access::Actor& actor, size_t limit) {
  CHORUS_RETURN_IF_ERROR(access::Require(actor, Permission::kReadCases));
  CHORUS_RETURN_IF_ERROR(ReturnLapsedClaims());
  const Timestamp now = clock_.Now();
  CHORUS_ASSIGN_OR_RETURN(auto reader, vault_.Read());
  CHORUS_ASSIGN_OR_RETURN(auto rows, reader->ListIndex(kReadyIndex, "", limit));
  CHORUS_ASSIGN_OR_RETURN(auto settings, LoadSettings(*reader));
  const QueuePolicy policy = settings ? settings->policy : QueuePolicy{};
  std::vector<QueueEntry> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    CHORUS_ASSIGN_OR_RETURN(auto doc, reader->GetDocument(kCaseDocumentKind, row.payload));
    if (!doc) return Status::DataLoss("the queue names a case that is not stored");
    CHORUS_ASSIGN_OR_RETURN(Case c, CaseFromJson(*doc));
    QueueEntry entry;
    entry.position = static_cast<int64_t>(out.size()) + 1;
    entry.reason = PositionReason(c, policy, now);
    entry.c = std::move(c);
    out.push_back(std::move(entry));
  }
  return out;
}

Result<int64_t> Casebook::WaitingCount(const access::Actor& actor) {
  CHORUS_RETURN_IF_ERROR(access::Require(actor, Permission::kReadCases));
  CHORUS_ASSIGN_OR_RETURN(auto reader, vault_.Read());
  return reader->CountIndexBefore(kReadyIndex, "g");  // after every hex digit
}

Result<Case> Casebook::ClaimNext(const access::Actor& actor) {
  CHORUS_RETURN_IF_ERROR(access::Require(actor, Permission::kClaimCases));
  CHORUS_ASSIGN_OR_RETURN(Txn txn, Txn::Begin(vault_, clock_.Now()));
  CHORUS_RETURN_IF_ERROR(txn.ReturnLapsedClaims());
  CHORUS_ASSIGN_OR_RETURN(auto rows, txn.writer().ListIndex(kReadyIndex, "", 1));
  if (rows.empty()) return Status::NotFound("the queue is empty");
  CHORUS_ASSIGN_OR_RETURN(Case c, txn.Load(rows[0].payload));
  if (!IsWaiting(c)) return Status::DataLoss("the queue index names a case that is not waiting");
  const Case before = c;
  c.assignee = actor.user;
  c.claimed_at = txn.now();
  CHORUS_RETURN_IF_ERROR(txn.Save(before, c));
  auto& recent = txn.settings().recent_claims_ms;
  recent.push_back(Ms(txn.now()));
  if (recent.size() > kPaceWindow) recent.erase(recent.begin());
  txn.SettingsChanged();
  CHORUS_RETURN_IF_ERROR(txn.Audit(actor, "case-claim", c, ""));
  CHORUS_RETURN_IF_ERROR(txn.Commit());
  return c;
}

Result<Case> Casebook::Change(const access::Actor& actor, std::string_view id,
                              std::string_view action,
                              const std::function<Status(Case&, Settings&)>& change) {
  CHORUS_ASSIGN_OR_RETURN(Txn txn, Txn::Begin(vault_, clock_.Now()));
  CHORUS_RETURN_IF_ERROR(txn.ReturnLapsedClaims());
  CHORUS_ASSIGN_OR_RETURN(Case c, txn.Load(id));
  const Case before = c;
  CHORUS_RETURN_IF_ERROR(change(c, txn.settings()));
  CHORUS_RETURN_IF_ERROR(txn.Save(before, c));
  std::string detail;
  if (before.stage != c.stage) {
    detail = std::string(StageName(before.stage)) + " -> " + std::string(StageName(c.stage));
  }
  if (before.assignee != c.assignee) {
    detail += (detail.empty() ? "" : "; ") + std::string("assignee '") + before.assignee +
              "' -> '" + c.assignee + "'";
  }
  CHORUS_RETURN_IF_ERROR(txn.Audit(actor, action, c, std::move(detail)));
  CHORUS_RETURN_IF_ERROR(txn.Commit());
  return c;
}

Result<Case> Casebook::Move(const access::Actor& actor, std::string_view id,
                            const MoveRequest& request) {
  const Timestamp now = clock_.Now();
  return Change(actor, id, "case-move-" + std::string(StageName(request.to)),
                [&](Case& c, Settings&) -> Status {
                  CHORUS_RETURN_IF_ERROR(CheckMove(c, actor, request));
                  ApplyMove(c, actor, request, now);
                  return Status::Ok();
                });
}

namespace {

// The assignee of `c` with kClaimCases, or a lead with kReassignCases.
Status RequireServesOrLeads(const Case& c, const access::Actor& actor) {
  if (access::IsAllowed(actor.role, Permission::kReassignCases)) return Status::Ok();
  if (access::IsAllowed(actor.role, Permission::kClaimCases) && c.assignee == actor.user &&
      !c.assignee.empty()) {
    return Status::Ok();
  }
  return Status::PermissionDenied("only the caseworker serving case " + c.id +
                                  " or a role that may reassign cases may do this");
}

}  // namespace

Result<Case> Casebook::Release(const access::Actor& actor, std::string_view id,
                               std::string_view reason) {
  if (reason.empty()) return Status::InvalidArgument("releasing a case needs a reason");
  const Timestamp now = clock_.Now();
  return Change(actor, id, "case-release", [&](Case& c, Settings&) -> Status {
    CHORUS_RETURN_IF_ERROR(RequireServesOrLeads(c, actor));
    if (c.stage != Stage::kRequested) {
      return Status::FailedPrecondition("case " + c.id + " is " + std::string(StageName(c.stage)) +
                                        ": only a requested case returns to the queue; "
                                        "reassign it instead");
    }
    if (c.assignee.empty()) return Status::FailedPrecondition("case " + c.id + " is not claimed");
    c.notes.push_back({now, actor.user, "released to the queue: " + std::string(reason)});
    c.assignee.clear();
    c.claimed_at.reset();
    return Status::Ok();
  });
}

Result<Case> Casebook::Reassign(const access::Actor& actor, std::string_view id,
                                const access::Actor& to, std::string_view reason) {
  CHORUS_RETURN_IF_ERROR(access::Require(actor, Permission::kReassignCases));
  if (!access::IsAllowed(to.role, Permission::kClaimCases)) {
    return Status::InvalidArgument("user '" + to.user + "' is not a caseworker");
  }
  if (reason.empty()) return Status::InvalidArgument("reassigning a case needs a reason");
  const Timestamp now = clock_.Now();
  return Change(actor, id, "case-reassign", [&](Case& c, Settings&) -> Status {
    if (IsFinal(c.stage)) {
      return Status::FailedPrecondition("case " + c.id + " is " + std::string(StageName(c.stage)));
    }
    c.notes.push_back({now, actor.user,
                       "reassigned from " + (c.assignee.empty() ? "the queue" : c.assignee) +
                           " to " + to.user + ": " + std::string(reason)});
    c.assignee = to.user;
    // A requested case handed over must still be acted on in time.
    if (c.stage == Stage::kRequested) {
      c.claimed_at = now;
    } else {
      c.claimed_at.reset();
    }
    return Status::Ok();
  });
}

Result<Case> Casebook::AddNote(const access::Actor& actor, std::string_view id,
                               std::string_view text) {
  CHORUS_RETURN_IF_ERROR(access::Require(actor, Permission::kWriteCases));
  if (text.empty()) return Status::InvalidArgument("a note needs text");
  const Timestamp now = clock_.Now();
  return Change(actor, id, "case-note", [&](Case& c, Settings&) -> Status {
    c.notes.push_back({now, actor.user, std::string(text)});
    // The assignee's note is acting on the claim.
    if (c.assignee == actor.user) c.claimed_at.reset();
    return Status::Ok();
  });
}

Result<Case> Casebook::SetConsent(const access::Actor& actor, std::string_view id, bool given,
                                  std::string_view note) {
  CHORUS_RETURN_IF_ERROR(access::Require(actor, Permission::kWriteCases));
  if (note.empty()) {
    return Status::InvalidArgument("recording consent needs a note on how it was given");
  }
  const Timestamp now = clock_.Now();
  return Change(actor, id, given ? "case-consent-given" : "case-consent-withdrawn",
                [&](Case& c, Settings&) -> Status {
                  c.consent_to_share = given;
                  c.notes.push_back({now, actor.user,
                                     std::string(given ? "consent to share recorded: "
                                                       : "consent to share withdrawn: ") +
                                         std::string(note)});
                  return Status::Ok();
                });
}

Result<Case> Casebook::AddReferral(const access::Actor& actor, std::string_view id,
                                   std::string_view partner, std::string_view override_reason) {
  CHORUS_RETURN_IF_ERROR(access::Require(actor, Permission::kWriteCases));
  if (partner.empty()) return Status::InvalidArgument("a referral needs a partner organisation");
  const Timestamp now = clock_.Now();
  return Change(actor, id, override_reason.empty() ? "case-referral" : "case-referral-override",
                [&](Case& c, Settings&) -> Status {
                  Referral r;
                  if (!c.consent_to_share) {
                    if (override_reason.empty()) {
                      return Status::FailedPrecondition(
                          "case " + c.id +
                          ": the requester has not consented to sharing with partners; record "
                          "consent first, or override with a reason");
                    }
                    CHORUS_RETURN_IF_ERROR(access::Require(actor, Permission::kOverrideConsent));
                    r.consent_override_reason = std::string(override_reason);
                  }
                  r.id = "ref-" + std::to_string(c.referrals.size() + 1);
                  r.partner = std::string(partner);
                  r.state = ReferralState::kProposed;
                  r.updated = now;
                  c.referrals.push_back(std::move(r));
                  return Status::Ok();
                });
}

Result<Case> Casebook::SetReferralState(const access::Actor& actor, std::string_view id,
                                        std::string_view referral_id, ReferralState state) {
  CHORUS_RETURN_IF_ERROR(access::Require(actor, Permission::kWriteCases));
  const Timestamp now = clock_.Now();
  return Change(actor, id, "case-referral-" + std::string(ReferralStateName(state)),
                [&](Case& c, Settings&) -> Status {
                  for (Referral& r : c.referrals) {
                    if (r.id == referral_id) {
                      r.state = state;
                      r.updated = now;
                      return Status::Ok();
                    }
                  }
                  return Status::NotFound("case " + c.id + " has no referral '" +
                                          std::string(referral_id) + "'");
                });
}

Result<Case> Casebook::Link(const access::Actor& actor, std::string_view id,
                            std::string_view record_id) {
  CHORUS_RETURN_IF_ERROR(access::Require(actor, Permission::kWriteCases));
  {
    CHORUS_ASSIGN_OR_RETURN(auto reader, vault_.Read());
    CHORUS_ASSIGN_OR_RETURN(auto record, reader->Get(record_id));
    if (!record) {
      return Status::InvalidArgument("record '" + std::string(record_id) + "' does not exist");
    }
  }
  return Change(actor, id, "case-link", [&](Case& c, Settings&) -> Status {
    if (std::find(c.links.begin(), c.links.end(), record_id) == c.links.end()) {
      c.links.emplace_back(record_id);
    }
    return Status::Ok();
  });
}

Result<QueuePosition> Casebook::PositionOf(const access::Actor& actor, std::string_view id) {
  CHORUS_RETURN_IF_ERROR(access::Require(actor, Permission::kReadCases));
  CHORUS_RETURN_IF_ERROR(ReturnLapsedClaims());
  CHORUS_ASSIGN_OR_RETURN(auto reader, vault_.Read());
  CHORUS_ASSIGN_OR_RETURN(auto doc, reader->GetDocument(kCaseDocumentKind, id));
  if (!doc) return Status::NotFound("no case '" + std::string(id) + "'");
  CHORUS_ASSIGN_OR_RETURN(Case c, CaseFromJson(*doc));
  QueuePosition out;
  out.id = c.id;
  out.stage = c.stage;
  if (!IsWaiting(c)) return out;
  CHORUS_ASSIGN_OR_RETURN(auto loaded, LoadSettings(*reader));
  if (!loaded) return Status::DataLoss("a waiting case without queue settings");
  const Settings& settings = *loaded;
  const std::string key = settings.OrderKey(EffectiveRequestTime(c, settings.policy), c.id);
  CHORUS_ASSIGN_OR_RETURN(int64_t ahead, reader->CountIndexBefore(kReadyIndex, key));
  out.position = ahead + 1;
  const auto& recent = settings.recent_claims_ms;
  if (recent.size() >= 2) {
    const Duration pace((recent.back() - recent.front()) / static_cast<int64_t>(recent.size() - 1));
    out.expected_wait = pace * out.position;
  }
  return out;
}

Result<std::vector<records::AuditEntry>> Casebook::History(const access::Actor& actor,
                                                           std::string_view id) {
  CHORUS_RETURN_IF_ERROR(access::Require(actor, Permission::kReadCases));
  CHORUS_ASSIGN_OR_RETURN(auto reader, vault_.Read());
  CHORUS_ASSIGN_OR_RETURN(auto doc, reader->GetDocument(kCaseDocumentKind, id));
  if (!doc) return Status::NotFound("no case '" + std::string(id) + "'");
  records::AuditFilter filter;
  filter.record = std::string(id);
  filter.limit = 10000;
  CHORUS_ASSIGN_OR_RETURN(auto entries, records::ListAudit(*reader, filter));
  std::erase_if(entries, [](const records::AuditEntry& e) { return e.event.kind != "case"; });
  return entries;
}

Result<std::vector<Alarm>> Casebook::Alarms(const access::Actor& actor) {
  CHORUS_RETURN_IF_ERROR(access::Require(actor, Permission::kReadCases));
  CHORUS_RETURN_IF_ERROR(ReturnLapsedClaims());
  const Timestamp now = clock_.Now();
  CHORUS_ASSIGN_OR_RETURN(auto reader, vault_.Read());
  CHORUS_ASSIGN_OR_RETURN(auto loaded, LoadSettings(*reader));
  if (!loaded) return std::vector<Alarm>{};
  const Settings& settings = *loaded;
  std::vector<Alarm> out;
  std::string after;
  while (true) {
    CHORUS_ASSIGN_OR_RETURN(auto rows, reader->ListIndex(kDeadlineIndex, after, 500));
    for (const auto& row : rows) {
      CHORUS_ASSIGN_OR_RETURN(auto due_id, settings.ParseOrderKey(row.order_key));
      if (due_id.first > now) return out;
      CHORUS_ASSIGN_OR_RETURN(auto doc, reader->GetDocument(kCaseDocumentKind, due_id.second));
      if (!doc) return Status::DataLoss("the deadline index names a case that is not stored");
      CHORUS_ASSIGN_OR_RETURN(Case c, CaseFromJson(*doc));
      Alarm alarm;
      alarm.due = due_id.first;
      alarm.what = "stage " + std::string(StageName(c.stage)) + " overdue by " +
                   FormatDuration(now - due_id.first);
      alarm.c = std::move(c);
      out.push_back(std::move(alarm));
    }
    if (rows.size() < 500) return out;
    after = rows.back().order_key;
  }
}

Result<QueuePolicy> Casebook::Policy() {
  CHORUS_ASSIGN_OR_RETURN(auto reader, vault_.Read());
  CHORUS_ASSIGN_OR_RETURN(auto settings, LoadSettings(*reader));
  return settings ? settings->policy : QueuePolicy{};
}

Status Casebook::SetPolicy(const access::Actor& actor, const QueuePolicy& policy) {
  CHORUS_RETURN_IF_ERROR(access::Require(actor, Permission::kConfigureQueue));
  if (policy.claim_timeout <= Duration(0)) {
    return Status::InvalidArgument("the claim timeout must be positive");
  }
  for (Duration credit : policy.credit) {
    if (credit < Duration(0)) return Status::InvalidArgument("a tier credit must not be negative");
  }
  CHORUS_ASSIGN_OR_RETURN(Txn txn, Txn::Begin(vault_, clock_.Now()));
  txn.settings().policy = policy;
  txn.SettingsChanged();
  CHORUS_RETURN_IF_ERROR(txn.RebuildIndexes());
  records::AuditEvent event;
  event.actor = actor.user;
  event.action = "queue-configure";
  event.kind = "case";
  event.detail = "credits, claim timeout and stage deadlines changed";
  CHORUS_RETURN_IF_ERROR(records::AppendAudit(txn.writer(), event, txn.now()));
  return txn.Commit();
}

}  // namespace chorus::casework
