// Rule-based romanization of Hangul. One engine, seven systems: each system
// is a table of letters (onsets plain and voiced, vowels, codas) plus a few
// switches for where the systems differ (tensed onsets, hyphens, initial
// sound rule, apostrophes). The phonology (liaison, nasalisation, ㄹ-rules,
// double finals, ㅎ-aspiration) is shared. See docs/names.md for the rules and
// the vectors they pass.
#include <array>
#include <string>
#include <vector>

#include "text/hangul.h"
#include "text/names.h"
#include "text/romanize_internal.h"

namespace chorus::text {
namespace {

using internal::Syllable;
namespace hg = internal;

// Coda phonemes after neutralisation; kS is a ㅅ-coda written "s" (MR before
// ㅅ), kRh is ㄹ written "r" before ㅎ (MR "Irha").
enum Coda { kCNone, kCK, kCN, kCT, kCL, kCM, kCP, kCNG, kCS, kCRh };

// How a hyphen between two syllables of one word behaves.
enum class HyphenMode {
  kFull,       // sound changes as if joined, but no liaison (ALA-LC, BGN, MR)
  kVoiceOnly,  // only voicing continues across it (DPRK; given names in MR)
  kNone,       // nothing crosses it (RR)
  kIsolated,   // every syllable romanized alone (ICS names)
};

struct Spec {
  std::array<const char*, 19> plain;   // onset word-initially / unvoiced
  std::array<const char*, 19> voiced;  // onset between voiced sounds
  std::array<const char*, 21> vowel;
  std::array<const char*, 21> vowel_no_onset;  // after no consonant letter
  std::array<const char*, 10> coda;            // indexed by Coda
  const char* r = "r";                         // ㄹ between vowels
  const char* l_after_l = "l";                 // ㄹ after a ㄹ coda (ll)
  const char* coda_l_before_l = "l";           // the first l of ll
  const char* n_g_sep = "";                    // between n and a voiced g
  const char* ng_vowel_sep = "";               // between ng and a vowel
  bool initial_sound_rule = false;             // 리→i, 녀→yŏ at word start (text)
  bool archaic_palatal = false;                // 뎌→chŏ, 쟈→cha, 슈→su (MR 1939)
  bool shwi = false;                           // 쉬 → shwi (MR)
  bool t_before_s_as_s = false;                // 갓사기 → kassagi (MR family)
  bool l_before_h_as_r = false;                // 일하 → irha (MR family)
  bool keep_r_after_consonant = false;         // 압록 → Amrok (DPRK)
  bool voice_after_obstruent = false;          // 갓봉 → katbong (DPRK)
  bool g_unvoiced_after_t_l = false;           // 삿갓 → satkat, 물곬 → mulkol (DPRK)
  bool admin_hyphen = false;                   // 남산리 → Namsan-ri (RR, DPRK)
  bool read_digits = false;                    // 1동 → Il-dong (RR, BGN)
  HyphenMode hyphen = HyphenMode::kFull;
  HyphenMode name_hyphen = HyphenMode::kVoiceOnly;  // inside given names
  bool cyrillic = false;
};

// Vowel tables in Unicode order: ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ
constexpr std::array<const char*, 21> kMrVowels = {"a",  "ae", "ya", "yae", "ŏ",  "e",  "yŏ",
                                                   "ye", "o",  "wa", "wae", "oe", "yo", "u",
                                                   "wŏ", "we", "wi", "yu",  "ŭ",  "ŭi", "i"};
constexpr std::array<const char*, 21> kDprkVowels = {"a",  "ae", "ya", "yae", "ŏ",  "e",  "yŏ",
                                                     "ye", "o",  "wa", "wae", "oe", "yo", "u",
                                                     "wŏ", "we", "wi", "yu",  "ü",  "üi", "i"};
constexpr std::array<const char*, 21> kRrVowels = {"a",  "ae", "ya", "yae", "eo", "e",  "yeo",
                                                   "ye", "o",  "wa", "wae", "oe", "yo", "u",
                                                   "wo", "we", "wi", "yu",  "eu", "ui", "i"};
constexpr std::array<const char*, 21> kIcsVowels = {"a",   "ae", "ya", "yae", "o’", "e",   "yo’",
                                                    "ye",  "o",  "wa", "wae", "oe", "yo",  "u",
                                                    "wo’", "we", "wi", "yu",  "u’", "u’i", "i"};
constexpr std::array<const char*, 21> kKontsevichVowels = {"а",  "э",  "я",  "е",  "о",  "е", "ё",
                                                           "е",  "о",  "ва", "вэ", "ве", "ё", "у",
                                                           "во", "ве", "ви", "ю",  "ы",  "и", "и"};
constexpr std::array<const char*, 21> kKontsevichVowelsNoOnset = {
    "а",  "э", "я", "йе", "о",  "э",  "ё", "е", "о",  "ва", "вэ",
    "ве", "ё", "у", "во", "ве", "ви", "ю", "ы", "ый", "и"};

// Onsets in Unicode order: ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ
constexpr std::array<const char*, 19> kMrPlain = {"k",   "kk", "n",  "t",  "tt", "r",  "m",
                                                  "p",   "pp", "s",  "ss", "",   "ch", "tch",
                                                  "ch’", "k’", "t’", "p’", "h"};
constexpr std::array<const char*, 19> kMrVoiced = {"g",   "kk", "n",  "d",  "tt", "r", "m",
                                                   "b",   "pp", "s",  "ss", "",   "j", "tch",
                                                   "ch’", "k’", "t’", "p’", "h"};
constexpr std::array<const char*, 19> kDprkPlain = {"k",  "kk", "n",  "t",  "tt", "r", "m",
                                                    "p",  "pp", "s",  "ss", "",   "j", "jj",
                                                    "ch", "kh", "th", "ph", "h"};
constexpr std::array<const char*, 19> kDprkVoiced = {"g",  "kk", "n",  "d",  "tt", "r", "m",
                                                     "b",  "pp", "s",  "ss", "",   "j", "jj",
                                                     "ch", "kh", "th", "ph", "h"};
constexpr std::array<const char*, 19> kRrOnset = {"g",  "kk", "n", "d",  "tt", "r", "m",
                                                  "b",  "pp", "s", "ss", "",   "j", "jj",
                                                  "ch", "k",  "t", "p",  "h"};
constexpr std::array<const char*, 19> kKontsevichPlain = {"к",  "кк", "н",  "т",  "тт", "р", "м",
                                                          "п",  "пп", "с",  "сс", "",   "ч", "чч",
                                                          "чх", "кх", "тх", "пх", "х"};
constexpr std::array<const char*, 19> kKontsevichVoiced = {"г",  "кк", "н",  "д",  "тт", "р",  "м",
                                                           "б",  "пп", "с",  "сс", "",   "дж", "чч",
                                                           "чх", "кх", "тх", "пх", "х"};

// Codas: none K N T L M P NG S Rh
constexpr std::array<const char*, 10> kLatinCodas = {"",  "k", "n",  "t", "l",
                                                     "m", "p", "ng", "s", "r"};
constexpr std::array<const char*, 10> kKontsevichCodas = {"",  "к", "н", "т", "ль",
                                                          "м", "п", "н", "т", "ль"};

Spec MakeMr() {
  Spec s{kMrPlain, kMrVoiced, kMrVowels, kMrVowels, kLatinCodas};
  s.n_g_sep = "’";
  s.initial_sound_rule = true;
  s.archaic_palatal = true;
  s.shwi = true;
  s.t_before_s_as_s = true;
  s.l_before_h_as_r = true;
  return s;
}
Spec MakeAlaLc() {
  Spec s{kMrPlain, kMrVoiced, kMrVowels, kMrVowels, kLatinCodas};
  s.n_g_sep = "’";
  s.t_before_s_as_s = true;
  s.l_before_h_as_r = true;
  return s;
}
Spec MakeBgnDprk() {
  Spec s = MakeAlaLc();
  s.read_digits = true;
  return s;
}
Spec MakeDprk() {
  Spec s{kDprkPlain, kDprkVoiced, kDprkVowels, kDprkVowels, kLatinCodas};
  s.n_g_sep = "-";
  s.keep_r_after_consonant = true;
  s.voice_after_obstruent = true;
  s.g_unvoiced_after_t_l = true;
  s.admin_hyphen = true;
  s.hyphen = HyphenMode::kVoiceOnly;
  return s;
}
Spec MakeRr() {
  Spec s{kRrOnset, kRrOnset, kRrVowels, kRrVowels, kLatinCodas};
  s.admin_hyphen = true;
  s.read_digits = true;
  s.hyphen = HyphenMode::kNone;
  s.name_hyphen = HyphenMode::kNone;
  return s;
}
Spec MakeIcs() {
  Spec s{kMrPlain, kMrVoiced, kIcsVowels, kIcsVowels, kLatinCodas};
  s.n_g_sep = "’";
  s.t_before_s_as_s = true;
  s.l_before_h_as_r = true;
  s.name_hyphen = HyphenMode::kIsolated;
  return s;
}
Spec MakeKontsevich() {
  Spec s{kKontsevichPlain, kKontsevichVoiced, kKontsevichVowels, kKontsevichVowelsNoOnset,
         kKontsevichCodas};
  s.r = "р";
  s.l_after_l = "л";
  s.coda_l_before_l = "л";
  s.ng_vowel_sep = "ъ";
  s.cyrillic = true;
  s.name_hyphen = HyphenMode::kFull;
  return s;
}

const Spec& SpecFor(RomanizationSystem system) {
  static const Spec kDprk = MakeDprk();
  static const Spec kMr = MakeMr();
  static const Spec kAla = MakeAlaLc();
  static const Spec kRr = MakeRr();
  static const Spec kBgn = MakeBgnDprk();
  static const Spec kIcs = MakeIcs();
  static const Spec kKon = MakeKontsevich();
  switch (system) {
    case RomanizationSystem::kDprk:
      return kDprk;
    case RomanizationSystem::kMcCuneReischauer:
      return kMr;
    case RomanizationSystem::kAlaLc:
      return kAla;
    case RomanizationSystem::kRevised:
      return kRr;
    case RomanizationSystem::kBgnDprk:
      return kBgn;
    case RomanizationSystem::kIcs:
      return kIcs;
    case RomanizationSystem::kKontsevich:
      return kKon;
  }
  return kMr;
}

// The coda a final consonant is pronounced as before a pause.
Coda Neutralize(int final) {
  switch (final) {
    case hg::kFNone:
      return kCNone;
    case hg::kFG:
    case hg::kFGG:
    case hg::kFK:
    case hg::kFGS:
    case hg::kFLG:
      return kCK;
    case hg::kFN:
    case hg::kFNJ:
    case hg::kFNH:
      return kCN;
    case hg::kFL:
    case hg::kFLB:
    case hg::kFLS:
    case hg::kFLT:
    case hg::kFLH:
      return kCL;
    case hg::kFM:
    case hg::kFLM:
      return kCM;
    case hg::kFB:
    case hg::kFP:
    case hg::kFBS:
    case hg::kFLP:
      return kCP;
    case hg::kFNG:
      return kCNG;
    default:  // ㄷ ㅅ ㅆ ㅈ ㅊ ㅌ ㅎ
      return kCT;
  }
}

// The onset a final consonant becomes when it moves before a vowel.
int FinalAsOnset(int final) {
  switch (final) {
    case hg::kFG:
      return hg::kG;
    case hg::kFGG:
      return hg::kGG;
    case hg::kFN:
      return hg::kN;
    case hg::kFD:
      return hg::kD;
    case hg::kFL:
      return hg::kR;
    case hg::kFM:
      return hg::kM;
    case hg::kFB:
      return hg::kB;
    case hg::kFS:
      return hg::kS;
    case hg::kFSS:
      return hg::kSS;
    case hg::kFJ:
      return hg::kJ;
    case hg::kFCh:
      return hg::kCh;
    case hg::kFK:
      return hg::kK;
    case hg::kFT:
      return hg::kT;
    case hg::kFP:
      return hg::kP;
    default:
      return hg::kNone;
  }
}

bool IsVoiceable(int initial) {
  return initial == hg::kG || initial == hg::kD || initial == hg::kB || initial == hg::kJ;
}
bool IsTense(int initial) {
  return initial == hg::kGG || initial == hg::kDD || initial == hg::kBB || initial == hg::kSS ||
         initial == hg::kJJ;
}
int Aspirate(int initial) {
  switch (initial) {
    case hg::kG:
      return hg::kK;
    case hg::kD:
      return hg::kT;
    case hg::kB:
      return hg::kP;
    case hg::kJ:
      return hg::kCh;
    default:
      return initial;
  }
}
Coda Nasalize(Coda c) {
  switch (c) {
    case kCK:
      return kCNG;
    case kCT:
      return kCN;
    case kCP:
      return kCM;
    default:
      return c;
  }
}

struct Onset {
  int consonant = hg::kNone;
  bool voiced = false;
  bool as_l = false;  // ㄹ written as the second l of ll
};

// One resolved syllable: what its coda and onset are written as.
struct Resolved {
  std::vector<Coda> coda;  // the coda of this syllable (one or two phonemes)
  Onset onset;
  const char* sep = "";  // written between the previous syllable and this one
  int vowel = 0;
  bool shwi = false;
};

bool VoicedAfter(const Spec& spec, Coda c, int initial) {
  if (!IsVoiceable(initial)) return false;
  if (spec.g_unvoiced_after_t_l && initial == hg::kG && (c == kCT || c == kCL || c == kCS)) {
    return false;
  }
  switch (c) {
    case kCNone:
    case kCN:
    case kCM:
    case kCNG:
      return true;
    case kCL:
    case kCRh:
      return initial == hg::kG || initial == hg::kB || spec.voice_after_obstruent;
    default:
      return spec.voice_after_obstruent;
  }
}

enum class Boundary { kStart, kJoined, kHyphen };

// Resolves the boundary between `prev` (already in `out[i-1]`) and `cur`.
void ResolvePair(const Spec& spec, const Syllable& prev, const Syllable& cur, Boundary boundary,
                 HyphenMode mode, Resolved& prev_out, Resolved& cur_out) {
  cur_out.onset.consonant = cur.initial;
  const int f = prev.final;
  const int l = cur.initial;
  if (boundary == Boundary::kHyphen && mode != HyphenMode::kFull) {
    const Coda c = Neutralize(f);
    prev_out.coda = {c};
    if (mode == HyphenMode::kVoiceOnly) cur_out.onset.voiced = VoicedAfter(spec, c, l);
    return;
  }
  if (l == hg::kNone) {
    if (boundary == Boundary::kHyphen) {
      prev_out.coda = {Neutralize(f)};
      return;
    }
    switch (f) {
      case hg::kFNone:
        prev_out.coda = {};
        return;
      case hg::kFNG:
        prev_out.coda = {kCNG};
        cur_out.sep = spec.ng_vowel_sep;
        return;
      case hg::kFH:
        prev_out.coda = {};
        return;
      case hg::kFNH:
        prev_out.coda = {};
        cur_out.onset.consonant = hg::kN;
        return;
      case hg::kFLH:
        prev_out.coda = {};
        cur_out.onset.consonant = hg::kR;
        return;
      case hg::kFGS:
        prev_out.coda = {kCK};
        cur_out.onset.consonant = hg::kS;
        return;
      case hg::kFNJ:
        prev_out.coda = {kCN};
        cur_out.onset = {hg::kJ, true, false};
        return;
      case hg::kFLG:
        prev_out.coda = {kCL};
        cur_out.onset = {hg::kG, true, false};
        return;
      case hg::kFLM:
        prev_out.coda = {kCL};
        cur_out.onset.consonant = hg::kM;
        return;
      case hg::kFLB:
        prev_out.coda = {kCL};
        cur_out.onset = {hg::kB, true, false};
        return;
      case hg::kFLS:
        prev_out.coda = {kCL};
        cur_out.onset.consonant = hg::kS;
        return;
      case hg::kFLT:
        prev_out.coda = {kCL};
        cur_out.onset.consonant = hg::kT;
        return;
      case hg::kFLP:
        prev_out.coda = {kCL};
        cur_out.onset.consonant = hg::kP;
        return;
      case hg::kFBS:
        prev_out.coda = {kCP};
        cur_out.onset.consonant = hg::kS;
        return;
      default: {
        prev_out.coda = {};
        const int moved = FinalAsOnset(f);
        cur_out.onset = {moved, IsVoiceable(moved), false};
        return;
      }
    }
  }

  // A consonant follows. First, which part of a double final is heard.
  std::vector<Coda> coda;
  int onset = l;
  bool h_final = false;
  switch (f) {
    case hg::kFLG:
      if (l == hg::kG) {
        coda = {kCL};
      } else if (l == hg::kH) {
        coda = {kCL, kCK};
      } else {
        coda = {kCK};
      }
      break;
    case hg::kFLM:
      coda = {l == hg::kM ? kCL : kCM};
      break;
    case hg::kFLB:
      if (l == hg::kN || l == hg::kM || l == hg::kCh) {
        coda = {kCP};
      } else if (l == hg::kH) {
        coda = {kCL, kCP};
      } else {
        coda = {kCL};
      }
      break;
    case hg::kFH:
    case hg::kFNH:
    case hg::kFLH:
      h_final = true;
      coda = {f == hg::kFH ? kCNone : (f == hg::kFNH ? kCN : kCL)};
      break;
    default:
      coda = {Neutralize(f)};
  }
  if (h_final) {
    if (IsVoiceable(l)) {
      onset = Aspirate(l);
    } else if (l == hg::kS) {
      onset = hg::kSS;
    } else if (l == hg::kN) {
      if (coda[0] == kCNone) coda = {kCN};
    } else if (coda[0] == kCNone) {
      coda = {kCT};
    }
  }
  Coda& c = coda.back();
  cur_out.onset.consonant = onset;
  if (onset == hg::kR) {
    if (c == kCN || c == kCL) {
      c = kCL;
      cur_out.onset.as_l = true;
    } else if (c != kCNone) {
      c = Nasalize(c);
      if (!spec.keep_r_after_consonant) cur_out.onset.consonant = hg::kN;
    }
  } else if (onset == hg::kN || onset == hg::kM) {
    c = Nasalize(c);
    if (c == kCL && onset == hg::kN) cur_out.onset.as_l = true;
  } else if (onset == hg::kH) {
    if (c == kCL && spec.l_before_h_as_r && coda.size() == 1) c = kCRh;
  } else if (onset == hg::kS || onset == hg::kSS) {
    if (c == kCT && spec.t_before_s_as_s) c = kCS;
  }
  cur_out.onset.voiced = VoicedAfter(spec, c, onset);
  if (c == kCN && onset == hg::kG && cur_out.onset.voiced) cur_out.sep = spec.n_g_sep;
  prev_out.coda = std::move(coda);
}

bool IsYVowel(int v) { return v != hg::kI && hg::IsIOrY(v); }
int DeYotate(int v) {
  switch (v) {
    case hg::kYa:
      return hg::kA;
    case hg::kYae:
      return hg::kAe;
    case hg::kYeo:
      return hg::kEo;
    case hg::kYe:
      return hg::kE;
    case hg::kYo:
      return hg::kO;
    case hg::kYu:
      return hg::kU;
    default:
      return v;
  }
}

const char* OnsetLetters(const Spec& spec, const Onset& o) {
  if (o.as_l) return spec.l_after_l;
  if (o.consonant == hg::kR) return spec.r;
  const auto c = static_cast<size_t>(o.consonant);
  return o.voiced ? spec.voiced[c] : spec.plain[c];
}

}  // namespace

namespace internal {

void RomanizeWord(RomanizationSystem system, const std::vector<WordSyllable>& word, WordMode mode,
                  std::string& out) {
  const Spec& spec = SpecFor(system);
  const size_t n = word.size();
  if (n == 0) return;
  std::vector<Resolved> res(n);
  for (size_t i = 0; i < n; ++i) {
    Syllable cur = word[i].syllable;
    if (i == 0 && mode == WordMode::kText && spec.initial_sound_rule && !word[0].after_digits) {
      cur = ApplyInitialSoundRule(cur);
    }
    res[i].vowel = cur.vowel;
    res[i].onset.consonant = cur.initial;
    if (i == 0) {
      res[i].onset.voiced = word[0].after_digits && VoicedAfter(spec, kCNone, cur.initial);
    } else {
      HyphenMode hmode = mode == WordMode::kText ? spec.hyphen : spec.name_hyphen;
      const Boundary b = word[i].hyphen_before ? Boundary::kHyphen : Boundary::kJoined;
      if (mode == WordMode::kIsolated) hmode = HyphenMode::kIsolated;
      if (hmode == HyphenMode::kIsolated) {
        res[i - 1].coda = {Neutralize(word[i - 1].syllable.final)};
      } else {
        ResolvePair(spec, word[i - 1].syllable, cur, b, hmode, res[i - 1], res[i]);
      }
    }
    if (spec.archaic_palatal) {
      Onset& o = res[i].onset;
      if ((o.consonant == hg::kD || o.consonant == hg::kT) && !o.as_l && hg::IsIOrY(res[i].vowel)) {
        o.consonant = o.consonant == hg::kD ? hg::kJ : hg::kCh;
      }
      if ((o.consonant == hg::kS || o.consonant == hg::kSS || o.consonant == hg::kJ ||
           o.consonant == hg::kJJ || o.consonant == hg::kCh) &&
          IsYVowel(res[i].vowel)) {
        res[i].vowel = DeYotate(res[i].vowel);
      }
    }
    if (spec.shwi && res[i].onset.consonant == hg::kS && res[i].vowel == hg::kWi) {
      res[i].shwi = true;
    }
  }
  res[n - 1].coda = {Neutralize(word[n - 1].syllable.final)};

  // Emit: onset, vowel, coda of each syllable, with separators.
  std::string prev_coda;
  for (size_t i = 0; i < n; ++i) {
    std::string onset = res[i].shwi ? "sh" : OnsetLetters(spec, res[i].onset);
    if (!prev_coda.empty() && IsTense(res[i].onset.consonant) &&
        onset.compare(0, prev_coda.size(), prev_coda) == 0) {
      prev_coda.clear();  // k + kk is written kk, t + tch is tch
    }
    out += prev_coda;
    if (i > 0 && word[i].hyphen_before) out += "-";
    out += res[i].sep;
    out += onset;
    const auto v = static_cast<size_t>(res[i].vowel);
    out += onset.empty() ? spec.vowel_no_onset[v] : spec.vowel[v];
    prev_coda.clear();
    const auto& coda = res[i].coda;
    for (size_t k = 0; k < coda.size(); ++k) {
      if (coda[k] == kCL && i + 1 < n && res[i + 1].onset.as_l) {
        prev_coda += spec.coda_l_before_l;
      } else {
        prev_coda += spec.coda[static_cast<size_t>(coda[k])];
      }
    }
  }
  out += prev_coda;
}

bool SystemReadsDigits(RomanizationSystem system) { return SpecFor(system).read_digits; }
bool SystemHyphenatesSuffixes(RomanizationSystem system) { return SpecFor(system).admin_hyphen; }
bool SystemIsCyrillic(RomanizationSystem system) { return SpecFor(system).cyrillic; }

}  // namespace internal
}  // namespace chorus::text
