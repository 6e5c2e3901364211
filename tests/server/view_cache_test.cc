// File: server/view_cache_test.cc
#include "server/view_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace chorus::server {
namespace {

TEST(ViewCache, ServesABodyOnlyWhileTheChangeCountStays) {
  ViewCache cache(16, 1 << 20);
  EXPECT_FALSE(cache.Find("event\nevt-1\nviewer", 5));
  cache.Put("event\nevt-1\nviewer", 5, "body at 5");
  EXPECT_EQ(cache.Find("event\nevt-1\nviewer", 5), "body at 5");
  EXPECT_FALSE(cache.Find("event\nevt-1\nanalyst", 5)) << "another role's key";
  EXPECT_FALSE(cache.Find("event\nevt-1\nviewer", 6)) << "served after the store changed";
  EXPECT_EQ(cache.size(), 0u) << "a newer count must drop every body";
  EXPECT_FALSE(cache.Find("event\nevt-1\nviewer", 5)) << "served for an older count";
}

TEST(ViewCache, DropsABodyRenderedBeforeTheNewestCount) {
  ViewCache cache(16, 1 << 20);
  cache.Put("a", 7, "new");
  cache.Put("b", 6, "rendered before the change the cache has seen");
  EXPECT_FALSE(cache.Find("b", 7));
  EXPECT_FALSE(cache.Find("b", 6));
  EXPECT_EQ(cache.Find("a", 7), "new");
}

TEST(ViewCache, ReplacesABodyUnderTheSameKey) {
  ViewCache cache(16, 1 << 20);
  cache.Put("a", 1, "first");
  cache.Put("a", 1, "second");
  EXPECT_EQ(cache.Find("a", 1), "second");
  EXPECT_EQ(cache.size(), 1u);
}

TEST(ViewCache, StaysWithinItsEntryAndByteBounds) {
  ViewCache by_entries(3, 1 << 20);
  for (int i = 0; i < 10; ++i) by_entries.Put("k" + std::to_string(i), 1, "v");
  EXPECT_EQ(by_entries.size(), 3u);
  EXPECT_EQ(by_entries.Find("k9", 1), "v") << "the newest body must be kept";

  ViewCache by_bytes(100, 800);
  for (int i = 0; i < 10; ++i) by_bytes.Put("k" + std::to_string(i), 1, std::string(100, 'x'));
  EXPECT_LE(by_bytes.size(), 8u);
  EXPECT_EQ(by_bytes.Find("k9", 1), std::string(100, 'x'));
  by_bytes.Put("huge", 1, std::string(101, 'x'));
  EXPECT_FALSE(by_bytes.Find("huge", 1)) << "a body over an eighth of the bytes is not kept";
}

}  // namespace
}  // namespace chorus::server
