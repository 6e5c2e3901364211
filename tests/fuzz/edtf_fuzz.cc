// Fuzz target: the EDTF parser (core/fuzzy_date.h). Any text either parses
// or is refused with InvalidArgument; what parses prints back to text that
// parses to the same value, and its day span is ordered.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/fuzzy_date.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using chorus::core::FuzzyDate;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = FuzzyDate::Parse(text);
  if (!parsed.ok()) {
    FUZZ_CHECK(parsed.status().code() == chorus::StatusCode::kInvalidArgument,
               parsed.status().ToString());
    return 0;
  }
  const FuzzyDate& date = *parsed;
  const std::string printed = date.ToString();
  auto reparsed = FuzzyDate::Parse(printed);
  FUZZ_CHECK(reparsed.ok(), "'" + printed + "': " + reparsed.status().ToString());
  FUZZ_CHECK(*reparsed == date, "'" + printed + "' parses to another value");
  FUZZ_CHECK(reparsed->ToString() == printed, "'" + printed + "' does not print back");

  const auto earliest = date.earliest_day();
  const auto latest = date.latest_day();
  if (earliest && latest) {
    FUZZ_CHECK(*earliest <= *latest, "'" + printed + "': span ends before it starts");
    FUZZ_CHECK(date.CanInclude(*earliest) && date.CanInclude(*latest), printed);
  }
  FUZZ_CHECK(date.Contains(date), "'" + printed + "' does not contain itself");
  FUZZ_CHECK(date.Overlaps(date), "'" + printed + "' does not overlap itself");
  FUZZ_CHECK(!chorus::core::DescribeFuzzyDate(date).empty(), printed);
  return 0;
}
