// Linkage over many people, as a large store gives it: EM learns the model
// (no prior model), and people written once in Hangul and once romanized or
// in Cyrillic are found among hundreds of others.
#include "review/find_links.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "text/names.h"

namespace chorus::review {
namespace {

constexpr const char* kFamilies[] = {"김", "리", "박", "최", "정", "강", "조", "윤", "장", "림"};
constexpr const char* kGiven[] = {"명", "수", "철", "영", "호", "민", "성", "진", "혁", "광",
                                  "일", "남", "희", "순", "옥", "석", "국", "룡", "학", "춘"};

core::Person NewPerson(std::string id, std::string name, std::string language,
                       const std::string& birth, core::Sex sex) {
  core::Person p;
  p.id = std::move(id);
  p.pseudonym = p.id;
  p.names = {{std::move(name), std::move(language), {"rpt-1"}}};
  p.birth_dates = {{"rpt-1", *core::FuzzyDate::Parse(birth)}};
  p.sex = sex;
  p.reports = {"rpt-1"};
  return p;
}

TEST(FindLinks, ALargeSetTrainsByEmAndFindsThePeopleWrittenTwice) {
  std::mt19937 random(42);
  auto pick = [&](size_t n) { return static_cast<size_t>(random() % n); };
  std::vector<core::Record> records;
  std::set<std::pair<std::string, std::string>> planted;
  constexpr int kPeople = 600;
  constexpr int kWrittenTwice = 60;
  const text::RomanizationSystem systems[] = {
      text::RomanizationSystem::kDprk, text::RomanizationSystem::kMcCuneReischauer,
      text::RomanizationSystem::kRevised, text::RomanizationSystem::kKontsevich};
  for (int i = 0; i < kPeople; ++i) {
    const std::string hangul =
        std::string(kFamilies[pick(10)]) + kGiven[pick(20)] + kGiven[pick(20)];
    char birth[11];
    std::snprintf(birth, sizeof birth, "%04zu-%02zu-%02zu", 1950 + pick(50), 1 + pick(12),
                  1 + pick(28));
    const core::Sex sex = pick(2) ? core::Sex::kMale : core::Sex::kFemale;
    const std::string id = "per-" + std::to_string(1000 + i);
    records.push_back(NewPerson(id, hangul, "ko-Hang", birth, sex));
    if (i < kWrittenTwice) {
      const auto system = systems[i % 4];
      auto written = text::Romanize(hangul, system);
      ASSERT_TRUE(written.ok()) << hangul;
      const std::string twin = "per-" + std::to_string(5000 + i);
      records.push_back(NewPerson(
          twin, *written, system == text::RomanizationSystem::kKontsevich ? "ru-Cyrl" : "ko-Latn",
          birth, sex));
      planted.insert({id, twin});
    }
  }
  auto found = FindLinks(core::RecordKind::kPerson, records, {});
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_TRUE(found->estimated);
  EXPECT_EQ(found->compared, static_cast<size_t>(kPeople + kWrittenTwice));
  size_t true_links = 0;
  for (const FoundLink& link : found->links) {
    true_links += planted.contains({link.left, link.right});
  }
  EXPECT_GE(true_links, 57u) << "of " << kWrittenTwice;  // recall >= 0.95
  EXPECT_LE(found->links.size() - true_links, 6u);       // precision >= 0.9
}

TEST(FindLinks, TwoNamedPeopleAreEnough) {
  std::vector<core::Record> records = {
      NewPerson("per-a", "리명수", "ko-Hang", "1975-03-02", core::Sex::kMale),
      NewPerson("per-b", "Ri Myong Su", "ko-Latn", "1975-03-02", core::Sex::kMale)};
  auto found = FindLinks(core::RecordKind::kPerson, records, {.threads = 1});
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_EQ(found->links.size(), 1u);
  EXPECT_GT(found->links[0].probability, 0.9);
}

TEST(FindLinks, OnlyPersonsAndEvents) {
  EXPECT_EQ(FindLinks(core::RecordKind::kPlace, {}, {}).status().code(),
            StatusCode::kInvalidArgument);
  auto none = FindLinks(core::RecordKind::kPerson, {}, {});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->links.empty());
}

}  // namespace
}  // namespace chorus::review
