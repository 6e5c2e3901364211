// Names across scripts: romanized names per system, the North/South initial
// sound rule, the surname table, Cyrillic press spellings, the comparator and
// Jaro-Winkler.
#include "text/names.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

namespace chorus::text {
namespace {

std::string R(std::string_view name, RomanizationSystem s) {
  Result<std::string> r = Romanize(name, s);
  return r.ok() ? *r : "<" + r.status().ToString() + ">";
}

TEST(Romanize, NamesPerSystem) {
  using S = RomanizationSystem;
  EXPECT_EQ(R("리명수", S::kDprk), "Ri Myŏng Su");
  EXPECT_EQ(R("리명수", S::kMcCuneReischauer), "Ri Myŏng-su");
  EXPECT_EQ(R("이명수", S::kMcCuneReischauer), "Yi Myŏng-su");
  EXPECT_EQ(R("이명수", S::kAlaLc), "Yi Myŏng-su");
  EXPECT_EQ(R("이명수", S::kRevised), "I Myeong-su");
  EXPECT_EQ(R("리명수", S::kBgnDprk), "Ri Myŏng-su");
  EXPECT_EQ(R("이명수", S::kIcs), "Yi Myo’ng-su");
  EXPECT_EQ(R("리명수", S::kKontsevich), "Ли Мёнсу");
  EXPECT_EQ(R("김정은", S::kDprk), "Kim Jŏng Ün");
  EXPECT_EQ(R("김정은", S::kMcCuneReischauer), "Kim Chŏng-ŭn");
  EXPECT_EQ(R("김정은", S::kRevised), "Gim Jeong-eun");
  EXPECT_EQ(R("김정은", S::kKontsevich), "Ким Чонъын");
  EXPECT_EQ(R("김대중", S::kMcCuneReischauer), "Kim Tae-jung");  // voiced across the hyphen
  EXPECT_EQ(R("김일성", S::kMcCuneReischauer), "Kim Il-sŏng");
  EXPECT_EQ(R("김일성", S::kKontsevich), "Ким Ильсон");
  EXPECT_EQ(R("최룡해", S::kDprk), "Choe Ryong Hae");
  EXPECT_EQ(R("박봉주", S::kMcCuneReischauer), "Pak Pong-ju");
  EXPECT_EQ(R("남궁민", S::kRevised), "Namgung Min");  // compound surname
  EXPECT_EQ(R("선우학원", S::kIcs), "So’nu Hak-wo’n");
}

TEST(RomanizeText, KontsevichRules) {
  auto t = [](const char* s) {
    auto r = RomanizeText(s, RomanizationSystem::kKontsevich);
    return r.ok() ? *r : std::string("<error>");
  };
  EXPECT_EQ(t("신라"), "Силла");    // ㄴ+ㄹ -> лл
  EXPECT_EQ(t("평양"), "Пхёнъян");  // ㅇ before a vowel -> нъ
  EXPECT_EQ(t("서울"), "Соуль");    // final ㄹ -> ль
  EXPECT_EQ(t("한국"), "Хангук");   // voiced medial ㄱ
}

TEST(Romanize, RejectsNonHangul) {
  EXPECT_FALSE(Romanize("Kim Jong Un", RomanizationSystem::kDprk).ok());
  EXPECT_FALSE(Romanize("", RomanizationSystem::kDprk).ok());
  EXPECT_FALSE(Romanize("Ким", RomanizationSystem::kRevised).ok());
}

TEST(Romanize, ParseSystemNames) {
  for (auto name : {"dprk", "mr", "alalc", "rr", "bgn-dprk", "ics", "kontsevich"}) {
    auto s = ParseRomanizationSystem(name);
    ASSERT_TRUE(s.has_value()) << name;
    EXPECT_EQ(RomanizationSystemName(*s), name);
  }
  EXPECT_FALSE(ParseRomanizationSystem("yale").has_value());
  EXPECT_FALSE(ParseRomanizationSystem("MR").has_value());
}

// The example: one man, four spellings.
TEST(NameKey, SameManInFourScripts) {
  const std::string k = NameKey("리명수");
  EXPECT_FALSE(k.empty());
  EXPECT_EQ(NameKey("Ri Myong Su"), k);
  EXPECT_EQ(NameKey("Lee Myung-soo"), k);
  EXPECT_EQ(NameKey("Ли Мён Су"), k);
  EXPECT_EQ(NameKey("이명수"), k);
  EXPECT_EQ(NameKey("Ri Myŏng-su"), k);
  EXPECT_EQ(NameKey("I Myeong-su"), k);
  EXPECT_EQ(NameKey("Rhee Myungsoo"), k);
}

TEST(NameKey, OrderAndSeparatorsDoNotMatter) {
  const std::string k = NameKey("Lee Myung-soo");
  EXPECT_EQ(NameKey("Myung-soo Lee"), k);
  EXPECT_EQ(NameKey("Myungsoo Lee"), k);
  EXPECT_EQ(NameKey("Lee Myung Soo"), k);
  EXPECT_EQ(NameKey("LEE, Myung Soo"), k);
  EXPECT_EQ(NameKey("리 명수"), k);
  EXPECT_EQ(NameKey("Myong Su Ri"), k);
}

TEST(NameKey, NorthSouthInitialSoundRule) {
  // North Korean spelling keeps initial ㄹ/ㄴ; South Korean drops or changes it.
  const std::vector<std::pair<const char*, const char*>> pairs = {
      {"리명수", "이명수"}, {"류성룡", "유성룡"}, {"림철", "임철"},
      {"로철민", "노철민"}, {"량만길", "양만길"}, {"김녀순", "김여순"},
  };
  for (const auto& [north, south] : pairs) {
    EXPECT_EQ(NameKey(north), NameKey(south)) << north << " / " << south;
  }
  // ... and the romanized forms of both spellings meet too.
  EXPECT_EQ(NameKey("Ryu Song Ryong"), NameKey("Yoo Sung-ryong"));
  EXPECT_EQ(NameKey("Rim Chol"), NameKey("Lim Cheol"));
  EXPECT_EQ(NameKey("Ro Chol Min"), NameKey("Roh Cheol-min"));
  EXPECT_EQ(NameKey("Ro Chol Min"), NameKey("No Chŏl-min"));
  // A ㄹ inside a given name is not dropped: 나리 is not 나이.
  EXPECT_NE(NameKey("김나리"), NameKey("김나이"));
}

TEST(NameKey, SurnameTable) {
  const std::vector<std::vector<const char*>> groups = {
      {"Lee Su", "Yi Su", "Rhee Su", "Ri Su", "I Su", "이수", "리수", "Ли Су"},
      {"Park Su", "Pak Su", "Bak Su", "박수", "Пак Су"},
      {"Kim Su", "Gim Su", "김수", "Ким Су"},
      {"Choi Su", "Choe Su", "최수", "Цой Су", "Чхве Су"},
      {"Jung Su", "Jong Su", "Chung Su", "Jeong Su", "정수", "Тен Су"},
      {"Lim Su", "Rim Su", "Im Su", "임수", "림수"},
      {"Roh Su", "Ro Su", "No Su", "노수", "로수"},
      {"Ryu Su", "Yu Su", "Yoo Su", "유수", "류수"},
      {"Jang Su", "Chang Su", "장수", "Тян Су"},
  };
  for (const auto& group : groups) {
    const std::string k = NameKey(group[0]);
    for (const char* name : group) EXPECT_EQ(NameKey(name), k) << name << " vs " << group[0];
  }
  EXPECT_NE(NameKey("Kim Su"), NameKey("Park Su"));
  EXPECT_NE(NameKey("Lee Su"), NameKey("Ryu Su"));
}

TEST(NameKey, CyrillicPressSpellings) {
  const std::string k = NameKey("김정은");
  EXPECT_EQ(NameKey("Ким Чен Ын"), k);
  EXPECT_EQ(NameKey("Kim Jong Un"), k);
  EXPECT_EQ(NameKey("Kim Jong-un"), k);
  EXPECT_EQ(NameKey("Kim Chŏng-ŭn"), k);
  EXPECT_EQ(NameKey("Kim Jeong-eun"), k);
  EXPECT_EQ(NameKey("Ким Чонъын"), k);  // Kontsevich
  EXPECT_EQ(NameKey("Ким Ир Сен"), NameKey("김일성"));
  EXPECT_EQ(NameKey("Kim Il Sung"), NameKey("김일성"));
  EXPECT_EQ(NameKey("Цой Рён Хэ"), NameKey("최룡해"));
}

TEST(NameKey, SameResultsFromManyThreads) {
  const std::vector<std::string> names = {"리명수",      "Lee Myung-soo", "Ли Мён Су",
                                          "Ri Myŏng-su", "Kim Jong Un",   "Цой Рён Хэ"};
  std::vector<std::string> expected;
  for (const auto& n : names) expected.push_back(NameKey(n));
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < mismatches.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 500; ++round) {
        for (size_t i = 0; i < names.size(); ++i) {
          if (NameKey(names[i]) != expected[i]) ++mismatches[t];
          if (!CompareNames(names[i], names[(i + 1) % 3]).same && i < 3) ++mismatches[t];
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

TEST(NameKey, ClustersSaidAlikeFoldTogether) {
  // ㄱ+ㅎ: Latin reads "kh" as one letter, Hangul as two.
  EXPECT_EQ(NameKey("송식화"), NameKey("Song Sikhwa"));
  EXPECT_EQ(NameKey("송식화"), NameKey("Сон Сикхва"));
  // "Wongyu": "ng" swallows the g of "gyu".
  EXPECT_EQ(NameKey("윤원규"), NameKey("Yun Wongyu"));
  // ㄹ after ㄱ/ㅇ is said ㄴ; ㄴ+ㄹ is said ㄹㄹ.
  EXPECT_EQ(NameKey("조덕락"), NameKey("Cho Tŏngnak"));
  EXPECT_EQ(NameKey("노진렬"), NameKey("Но Чиллёль"));
  EXPECT_EQ(NameKey("노진렬"), NameKey("No Jin-ryeol"));
  // 례 written Ре in Cyrillic, 예 in the South.
  EXPECT_EQ(NameKey("리례철"), NameKey("Ли Речхоль"));
  EXPECT_EQ(NameKey("리례철"), NameKey("Yi Ye-chul"));
  // Passport "woo" is 우.
  EXPECT_EQ(NameKey("박동우"), NameKey("Park Dong-woo"));
  // Still apart: different given names.
  EXPECT_NE(NameKey("송식화"), NameKey("송시화"));
  EXPECT_NE(NameKey("조덕락"), NameKey("조덕수"));
}

TEST(NameKeyReadings, BothEndsForAnAmbiguousLatinName) {
  // Neither word is a known surname: family first, then family last.
  const std::vector<std::string> two = NameKeyReadings("Kmi Myong-su");
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0], NameKey("Kmi Myong-su"));
  EXPECT_NE(two[0], two[1]);
  // Hangul is always family first: one reading.
  EXPECT_EQ(NameKeyReadings("리명수").size(), 1u);
  EXPECT_TRUE(NameKeyReadings("12 34").empty());
}

TEST(NameKey, EmptyForNoLetters) {
  EXPECT_EQ(NameKey(""), "");
  EXPECT_EQ(NameKey(" ,- "), "");
}

TEST(CompareNames, SameManAcrossScripts) {
  const std::vector<const char*> names = {"리명수", "Ri Myong Su", "Lee Myung-soo", "Ли Мён Су"};
  for (const char* a : names) {
    for (const char* b : names) {
      const NameComparison c = CompareNames(a, b);
      EXPECT_TRUE(c.same) << a << " vs " << b << ": " << c.reason;
      EXPECT_GE(c.score, 0.9) << a << " vs " << b;
      EXPECT_LE(c.score, 1.0);
    }
  }
  EXPECT_DOUBLE_EQ(CompareNames("Kim Jong Un", "Kim Jong Un").score, 1.0);
}

TEST(CompareNames, NearMissesAreNotTheSame) {
  const std::vector<std::pair<const char*, const char*>> pairs = {
      {"Kim Myong Su", "Kim Myong Chol"}, {"김명수", "김명철"},
      {"Kim Jong Un", "Kim Jong Il"},     {"Ri Myong Su", "Pak Myong Su"},
      {"Lee Myung-soo", "Lee Myung-ho"},  {"Kim Song Hui", "Kim Song Hye"},
      {"Kim Hye Jin", "Kim Hae Jin"},     {"Ким Чен Ын", "Ким Чен Ир"},
  };
  for (const auto& [a, b] : pairs) {
    const NameComparison c = CompareNames(a, b);
    EXPECT_FALSE(c.same) << a << " vs " << b << " score " << c.score;
    EXPECT_LT(c.score, 0.9) << a << " vs " << b;
    EXPECT_FALSE(c.reason.empty());
  }
  const NameComparison c = CompareNames("Kim Myong Su", "Kim Myong Chol");
  EXPECT_EQ(c.reason, "same family name, given names differ");
  EXPECT_GT(c.score, CompareNames("Kim Myong Su", "Pak Chol Ho").score);
}

TEST(CompareNames, OrderReversed) {
  const NameComparison c = CompareNames("Kim Jong Un", "Jong-un Kim");
  EXPECT_TRUE(c.same) << c.reason;
}

TEST(NameVariants, HangulNameListsSystemsAndPassportSpellings) {
  const std::vector<std::string> v = NameVariants("리명수");
  ASSERT_FALSE(v.empty());
  EXPECT_EQ(v[0], "리명수");
  auto has = [&v](const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); };
  EXPECT_TRUE(has("이명수"));
  EXPECT_TRUE(has("Ri Myŏng Su"));
  EXPECT_TRUE(has("Ли Мёнсу"));
  EXPECT_TRUE(has("Lee Myong-su"));
  EXPECT_TRUE(has("Rhee Myeongsu"));
  EXPECT_TRUE(has("Myong Su Ri"));
  std::vector<std::string> sorted = v;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end()) << "duplicates";
  // Every variant keys like the original.
  for (const std::string& s : v) EXPECT_EQ(NameKey(s), NameKey("리명수")) << s;
}

