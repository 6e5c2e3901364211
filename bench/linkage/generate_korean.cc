// linkage_generate_korean: a Korean-name linkage benchmark with ground truth.
//   linkage_generate_korean PEOPLE OUT.csv [SEED]
// Every person (surname by real frequency, a one- or two-syllable given
// name, a birth date, a sex) is written seven times, once per rendering a
// documenter meets:
//   hangul      North (리룡철) or South (이용철) spelling, sometimes spaced
//   dprk        DPRK 2002, breves kept or dropped         Ri Ryong Chol
//   mr          McCune-Reischauer, marks kept or dropped  Yi Yong-ch'ol / Yi Yong-chol
//   rr          Revised Romanization of the South form    I Yong-cheol
//   passport    passport habits: Lee/Rhee/Yi, Yong-chul, joined, spaced,
//               family name last, upper case              YONGCHUL LEE
//   kontsevich  Kontsevich Cyrillic                       Ли Ёнчхоль
//   press       Russian-press Cyrillic, a word per syllable  Ли Рён Чхоль
// Latin renderings also vary the given name (joined, hyphenated, spaced) and
// the order. One record in ten has a typo in the name; birth dates are
// sometimes fuzzy (year, year-month, "~year", decade "196X"), swapped, mistyped, a year
// off (never missing: the date is what tells two Kim Yong-chols apart);
// sex is sometimes missing or wrong. Records are shuffled and
// numbered r00001...; the column `person` is the ground truth.
// Columns: id,person,rendering,name,dob,sex. Deterministic for a seed.
//
// DPRK, MR, RR and Kontsevich come from text::Romanize (the systems are
// standards with published vectors); the passport and press spellings come
// from this file's own tables, independent of text/names.cc.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "linkage/comparators.h"
#include "text/names.h"

