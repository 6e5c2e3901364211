// The link review queue over a real encrypted store: proposals for people
// written in three scripts and for one escape told twice, confirm, reject,
// merge by hand, and an unmerge that restores every record exactly; persons
// at risk take part only for a holder of their compartment.
#include "review/review.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "access/users.h"
#include "compartments/seal.h"
#include "core/corroboration.h"
#include "records/audit.h"
#include "records/record_view.h"
#include "server/compartment_keys.h"
#include "server/user_store.h"
#include "support/test_vault.h"

namespace chorus::review {
namespace {

using ::testing::HasSubstr;

const Timestamp kAt = *ParseTimestamp("2026-12-02T10:00:00Z");

// Every record of the store by id, as stored.
std::map<std::string, core::Record> Snapshot(records::Vault& vault) {
  std::map<std::string, core::Record> all;
  auto reader = *vault.Read();
  for (const char* name : {"source", "report", "file", "event", "act", "involvement", "person",
                           "organization", "post", "membership", "place"}) {
    auto records = reader->ListKind(*core::ParseRecordKind(name));
    EXPECT_TRUE(records.ok());
    for (core::Record& r : *records) all.emplace(core::IdOf(r), std::move(r));
  }
  return all;
}

class ReviewTest : public testing::Test {
 protected:
  void SetUp() override {
    store_.Create();
    ASSERT_FALSE(HasFatalFailure());
    store_.Import("review/duplicates.json");
  }
  records::Vault& vault() { return store_.vault(); }

  std::vector<LinkProposal> Pending(core::RecordKind kind) {
    auto reader = *vault().Read();
    auto proposals = ListProposals(*reader, kind, ProposalStatus::kPending);
    EXPECT_TRUE(proposals.ok()) << proposals.status().ToString();
    return *proposals;
  }
  // The pending proposal for a pair, or fails the test.
  LinkProposal ProposalFor(core::RecordKind kind, const std::string& a, const std::string& b) {
    for (const auto& p : Pending(kind)) {
      if (p.id == ProposalIdOf(a, b)) return p;
    }
    ADD_FAILURE() << "no pending proposal for " << a << " and " << b;
    return {};
  }
  ProposeSummary Propose(core::RecordKind kind, const Reviewer& reviewer = {"test", nullptr}) {
    auto summary = ProposeLinks(vault(), kind, reviewer, kAt, {});
    EXPECT_TRUE(summary.ok()) << summary.status().ToString();
    return summary.ok() ? *summary : ProposeSummary{};
  }
  core::Record Stored(const std::string& id) {
    auto reader = *vault().Read();
    auto record = reader->Require(id);
    EXPECT_TRUE(record.ok()) << record.status().ToString();
    return *record;
  }
  bool Exists(const std::string& id) {
    auto reader = *vault().Read();
    return (*reader->Get(id)).has_value();
  }

