#include <gtest/gtest.h>

#include <string>

#include "crypto/crypto.h"

namespace chorus::crypto {
namespace {

// FIPS 180-2 appendix B / NIST CSRC example vectors.
constexpr char kSha256Empty[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr char kSha256Abc[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr char kSha256TwoBlocks[] =
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
constexpr char kTwoBlockMessage[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

TEST(Sha256, FipsVectors) {
  EXPECT_EQ(Sha256Hex(""), kSha256Empty);
  EXPECT_EQ(Sha256Hex("abc"), kSha256Abc);
  EXPECT_EQ(Sha256Hex(kTwoBlockMessage), kSha256TwoBlocks);
}

TEST(Sha256, MillionAs) {
  EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Stream, EqualsOneShotWhateverTheChunking) {
  std::string data;
  for (int byte_idx = 0; byte_idx < 10000; ++byte_idx) {
    data.push_back(static_cast<char>((byte_idx * 131) & 0xff));
  }
  const std::string expected = Sha256Hex(data);
  for (size_t chunk : {size_t{1}, size_t{63}, size_t{64}, size_t{65}, size_t{4096}}) {
    Sha256Stream stream;
    for (size_t pos = 0; pos < data.size(); pos += chunk) stream.Update(data.substr(pos, chunk));
    EXPECT_EQ(stream.FinishHex(), expected) << "chunk " << chunk;
  }
}

TEST(Sha256Stream, EmptyStreamAndRestartAfterFinish) {
  Sha256Stream stream;
  EXPECT_EQ(stream.FinishHex(), kSha256Empty);
  stream.Update("a");
  stream.Update("");
  stream.Update("bc");
  EXPECT_EQ(stream.FinishHex(), kSha256Abc);
  stream.Update("abc");  // starts over after Finish
  const std::string raw = stream.Finish();
  EXPECT_EQ(raw.size(), 32u);
  EXPECT_EQ(ToHex(raw), kSha256Abc);
}

TEST(Sha256Stream, Movable) {
  Sha256Stream a;
  a.Update("ab");
  Sha256Stream b(std::move(a));
  b.Update("c");
  EXPECT_EQ(b.FinishHex(), kSha256Abc);
}

TEST(Blake2b256, KnownAnswers) {
  // From Python's hashlib: blake2b(b"abc", digest_size=32) and the same keyed
  // with bytes(range(32)).
  EXPECT_EQ(ToHex(Blake2b256("abc")),
            "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  std::string key;
  for (int i = 0; i < 32; ++i) key.push_back(static_cast<char>(i));
  EXPECT_EQ(ToHex(Blake2b256("abc", key)),
            "d63a32d3e44738d7907f964316c241adaba0abfeabc32349677578a15a203f7f");
}

TEST(Blake2b256DeathTest, ShortKeyAborts) {
  EXPECT_DEATH(Blake2b256("abc", "short"), "16 to 64 bytes");
}

}  // namespace
}  // namespace chorus::crypto
