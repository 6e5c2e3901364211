#include <gtest/gtest.h>

#include <cstdlib>
#include <set>
#include <string>

#include "crypto/crypto.h"

namespace chorus::crypto {
namespace {

TEST(Initialize, IsIdempotent) {
  EXPECT_TRUE(Initialize().ok());
  EXPECT_TRUE(Initialize().ok());
}

TEST(Random, BytesHaveTheRequestedSizeAndDiffer) {
  EXPECT_EQ(RandomBytes(0), "");
  EXPECT_EQ(RandomBytes(33).size(), 33u);
  EXPECT_NE(RandomBytes(16), RandomBytes(16));
  const SecretBytes a = RandomKey();
  const SecretBytes b = RandomKey();
  EXPECT_EQ(a.size(), kKeyBytes);
  EXPECT_NE(a.view(), b.view());
  EXPECT_NE(a.view(), std::string(kKeyBytes, '\0'));
}

TEST(Random, TokensAreUrlSafeBase64WithoutPadding) {
  std::set<std::string> seen;
  for (int token_idx = 0; token_idx < 200; ++token_idx) {
    const std::string token = RandomToken(18);
    ASSERT_EQ(token.size(), 24u);  // 18 bytes = 144 bits = 24 six-bit chars
    for (char c : token) {
      ASSERT_TRUE((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_')
          << token;
    }
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 200u);
  EXPECT_EQ(RandomToken(16).size(), 22u);  // ceil(128 / 6), no "=="
  EXPECT_EQ(RandomToken(0), "");
}

TEST(KdfParams, PresetsMatchLibsodiumAndAreOrdered) {
  EXPECT_EQ(KdfParams::Minimum().ops_limit, 1u);
  EXPECT_EQ(KdfParams::Minimum().mem_limit_bytes, 8192u);
  EXPECT_EQ(KdfParams::Interactive().ops_limit, 2u);
  EXPECT_EQ(KdfParams::Interactive().mem_limit_bytes, 64u << 20);
  EXPECT_EQ(KdfParams::Moderate().ops_limit, 3u);
  EXPECT_EQ(KdfParams::Moderate().mem_limit_bytes, 256u << 20);
}

TEST(KdfParams, ForStoresFollowsChorusTest) {
  const char* old = std::getenv("CHORUS_TEST");
  const std::string saved = old ? old : "";
  setenv("CHORUS_TEST", "1", 1);
  EXPECT_EQ(KdfParamsForStores(), KdfParams::Minimum());
  setenv("CHORUS_TEST", "0", 1);
  EXPECT_EQ(KdfParamsForStores(), KdfParams::Moderate());
  unsetenv("CHORUS_TEST");
  EXPECT_EQ(KdfParamsForStores(), KdfParams::Moderate());
  if (old) setenv("CHORUS_TEST", saved.c_str(), 1);
}

TEST(Kdf, SameInputsGiveTheSameKey) {
  const std::string salt = NewSalt();
  ASSERT_EQ(salt.size(), kSaltBytes);
  Result<SecretBytes> a = DeriveKeyFromPassphrase("passphrase", salt, KdfParams::Minimum());
  Result<SecretBytes> b = DeriveKeyFromPassphrase("passphrase", salt, KdfParams::Minimum());
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->size(), kKeyBytes);
  EXPECT_EQ(a->view(), b->view());
}

TEST(Kdf, SaltPassphraseAndParamsEachChangeTheKey) {
  const std::string salt = NewSalt();
  std::string other_salt = NewSalt();
  ASSERT_NE(salt, other_salt);
  const KdfParams min = KdfParams::Minimum();
  Result<SecretBytes> base = DeriveKeyFromPassphrase("passphrase", salt, min);
  ASSERT_TRUE(base.ok());
  EXPECT_NE(DeriveKeyFromPassphrase("passphrase", other_salt, min)->view(), base->view());
  EXPECT_NE(DeriveKeyFromPassphrase("passphrasf", salt, min)->view(), base->view());
  const KdfParams two_passes{2, min.mem_limit_bytes};
  EXPECT_NE(DeriveKeyFromPassphrase("passphrase", salt, two_passes)->view(), base->view());
}

TEST(Kdf, KnownAnswer) {
  // Pins Argon2id v1.3 so stores written today open tomorrow. Checked against
  // the reference implementation (Debian's argon2 CLI):
  //   echo -n chorus | argon2 ssssssssssssssss -id -t 1 -k 8 -p 1 -l 32 -r
  Result<SecretBytes> key =
      DeriveKeyFromPassphrase("chorus", std::string(kSaltBytes, 's'), KdfParams::Minimum());
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(ToHex(key->view()), "9f8ebb5220e16845497983e12b021e61eb7dd97fdd86e5144649bd538c948678");
}

TEST(Kdf, WrongSaltSizeIsInvalidArgument) {
  for (size_t len : {size_t{0}, kSaltBytes - 1, kSaltBytes + 1}) {
    Result<SecretBytes> r =
        DeriveKeyFromPassphrase("passphrase", std::string(len, 'x'), KdfParams::Minimum());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(Kdf, ParamsOutOfRangeAreInvalidArgument) {
  const std::string salt = NewSalt();
  Result<SecretBytes> no_passes = DeriveKeyFromPassphrase("p", salt, {0, 8192});
  ASSERT_FALSE(no_passes.ok());
  EXPECT_EQ(no_passes.status().code(), StatusCode::kInvalidArgument);
  Result<SecretBytes> tiny_memory = DeriveKeyFromPassphrase("p", salt, {1, 1024});
  ASSERT_FALSE(tiny_memory.ok());
  EXPECT_EQ(tiny_memory.status().code(), StatusCode::kInvalidArgument);
}

TEST(Password, HashVerifiesOnlyTheRightPassword) {
  Result<std::string> hash = HashPassword("hunter2 비밀", KdfParams::Minimum());
  ASSERT_TRUE(hash.ok()) << hash.status().ToString();
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_EQ(hash->find("hunter2"), std::string::npos);
  EXPECT_TRUE(VerifyPassword(*hash, "hunter2 비밀"));
  EXPECT_FALSE(VerifyPassword(*hash, "hunter2 비밀 "));
  EXPECT_FALSE(VerifyPassword(*hash, "hunter3 비밀"));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
}

TEST(Password, SaltedSoTwoHashesDiffer) {
  Result<std::string> a = HashPassword("same", KdfParams::Minimum());
  Result<std::string> b = HashPassword("same", KdfParams::Minimum());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(VerifyPassword(*b, "same"));
}

TEST(Password, MalformedHashesVerifyFalse) {
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_FALSE(VerifyPassword("not a hash", "x"));
  EXPECT_FALSE(VerifyPassword(std::string(500, '$'), "x"));
  Result<std::string> hash = HashPassword("x", KdfParams::Minimum());
  ASSERT_TRUE(hash.ok());
  EXPECT_FALSE(VerifyPassword(hash->substr(0, hash->size() - 3), "x"));
  EXPECT_FALSE(VerifyPassword(*hash + std::string(1, '\0'), "x"));
}

TEST(Password, NeedsRehashWhenParamsChange) {
  Result<std::string> hash = HashPassword("x", KdfParams::Minimum());
  ASSERT_TRUE(hash.ok());
  EXPECT_FALSE(PasswordNeedsRehash(*hash, KdfParams::Minimum()));
  EXPECT_TRUE(PasswordNeedsRehash(*hash, KdfParams::Interactive()));
  EXPECT_TRUE(PasswordNeedsRehash("garbage", KdfParams::Minimum()));
}

TEST(Password, ParamsOutOfRangeAreInvalidArgument) {
  Result<std::string> r = HashPassword("x", {0, 8192});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace chorus::crypto