  test_support::TestVault store_;
  Reviewer reviewer_{"test", nullptr};
};

TEST_F(ReviewTest, ProposesTheManWrittenInThreeScriptsAndNobodyElse) {
  ProposeSummary summary = Propose(core::RecordKind::kPerson);
  EXPECT_EQ(summary.found.compared, 5u);
  EXPECT_EQ(summary.found.skipped, 1u);  // the driver has no name
  EXPECT_FALSE(summary.found.estimated);
  EXPECT_EQ(summary.added, 3u);
  std::vector<LinkProposal> pending = Pending(core::RecordKind::kPerson);
  ASSERT_EQ(pending.size(), 3u);
  for (const auto& p : pending) {
    EXPECT_THAT(p.left + " " + p.right, Not(HasSubstr("per-kim")));
    EXPECT_THAT(p.left + " " + p.right, Not(HasSubstr("per-pak")));
    EXPECT_GT(p.probability, 0.9);
    ASSERT_FALSE(p.fields.empty());
    EXPECT_EQ(p.fields[0].field, "name");
    EXPECT_EQ(p.fields[0].level, "same phonetic key");
  }
  // Running again re-scores, adds nothing.
  ProposeSummary again = Propose(core::RecordKind::kPerson);
  EXPECT_EQ(again.added, 0u);
  EXPECT_EQ(again.updated, 3u);
}

TEST_F(ReviewTest, TheQueueIsOrderedByUncertainty) {
  ASSERT_TRUE(
      ProposeLinks(vault(), core::RecordKind::kEvent, reviewer_, kAt, {.threshold = 0.01}).ok());
  std::vector<LinkProposal> pending = Pending(core::RecordKind::kEvent);
  ASSERT_GE(pending.size(), 2u);
  for (size_t i = 1; i < pending.size(); ++i) {
    EXPECT_LE(std::abs(pending[i - 1].probability - 0.5), std::abs(pending[i].probability - 0.5));
  }
}

TEST_F(ReviewTest, ConfirmingMergesAndPointsEveryReferrerAtTheKeptPerson) {
  Propose(core::RecordKind::kPerson);
  LinkProposal proposal = ProposalFor(core::RecordKind::kPerson, "per-ri-hangul", "per-ri-latin");
  auto merge = ConfirmProposal(vault(), proposal.id, reviewer_, kAt);
  ASSERT_TRUE(merge.ok()) << merge.status().ToString();
  EXPECT_EQ(merge->kept, "per-ri-hangul");
  EXPECT_EQ(merge->merged, "per-ri-latin");
  EXPECT_FALSE(Exists("per-ri-latin"));
  const auto person = std::get<core::Person>(Stored("per-ri-hangul"));
  ASSERT_EQ(person.names.size(), 2u);
  EXPECT_EQ(person.names[1].text, "Ri Myong Su");
  EXPECT_EQ(person.names[1].reports, std::vector<std::string>{"rpt-2"});
  EXPECT_EQ(person.description, "beat workers");
  EXPECT_EQ(std::get<core::Involvement>(Stored("inv-ri")).person_id, "per-ri-hangul");
  EXPECT_EQ(std::get<core::Membership>(Stored("mem-ri")).person_id, "per-ri-hangul");

  auto reader = *vault().Read();
  auto decided = GetProposal(*reader, proposal.id);
  ASSERT_TRUE(decided.ok());
  EXPECT_EQ(decided->status, ProposalStatus::kConfirmed);
  EXPECT_EQ(decided->merge_id, merge->id);
  // The proposal naming the merged record leaves the queue.
  for (const auto& p : Pending(core::RecordKind::kPerson)) {
    EXPECT_NE(p.left, "per-ri-latin");
    EXPECT_NE(p.right, "per-ri-latin");
  }
  EXPECT_EQ(Pending(core::RecordKind::kPerson).size(), 1u);
  // Confirming twice is refused.
  EXPECT_EQ(ConfirmProposal(vault(), proposal.id, reviewer_, kAt).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_TRUE(records::VerifyAudit(*reader).ok());
  auto audit = records::ListAudit(*reader, {});
  ASSERT_TRUE(audit.ok());
  bool merge_logged = false;
  for (const auto& entry : *audit) {
    merge_logged =
        merge_logged || (entry.event.action == "merge" && entry.event.record == "per-ri-hangul");
  }
  EXPECT_TRUE(merge_logged);
}

TEST_F(ReviewTest, AMergeFollowedByAnUnmergeRestoresEveryRecordExactly) {
  Propose(core::RecordKind::kPerson);
  const auto before = Snapshot(vault());
  LinkProposal proposal = ProposalFor(core::RecordKind::kPerson, "per-ri-hangul", "per-ri-latin");
  auto merge = ConfirmProposal(vault(), proposal.id, reviewer_, kAt);
  ASSERT_TRUE(merge.ok());
  ASSERT_NE(Snapshot(vault()), before);
  auto undone = Unmerge(vault(), merge->id, reviewer_, kAt);
  ASSERT_TRUE(undone.ok()) << undone.status().ToString();
  EXPECT_EQ(Snapshot(vault()), before);
  // The proposal is back in the queue; the merge is kept, marked undone.
  EXPECT_EQ(ProposalFor(core::RecordKind::kPerson, "per-ri-hangul", "per-ri-latin").status,
            ProposalStatus::kPending);
  auto reader = *vault().Read();
  auto merges = ListMerges(*reader);
  ASSERT_TRUE(merges.ok());
  ASSERT_EQ(merges->size(), 1u);
  EXPECT_TRUE(merges->front().undone);
  EXPECT_EQ(Unmerge(vault(), merge->id, reviewer_, kAt).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_TRUE(records::VerifyAudit(*reader).ok());
}

TEST_F(ReviewTest, AnUnmergeThatWouldLoseALaterEditIsRefusedAndChangesNothing) {
  auto merge = Merge(vault(), "per-ri-hangul", "per-ri-latin", reviewer_, kAt);
  ASSERT_TRUE(merge.ok()) << merge.status().ToString();
  {
    auto writer = *vault().Write();
    auto person = std::get<core::Person>(*writer->Require("per-ri-hangul"));
    person.description = "edited after the merge";
    ASSERT_TRUE(writer->Update(person).ok());
    ASSERT_TRUE(writer->Commit().ok());
  }
  const auto edited = Snapshot(vault());
  auto refused = Unmerge(vault(), merge->id, reviewer_, kAt);
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.status().message(), HasSubstr("per-ri-hangul"));
  EXPECT_EQ(Snapshot(vault()), edited);
}

TEST_F(ReviewTest, RejectedPairsStayRejected) {
  Propose(core::RecordKind::kPerson);
  LinkProposal proposal =
      ProposalFor(core::RecordKind::kPerson, "per-li-cyrillic", "per-ri-hangul");
  auto rejected = RejectProposal(vault(), proposal.id, reviewer_, kAt);
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->status, ProposalStatus::kRejected);
  EXPECT_EQ(Pending(core::RecordKind::kPerson).size(), 2u);
  ProposeSummary again = Propose(core::RecordKind::kPerson);
  EXPECT_EQ(again.decided, 1u);
  EXPECT_EQ(Pending(core::RecordKind::kPerson).size(), 2u);
  EXPECT_EQ(RejectProposal(vault(), proposal.id, reviewer_, kAt).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(RejectProposal(vault(), "lp-0000000000000000", reviewer_, kAt).status().code(),
            StatusCode::kNotFound);
}

TEST_F(ReviewTest, BadMergesAreRefusedAndChangeNothing) {
  const auto before = Snapshot(vault());
  EXPECT_EQ(Merge(vault(), "per-kim", "per-missing", reviewer_, kAt).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(Merge(vault(), "per-kim", "evt-recall", reviewer_, kAt).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Merge(vault(), "per-kim", "per-pak", reviewer_, kAt).status().code(),
            StatusCode::kInvalidArgument);  // male and female
  EXPECT_EQ(Merge(vault(), "plc-ru", "plc-vlad", reviewer_, kAt).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Unmerge(vault(), "mrg-0000000000000000", reviewer_, kAt).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(Snapshot(vault()), before);
}

TEST_F(ReviewTest, OneEscapeToldTwiceIsProposedMergedCorroboratedAndUnmerged) {
  ProposeSummary summary = Propose(core::RecordKind::kEvent);
  EXPECT_EQ(summary.found.compared, 4u);
  ASSERT_EQ(summary.added, 1u);
  LinkProposal proposal = ProposalFor(core::RecordKind::kEvent, "evt-escape-1", "evt-escape-2");
  EXPECT_GT(proposal.probability, 0.9);
  const auto before = Snapshot(vault());
  auto merge = ConfirmProposal(vault(), proposal.id, reviewer_, kAt);
  ASSERT_TRUE(merge.ok()) << merge.status().ToString();
  EXPECT_EQ(std::get<core::Act>(Stored("act-escape-2")).event_id, "evt-escape-1");
  EXPECT_EQ(std::get<core::Event>(Stored("evt-beating")).related.front().event_id, "evt-escape-1");
  // Two independent sources now support the escape.
  {
    auto reader = *vault().Read();
    auto view = records::ViewRecord(*reader, "evt-escape-1");
    ASSERT_TRUE(view.ok()) << view.status().ToString();
    ASSERT_TRUE(view->corroboration.has_value());
    EXPECT_EQ(view->corroboration->independent_sources, 2);
  }
  ASSERT_TRUE(Unmerge(vault(), merge->id, reviewer_, kAt).ok());
  EXPECT_EQ(Snapshot(vault()), before);
}

class ReviewAtRiskTest : public ReviewTest {
 protected:
  void SetUp() override {
    ReviewTest::SetUp();
    ASSERT_FALSE(HasFatalFailure());
    {
      auto writer = *vault().Write();
      for (const char* id : {"per-ri-hangul", "per-li-cyrillic"}) {
        auto person = std::get<core::Person>(*writer->Require(id));
        person.at_risk = true;
        ASSERT_TRUE(writer->Update(person).ok());
      }
      ASSERT_TRUE(writer->Commit().ok());
    }
    // The first documenter founds people-at-risk: the names are sealed.
    auto user = access::MakeUser("doc", access::Role::kDocumenter, kPassword);
    ASSERT_TRUE(user.ok());
    ASSERT_TRUE(server::AddUser(vault(), *user, kAt, "test").ok());
    auto reader = *vault().Read();
    auto found = server::FindUser(*reader, "doc");
    ASSERT_TRUE(found.ok() && found->has_value());
    auto keyring = server::UnlockKeyring(*reader, **found, kPassword);
    ASSERT_TRUE(keyring.ok()) << keyring.status().ToString();
    keyring_ = std::move(*keyring);
  }
  static constexpr const char* kPassword = "a long test password";
  compartments::Keyring keyring_;
};

TEST_F(ReviewAtRiskTest, SealedNamesTakePartOnlyForAHolderAndStaySealed) {
  ASSERT_TRUE(std::get<core::Person>(Stored("per-ri-hangul")).sealed.has_value());
  ProposeSummary blind = Propose(core::RecordKind::kPerson);
  EXPECT_EQ(blind.found.skipped, 3u);  // two sealed, one unnamed
  EXPECT_EQ(blind.added, 0u);

  const Reviewer holder{"doc", &keyring_};
  ProposeSummary opened = Propose(core::RecordKind::kPerson, holder);
  EXPECT_EQ(opened.found.skipped, 1u);
  EXPECT_EQ(opened.added, 3u);

  const auto before = Snapshot(vault());
  auto refused = Merge(vault(), "per-ri-hangul", "per-li-cyrillic", reviewer_, kAt);
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(Snapshot(vault()), before);

  auto merge = Merge(vault(), "per-ri-hangul", "per-li-cyrillic", holder, kAt);
  ASSERT_TRUE(merge.ok()) << merge.status().ToString();
  core::Record merged = Stored("per-ri-hangul");
  const auto& sealed = std::get<core::Person>(merged);
  EXPECT_TRUE(sealed.names.empty());
  ASSERT_TRUE(sealed.sealed.has_value());
  ASSERT_TRUE(*compartments::OpenRecord(merged, keyring_));
  EXPECT_EQ(std::get<core::Person>(merged).names.size(), 2u);
  // The queue shows ids and levels only: no name opens through it.
  auto reader = *vault().Read();
  auto proposals = ListProposals(*reader, std::nullopt, std::nullopt);
  ASSERT_TRUE(proposals.ok());
  for (const auto& p : *proposals) {
    for (const auto& f : p.fields) EXPECT_THAT(f.level, Not(HasSubstr("리명수")));
  }
  ASSERT_TRUE(Unmerge(vault(), merge->id, reviewer_, kAt).ok());
  EXPECT_EQ(Snapshot(vault()), before);
}

}  // namespace
}  // namespace chorus::review
