// ISO-8601 timestamps round-trip and bad ones are refused.
#include <gtest/gtest.h>

#include "util/time.hpp"

namespace roadmapd::util {
namespace {

TEST(time, round_trip) {
  auto t = parse_iso8601("2026-11-21T12:34:56Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(to_iso8601(*t), "2026-11-21T12:34:56Z");
  auto frac = parse_iso8601("2026-11-21T12:34:56.789Z");
  ASSERT_TRUE(frac);
  EXPECT_EQ(to_iso8601(*frac), "2026-11-21T12:34:56Z");
}

TEST(time, rejects_malformed) {
  for (const char* bad : {"", "2026-11-21", "2026-11-21T12:34:56", "2026-13-01T00:00:00Z", "2026-11-21T12:34:56+01:00",
                          "yesterday at noon please"}) {
    EXPECT_FALSE(parse_iso8601(bad)) << bad;
  }
}

}  // namespace
}  // namespace roadmapd::util
