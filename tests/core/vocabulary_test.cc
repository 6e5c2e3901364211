#include "core/vocabulary.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>

namespace chorus::core {
namespace {

bool IsSnakeCase(std::string_view code) {
  if (code.empty() || code.front() == '_' || code.back() == '_') return false;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '_') {
      if (code[i - 1] == '_') return false;
    } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
      return false;
    }
  }
  return true;
}

// True when the UTF-8 text holds a code point in [first, last].
bool HasCodePointIn(std::string_view text, char32_t first, char32_t last) {
  for (size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    char32_t cp = 0;
    size_t length = 1;
    if (lead < 0x80) {
      cp = lead;
    } else if ((lead >> 5) == 0x6) {
      cp = lead & 0x1Fu;
      length = 2;
    } else if ((lead >> 4) == 0xE) {
      cp = lead & 0x0Fu;
      length = 3;
    } else {
      cp = lead & 0x07u;
      length = 4;
    }
    for (size_t k = 1; k < length && i + k < text.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
    }
    if (cp >= first && cp <= last) return true;
    i += length;
  }
  return false;
}

bool HasHangul(std::string_view text) { return HasCodePointIn(text, 0xAC00, 0xD7A3); }
bool HasCyrillic(std::string_view text) { return HasCodePointIn(text, 0x0400, 0x04FF); }
bool HasLatin(std::string_view text) {
  return HasCodePointIn(text, 'A', 'Z') || HasCodePointIn(text, 'a', 'z');
}

TEST(ActTypes, AllElevenIloIndicatorsArePresentInTheirGroup) {
  const std::string_view indicators[] = {"abuse_of_vulnerability",
                                         "deception",
                                         "restriction_of_movement",
                                         "isolation",
                                         "physical_violence",
                                         "intimidation_and_threats",
                                         "retention_of_identity_documents",
                                         "withholding_of_wages",
                                         "debt_bondage",
                                         "abusive_working_and_living_conditions",
                                         "excessive_overtime"};
  for (std::string_view code : indicators) {
    const ActType* type = FindActType(code);
    ASSERT_NE(type, nullptr) << code;
    EXPECT_EQ(type->group, kActGroupIloForcedLabour) << code;
  }
  size_t ilo_count = 0;
  for (const ActType& type : ActTypes()) ilo_count += type.group == kActGroupIloForcedLabour;
  EXPECT_EQ(ilo_count, 11u);
  // The ILO indicators come first, in the ILO's order.
  for (size_t i = 0; i < 11; ++i) EXPECT_EQ(ActTypes()[i].code, indicators[i]);
}

TEST(ActTypes, TypesTheSeedReportNeedsArePresent) {
  const std::pair<std::string_view, std::string_view> needed[] = {
      {"surveillance", kActGroupViolation},
      {"torture", kActGroupViolation},
      {"mutilation", kActGroupViolation},
      {"arbitrary_detention", kActGroupViolation},
      {"forced_return", kActGroupViolation},
      {"execution", kActGroupViolation},
      {"threat_of_execution", kActGroupViolation},
      {"punishment", kActGroupViolation},
      {"forced_labour", kActGroupViolation},
      {"confiscation_of_earnings", kActGroupViolation},
      {"escape", kActGroupMovement},
      {"attempted_escape", kActGroupMovement},
      {"asylum_request", kActGroupMovement},
      {"transfer_to_safety", kActGroupMovement},
      {"interrogation", kActGroupOther},
      {"other", kActGroupOther},
  };
  for (const auto& [code, group] : needed) {
    const ActType* type = FindActType(code);
    ASSERT_NE(type, nullptr) << code;
    EXPECT_EQ(type->group, group) << code;
  }
}