namespace {

using chorus::text::RomanizationSystem;

struct SurnameRow {
  const char* south;     // Hangul, South spelling
  const char* north;     // North spelling ("" when the same)
  int per_mille;         // share of the population
  const char* passport;  // spellings seen, comma-separated, most common first
  const char* press;     // Russian-press spellings, comma-separated
};

// Shares from the 2015 ROK census, rounded; the long tail is cut.
constexpr SurnameRow kSurnameRows[] = {
    {"김", "", 215, "Kim,Gim", "Ким"},
    {"이", "리", 147, "Lee,Yi,Rhee,Ri,I", "Ли,Ри"},
    {"박", "", 84, "Park,Pak,Bak", "Пак"},
    {"최", "", 47, "Choi,Choe", "Цой,Чхве"},
    {"정", "", 43, "Jung,Jeong,Chung,Jong", "Чон,Тен"},
    {"강", "", 23, "Kang,Gang", "Кан"},
    {"조", "", 21, "Cho,Jo", "Чо,Тё"},
    {"윤", "", 20, "Yoon,Yun", "Юн"},
    {"장", "", 20, "Jang,Chang", "Чан,Тян"},
    {"임", "림", 17, "Lim,Im,Rim", "Лим,Рим"},
    {"한", "", 15, "Han", "Хан"},
    {"오", "", 15, "Oh,O", "О"},
    {"서", "", 15, "Seo,Suh,So", "Со"},
    {"신", "", 14, "Shin,Sin", "Шин,Син"},
    {"권", "", 14, "Kwon,Gwon", "Квон"},
    {"황", "", 14, "Hwang", "Хван"},
    {"안", "", 13, "Ahn,An", "Ан"},
    {"송", "", 13, "Song", "Сон"},
    {"유", "류", 13, "Yoo,Yu,Ryu", "Ю,Рю"},
    {"전", "", 13, "Jeon,Jun,Chon", "Чон"},
    {"홍", "", 11, "Hong", "Хон"},
    {"고", "", 9, "Ko,Koh,Go", "Ко"},
    {"문", "", 9, "Moon,Mun", "Мун"},
    {"양", "량", 9, "Yang,Ryang", "Ян,Рян"},
    {"손", "", 9, "Son,Sohn", "Сон"},
    {"배", "", 8, "Bae,Pae", "Пэ"},
    {"백", "", 8, "Baek,Paek,Paik", "Пэк"},
    {"허", "", 7, "Heo,Hur,Ho", "Хо"},
    {"남", "", 5, "Nam", "Нам"},
    {"노", "로", 5, "Noh,Roh,Ro", "Но,Ро"},
    {"하", "", 5, "Ha", "Ха"},
    {"곽", "", 4, "Kwak", "Квак"},
    {"성", "", 4, "Sung,Seong", "Сон"},
    {"차", "", 4, "Cha", "Ча"},
    {"주", "", 4, "Joo,Ju,Chu", "Чу"},
    {"우", "", 4, "Woo,U", "У"},
    {"구", "", 4, "Koo,Ku", "Ку"},
    {"민", "", 3, "Min", "Мин"},
    {"진", "", 3, "Jin,Chin", "Чин"},
    {"나", "라", 3, "Na,Ra", "На,Ра"},
    {"지", "", 3, "Ji,Chi", "Чи"},
    {"엄", "", 3, "Um,Eom", "Ом"},
    {"채", "", 3, "Chae", "Чхэ"},
    {"원", "", 3, "Won", "Вон"},
    {"방", "", 3, "Bang,Pang", "Пан"},
    {"현", "", 2, "Hyun", "Хён"},
    {"함", "", 2, "Ham", "Хам"},
    {"변", "", 2, "Byun,Pyon", "Пён"},
    {"염", "렴", 2, "Yeom,Ryom", "Ём,Рём"},
    {"여", "려", 2, "Yeo,Ryo", "Ё,Рё"},
    {"도", "", 2, "Do,To", "То"},
    {"석", "", 2, "Seok,Sok", "Сок"},
    {"길", "", 1, "Gil,Kil", "Киль"},
    {"연", "련", 1, "Yeon,Ryon", "Ён,Рён"},
    {"표", "", 1, "Pyo", "Пхё"},
    {"왕", "", 1, "Wang", "Ван"},
    {"육", "륙", 1, "Yook,Ryuk", "Юк,Рюк"},
    {"남궁", "", 1, "Namgoong,Namgung", "Намгун"},
    {"선우", "", 1, "Sunwoo,Sonu", "Сону"},
    {"황보", "", 1, "Hwangbo", "Хванбо"},
};

struct GivenSyllable {
  const char* south;     // as written in the South (initial-sound rule applied)
  const char* north;     // as written in the North ("" when the same)
  int weight;            // relative frequency in given names
  const char* passport;  // passport spelling
  const char* press;     // Russian-press spelling of the syllable
  // Passport spelling of the North form (what a later syllable keeps).
  const char* passport_north = "";
};

// Common given-name syllables. The ones with a North form differ only as
// the first syllable of the given name (the South drops an initial ㄹ/ㄴ
// before i/y and turns ㄹ into ㄴ before other vowels).
constexpr GivenSyllable kGivenSyllables[] = {
    {"영", "", 30, "Young", "Ён"},
    {"수", "", 30, "Soo", "Су"},
    {"정", "", 28, "Jung", "Чен"},
    {"성", "", 26, "Sung", "Сен"},
    {"철", "", 24, "Chul", "Чхоль"},
    {"민", "", 24, "Min", "Мин"},
    {"호", "", 22, "Ho", "Хо"},
    {"진", "", 22, "Jin", "Чин"},
    {"현", "", 20, "Hyun", "Хён"},
    {"준", "", 18, "Joon", "Чун"},
    {"석", "", 16, "Suk", "Сок"},
    {"우", "", 16, "Woo", "У"},
    {"희", "", 16, "Hee", "Хи"},
    {"숙", "", 14, "Sook", "Сук"},
    {"순", "", 14, "Soon", "Сун"},
    {"미", "", 14, "Mi", "Ми"},
    {"경", "", 14, "Kyung", "Кён"},
    {"광", "", 12, "Kwang", "Кван"},
    {"남", "", 12, "Nam", "Нам"},
    {"일", "", 12, "Il", "Ир"},
    {"명", "", 12, "Myung", "Мён"},
    {"혁", "", 10, "Hyuk", "Хёк"},
    {"은", "", 10, "Eun", "Ын"},
    {"혜", "", 10, "Hye", "Хе"},
    {"지", "", 10, "Ji", "Чи"},
    {"동", "", 10, "Dong", "Тон"},
    {"상", "", 10, "Sang", "Сан"},
    {"훈", "", 8, "Hoon", "Хун"},
    {"학", "", 8, "Hak", "Хак"},
    {"국", "", 8, "Kook", "Кук"},
    {"옥", "", 8, "Ok", "Ок"},
    {"화", "", 8, "Hwa", "Хва"},
    {"춘", "", 6, "Choon", "Чхун"},
    {"금", "", 6, "Keum", "Кым"},
    {"복", "", 6, "Bok", "Пок"},
    {"덕", "", 6, "Duk", "Тык"},
    {"만", "", 6, "Man", "Ман"},
    {"길", "", 6, "Gil", "Киль"},
    {"봉", "", 6, "Bong", "Пон"},
    {"태", "", 6, "Tae", "Тхэ"},
    {"주", "", 6, "Joo", "Чу"},
    {"환", "", 6, "Hwan", "Хван"},
    {"식", "", 6, "Sik", "Сик"},
    {"규", "", 6, "Kyu", "Кю"},
    {"원", "", 6, "Won", "Вон"},
    {"재", "", 6, "Jae", "Чэ"},
    {"해", "", 6, "Hae", "Хэ"},
    {"선", "", 6, "Sun", "Сон"},
    {"향", "", 6, "Hyang", "Хян"},
    {"용", "룡", 10, "Yong", "Рён", "Ryong"},
    {"연", "련", 6, "Yeon", "Рён", "Ryun"},
    {"여", "려", 4, "Yeo", "Рё", "Ryeo"},
    {"임", "림", 4, "Im", "Рим", "Rim"},
    {"낙", "락", 4, "Nak", "Рак", "Rak"},
    {"노", "로", 4, "No", "Ро", "Ro"},
    {"유", "류", 4, "Yoo", "Рю", "Ryu"},
    {"난", "란", 4, "Nan", "Ран", "Ran"},
    {"양", "량", 4, "Yang", "Рян", "Ryang"},
    {"열", "렬", 4, "Yeol", "Рёль", "Ryul"},
    {"예", "례", 4, "Ye", "Ре", "Rye"},
};

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  uint64_t Below(uint64_t n) { return std::uniform_int_distribution<uint64_t>(0, n - 1)(engine_); }
  double Unit() { return std::uniform_real_distribution<double>(0, 1)(engine_); }
  bool Chance(double p) { return Unit() < p; }
  std::mt19937_64& engine() { return engine_; }

