// Hostile JSON that once crashed the importer or the server (found by the
// fuzz targets in tests/fuzz): nesting deep enough to exhaust the stack, and
// a bundle version that wrapped around.
#include "formats/json_limits.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "formats/record_json.h"

namespace chorus::formats {
namespace {

std::string Nested(size_t depth, std::string_view inner = "") {
  return std::string(depth, '[') + std::string(inner) + std::string(depth, ']');
}

Status Read(const std::string& bundle, size_t* records = nullptr) {
  std::istringstream in(bundle);
  size_t count = 0;
  Status status = ReadBundle(in, [&](core::Record&&, size_t) {
    ++count;
    return Status::Ok();
  });
  if (records) *records = count;
  return status;
}

constexpr char kEvent[] = R"({"kind":"event","id":"evt-1","title":"T"})";

TEST(JsonLimits, CountsNestingOutsideStrings) {
  EXPECT_EQ(JsonNestingDepth("1"), 0u);
  EXPECT_EQ(JsonNestingDepth("{}"), 1u);
  EXPECT_EQ(JsonNestingDepth(R"({"a":[1,{"b":[]}],"c":{}})"), 4u);
  EXPECT_EQ(JsonNestingDepth(R"(["[[[{{{", "\"[[[", "\\"])"), 1u);
  EXPECT_EQ(JsonNestingDepth("]]][[}"), 2u);  // malformed: still a number
  EXPECT_EQ(JsonNestingDepth(Nested(100000)), 100000u);
}

TEST(JsonLimits, DeeplyNestedHeaderFieldIsRefusedNotACrash) {
  // Once a stack overflow: the header field was copied by recursion.
  Status s = Read(R"({"format":)" + Nested(300000) + R"(,"version":1,"records":[]})");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("nest deeper than 32 levels"), std::string::npos) << s.ToString();
}

TEST(JsonLimits, DeeplyNestedRecordIsRefusedInBothBundleForms) {
  const std::string deep_record = R"({"kind":"event","id":"evt-1","title":)" + Nested(300000) + "}";
  Status document =
      Read(R"({"format":"chorus-bundle","version":1,"records":[)" + deep_record + "]}");
  EXPECT_EQ(document.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(document.message().find("record 1"), std::string::npos) << document.ToString();
  Status lines = Read("{\"format\":\"chorus-bundle\",\"version\":1}\n" + deep_record + "\n");
  EXPECT_EQ(lines.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(lines.message().find("record 1 (line 2)"), std::string::npos) << lines.ToString();
  EXPECT_EQ(DecodeRecord(deep_record).status().code(), StatusCode::kInvalidArgument);
}

TEST(JsonLimits, EveryRealRecordIsWellWithinTheLimit) {
  const std::string person =
      R"({"kind":"person","id":"per-1","pseudonym":"p","names":[{"text":"리명수","language":"ko-Hang","reports":["rpt-1"]}]})";
  EXPECT_LE(JsonNestingDepth(person) + 2, kMaxJsonDepth);
  EXPECT_TRUE(DecodeRecord(person).ok());
}

TEST(JsonLimits, BundleVersionIsComparedWithoutWrapping) {
  // get<int>() once read 4294967297 as 1 and accepted the bundle.
  Status s = Read(R"({"format":"chorus-bundle","version":4294967297,"records":[]})");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("version 4294967297 is not supported"), std::string::npos)
      << s.ToString();
  EXPECT_TRUE(Read(R"({"format":"chorus-bundle","version":1,"records":[]})").ok());
}

TEST(JsonLimits, DocumentOnOneLongLineStillReads) {
  // The first line is read only up to a header's length; a whole document
  // on one line is streamed like any other.
  std::string records;
  for (int i = 0; i < 200; ++i) {
    if (i > 0) records += ",";
    records += R"({"kind":"event","id":"evt-)" + std::to_string(i) + R"(","title":"T"})";
  }
  size_t count = 0;
  Status s = Read(R"({"format":"chorus-bundle","version":1,"records":[)" + records + "]}", &count);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(count, 200u);
  size_t lines = 0;
  ASSERT_TRUE(
      Read(std::string("{\"format\":\"chorus-bundle\",\"version\":1}\n") + kEvent + "\n", &lines)
          .ok());
  EXPECT_EQ(lines, 1u);
}

}  // namespace
}  // namespace chorus::formats
