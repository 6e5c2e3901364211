#include "records/bundle_io.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "records/chain.h"
#include "records/record_view.h"
#include "records/records_fixture.h"

namespace chorus::records {
namespace {

using ::testing::HasSubstr;

struct MalformedCase {
  const char* name;
  std::string bundle;
  StatusCode code;
  std::vector<std::string> message_parts;  // each must appear in the error
};

std::string WithBase(const std::string& extra) {
  return std::string("{\"format\":\"chorus-bundle\",\"version\":1,\"records\":[") +
         R"({"kind":"source","id":"src-ok","pseudonym":"ok","reliability":"B"},)" +
         R"({"kind":"report","id":"rpt-ok","title":"ok","source":"src-ok"},)" + extra + "]}";
}

// Guards the foundation's promise: a malformed or inconsistent import is
// rejected whole, naming the file, the record and the field, and the store
// is left exactly as it was.
TEST_F(RecordsTest, MalformedImportsChangeNothingAndNameTheProblem) {
  ASSERT_TRUE(ImportText(Bundle(kEveryKind), "first.json").ok());
  const std::string before = ExportText();
  const std::vector<MalformedCase> cases = {
      {"bad json",
       WithBase(R"({"kind":"event","id":"evt-x","title":"x",)"),
       StatusCode::kInvalidArgument,
       {"bad.json", "not valid JSON"}},
      {"unknown field",
       WithBase(R"({"kind":"event","id":"evt-x","title":"x","colour":"red"})"),
       StatusCode::kInvalidArgument,
       {"bad.json", "record 3", "event evt-x", "'colour'", "unknown field"}},
      {"dangling reference",
       WithBase(R"({"kind":"act","id":"act-x","event":"evt-missing","type":"escape"})"),
       StatusCode::kInvalidArgument,
       {"bad.json", "record 3", "act act-x", "'event'", "evt-missing"}},
      {"wrong reference kind",
       WithBase(R"({"kind":"act","id":"act-x","event":"rpt-ok","type":"escape"})"),
       StatusCode::kInvalidArgument,
       {"act act-x", "'rpt-ok' is a report, not a event"}},
      {"bad edtf",
       WithBase(
           R"({"kind":"event","id":"evt-x","title":"x","dates":[{"report":"rpt-ok","edtf":"2016-13"}]})"),
       StatusCode::kInvalidArgument,
       {"record 3", "event evt-x", "dates[0].edtf", "2016-13"}},
      {"wrong type",
       WithBase(
           R"({"kind":"report","id":"rpt-x","title":"x","source":"src-ok","credibility":"high"})"),
       StatusCode::kInvalidArgument,
       {"report rpt-x", "'credibility'", "integer"}},
      {"bad enum",
       WithBase(
           R"({"kind":"involvement","id":"inv-x","act":"act-1","role":"bystander","unnamed_party":"x"})"),
       StatusCode::kInvalidArgument,
       {"inv-x", "'role'", "bystander"}},
      {"unknown act type",
       WithBase(R"({"kind":"act","id":"act-x","event":"evt-1","type":"flying"})"),
       StatusCode::kInvalidArgument,
       {"act act-x", "'type'", "flying"}},
      {"count out of order",
       WithBase(
           R"({"kind":"act","id":"act-x","event":"evt-1","type":"escape","victim_counts":[{"report":"rpt-ok","min":10,"max":6}]})"),
       StatusCode::kInvalidArgument,
       {"act-x", "victim_counts[0]"}},
      {"duplicate within file",
       WithBase(R"({"kind":"source","id":"src-ok","pseudonym":"again","reliability":"A"})"),
       StatusCode::kAlreadyExists,
       {"src-ok", "twice"}},
      {"already in store",
       WithBase(R"({"kind":"event","id":"evt-1","title":"again"})"),
       StatusCode::kAlreadyExists,
       {"evt-1", "already exists"}},
      {"not a bundle", R"({"records":[]})", StatusCode::kInvalidArgument, {"not a chorus bundle"}},
      {"future version",
       R"({"format":"chorus-bundle","version":9,"records":[]})",
       StatusCode::kInvalidArgument,
       {"version 9"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto result = ImportText(c.bundle, "bad.json");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), c.code) << result.status().ToString();
    for (const auto& part : c.message_parts) {
      EXPECT_THAT(result.status().message(), HasSubstr(part));
    }
    EXPECT_EQ(ExportText(), before);
  }
  // The good records in a rejected file were not kept either.
  auto reader = *vault_->Read();
  EXPECT_FALSE(reader->Get("src-ok")->has_value());
}

TEST_F(RecordsTest, ReferencesMayPointForwardAndAcrossFiles) {
  std::istringstream second(Bundle(
      R"({"kind":"act","id":"act-2","event":"evt-2","type":"escape"},{"kind":"event","id":"evt-2","title":"later"})"));
  std::istringstream first(Bundle(kEveryKind));
  auto count = ImportBundles(*vault_, {{"a.json", &first}, {"b.json", &second}});
  ASSERT_TRUE(count.ok()) << count.status().ToString();
  EXPECT_EQ(*count, 13u);
}

TEST_F(RecordsTest, JsonLinesBundlesImport) {
  std::string lines =
      "{\"format\":\"chorus-bundle\",\"version\":1}\n"
      "{\"kind\":\"source\",\"id\":\"s1\",\"pseudonym\":\"p\",\"reliability\":\"A\"}\n"
      "\n"
      "{\"kind\":\"report\",\"id\":\"r1\",\"title\":\"t\",\"source\":\"s1\"}\n";
  auto count = ImportText(lines);
  ASSERT_TRUE(count.ok()) << count.status().ToString();
  EXPECT_EQ(*count, 2u);
  auto bad = ImportText("{\"format\":\"chorus-bundle\",\"version\":1}\n{\"kind\":\"source\"\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("line 2"));
}

TEST_F(RecordsTest, DemoImportsAndExportsRoundTripByteForByte) {
  auto count = ImportFile(kSeedReportBundle);
  ASSERT_TRUE(count.ok()) << count.status().ToString();
  EXPECT_GT(*count, 90u);
  const std::string first_export = ExportText();

  // A second, independent store (other keys, other row order) fed the export.
  chorus::test_support::TempDir other_dir;
  auto other =
      store::sqlite::OpenSqliteStore(other_dir.File("b.chorus"), store::sqlite::OpenMode::kCreate);
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(InitializeKeys(**other, "another passphrase", crypto::KdfParams::Minimum()).ok());
  auto vault = *Vault::Unlock(**other, "another passphrase");
  std::istringstream in(first_export);
  ASSERT_TRUE(ImportBundles(vault, {{"export.json", &in}}).ok());
  std::ostringstream second_export;
  ASSERT_TRUE(ExportBundle(vault, second_export).ok());
  EXPECT_EQ(second_export.str(), first_export);
}

TEST_F(RecordsTest, DemoChainOfCommandOfMokranInAugust2016) {
  ASSERT_TRUE(ImportFile(kSeedReportBundle).ok());
  auto reader = *vault_->Read();
  auto chain = BuildChainOfCommand(*reader, "Mokran", *core::FuzzyDate::Parse("2016-08"));
  ASSERT_TRUE(chain.ok()) << chain.status().ToString();
  EXPECT_EQ(chain->organization.id, "org-mokran");
  ASSERT_GE(chain->posts.size(), 4u);
  EXPECT_EQ(chain->posts[0].post.role, "manager");
  ASSERT_EQ(chain->posts[0].holders.size(), 1u);
  EXPECT_EQ(chain->posts[0].holders[0].person.id, "per-mokran-manager");
  EXPECT_EQ(chain->posts[1].post.role, "assistant_manager");
  ASSERT_EQ(chain->posts[1].holders.size(), 1u);
  EXPECT_EQ(chain->posts[1].holders[0].person.id, "per-mokran-ssd-agent");
  EXPECT_THAT(chain->posts[0].reports, ::testing::Contains("rpt-local-source-2016-10-10"));
  ASSERT_FALSE(chain->superiors.empty());
  EXPECT_EQ(chain->superiors[0].id, "org-ecmb");
  // In November 2016 the manager and the agent had been recalled.
  auto later = BuildChainOfCommand(*reader, "org-mokran", *core::FuzzyDate::Parse("2016-11"));
  ASSERT_TRUE(later.ok());
  EXPECT_TRUE(later->posts[0].holders.empty());
  // Found by its Hangul name too.
  auto hangul = BuildChainOfCommand(*reader, "목란", *core::FuzzyDate::Parse("2016-08"));
  ASSERT_TRUE(hangul.ok());
  EXPECT_EQ(hangul->organization.id, "org-mokran");
  EXPECT_EQ(BuildChainOfCommand(*reader, "Nonexistent Company", *core::FuzzyDate::Parse("2016"))
                .status()
                .code(),
            StatusCode::kNotFound);
}

TEST_F(RecordsTest, DemoSearchInThreeScripts) {
  ASSERT_TRUE(ImportFile(kSeedReportBundle).ok());
  auto reader = *vault_->Read();
  auto first_ids = [&](const std::string& query) {
    std::vector<std::string> ids;
    auto hits = reader->Search(query, 50);
    EXPECT_TRUE(hits.ok()) << hits.status().ToString();
    if (hits.ok()) {
      for (const auto& hit : *hits) ids.push_back(core::IdOf(hit.record));
    }
    return ids;
  };
  EXPECT_THAT(first_ids("Mokran"), ::testing::Contains("org-mokran"));
  EXPECT_THAT(first_ids("목란"), ::testing::Contains("org-mokran"));
  EXPECT_THAT(first_ids("Санкт-Петербург"), ::testing::Contains("plc-st-petersburg"));
  EXPECT_THAT(first_ids("Пхеньян"), ::testing::Contains("plc-pyongyang"));
  EXPECT_THAT(first_ids("Achilles tendon"),
              ::testing::Contains("evt-punishment-of-escape-attempts"));
}

TEST_F(RecordsTest, DemoShowKeepsEachReportsClaimAndConsolidates) {
  ASSERT_TRUE(ImportFile(kSeedReportBundle).ok());
  auto reader = *vault_->Read();
  auto view = ViewRecord(*reader, "act-group-escape");
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  int count_claims = 0;
  for (const auto& c : view->claims) count_claims += c.attribute == "victim_counts";
  EXPECT_EQ(count_claims, 3);
  ASSERT_EQ(view->consolidated.size(), 1u);
  const auto& range = view->consolidated[0].count.range;
  EXPECT_EQ(range.min, 6);
  EXPECT_EQ(range.max, 10);
  EXPECT_EQ(range.best, 9);
  EXPECT_FALSE(view->consolidated[0].count.conflicting);
  EXPECT_EQ(view->reports.size(), 3u);
  EXPECT_EQ(ViewRecord(*reader, "nope").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace chorus::records
