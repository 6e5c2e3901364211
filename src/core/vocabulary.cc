// The act-type and post-role tables. Labels follow the ILO's own wording for
// its forced-labour indicators and the words used for dispatched North Korean
// companies in Korean- and Russian-language reporting.
#include "core/vocabulary.h"

#include <array>
#include <cctype>

namespace chorus::core {
namespace {

constexpr std::array<ActType, 33> kActTypes = {{
    // The ILO's 11 indicators of forced labour (ILO, 2012), in its order.
    {"abuse_of_vulnerability", kActGroupIloForcedLabour, "Abuse of vulnerability", "취약성 악용",
     "Злоупотребление уязвимым положением"},
    {"deception", kActGroupIloForcedLabour, "Deception", "기만", "Обман"},
    {"restriction_of_movement", kActGroupIloForcedLabour, "Restriction of movement",
     "이동의 자유 제한", "Ограничение свободы передвижения"},
    {"isolation", kActGroupIloForcedLabour, "Isolation", "고립", "Изоляция"},
    {"physical_violence", kActGroupIloForcedLabour, "Physical and sexual violence",
     "신체적·성적 폭력", "Физическое и сексуальное насилие"},
    {"intimidation_and_threats", kActGroupIloForcedLabour, "Intimidation and threats",
     "협박 및 위협", "Запугивание и угрозы"},
    {"retention_of_identity_documents", kActGroupIloForcedLabour, "Retention of identity documents",
     "신분증 압수", "Изъятие документов, удостоверяющих личность"},
    {"withholding_of_wages", kActGroupIloForcedLabour, "Withholding of wages", "임금 체불",
     "Удержание заработной платы"},
    {"debt_bondage", kActGroupIloForcedLabour, "Debt bondage", "채무 속박", "Долговая кабала"},
    {"abusive_working_and_living_conditions", kActGroupIloForcedLabour,
     "Abusive working and living conditions", "열악한 노동 및 생활 조건",
     "Недопустимые условия труда и проживания"},
    {"excessive_overtime", kActGroupIloForcedLabour, "Excessive overtime", "과도한 초과 근무",
     "Чрезмерная сверхурочная работа"},

    // Violations.
    {"forced_labour", kActGroupViolation, "Forced labour", "강제 노동", "Принудительный труд"},
    {"confiscation_of_earnings", kActGroupViolation,
     "Confiscation of earnings (state quota payments)", "임금 갈취(국가 계획분 상납)",
     "Изъятие заработка (отчисления государству)"},
    {"surveillance", kActGroupViolation, "Surveillance", "감시", "Слежка"},
    {"punishment", kActGroupViolation, "Punishment", "처벌", "Наказание"},
    {"beating", kActGroupViolation, "Beating", "구타", "Избиение"},
    {"torture", kActGroupViolation, "Torture", "고문", "Пытки"},
    {"mutilation", kActGroupViolation, "Mutilation", "신체 훼손", "Нанесение увечий"},
    {"arbitrary_detention", kActGroupViolation, "Arbitrary detention", "자의적 구금",
     "Произвольное задержание"},
    {"forced_return", kActGroupViolation, "Forced return (recall)", "강제 송환(소환)",
     "Принудительное возвращение (отзыв на родину)"},
    {"enforced_disappearance", kActGroupViolation, "Enforced disappearance", "강제 실종",
     "Насильственное исчезновение"},
    {"threat_of_execution", kActGroupViolation, "Threat of execution", "처형 위협", "Угроза казни"},
    {"execution", kActGroupViolation, "Execution", "처형", "Казнь"},
    {"reprisal_against_relatives", kActGroupViolation, "Reprisal against relatives",
     "가족에 대한 보복(연좌제)", "Преследование родственников"},

    // Movements: how workers are sent, leave and reach safety.
    {"dispatch_abroad", kActGroupMovement, "Dispatch abroad for work", "해외 노동 파견",
     "Направление на работу за рубеж"},
    {"escape", kActGroupMovement, "Escape (defection)", "탈출(탈북)", "Побег (бегство)"},
    {"attempted_escape", kActGroupMovement, "Attempted escape", "탈출 시도", "Попытка побега"},
    {"asylum_request", kActGroupMovement, "Asylum request", "망명 신청", "Обращение за убежищем"},
    {"transfer_to_safety", kActGroupMovement, "Transfer to safety", "안전한 곳으로의 이송",
     "Перемещение в безопасное место"},
    {"resettlement", kActGroupMovement, "Resettlement", "재정착", "Переселение"},

    // Other acts that reports describe.
    {"interrogation", kActGroupOther, "Interrogation", "심문", "Допрос"},
    {"dismissal", kActGroupOther, "Dismissal from post", "해임", "Снятие с должности"},
    {"other", kActGroupOther, "Other", "기타", "Другое"},
}};

// From the top of a dispatched company down (the seed report: "a manager,
// followed by an assistant manager, a foreman, team leaders and workers"; the
// State Security agent usually holds the assistant manager's rank).
constexpr std::array<PostRole, 6> kPostRoles = {{
    {"manager", "Manager (company president)", "지배인(사장)",
     "Руководитель (директор предприятия)", 1},
    {"assistant_manager", "Assistant manager", "부지배인", "Заместитель руководителя", 2},
    {"security_agent", "Security agent (State Security)", "보위원(국가보위성)",
     "Сотрудник госбезопасности", 2},
    {"foreman", "Foreman", "직장장", "Прораб", 3},
    {"team_leader", "Team leader", "작업반장", "Бригадир", 4},
    {"worker", "Worker", "노동자", "Рабочий", 5},
}};

enum class Language { kEnglish, kKorean, kRussian };

Language PrimaryLanguage(std::string_view tag) {
  const std::string_view primary = tag.substr(0, tag.find_first_of("-_"));
  auto is = [primary](std::string_view code) {
    if (primary.size() != code.size()) return false;
    for (size_t i = 0; i < code.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(primary[i])) != code[i]) return false;
    }
    return true;
  };
  if (is("ko")) return Language::kKorean;
  if (is("ru")) return Language::kRussian;
  return Language::kEnglish;
}

template <typename Entry>
std::string_view Pick(const Entry& entry, std::string_view language) {
  switch (PrimaryLanguage(language)) {
    case Language::kKorean:
      return entry.ko;
    case Language::kRussian:
      return entry.ru;
    case Language::kEnglish:
      break;
  }
  return entry.en;
}

}  // namespace

std::span<const ActType> ActTypes() { return kActTypes; }

const ActType* FindActType(std::string_view code) {
  for (const ActType& type : kActTypes) {
    if (type.code == code) return &type;
  }
  return nullptr;
}

bool IsActTypeGroup(std::string_view group) {
  return group == kActGroupIloForcedLabour || group == kActGroupViolation ||
         group == kActGroupMovement || group == kActGroupOther;
}

std::span<const PostRole> PostRoles() { return kPostRoles; }

const PostRole* FindPostRole(std::string_view code) {
  for (const PostRole& role : kPostRoles) {
    if (role.code == code) return &role;
  }
  return nullptr;
}

std::string_view LabelIn(const ActType& type, std::string_view language) {
  return Pick(type, language);
}

std::string_view LabelIn(const PostRole& role, std::string_view language) {
  return Pick(role, language);
}

}  // namespace chorus::core
