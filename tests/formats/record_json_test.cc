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

// The demo store's records and the store tests' bundle: every kind and field.
std::vector<core::Record> DemoAndTestRecords() {
  std::vector<core::Record> all =
      RecordsOf(std::string(CHORUS_SOURCE_DIR) + "/data/demo/seed-report.json");
  for (auto& record :
       RecordsOf(std::string(CHORUS_SOURCE_DIR) + "/tests/store/data/small_bundle.json")) {
    all.push_back(std::move(record));
  }
  return all;
}

// Guards issue #2: EncodeRecord writes JSON without a document object, and
// its bytes are sealed into stores and hashed into audit entries, so they
// must equal the document encoder's for every kind and field.
TEST(RecordJson, DirectEncodingEqualsTheDocumentEncodingForEveryDemoRecord) {
  const auto records = DemoAndTestRecords();
  for (const auto& record : records) {
    SCOPED_TRACE(core::IdOf(record));
    EXPECT_EQ(EncodeRecord(record), EncodeRecordThroughDomForTest(record));
  }
  EXPECT_GT(records.size(), 50u);
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

// Records are parsed with simdjson; the document form of a bundle and the
// tests use nlohmann. The two must read every text to the same record or to
// the same error, or a record would mean one thing on import and another on
// every read.
void ExpectBothParsersAgree(std::string_view text) {
  SCOPED_TRACE(std::string(text));
  auto fast = DecodeRecord(text);
  auto reference = DecodeRecordThroughNlohmannForTest(text);
  ASSERT_EQ(fast.ok(), reference.ok())
      << (fast.ok() ? reference.status() : fast.status()).ToString();
  if (fast.ok()) {
    EXPECT_EQ(EncodeRecord(*fast), EncodeRecord(*reference));
  } else {
    EXPECT_EQ(fast.status().ToString(), reference.status().ToString());
  }
}

TEST(RecordJson, BothParsersDecodeEveryDemoRecordAlike) {
  const auto records = DemoAndTestRecords();
  for (const auto& record : records) {
    const std::string text = EncodeRecord(record);
    ExpectBothParsersAgree(text);
    auto decoded = DecodeRecord(text);
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_EQ(EncodeRecord(*decoded), text);
  }
  EXPECT_GT(records.size(), 50u);
}

TEST(RecordJson, BothParsersRefuseBadRecordsWithTheSameError) {
  const char* texts[] = {
      "",
      "[]",
      "42",
      "{\"kind\":\"event\"",
      "{\"kind\":\"event\",\"id\":\"evt-1\",\"title\":\"t\"} trailing",
      "{\"kind\":\"event\",\"id\":\"evt-1\"}",
      "{\"kind\":\"vent\",\"id\":\"evt-1\",\"title\":\"t\"}",
      "{\"kind\":\"event\",\"id\":7,\"title\":\"t\"}",
      "{\"kind\":\"event\",\"id\":\"evt-1\",\"title\":\"t\",\"colour\":\"red\"}",
      "{\"kind\":\"event\",\"id\":\"evt-1\",\"title\":\"t\",\"dates\":{}}",
      "{\"kind\":\"event\",\"id\":\"evt-1\",\"title\":\"t\",\"dates\":[{\"report\":\"rpt-1\"}]}",
      "{\"kind\":\"event\",\"id\":\"evt-1\",\"title\":\"t\","
      "\"dates\":[{\"report\":\"rpt-1\",\"edtf\":\"2017-13\"}]}",
      "{\"kind\":\"event\",\"id\":\"evt-1\",\"title\":\"t\",\"reports\":[\"rpt-1\",3]}",
      "{\"kind\":\"event\",\"id\":\"evt-1\",\"title\":\"t\",\"related\":[{\"event\":\"evt-2\"}]}",
      "{\"kind\":\"act\",\"id\":\"act-1\",\"event\":\"evt-1\",\"type\":\"beating\","
      "\"victim_counts\":[{\"report\":\"rpt-1\",\"min\":1.5}]}",
      "{\"kind\":\"act\",\"id\":\"act-1\",\"event\":\"evt-1\",\"type\":\"beating\","
      "\"victim_counts\":[{\"report\":\"rpt-1\",\"min\":5,\"max\":2}]}",
      "{\"kind\":\"report\",\"id\":\"rpt-1\",\"title\":\"t\",\"source\":\"src-1\","
      "\"credibility\":9}",
      "{\"kind\":\"report\",\"id\":\"rpt-1\",\"title\":\"t\",\"source\":\"src-1\","
      "\"received_at\":\"yesterday\"}",
      "{\"kind\":\"person\",\"id\":\"per-1\",\"at_risk\":\"yes\"}",
      "{\"kind\":\"person\",\"id\":\"per-1\",\"names\":[{\"text\":\"Kim\"}]}",
      "{\"kind\":\"person\",\"id\":\"per-1\",\"sealed\":{\"compartment\":\"x\",\"key\":\"ab\","
      "\"box\":\"Ym94\"}}",
      "{\"kind\":\"person\",\"id\":\"per-1\",\"sealed\":{\"compartment\":\"sources\","
      "\"key\":\"AB\",\"box\":\"Ym94\"}}",
      "{\"kind\":\"source\",\"id\":\"src-1\",\"pseudonym\":\"B\",\"reliability\":\"G\"}",
      "{\"kind\":\"source\",\"id\":\"src-1\",\"pseudonym\":\"B\",\"reliability\":\"A\","
      "\"identity\":{\"name\":\"K\",\"age\":3}}",
      "{\"kind\":\"place\",\"id\":\"plc-1\",\"latitude\":\"north\"}",
      "{\"kind\":\"post\",\"id\":\"pst-1\",\"organization\":\"org-1\",\"label\":\"l\","
      "\"rank\":18446744073709551615}",
      "{\"kind\":\"file\",\"id\":\"fil-1\",\"report\":\"rpt-1\",\"name\":\"a\","
      "\"sha256\":\"00\"}",
      "{\"kind\":\"event\",\"id\":\"evt-1\",\"title\":\"bad \xC3( utf-8\"}",
      "{\"kind\":\"event\",\"id\":\"evt-1\",\"title\":\"ctrl \x01 char\"}",
  };
  for (const char* text : texts) ExpectBothParsersAgree(text);
}

TEST(RecordJson, BothParsersReadNullsDuplicatesAndLargeNumbersAlike) {
  const char* texts[] = {
      // null is absent
      "{\"kind\":\"event\",\"id\":\"evt-1\",\"title\":\"t\",\"description\":null}",
      // a repeated key: the last value wins in both
      "{\"kind\":\"event\",\"id\":\"evt-1\",\"title\":\"first\",\"title\":\"second\"}",
      "{\"kind\":\"event\",\"title\":\"t\",\"id\":\"evt-1\",\"title\":7}",
      // unsigned above INT64_MAX, read modulo 2^64 by both
      "{\"kind\":\"file\",\"id\":\"fil-1\",\"report\":\"rpt-1\",\"name\":\"a\","
      "\"sha256\":\"00\",\"size_bytes\":18446744073709551615}",
      "{\"kind\":\"place\",\"id\":\"plc-1\",\"latitude\":43,\"longitude\":1.31e2}",
      "{\"kind\":\"event\",\"id\":\"evt-1\",\"title\":\"esc \\u0000 \\\"q\\\" \\ud834\\udd1e\"}",
      // a byte-order mark before the object
      "\xEF\xBB\xBF{\"kind\":\"event\",\"id\":\"evt-1\",\"title\":\"t\"}",
      "{\"kind\":\"post\",\"id\":\"pst-1\",\"organization\":\"org-1\",\"label\":\"l\",\"rank\":-0}",
  };
  for (const char* text : texts) ExpectBothParsersAgree(text);
  auto last = DecodeRecord(texts[1]);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(std::get<core::Event>(*last).title, "second");
  // Beyond 64 bits both refuse, in different words ("not valid JSON" and
  // "must be an integer").
  const char* huge =
      "{\"kind\":\"post\",\"id\":\"pst-1\",\"organization\":\"org-1\",\"label\":\"l\","
      "\"rank\":99999999999999999999999}";
  EXPECT_EQ(DecodeRecord(huge).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeRecordThroughNlohmannForTest(huge).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace chorus::formats
