#include <gtest/gtest.h>

#include <string>

#include "crypto/crypto.h"

namespace chorus::crypto {
namespace {

std::string AllBytes() {
  std::string out;
  for (int b = 0; b < 256; ++b) out.push_back(static_cast<char>(b));
  return out;
}

TEST(Hex, Encodes) {
  EXPECT_EQ(ToHex(""), "");
  EXPECT_EQ(ToHex(std::string("\x00\x01\xab\xff", 4)), "0001abff");
}

TEST(Hex, RoundTripsEveryByte) {
  const std::string bytes = AllBytes();
  Result<std::string> back = FromHex(ToHex(bytes));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, bytes);
  Result<std::string> upper = FromHex("ABFF");
  ASSERT_TRUE(upper.ok());
  EXPECT_EQ(*upper, "\xab\xff");
  Result<std::string> empty = FromHex("");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "");
}

TEST(Hex, RejectsMalformed) {
  using std::string_view_literals::operator""sv;
  for (std::string_view bad :
       {"a"sv, "abc"sv, "zz"sv, "0g"sv, "ab cd"sv, " abc"sv, "ab\n"sv, "0x00"sv, "a\0"sv}) {
    Result<std::string> r = FromHex(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(Base64, Rfc4648Vectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64Encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode("\xfb\xff"), "+/8=");  // standard, not URL-safe, alphabet
}

TEST(Base64, RoundTrips) {
  const std::string bytes = AllBytes();
  for (size_t len = 0; len <= bytes.size(); len += 37) {
    const std::string part = bytes.substr(0, len);
    Result<std::string> back = Base64Decode(Base64Encode(part));
    ASSERT_TRUE(back.ok()) << len;
    EXPECT_EQ(*back, part);
  }
  Result<std::string> fooba = Base64Decode("Zm9vYmE=");
  ASSERT_TRUE(fooba.ok());
  EXPECT_EQ(*fooba, "fooba");
}

TEST(Base64, RejectsMalformed) {
  for (std::string_view bad : {"Zg", "Zg=", "Zm9", "Z===", "Zm9v!A==", "Zm 9v", "Zm9v\n",
                               "-_8=",      // URL-safe alphabet
                               "Zh==",      // non-zero trailing bits
                               "Zg==Zg==",  // data after padding
                               "=Zg="}) {
    Result<std::string> r = Base64Decode(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(ConstantTimeEquals, ComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  EXPECT_FALSE(ConstantTimeEquals(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
}

}  // namespace
}  // namespace chorus::crypto
