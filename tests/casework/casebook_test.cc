// The casebook over a real encrypted SQLite store: the queue order, claims
// (also from many threads at once), lapsed claims, moves, consent, alarms,
// and the audit chain after it all.
#include "casework/casebook.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "records/audit.h"
#include "store/sqlite/sqlite_store.h"
#include "support/temp_dir.h"

namespace chorus::casework {
namespace {

using access::Actor;
using access::Role;
using std::chrono::days;
using std::chrono::hours;

class SteppedClock : public Clock {
 public:
  Timestamp Now() const override { return Timestamp(Duration(now_ms_.load())); }
  void Advance(Duration d) { now_ms_ += d.count(); }

 private:
  std::atomic<int64_t> now_ms_{1'700'000'000'000};
};

const Actor kAdmin{"admin", Role::kAdministrator};
const Actor kKim{"kim", Role::kCaseworker};
const Actor kLee{"lee", Role::kCaseworker};
const Actor kAnalyst{"ana", Role::kAnalyst};

class CasebookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store =
        store::sqlite::OpenSqliteStore(dir_.File("cases.chorus"), store::sqlite::OpenMode::kCreate);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    ASSERT_TRUE(records::InitializeKeys(*store_, "pass", crypto::KdfParams::Minimum()).ok());
    auto vault = records::Vault::Unlock(*store_, "pass");
    ASSERT_TRUE(vault.ok());
    vault_ = std::make_unique<records::Vault>(std::move(vault).value());
    book_ = std::make_unique<Casebook>(*vault_, clock_);
  }

  Case AddCase(Tier tier, Duration ago, const std::string& reason = "asked for help") {
    NewCase request;
    request.tier = tier;
    request.tier_reason = reason;
    request.requested_at = clock_.Now() - ago;
    request.requester_name = "Secret Requester";
    request.location = "a dormitory in Vladivostok";
    auto c = book_->Add(kAdmin, request);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return *c;
  }

  void ExpectAuditVerifies() {
    auto reader = vault_->Read();
    ASSERT_TRUE(reader.ok());
    auto verified = records::VerifyAudit(**reader);
    EXPECT_TRUE(verified.ok()) << verified.status().ToString();
  }

  chorus::test_support::TempDir dir_;
  SteppedClock clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<records::Vault> vault_;
  std::unique_ptr<Casebook> book_;
};