TEST(NameVariants, CyrillicPressFormsForHangul) {
  const std::vector<std::string> v = NameVariants("김정은");
  auto has = [&v](const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); };
  EXPECT_TRUE(has("Ким Чен Ын"));
  EXPECT_TRUE(has("Ким Чонъын"));
  EXPECT_TRUE(has("Kim Jong Un"));
  EXPECT_TRUE(has("Jong-un Kim"));
}

TEST(NameVariants, CyrillicNameKeepsCase) {
  const std::vector<std::string> v = NameVariants("Ли Мён Су");
  auto has = [&v](const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); };
  EXPECT_TRUE(has("Ри Мён Су"));
  EXPECT_TRUE(has("Ли Мён-Су"));
  EXPECT_TRUE(has("이"));
  EXPECT_TRUE(has("리"));
}

TEST(NameVariants, LatinNameListsSurnameSpellings) {
  const std::vector<std::string> v = NameVariants("Park Ji-sung");
  auto has = [&v](const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); };
  EXPECT_EQ(v[0], "Park Ji-sung");
  EXPECT_TRUE(has("Pak Ji-sung"));
  EXPECT_TRUE(has("Bak Ji-sung"));
  EXPECT_TRUE(has("Ji-sung Park"));
  EXPECT_TRUE(has("박"));
}

