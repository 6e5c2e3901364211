// NameKey, NameVariants and CompareNames: Korean personal names in Hangul,
// Latin and Cyrillic reduced to one phonetic key.
//
// The key is built in three steps (docs/names.md has the tables):
//  1. split the name into a family name and a given name (a surname table
//     with frequency ranks decides the order for Latin and Cyrillic names);
//  2. write each part in a coarse alphabet: k t p c s h m n l for consonants
//     (plain, aspirated and tense fold together; ng folds into n because
//     Cyrillic writes both as н), a e o i for vowels (ㅓ ㅗ ㅜ ㅡ are all o,
//     ㅐ ㅔ are e) and y w for glides;
//  3. normalise: the North/South initial-sound rule at the start of each part
//     (l, n before i/y dropped; l before another vowel becomes n), nasal
//     assimilation (k t p before n m), doubled letters collapsed.
// Hangul, Latin and Cyrillic each have a reader into the coarse alphabet;
// family names found in the surname table take the table's key, so "Park",
// "Rhee" and "Цой" need no special rules.
#include "text/names.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "text/hangul.h"
#include "text/romanize_internal.h"

namespace chorus::text {
namespace {

namespace hg = internal;

// ---------------------------------------------------------------------------
// Surname table, most frequent first (the index is the rank).

struct Surname {
  std::u32string_view south;  // South Korean spelling
  std::u32string_view north;  // North Korean spelling when it differs, else empty
  std::string_view latin;     // spellings in use, space-separated, most common first
  std::string_view cyrillic;  // Russian press and Koryo-saram spellings
};

constexpr Surname kSurnames[] = {
    {U"김", U"", "Kim Gim", "Ким"},
    {U"이", U"리", "Lee Yi Rhee Ri I Li Rhie Yee Ree Rey", "Ли Ри Ни И"},
    {U"박", U"", "Park Pak Bak Bahk Pack Paek", "Пак Бак"},
    {U"최", U"", "Choi Choe Chwe Choy", "Цой Чхве Чве Чой"},
    {U"정", U"", "Jung Jeong Chung Jong Chong Cheong Joung Jeung", "Чон Тен Чжон Чен Джон"},
    {U"강", U"", "Kang Gang Kahng Khang", "Кан Ган"},
    {U"조", U"", "Cho Jo Joh Choh Zo", "Чо Чжо Тё Дё"},
    {U"윤", U"", "Yoon Yun Youn Yune", "Юн"},
    {U"장", U"", "Jang Chang Zang Jhang Cheung", "Чан Тян Чжан Джан"},
    {U"임", U"림", "Lim Im Rim Lym Yim Leem", "Лим Им Рим"},
    {U"한", U"", "Han Hahn", "Хан"},
    {U"오", U"", "Oh O Auh", "О Огай"},
    {U"서", U"", "Seo Suh So Surh Sur", "Со Сё"},
    {U"신", U"", "Shin Sin Sheen Shinn", "Шин Син"},
    {U"권", U"", "Kwon Gwon Kweon Kwun", "Квон"},
    {U"황", U"", "Hwang Whang Huang", "Хван"},
    {U"안", U"", "Ahn An Ann", "Ан"},
    {U"송", U"", "Song Soung", "Сон"},
    {U"유", U"류", "Yoo Yu Ryu Rhyu Lyu You Yu", "Ю Рю Лю Югай Ню"},
    {U"전", U"", "Jeon Jun Chun Chon Cheon Jon Jeun", "Чон Тён Чжон"},
    {U"홍", U"", "Hong", "Хон"},
    {U"고", U"", "Ko Go Koh Goh", "Ко Когай"},
    {U"문", U"", "Moon Mun Muhn", "Мун"},
    {U"양", U"량", "Yang Ryang Lyang", "Ян Рян Лян"},
    {U"손", U"", "Son Sohn Shon", "Сон"},
    {U"배", U"", "Bae Pae Bai Pai Bay", "Пэ Пе Пай"},
    {U"백", U"", "Baek Paek Paik Baik Back", "Пэк Пек"},
    {U"허", U"", "Heo Hur Huh Ho Her", "Хо Хегай Хе"},
    {U"남", U"", "Nam Nahm", "Нам"},
    {U"심", U"", "Shim Sim", "Шим Сим"},
    {U"노", U"로", "Noh No Roh Ro Rho Nho", "Но Ро"},
    {U"하", U"", "Ha Hah", "Ха"},
    {U"곽", U"", "Kwak Gwak Kwack", "Квак"},
    {U"성", U"", "Sung Seong Sŏng", "Сон Сен"},
    {U"차", U"", "Cha Char", "Ча Чха"},
    {U"주", U"", "Joo Ju Chu Choo Jou", "Чу Чжу Дю"},
    {U"우", U"", "Woo Wu U", "У"},
    {U"구", U"", "Koo Ku Gu Goo", "Ку Гу"},
    {U"민", U"", "Min", "Мин"},
    {U"진", U"", "Jin Chin Jhin", "Чин Тин Джин"},
    {U"나", U"라", "Na Ra La Nah Rah", "На Ра"},
    {U"지", U"", "Ji Chi Jee", "Чи Чжи Ди"},
    {U"엄", U"", "Um Eom Uhm", "Ом"},
    {U"채", U"", "Chae Chai Chea", "Чхэ Чэ"},
    {U"원", U"", "Won Weon", "Вон"},
    {U"천", U"", "Cheon Chun", "Чхон"},
    {U"방", U"", "Bang Pang", "Пан Бан"},
    {U"공", U"", "Kong Gong", "Кон Гон"},
    {U"현", U"", "Hyun Hyeon", "Хён Хен"},
    {U"함", U"", "Ham Hahm", "Хам"},
    {U"변", U"", "Byun Byeon Pyon Pyun", "Пён Бён"},
    {U"염", U"렴", "Yeom Yum Ryom", "Ём Рём"},
    {U"여", U"려", "Yeo Yuh Ryo Lyeo", "Ё Рё"},
    {U"추", U"", "Choo Chu", "Чху"},
    {U"도", U"", "Do To Doh", "То До"},
    {U"소", U"", "So Soh", "Со"},
    {U"석", U"", "Seok Suk Sok", "Сок"},
    {U"선", U"", "Sun Seon", "Сон"},
    {U"설", U"", "Seol Sul Sol", "Соль"},
    {U"마", U"", "Ma", "Ма"},
    {U"길", U"", "Gil Kil", "Киль"},
    {U"연", U"련", "Yeon Yun Ryon", "Ён Рён"},
    {U"위", U"", "Wi Wee", "Ви"},
    {U"표", U"", "Pyo Pyeo", "Пхё"},
    {U"명", U"", "Myung Myeong Myong", "Мён"},
    {U"기", U"", "Ki Gi Kee", "Ки"},
    {U"반", U"", "Ban Pan", "Пан"},
    {U"왕", U"", "Wang", "Ван"},
    {U"금", U"", "Keum Kum Geum", "Кым"},
    {U"옥", U"", "Ok Ock", "Ок"},
    {U"육", U"륙", "Yook Yuk Ryuk", "Юк Рюк"},
    {U"인", U"", "In", "Ин"},
    {U"맹", U"", "Maeng", "Мэн"},
    {U"제", U"", "Je Che", "Че"},
    {U"모", U"", "Mo", "Мо"},
    {U"탁", U"", "Tak Tahk", "Тхак"},
    {U"국", U"", "Kook Kuk Guk", "Кук"},
    {U"어", U"", "Eo Uh", "О"},
    {U"은", U"", "Eun Un", "Ын"},
    {U"편", U"", "Pyeon Pyun", "Пхён"},
    {U"용", U"룡", "Yong Ryong", "Ён Рён"},
    {U"경", U"", "Kyung Kyeong Kyong", "Кён"},
    {U"봉", U"", "Bong Pong", "Пон"},
    {U"호", U"", "Ho", "Хо"},
    {U"태", U"", "Tae Tai", "Тхэ"},
    {U"남궁", U"", "Namgoong Namgung Namkung", "Намгун"},
    {U"선우", U"", "Sunwoo Seonu Sonu", "Сону"},
    {U"황보", U"", "Hwangbo", "Хванбо"},
    {U"제갈", U"", "Jegal Chegal", "Чегаль"},
    {U"독고", U"", "Dokgo Tokko", "Токко"},
    {U"사공", U"", "Sagong", "Сагон"},
    {U"서문", U"", "Seomun Somun", "Сомун"},
    {U"동방", U"", "Dongbang Tongbang", "Тонбан"},
};
constexpr int kSurnameCount = static_cast<int>(std::size(kSurnames));

std::vector<std::string_view> SplitSpaces(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Code point helpers.

bool IsVowelLetter(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }
bool IsKeyVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'y' || c == 'w';
}
bool IsCyrillic(char32_t cp) { return cp >= 0x400 && cp <= 0x4FF; }
bool IsLatinLetter(char32_t cp) {
  return (cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z') || (cp >= 0xC0 && cp <= 0x24F) ||
         (cp >= 0x1E00 && cp <= 0x1EFF);
}
char32_t LowerCyrillic(char32_t cp) {
  if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
  return cp;
}
bool IsApostrophe(char32_t cp) {
  return cp == U'\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == U'`' ||
         cp == 0x02BB || cp == 0xB4;
}

// ---------------------------------------------------------------------------
// Readers into the coarse alphabet.

constexpr std::array<const char*, 19> kInitialKey = {
    "k", "k", "n", "t", "t", "l", "m", "p", "p", "s", "s", "", "c", "c", "c", "k", "t", "p", "h"};
constexpr std::array<const char*, 21> kVowelKey = {"a",  "e",  "ya", "ye", "o",  "e",  "yo",
                                                   "ye", "o",  "wa", "we", "we", "yo", "o",
                                                   "wo", "we", "wi", "yo", "o",  "i",  "i"};

const char* FinalKey(int final) {
  switch (final) {
    case hg::kFNone:
      return "";
    case hg::kFG:
    case hg::kFGG:
    case hg::kFK:
    case hg::kFGS:
    case hg::kFLG:
      return "k";
    case hg::kFN:
    case hg::kFNJ:
    case hg::kFNH:
    case hg::kFNG:
      return "n";
    case hg::kFL:
    case hg::kFLB:
    case hg::kFLS:
    case hg::kFLT:
    case hg::kFLH:
      return "l";
    case hg::kFM:
    case hg::kFLM:
      return "m";
    case hg::kFB:
    case hg::kFP:
    case hg::kFBS:
    case hg::kFLP:
      return "p";
    default:
      return "t";
  }
}

void HangulKey(std::u32string_view syllables, std::string& out) {
  for (char32_t cp : syllables) {
    if (!hg::IsHangulSyllable(cp)) continue;
    const hg::Syllable s = hg::Decompose(cp);
    out += kInitialKey[static_cast<size_t>(s.initial)];
    out += kVowelKey[static_cast<size_t>(s.vowel)];
    out += FinalKey(s.final);
  }
}

struct Rule {
  std::string_view from;
  std::string_view to;
};

// Longest first within each starting letter (the reader tries them in order).
constexpr Rule kLatinRules[] = {
    // vowels and glides
    {"yeo", "yo"},
    {"yae", "ye"},
    {"you", "yo"},
    {"yoo", "yo"},
    {"yeu", "yo"},
    {"ya", "ya"},
    {"ye", "ye"},
    {"yo", "yo"},
    {"yu", "yo"},
    {"yi", "i"},
    {"wae", "we"},
    {"weo", "wo"},
    {"wee", "wi"},
    {"wa", "wa"},
    {"woo", "o"},
    {"wo", "wo"},
    {"we", "we"},
    {"wi", "wi"},
    {"eui", "i"},
    {"ui", "i"},
    {"oe", "we"},
    {"oi", "we"},
    {"oy", "we"},
    {"eo", "o"},
    {"eu", "o"},
    {"ae", "e"},
    {"ai", "e"},
    {"ay", "e"},
    {"ee", "i"},
    {"ei", "e"},
    {"oo", "o"},
    {"ou", "o"},
    {"a", "a"},
    {"e", "e"},
    {"i", "i"},
    {"o", "o"},
    {"u", "o"},
    // consonants
    {"tch", "c"},
    {"tj", "c"},
    {"ch", "c"},
    {"jj", "c"},
    {"j", "c"},
    {"ck", "k"},
    {"c", "c"},
    {"z", "c"},
    {"kk", "k"},
    {"kh", "k"},
    {"k", "k"},
    {"gg", "k"},
    {"g", "k"},
    {"q", "k"},
    {"x", "ks"},
    {"tt", "t"},
    {"th", "t"},
    {"t", "t"},
    {"dd", "t"},
    {"d", "t"},
    {"pp", "p"},
    {"ph", "p"},
    {"p", "p"},
    {"bb", "p"},
    {"b", "p"},
    {"f", "p"},
    {"v", "p"},
    {"ss", "s"},
    {"sh", "s"},
    {"s", "s"},
    {"mm", "m"},
    {"m", "m"},
    {"ng", "n"},
    {"nn", "n"},
    {"n", "n"},
    {"ll", "l"},
    {"l", "l"},
    {"rr", "l"},
    {"r", "l"},
    {"h", "h"},
    {"w", "o"},
    {"y", "i"},
};

// kLatinRules bucketed by first letter, in table order.
const std::vector<Rule>& LatinRulesStartingWith(char c) {
  static const std::array<std::vector<Rule>, 128> kBuckets = [] {
    std::array<std::vector<Rule>, 128> b;
    for (const Rule& r : kLatinRules) b[static_cast<unsigned char>(r.from[0]) & 0x7F].push_back(r);
    return b;
  }();
  return kBuckets[static_cast<unsigned char>(c) & 0x7F];
}

// `s` is lowercase ASCII letters; '|' marks a boundary (apostrophe, hyphen)
// that a digraph must not cross.
void LatinKey(std::string_view s, std::string& out) {
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '|') {
      ++i;
      continue;
    }
    if (i == 0 && s.substr(0, 2) == "rh") {  // Rhee
      out += 'l';
      i += 2;
      continue;
    }
    // A silent h after a vowel: Ahn, Roh, Suh, Kahng.
    if (c == 'h' && i > 0 && IsVowelLetter(s[i - 1]) &&
        (i + 1 == s.size() || !IsVowelLetter(s[i + 1]))) {
      ++i;
      continue;
    }
    bool matched = false;
    for (const Rule& r : LatinRulesStartingWith(c)) {
      if (s.compare(i, r.from.size(), r.from) != 0) continue;
      out += r.to;
      i += r.from.size();
      matched = true;
      break;
    }
    if (!matched) ++i;  // a letter outside the inventory: ignored
  }
}

struct CyrRule {
  std::u32string_view from;
  std::string_view to;
};
constexpr CyrRule kCyrillicRules[] = {
    {U"чж", "c"},  {U"чх", "c"},  {U"чч", "c"},  {U"ч", "c"},   {U"дж", "c"},  {U"д", "t"},
    {U"ж", "c"},   {U"ц", "c"},   {U"щ", "s"},   {U"ш", "s"},   {U"кх", "k"},  {U"кк", "k"},
    {U"к", "k"},   {U"г", "k"},   {U"тх", "t"},  {U"тт", "t"},  {U"т", "t"},   {U"пх", "p"},
    {U"пп", "p"},  {U"п", "p"},   {U"б", "p"},   {U"ф", "p"},   {U"сс", "s"},  {U"с", "s"},
    {U"х", "h"},   {U"м", "m"},   {U"н", "n"},   {U"ль", "l"},  {U"л", "l"},   {U"р", "l"},
    {U"ъ", ""},    {U"ь", ""},    {U"ва", "wa"}, {U"во", "wo"}, {U"ве", "we"}, {U"вэ", "we"},
    {U"ви", "wi"}, {U"в", "p"},   {U"ай", "e"},  {U"эй", "e"},  {U"ей", "e"},  {U"ой", "we"},
    {U"ый", "i"},  {U"уй", "wi"}, {U"а", "a"},   {U"я", "ya"},  {U"э", "e"},   {U"ё", "yo"},
    {U"о", "o"},   {U"у", "o"},   {U"ы", "o"},   {U"и", "i"},   {U"й", "i"},   {U"ю", "yo"},
    {U"з", "c"},
};

void CyrillicKey(std::u32string_view s, std::string& out) {
  size_t i = 0;
  while (i < s.size()) {
    const char32_t c = s[i];
    if (c == U'е') {
      // е after ч/ж/ш/с/ц stands for ㅓ/ㅕ in press spellings (Чен, Сен);
      // at the start or after a vowel it is ye, otherwise ㅔ/ㅐ.
      const char prev = out.empty() ? '\0' : out.back();
      if (prev == 'c' || prev == 's') {
        out += 'o';
      } else if (prev == '\0' || IsKeyVowel(prev)) {
        out += "ye";
      } else {
        out += 'e';
      }
      ++i;
      continue;
    }
    bool matched = false;
    for (const CyrRule& r : kCyrillicRules) {
      if (r.from[0] != c || s.substr(i, r.from.size()) != r.from) continue;
      out += r.to;
      i += r.from.size();
      matched = true;
      break;
    }
    if (!matched) ++i;
  }
}

// The initial-sound rule at the start of a name part: 리/이, 류/유, 로/노.
void ApplyPartStartRule(std::string& k) {
  if (k.size() >= 2 && k[0] == 'l' && k[1] == 'e') {
    // 례/예: Cyrillic writes ㅖ after a consonant as е (Ре), so "le" at the
    // start is read as ㅖ (레 does not begin Korean names).
    k.replace(0, 1, "y");
  } else if (k.size() >= 2 && (k[0] == 'l' || k[0] == 'n') && (k[1] == 'i' || k[1] == 'y')) {
    k.erase(0, 1);
  } else if (k.size() >= 2 && k[0] == 'l' && IsKeyVowel(k[1])) {
    k[0] = 'n';
  }
}

// Spellings that differ between scripts only in what a consonant cluster
// sounds like, folded before the start rule:
//  - h after a consonant goes (식화 Sikhwa: Latin reads "kh" as one letter,
//    Hangul as ㄱ+ㅎ);
//  - l after another consonant is n (덕락 Tŏngnak, 정락 Jeongrak: ㄹ after
//    ㄱ/ㅇ/ㅁ... is said ㄴ);
//  - k after n goes (원규: Latin "Wongyu" reads "ng" before "gy");
//  - ll is nn (ㄴ+ㄹ is said ㄹㄹ, and some systems write it so).
std::string FoldClusters(const std::string& k) {
  std::string out;
  out.reserve(k.size());
  for (size_t i = 0; i < k.size(); ++i) {
    char c = k[i];
    const char next = i + 1 < k.size() ? k[i + 1] : '\0';
    const bool after_consonant = !out.empty() && !IsKeyVowel(out.back());
    if (after_consonant && c == 'h') continue;
    if (after_consonant && c == 'k' && out.back() == 'n') continue;
    if (after_consonant && c == 'l' && out.back() != 'l') c = 'n';
    // ㄴ+ㄹ said ㄹㄹ (진렬 Kontsevich Чиллёль, MR Chillyŏl): ll is read nn.
    if (c == 'l' && next == 'l') c = 'n';
    out.push_back(c);
  }
  return out;
}

// Sound changes and spelling habits every reader shares.
std::string Normalize(std::string k) {
  k = FoldClusters(k);
  ApplyPartStartRule(k);
  std::string out;
  out.reserve(k.size());
  for (size_t i = 0; i < k.size(); ++i) {
    char c = k[i];
    const char next = i + 1 < k.size() ? k[i + 1] : '\0';
    // nasal assimilation: 국민 kungmin, 십명 simmyŏng
    if ((next == 'n' || next == 'm') && !out.empty() && IsKeyVowel(out.back())) {
      if (c == 'k' || c == 't') c = 'n';
      if (c == 'p') c = 'm';
    }
    // ㄹ/ㄴ before i/y after a consonant: 명려 Myŏng-nyŏ / Myongryo
    if ((c == 'l' || c == 'n') && (next == 'i' || next == 'y') && !out.empty() &&
        !IsKeyVowel(out.back()) && out.back() != c) {
      continue;
    }
    if (c == 'y' && next == 'i') continue;                            // yi = i
    if (!out.empty() && out.back() == c && !IsKeyVowel(c)) continue;  // doubled letters
    out.push_back(c);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Tokens and parsing.

enum class Script { kHangul, kLatin, kCyrillic, kOther };

struct Token {
  std::u32string text;  // as written, with '|' for a hyphen or apostrophe inside
  Script script = Script::kOther;
  bool hyphenated = false;
};

struct SurnameIndex {
  std::unordered_map<std::string, int> by_spelling;  // folded spelling -> index
  std::unordered_map<int, std::string> key;          // index -> family key
};

std::string FoldLatinToken(std::u32string_view t);

const SurnameIndex& Surnames() {
  static const SurnameIndex kIndex = [] {
    SurnameIndex index;
    for (int i = 0; i < kSurnameCount; ++i) {
      const Surname& s = kSurnames[i];
      std::string k;
      HangulKey(s.south, k);
      index.key[i] = Normalize(k);
      index.by_spelling.emplace(hg::EncodeUtf8(s.south), i);
      if (!s.north.empty()) index.by_spelling.emplace(hg::EncodeUtf8(s.north), i);
      for (std::string_view sp : SplitSpaces(s.latin)) {
        index.by_spelling.emplace(FoldLatinToken(hg::DecodeUtf8(sp)), i);
      }
      for (std::string_view sp : SplitSpaces(s.cyrillic)) {
        std::u32string cps = hg::DecodeUtf8(sp);
        for (char32_t& c : cps) c = LowerCyrillic(c);
        index.by_spelling.emplace(hg::EncodeUtf8(cps), i);
      }
    }
    return index;
  }();
  return kIndex;
}

// Lowercase ASCII letters of a Latin token; diacritics dropped through
// FoldForSearch only when the token is not plain ASCII.
// The accented letters romanizations use, folded without ICU: breves (ŏ ŭ),
// carons (ǒ ǔ), umlauts, acute/grave/circumflex, macrons. 0 for others.
char FoldCommonLatin(char32_t c) {
  if (c < 0x80) return static_cast<char>(c);
  // U+00C0..U+00FF; '\0' = not a plain letter (Ð × Þ ß ð ÷ þ).
  static constexpr std::string_view kLatin1{
      "aaaaaaaceeeeiiii\0nooooo\0ouuuuy\0\0aaaaaaaceeeeiiii\0nooooo\0ouuuuy\0y", 64};
  static_assert(kLatin1.size() == 64);
  if (c >= 0xC0 && c <= 0xFF) return kLatin1[c - 0xC0];
  switch (c) {
    case 0x14E:
    case 0x14F:
    case 0x14C:
    case 0x14D:
    case 0x1D1:
    case 0x1D2:
      return 'o';
    case 0x16C:
    case 0x16D:
    case 0x16A:
    case 0x16B:
    case 0x1D3:
    case 0x1D4:
      return 'u';
    case 0x100:
    case 0x101:
    case 0x102:
    case 0x103:
    case 0x1CD:
    case 0x1CE:
      return 'a';
    case 0x112:
    case 0x113:
    case 0x114:
    case 0x115:
    case 0x11A:
    case 0x11B:
      return 'e';
    case 0x12A:
    case 0x12B:
    case 0x12C:
    case 0x12D:
    case 0x1CF:
    case 0x1D0:
      return 'i';
    default:
      return 0;
  }
}

std::string FoldLatinToken(std::u32string_view t) {
  bool ascii = true;
  for (char32_t c : t) ascii = ascii && (FoldCommonLatin(c) != 0 || c == U'|' || IsApostrophe(c));
  std::u32string common;
  if (ascii) {
    common.reserve(t.size());
    for (char32_t c : t) {
      const char f = FoldCommonLatin(c);
      common.push_back(f != 0 ? static_cast<char32_t>(static_cast<unsigned char>(f)) : c);
    }
    t = common;
  }
  std::u32string folded;
  if (!ascii) folded = hg::DecodeUtf8(FoldForSearch(hg::EncodeUtf8(t)));
  const std::u32string_view cps = ascii ? t : std::u32string_view(folded);
  std::string out;
  out.reserve(cps.size());
  for (char32_t c : cps) {
    if (c >= U'A' && c <= U'Z') c += 32;
    if (c >= U'a' && c <= U'z') {
      out.push_back(static_cast<char>(c));
    } else if ((IsApostrophe(c) || c == U'-' || c == U'|') && !out.empty() && out.back() != '|') {
      out.push_back('|');
    }
  }
  while (!out.empty() && out.back() == '|') out.pop_back();
  return out;
}

std::vector<Token> Tokenize(std::string_view name, bool& comma) {
  const std::u32string cps = hg::DecodeUtf8(name);
  std::vector<Token> tokens;
  comma = false;
  Token cur;
  auto flush = [&] {
    if (!cur.text.empty()) tokens.push_back(std::move(cur));
    cur = Token{};
  };
  for (char32_t cp : cps) {
    Script script = Script::kOther;
    if (hg::IsHangulSyllable(cp)) {
      script = Script::kHangul;
    } else if (IsCyrillic(cp)) {
      script = Script::kCyrillic;
    } else if (IsLatinLetter(cp)) {
      script = Script::kLatin;
    }
    if (script != Script::kOther) {
      if (!cur.text.empty() && cur.script != script) flush();
      cur.script = script;
      cur.text.push_back(cp);
    } else if (cp == U'-' || IsApostrophe(cp) || cp == 0xB7 || cp == 0x2010 || cp == 0x2011) {
      if (!cur.text.empty()) {
        if (cp != U'-' && cp != 0x2010 && cp != 0x2011 && cp != 0xB7) {
          cur.text.push_back(U'|');
        } else {
          cur.text.push_back(U'|');
          cur.hyphenated = true;
        }
      }
    } else {
      flush();
      if (cp == U',' && !tokens.empty()) comma = true;  // "Ri, Myong Su"
    }
  }
  flush();
  for (Token& t : tokens) {
    while (!t.text.empty() && t.text.back() == U'|') t.text.pop_back();
  }
  return tokens;
}

std::string TokenSpelling(const Token& t) {
  if (t.script == Script::kLatin) return FoldLatinToken(t.text);
  std::u32string s;
  for (char32_t c : t.text) {
    if (c != U'|') s.push_back(LowerCyrillic(c));
  }
  return hg::EncodeUtf8(s);
}

int SurnameOf(const Token& t) {
  if (t.hyphenated) return -1;
  std::string spelling = TokenSpelling(t);
  std::erase(spelling, '|');
  const auto& index = Surnames().by_spelling;
  auto it = index.find(spelling);
  return it == index.end() ? -1 : it->second;
}

void TokenKey(const Token& t, std::string& out) {
  switch (t.script) {
    case Script::kHangul:
      HangulKey(t.text, out);
      break;
    case Script::kLatin:
      LatinKey(FoldLatinToken(t.text), out);
      break;
    case Script::kCyrillic: {
      std::u32string s;
      for (char32_t c : t.text) {
        if (c != U'|') s.push_back(LowerCyrillic(c));
      }
      CyrillicKey(s, out);
      break;
    }
    case Script::kOther:
      break;
  }
}

struct Parsed {
  std::string family;  // normalised family key ("" when none found)
  std::string given;   // normalised given key (parts joined)
  int surname = -1;    // index into kSurnames, or -1
};

// Builds one reading; `keys` are the coarse keys of the tokens (TokenKey).
Parsed Build(const std::vector<std::string>& keys, size_t family_idx, int surname) {
  Parsed p;
  p.surname = surname;
  p.family = surname >= 0 ? Surnames().key.at(surname) : Normalize(keys[family_idx]);
  std::string given;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i != family_idx) given += keys[i];
  }
  p.given = Normalize(std::move(given));
  return p;
}

std::vector<std::string> TokenKeys(const std::vector<Token>& tokens) {
  std::vector<std::string> keys(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) TokenKey(tokens[i], keys[i]);
  return keys;
}

// All plausible readings of a name, the most likely first.
std::vector<Parsed> Readings(std::string_view name) {
  bool comma = false;
  std::vector<Token> tokens = Tokenize(name, comma);
  std::vector<Parsed> out;
  if (tokens.empty()) return out;
  if (tokens.size() == 1 && tokens[0].script == Script::kHangul) {
    // 리명수: family name first, one syllable or a compound surname.
    const std::u32string& t = tokens[0].text;
    std::u32string clean;
    for (char32_t c : t) {
      if (c != U'|') clean.push_back(c);
    }
    const size_t split =
        clean.size() >= 3 && hg::IsCompoundSurname(std::u32string_view(clean).substr(0, 2)) ? 2 : 1;
    Token family{clean.substr(0, split), Script::kHangul, false};
    Token given{clean.substr(split), Script::kHangul, false};
    std::vector<Token> two = {family};
    if (!given.text.empty()) two.push_back(given);
    out.push_back(Build(TokenKeys(two), 0, SurnameOf(family)));
    return out;
  }
  if (tokens.size() == 1) {
    Parsed p;
    std::string k;
    TokenKey(tokens[0], k);
    p.given = Normalize(k);
    out.push_back(p);
    return out;
  }
  const std::vector<std::string> keys = TokenKeys(tokens);
  const size_t last = tokens.size() - 1;
  const int first_surname = SurnameOf(tokens[0]);
  const int last_surname = SurnameOf(tokens[last]);
  if (comma || tokens[0].script == Script::kHangul) {
    out.push_back(Build(keys, 0, first_surname));
    return out;
  }
  const bool first_ok = first_surname >= 0;
  const bool last_ok = last_surname >= 0;
  // A compound surname (Namgoong, Sŏnu) is never a given name: it wins.
  const bool first_compound = first_ok && kSurnames[first_surname].south.size() == 2;
  const bool last_compound = last_ok && kSurnames[last_surname].south.size() == 2;
  if (first_ok &&
      (!last_ok || first_compound || (!last_compound && first_surname <= last_surname))) {
    out.push_back(Build(keys, 0, first_surname));
    if (last_ok) out.push_back(Build(keys, last, last_surname));
  } else if (last_ok) {
    out.push_back(Build(keys, last, last_surname));
    if (first_ok) out.push_back(Build(keys, 0, first_surname));
  } else {
    out.push_back(Build(keys, 0, -1));
    out.push_back(Build(keys, last, -1));
  }
  return out;
}

// A Latin rendering for Jaro-Winkler: Hangul romanized (MR, folded),
// Cyrillic transliterated letter by letter, Latin folded; letters only.
std::string LatinForm(std::string_view name) {
  const std::u32string cps = hg::DecodeUtf8(name);
  bool has_hangul = false;
  for (char32_t c : cps) has_hangul = has_hangul || hg::IsHangulSyllable(c);
  std::string latin;
  if (has_hangul) {
    // RR is plain ASCII, so the fold below needs no ICU call.
    Result<std::string> r = Romanize(name, RomanizationSystem::kRevised);
    latin = r.ok() ? *r : std::string(name);
  } else {
    static constexpr std::array<std::string_view, 32> kCyr = {
        "a", "b", "v", "g", "d", "e",  "zh", "z",  "i",  "y",    "k", "l", "m", "n", "o",  "p",
        "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "",  "y", "",  "e", "yu", "ya"};
    for (char32_t c : cps) {
      const char32_t lc = LowerCyrillic(c);
      if (lc >= 0x430 && lc <= 0x44F) {
        latin += kCyr[lc - 0x430];
      } else if (lc == 0x451) {
        latin += "yo";
      } else {
        hg::AppendUtf8(c, latin);
      }
    }
  }
  const std::string folded = FoldForSearch(latin);
  std::string out;
  for (char c : folded) {
    if (c >= 'a' && c <= 'z') out.push_back(c);
  }
  return out;
}

// Given-name syllables as the Russian press writes them: one capitalised
// word per syllable, older (Kholodovich) spellings for the common ones.
std::string PressCyrillic(std::u32string_view given) {
  struct Press {
    char32_t syllable;
    std::string_view cyrillic;
  };
  static constexpr Press kPress[] = {
      {U'정', "Чен"}, {U'성', "Сен"}, {U'일', "Ир"},  {U'철', "Чхоль"}, {U'영', "Ён"},
      {U'은', "Ын"},  {U'용', "Ён"},  {U'명', "Мён"}, {U'혁', "Хёк"},   {U'남', "Нам"},
  };
  std::string out;
  for (char32_t cp : given) {
    if (!out.empty()) out += ' ';
    std::string_view known;
    for (const Press& p : kPress) {
      if (p.syllable == cp) known = p.cyrillic;
    }
    if (!known.empty()) {
      out += known;
      continue;
    }
    std::string one;
    internal::RomanizeWord(RomanizationSystem::kKontsevich, {{hg::Decompose(cp), false, false}},
                           internal::WordMode::kIsolated, one);
    std::u32string cps = hg::DecodeUtf8(one);
    if (!cps.empty() && cps[0] >= 0x430 && cps[0] <= 0x44F) cps[0] -= 0x20;
    if (!cps.empty() && cps[0] == 0x451) cps[0] = 0x401;
    out += hg::EncodeUtf8(cps);
  }
  return out;
}

bool Agrees(const Parsed& a, const Parsed& b) { return a.family == b.family && a.given == b.given; }

}  // namespace

std::string NameKey(std::string_view name_any_script) {
  const std::vector<Parsed> readings = Readings(name_any_script);
  if (readings.empty()) return {};
  return readings[0].family + "/" + readings[0].given;
}

std::vector<std::string> NameKeyReadings(std::string_view name_any_script) {
  std::vector<std::string> out;
  for (const Parsed& p : Readings(name_any_script)) {
    std::string key = p.family + "/" + p.given;
    if (std::find(out.begin(), out.end(), key) == out.end()) out.push_back(std::move(key));
  }
  return out;
}

namespace {

// Linkage compares one record against many: remember the last name parsed
// on this thread for each side.
const std::vector<Parsed>& CachedReadings(std::string_view name, int side) {
  struct Slot {
    std::string name;
    std::vector<Parsed> readings;
    bool valid = false;
  };
  thread_local std::array<Slot, 2> slots;
  Slot& slot = slots[static_cast<size_t>(side)];
  if (!slot.valid || slot.name != name) {
    slot.name.assign(name);
    slot.readings = Readings(name);
    slot.valid = true;
  }
  return slot.readings;
}

}  // namespace

NameComparison CompareNames(std::string_view a, std::string_view b) {
  const std::vector<Parsed>& ra = CachedReadings(a, 0);
  const std::vector<Parsed>& rb = CachedReadings(b, 1);
  NameComparison out;
  if (ra.empty() || rb.empty()) {
    out.reason = "a name has no letters";
    return out;
  }
  for (size_t i = 0; i < ra.size(); ++i) {
    for (size_t j = 0; j < rb.size(); ++j) {
      if (!Agrees(ra[i], rb[j])) continue;
      out.same = true;
      out.score = 0.9 + 0.1 * JaroWinkler(LatinForm(a), LatinForm(b));
      out.reason = (i == 0 && j == 0) ? "same phonetic key"
                                      : "same phonetic key with the family name at the other end";
      return out;
    }
  }
  // Not the same: score by the closest reading pair.
  double best = 0;
  std::string reason = "different names";
  for (const Parsed& pa : ra) {
    for (const Parsed& pb : rb) {
      const double fam = pa.family == pb.family ? 1.0 : JaroWinkler(pa.family, pb.family);
      const double giv = JaroWinkler(pa.given, pb.given);
      const double s = 0.3 * fam + 0.7 * giv;
      if (s > best) {
        best = s;
        if (pa.family == pb.family && pa.given != pb.given) {
          reason = "same family name, given names differ";
        } else if (pa.family != pb.family && pa.given == pb.given) {
          reason = "same given name, family names differ";
        } else {
          reason = "family and given names differ";
        }
      }
    }
  }
  out.score = std::min(best, 0.89) * 0.999;
  out.reason = reason;
  return out;
}

std::vector<std::string> NameVariants(std::string_view name) {
  std::vector<std::string> out;
  auto add = [&out](std::string v) {
    if (v.empty()) return;
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(std::move(v));
  };
  add(std::string(name));

  bool comma = false;
  std::vector<Token> tokens = Tokenize(name, comma);
  if (tokens.empty()) return out;

  // Family token and given-name syllables (as written).
  std::u32string family_hangul, given_hangul;
  bool hangul = true;
  for (const Token& t : tokens) hangul = hangul && t.script == Script::kHangul;

  if (hangul) {
    std::u32string all;
    for (const Token& t : tokens) {
      for (char32_t c : t.text) {
        if (c != U'|') all.push_back(c);
      }
      if (&t == &tokens[0]) {
        // remember the explicit split
        family_hangul = all;
      }
    }
    if (tokens.size() == 1) {
      const size_t split =
          all.size() >= 3 && hg::IsCompoundSurname(std::u32string_view(all).substr(0, 2)) ? 2 : 1;
      family_hangul = all.substr(0, split);
    }
    given_hangul = all.substr(family_hangul.size());
    // North and South spellings of the family name.
    std::vector<std::u32string> families = {family_hangul};
    const Token ft{family_hangul, Script::kHangul, false};
    const int surname = SurnameOf(ft);
    if (surname >= 0) {
      const Surname& s = kSurnames[surname];
      families.emplace_back(s.south);
      if (!s.north.empty()) families.emplace_back(s.north);
    }
    for (const auto& f : families) {
      add(hg::EncodeUtf8(f + given_hangul));
      if (!given_hangul.empty()) add(hg::EncodeUtf8(f + U" " + given_hangul));
    }
    // Every system.
    const std::string hangul_name = hg::EncodeUtf8(family_hangul + U" " + given_hangul);
    std::vector<std::string> given_forms;
    for (RomanizationSystem sys :
         {RomanizationSystem::kDprk, RomanizationSystem::kMcCuneReischauer,
          RomanizationSystem::kAlaLc, RomanizationSystem::kRevised, RomanizationSystem::kBgnDprk,
          RomanizationSystem::kIcs, RomanizationSystem::kKontsevich}) {
      Result<std::string> r = Romanize(hangul_name, sys);
      if (!r.ok()) continue;
      add(*r);
      if (sys == RomanizationSystem::kKontsevich) continue;
      const size_t space = r->find(' ');
      if (space != std::string::npos) given_forms.push_back(r->substr(space + 1));
    }
    if (surname >= 0 && !given_hangul.empty()) {
      // Passport and press spellings: surname variants x given forms in
      // ASCII, hyphenated, joined and spaced, family first and last.
      std::vector<std::string> ascii_given;
      for (const std::string& g : given_forms) {
        std::string folded = FoldForSearch(g);
        std::string clean;
        for (char c : folded) {
          if ((c >= 'a' && c <= 'z') || c == '-' || c == ' ') clean.push_back(c);
        }
        std::string hyphen, joined, spaced;
        bool cap = true;
        for (char c : clean) {
          const bool sep = c == '-' || c == ' ';
          if (sep) {
            hyphen.push_back('-');
            spaced.push_back(' ');
            cap = true;
            continue;
          }
          const char up = static_cast<char>(c - 32);
          hyphen.push_back(hyphen.empty() ? up : c);
          joined.push_back(joined.empty() ? up : c);
          spaced.push_back(cap ? up : c);
          cap = false;
        }
        for (auto& g2 : {hyphen, joined, spaced}) {
          if (std::find(ascii_given.begin(), ascii_given.end(), g2) == ascii_given.end()) {
            ascii_given.push_back(g2);
          }
        }
      }
      const auto spellings = SplitSpaces(kSurnames[surname].latin);
      for (std::string_view sp : spellings) {
        for (const std::string& g : ascii_given) add(std::string(sp) + " " + g);
      }
      for (std::string_view sp : spellings) {
        for (const std::string& g : ascii_given) add(g + " " + std::string(sp));
      }
      // Cyrillic: family spellings with the Kontsevich given name (joined)
      // and with the press habit of one capitalised word per syllable.
      Result<std::string> kon = Romanize(hangul_name, RomanizationSystem::kKontsevich);
      const std::string press = PressCyrillic(given_hangul);
      for (std::string_view sp : SplitSpaces(kSurnames[surname].cyrillic)) {
        if (kon.ok()) add(std::string(sp) + " " + kon->substr(kon->find(' ') + 1));
        add(std::string(sp) + " " + press);
      }
    }
    return out;
  }

  // Latin or Cyrillic: surname variants with the given name as written.
  const std::vector<Parsed> readings = Readings(name);
  if (readings.empty() || readings[0].surname < 0 || tokens.size() < 2) return out;
  const int surname = readings[0].surname;
  size_t family_idx = 0;
  if (SurnameOf(tokens[0]) != surname) family_idx = tokens.size() - 1;
  std::vector<std::string> given_parts;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (i == family_idx) continue;
    std::string part;
    for (char32_t c : tokens[i].text) {
      if (c == U'|') {
        part.push_back('-');
      } else {
        hg::AppendUtf8(c, part);
      }
    }
    given_parts.push_back(part);
  }
  std::string given_spaced, given_joined;
  for (const std::string& p : given_parts) {
    if (!given_spaced.empty()) given_spaced += ' ';
    given_spaced += p;
  }
  given_joined = given_spaced;
  std::replace(given_joined.begin(), given_joined.end(), ' ', '-');
  const bool cyr = tokens[family_idx].script == Script::kCyrillic;
  const Surname& s = kSurnames[surname];
  std::vector<std::string> families;
  for (std::string_view sp : SplitSpaces(cyr ? s.cyrillic : s.latin)) families.emplace_back(sp);
  for (const std::string& f : families) {
    add(f + " " + given_spaced);
    add(f + " " + given_joined);
  }
  for (const std::string& f : families) add(given_joined + " " + f);
  add(hg::EncodeUtf8(s.south));
  if (!s.north.empty()) add(hg::EncodeUtf8(s.north));
  return out;
}

}  // namespace chorus::text
