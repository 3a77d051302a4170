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

TEST(time, http_dates_as_github_sends_them) {
  auto t = parse_http_date("Tue, 06 May 2031 07:08:09 GMT");
  ASSERT_TRUE(t);
  EXPECT_EQ(to_iso8601(*t), "2031-05-06T07:08:09Z");
  for (const char* bad : {"", "Tue, 06 May 2031 07:08:09", "Tue, 06 Foo 2031 07:08:09 GMT", "Tuesday, 06-May-31 07:08:09 GMT",
                          "Tue, 32 May 2031 07:08:09 GMT", "Tue, 06 May 2031 25:08:09 GMT", "Tue  06 May 2031 07:08:09 GMT"}) {
    EXPECT_FALSE(parse_http_date(bad)) << bad;
  }
}

}  // namespace
}  // namespace roadmapd::util