 private:
  std::mt19937_64 engine_;
};

template <typename Row, size_t N>
const Row& Weighted(Rng& rng, const Row (&rows)[N], int Row::*weight) {
  int total = 0;
  for (const Row& r : rows) total += r.*weight;
  int pick = static_cast<int>(rng.Below(static_cast<uint64_t>(total)));
  for (const Row& r : rows) {
    pick -= r.*weight;
    if (pick < 0) return r;
  }
  return rows[N - 1];
}

std::vector<std::string> SplitCommas(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(',', start);
    if (end == std::string_view::npos) end = s.size();
    out.emplace_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// The first spelling half of the time, else any of them.
std::string PickSpelling(Rng& rng, const char* list) {
  const std::vector<std::string> all = SplitCommas(list);
  if (all.size() == 1 || rng.Chance(0.5)) return all[0];
  return all[rng.Below(all.size())];
}

using chorus::linkage::DecodeUtf8;
using chorus::linkage::EncodeUtf8;

bool IsHangul(char32_t cp) { return cp >= 0xAC00 && cp <= 0xD7A3; }

// Accents and apostrophes as a keyboard without them leaves them: ŏ -> o,
// ch'ol -> chol.
std::string PlainLatin(std::string_view s) {
  std::u32string out;
  for (char32_t cp : DecodeUtf8(s)) {
    switch (cp) {
      case 0x14F:  // ŏ
      case 0x1D2:  // ǒ
        out.push_back(U'o');
        break;
      case 0x16D:  // ŭ
      case 0x1D4:  // ǔ
        out.push_back(U'u');
        break;
      case 0x14E:
        out.push_back(U'O');
        break;
      case 0x16C:
        out.push_back(U'U');
        break;
      case U'\'':
      case 0x2019:
      case 0x2018:
      case 0x02BC:
        break;
      default:
        out.push_back(cp);
    }
  }
  return EncodeUtf8(out);
}

std::string Capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 32);
  return s;
}

