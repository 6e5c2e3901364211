#include <gtest/gtest.h>

#include <string>

#include "crypto/crypto.h"

namespace chorus::crypto {
namespace {

TEST(Signature, SignAndVerify) {
  const SigningKeyPair pair = NewSigningKeyPair();
  ASSERT_EQ(pair.public_key.size(), kSigningPublicKeyBytes);
  ASSERT_EQ(pair.secret_key.size(), kSigningSecretKeyBytes);
  const std::string head = "audit head 4812 " + Sha256Hex("entry");
  const std::string signature = Sign(pair.secret_key, head);
  ASSERT_EQ(signature.size(), kSignatureBytes);
  EXPECT_TRUE(VerifySignature(pair.public_key, head, signature));
  EXPECT_EQ(Sign(pair.secret_key, head), signature);  // Ed25519 is deterministic
}

TEST(Signature, EveryFlippedBitOfSignatureOrMessageFails) {
  const SigningKeyPair pair = NewSigningKeyPair();
  const std::string message = "chain head";
  const std::string signature = Sign(pair.secret_key, message);
  for (size_t bit_idx = 0; bit_idx < signature.size() * 8; ++bit_idx) {
    std::string bad = signature;
    bad[bit_idx / 8] = static_cast<char>(bad[bit_idx / 8] ^ (1 << (bit_idx % 8)));
    ASSERT_FALSE(VerifySignature(pair.public_key, message, bad)) << "bit " << bit_idx;
  }
  for (size_t bit_idx = 0; bit_idx < message.size() * 8; ++bit_idx) {
    std::string bad = message;
    bad[bit_idx / 8] = static_cast<char>(bad[bit_idx / 8] ^ (1 << (bit_idx % 8)));
    ASSERT_FALSE(VerifySignature(pair.public_key, bad, signature)) << "bit " << bit_idx;
  }
}

TEST(Signature, OtherKeyAndWrongSizesFail) {
  const SigningKeyPair pair = NewSigningKeyPair();
  const std::string signature = Sign(pair.secret_key, "m");
  EXPECT_FALSE(VerifySignature(NewSigningKeyPair().public_key, "m", signature));
  EXPECT_FALSE(VerifySignature(pair.public_key.substr(1), "m", signature));
  EXPECT_FALSE(VerifySignature(pair.public_key, "m", signature.substr(1)));
  EXPECT_FALSE(VerifySignature(pair.public_key, "m", ""));
  EXPECT_FALSE(VerifySignature("", "m", signature));
}

TEST(Signature, SeedDeterminesTheKeyPair) {
  const SecretBytes seed = DeriveSubkey(RandomKey(), 9, "chorusau");
  const SigningKeyPair a = SigningKeyPairFromSeed(seed);
  const SigningKeyPair b = SigningKeyPairFromSeed(seed);
  EXPECT_EQ(a.public_key, b.public_key);
  EXPECT_EQ(a.secret_key.view(), b.secret_key.view());
  EXPECT_TRUE(VerifySignature(a.public_key, "m", Sign(b.secret_key, "m")));
  EXPECT_NE(SigningKeyPairFromSeed(RandomKey()).public_key, a.public_key);
}

TEST(Signature, Rfc8032TestVector1) {
  // RFC 8032 section 7.1, TEST 1 (empty message).
  Result<std::string> seed_bytes =
      FromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  ASSERT_TRUE(seed_bytes.ok());
  const SigningKeyPair pair = SigningKeyPairFromSeed(SecretBytes::FromString(*seed_bytes));
  EXPECT_EQ(ToHex(pair.public_key),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  EXPECT_EQ(ToHex(Sign(pair.secret_key, "")),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
}

TEST(SignDeathTest, WrongSecretKeySizeAborts) {
  EXPECT_DEATH(Sign(RandomKey(), "m"), "secret key must be 64 bytes");
}

}  // namespace
}  // namespace chorus::crypto
