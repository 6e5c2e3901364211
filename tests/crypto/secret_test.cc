#include "crypto/secret.h"

#include <gtest/gtest.h>

#include <string>
#include <type_traits>
#include <utility>

namespace chorus::crypto {
namespace {

static_assert(!std::is_copy_constructible_v<SecretBytes>);
static_assert(!std::is_copy_assignable_v<SecretBytes>);
static_assert(std::is_nothrow_move_constructible_v<SecretBytes>);
static_assert(std::is_nothrow_move_assignable_v<SecretBytes>);

TEST(SecretBytes, DefaultIsEmpty) {
  SecretBytes s;
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s.size(), 0u);
  EXPECT_EQ(s.data(), nullptr);
  EXPECT_EQ(s.view(), "");
}

TEST(SecretBytes, SizedIsZeroFilled) {
  SecretBytes s(32);
  ASSERT_EQ(s.size(), 32u);
  EXPECT_FALSE(s.empty());
  EXPECT_EQ(s.view(), std::string(32, '\0'));
}

TEST(SecretBytes, FromStringCopiesIncludingNulBytes) {
  std::string source("k\0e\xffy", 5);
  SecretBytes s = SecretBytes::FromString(source);
  source[0] = 'X';  // the secret must not alias the source
  EXPECT_EQ(s.view(), std::string_view("k\0e\xffy", 5));
  EXPECT_NE(static_cast<const void*>(s.data()), static_cast<const void*>(source.data()));
}

TEST(SecretBytes, CloneIsIndependent) {
  SecretBytes a = SecretBytes::FromString("abcdef");
  SecretBytes b = a.Clone();
  EXPECT_EQ(b.view(), "abcdef");
  EXPECT_NE(a.data(), b.data());
  b.data()[0] = 'z';
  EXPECT_EQ(a.view(), "abcdef");
  EXPECT_EQ(b.view(), "zbcdef");
}

TEST(SecretBytes, MoveConstructionEmptiesTheSource) {
  SecretBytes a = SecretBytes::FromString("secret");
  const unsigned char* buffer = a.data();
  SecretBytes b(std::move(a));
  EXPECT_EQ(b.view(), "secret");
  EXPECT_EQ(b.data(), buffer);  // ownership moved, bytes not copied
  EXPECT_TRUE(a.empty());       // NOLINT(bugprone-use-after-move): moved-from state is defined
  EXPECT_EQ(a.data(), nullptr);
}

TEST(SecretBytes, MoveAssignmentReplacesAndEmptiesTheSource) {
  SecretBytes a = SecretBytes::FromString("first");
  SecretBytes b = SecretBytes::FromString("second-longer");
  b = std::move(a);
  EXPECT_EQ(b.view(), "first");
  EXPECT_TRUE(a.empty());                // NOLINT(bugprone-use-after-move)
  a = SecretBytes::FromString("again");  // a moved-from object is reusable
  EXPECT_EQ(a.view(), "again");
}

TEST(SecretBytes, SelfMoveAssignmentKeepsTheBytes) {
  SecretBytes a = SecretBytes::FromString("same");
  SecretBytes& alias = a;
  a = std::move(alias);
  EXPECT_EQ(a.view(), "same");
}

TEST(SecretBytes, CloneOfEmptyIsEmpty) {
  SecretBytes a;
  EXPECT_TRUE(a.Clone().empty());
  EXPECT_TRUE(SecretBytes::FromString("").empty());
}

}  // namespace
}  // namespace chorus::crypto
