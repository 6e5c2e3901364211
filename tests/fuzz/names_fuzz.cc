// Fuzz target: the name normaliser (text/names.h). The input is two names
// split at the first NUL byte (the second is empty without one); both go
// through every romanizer, the phonetic key, the variants, the comparator
// and the search folding, valid UTF-8 or not.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "text/names.h"

namespace {

using chorus::text::RomanizationSystem;

constexpr RomanizationSystem kSystems[] = {
    RomanizationSystem::kDprk,      RomanizationSystem::kMcCuneReischauer,
    RomanizationSystem::kAlaLc,     RomanizationSystem::kRevised,
    RomanizationSystem::kBgnDprk,   RomanizationSystem::kIcs,
    RomanizationSystem::kKontsevich};

void CheckOneName(std::string_view name) {
  for (RomanizationSystem system : kSystems) {
    auto romanized = chorus::text::Romanize(name, system);
    if (!romanized.ok()) {
      FUZZ_CHECK(romanized.status().code() == chorus::StatusCode::kInvalidArgument,
                 romanized.status().ToString());
    }
    auto text = chorus::text::RomanizeText(name, system);
    if (!text.ok()) {
      FUZZ_CHECK(text.status().code() == chorus::StatusCode::kInvalidArgument,
                 text.status().ToString());
    }
  }
  const std::string key = chorus::text::NameKey(name);
  FUZZ_CHECK(key.empty() || key.find('/') != std::string::npos, "key without '/': " + key);
  for (char c : key) FUZZ_CHECK(static_cast<unsigned char>(c) < 0x80, "non-ASCII key: " + key);
  auto variants = chorus::text::NameVariants(name);
  if (!variants.empty()) FUZZ_CHECK(variants.front() == name, "first variant is not the input");
  chorus::text::FoldForSearch(name);
  chorus::text::ParseRomanizationSystem(name);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const std::string_view a = input.substr(0, nul);
  const std::string_view b = nul == std::string_view::npos ? "" : input.substr(nul + 1);
  CheckOneName(a);
  if (!b.empty()) CheckOneName(b);

  const auto comparison = chorus::text::CompareNames(a, b);
  FUZZ_CHECK(comparison.score >= 0 && comparison.score <= 1,
             "score " + std::to_string(comparison.score));
  const double jw = chorus::text::JaroWinkler(a, b);
  FUZZ_CHECK(jw >= 0 && jw <= 1 && !std::isnan(jw), "Jaro-Winkler " + std::to_string(jw));
  FUZZ_CHECK(chorus::text::JaroWinkler(a, a) == 1, "Jaro-Winkler of a name with itself");
  return 0;
}
