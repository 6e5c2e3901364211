// File: formats/json_limits.h
// Limits on JSON from outside (import files, request bodies), checked before
// a parser builds it: nlohmann-json copies and prints nested values by
// recursion, so a few hundred kilobytes of "[[[[..." would otherwise exhaust
// the stack and kill the process. Pure.
#pragma once

#include <cstddef>
#include <string_view>

namespace chorus::formats {

// Deepest nesting of arrays and objects Chorus accepts. A record is at most
// four deep, a bundle document six; the rest is headroom.
inline constexpr size_t kMaxJsonDepth = 32;

// How deeply arrays and objects nest in `json_text` (0 for a scalar),
// counted over the bytes without parsing: brackets inside strings do not
// count, and malformed text still gets a number (the parser refuses it later).
size_t JsonNestingDepth(std::string_view json_text);

}  // namespace chorus::formats
