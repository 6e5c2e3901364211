// Sealing identity fields to a compartment key and opening them with a
// keyring (compartments/seal.h).
#include "compartments/seal.h"

#include <gtest/gtest.h>

#include "formats/record_json.h"

namespace chorus::compartments {
namespace {

struct KeyPair {
  CompartmentKey key;
  crypto::SecretBytes secret;
};

KeyPair NewKey(core::Compartment compartment) {
  crypto::BoxKeyPair pair = crypto::NewBoxKeyPair();
  CompartmentKey key{compartment, KeyIdOf(pair.public_key), pair.public_key, Timestamp{}};
  return KeyPair{key, std::move(pair.secret_key)};
}

Keyring RingOf(const KeyPair& pair) {
  Keyring ring;
  ring.Add(pair.key, pair.secret.Clone());
  return ring;
}

core::Source SourceWithIdentity() {
  core::Source s;
  s.id = "src-a";
  s.pseudonym = "local source A";
  s.identity = core::SourceIdentity{"Zzyzx Secretname", "+7 000", "met in 2016"};
  return s;
}

core::Person PersonAtRisk() {
  core::Person p;
  p.id = "per-w";
  p.pseudonym = "worker W";
  p.at_risk = true;
  p.names = {core::Name{"Quasar Atriskname", "ko-Latn", {}}};
  p.birth_dates = {core::DateClaim{"", *core::FuzzyDate::Parse("1990-03")}};
  return p;
}

TEST(SealTest, SourceIdentitySealsToTheKeyAndOpensOnlyWithIt) {
  KeyPair sources = NewKey(core::Compartment::kSources);
  core::Record record = SourceWithIdentity();
  ASSERT_TRUE(HasOpenSealable(record));
  ASSERT_TRUE(SealRecord(record, sources.key).ok());
  const auto& sealed = std::get<core::Source>(record);
  EXPECT_FALSE(sealed.identity);
  ASSERT_TRUE(sealed.sealed);
  EXPECT_EQ(sealed.sealed->key_id, sources.key.id);
  EXPECT_FALSE(HasOpenSealable(record));
  // Nothing of the identity is in what is stored.
  std::string stored = formats::EncodeRecord(record);
  EXPECT_EQ(stored.find("Secretname"), std::string::npos);
  EXPECT_EQ(stored.find("+7 000"), std::string::npos);
  // The stored form round-trips through the codec.
  auto decoded = formats::DecodeRecord(stored);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, record);

  // Another key of the same compartment does not open it: the record stays.
  core::Record copy = record;
  auto other = OpenRecord(copy, RingOf(NewKey(core::Compartment::kSources)));
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(*other);
  EXPECT_EQ(copy, record);

  auto opened = OpenRecord(record, RingOf(sources));
  ASSERT_TRUE(opened.ok());
  EXPECT_TRUE(*opened);
  EXPECT_EQ(record, core::Record(SourceWithIdentity()));
}

TEST(SealTest, PersonAtRiskNamesAndBirthDatesSealTogether) {
  KeyPair people = NewKey(core::Compartment::kPeopleAtRisk);
  core::Record record = PersonAtRisk();
  ASSERT_TRUE(SealRecord(record, people.key).ok());
  const auto& sealed = std::get<core::Person>(record);
  EXPECT_TRUE(sealed.names.empty());
  EXPECT_TRUE(sealed.birth_dates.empty());
  EXPECT_EQ(sealed.pseudonym, "worker W");
  EXPECT_TRUE(core::ValidateRecord(record).ok());
  EXPECT_EQ(core::DisplayLabel(record), "worker W");
  ASSERT_TRUE(*OpenRecord(record, RingOf(people)));
  EXPECT_EQ(record, core::Record(PersonAtRisk()));

  // A person not at risk has nothing to seal.
  core::Person free = PersonAtRisk();
  free.at_risk = false;
  core::Record plain = free;
  EXPECT_FALSE(HasOpenSealable(plain));
  ASSERT_TRUE(SealRecord(plain, people.key).ok());
  EXPECT_EQ(std::get<core::Person>(plain).names.size(), 1u);
}

TEST(SealTest, AKeyOfAnotherCompartmentIsRefused) {
  core::Record record = SourceWithIdentity();
  Status s = SealRecord(record, NewKey(core::Compartment::kPeopleAtRisk).key);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(std::get<core::Source>(record).identity);
}

TEST(SealTest, ABoxMovedToAnotherRecordOrAlteredDoesNotOpen) {
  KeyPair sources = NewKey(core::Compartment::kSources);
  core::Record record = SourceWithIdentity();
  ASSERT_TRUE(SealRecord(record, sources.key).ok());
  core::Source moved = std::get<core::Source>(record);
  moved.id = "src-b";
  core::Record moved_record = moved;
  auto opened = OpenRecord(moved_record, RingOf(sources));
  EXPECT_EQ(opened.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(opened.status().message().find("Secretname"), std::string::npos);

  core::Source altered = std::get<core::Source>(record);
  std::string box = *crypto::Base64Decode(altered.sealed->box);
  box[box.size() / 2] ^= 1;
  altered.sealed->box = crypto::Base64Encode(box);
  core::Record altered_record = altered;
  EXPECT_EQ(OpenRecord(altered_record, RingOf(sources)).status().code(), StatusCode::kDataLoss);
}

TEST(SealTest, ValuesBoundToAnOwner) {
  KeyPair requesters = NewKey(core::Compartment::kRequesters);
  core::SealedPart part = SealValue(requesters.key, "case-1", "Quokka, dormitory 7");
  auto opened = OpenValue(part, "case-1", RingOf(requesters));
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->value_or(""), "Quokka, dormitory 7");
  EXPECT_EQ(OpenValue(part, "case-2", RingOf(requesters)).status().code(), StatusCode::kDataLoss);
  auto lacking = OpenValue(part, "case-1", Keyring());
  ASSERT_TRUE(lacking.ok());
  EXPECT_FALSE(*lacking);
}

TEST(SealTest, CompartmentStateRoundTripsAndRefusesAForgedKeyId) {
  KeyPair a = NewKey(core::Compartment::kSources);
  KeyPair b = NewKey(core::Compartment::kSources);
  CompartmentState state{core::Compartment::kSources, {a.key, b.key}};
  auto decoded = DecodeState(core::Compartment::kSources, EncodeState(state));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  ASSERT_EQ(decoded->keys.size(), 2u);
  EXPECT_EQ(decoded->Current()->id, b.key.id);
  EXPECT_EQ(decoded->Find(a.key.id)->public_key, a.key.public_key);
  // Lost keys are still found (what they sealed may be imported back).
  state.lost = {NewKey(core::Compartment::kSources).key};
  auto with_lost = DecodeState(core::Compartment::kSources, EncodeState(state));
  ASSERT_TRUE(with_lost.ok());
  EXPECT_NE(with_lost->Find(state.lost[0].id), nullptr);
  EXPECT_EQ(with_lost->Current()->id, b.key.id);
  state.lost.clear();
  // Read as another compartment's state: refused.
  EXPECT_EQ(DecodeState(core::Compartment::kRequesters, EncodeState(state)).status().code(),
            StatusCode::kDataLoss);
  // A key id that does not name its public key: refused.
  state.keys[0].id = b.key.id;
  EXPECT_EQ(DecodeState(core::Compartment::kSources, EncodeState(state)).status().code(),
            StatusCode::kDataLoss);
}

}  // namespace
}  // namespace chorus::compartments
