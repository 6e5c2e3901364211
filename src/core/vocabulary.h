// File: core/vocabulary.h
// Controlled vocabularies shipped in code: the types of acts (the 11 ILO
// forced-labour indicators, violations, movements) and the roles of posts in
// a dispatched company, each with a stable snake_case code and labels in
// English, Korean and Russian. Codes are stored in records and exports: never
// rename or reuse one; add new entries instead. Pure and thread-safe (the
// tables are constant).
#pragma once

#include <span>
#include <string_view>

namespace chorus::core {

// Groups of act types.
inline constexpr std::string_view kActGroupIloForcedLabour = "ilo_forced_labour";
inline constexpr std::string_view kActGroupViolation = "violation";
inline constexpr std::string_view kActGroupMovement = "movement";
inline constexpr std::string_view kActGroupOther = "other";

struct ActType {
  std::string_view code;   // "withholding_of_wages"
  std::string_view group;  // one of the kActGroup* values
  std::string_view en;
  std::string_view ko;
  std::string_view ru;
};

// Every act type, grouped (ILO indicators first, in the ILO's order), then
// in a stable order. The span points at static storage.
std::span<const ActType> ActTypes();

// The entry with this exact code, or nullptr.
const ActType* FindActType(std::string_view code);

// True for the four group names above.
bool IsActTypeGroup(std::string_view group);

// The role of a post in a company's chain of command.
struct PostRole {
  std::string_view code;  // "team_leader"
  std::string_view en;
  std::string_view ko;
  std::string_view ru;
  // Usual place from the top in a dispatched company (1 = manager); a
  // default for Post::rank when the reports say nothing more precise.
  int typical_rank = 0;
};

// Every post role, from the top of the chain of command down.
std::span<const PostRole> PostRoles();

// The entry with this exact code, or nullptr.
const PostRole* FindPostRole(std::string_view code);

// The label in a BCP 47 language ("ko", "ko-Hang", "ru-Cyrl", "en-GB"): the
// primary subtag picks Korean or Russian; anything else gets English.
std::string_view LabelIn(const ActType& type, std::string_view language);
std::string_view LabelIn(const PostRole& role, std::string_view language);

}  // namespace chorus::core
