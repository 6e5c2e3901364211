#include "formats/record_json.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace chorus::formats {
namespace {

// Every record of a bundle file, decoded.
std::vector<core::Record> RecordsOf(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::vector<core::Record> records;
  Status read = ReadBundle(in, [&](core::Record&& record, size_t) {
    records.push_back(std::move(record));
    return Status::Ok();
  });
  EXPECT_TRUE(read.ok()) << read.ToString();
  return records;
}

// Guards issue #2: EncodeRecord writes JSON without a document object, and
// its bytes are sealed into stores and hashed into audit entries, so they
// must equal the document encoder's for every kind and field.
TEST(RecordJson, DirectEncodingEqualsTheDocumentEncodingForEveryDemoRecord) {
  size_t compared = 0;
  for (const std::string path :
       {std::string(CHORUS_SOURCE_DIR) + "/data/demo/seed-report.json",
        std::string(CHORUS_SOURCE_DIR) + "/tests/store/data/small_bundle.json"}) {
    for (const auto& record : RecordsOf(path)) {
      SCOPED_TRACE(core::IdOf(record));
      EXPECT_EQ(EncodeRecord(record), EncodeRecordThroughDomForTest(record));
      ++compared;
    }
  }
  EXPECT_GT(compared, 50u);
}

TEST(RecordJson, DirectEncodingEscapesStringsAsTheDocumentEncodingDoes) {
  core::Person person;
  person.id = "per-\"x\"";
  person.pseudonym = std::string("tab\there, nl\n, cr\r, ff\f, bs\b, nul ") + '\0' +
                     ", \x01\x1f\x7f, back\\slash, slash /, é, 박용수, 𝄞";
  person.names.push_back({"Ли Мён Су", "ru", {"rpt-1", "rpt-2"}});
  person.at_risk = true;
  person.description = "";
  person.reports = {"rpt-1"};
  core::Record record = person;
  std::string direct = EncodeRecord(record);
  EXPECT_EQ(direct, EncodeRecordThroughDomForTest(record));
  EXPECT_NE(direct.find("\\u0000"), std::string::npos);
}

TEST(RecordJson, DirectEncodingWritesNestedIdentityAndSealedPartsAsTheDocumentEncodingDoes) {
  core::Source open;
  open.id = "src-1";
  open.pseudonym = "Birch";
  open.identity = core::SourceIdentity{"Kim", "", "met in \"Vladivostok\""};
  core::Record with_identity = open;
  EXPECT_EQ(EncodeRecord(with_identity), EncodeRecordThroughDomForTest(with_identity));
  core::Source sealed = open;
  sealed.identity = core::SourceIdentity{};  // an empty identity is still written: {}
  sealed.sealed = core::SealedPart{core::Compartment::kSources, "ab12", "Ym94"};
  core::Record with_sealed = sealed;
  EXPECT_EQ(EncodeRecord(with_sealed), EncodeRecordThroughDomForTest(with_sealed));
}

TEST(RecordJson, NotUtf8AndCoordinatesFallBackToTheDocumentEncoding) {
  core::Report report;
  report.id = "rpt-1";
  report.title = "broken \xC3(";
  report.source_id = "src-1";
  core::Record record = report;
  // dump() refuses the string; the direct encoder must not write it either.
  EXPECT_ANY_THROW(EncodeRecord(record));
  core::Place place;
  place.id = "plc-1";
  place.names.push_back({"Mokran", "en", {}});
  place.latitude = 43.1198;
  place.longitude = 131.8869;
  core::Record at = place;
  EXPECT_EQ(EncodeRecord(at), EncodeRecordThroughDomForTest(at));
}

}  // namespace
}  // namespace chorus::formats
