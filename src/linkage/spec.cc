#include "linkage/spec.h"

namespace chorus::linkage {
namespace {

struct KindName {
  FieldKind kind;
  std::string_view name;
};
constexpr KindName kKindNames[] = {
    {FieldKind::kPersonName, "person_name"},
    {FieldKind::kGivenName, "given_name"},
    {FieldKind::kFamilyName, "family_name"},
    {FieldKind::kDate, "date"},
    {FieldKind::kCode, "code"},
    {FieldKind::kSex, "sex"},
    {FieldKind::kFreeText, "free_text"},
    {FieldKind::kPlace, "place"},
    {FieldKind::kKoreanName, "korean_name"},
};

}  // namespace

std::optional<FieldKind> ParseFieldKind(std::string_view name) {
  for (const KindName& k : kKindNames) {
    if (k.name == name) return k.kind;
  }
  if (name == "exact_code") return FieldKind::kCode;
  if (name == "surname") return FieldKind::kFamilyName;
  if (name == "name_any_script") return FieldKind::kKoreanName;
  return std::nullopt;
}

std::string_view FieldKindName(FieldKind kind) {
  for (const KindName& k : kKindNames) {
    if (k.kind == kind) return k.name;
  }
  return "unknown";
}

bool DefaultTfAdjust(FieldKind kind) {
  return kind == FieldKind::kPersonName || kind == FieldKind::kGivenName ||
         kind == FieldKind::kFamilyName || kind == FieldKind::kPlace ||
         kind == FieldKind::kKoreanName;
}

std::optional<KeyTransform> ParseKeyTransform(std::string_view name) {
  if (name == "exact") return KeyTransform::kExact;
  if (name == "prefix") return KeyTransform::kPrefix;
  if (name == "soundex") return KeyTransform::kSoundex;
  if (name == "year") return KeyTransform::kYear;
  if (name == "first_token") return KeyTransform::kFirstToken;
  if (name == "last_token") return KeyTransform::kLastToken;
  if (name == "sorted_tokens") return KeyTransform::kSortedTokens;
  if (name == "initials") return KeyTransform::kInitials;
  if (name == "month_day") return KeyTransform::kMonthDay;
  return std::nullopt;
}

}  // namespace chorus::linkage