std::string Lowered(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return s;
}

std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  }
  return s;
}

// Re-joins the syllables of a romanized given name: "Myŏng-su", "Myŏng Su"
// -> joined "Myŏngsu", hyphenated "Myŏng-su" or spaced "Myŏng Su".
std::string Rejoin(Rng& rng, const std::vector<std::string>& syllables) {
  if (syllables.size() < 2) return syllables.empty() ? "" : Capitalised(syllables[0]);
  const uint64_t style = rng.Below(3);
  std::string out = Capitalised(syllables[0]);
  for (size_t i = 1; i < syllables.size(); ++i) {
    if (style == 0) {
      out += Lowered(syllables[i]);
    } else if (style == 1) {
      out += "-" + Lowered(syllables[i]);
    } else {
      out += " " + Capitalised(Lowered(syllables[i]));
    }
  }
  return out;
}

struct Person {
  const SurnameRow* surname = nullptr;
  std::vector<const GivenSyllable*> given;
  int year = 0, month = 0, day = 0;
  char sex = 'm';
};

std::string HangulGiven(const Person& p, bool north) {
  std::string out;
  for (size_t i = 0; i < p.given.size(); ++i) {
    const GivenSyllable& g = *p.given[i];
    // Only the first syllable follows the initial-sound rule; later ones
    // keep the North form in both.
    const bool use_north = *g.north != '\0' && (north || i > 0);
    out += use_north ? g.north : g.south;
  }
  return out;
}

std::string HangulFamily(const Person& p, bool north) {
  return north && *p.surname->north != '\0' ? p.surname->north : p.surname->south;
}

// A system's romanization, split into family and given syllables (the
// systems write family first).
struct Romanized {
  std::string family;
  std::vector<std::string> given;  // one entry per syllable when the system spaces or hyphenates
};

