#include "access/sessions.h"

#include <gtest/gtest.h>

#include "access/fake_clock.h"
#include "access/login_limiter.h"
#include "access/users.h"

namespace chorus::access {
namespace {

using std::chrono::minutes;

TEST(Sessions, CreateAndTouch) {
  FakeClock clock;
  SessionTable table(clock, {});
  Session s = table.Create(Actor{"ana", Role::kAnalyst});
  EXPECT_GE(s.token.size(), 40u);
  EXPECT_GE(s.csrf_token.size(), 40u);
  EXPECT_NE(s.token, s.csrf_token);
  auto found = table.Touch(s.token);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->actor.user, "ana");
  EXPECT_EQ(found->csrf_token, s.csrf_token);
  EXPECT_FALSE(table.Touch("nope").has_value());
  EXPECT_FALSE(table.Touch("").has_value());
  EXPECT_NE(table.Create(Actor{"ana", Role::kAnalyst}).token, s.token);
}

TEST(Sessions, ExpireAfterIdleTimeButUseKeepsThemAlive) {
  FakeClock clock;
  SessionOptions options;
  options.idle_timeout = minutes(30);
  options.absolute_timeout = minutes(120);
  SessionTable table(clock, options);
  Session s = table.Create(Actor{"ana", Role::kAnalyst});
  clock.Advance(minutes(29));
  EXPECT_TRUE(table.Touch(s.token).has_value());
  clock.Advance(minutes(29));
  EXPECT_TRUE(table.Touch(s.token).has_value());  // 58 min after login, used 29 min ago
  clock.Advance(minutes(30));
  EXPECT_FALSE(table.Touch(s.token).has_value());
  EXPECT_EQ(table.size(), 0u);
}

TEST(Sessions, AbsoluteLifetimeEndsEvenABusySession) {
  FakeClock clock;
  SessionOptions options;
  options.idle_timeout = minutes(30);
  options.absolute_timeout = minutes(60);
  SessionTable table(clock, options);
  Session s = table.Create(Actor{"ana", Role::kAnalyst});
  for (int i = 0; i < 5; ++i) {
    clock.Advance(minutes(10));
    EXPECT_TRUE(table.Touch(s.token).has_value());
  }
  clock.Advance(minutes(10));
  EXPECT_FALSE(table.Touch(s.token).has_value());
}

TEST(Sessions, RemoveAndRemoveUser) {
  FakeClock clock;
  SessionTable table(clock, {});
  Session a = table.Create(Actor{"ana", Role::kAnalyst});
  Session b = table.Create(Actor{"ana", Role::kAnalyst});
  Session c = table.Create(Actor{"bo", Role::kViewer});
  table.Remove(a.token);
  EXPECT_FALSE(table.Touch(a.token).has_value());
  EXPECT_TRUE(table.Touch(b.token).has_value());
  table.RemoveUser("ana");
  EXPECT_FALSE(table.Touch(b.token).has_value());
  EXPECT_TRUE(table.Touch(c.token).has_value());
}

TEST(Sessions, TableIsBoundedOldestGoesFirst) {
  FakeClock clock;
  SessionOptions options;
  options.max_sessions = 3;
  SessionTable table(clock, options);
  Session first = table.Create(Actor{"a", Role::kViewer});
  clock.Advance(minutes(1));
  table.Create(Actor{"b", Role::kViewer});
  table.Create(Actor{"c", Role::kViewer});
  table.Create(Actor{"d", Role::kViewer});
  EXPECT_EQ(table.size(), 3u);
  EXPECT_FALSE(table.Touch(first.token).has_value());
}

TEST(LoginLimiter, BlocksAUserAfterTooManyFailuresThenForgives) {
  FakeClock clock;
  LoginLimits limits;
  limits.max_failures_per_user = 3;
  limits.max_failures_per_address = 100;
  limits.window = minutes(15);
  LoginLimiter limiter(clock, limits);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(limiter.Check("ana", "10.0.0.1").ok());
    limiter.RecordFailure("ana", "10.0.0.1");
  }
  Status blocked = limiter.Check("ana", "10.0.0.2");
  EXPECT_EQ(blocked.code(), StatusCode::kResourceExhausted);
  EXPECT_TRUE(limiter.Check("bo", "10.0.0.1").ok());
  clock.Advance(minutes(16));
  EXPECT_TRUE(limiter.Check("ana", "10.0.0.1").ok());
}

TEST(LoginLimiter, BlocksAnAddressTryingManyNames) {
  FakeClock clock;
  LoginLimits limits;
  limits.max_failures_per_user = 100;
  limits.max_failures_per_address = 4;
  LoginLimiter limiter(clock, limits);
  for (int i = 0; i < 4; ++i) limiter.RecordFailure("user" + std::to_string(i), "10.0.0.9");
  EXPECT_EQ(limiter.Check("someone", "10.0.0.9").code(), StatusCode::kResourceExhausted);
  EXPECT_TRUE(limiter.Check("someone", "10.0.0.8").ok());
}

TEST(LoginLimiter, SuccessClearsTheUsersFailures) {
  FakeClock clock;
  LoginLimits limits;
  limits.max_failures_per_user = 2;
  LoginLimiter limiter(clock, limits);
  limiter.RecordFailure("ana", "a");
  limiter.RecordSuccess("ana");
  limiter.RecordFailure("ana", "a");
  EXPECT_TRUE(limiter.Check("ana", "a").ok());
}

TEST(Users, NamesAndPasswordsAreValidated) {
  EXPECT_TRUE(ValidateUserName("demo").ok());
  EXPECT_TRUE(ValidateUserName("ana.kim-2").ok());
  EXPECT_FALSE(ValidateUserName("").ok());
  EXPECT_FALSE(ValidateUserName("Ana").ok());
  EXPECT_FALSE(ValidateUserName(".hidden").ok());
  EXPECT_FALSE(ValidateUserName("a b").ok());
  EXPECT_FALSE(ValidateUserName(std::string(65, 'a')).ok());
  EXPECT_FALSE(ValidatePassword("short").ok());
  EXPECT_TRUE(ValidatePassword("long enough password").ok());
}

TEST(Users, PasswordIsHashedWithArgon2id) {
  auto user = MakeUser("ana", Role::kAnalyst, "correct horse battery");
  ASSERT_TRUE(user.ok()) << user.status().ToString();
  EXPECT_EQ(user->password_hash.rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(user->password_hash.find("correct horse"), std::string::npos);
  EXPECT_TRUE(CheckPassword(*user, "correct horse battery"));
  EXPECT_FALSE(CheckPassword(*user, "correct horse batterY"));
  EXPECT_FALSE(MakeUser("Bad Name", Role::kViewer, "correct horse battery").ok());
}

}  // namespace
}  // namespace chorus::access
