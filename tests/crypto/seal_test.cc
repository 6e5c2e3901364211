#include <gtest/gtest.h>

#include <set>
#include <string>

#include "crypto/crypto.h"

namespace chorus::crypto {
namespace {

void ExpectDataLoss(const Result<std::string>& r) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(r.status().message(), "ciphertext failed authentication");
}

TEST(Seal, RoundTrip) {
  const SecretBytes key = RandomKey();
  const std::string plaintext = "김정은 worked at site 12\0with a NUL";
  const std::string sealed = Seal(key, plaintext, "person/name/p-1");
  EXPECT_EQ(sealed.size(), plaintext.size() + kSealOverheadBytes);
  EXPECT_EQ(sealed.find(plaintext), std::string::npos);
  Result<std::string> opened = Open(key, sealed, "person/name/p-1");
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, plaintext);
}

TEST(Seal, EmptyPlaintextAndEmptyAssociatedData) {
  const SecretBytes key = RandomKey();
  const std::string sealed = Seal(key, "", "");
  EXPECT_EQ(sealed.size(), kSealOverheadBytes);
  Result<std::string> opened = Open(key, sealed, "");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, "");
  ExpectDataLoss(Open(key, sealed, "x"));
}

TEST(Seal, FreshNonceEachTime) {
  const SecretBytes key = RandomKey();
  const std::string a = Seal(key, "same", "ad");
  const std::string b = Seal(key, "same", "ad");
  EXPECT_NE(a, b);
  EXPECT_NE(a.substr(0, kNonceBytes), b.substr(0, kNonceBytes));
}

TEST(Seal, EveryFlippedByteFailsWithDataLoss) {
  const SecretBytes key = RandomKey();
  const std::string sealed = Seal(key, "a sealed field", "ad");
  // Covers the nonce [0, 24), the ciphertext and the tag (last 16 bytes).
  for (size_t byte_idx = 0; byte_idx < sealed.size(); ++byte_idx) {
    std::string tampered = sealed;
    tampered[byte_idx] = static_cast<char>(tampered[byte_idx] ^ 0x01);
    SCOPED_TRACE(byte_idx);
    ExpectDataLoss(Open(key, tampered, "ad"));
  }
}

TEST(Seal, DifferentAssociatedDataFails) {
  const SecretBytes key = RandomKey();
  const std::string sealed = Seal(key, "field", "person/name/p-1");
  ExpectDataLoss(Open(key, sealed, "person/name/p-2"));
  ExpectDataLoss(Open(key, sealed, ""));
}

TEST(Seal, TruncatedInputFails) {
  const SecretBytes key = RandomKey();
  const std::string sealed = Seal(key, "field", "ad");
  for (size_t len : {size_t{0}, size_t{1}, kNonceBytes, kSealOverheadBytes - 1, kSealOverheadBytes,
                     sealed.size() - 1}) {
    SCOPED_TRACE(len);
    ExpectDataLoss(Open(key, sealed.substr(0, len), "ad"));
  }
  ExpectDataLoss(Open(key, sealed + "x", "ad"));
}

TEST(Seal, WrongKeyFails) {
  const SecretBytes key = RandomKey();
  const std::string sealed = Seal(key, "field", "ad");
  ExpectDataLoss(Open(RandomKey(), sealed, "ad"));
}

TEST(Seal, OpenWithKeyOfWrongSizeIsInvalidArgument) {
  const std::string sealed = Seal(RandomKey(), "field", "ad");
  Result<std::string> r = Open(SecretBytes(16), sealed, "ad");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

TEST(SealDeathTest, SealWithKeyOfWrongSizeAborts) {
  EXPECT_DEATH(Seal(SecretBytes(16), "x", ""), "key must be 32 bytes");
}

TEST(WrapKey, RoundTrip) {
  const SecretBytes wrapping = RandomKey();
  const SecretBytes key = RandomKey();
  const std::string wrapped = WrapKey(wrapping, key, "compartment:identity");
  EXPECT_EQ(wrapped.size(), kKeyBytes + kSealOverheadBytes);
  Result<SecretBytes> unwrapped = UnwrapKey(wrapping, wrapped, "compartment:identity");
  ASSERT_TRUE(unwrapped.ok());
  EXPECT_TRUE(ConstantTimeEquals(unwrapped->view(), key.view()));
}

void ExpectUnauthenticated(const Result<SecretBytes>& r) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(r.status().message(), "wrong passphrase or key");
}

TEST(WrapKey, WrongWrappingKeyIsUnauthenticated) {
  const SecretBytes key = RandomKey();
  const std::string wrapped = WrapKey(RandomKey(), key, "label");
  ExpectUnauthenticated(UnwrapKey(RandomKey(), wrapped, "label"));
}

TEST(WrapKey, WrongLabelTamperingAndTruncationAreUnauthenticated) {
  const SecretBytes wrapping = RandomKey();
  const std::string wrapped = WrapKey(wrapping, RandomKey(), "compartment:identity");
  ExpectUnauthenticated(UnwrapKey(wrapping, wrapped, "compartment:places"));
  std::string tampered = wrapped;
  tampered[30] = static_cast<char>(tampered[30] ^ 0x80);
  ExpectUnauthenticated(UnwrapKey(wrapping, tampered, "compartment:identity"));
  ExpectUnauthenticated(UnwrapKey(wrapping, wrapped.substr(0, 39), "compartment:identity"));
  ExpectUnauthenticated(UnwrapKey(SecretBytes(5), wrapped, "compartment:identity"));
}

