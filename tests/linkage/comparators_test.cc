#include "linkage/comparators.h"

#include <gtest/gtest.h>

namespace chorus::linkage {
namespace {

std::u32string U(std::string_view s) { return DecodeUtf8(s); }

TEST(JaroWinkler, KnownValues) {
  // Winkler's classic examples.
  EXPECT_NEAR(Jaro(U("martha"), U("marhta")), 0.9444, 1e-4);
  EXPECT_NEAR(JaroWinkler(U("martha"), U("marhta")), 0.9611, 1e-4);
  EXPECT_NEAR(JaroWinkler(U("dwayne"), U("duane")), 0.84, 1e-4);
  EXPECT_NEAR(JaroWinkler(U("dixon"), U("dicksonx")), 0.8133, 1e-4);
  EXPECT_DOUBLE_EQ(JaroWinkler(U("abc"), U("abc")), 1.0);
  EXPECT_DOUBLE_EQ(JaroWinkler(U("abc"), U("xyz")), 0.0);
  EXPECT_DOUBLE_EQ(JaroWinkler(U(""), U("abc")), 0.0);
}

TEST(JaroWinkler, ComparesCodePointsNotBytes) {
  // One Hangul syllable differs out of three: a byte comparison would see
  // three differing bytes.
  // Jaro: 2 matches of 3 each side, no transposition: (2/3 + 2/3 + 1) / 3.
  EXPECT_NEAR(Jaro(U("김정은"), U("김정운")), 7.0 / 9.0, 1e-9);
}

TEST(EditDistance, LevenshteinAndDamerau) {
  EXPECT_EQ(Levenshtein(U("kitten"), U("sitting")), 3);
  EXPECT_EQ(Levenshtein(U(""), U("abc")), 3);
  EXPECT_EQ(Levenshtein(U("ca"), U("ac")), 2);
  EXPECT_EQ(DamerauLevenshtein(U("ca"), U("ac")), 1);
  EXPECT_EQ(DamerauLevenshtein(U("5304218"), U("5302418")), 1);
  EXPECT_EQ(DamerauLevenshtein(U("kitten"), U("sitting")), 3);
}

TEST(EditDistance, CapStopsEarly) {
  EXPECT_EQ(Levenshtein(U("kitten"), U("sitting"), 1), 2);
  EXPECT_EQ(DamerauLevenshtein(U("abcdef"), U("uvwxyz"), 1), 2);
  EXPECT_EQ(DamerauLevenshtein(U("abc"), U("abcdefgh"), 2), 3);
}

TEST(QGram, Jaccard) {
  EXPECT_DOUBLE_EQ(QGramJaccard(U("abc"), U("abc")), 1.0);
  // " a", "ab", "b " vs " a", "ac", "c ": 1 common of 5.
  EXPECT_DOUBLE_EQ(QGramJaccard(U("ab"), U("ac")), 1.0 / 5.0);
  EXPECT_DOUBLE_EQ(QGramJaccard(U("ab"), U("xy")), 0.0);
}

TEST(TokenSet, OrderFreeAndInitials) {
  EXPECT_DOUBLE_EQ(TokenSetSimilarity(U("kim jong un"), U("un kim jong")), 1.0);
  EXPECT_TRUE(SameTokenSet(U("kim jong un"), U("jong un kim")));
  EXPECT_FALSE(SameTokenSet(U("kim jong un"), U("kim jong")));
  EXPECT_GE(TokenSetSimilarity(U("j smith"), U("smith john")), 0.9);
  EXPECT_LT(TokenSetSimilarity(U("anna lee"), U("boris ivanov")), 0.6);
}

TEST(Fold, LowercasesAndSplitsOnPunctuation) {
  EXPECT_EQ(EncodeUtf8(FoldForLinkage(U("  O'Brien-SMITH  "))), "o brien smith");
  EXPECT_EQ(EncodeUtf8(FoldForLinkage(U("ИВАНОВ"))), "иванов");
  EXPECT_EQ(EncodeUtf8(FoldForLinkage(U("김 정은"))), "김 정은");
}

TEST(Utf8, RoundTripAndInvalidBytes) {
  EXPECT_EQ(EncodeUtf8(DecodeUtf8("Ri Myong-su 리명수 Ли")), "Ri Myong-su 리명수 Ли");
  EXPECT_EQ(DecodeUtf8("a\xFF"), std::u32string(U"a\uFFFD"));
  EXPECT_EQ(DecodeUtf8("\xE2\x82"), std::u32string(U"\uFFFD"));
}

TEST(LinkDate, Formats) {
  auto d = ParseLinkDate("19560409");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->year, 1956);
  EXPECT_EQ(d->month, 4);
  EXPECT_EQ(d->day, 9);
  EXPECT_EQ(d->first_day, d->last_day);
  EXPECT_EQ(ParseLinkDate("1956-04-09")->first_day, d->first_day);
  EXPECT_EQ(ParseLinkDate("09/04/1956")->first_day, d->first_day);
  auto month = ParseLinkDate("1956-04");
  ASSERT_TRUE(month);
  EXPECT_EQ(month->last_day - month->first_day, 29);
  auto year = ParseLinkDate("~1956?");
  ASSERT_TRUE(year);
  EXPECT_EQ(year->last_day - year->first_day, 365);  // 1956 is a leap year
  auto decade = ParseLinkDate("195X");
  ASSERT_TRUE(decade);
  EXPECT_EQ(decade->first_day, DaysFromCivil(1950, 1, 1));
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_FALSE(ParseLinkDate(""));
  EXPECT_FALSE(ParseLinkDate("19561340"));
  EXPECT_FALSE(ParseLinkDate("1956-02-30"));
  EXPECT_FALSE(ParseLinkDate("unknown"));
}

}  // namespace
}  // namespace chorus::linkage

namespace chorus::linkage {
namespace {

TEST(EditDistance, WithinOneEditAgreesWithDamerau) {
  const char* words[] = {"",        "a",      "ab",       "ba",       "abc",      "acb",
                         "abcd",    "abdc",   "xbcd",     "abd",      "5304218",  "5302418",
                         "5304128", "530421", "53042189", "michaela", "michafla", "mihcaela"};
  for (const char* x : words) {
    for (const char* y : words) {
      const std::u32string a = DecodeUtf8(x), b = DecodeUtf8(y);
      EXPECT_EQ(WithinOneEdit(a, b), DamerauLevenshtein(a, b) <= 1) << x << " / " << y;
    }
  }
}

}  // namespace
}  // namespace chorus::linkage