TEST_F(CasebookTest, ListsAndClaimsInTheDesignatedOrder) {
  const Case standard_old = AddCase(Tier::kStandard, days(10));
  const Case vulnerable = AddCase(Tier::kVulnerable, days(1));
  const Case immediate = AddCase(Tier::kImmediate, hours(1));
  const Case standard_new = AddCase(Tier::kStandard, hours(2));

  auto queue = book_->Queue(kKim, 10);
  ASSERT_TRUE(queue.ok()) << queue.status().ToString();
  ASSERT_EQ(queue->size(), 4u);
  // immediate (effective -30d), standard_old (-10d), vulnerable (-8d), standard_new.
  EXPECT_EQ((*queue)[0].c.id, immediate.id);
  EXPECT_EQ((*queue)[1].c.id, standard_old.id);
  EXPECT_EQ((*queue)[2].c.id, vulnerable.id);
  EXPECT_EQ((*queue)[3].c.id, standard_new.id);
  EXPECT_EQ((*queue)[0].reason.rfind("tier: immediate danger; waiting 1 h", 0), 0u)
      << (*queue)[0].reason;

  auto position = book_->PositionOf(kKim, vulnerable.id);
  ASSERT_TRUE(position.ok());
  EXPECT_EQ(position->position, 3);
  EXPECT_FALSE(position->expected_wait);  // no pace yet

  for (const Case& expected : {immediate, standard_old, vulnerable, standard_new}) {
    auto claimed = book_->ClaimNext(kKim);
    ASSERT_TRUE(claimed.ok()) << claimed.status().ToString();
    EXPECT_EQ(claimed->id, expected.id);
    EXPECT_EQ(claimed->assignee, "kim");
    clock_.Advance(std::chrono::minutes(10));
  }
  auto empty = book_->ClaimNext(kKim);
  EXPECT_EQ(empty.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(empty.status().message(), "the queue is empty");
  ExpectAuditVerifies();
}

TEST_F(CasebookTest, ExpectedWaitFollowsThePaceOfClaims) {
  for (int i = 0; i < 5; ++i) AddCase(Tier::kStandard, days(5 - i));
  for (int i = 0; i < 3; ++i) {
    auto claimed = book_->ClaimNext(kKim);
    ASSERT_TRUE(claimed.ok());
    ASSERT_TRUE(book_->AddNote(kKim, claimed->id, "called back").ok());  // acts on the claim
    clock_.Advance(hours(2));
  }
  auto queue = book_->Queue(kKim, 10);
  ASSERT_EQ(queue->size(), 2u);
  auto position = book_->PositionOf(kLee, (*queue)[1].c.id);
  ASSERT_TRUE(position.ok());
  EXPECT_EQ(position->position, 2);
  ASSERT_TRUE(position->expected_wait);
  EXPECT_EQ(*position->expected_wait, Duration(hours(4)));
}

TEST_F(CasebookTest, OnlyCaseworkersClaimAndOnlyCaseRolesRead) {
  AddCase(Tier::kStandard, hours(1));
  EXPECT_EQ(book_->ClaimNext(kAnalyst).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(book_->Queue(kAnalyst, 10).status().code(), StatusCode::kPermissionDenied);
  NewCase request;
  request.tier_reason = "x";
  EXPECT_EQ(book_->Add(kAnalyst, request).status().code(), StatusCode::kPermissionDenied);
}

TEST_F(CasebookTest, RejectsBadRequestsAndChangesNothing) {
  NewCase no_reason;
  EXPECT_EQ(book_->Add(kAdmin, no_reason).status().code(), StatusCode::kInvalidArgument);
  NewCase future;
  future.tier_reason = "x";
  future.requested_at = clock_.Now() + days(1);
  EXPECT_EQ(book_->Add(kAdmin, future).status().code(), StatusCode::kInvalidArgument);
  NewCase ghost;
  ghost.tier_reason = "x";
  ghost.person = "per-nobody";
  EXPECT_EQ(book_->Add(kAdmin, ghost).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(*book_->WaitingCount(kAdmin), 0);
}

TEST_F(CasebookTest, SixteenThreadsClaimEveryCaseExactlyOnceInOrder) {
  constexpr int kCases = 120;
  for (int i = 0; i < kCases; ++i) AddCase(static_cast<Tier>(i % 3), std::chrono::minutes(i));
  auto queue = book_->Queue(kKim, kCases);
  ASSERT_EQ(static_cast<int>(queue->size()), kCases);

  std::mutex mu;
  std::vector<std::pair<int64_t, std::string>> claims;  // (claim time order, id)
  std::atomic<int64_t> sequence{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&, t] {
      const Actor me{"worker" + std::to_string(t), Role::kCaseworker};
      while (true) {
        auto claimed = book_->ClaimNext(me);
        if (!claimed.ok()) {
          if (claimed.status().code() == StatusCode::kNotFound) return;
          if (claimed.status().code() == StatusCode::kUnavailable) continue;
          ADD_FAILURE() << claimed.status().ToString();
          return;
        }
        std::lock_guard lock(mu);
        claims.emplace_back(sequence++, claimed->id);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_EQ(static_cast<int>(claims.size()), kCases);
  std::set<std::string> unique;
  for (const auto& [seq, id] : claims) unique.insert(id);
  EXPECT_EQ(static_cast<int>(unique.size()), kCases) << "a case was claimed twice";
  // The audit chain holds the claims in commit order: the queue order.
  auto reader = vault_->Read();
  records::AuditFilter filter;
  filter.action = "case-claim";
  auto entries = records::ListAudit(**reader, filter);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), queue->size());
  for (size_t i = 0; i < entries->size(); ++i) {
    EXPECT_EQ((*entries)[i].event.record, (*queue)[i].c.id) << i;
  }
  ExpectAuditVerifies();
}

TEST_F(CasebookTest, AClaimNotActedOnReturnsToTheQueue) {
  const Case c = AddCase(Tier::kVulnerable, hours(1));
  ASSERT_TRUE(book_->ClaimNext(kKim).ok());
  EXPECT_EQ(*book_->WaitingCount(kKim), 0);
  clock_.Advance(hours(5));  // past the 4 h claim timeout
  auto queue = book_->Queue(kLee, 10);
  ASSERT_EQ(queue->size(), 1u);
  EXPECT_EQ((*queue)[0].c.id, c.id);
  EXPECT_EQ((*queue)[0].c.assignee, "");
  auto again = book_->ClaimNext(kLee);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->assignee, "lee");
  // Acting on the claim (a move) keeps it.
  ASSERT_TRUE(book_->Move(kLee, c.id, {Stage::kVerified, "identity checked", std::nullopt}).ok());
  clock_.Advance(hours(5));
  EXPECT_EQ(book_->Queue(kKim, 10)->size(), 0u);
  ExpectAuditVerifies();
}

TEST_F(CasebookTest, MovesFollowTheTableAndKeepHistory) {
  const Case c = AddCase(Tier::kImmediate, hours(1));
  EXPECT_EQ(book_->Move(kKim, c.id, {Stage::kVerified, "x", std::nullopt}).status().code(),
            StatusCode::kPermissionDenied);  // not claimed yet
  ASSERT_TRUE(book_->ClaimNext(kKim).ok());
  EXPECT_EQ(book_->Move(kKim, c.id, {Stage::kSheltered, "x", std::nullopt}).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(book_->Move(kLee, c.id, {Stage::kVerified, "x", std::nullopt}).status().code(),
            StatusCode::kPermissionDenied);
  for (Stage to : {Stage::kVerified, Stage::kSheltered, Stage::kInTransfer, Stage::kResettled}) {
    auto moved = book_->Move(kKim, c.id, {to, "done", std::nullopt});
    ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  }
  auto done = book_->Get(kKim, c.id);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->stage, Stage::kResettled);
  EXPECT_EQ(done->stages.size(), 4u);
  EXPECT_EQ(book_->Move(kKim, c.id, {Stage::kClosed, "x", CloseReason::kDuplicate}).status().code(),
            StatusCode::kFailedPrecondition);

  auto reader = vault_->Read();
  records::AuditFilter filter;
  filter.record = c.id;
  auto history = records::ListAudit(**reader, filter);
  ASSERT_TRUE(history.ok());
  std::vector<std::string> actions;
  for (const auto& e : *history) actions.push_back(e.event.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"case-add", "case-claim", "case-move-verified",
                                               "case-move-sheltered", "case-move-in_transfer",
                                               "case-move-resettled", "case-read"}));
  ExpectAuditVerifies();
}

