// File: text/search_terms.h
// Turns free text (reports, names, titles) into the terms the search index
// holds, the same way for the text and for the query, in every script.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace chorus::text {

// The search terms of `text`: words split by ICU's word rules and folded by
// FoldForSearch (NFKC case folding, Latin diacritics removed: Myŏng -> myong;
// Cyrillic ё and й kept), plus, for
// Hangul words of two or more syllables, every pair of adjacent syllables,
// so "목란은" (with its particle) still matches "목란". Terms are unique and
// in first-seen order. Thread-safe.
std::vector<std::string> SearchTerms(std::string_view text);

}  // namespace chorus::text