TEST(JaroWinkler, KnownValues) {
  // Classic values from Winkler (1990) and the usual references.
  EXPECT_NEAR(JaroWinkler("MARTHA", "MARHTA"), 0.9611, 1e-4);
  EXPECT_NEAR(JaroWinkler("DWAYNE", "DUANE"), 0.84, 1e-4);
  EXPECT_NEAR(JaroWinkler("DIXON", "DICKSONX"), 0.8133, 1e-4);
  EXPECT_DOUBLE_EQ(JaroWinkler("", ""), 1.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("abc", ""), 0.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("abc", "xyz"), 0.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("김정은", "김정은"), 1.0);
  // By code point, not by byte: one Hangul syllable differs out of three.
  EXPECT_NEAR(JaroWinkler("김정은", "김정일"), 0.8222, 1e-4);
}

TEST(FoldForSearch, CaseAccentsBreves) {
  EXPECT_EQ(FoldForSearch("Chŏng-ŭn"), "chong-un");
  EXPECT_EQ(FoldForSearch("Kǒ Ü É"), "ko u e");
  EXPECT_EQ(FoldForSearch("ＫＩＭ"), "kim");       // NFKC: fullwidth
  EXPECT_EQ(FoldForSearch("김정은"), "김정은");    // Hangul kept whole
  EXPECT_EQ(FoldForSearch("Ким Чён"), "ким чён");  // Cyrillic ё kept
  EXPECT_EQ(FoldForSearch("Straße"), "strasse");
  EXPECT_EQ(FoldForSearch("ABC"), "abc");
}

}  // namespace
}  // namespace chorus::text
