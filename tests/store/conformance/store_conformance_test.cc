// The store conformance suite: every engine of store::Store must pass these
// same tests, unchanged (STYLE.md habit 9). The PostgreSQL instantiation
// fails, never skips, when no cluster is available.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "crypto/crypto.h"
#include "records/audit.h"
#include "records/bundle_io.h"
#include "records/key_rotation.h"
#include "records/vault.h"
#include "store/conformance/engine_harness.h"
#include "store/store.h"
#include "support/faulty_store.h"

namespace chorus::store {
namespace {

using testing::Engine;
using testing::EngineHarness;

constexpr const char* kPassphrase = "correct horse battery staple";
const std::string kBundlePath =
    std::string(CHORUS_SOURCE_DIR) + "/tests/store/data/small_bundle.json";

StoredRecord Row(std::string key, std::string kind, std::vector<std::string> tokens = {},
                 std::string body = "", int64_t version = 1) {
  StoredRecord r;
  r.key = std::move(key);
  r.kind = std::move(kind);
  r.version = version;
  r.body = body.empty() ? "sealed:" + r.key : std::move(body);
  r.tokens = std::move(tokens);
  return r;
}

std::vector<std::string> KeysOf(const std::vector<SearchHit>& hits) {
  std::vector<std::string> keys;
  for (const auto& h : hits) keys.push_back(h.key);
  return keys;
}

std::vector<std::string> KeysOf(const std::vector<StoredRecord>& rows) {
  std::vector<std::string> keys;
  for (const auto& r : rows) keys.push_back(r.key);
  return keys;
}

class StoreConformance : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    harness_ = std::make_unique<EngineHarness>(GetParam());
    ASSERT_TRUE(harness_->Ready().ok()) << harness_->Ready().ToString();
    location_ = harness_->NewLocation();
    auto created = harness_->Create(location_);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    store_ = std::move(*created);
  }

  void TearDown() override {
    store_.reset();
    harness_.reset();
  }

  // Commits `rows` in one write transaction.
  void PutAll(const std::vector<StoredRecord>& rows) {
    auto txn = store_->BeginWrite();
    ASSERT_TRUE(txn.ok()) << txn.status().ToString();
    for (const auto& r : rows) ASSERT_TRUE((*txn)->Put(r).ok()) << r.key;
    ASSERT_TRUE((*txn)->Commit().ok());
  }

  std::vector<SearchHit> SearchFor(const std::vector<std::string>& tokens, bool all,
                                   size_t limit = 100) {
    auto txn = store_->BeginRead();
    EXPECT_TRUE(txn.ok());
    if (!txn.ok()) return {};
    auto hits = (*txn)->Search(tokens, all, limit);
    EXPECT_TRUE(hits.ok()) << hits.status().ToString();
    return hits.ok() ? *hits : std::vector<SearchHit>();
  }

  // A vault over store_ with keys made.
  records::Vault UnlockedVault() {
    Status init = records::InitializeKeys(*store_, kPassphrase, crypto::KdfParams::Minimum());
    EXPECT_TRUE(init.ok()) << init.ToString();
    auto vault = records::Vault::Unlock(*store_, kPassphrase);
    EXPECT_TRUE(vault.ok()) << vault.status().ToString();
    return std::move(*vault);
  }

  static Result<size_t> ImportSmallBundle(records::Vault& vault) {
    std::ifstream in(kBundlePath, std::ios::binary);
    if (!in) return Status::NotFound("missing " + kBundlePath);
    return records::ImportBundles(vault, {{kBundlePath, &in}});
  }

  static std::string Export(records::Vault& vault) {
    std::ostringstream out;
    auto count = records::ExportBundle(vault, out);
    EXPECT_TRUE(count.ok()) << count.status().ToString();
    return out.str();
  }

  std::unique_ptr<EngineHarness> harness_;
  std::string location_;
  std::unique_ptr<Store> store_;
};

// ---- rows ----