TEST_F(CasebookTest, ReleaseAndReassignNeedReasons) {
  const Case c = AddCase(Tier::kStandard, hours(1));
  ASSERT_TRUE(book_->ClaimNext(kKim).ok());
  EXPECT_EQ(book_->Release(kKim, c.id, "").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(book_->Release(kLee, c.id, "not mine").status().code(), StatusCode::kPermissionDenied);
  ASSERT_TRUE(book_->Release(kKim, c.id, "going on leave").ok());
  EXPECT_EQ(*book_->WaitingCount(kKim), 1);
  EXPECT_EQ(book_->Reassign(kKim, c.id, kLee, "x").status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(book_->Reassign(kAdmin, c.id, kAnalyst, "x").status().code(),
            StatusCode::kInvalidArgument);
  auto reassigned = book_->Reassign(kAdmin, c.id, kLee, "speaks Russian");
  ASSERT_TRUE(reassigned.ok());
  EXPECT_EQ(reassigned->assignee, "lee");
  EXPECT_EQ(*book_->WaitingCount(kKim), 0);
}

TEST_F(CasebookTest, NothingIsSharedWithoutConsentOrARecordedOverride) {
  const Case c = AddCase(Tier::kStandard, hours(1));
  auto refused = book_->AddReferral(kKim, c.id, "Partner Shelter", "");
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(book_->AddReferral(kKim, c.id, "Partner Shelter", "urgent").status().code(),
            StatusCode::kPermissionDenied);  // caseworkers may not override
  auto overridden = book_->AddReferral(kAdmin, c.id, "Partner Shelter", "life at risk tonight");
  ASSERT_TRUE(overridden.ok());
  EXPECT_EQ(overridden->referrals[0].consent_override_reason, "life at risk tonight");
  ASSERT_TRUE(book_->SetConsent(kKim, c.id, true, "said yes on the phone").ok());
  auto referred = book_->AddReferral(kKim, c.id, "Second Partner", "");
  ASSERT_TRUE(referred.ok());
  auto updated = book_->SetReferralState(kKim, c.id, "ref-2", ReferralState::kAccepted);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->referrals[1].state, ReferralState::kAccepted);
  EXPECT_EQ(book_->SetReferralState(kKim, c.id, "ref-9", ReferralState::kSent).status().code(),
            StatusCode::kNotFound);
  auto reader = vault_->Read();
  records::AuditFilter filter;
  filter.action = "case-referral-override";
  EXPECT_EQ(records::ListAudit(**reader, filter)->size(), 1u);
}

TEST_F(CasebookTest, MissedDeadlinesRaiseAlarms) {
  const Case late = AddCase(Tier::kStandard, days(3));  // requested stage allows 2 d
  AddCase(Tier::kStandard, hours(1));
  auto alarms = book_->Alarms(kKim);
  ASSERT_TRUE(alarms.ok());
  ASSERT_EQ(alarms->size(), 1u);
  EXPECT_EQ((*alarms)[0].c.id, late.id);
  EXPECT_EQ((*alarms)[0].what, "stage requested overdue by 1 d 0 h");
  clock_.Advance(days(2));
  EXPECT_EQ(book_->Alarms(kKim)->size(), 2u);
}

TEST_F(CasebookTest, ANewPolicyReordersTheQueue) {
  const Case standard = AddCase(Tier::kStandard, days(3));
  const Case vulnerable = AddCase(Tier::kVulnerable, hours(1));
  EXPECT_EQ((*book_->Queue(kKim, 10))[0].c.id, vulnerable.id);
  QueuePolicy policy;
  policy.credit = {days(2), days(1), Duration(0)};
  EXPECT_EQ(book_->SetPolicy(kKim, policy).code(), StatusCode::kPermissionDenied);
  ASSERT_TRUE(book_->SetPolicy(kAdmin, policy).ok());
  EXPECT_EQ((*book_->Queue(kKim, 10))[0].c.id, standard.id);
  EXPECT_EQ(book_->Policy()->credit[1], Duration(days(1)));
  ExpectAuditVerifies();
}

}  // namespace
}  // namespace chorus::casework
