#include "text/search_terms.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>

#include <memory>
#include <unordered_set>

namespace chorus::text {
namespace {

bool IsHangulSyllable(UChar32 c) { return c >= 0xAC00 && c <= 0xD7A3; }

// NFKC, then Latin/Cyrillic diacritics removed (NFD, drop nonspacing marks,
// NFC: ŏ->o, é->e, ё->е), then full case folding. Hangul syllables pass
// through NFD/NFC unchanged (their jamo are letters, not marks).
icu::UnicodeString FoldWord(const icu::UnicodeString& word) {
  UErrorCode status = U_ZERO_ERROR;
  static const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  static const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  static const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  status = U_ZERO_ERROR;
  icu::UnicodeString composed = nfkc->normalize(word, status);
  icu::UnicodeString decomposed = nfd->normalize(composed, status);
  icu::UnicodeString stripped;
  bool had_marks = false;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) {
      had_marks = true;
      continue;
    }
    stripped.append(c);
  }
  icu::UnicodeString out = had_marks ? nfc->normalize(stripped, status) : composed;
  return out.foldCase();
}

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
    icu::UnicodeString folded = FoldWord(word);
    std::string utf8;
    folded.toUTF8String(utf8);
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
