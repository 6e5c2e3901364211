// Fuzz target: the JSON bundle reader and record codec
// (formats/record_json.h), in both the document and the JSON Lines form.
// Bad bytes are refused with InvalidArgument; every record accepted encodes
// to JSON that decodes to a record encoding to the same bytes. The input read
// as one record text decodes alike through simdjson (DecodeRecord) and
// through nlohmann (the reference): the same record, or refused by both.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "formats/record_json.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto fast = chorus::formats::DecodeRecord(text);
  auto reference = chorus::formats::DecodeRecordThroughNlohmannForTest(text);
  FUZZ_CHECK(fast.ok() == reference.ok(),
             "parsers disagree: " + (fast.ok() ? reference.status() : fast.status()).ToString());
  // Both refuse integers beyond 64 bits, in different words: only the
  // records accepted must be equal.
  if (fast.ok()) {
    FUZZ_CHECK(chorus::formats::EncodeRecord(*fast) == chorus::formats::EncodeRecord(*reference),
               "parsers decode different records");
  }
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  size_t expected_index = 0;
  chorus::Status read = chorus::formats::ReadBundle(
      in, [&](chorus::core::Record&& record, size_t index) -> chorus::Status {
        FUZZ_CHECK(index == expected_index, "record index " + std::to_string(index));
        ++expected_index;
        const std::string encoded = chorus::formats::EncodeRecord(record);
        auto decoded = chorus::formats::DecodeRecord(encoded);
        FUZZ_CHECK(decoded.ok(), encoded + ": " + decoded.status().ToString());
        FUZZ_CHECK(chorus::formats::EncodeRecord(*decoded) == encoded,
                   encoded + " does not encode back to itself");
        return chorus::Status::Ok();
      });
  if (!read.ok()) {
    FUZZ_CHECK(read.code() == chorus::StatusCode::kInvalidArgument, read.ToString());
  }
  return 0;
}
