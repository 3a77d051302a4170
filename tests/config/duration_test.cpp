// The duration syntax of the config file: what is accepted, what is refused, and how it prints.
#include <gtest/gtest.h>

#include "config/duration.hpp"

namespace roadmapd::config {
namespace {

using std::chrono::seconds;

TEST(duration, accepts_a_number_and_a_unit) {
  const std::pair<const char*, seconds> table[] = {
      {"30s", seconds(30)},       {"5m", seconds(300)},      {"6h", seconds(6 * 3600)},
      {"1d", seconds(86400)},     {"1h30m", seconds(5400)},  {"1d2h3m4s", seconds(93784)},
      {"90s", seconds(90)},       {"1s", seconds(1)},        {"366d", seconds(366 * 86400)},
  };
  for (const auto& [text, expected] : table) {
    auto d = parse_duration(text);
    ASSERT_TRUE(d.has_value()) << text << ": " << d.message();
    EXPECT_EQ(*d, expected) << text;
  }
}

TEST(duration, refuses_what_is_not_a_number_and_a_unit) {
  for (const char* text : {"", "5", "m", "5 minutes", "5 m", " 5m", "5m ", "5M", "1.5h", "-5m", "5ms",
                           "30m1h", "1h1h", "1w", "h5"}) {
    auto d = parse_duration(text);
    ASSERT_FALSE(d.has_value()) << text;
    EXPECT_EQ(d.message(),
              "invalid duration \"" + std::string(text) + "\" (use a number and a unit: 30s, 5m, 6h, 1d)");
  }
}

TEST(duration, refuses_zero_and_absurd_lengths) {
  EXPECT_EQ(parse_duration("0s").message(), "duration \"0s\" must be at least 1s");
  EXPECT_EQ(parse_duration("0h0m").message(), "duration \"0h0m\" must be at least 1s");
  EXPECT_EQ(parse_duration("367d").message(), "duration \"367d\" is too long (at most 366d)");
  EXPECT_EQ(parse_duration("99999999999999999999s").message(),
            "duration \"99999999999999999999s\" is too long (at most 366d)");
}

TEST(duration, formats_largest_unit_first) {
  EXPECT_EQ(format_duration(seconds(5400)), "1h30m");
  EXPECT_EQ(format_duration(seconds(300)), "5m");
  EXPECT_EQ(format_duration(seconds(93784)), "1d2h3m4s");
  EXPECT_EQ(format_duration(seconds(0)), "0s");
  for (const char* text : {"30s", "5m", "6h", "1d", "1h30m"}) {
    EXPECT_EQ(format_duration(parse_duration(text).value()), text);
  }
}

}  // namespace
}  // namespace roadmapd::config
