#include "text/search_terms.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <memory>
#include <mutex>
#include <unordered_set>

namespace chorus::text {
namespace {

bool IsHangulSyllable(UChar32 c) { return c >= 0xAC00 && c <= 0xD7A3; }

// Strips combining marks from Latin letters and folds case; Hangul and
// Cyrillic letters other than their diacritics are untouched.
class Folder {
 public:
  Folder() {
    UErrorCode status = U_ZERO_ERROR;
    // NFD, drop marks, NFC: ŏ->o, é->e, й->и, ё->е; then full case folding.
    transliterator_.reset(icu::Transliterator::createInstance(
        "NFD; [:Nonspacing Mark:] Remove; NFC; Any-Lower", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) transliterator_.reset();
    nfkc_ = icu::Normalizer2::getNFKCInstance(status);
  }

  icu::UnicodeString Fold(const icu::UnicodeString& word) const {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString out = nfkc_ ? nfkc_->normalize(word, status) : word;
    if (transliterator_) {
      std::lock_guard lock(mu_);  // Transliterator::transliterate is not const-safe
      transliterator_->transliterate(out);
    }
    return out.foldCase();
  }

 private:
  mutable std::mutex mu_;
  std::unique_ptr<icu::Transliterator> transliterator_;
  const icu::Normalizer2* nfkc_ = nullptr;
};

const Folder& GetFolder() {
  static const Folder folder;
  return folder;
}

bool HasLetterOrDigit(const icu::UnicodeString& s) {
  for (int32_t i = 0; i < s.length();) {
    UChar32 c = s.char32At(i);
    if (u_isalnum(c)) return true;
    i += U16_LENGTH(c);
  }
  return false;
}

}  // namespace

std::vector<std::string> SearchTerms(std::string_view text) {
  std::vector<std::string> terms;
  std::unordered_set<std::string> seen;
  auto add = [&](const icu::UnicodeString& term) {
    std::string utf8;
    term.toUTF8String(utf8);
    if (!utf8.empty() && seen.insert(utf8).second) terms.push_back(std::move(utf8));
  };

  icu::UnicodeString input = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status)) return terms;
  words->setText(input);
  const Folder& folder = GetFolder();
  int32_t start = words->first();
  for (int32_t end = words->next(); end != icu::BreakIterator::DONE;
       start = end, end = words->next()) {
    icu::UnicodeString word(input, start, end - start);
    if (!HasLetterOrDigit(word)) continue;
    icu::UnicodeString folded = folder.Fold(word);
    add(folded);
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
          add(pair);
        }
      }
    }
  }
  return terms;
}

}  // namespace chorus::text
