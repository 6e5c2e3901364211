// File: casework/casebook.h
// Cases kept in the encrypted store and served in the designated order.
// Each case is a sealed document; three ordered index rows make the queue
// cheap with 100,000 open cases: "queue-ready" (waiting cases by effective
// request time), "queue-claims" (claims by when they lapse) and
// "queue-deadlines" (open cases by when their stage is overdue). Their
// order keys are times shifted by a secret random offset, plus the case id:
// the store file shows how many cases wait and the gaps between their
// times, never who asked, why, or where (docs/SECURITY.md).
//
// Every operation is one write transaction that also appends its audit
// entry, so the store's writer lock makes claims atomic across threads,
// processes and servers: every case is claimed exactly once, in order.
// Lapsed claims return to the queue in the next operation that looks.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/policy.h"
#include "base/clock.h"
#include "base/status.h"
#include "casework/case.h"
#include "casework/order.h"
#include "casework/workflow.h"
#include "records/audit.h"
#include "records/vault.h"

namespace chorus::casework {

inline constexpr std::string_view kCaseDocumentKind = "case";

struct NewCase {
  Tier tier = Tier::kStandard;
  std::string tier_reason;
  std::optional<Timestamp> requested_at;  // default: now
  std::string person;                     // a person record id, optional
  std::string requester_name;
  std::string contact;
  std::string location;
  std::vector<std::string> links;
};

struct QueueEntry {
  Case c;
  int64_t position = 0;  // 1 = next
  std::string reason;    // "tier: immediate danger; waiting 3 d 4 h"
};

// What a requester may be told: nothing about any other case.
struct QueuePosition {
  std::string id;
  int64_t position = 0;  // 0 when the case no longer waits
  Stage stage = Stage::kRequested;
  // From the pace of recent claims; nullopt until there is a pace.
  std::optional<Duration> expected_wait;
};

struct Alarm {
  Case c;
  Timestamp due;
  std::string what;  // "stage requested overdue by 1 d 2 h"
};

class Casebook {
 public:
  // `vault` and `clock` must outlive the Casebook. Thread-safe.
  Casebook(records::Vault& vault, const Clock& clock);

  // A new request for help; its id is "case-" + random hex.
  Result<Case> Add(const access::Actor& actor, const NewCase& request);

  // Many requests in one transaction (a list carried over from paper or a
  // spreadsheet): all are added or none.
  Result<std::vector<Case>> AddMany(const access::Actor& actor,
                                    const std::vector<NewCase>& requests);

  // NotFound naming the id.
  Result<Case> Get(const access::Actor& actor, std::string_view id);

  // Every case, optionally of one stage, in request order (the board).
  Result<std::vector<Case>> List(const access::Actor& actor, std::optional<Stage> stage);

  // The first `limit` waiting cases in the designated order, with reasons.
  Result<std::vector<QueueEntry>> Queue(const access::Actor& actor, size_t limit);
  Result<int64_t> WaitingCount(const access::Actor& actor);

  // Gives `actor` (a caseworker) the next waiting case, atomically.
  // NotFound("the queue is empty") when nothing waits.
  Result<Case> ClaimNext(const access::Actor& actor);

  Result<Case> Move(const access::Actor& actor, std::string_view id, const MoveRequest& request);

  // Back to the queue, with a reason (the assignee or a lead).
  Result<Case> Release(const access::Actor& actor, std::string_view id, std::string_view reason);
  // To another caseworker `to` (who must hold kClaimCases), with a reason.
  Result<Case> Reassign(const access::Actor& actor, std::string_view id, const access::Actor& to,
                        std::string_view reason);

  Result<Case> AddNote(const access::Actor& actor, std::string_view id, std::string_view text);
  Result<Case> SetConsent(const access::Actor& actor, std::string_view id, bool given,
                          std::string_view note);
  // A referral to a partner shares case data: refused without the
  // requester's consent unless `override_reason` is given by a role with
  // kOverrideConsent (the reason goes to the audit log).
  Result<Case> AddReferral(const access::Actor& actor, std::string_view id,
                           std::string_view partner, std::string_view override_reason);
  Result<Case> SetReferralState(const access::Actor& actor, std::string_view id,
                                std::string_view referral_id, ReferralState state);
  // Links a documentation record (must exist).
  Result<Case> Link(const access::Actor& actor, std::string_view id, std::string_view record_id);

  Result<QueuePosition> PositionOf(const access::Actor& actor, std::string_view id);

  // The case's entries in the audit log, oldest first.
  Result<std::vector<records::AuditEntry>> History(const access::Actor& actor, std::string_view id);

  // Open cases whose stage is overdue, most overdue first.
  Result<std::vector<Alarm>> Alarms(const access::Actor& actor);

  Result<QueuePolicy> Policy();
  // Replaces the policy and re-keys the queue and deadline indexes.
  Status SetPolicy(const access::Actor& actor, const QueuePolicy& policy);

 private:
  struct Settings;
  class Txn;
  // nullopt before the first case.
  static Result<std::optional<Settings>> LoadSettings(records::RecordReader& reader);
  Result<Case> Change(const access::Actor& actor, std::string_view id, std::string_view action,
                      const std::function<Status(Case&, Settings&)>& change);
  Status ReturnLapsedClaims();

  records::Vault& vault_;
  const Clock& clock_;
};

}  // namespace chorus::casework