TEST_P(StoreConformance, InsertThenGetReturnsEveryField) {
  std::string body("\x00\x01\xffsealed\x00", 10);  // bodies are bytes, not text
  {
    auto txn = store_->BeginWrite();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE((*txn)->Insert(Row("k1", "person", {"abc", "def2"}, body, 3)).ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  auto txn = store_->BeginRead();
  ASSERT_TRUE(txn.ok());
  auto got = (*txn)->Get("k1");
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ((*got)->key, "k1");
  EXPECT_EQ((*got)->kind, "person");
  EXPECT_EQ((*got)->version, 3);
  EXPECT_EQ((*got)->body, body);
  EXPECT_EQ((*got)->tokens, (std::vector<std::string>{"abc", "def2"}));
  auto missing = (*txn)->Get("k2");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TEST_P(StoreConformance, GetManyAnswersEveryKeyInOrderAndSeesOwnWrites) {
  PutAll({Row("k1", "event", {"one"}), Row("k2", "person", {"two"})});
  auto txn = store_->BeginWrite();
  ASSERT_TRUE(txn.ok());
  ASSERT_TRUE((*txn)->Insert(Row("k3", "act", {"three"})).ok());
  std::vector<std::string> keys{"k2", "missing", "k1", "k3", "k2"};
  auto found = (*txn)->GetMany(keys);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->size(), keys.size());
  for (size_t key_idx = 0; key_idx < keys.size(); ++key_idx) {
    const auto& record = (*found)[key_idx];
    if (keys[key_idx] == "missing") {
      EXPECT_FALSE(record.has_value());
      continue;
    }
    ASSERT_TRUE(record.has_value()) << keys[key_idx];
    auto single = (*txn)->Get(keys[key_idx]);
    ASSERT_TRUE(single.ok() && single->has_value());
    EXPECT_EQ(record->key, keys[key_idx]);
    EXPECT_EQ(record->kind, (*single)->kind);
    EXPECT_EQ(record->version, (*single)->version);
    EXPECT_EQ(record->body, (*single)->body);
    EXPECT_EQ(record->tokens, (*single)->tokens);
  }
  auto none = (*txn)->GetMany({});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(StoreConformance, InsertOfTakenKeyIsAlreadyExistsAndTransactionStaysUsable) {
  PutAll({Row("k1", "person", {"one"})});
  auto txn = store_->BeginWrite();
  ASSERT_TRUE(txn.ok());
  Status again = (*txn)->Insert(Row("k1", "event", {"two"}, "other"));
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists);
  // The failed insert changed nothing and the transaction goes on.
  ASSERT_TRUE((*txn)->Insert(Row("k2", "event", {"two"})).ok());
  ASSERT_TRUE((*txn)->Commit().ok());
  auto read = store_->BeginRead();
  ASSERT_TRUE(read.ok());
  auto k1 = (*read)->Get("k1");
  ASSERT_TRUE(k1.ok() && k1->has_value());
  EXPECT_EQ((*k1)->kind, "person");
  auto k2 = (*read)->Get("k2");
  ASSERT_TRUE(k2.ok());
  EXPECT_TRUE(k2->has_value());
}

TEST_P(StoreConformance, InsertManyWritesEveryRowAndIndexesItsTokens) {
  std::vector<StoredRecord> rows = {Row("k1", "person", {"alpha", "beta"}, "", 1),
                                    Row("k2", "event", {"beta"}, "", 1),
                                    Row("k3", "event", {}, "", 1)};
  {
    auto txn = store_->BeginWrite();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE((*txn)->InsertMany({}, nullptr).ok());
    Status inserted = (*txn)->InsertMany(rows, nullptr);
    ASSERT_TRUE(inserted.ok()) << inserted.ToString();
    // The transaction sees its own batch.
    EXPECT_EQ(KeysOf(*(*txn)->ListKind("event", "", 10)), (std::vector<std::string>{"k2", "k3"}));
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  auto txn = store_->BeginRead();
  ASSERT_TRUE(txn.ok());
  for (const auto& row : rows) {
    auto got = (*txn)->Get(row.key);
    ASSERT_TRUE(got.ok() && got->has_value()) << row.key;
    EXPECT_EQ((*got)->kind, row.kind);
    EXPECT_EQ((*got)->version, 1);
    EXPECT_EQ((*got)->body, row.body);
    EXPECT_EQ((*got)->tokens, row.tokens);
  }
  txn->reset();
  EXPECT_EQ(KeysOf(SearchFor({"alpha"}, false)), std::vector<std::string>{"k1"});
  auto beta = KeysOf(SearchFor({"beta"}, false));
  std::sort(beta.begin(), beta.end());
  EXPECT_EQ(beta, (std::vector<std::string>{"k1", "k2"}));
}

// An import writes batches with InsertMany: a batch with one taken key must
// leave none of its rows (or tokens) behind, keep the batches before it, and
// leave the transaction usable.
TEST_P(StoreConformance, InsertManyWithATakenKeyWritesNothingOfTheBatch) {
  PutAll({Row("k1", "person", {"one"})});
  {
    auto txn = store_->BeginWrite();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE(
        (*txn)->InsertMany(std::vector<StoredRecord>{Row("k2", "act", {"kept"})}, nullptr).ok());
    size_t failed = 99;
    Status again = (*txn)->InsertMany(
        std::vector<StoredRecord>{Row("k3", "act", {"lost"}), Row("k4", "act", {"lost"}),
                                  Row("k1", "event", {"lost"}, "other")},
        &failed);
    EXPECT_EQ(again.code(), StatusCode::kAlreadyExists) << again.ToString();
    EXPECT_EQ(failed, 2u);
    auto k3 = (*txn)->Get("k3");
    ASSERT_TRUE(k3.ok());
    EXPECT_FALSE(k3->has_value());
    auto lost = (*txn)->RecordsWithToken("lost", 10);
    ASSERT_TRUE(lost.ok()) << lost.status().ToString();
    EXPECT_TRUE(lost->empty());
    ASSERT_TRUE((*txn)->Insert(Row("k5", "act", {"later"})).ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  auto txn = store_->BeginRead();
  ASSERT_TRUE(txn.ok());
  EXPECT_EQ(KeysOf(*(*txn)->ListKind("act", "", 10)), (std::vector<std::string>{"k2", "k5"}));
  EXPECT_EQ((*(*txn)->Get("k1"))->kind, "person");
  EXPECT_EQ(*(*txn)->CountKind("event"), 0);
  txn->reset();
  EXPECT_TRUE(SearchFor({"lost"}, false).empty());
  EXPECT_EQ(KeysOf(SearchFor({"kept", "one"}, false)).size(), 2u);
}

// A key repeated inside one batch, far apart (engines may split a batch
// into several statements), fails the whole batch at the repeat.
TEST_P(StoreConformance, InsertManyWithAKeyTwiceInTheBatchWritesNothing) {
  std::vector<StoredRecord> rows;
  for (int row_idx = 0; row_idx < 2500; ++row_idx) {
    rows.push_back(Row("k" + std::to_string(row_idx), "act", {"bulk"}));
  }
  rows[2100].key = "k5";
  auto txn = store_->BeginWrite();
  ASSERT_TRUE(txn.ok());
  size_t failed = 0;
  EXPECT_EQ((*txn)->InsertMany(rows, &failed).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(failed, 2100u);
  EXPECT_EQ(*(*txn)->CountKind("act"), 0);
  rows[2100].key = "k2100";
  ASSERT_TRUE((*txn)->InsertMany(rows, &failed).ok());
  EXPECT_EQ(*(*txn)->CountKind("act"), 2500);
  ASSERT_TRUE((*txn)->Commit().ok());
  auto bulk = SearchFor({"bulk"}, false, 3000);
  EXPECT_EQ(bulk.size(), 2500u);
}

TEST_P(StoreConformance, PutInsertsThenReplacesBodyVersionAndTokens) {
  PutAll({Row("k1", "report", {"oldword"}, "first", 1)});
  PutAll({Row("k1", "report", {"newword"}, "second", 2)});
  auto txn = store_->BeginRead();
  ASSERT_TRUE(txn.ok());
  auto got = (*txn)->Get("k1");
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->body, "second");
  EXPECT_EQ((*got)->version, 2);
  EXPECT_EQ((*got)->tokens, std::vector<std::string>{"newword"});
  auto count = (*txn)->CountKind("report");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 1);
  txn->reset();
  // The replaced tokens are retracted from the index.
  EXPECT_TRUE(SearchFor({"oldword"}, false).empty());
  EXPECT_EQ(KeysOf(SearchFor({"newword"}, false)), std::vector<std::string>{"k1"});
}

TEST_P(StoreConformance, DeleteRemovesRowAndTokensAndMissingKeyIsNotFound) {
  PutAll({Row("k1", "act", {"gone"}), Row("k2", "act", {"kept"})});
  {
    auto txn = store_->BeginWrite();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE((*txn)->Delete("k1").ok());
    EXPECT_EQ((*txn)->Delete("k1").code(), StatusCode::kNotFound);
    EXPECT_EQ((*txn)->Delete("nothing").code(), StatusCode::kNotFound);
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  auto txn = store_->BeginRead();
  ASSERT_TRUE(txn.ok());
  auto got = (*txn)->Get("k1");
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->has_value());
  EXPECT_EQ(*(*txn)->CountKind("act"), 1);
  txn->reset();
  EXPECT_TRUE(SearchFor({"gone"}, false).empty());
}

TEST_P(StoreConformance, ReplaceGivesARecordANewKeyAndKeepsItsPlace) {
  PutAll({Row("mm", "report", {"same", "oldword"}), Row("zz", "report", {"same"}),
          Row("aa", "report", {"same"})});
  {
    auto txn = store_->BeginWrite();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE(
        (*txn)->Replace("mm", Row("nn", "report", {"same", "newword"}, "resealed", 2)).ok());
    EXPECT_EQ((*txn)->Replace("mm", Row("pp", "report")).code(), StatusCode::kNotFound);
    EXPECT_EQ((*txn)->Replace("nothing", Row("qq", "report")).code(), StatusCode::kNotFound);
    // Another record's key: refused, nothing changes, the transaction goes on.
    EXPECT_EQ((*txn)->Replace("zz", Row("aa", "report", {"lost"})).code(),
              StatusCode::kAlreadyExists);
    // The same key: a replacement in place.
    ASSERT_TRUE((*txn)->Replace("aa", Row("aa", "report", {"same"}, "second", 2)).ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  auto txn = store_->BeginRead();
  ASSERT_TRUE(txn.ok());
  EXPECT_FALSE((*txn)->Get("mm")->has_value());
  auto moved = (*txn)->Get("nn");
  ASSERT_TRUE(moved.ok() && moved->has_value());
  EXPECT_EQ((*moved)->body, "resealed");
  EXPECT_EQ((*moved)->version, 2);
  EXPECT_EQ((*moved)->tokens, (std::vector<std::string>{"same", "newword"}));
  EXPECT_EQ((*txn)->Get("zz")->value().body, "sealed:zz");
  EXPECT_EQ((*txn)->Get("aa")->value().body, "second");
  EXPECT_EQ(*(*txn)->CountKind("report"), 3);
  txn->reset();
  // "nn" is as old as "mm" was: the oldest of the three ties.
  EXPECT_EQ(KeysOf(SearchFor({"same"}, false)), (std::vector<std::string>{"aa", "zz", "nn"}));
  EXPECT_TRUE(SearchFor({"oldword"}, false).empty());
  EXPECT_TRUE(SearchFor({"lost"}, false).empty());
  EXPECT_EQ(KeysOf(SearchFor({"newword"}, false)), std::vector<std::string>{"nn"});
}

TEST_P(StoreConformance, ListInCreationOrderPagesEveryKindOldestFirst) {
  PutAll({Row("b", "report", {}, "b1")});
  PutAll({Row("a", "person"), Row("c", "report"), Row("d", "event")});
  // Replaced in place: still the oldest. Deleted: gone from the walk.
  PutAll({Row("b", "report", {}, "b2", 2)});
  {
    auto txn = store_->BeginWrite();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE((*txn)->Delete("a").ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  auto txn = store_->BeginRead();
  ASSERT_TRUE(txn.ok());
  auto first = (*txn)->ListInCreationOrder(0, 2);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].record.key, "b");
  EXPECT_EQ((*first)[0].record.body, "b2");
  EXPECT_EQ((*first)[0].record.version, 2);
  EXPECT_EQ((*first)[1].record.key, "c");
  EXPECT_EQ((*first)[1].record.kind, "report");
  EXPECT_LT((*first)[0].place, (*first)[1].place);
  auto rest = (*txn)->ListInCreationOrder(first->back().place, 2);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ((*rest)[0].record.key, "d");
  EXPECT_EQ((*rest)[0].record.kind, "event");
  EXPECT_GT((*rest)[0].place, first->back().place);
  auto none = (*txn)->ListInCreationOrder((*rest)[0].place, 2);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(StoreConformance, ListKindPagesInByteOrderOfKeysAndSkipsOtherKinds) {
  // Inserted out of order; upper case sorts before lower case in byte order.
  std::vector<std::string> keys = {"m", "b", "Z", "a", "k", "c", "x", "B"};
  std::vector<StoredRecord> rows;
  for (const auto& k : keys) rows.push_back(Row(k, "place"));
  rows.push_back(Row("aa-other-kind", "person"));
  PutAll(rows);
  std::sort(keys.begin(), keys.end());
  auto txn = store_->BeginRead();
  ASSERT_TRUE(txn.ok());
  std::vector<std::string> seen;
  std::string after;
  for (int page = 0; page < 10; ++page) {
    auto rows_page = (*txn)->ListKind("place", after, 3);
    ASSERT_TRUE(rows_page.ok());
    for (const auto& r : *rows_page) {
      EXPECT_EQ(r.kind, "place");
      EXPECT_EQ(r.body, "sealed:" + r.key);
    }
    auto page_keys = KeysOf(*rows_page);
    seen.insert(seen.end(), page_keys.begin(), page_keys.end());
    if (rows_page->size() < 3) break;
    after = rows_page->back().key;
  }
  EXPECT_EQ(seen, keys);
  auto none = (*txn)->ListKind("event", "", 10);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(StoreConformance, CountKindCountsOneKind) {
  PutAll({Row("a", "person"), Row("b", "person"), Row("c", "event")});
  auto txn = store_->BeginRead();
  ASSERT_TRUE(txn.ok());
  EXPECT_EQ(*(*txn)->CountKind("person"), 2);
  EXPECT_EQ(*(*txn)->CountKind("event"), 1);
  EXPECT_EQ(*(*txn)->CountKind("place"), 0);
}

// Guards the whole-store copy of `chorus migrate`: it walks every kind and
// metadata entry the engine lists, so nothing written by any feature is left
// behind.
TEST_P(StoreConformance, ListKindsAndMetaNamesNameEverythingStoredInByteOrder) {
  {
    auto txn = store_->BeginRead();
    ASSERT_TRUE(txn.ok());
    EXPECT_TRUE((*txn)->ListKinds()->empty());
  }
  PutAll({Row("a", "person"), Row("b", "user"), Row("c", "event"), Row("d", "person"),
          Row("e", "Zeta")});
  auto write = store_->BeginWrite();
  ASSERT_TRUE(write.ok());
  ASSERT_TRUE((*write)->SetMeta("wrapped_data_key", "k").ok());
  ASSERT_TRUE((*write)->SetMeta("a_setting", "v").ok());
  ASSERT_TRUE((*write)->Commit().ok());
  auto txn = store_->BeginRead();
  ASSERT_TRUE(txn.ok());
  EXPECT_EQ(*(*txn)->ListKinds(), (std::vector<std::string>{"Zeta", "event", "person", "user"}));
  EXPECT_EQ(*(*txn)->ListMetaNames(), (std::vector<std::string>{"a_setting", "wrapped_data_key"}));
}

// ---- search ----

TEST_P(StoreConformance, SearchAnyFindsEitherTokenAndAllRequiresEvery) {
  PutAll({Row("both", "report", {"alpha", "beta"}), Row("only-a", "report", {"alpha"}),
          Row("only-b", "report", {"beta", "gamma"}), Row("neither", "report", {"delta"})});
  auto any = KeysOf(SearchFor({"alpha", "beta"}, false));
  EXPECT_EQ(std::set<std::string>(any.begin(), any.end()),
            (std::set<std::string>{"both", "only-a", "only-b"}));
  EXPECT_EQ(any.size(), 3u);
  EXPECT_EQ(KeysOf(SearchFor({"alpha", "beta"}, true)), std::vector<std::string>{"both"});
  EXPECT_TRUE(SearchFor({"missing"}, false).empty());
  EXPECT_TRUE(SearchFor({}, false).empty());
}

TEST_P(StoreConformance, SearchRanksRarerTokenFirst) {
  PutAll({Row("c1", "report", {"common"}), Row("c2", "report", {"common"}),
          Row("c3", "report", {"common"}), Row("c4", "report", {"common"}),
          Row("r1", "report", {"rare"}), Row("o1", "report", {"other"})});
  auto hits = SearchFor({"common", "rare"}, false);
  ASSERT_EQ(hits.size(), 5u);
  EXPECT_EQ(hits[0].key, "r1");
  for (size_t i = 1; i < hits.size(); ++i) {
    EXPECT_LE(hits[i].score, hits[i - 1].score) << "hits are not best first";
    EXPECT_LT(hits[i].score, hits[0].score);
  }
}

TEST_P(StoreConformance, SearchRanksMoreMatchedTokensFirst) {
  PutAll({Row("x-only", "report", {"xray"}), Row("both", "report", {"xray", "yankee"}),
          Row("y-only", "report", {"yankee"}), Row("z", "report", {"zulu"})});
  auto hits = SearchFor({"xray", "yankee"}, false);
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].key, "both");
  EXPECT_GT(hits[0].score, hits[1].score);
}

TEST_P(StoreConformance, SearchTiesRankTheNewestFirst) {
  // Created in an order that is neither the keys' byte order nor its reverse.
  PutAll({Row("mm", "report", {"same"})});
  PutAll({Row("zz", "report", {"same"})});
  PutAll({Row("aa", "report", {"same"})});
  // Replacing a record does not make it newer.
  PutAll({Row("mm", "report", {"same", "other"})});
  auto hits = SearchFor({"same"}, false);
  EXPECT_EQ(KeysOf(hits), (std::vector<std::string>{"aa", "zz", "mm"}));
  EXPECT_EQ(KeysOf(SearchFor({"same"}, true)), (std::vector<std::string>{"aa", "zz", "mm"}));
}

// A word held by more records than an engine ranks at once (SQLite ranks
// the newest 2,000 holders of each token) must not hide an older record
// that also holds a rarer query word, nor one that holds every query word.
TEST_P(StoreConformance, SearchFindsOldRecordsPastACommonWordsWindow) {
  std::vector<StoredRecord> rows;
  rows.push_back(Row("old-rare", "report", {"rare"}));
  rows.push_back(Row("old-both", "report", {"common", "second"}));
  for (int row_idx = 0; row_idx < 2500; ++row_idx) {
    rows.push_back(Row("new" + std::to_string(row_idx), "report", {"common"}));
  }
  rows.push_back(Row("new-second", "report", {"second"}));
  auto txn = store_->BeginWrite();
  ASSERT_TRUE(txn.ok());
  ASSERT_TRUE((*txn)->InsertMany(rows, nullptr).ok());
  ASSERT_TRUE((*txn)->Commit().ok());

  auto rare_first = SearchFor({"common", "rare"}, false, 5);
  ASSERT_EQ(rare_first.size(), 5u);
  EXPECT_EQ(rare_first[0].key, "old-rare");
  EXPECT_EQ(rare_first[0].kind, "report");
  auto both_first = SearchFor({"common", "second"}, false, 5);
  ASSERT_EQ(both_first.size(), 5u);
  EXPECT_EQ(both_first[0].key, "old-both");
  EXPECT_EQ(both_first[1].key, "new-second");
  EXPECT_EQ(KeysOf(SearchFor({"common", "second"}, true)), std::vector<std::string>{"old-both"});
}

// After a load large enough for SQLite to merge its search index, every
// record is still found, in the same order, in the same transaction and
// after it.
TEST_P(StoreConformance, AfterBulkLoadKeepsSearchAndRanking) {
  std::vector<StoredRecord> rows;
  for (int row_idx = 0; row_idx < 12000; ++row_idx) {
    std::vector<std::string> tokens{"load", "w" + std::to_string(row_idx % 7)};
    if (row_idx % 1000 == 0) tokens.push_back("sparse");
    rows.push_back(Row("k" + std::to_string(row_idx), "person", std::move(tokens)));
  }
  auto txn = store_->BeginWrite();
  ASSERT_TRUE(txn.ok());
  ASSERT_TRUE((*txn)->InsertMany(rows, nullptr).ok());
  auto before = (*txn)->Search({"sparse", "w3"}, false, 20);
  ASSERT_TRUE(before.ok());
  ASSERT_TRUE((*txn)->AfterBulkLoad(rows.size()).ok());
  auto after = (*txn)->Search({"sparse", "w3"}, false, 20);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(KeysOf(*after), KeysOf(*before));
  ASSERT_TRUE((*txn)->Commit().ok());
  auto sparse = KeysOf(SearchFor({"sparse"}, false, 100));
  EXPECT_EQ(sparse.size(), 12u);
  EXPECT_EQ(KeysOf(SearchFor({"sparse", "w3"}, false, 20)), KeysOf(*before));
  EXPECT_EQ(KeysOf(SearchFor({"load"}, true, 5000)).size(), 5000u);
}

TEST_P(StoreConformance, SearchHonoursLimitAndRefusesNonTokens) {
  std::vector<StoredRecord> rows;
  for (int i = 0; i < 10; ++i) rows.push_back(Row("k" + std::to_string(i), "person", {"many"}));
  PutAll(rows);
  EXPECT_EQ(SearchFor({"many"}, false, 4).size(), 4u);
  auto txn = store_->BeginRead();
  ASSERT_TRUE(txn.ok());
  EXPECT_EQ((*txn)->Search({"two words"}, false, 10).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*txn)->Search({"quote\"d"}, false, 10).status().code(), StatusCode::kInvalidArgument);
}

TEST_P(StoreConformance, RecordsWithTokenReturnsWholeHoldersInByteOrderAndSeesOwnWrites) {
  PutAll({Row("b", "act", {"ref", "other"}, "body-b", 3), Row("a", "event", {"ref"}),
          Row("c", "act", {"refx"}), Row("d", "act", {"other"})});
  auto read = store_->BeginRead();
  ASSERT_TRUE(read.ok());
  auto records = (*read)->RecordsWithToken("ref", 100);
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  EXPECT_EQ(KeysOf(*records), (std::vector<std::string>{"a", "b"}));
  const StoredRecord& b = (*records)[1];
  EXPECT_EQ(b.kind, "act");
  EXPECT_EQ(b.version, 3);
  EXPECT_EQ(b.body, "body-b");
  EXPECT_EQ(b.tokens, (std::vector<std::string>{"ref", "other"}));
  EXPECT_EQ(KeysOf(*(*read)->RecordsWithToken("ref", 1)), std::vector<std::string>{"a"});
  EXPECT_TRUE((*read)->RecordsWithToken("missing", 100)->empty());
  EXPECT_EQ((*read)->RecordsWithToken("two words", 10).status().code(),
            StatusCode::kInvalidArgument);
  read->reset();

  auto write = store_->BeginWrite();
  ASSERT_TRUE(write.ok());
  ASSERT_TRUE((*write)->Put(Row("b", "act", {"other"})).ok());
  ASSERT_TRUE((*write)->Put(Row("e", "act", {"ref"})).ok());
  EXPECT_EQ(KeysOf(*(*write)->RecordsWithToken("ref", 100)), (std::vector<std::string>{"a", "e"}));
}

// ---- meta ----

TEST_P(StoreConformance, MetaHoldsBytesAndOverwrites) {
  std::string value("\x00wrapped\xff", 9);
  {
    auto txn = store_->BeginWrite();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE((*txn)->SetMeta("wrapped_data_key", value).ok());
    ASSERT_TRUE((*txn)->SetMeta("counter", "1").ok());
    ASSERT_TRUE((*txn)->SetMeta("counter", "2").ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  auto txn = store_->BeginRead();
  ASSERT_TRUE(txn.ok());
  EXPECT_EQ(**(*txn)->GetMeta("wrapped_data_key"), value);
  EXPECT_EQ(**(*txn)->GetMeta("counter"), "2");
  auto missing = (*txn)->GetMeta("absent");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

// ---- transactions ----

TEST_P(StoreConformance, WriteWithoutCommitRollsBack) {
  PutAll({Row("kept", "event", {"kept"})});
  {
    auto txn = store_->BeginWrite();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE((*txn)->Insert(Row("lost", "event", {"lost"})).ok());
    ASSERT_TRUE((*txn)->Delete("kept").ok());
    ASSERT_TRUE((*txn)->SetMeta("lost", "x").ok());
  }  // destroyed without Commit
  auto txn = store_->BeginRead();
  ASSERT_TRUE(txn.ok());
  EXPECT_FALSE((*txn)->Get("lost")->has_value());
  EXPECT_TRUE((*txn)->Get("kept")->has_value());
  EXPECT_FALSE((*txn)->GetMeta("lost")->has_value());
  EXPECT_EQ(*(*txn)->CountKind("event"), 1);
  txn->reset();
  EXPECT_TRUE(SearchFor({"lost"}, false).empty());
  EXPECT_EQ(SearchFor({"kept"}, false).size(), 1u);
}

TEST_P(StoreConformance, WriteTransactionSeesItsOwnWritesAndOthersDoNot) {
  auto write = store_->BeginWrite();
  ASSERT_TRUE(write.ok());
  WriteTransaction& txn = **write;
  ASSERT_TRUE(txn.Insert(Row("new", "person", {"fresh"})).ok());
  ASSERT_TRUE(txn.SetMeta("m", "v").ok());
  EXPECT_TRUE(txn.Get("new")->has_value());
  EXPECT_EQ(KeysOf(*txn.ListKind("person", "", 10)), std::vector<std::string>{"new"});
  EXPECT_EQ(*txn.CountKind("person"), 1);
  auto hits = txn.Search({"fresh"}, true, 10);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  EXPECT_EQ(KeysOf(*hits), std::vector<std::string>{"new"});
  EXPECT_EQ(**txn.GetMeta("m"), "v");
  {
    // Another transaction sees none of it before the commit.
    auto read = store_->BeginRead();
    ASSERT_TRUE(read.ok());
    EXPECT_FALSE((*read)->Get("new")->has_value());
    EXPECT_FALSE((*read)->GetMeta("m")->has_value());
  }
  ASSERT_TRUE(txn.Commit().ok());
  auto read = store_->BeginRead();
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE((*read)->Get("new")->has_value());
}

TEST_P(StoreConformance, ReadTransactionIsASnapshot) {
  PutAll({Row("first", "event")});
  auto read = store_->BeginRead();
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*(*read)->CountKind("event"), 1);  // the snapshot starts here
  PutAll({Row("second", "event")});
  EXPECT_EQ(*(*read)->CountKind("event"), 1);
  EXPECT_FALSE((*read)->Get("second")->has_value());
}

TEST_P(StoreConformance, ChangeCountRisesWithEveryCommittedWriteAndOnlyThen) {
  auto changes = [](Store& store) {
    auto count = store.ChangeCount();
    EXPECT_TRUE(count.ok()) << count.status().ToString();
    return count.ok() ? *count : -1;
  };
  const int64_t start = changes(*store_);
  ASSERT_GE(start, 0);
  {
    auto read = store_->BeginRead();
    ASSERT_TRUE(read.ok());
    ASSERT_TRUE((*read)->Get("anything").ok());
  }
  EXPECT_EQ(changes(*store_), start) << "a read changed the count";
  {
    auto write = store_->BeginWrite();
    ASSERT_TRUE(write.ok());
    ASSERT_TRUE((*write)->Put(Row("rolled-back", "event")).ok());
    EXPECT_EQ(changes(*store_), start) << "an uncommitted write showed in the count";
  }
  EXPECT_EQ(changes(*store_), start) << "a rolled-back write changed the count";
  PutAll({Row("one", "event")});
  const int64_t after_one = changes(*store_);
  EXPECT_GT(after_one, start);
  {
    auto write = store_->BeginWrite();
    ASSERT_TRUE(write.ok());
    ASSERT_TRUE((*write)->SetMeta("m", "v").ok());
    ASSERT_TRUE((*write)->Commit().ok());
  }
  const int64_t after_meta = changes(*store_);
  EXPECT_GT(after_meta, after_one);
  // Another Store on the same location (another process) shares the count
  // and its commits raise it.
  auto other = harness_->Open(location_);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  EXPECT_EQ(changes(**other), after_meta);
  {
    auto write = (*other)->BeginWrite();
    ASSERT_TRUE(write.ok());
    ASSERT_TRUE((*write)->Delete("one").ok());
    ASSERT_TRUE((*write)->Commit().ok());
  }
  EXPECT_GT(changes(*store_), after_meta);
}

// Schema 1 had no change count (v2), and on PostgreSQL no creation order
// (v3); opening such a store migrates it and keeps what it held.
TEST_P(StoreConformance, StoreOfSchemaOneMigratesOnOpenAndKeepsItsRecords) {
  PutAll({Row("kept", "event", {"kept", "shared"})});
  store_.reset();
  ASSERT_TRUE(harness_->ExecuteSql(location_, "DROP TABLE store_changes").ok());
  if (GetParam() == Engine::kPostgres) {
    ASSERT_TRUE(harness_->ExecuteSql(location_, "ALTER TABLE records DROP COLUMN seq").ok());
  }
  ASSERT_TRUE(harness_->SetSchemaVersion(location_, 1).ok());
  auto opened = harness_->Open(location_);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  store_ = std::move(*opened);
  auto start = store_->ChangeCount();
  ASSERT_TRUE(start.ok()) << start.status().ToString();
  PutAll({Row("new", "event", {"shared"})});
  auto after = store_->ChangeCount();
  ASSERT_TRUE(after.ok());
  EXPECT_GT(*after, *start);
  auto read = store_->BeginRead();
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE((*read)->Get("kept")->has_value());
  EXPECT_EQ(KeysOf(*(*read)->Search({"kept"}, false, 10)), std::vector<std::string>{"kept"});
  // The record written after the migration is the newer one.
  EXPECT_EQ(KeysOf(*(*read)->Search({"shared"}, false, 10)),
            (std::vector<std::string>{"new", "kept"}));
}

TEST_P(StoreConformance, SecondWriterWaitsForTheFirst) {
  auto first = store_->BeginWrite();
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE((*first)->SetMeta("owner", "first").ok());
  std::atomic<bool> second_began{false};
  std::string second_saw;
  std::thread second([&] {
    auto txn = store_->BeginWrite();
    second_began = true;
    ASSERT_TRUE(txn.ok()) << txn.status().ToString();
    auto owner = (*txn)->GetMeta("owner");
    second_saw = owner.ok() && owner->has_value() ? **owner : "";
    ASSERT_TRUE((*txn)->SetMeta("owner", "second").ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(second_began.load()) << "a second writer began while the first was open";
  ASSERT_TRUE((*first)->Commit().ok());
  second.join();
  EXPECT_TRUE(second_began.load());
  EXPECT_EQ(second_saw, "first");  // it began after the first committed
}

TEST_P(StoreConformance, ConcurrentWritersFromTwoStoresLoseNoUpdate) {
  // Two Store objects on one location stand for two server processes.
  auto other = harness_->Open(location_);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  constexpr int kThreads = 4;
  constexpr int kIncrements = 15;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    Store& store = t % 2 == 0 ? *store_ : **other;
    threads.emplace_back([&store, &failures] {
      for (int i = 0; i < kIncrements; ++i) {
        auto txn = store.BeginWrite();
        if (!txn.ok()) {
          ++failures;
          continue;
        }
        auto value = (*txn)->GetMeta("counter");
        int n = value.ok() && value->has_value() ? std::stoi(**value) : 0;
        if (!(*txn)->SetMeta("counter", std::to_string(n + 1)).ok() || !(*txn)->Commit().ok()) {
          ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto read = store_->BeginRead();
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(**(*read)->GetMeta("counter"), std::to_string(kThreads * kIncrements));
}

// ---- opening ----

TEST_P(StoreConformance, CreateOverAnExistingStoreIsAlreadyExists) {
  EXPECT_EQ(harness_->Create(location_).status().code(), StatusCode::kAlreadyExists);
}

TEST_P(StoreConformance, OpenOfMissingStoreIsNotFound) {
  EXPECT_EQ(harness_->Open(harness_->NewLocation()).status().code(), StatusCode::kNotFound);
}

TEST_P(StoreConformance, ReopenKeepsEverything) {
  PutAll({Row("k", "person", {"tok"}, "body", 4)});
  store_.reset();
  auto reopened = harness_->Open(location_);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  store_ = std::move(*reopened);
  auto txn = store_->BeginRead();
  ASSERT_TRUE(txn.ok());
  auto got = (*txn)->Get("k");
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->version, 4);
  txn->reset();
  EXPECT_EQ(KeysOf(SearchFor({"tok"}, false)), std::vector<std::string>{"k"});
}

TEST_P(StoreConformance, StoreFromNewerChorusIsRefused) {
  store_.reset();
  ASSERT_TRUE(harness_->SetSchemaVersion(location_, kSchemaVersion + 1).ok());
  auto opened = harness_->Open(location_);
  EXPECT_EQ(opened.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(opened.status().message().find("newer"), std::string::npos)
      << opened.status().message();
}

TEST_P(StoreConformance, ForeignDatabaseIsRefused) {
  std::string foreign = harness_->NewLocation();
  ASSERT_TRUE(harness_->MakeForeign(foreign).ok());
  EXPECT_EQ(harness_->Open(foreign).status().code(), StatusCode::kFailedPrecondition);
}

// ---- the record layer over each engine ----

TEST_P(StoreConformance, VaultRefusesWrongPassphraseAndSecondInitialisation) {
  ASSERT_TRUE(records::InitializeKeys(*store_, kPassphrase, crypto::KdfParams::Minimum()).ok());
  EXPECT_EQ(records::InitializeKeys(*store_, "other", crypto::KdfParams::Minimum()).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(records::Vault::Unlock(*store_, "wrong passphrase").status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_TRUE(records::Vault::Unlock(*store_, kPassphrase).ok());
}

TEST_P(StoreConformance, VaultCreatesReadsUpdatesSearchesAndDeletesRecords) {
  records::Vault vault = UnlockedVault();
  auto imported = ImportSmallBundle(vault);
  ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  EXPECT_EQ(*imported, 6u);
  {
    auto writer = vault.Write();
    ASSERT_TRUE(writer.ok());
    auto person = (*writer)->Require("per-1");
    ASSERT_TRUE(person.ok());
    std::get<core::Person>(*person).pseudonym = "Worker Larch";
    ASSERT_TRUE((*writer)->Update(*person).ok());
    EXPECT_EQ((*writer)->Delete("rpt-1").code(), StatusCode::kFailedPrecondition);
    ASSERT_TRUE((*writer)->Delete("plc-1").ok());
    EXPECT_EQ((*writer)->Delete("plc-1").code(), StatusCode::kNotFound);
    auto again = (*writer)->Require("src-1");
    ASSERT_TRUE(again.ok());
    EXPECT_EQ((*writer)->Create(*again).code(), StatusCode::kAlreadyExists);
    ASSERT_TRUE((*writer)->Commit().ok());
  }
  auto reader = vault.Read();
  ASSERT_TRUE(reader.ok());
  auto person = (*reader)->Require("per-1");
  ASSERT_TRUE(person.ok());
  EXPECT_EQ(std::get<core::Person>(*person).pseudonym, "Worker Larch");
  EXPECT_FALSE((*reader)->Get("plc-1")->has_value());
  auto hits = (*reader)->Search("Larch", 10);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ(core::IdOf((*hits)[0].record), "per-1");
  auto korean = (*reader)->Search("박용수", 10);
  ASSERT_TRUE(korean.ok());
  ASSERT_FALSE(korean->empty());
  EXPECT_EQ(core::IdOf((*korean)[0].record), "per-1");
  EXPECT_TRUE((*reader)->Search("Juniper", 10)->empty());  // the old pseudonym is retracted
  auto referencing = (*reader)->Referencing("rpt-1");
  ASSERT_TRUE(referencing.ok());
  EXPECT_EQ(referencing->size(), 2u);  // org-1 and per-1 (plc-1 was deleted)
}

// Guards issue #2's bulk path: an import written in batches on two threads
// still fails whole, and names the first failing record even when a later
// record (already read ahead) fails too.
TEST_P(StoreConformance, LargeImportFailingLateChangesNothingAndNamesTheFirstFailure) {
  records::Vault vault = UnlockedVault();
  ASSERT_TRUE(ImportSmallBundle(vault).ok());
  const std::string before = Export(vault);
  auto lines = [](int taken_at, int malformed_at) {
    std::string out = "{\"format\":\"chorus-bundle\",\"version\":1}\n";
    for (int record_idx = 1; record_idx <= 1500; ++record_idx) {
      std::string id = record_idx == taken_at ? "src-1" : "src-bulk-" + std::to_string(record_idx);
      std::string reliability = record_idx == malformed_at ? "Q" : "C";
      out += "{\"kind\":\"source\",\"id\":\"" + id + "\",\"pseudonym\":\"bulk " +
             std::to_string(record_idx) + "\",\"reliability\":\"" + reliability + "\"}\n";
    }
    return out;
  };
  auto import = [&](const std::string& text) {
    std::istringstream in(text);
    return records::ImportBundles(vault, {{"bulk.jsonl", &in}});
  };
  auto taken = import(lines(1201, 1400));
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.status().code(), StatusCode::kAlreadyExists) << taken.status().ToString();
  EXPECT_NE(taken.status().message().find("bulk.jsonl: record 1201"), std::string::npos)
      << taken.status().ToString();
  EXPECT_NE(taken.status().message().find("'src-1' already exists"), std::string::npos);
  auto malformed = import(lines(0, 1400));
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(malformed.status().message().find("record 1400"), std::string::npos)
      << malformed.status().ToString();
  EXPECT_EQ(Export(vault), before);
  auto good = import(lines(0, 0));
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_EQ(*good, 1500u);
  auto reader = vault.Read();
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(*(*reader)->Count(core::RecordKind::kSource), 1501);
  auto hits = (*reader)->Search("bulk", 2000);
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(hits->size(), 1500u);
}

TEST_P(StoreConformance, ExportIsByteEqualToTheEmbeddedEngineAndRoundTrips) {
  records::Vault vault = UnlockedVault();
  ASSERT_TRUE(ImportSmallBundle(vault).ok());
  std::string exported = Export(vault);
  ASSERT_NE(exported.find("per-1"), std::string::npos);

  // The same bundle through a fresh embedded store exports the same bytes.
  EngineHarness sqlite(Engine::kSqlite);
  std::string reference_location = sqlite.NewLocation();
  auto reference = sqlite.Create(reference_location);
  ASSERT_TRUE(reference.ok());
  ASSERT_TRUE(
      records::InitializeKeys(**reference, "another passphrase", crypto::KdfParams::Minimum())
          .ok());
  auto reference_vault = records::Vault::Unlock(**reference, "another passphrase");
  ASSERT_TRUE(reference_vault.ok());
  ASSERT_TRUE(ImportSmallBundle(*reference_vault).ok());
  EXPECT_EQ(Export(*reference_vault), exported);

  // The export imports back into this engine and exports to the same bytes.
  std::string copy_location = harness_->NewLocation();
  auto copy = harness_->Create(copy_location);
  ASSERT_TRUE(copy.ok());
  ASSERT_TRUE(records::InitializeKeys(**copy, kPassphrase, crypto::KdfParams::Minimum()).ok());
  auto copy_vault = records::Vault::Unlock(**copy, kPassphrase);
  ASSERT_TRUE(copy_vault.ok());
  std::istringstream in(exported);
  ASSERT_TRUE(records::ImportBundles(*copy_vault, {{"export", &in}}).ok());
  EXPECT_EQ(Export(*copy_vault), exported);
}

TEST_P(StoreConformance, EngineHoldsOnlyCiphertext) {
  {
    records::Vault vault = UnlockedVault();
    ASSERT_TRUE(ImportSmallBundle(vault).ok());
    // A plaintext canary proves the scan sees inside the byte columns.
    auto txn = store_->BeginWrite();
    ASSERT_TRUE(txn.ok());
    ASSERT_TRUE((*txn)->SetMeta("conformance_canary", "canary-plaintext-9f3").ok());
    ASSERT_TRUE((*txn)->Commit().ok());
  }
  store_.reset();  // SQLite checkpoints its WAL on close
  auto dump = harness_->DumpBytes(location_);
  ASSERT_TRUE(dump.ok()) << dump.status().ToString();
  ASSERT_TRUE(testing::DumpContains(*dump, "canary-plaintext-9f3"));
  std::ifstream bundle(kBundlePath);
  std::string bundle_text((std::istreambuf_iterator<char>(bundle)), {});
  for (const std::string word :
       {"Magnolia", "Tynda", "Chongjin", "sawmill", "passports", "Sungrisan", "Juniper",
        "Pak Yongsu", "\xED\x8F\x89\xEC\x96\x91" /* 평양 */, "김철수", "박용수", "승리산무역회사",
        "rpt-1", "per-1", "org-1"}) {
    ASSERT_NE(bundle_text.find(word), std::string::npos) << word << " is not in the bundle";
    EXPECT_FALSE(testing::DumpContains(*dump, word)) << "plaintext '" << word << "' is stored";
  }
}

// ---- the audit log (records/audit.h) ----

// Appends, the per-record index (a blind token through Search) and the whole
// chain behave the same on every engine; writers serialised by the engine
// keep the chain contiguous.
TEST_P(StoreConformance, AuditLogAppendsFindsARecordsHistoryAndVerifies) {
  records::Vault vault = UnlockedVault();
  auto append = [&](const std::string& action, const std::string& record, bool commit) {
    auto writer = vault.Write();
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    records::AuditEvent event;
    event.actor = "ana";
    event.action = action;
    event.kind = record.empty() ? "" : "event";
    event.record = record;
    ASSERT_TRUE(records::AppendAudit(**writer, event, Timestamp{}).ok());
    if (commit) {
      ASSERT_TRUE((*writer)->Commit().ok());
    }
  };
  append("create", "evt-1", true);
  append("login", "", true);
  append("update", "evt-1", true);
  append("delete", "evt-1", false);  // rolled back with its transaction

  std::vector<std::thread> writers;
  for (int thread_idx = 0; thread_idx < 4; ++thread_idx) {
    writers.emplace_back([&] {
      for (int n = 0; n < 5; ++n) append("update", "evt-2", true);
    });
  }
  for (auto& t : writers) t.join();

  auto reader = *vault.Read();
  auto verified = records::VerifyAudit(*reader);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ(*verified, 2 + 3 + 20);
  records::AuditFilter one_record;
  one_record.record = "evt-1";
  auto history = records::ListAudit(*reader, one_record);
  ASSERT_TRUE(history.ok()) << history.status().ToString();
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].event.action, "create");
  EXPECT_EQ((*history)[1].event.action, "update");
  one_record.record = "evt-2";
  one_record.limit = 0;
  EXPECT_EQ(records::ListAudit(*reader, one_record)->size(), 20u);
}

// ---- key changes (records/key_rotation.h) ----

struct StoreSnapshot {
  std::vector<StoredRecord> rows;
  std::map<std::string, std::string> meta;
};

StoreSnapshot TakeSnapshot(Store& store) {
  StoreSnapshot snapshot;
  auto txn = store.BeginRead();
  EXPECT_TRUE(txn.ok());
  auto kinds = (*txn)->ListKinds();
  for (const auto& kind : *kinds) {
    auto rows = (*txn)->ListKind(kind, "", 100000);
    for (auto& row : *rows) snapshot.rows.push_back(std::move(row));
  }
  auto names = (*txn)->ListMetaNames();
  for (const auto& name : *names) snapshot.meta[name] = **(*txn)->GetMeta(name);
  return snapshot;
}

bool SameRowsAndMeta(const StoreSnapshot& a, const StoreSnapshot& b) {
  if (a.rows.size() != b.rows.size() || a.meta != b.meta) return false;
  for (size_t row_idx = 0; row_idx < a.rows.size(); ++row_idx) {
    const StoredRecord& x = a.rows[row_idx];
    const StoredRecord& y = b.rows[row_idx];
    if (x.key != y.key || x.kind != y.kind || x.version != y.version || x.body != y.body) {
      return false;
    }
  }
  return true;
}

class KeyChangeConformance : public StoreConformance {
 protected:
  // The small bundle, a user document and a casework queue row.
  void Seed() {
    records::Vault vault = UnlockedVault();
    ASSERT_TRUE(ImportSmallBundle(vault).ok());
    auto writer = *vault.Write();
    ASSERT_TRUE(writer->PutDocument("user", "ana", R"({"role":"coder"})").ok());
    ASSERT_TRUE(writer->PutIndex("queue-ready", "1|2016-10-10|case-7", "case-7").ok());
    ASSERT_TRUE(writer->Commit().ok());
  }

  // What users see: the export, searches in two scripts, a user, a queue;
  // and the audit chain must verify.
  std::string Visible(const std::string& passphrase = kPassphrase) {
    auto vault = records::Vault::Unlock(*store_, passphrase);
    EXPECT_TRUE(vault.ok()) << vault.status().ToString();
    if (!vault.ok()) return "";
    std::string out = Export(*vault);
    auto reader = *vault->Read();
    for (const char* query : {"Juniper", "박용수", "sawmill"}) {
      auto hits = reader->Search(query, 10);
      for (const auto& hit : *hits) out += " " + core::IdOf(hit.record);
    }
    out += "\n" + **reader->GetDocument("user", "ana");
    auto queue = reader->ListIndex("queue-ready", "", 10);
    for (const auto& row : *queue) out += "\n" + row.order_key + "=" + row.payload;
    auto verified = records::VerifyAudit(*reader);
    EXPECT_TRUE(verified.ok()) << verified.status().ToString();
    return out;
  }

  // Every row's place in creation order and kind, oldest first.
  std::vector<std::pair<int64_t, std::string>> PlacesAndKinds() {
    std::vector<std::pair<int64_t, std::string>> out;
    auto txn = store_->BeginRead();
    EXPECT_TRUE(txn.ok());
    if (!txn.ok()) return out;
    auto rows = (*txn)->ListInCreationOrder(0, 100000);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    if (!rows.ok()) return out;
    for (const auto& row : *rows) out.emplace_back(row.place, row.record.kind);
    return out;
  }
};

TEST_P(KeyChangeConformance, RotationReSealsEveryRowAndKeepsWhatUsersSee) {
  Seed();
  std::string before = Visible();
  StoreSnapshot old = TakeSnapshot(*store_);
  std::vector<std::pair<int64_t, std::string>> places = PlacesAndKinds();
  auto summary = records::RotateDataKey(*store_, kPassphrase, crypto::KdfParams::Minimum());
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->records, 6);
  EXPECT_EQ(summary->index_rows, 1);
  EXPECT_EQ(Visible(), before);
  // Every row kept its place in creation order (search ranks ties by it);
  // the rotation's own audit entries come after them.
  std::vector<std::pair<int64_t, std::string>> after = PlacesAndKinds();
  ASSERT_GT(after.size(), places.size());
  EXPECT_EQ(std::vector(after.begin(), after.begin() + static_cast<std::ptrdiff_t>(places.size())),
            places);
  for (size_t row_idx = places.size(); row_idx < after.size(); ++row_idx) {
    EXPECT_EQ(after[row_idx].second, "audit");
  }
  StoreSnapshot rotated = TakeSnapshot(*store_);
  for (const auto& row : old.rows) {
    for (const auto& now : rotated.rows) {
      EXPECT_NE(now.body, row.body) << row.kind << " row was not re-sealed";
      if (row.kind != "queue-ready") {
        EXPECT_NE(now.key, row.key) << row.kind;
      }
    }
  }

  // The old key material, put back beside the rotated rows, opens none.
  auto copy = harness_->Create(harness_->NewLocation());
  ASSERT_TRUE(copy.ok());
  {
    auto txn = *(*copy)->BeginWrite();
    for (const auto& [name, value] : old.meta) ASSERT_TRUE(txn->SetMeta(name, value).ok());
    for (const auto& row : rotated.rows) ASSERT_TRUE(txn->Insert(row).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  auto stale = records::Vault::Unlock(**copy, kPassphrase);
  ASSERT_TRUE(stale.ok());
  auto reader = *stale->Read();
  EXPECT_FALSE(reader->Get("per-1")->has_value());
  EXPECT_EQ(reader->ListKind(core::RecordKind::kPerson).status().code(), StatusCode::kDataLoss);
  EXPECT_TRUE(reader->Search("Juniper", 10)->empty());
  EXPECT_EQ(reader->ListDocuments("user").status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(reader->ListIndex("queue-ready", "", 10).status().code(), StatusCode::kDataLoss);
}

TEST_P(KeyChangeConformance, RotationFailingMidwayChangesNothing) {
  Seed();
  std::string before = Visible();
  StoreSnapshot old = TakeSnapshot(*store_);
  // Past the key material, inside the records.
  test_support::FaultyStore faulty(*store_, 12);
  auto summary = records::RotateDataKey(faulty, kPassphrase, crypto::KdfParams::Minimum());
  ASSERT_TRUE(faulty.failed());
  EXPECT_EQ(summary.status().code(), StatusCode::kUnavailable);
  EXPECT_TRUE(SameRowsAndMeta(TakeSnapshot(*store_), old));
  EXPECT_EQ(Visible(), before);
}

TEST_P(KeyChangeConformance, PassphraseChangeSwapsWhichPassphraseOpens) {
  Seed();
  std::string before = Visible();
  ASSERT_TRUE(records::ChangePassphrase(*store_, kPassphrase, "new passphrase",
                                        crypto::KdfParams::Minimum())
                  .ok());
  EXPECT_EQ(records::Vault::Unlock(*store_, kPassphrase).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_EQ(Visible("new passphrase"), before);
}

std::string EngineTestName(const ::testing::TestParamInfo<Engine>& param_info) {
  return testing::EngineName(param_info.param);
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreConformance,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres), EngineTestName);
INSTANTIATE_TEST_SUITE_P(Engines, KeyChangeConformance,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres), EngineTestName);

}  // namespace
}  // namespace chorus::store
