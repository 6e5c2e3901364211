// Every applicable vector of tests/data/korean-romanization/ (interscript
// maps, see SOURCE.md) against the romanizers. Vectors that are known to
// fail are listed in kKnownSkipped with the reason; the test checks that they
// still fail, so fixing one shows up. docs/names.md lists them too.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "text/hangul.h"
#include "text/names.h"

namespace chorus::text {
namespace {

struct Vector {
  std::string system_id;
  std::string source;
  std::string expected;
};

// The MR 1939 list writes breves as combining marks (NFD): compose the two
// the systems use so the comparison is by text, not by encoding.
std::string ComposeBreves(std::string s) {
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"o\u0306", "\u014F"},
                                 {"u\u0306", "\u016D"},
                                 {"O\u0306", "\u014E"},
                                 {"U\u0306", "\u016C"}}) {
    for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos)) {
      s.replace(pos, from.size(), to);
    }
  }
  return s;
}

std::vector<Vector> LoadVectors() {
  std::ifstream in(std::string(CHORUS_TEST_DATA_DIR) +
                   "/korean-romanization/korean_romanization_test_vectors.tsv");
  std::vector<Vector> out;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string col;
    while (std::getline(ss, col, '\t')) cols.push_back(col);
    if (cols.size() < 4) continue;
    out.push_back({cols[0], cols[2], ComposeBreves(cols[3])});
  }
  return out;
}

// Which of our systems a vector file tests; nullopt when we implement no
// system for it (ISO/TR 11941, Hanja-to-Hangul).
std::optional<RomanizationSystem> SystemFor(const std::string& id) {
  static const std::map<std::string, RomanizationSystem> kMap = {
      {"alalc-kor-Hang-Latn-1997", RomanizationSystem::kAlaLc},
      {"bgn-kor-Hang-Latn-1943", RomanizationSystem::kMcCuneReischauer},
      {"bgn-kor-Kore-Latn-1943", RomanizationSystem::kMcCuneReischauer},
      {"bgnpcgn-kor-Hang-Latn-kn-1945", RomanizationSystem::kBgnDprk},
      {"bgnpcgn-kor-Hang-Latn-rok-2011", RomanizationSystem::kRevised},
      {"bgnpcgn-kor-Kore-Latn-rok-2011", RomanizationSystem::kRevised},
      {"kp-kor-Hang-Latn-2002", RomanizationSystem::kDprk},
      {"moct-kor-Hang-Latn-2000", RomanizationSystem::kRevised},
      {"odni-kor-Hang-Latn-2015", RomanizationSystem::kIcs},
      {"var-kor-Hang-Latn-mr-1939", RomanizationSystem::kMcCuneReischauer},
      {"var-kor-Kore-Latn-mr-1939", RomanizationSystem::kMcCuneReischauer},
  };
  auto it = kMap.find(id);
  if (it == kMap.end()) return std::nullopt;
  return it->second;
}

bool HasHanja(const std::string& s) {
  for (char32_t cp : internal::DecodeUtf8(s)) {
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)) return true;
  }
  return false;
}

// Known failures: "system_id|source". Reasons in docs/names.md.
const std::set<std::string>& KnownSkipped() {
  static const std::set<std::string> kSkipped = {
      // The conventional English exonym, not the system's output (Phyŏngyang).
      "kp-kor-Hang-Latn-2002|평양",
      // The same file writes n+g as "n-g" in 판교 -> Phan-gyo; we keep that rule.
      "kp-kor-Hang-Latn-2002|부억-안골",
  };
  return kSkipped;
}

std::string Actual(const Vector& v, RomanizationSystem system) {
  Result<std::string> r = system == RomanizationSystem::kIcs ? Romanize(v.source, system)
                                                             : RomanizeText(v.source, system);
  if (!r.ok()) return "<error: " + r.status().ToString() + ">";
  std::string s = *r;
  // The MR 1939 word list prints common words in lower case.
  if (v.system_id == "var-kor-Hang-Latn-mr-1939" && !s.empty()) {
    if (s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] + 32);
    if (s.rfind("\u014E", 0) == 0) s.replace(0, 2, "\u014F");
    if (s.rfind("\u016C", 0) == 0) s.replace(0, 2, "\u016D");
  }
  return s;
}

TEST(RomanizeVectors, EveryApplicableVectorPassesOrIsAKnownSkip) {
  const std::vector<Vector> vectors = LoadVectors();
  ASSERT_EQ(vectors.size(), 359u);
  int passed = 0, skipped = 0, not_applicable = 0;
  for (const Vector& v : vectors) {
    const auto system = SystemFor(v.system_id);
    if (!system || HasHanja(v.source)) {
      ++not_applicable;
      continue;
    }
    const std::string id = v.system_id + "|" + v.source;
    const std::string actual = Actual(v, *system);
    if (KnownSkipped().count(id)) {
      ++skipped;
      EXPECT_NE(actual, v.expected) << id << " now passes: remove it from kKnownSkipped";
      continue;
    }
    EXPECT_EQ(actual, v.expected) << id;
    if (actual == v.expected) ++passed;
  }
  std::printf("vectors: %d passed, %d known skips, %d not applicable\n", passed, skipped,
              not_applicable);
  EXPECT_EQ(passed, 284);
  EXPECT_EQ(skipped, 2);
  EXPECT_EQ(not_applicable, 73);
}

}  // namespace
}  // namespace chorus::text