TEST(WrapKey, PassphraseDerivedWrappingKey) {
  const std::string salt = NewSalt();
  const SecretBytes store_key = RandomKey();
  Result<SecretBytes> kek = DeriveKeyFromPassphrase("correct horse", salt, KdfParams::Minimum());
  ASSERT_TRUE(kek.ok());
  const std::string wrapped = WrapKey(*kek, store_key, "store");
  Result<SecretBytes> wrong = DeriveKeyFromPassphrase("correct hors3", salt, KdfParams::Minimum());
  ASSERT_TRUE(wrong.ok());
  ExpectUnauthenticated(UnwrapKey(*wrong, wrapped, "store"));
  Result<SecretBytes> again = DeriveKeyFromPassphrase("correct horse", salt, KdfParams::Minimum());
  ASSERT_TRUE(again.ok());
  Result<SecretBytes> unwrapped = UnwrapKey(*again, wrapped, "store");
  ASSERT_TRUE(unwrapped.ok());
  EXPECT_EQ(unwrapped->view(), store_key.view());
}

TEST(DeriveSubkey, DeterministicAndSeparatedByIdAndContext) {
  const SecretBytes master = RandomKey();
  const SecretBytes a = DeriveSubkey(master, 1, "chorusrc");
  EXPECT_EQ(a.size(), kKeyBytes);
  EXPECT_EQ(DeriveSubkey(master, 1, "chorusrc").view(), a.view());
  EXPECT_NE(DeriveSubkey(master, 2, "chorusrc").view(), a.view());
  EXPECT_NE(DeriveSubkey(master, 1, "chorusbi").view(), a.view());
  EXPECT_NE(DeriveSubkey(RandomKey(), 1, "chorusrc").view(), a.view());
  EXPECT_NE(a.view(), master.view());
}

TEST(DeriveSubkey, KnownAnswer) {
  // Pins the derivation so stored data stays readable across versions. The
  // expected values come from Python's hashlib (an independent BLAKE2b):
  // blake2b(b"", digest_size=32, key=master, salt=le64(id) + 8 zero bytes,
  //         person=b"chorusrc" + 8 zero bytes), master = bytes(range(32)).
  SecretBytes master(kKeyBytes);
  for (size_t i = 0; i < kKeyBytes; ++i) master.data()[i] = static_cast<unsigned char>(i);
  EXPECT_EQ(ToHex(DeriveSubkey(master, 0, "chorusrc").view()),
            "0e70c3086ce310837847c4e2ccae815c5ca73f7d1f192ecdd12ff73fe2a24ed6");
  EXPECT_EQ(ToHex(DeriveSubkey(master, 7, "chorusrc").view()),
            "38068a29cc5524f276315e8ab09956b8f68e7365a212647b4208017aba4e0dca");
}

TEST(DeriveSubkeyDeathTest, ContextMustBeEightChars) {
  const SecretBytes master = RandomKey();
  EXPECT_DEATH(DeriveSubkey(master, 1, "chorus"), "exactly 8 characters");
  EXPECT_DEATH(DeriveSubkey(SecretBytes(16), 1, "chorusrc"), "master key must be 32 bytes");
}

TEST(BlindToken, DeterministicPerKeyAndDifferentAcrossKeys) {
  const SecretBytes key = RandomKey();
  const std::string token = BlindToken(key, "kim jong un");
  EXPECT_EQ(BlindToken(key, "kim jong un"), token);
  EXPECT_NE(BlindToken(key, "kim jong il"), token);
  EXPECT_NE(BlindToken(RandomKey(), "kim jong un"), token);
}

TEST(BlindToken, TwentyCharsOfLowercaseBase32) {
  const SecretBytes key = RandomKey();
  std::set<std::string> seen;
  for (int term_idx = 0; term_idx < 500; ++term_idx) {
    const std::string token = BlindToken(key, "term" + std::to_string(term_idx));
    ASSERT_EQ(token.size(), kBlindTokenChars);
    for (char c : token) {
      ASSERT_TRUE((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7')) << token;
    }
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 500u);
}

TEST(BlindToken, KnownAnswer) {
  // From Python: base64.b32encode(hashlib.blake2b(b"seoul", digest_size=32,
  // key=b"\x42" * 32).digest()[:12]).decode().lower().rstrip("=").
  const SecretBytes key = SecretBytes::FromString(std::string(32, '\x42'));
  EXPECT_EQ(BlindToken(key, "seoul"), "hgqz4qytgniiw5zyxfyq");
}

TEST(BlindToken, EmptyTermStillGivesAFullToken) {
  const SecretBytes key = RandomKey();
  EXPECT_EQ(BlindToken(key, "").size(), kBlindTokenChars);
  EXPECT_NE(BlindToken(key, ""), BlindToken(key, " "));
}

}  // namespace
}  // namespace chorus::crypto
