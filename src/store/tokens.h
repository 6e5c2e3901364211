// File: store/tokens.h
// How every engine stores and checks blind search tokens: one space-separated
// text per record, each token [a-z0-9]+ (blind tokens are base32 [a-z2-7]),
// so a token can never change the meaning of an engine's query syntax.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace chorus::store {

inline std::string JoinTokens(const std::vector<std::string>& tokens) {
  std::string out;
  for (const auto& t : tokens) {
    if (!out.empty()) out += ' ';
    out += t;
  }
  return out;
}

inline std::vector<std::string> SplitTokens(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) out.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Anything else is refused rather than escaped.
inline bool IsPlainToken(std::string_view token) {
  if (token.empty()) return false;
  for (char c : token) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

}  // namespace chorus::store
