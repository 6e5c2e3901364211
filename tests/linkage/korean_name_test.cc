// The korean_name field kind: one phonetic key for a name in any script,
// comparison levels on it, and blocking on its family and given parts.
#include <gtest/gtest.h>

#include "linkage/blocking.h"
#include "linkage/comparison.h"
#include "linkage/config.h"
#include "one_field_records.h"

namespace chorus::linkage {
namespace {

RecordSet Names(const std::vector<std::string>& names) {
  return OneFieldRecords("name", FieldKind::kKoreanName, names);
}

TEST(KoreanNameField, ConfigKindAndAlias) {
  auto config = ParseCsvLinkConfig(R"({"id_column": "id",
      "fields": [{"name": "name", "kind": "korean_name"},
                 {"name": "other", "kind": "name_any_script"}],
      "blocking": [[{"field": "name", "transform": "last_token"}]],
      "attach": {"min_links": 2, "min_probability": 0.3}})");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->spec.fields[0].kind, FieldKind::kKoreanName);
  EXPECT_EQ(config->spec.fields[1].kind, FieldKind::kKoreanName);
  EXPECT_TRUE(config->spec.fields[0].tf_adjust);
  EXPECT_EQ(FieldKindName(FieldKind::kKoreanName), "korean_name");
  EXPECT_EQ(config->spec.attach_min_links, 2);
  EXPECT_DOUBLE_EQ(config->spec.attach_min_probability, 0.3);
  auto bad =
      ParseCsvLinkConfig(R"({"id_column": "id", "fields": [{"name": "n", "kind": "korean_name"}],
      "blocking": ["n"], "attach": {"min_probability": 0.3}})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().ToString().find("attach.min_links"), std::string::npos);
}

TEST(KoreanNameField, LevelsAcrossScripts) {
  const RecordSet r = Names({"리명수", "Lee Myung-soo", "Ли Мён Су", "Myongsu Ri", "Lee Myung-sop",
                             "Kim Chol", "", "Kmi Myong-su", "Myong-su Kim"});
  const std::vector<std::string> labels = LevelLabels(r.fields()[0]);
  ASSERT_EQ(labels.size(), 8u);
  EXPECT_EQ(CompareField(r, 0, 0, 1), 1);  // Hangul ~ passport
  EXPECT_EQ(CompareField(r, 0, 0, 2), 1);  // Hangul ~ Russian press
  EXPECT_EQ(CompareField(r, 0, 0, 3), 1);  // family name last
  EXPECT_EQ(CompareField(r, 0, 1, 4), 3);  // a typo in the given name
  EXPECT_EQ(CompareField(r, 0, 0, 5), 8);  // another man
  EXPECT_EQ(CompareField(r, 0, 0, 6), kMissingLevel);
  // "Kmi" is no known surname, so its first reading takes it as the family
  // name; the family-last reading is the one that meets "Myong-su Kim"
  // only after the typo, hence the one-letter level.
  EXPECT_EQ(CompareField(r, 0, 7, 8), 3);
  // The value shown in explanations is the key.
  EXPECT_EQ(EncodeUtf8(r.value(0, 0)), EncodeUtf8(r.value(0, 1)));
}

TEST(KoreanNameField, TypoLevelsBeyondOneLetter) {
  // A Hangul typo in the family syllable changes its vowel, which the key
  // spells with more than one letter (장 'can', 줭 'cwon'): the given part
  // is all that is left equal. A Cyrillic typo in the family name (Ком for
  // Ким) makes the reader take the given name's last word for the family:
  // joined in the other order the keys are one edit apart.
  const RecordSet r = Names({"장민례", "줭민례", "김남진", "Ком Нам Чин", "Пак Мин Ре"});
  EXPECT_EQ(CompareField(r, 0, 0, 1), 4);  // given part same
  EXPECT_EQ(CompareField(r, 0, 2, 3), 5);  // two edits, either order
  EXPECT_EQ(CompareField(r, 0, 3, 2), 5);  // and the other way round
  EXPECT_GE(CompareField(r, 0, 2, 4), 6);  // another woman: nothing close
  EXPECT_EQ(LevelLabels(r.fields()[0])[3], "given part same");
}

TEST(KoreanNameField, KeyIsTheShownValue) {
  const RecordSet r = Names({"리명수", "Lee Myung-soo"});
  EXPECT_EQ(EncodeUtf8(r.value(0, 0)), EncodeUtf8(r.value(0, 1)));
}

TEST(KoreanNameField, BlockingOnFamilyAndGivenKeys) {
  const RecordSet r = Names({"리명수", "Myung-soo Lee", "Ким Мён Су"});
  BlockingRule given_rule;
  given_rule.parts.push_back({0, KeyTransform::kLastToken, 0});
  BlockingRule family_rule;
  family_rule.parts.push_back({0, KeyTransform::kFirstToken, 0});
  EXPECT_EQ(BlockingKey(r, given_rule, 0), BlockingKey(r, given_rule, 1));
  EXPECT_EQ(BlockingKey(r, given_rule, 0), BlockingKey(r, given_rule, 2));
  EXPECT_EQ(BlockingKey(r, family_rule, 0), BlockingKey(r, family_rule, 1));
  EXPECT_NE(BlockingKey(r, family_rule, 0), BlockingKey(r, family_rule, 2));
}

}  // namespace
}  // namespace chorus::linkage
