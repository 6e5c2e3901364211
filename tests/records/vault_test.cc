#include "records/vault.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "formats/record_json.h"
#include "records/records_fixture.h"

namespace chorus::records {
namespace {

TEST_F(RecordsTest, EveryKindRoundTripsThroughTheStore) {
  ASSERT_TRUE(ImportText(Bundle(kEveryKind)).ok());
  auto reader = vault_->Read();
  ASSERT_TRUE(reader.ok());
  // Decode the same records from the bundle text and compare field by field.
  std::istringstream in(Bundle(kEveryKind));
  size_t checked = 0;
  Status s = formats::ReadBundle(in, [&](core::Record&& expected, size_t) {
    auto stored = (*reader)->Require(core::IdOf(expected));
    EXPECT_TRUE(stored.ok()) << stored.status().ToString();
    if (stored.ok()) {
      EXPECT_EQ(*stored, expected) << core::IdOf(expected);
      EXPECT_EQ(formats::EncodeRecord(*stored), formats::EncodeRecord(expected));
    }
    ++checked;
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(checked, 11u);
  for (core::RecordKind kind : core::kAllRecordKinds) {
    EXPECT_EQ(*(*reader)->Count(kind), 1) << core::RecordKindName(kind);
  }
}

TEST_F(RecordsTest, WrongPassphraseIsUnauthenticated) {
  auto vault = Vault::Unlock(*store_, "not the passphrase");
  ASSERT_FALSE(vault.ok());
  EXPECT_EQ(vault.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(vault.status().message().find("not the passphrase"), std::string::npos);
}

TEST_F(RecordsTest, InitializeKeysTwiceIsRefused) {
  Status again = InitializeKeys(*store_, "other", crypto::KdfParams::Minimum());
  EXPECT_EQ(again.code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Vault::Unlock(*store_, kPassphrase).ok());
}

TEST_F(RecordsTest, CreateUpdateDeleteWithVersionsAndReferences) {
  ASSERT_TRUE(ImportText(Bundle(kEveryKind)).ok());
  {
    auto writer = *vault_->Write();
    core::Record event = *writer->Require("evt-1");
    std::get<core::Event>(event).title = "Group defection near St Petersburg";
    ASSERT_TRUE(writer->Update(event).ok());
    // Deleting a record that others refer to is refused.
    Status refused = writer->Delete("evt-1");
    EXPECT_EQ(refused.code(), StatusCode::kFailedPrecondition);
    EXPECT_NE(refused.message().find("act-1"), std::string::npos);
    ASSERT_TRUE(writer->Delete("inv-1").ok());
    EXPECT_EQ(writer->Delete("inv-1").code(), StatusCode::kNotFound);
    core::Event duplicate;
    duplicate.id = "evt-1";
    duplicate.title = "x";
    EXPECT_EQ(writer->Create(duplicate).code(), StatusCode::kAlreadyExists);
    ASSERT_TRUE(writer->Commit().ok());
  }
  auto reader = *vault_->Read();
  EXPECT_EQ(std::get<core::Event>(*reader->Require("evt-1")).title,
            "Group defection near St Petersburg");
  EXPECT_FALSE(reader->Get("inv-1")->has_value());
  EXPECT_EQ(reader->Require("inv-1").status().code(), StatusCode::kNotFound);
  auto hits = reader->Search("near", 10);
  ASSERT_TRUE(hits.ok());
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ(core::IdOf(hits->front().record), "evt-1");
}

TEST_F(RecordsTest, UncommittedWritesVanish) {
  {
    auto writer = *vault_->Write();
    core::Source source;
    source.id = "src-9";
    source.pseudonym = "someone";
    ASSERT_TRUE(writer->Create(source).ok());
  }
  auto reader = *vault_->Read();
  EXPECT_FALSE(reader->Get("src-9")->has_value());
}

TEST_F(RecordsTest, OriginalFilesAreImmutable) {
  ASSERT_TRUE(ImportText(Bundle(kEveryKind)).ok());
  auto writer = *vault_->Write();
  core::Record file = *writer->Require("file-1");
  std::get<core::File>(file).sha256 = std::string(64, 'a');
  EXPECT_EQ(writer->Update(file).code(), StatusCode::kFailedPrecondition);
  std::get<core::File>(file).sha256 =
      "0b487ae29513d2f4efa3dbfc99a977f1f085d9c54494f679f0c871acad22c20a";
  std::get<core::File>(file).name = "renamed.txt";  // metadata may change
  EXPECT_TRUE(writer->Update(file).ok());
}

TEST_F(RecordsTest, SearchFindsLatinHangulAndCyrillic) {
  ASSERT_TRUE(ImportText(Bundle(kEveryKind)).ok());
  auto reader = *vault_->Read();
  auto ids = [&](const std::string& query) {
    std::vector<std::string> out;
    auto hits = reader->Search(query, 20);
    EXPECT_TRUE(hits.ok()) << hits.status().ToString();
    if (hits.ok()) {
      for (const auto& hit : *hits) out.push_back(core::IdOf(hit.record));
    }
    return out;
  };
  EXPECT_THAT(ids("Mokran"), ::testing::Contains("org-1"));
  EXPECT_THAT(ids("MOKRAN"), ::testing::Contains("rpt-1"));
  EXPECT_THAT(ids("목란"), ::testing::Contains("org-1"));
  EXPECT_THAT(ids("목란"), ::testing::Contains("rpt-1"));  // "목란은": the particle is attached
  EXPECT_THAT(ids("Санкт-Петербург"), ::testing::Contains("plc-1"));
  EXPECT_THAT(ids("санкт"), ::testing::Contains("rpt-1"));
  EXPECT_THAT(ids("리명수"), ::testing::Contains("per-1"));
  // The same name in other romanizations and scripts (issue #6's example).
  EXPECT_THAT(ids("Ri Myong Su"), ::testing::Contains("per-1"));
  EXPECT_THAT(ids("Lee Myung-soo"), ::testing::Contains("per-1"));
  EXPECT_THAT(ids("Ли Мён Су"), ::testing::Contains("per-1"));
  EXPECT_THAT(ids("이명수"), ::testing::Contains("per-1"));  // South Korean spelling
  EXPECT_THAT(ids("Kim Myong Chol"), ::testing::Not(::testing::Contains("per-1")));
  // The names of a person at risk are in no index, even before their
  // compartment has a key (a holder's search opens them instead).
  {
    auto writer = *vault_->Write();
    auto person = std::get<core::Person>(*writer->Require("per-1"));
    person.at_risk = true;
    ASSERT_TRUE(writer->Update(person).ok());
    ASSERT_TRUE(writer->Commit().ok());
  }
  reader = *vault_->Read();
  EXPECT_THAT(ids("리명수"), ::testing::Not(::testing::Contains("per-1")));
  EXPECT_THAT(ids("Ri Myong Su"), ::testing::Not(::testing::Contains("per-1")));
  EXPECT_THAT(ids("the manager"), ::testing::Contains("per-1"));  // the pseudonym is
  EXPECT_TRUE(ids("flying").empty());
  // Source identities are sealed and never indexed.
  EXPECT_TRUE(ids("Hidden").empty());
}

TEST_F(RecordsTest, ReferencingFindsIncomingLinks) {
  ASSERT_TRUE(ImportText(Bundle(kEveryKind)).ok());
  auto reader = *vault_->Read();
  auto posts = reader->Referencing("org-1", core::RecordKind::kPost);
  ASSERT_TRUE(posts.ok());
  ASSERT_EQ(posts->size(), 1u);
  EXPECT_EQ(core::IdOf(posts->front()), "post-1");
  auto all = reader->Referencing("rpt-1");
  ASSERT_TRUE(all.ok());
  EXPECT_GE(all->size(), 6u);
}

TEST_F(RecordsTest, DocumentsAreSealedAndSeparateFromRecords) {
  {
    auto writer = *vault_->Write();
    ASSERT_TRUE(writer->PutDocument("user", "alice", R"({"role":"viewer"})").ok());
    EXPECT_EQ(writer->PutDocument("event", "x", "{}").code(), StatusCode::kInvalidArgument);
    ASSERT_TRUE(writer->Commit().ok());
  }
  auto reader = *vault_->Read();
  EXPECT_EQ(**reader->GetDocument("user", "alice"), R"({"role":"viewer"})");
  EXPECT_FALSE(reader->GetDocument("user", "bob")->has_value());
  auto all = reader->ListDocuments("user");
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->front().first, "alice");
  EXPECT_TRUE(reader->Search("alice", 10)->empty());
}

}  // namespace
}  // namespace chorus::records