TEST(ActTypes, EveryEntryIsWellFormed) {
  std::set<std::string_view> codes;
  for (const ActType& type : ActTypes()) {
    EXPECT_TRUE(IsSnakeCase(type.code)) << type.code;
    EXPECT_TRUE(codes.insert(type.code).second) << "duplicate code " << type.code;
    EXPECT_TRUE(IsActTypeGroup(type.group)) << type.code << ": " << type.group;
    EXPECT_TRUE(HasLatin(type.en)) << type.code;
    EXPECT_TRUE(HasHangul(type.ko)) << type.code << ": '" << type.ko << "'";
    EXPECT_FALSE(HasLatin(type.ko)) << type.code;
    EXPECT_TRUE(HasCyrillic(type.ru)) << type.code << ": '" << type.ru << "'";
    EXPECT_FALSE(HasLatin(type.ru)) << type.code;
    EXPECT_EQ(FindActType(type.code), &type);
  }
  EXPECT_GE(codes.size(), 30u);
}

TEST(ActTypes, EntriesOfOneGroupAreContiguous) {
  std::set<std::string_view> finished;
  std::string_view current;
  for (const ActType& type : ActTypes()) {
    if (type.group != current) {
      EXPECT_EQ(finished.count(type.group), 0u) << type.group << " appears in two runs";
      if (!current.empty()) finished.insert(current);
      current = type.group;
    }
  }
}

TEST(ActTypes, UnknownCodesAreNotFound) {
  EXPECT_EQ(FindActType("flying"), nullptr);
  EXPECT_EQ(FindActType(""), nullptr);
  EXPECT_EQ(FindActType("Torture"), nullptr);  // codes are exact
  EXPECT_EQ(FindActType("torture "), nullptr);
  EXPECT_FALSE(IsActTypeGroup("violations"));
}

TEST(ActTypes, LabelsByLanguageTag) {
  const ActType* torture = FindActType("torture");
  ASSERT_NE(torture, nullptr);
  EXPECT_EQ(LabelIn(*torture, "en"), "Torture");
  EXPECT_EQ(LabelIn(*torture, "ko"), "고문");
  EXPECT_EQ(LabelIn(*torture, "ko-Hang"), "고문");
  EXPECT_EQ(LabelIn(*torture, "KO"), "고문");
  EXPECT_EQ(LabelIn(*torture, "ru-Cyrl"), "Пытки");
  EXPECT_EQ(LabelIn(*torture, "ru_RU"), "Пытки");
  EXPECT_EQ(LabelIn(*torture, "fr"), "Torture");
  EXPECT_EQ(LabelIn(*torture, ""), "Torture");
  EXPECT_EQ(LabelIn(*torture, "kor"), "Torture");  // not the "ko" subtag
}

TEST(PostRoles, AllRolesOfTheChainOfCommand) {
  const std::string_view expected[] = {"manager", "assistant_manager", "security_agent",
                                       "foreman", "team_leader",       "worker"};
  for (std::string_view code : expected) EXPECT_NE(FindPostRole(code), nullptr) << code;
  EXPECT_EQ(FindPostRole("president"), nullptr);
  EXPECT_EQ(FindPostRole("manager")->typical_rank, 1);
  EXPECT_LT(FindPostRole("foreman")->typical_rank, FindPostRole("team_leader")->typical_rank);
  EXPECT_LT(FindPostRole("team_leader")->typical_rank, FindPostRole("worker")->typical_rank);
  EXPECT_EQ(LabelIn(*FindPostRole("team_leader"), "ru"), "Бригадир");
  EXPECT_EQ(LabelIn(*FindPostRole("worker"), "ko"), "노동자");
}

TEST(PostRoles, EveryEntryIsWellFormedAndOrderedFromTheTop) {
  std::set<std::string_view> codes;
  int previous_rank = 0;
  for (const PostRole& role : PostRoles()) {
    EXPECT_TRUE(IsSnakeCase(role.code)) << role.code;
    EXPECT_TRUE(codes.insert(role.code).second) << "duplicate code " << role.code;
    EXPECT_TRUE(HasLatin(role.en)) << role.code;
    EXPECT_TRUE(HasHangul(role.ko)) << role.code;
    EXPECT_TRUE(HasCyrillic(role.ru)) << role.code;
    EXPECT_GE(role.typical_rank, previous_rank) << role.code;
    EXPECT_GE(role.typical_rank, 1) << role.code;
    previous_rank = role.typical_rank;
    EXPECT_EQ(FindPostRole(role.code), &role);
  }
  EXPECT_EQ(codes.size(), 6u);
}

}  // namespace
}  // namespace chorus::core
