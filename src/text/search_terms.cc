#include "text/search_terms.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include <memory>
#include <unordered_set>

#include "text/names.h"

namespace chorus::text {
namespace {

bool IsHangulSyllable(UChar32 c) { return c >= 0xAC00 && c <= 0xD7A3; }

// Word breaking is the costly part of ICU here: one iterator per thread,
// cloned from a prototype built once.
icu::BreakIterator* ThreadWordIterator() {
  static const std::unique_ptr<icu::BreakIterator> prototype = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(
        icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    return U_SUCCESS(status) ? std::move(it) : nullptr;
  }();
  thread_local std::unique_ptr<icu::BreakIterator> iterator(prototype ? prototype->clone()
                                                                      : nullptr);
  return iterator.get();
}

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

}  // namespace

std::vector<std::string> SearchTerms(std::string_view text) {
  std::vector<std::string> terms;
  std::unordered_set<std::string> seen;
  auto add = [&](std::string term) {
    if (!term.empty() && seen.insert(term).second) terms.push_back(std::move(term));
  };

  icu::BreakIterator* words = ThreadWordIterator();
  if (!words) return terms;
  UErrorCode status = U_ZERO_ERROR;
  // Break the UTF-8 text in place: offsets are byte offsets into `text`.
  UText* utext = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) return terms;
  words->setText(utext, status);
  int32_t start = words->first();
  for (int32_t end = words->next(); end != icu::BreakIterator::DONE;
       start = end, end = words->next()) {
    std::string_view piece =
        text.substr(static_cast<size_t>(start), static_cast<size_t>(end - start));
    // Fast path: plain ASCII words need only lower-casing.
    bool ascii = true;
    bool alnum = false;
    for (char c : piece) {
      if (static_cast<unsigned char>(c) >= 0x80)
        ascii = false;
      else if (IsAsciiAlnum(c))
        alnum = true;
    }
    if (ascii) {
      if (!alnum) continue;
      std::string lower(piece);
      for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      add(std::move(lower));
      continue;
    }
    icu::UnicodeString word = icu::UnicodeString::fromUTF8(
        icu::StringPiece(piece.data(), static_cast<int32_t>(piece.size())));
    bool has_letter = false;
    for (int32_t i = 0; i < word.length() && !has_letter;) {
      UChar32 c = word.char32At(i);
      has_letter = u_isalnum(c);
      i += U16_LENGTH(c);
    }
    if (!has_letter) continue;
    // The same folding as names and linkage use (text/names.h).
    std::string utf8 = FoldForSearch(piece);
    icu::UnicodeString folded = icu::UnicodeString::fromUTF8(
        icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    add(std::move(utf8));
    // Hangul syllable bigrams: Korean attaches particles to words.
    std::vector<UChar32> syllables;
    for (int32_t i = 0; i < folded.length();) {
      UChar32 c = folded.char32At(i);
      syllables.push_back(c);
      i += U16_LENGTH(c);
    }
    if (syllables.size() >= 3) {
      for (size_t i = 0; i + 1 < syllables.size(); ++i) {
        if (IsHangulSyllable(syllables[i]) && IsHangulSyllable(syllables[i + 1])) {
          icu::UnicodeString pair;
          pair.append(syllables[i]);
          pair.append(syllables[i + 1]);
          std::string pair_utf8;
          pair.toUTF8String(pair_utf8);
          add(std::move(pair_utf8));
        }
      }
    }
  }
  words->setText(icu::UnicodeString());  // drop the pointer into `text`
  utext_close(utext);
  return terms;
}

}  // namespace chorus::text