Romanized RomanizeParts(const Person& p, bool north, RomanizationSystem system) {
  const std::string hangul = HangulFamily(p, north) + " " + HangulGiven(p, north);
  chorus::Result<std::string> r = chorus::text::Romanize(hangul, system);
  Romanized out;
  if (!r.ok()) return out;
  const size_t space = r->find(' ');
  out.family = r->substr(0, space);
  std::string rest = space == std::string::npos ? "" : r->substr(space + 1);
  size_t start = 0;
  while (start < rest.size()) {
    size_t end = rest.find_first_of(" -", start);
    if (end == std::string::npos) end = rest.size();
    if (end > start) out.given.push_back(rest.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string FamilyFirstOrLast(Rng& rng, const std::string& family, const std::string& given,
                              double last_share) {
  if (given.empty()) return family;
  return rng.Chance(last_share) ? given + " " + family : family + " " + given;
}

std::string Render(Rng& rng, const Person& p, int rendering) {
  switch (rendering) {
    case 0: {  // hangul
      const bool north = rng.Chance(0.5);
      return HangulFamily(p, north) + (rng.Chance(0.15) ? " " : "") + HangulGiven(p, north);
    }
    case 1: {  // dprk: North form, syllables spaced
      Romanized r = RomanizeParts(p, true, RomanizationSystem::kDprk);
      std::string name = FamilyFirstOrLast(rng, r.family, Rejoin(rng, r.given), 0.1);
      return rng.Chance(0.5) ? PlainLatin(name) : name;
    }
    case 2: {  // mr
      Romanized r = RomanizeParts(p, rng.Chance(0.5), RomanizationSystem::kMcCuneReischauer);
      std::string name = FamilyFirstOrLast(rng, r.family, Rejoin(rng, r.given), 0.1);
      return rng.Chance(0.5) ? PlainLatin(name) : name;
    }
    case 3: {  // rr: South form
      Romanized r = RomanizeParts(p, false, RomanizationSystem::kRevised);
      return FamilyFirstOrLast(rng, r.family, Rejoin(rng, r.given), 0.15);
    }
    case 4: {  // passport
      std::vector<std::string> syllables;
      for (size_t i = 0; i < p.given.size(); ++i) {
        const GivenSyllable* g = p.given[i];
        syllables.push_back(i > 0 && *g->passport_north != '\0' ? g->passport_north : g->passport);
      }
      std::string name = FamilyFirstOrLast(rng, PickSpelling(rng, p.surname->passport),
                                           Rejoin(rng, syllables), 0.3);
      return rng.Chance(0.2) ? Upper(name) : name;
    }
    case 5: {  // kontsevich
      const std::string hangul =
          HangulFamily(p, rng.Chance(0.5)) + " " + HangulGiven(p, rng.Chance(0.5));
      chorus::Result<std::string> r =
          chorus::text::Romanize(hangul, RomanizationSystem::kKontsevich);
      return r.ok() ? *r : hangul;
    }
    default: {  // press: a capitalised word per syllable
      std::string name = PickSpelling(rng, p.surname->press);
      for (const GivenSyllable* g : p.given) name += std::string(" ") + g->press;
      return name;
    }
  }
}

constexpr const char* kRenderingNames[] = {"hangul",   "dprk",       "mr",   "rr",
                                           "passport", "kontsevich", "press"};
constexpr int kRenderings = 7;

// One typing slip in a letter of the name: a letter dropped, doubled,
// replaced by a letter of the same script, or swapped with its neighbour;
// in Hangul a syllable gets another vowel or loses its final consonant.
std::string Typo(Rng& rng, const std::string& name) {
  std::u32string s = DecodeUtf8(name);
  std::vector<size_t> letters;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != U' ' && s[i] != U'-' && s[i] != U'\'' && s[i] != 0x2019) letters.push_back(i);
  }
  if (letters.size() < 2) return name;
  const size_t i = letters[rng.Below(letters.size())];
  if (IsHangul(s[i])) {
    const uint32_t index = static_cast<uint32_t>(s[i] - 0xAC00);
    const uint32_t initial = index / (21 * 28), vowel = (index / 28) % 21, final = index % 28;
    uint32_t new_vowel = vowel, new_final = final;
    if (final != 0 && rng.Chance(0.3)) {
      new_final = 0;
    } else {
      while (new_vowel == vowel) new_vowel = static_cast<uint32_t>(rng.Below(21));
    }
    s[i] = static_cast<char32_t>(0xAC00 + (initial * 21 + new_vowel) * 28 + new_final);
    return EncodeUtf8(s);
  }
  const bool cyrillic = s[i] >= 0x400 && s[i] <= 0x4FF;
  auto random_letter = [&]() -> char32_t {
    return cyrillic ? static_cast<char32_t>(0x430 + rng.Below(32))
                    : static_cast<char32_t>(U'a' + rng.Below(26));
  };
  switch (rng.Below(4)) {
    case 0:
      s.erase(i, 1);
      break;
    case 1:
      s.insert(i + 1, 1, s[i]);
      break;
    case 2: {
      const char32_t c = random_letter();
      // Keep the case of a capital.
      s[i] = (s[i] >= U'A' && s[i] <= U'Z')     ? c - 32
             : (s[i] >= 0x410 && s[i] <= 0x42F) ? c - 32
                                                : c;
      break;
    }
    default:
      if (i + 1 < s.size() && s[i + 1] != U' ' && s[i + 1] != U'-') std::swap(s[i], s[i + 1]);
      break;
  }
  return EncodeUtf8(s);
}

// Every record has a birth date, as the documenter wrote it down: mostly
// exact, sometimes only partly known (fuzzy), sometimes wrong.
std::string Dob(Rng& rng, const Person& p) {
  char buf[64];  // room for any int, which silences -Wformat-truncation
  const double u = rng.Unit();
  if (u < 0.76) {  // as known; one in ten written day first
    if (rng.Chance(0.1)) {
      std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", p.day, p.month, p.year);
    } else {
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", p.year, p.month, p.day);
    }
  } else if (u < 0.84) {  // fuzzy: the year only
    std::snprintf(buf, sizeof buf, "%04d", p.year);
  } else if (u < 0.88) {  // fuzzy: year and month
    std::snprintf(buf, sizeof buf, "%04d-%02d", p.year, p.month);
  } else if (u < 0.91) {  // fuzzy: "about", EDTF approximate year
    std::snprintf(buf, sizeof buf, "%04d~", p.year);
  } else if (u < 0.93) {  // fuzzy: the decade, EDTF "196X"
    std::snprintf(buf, sizeof buf, "%03dX", p.year / 10);
  } else if (u < 0.96) {  // wrong: day and month swapped, or one digit mistyped
    if (p.day <= 12 && rng.Chance(0.5)) {
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", p.year, p.day, p.month);
    } else {
      const int day = p.day % 10 == 9 ? p.day - 1 : p.day + 1;
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", p.year, p.month, day);
    }
  } else {  // wrong: a year or two off
    const int shift =
        rng.Chance(0.5) ? 1 + static_cast<int>(rng.Below(2)) : -1 - static_cast<int>(rng.Below(2));
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", p.year + shift, p.month, p.day);
  }
  return buf;
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: linkage_generate_korean PEOPLE OUT.csv [SEED]\n");
    return 2;
  }
  const uint64_t people = std::stoull(argv[1]);
  const uint64_t seed = argc > 3 ? std::stoull(argv[3]) : 42;
  if (people == 0) {
    std::fprintf(stderr, "linkage_generate_korean: PEOPLE must be positive\n");
    return 2;
  }
  Rng rng(seed);
  struct Row {
    uint64_t person;
    int rendering;
    std::string name, dob, sex;
  };
  std::vector<Row> rows;
  rows.reserve(people * kRenderings);
  for (uint64_t id = 0; id < people; ++id) {
    Person p;
    p.surname = &Weighted(rng, kSurnameRows, &SurnameRow::per_mille);
    const int syllables = rng.Chance(0.06) ? 1 : 2;
    for (int s = 0; s < syllables; ++s) {
      p.given.push_back(&Weighted(rng, kGivenSyllables, &GivenSyllable::weight));
    }
    p.year = 1935 + static_cast<int>(rng.Below(71));
    p.month = 1 + static_cast<int>(rng.Below(12));
    p.day = 1 + static_cast<int>(rng.Below(28));
    p.sex = rng.Chance(0.5) ? 'm' : 'f';
    for (int r = 0; r < kRenderings; ++r) {
      Row row;
      row.person = id;
      row.rendering = r;
      row.name = Render(rng, p, r);
      if (rng.Chance(0.1)) row.name = Typo(rng, row.name);
      row.dob = Dob(rng, p);
      const double u = rng.Unit();
      row.sex = u < 0.03   ? ""
                : u < 0.04 ? std::string(1, p.sex == 'm' ? 'f' : 'm')
                           : std::string(1, p.sex);
      rows.push_back(std::move(row));
    }
  }
  std::shuffle(rows.begin(), rows.end(), rng.engine());
  std::ofstream out(argv[2], std::ios::binary);
  if (!out) {
    std::fprintf(stderr, "linkage_generate_korean: cannot write %s\n", argv[2]);
    return 1;
  }
  out << "id,person,rendering,name,dob,sex\n";
  char id[32];
  for (size_t i = 0; i < rows.size(); ++i) {
    std::snprintf(id, sizeof id, "r%06zu", i + 1);
    out << id << ",p" << rows[i].person << ',' << kRenderingNames[rows[i].rendering] << ','
        << CsvField(rows[i].name) << ',' << rows[i].dob << ',' << rows[i].sex << '\n';
  }
  return out ? 0 : 1;
}
