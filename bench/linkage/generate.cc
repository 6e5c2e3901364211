// linkage_generate: synthetic person records with known duplicates.
//   linkage_generate persons N OUT.csv [SEED]
// N records of about N/2 people: every person has 1 + a geometric number of
// copies; copies carry typos, missing fields, swapped day/month and shifted
// birth years. Columns: id, entity (ground truth), given_name, surname,
// dob, sex, city, postcode. Names are built from syllables so that a million
// people share names the way real populations do (Zipf-like frequencies).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

const char* const kOnsets[] = {"b", "br", "c", "ch", "d", "dr", "f",  "g",  "gr", "h",
                               "j", "k",  "l", "m",  "n", "p",  "r",  "s",  "sh", "st",
                               "t", "th", "v", "w",  "z", "al", "el", "an", "ol", "em"};
const char* const kVowels[] = {"a", "e", "i", "o", "u", "ai", "ea", "ie", "ou", "y"};
const char* const kCodas[] = {"", "n", "r", "l", "s", "th", "m", "ck", "nd", "rt", "x", "ss"};
const char* const kEndings[] = {"", "", "a", "o", "ie", "son", "ley", "ton", "man", "er"};
const char* const kCities[] = {
    "springfield", "riverton",   "lakeside",   "fairview",   "greenville", "kingston", "bristol",
    "clinton",     "georgetown", "salem",      "madison",    "franklin",   "ashland",  "milton",
    "newport",     "oxford",     "burlington", "manchester", "dover",      "hudson"};

struct Person {
  std::string given, surname, dob, sex, city, postcode;
};

class Gen {
 public:
  explicit Gen(uint64_t seed) : rng_(seed) {}
  uint64_t Below(uint64_t n) { return std::uniform_int_distribution<uint64_t>(0, n - 1)(rng_); }
  double Unit() { return std::uniform_real_distribution<double>(0, 1)(rng_); }
  // Zipf-like index in [0, n): density about 1/(k + 50), so the commonest
  // value is held by a fraction of a percent, as the commonest surnames are.
  uint64_t Zipf(uint64_t n) {
    constexpr double kOffset = 50;
    const double u = Unit();
    const double x = std::pow(static_cast<double>(n) + kOffset, u) * std::pow(kOffset, 1 - u);
    return std::min<uint64_t>(n - 1, static_cast<uint64_t>(x - kOffset));
  }
  template <size_t N>
  const char* Pick(const char* const (&a)[N]) {
    return a[Below(N)];
  }
  std::string NameFromIndex(uint64_t index, uint64_t salt) {
    std::mt19937_64 r(index * 0x9E3779B97F4A7C15ull + salt);
    auto pick = [&r](auto& a) { return a[r() % (sizeof(a) / sizeof(a[0]))]; };
    std::string s = pick(kOnsets);
    s += pick(kVowels);
    s += pick(kCodas);
    if (r() % 2) {
      s += pick(kOnsets);
      s += pick(kVowels);
    }
    s += pick(kEndings);
    return s;
  }
  std::string Typo(std::string s) {
    if (s.size() < 2) return s;
    const size_t i = Below(s.size());
    switch (Below(4)) {
      case 0:
        s.erase(i, 1);
        break;
      case 1:
        s.insert(i, 1, static_cast<char>('a' + Below(26)));
        break;
      case 2:
        s[i] = static_cast<char>('a' + Below(26));
        break;
      default:
        if (i + 1 < s.size()) std::swap(s[i], s[i + 1]);
    }
    return s;
  }
  std::mt19937_64 rng_;
};

}  // namespace

#include <cmath>

int main(int argc, char** argv) {
  if (argc < 4 || std::string(argv[1]) != "persons") {
    std::fprintf(stderr, "usage: linkage_generate persons N OUT.csv [SEED]\n");
    return 2;
  }
  const uint64_t n = std::stoull(argv[2]);
  const uint64_t seed = argc > 4 ? std::stoull(argv[4]) : 42;
  Gen g(seed);
  std::ofstream out(argv[3], std::ios::binary);
  if (!out) {
    std::fprintf(stderr, "linkage_generate: cannot write %s\n", argv[3]);
    return 1;
  }
  out << "id,entity,given_name,surname,dob,sex,city,postcode\n";
  uint64_t written = 0, entity = 0;
  const uint64_t given_vocab = 20000, surname_vocab = std::max<uint64_t>(1000, n / 4);
  while (written < n) {
    Person p;
    p.sex = g.Below(2) ? "m" : "f";
    p.given = g.NameFromIndex(g.Zipf(given_vocab), p.sex == "m" ? 1 : 2);
    p.surname = g.NameFromIndex(g.Zipf(surname_vocab), 3);
    const int year = 1930 + static_cast<int>(g.Below(80));
    const int month = 1 + static_cast<int>(g.Below(12));
    const int day = 1 + static_cast<int>(g.Below(28));
    char dob[16];
    std::snprintf(dob, sizeof dob, "%04d-%02d-%02d", year, month, day);
    p.dob = dob;
    const uint64_t city = g.Zipf(std::size(kCities));
    p.city = kCities[city];
    p.postcode = std::to_string(10000 + city * 200 + g.Below(200));
    // 1 + geometric(0.5) copies, capped at 6.
    uint64_t copies = 1;
    while (copies < 6 && g.Unit() < 0.5) ++copies;
    for (uint64_t c = 0; c < copies && written < n; ++c) {
      Person q = p;
      if (c > 0) {
        if (g.Unit() < 0.3) q.given = g.Typo(q.given);
        if (g.Unit() < 0.3) q.surname = g.Typo(q.surname);
        if (g.Unit() < 0.1) q.given = q.given.substr(0, 1);
        if (g.Unit() < 0.1) q.given.clear();
        if (g.Unit() < 0.15) {
          std::snprintf(dob, sizeof dob, "%04d-%02d-%02d", year, day <= 12 ? day : month,
                        day <= 12 ? month : day);
          q.dob = dob;
        }
        if (g.Unit() < 0.1) {
          std::snprintf(dob, sizeof dob, "%04d-%02d-%02d", year + (g.Below(2) ? 1 : -1), month,
                        day);
          q.dob = dob;
        }
        if (g.Unit() < 0.1) q.dob = q.dob.substr(0, 4);
        if (g.Unit() < 0.1) q.dob.clear();
        if (g.Unit() < 0.2) q.city = g.Typo(q.city);
        if (g.Unit() < 0.2) q.postcode = g.Typo(q.postcode);
        if (g.Unit() < 0.1) q.sex.clear();
      }
      out << "p" << written << ",e" << entity << ',' << q.given << ',' << q.surname << ',' << q.dob
          << ',' << q.sex << ',' << q.city << ',' << q.postcode << '\n';
      ++written;
    }
    ++entity;
  }
  return out ? 0 : 1;
}
