// forecast on planted histories: a straight line through the window, no pace no forecast.
#include "progress/forecast.hpp"

#include <gtest/gtest.h>

#include "util/time.hpp"

namespace roadmapd::progress {
namespace {

std::chrono::system_clock::time_point at(const char* iso) { return *util::parse_iso8601(iso); }

TEST(forecast, a_steady_pace_is_projected_to_the_total) {
  // 2 of 10 on Jan 1, 6 of 10 on Mar 1 (59 days): 4 in 59 days, 4 left -> 59 days more.
  const std::vector<progress_point> h{{at("2027-01-01T00:00:00Z"), 2, 10}, {at("2027-03-01T00:00:00Z"), 6, 10}};
  EXPECT_EQ(forecast(h, at("2027-03-01T00:00:00Z"), std::chrono::hours(24 * 84)), "2027-04-29");
}

TEST(forecast, the_window_starts_at_its_last_point_before_it) {
  // Fast long ago, slow lately: only the last 12 weeks count.
  const std::vector<progress_point> h{{at("2026-01-01T00:00:00Z"), 0, 20},
                                      {at("2026-06-01T00:00:00Z"), 10, 20},
                                      {at("2026-09-01T00:00:00Z"), 12, 20},
                                      {at("2026-12-01T00:00:00Z"), 14, 20}};
  // Window start 2026-09-08: the point of 2026-09-01 (12) opens it; 2 in 91 days, 6 left -> 273 days.
  EXPECT_EQ(forecast(h, at("2026-12-01T00:00:00Z"), std::chrono::hours(24 * 84)), "2027-08-31");
}

TEST(forecast, no_pace_no_forecast_and_done_needs_none) {
  const auto now = at("2027-03-01T00:00:00Z");
  EXPECT_EQ(forecast({{at("2027-01-01T00:00:00Z"), 3, 10}, {now, 3, 10}}, now, std::chrono::hours(24 * 84)), std::nullopt);
  EXPECT_EQ(forecast({{now, 3, 10}}, now, std::chrono::hours(24 * 84)), std::nullopt) << "one point is no line";
  EXPECT_EQ(forecast({{at("2027-01-01T00:00:00Z"), 3, 10}, {now, 10, 10}}, now, std::chrono::hours(24 * 84)), std::nullopt);
  EXPECT_EQ(forecast({}, now, std::chrono::hours(24)), std::nullopt);
  // Progress that went back (a task added) is no pace either.
  EXPECT_EQ(forecast({{at("2027-01-01T00:00:00Z"), 5, 10}, {now, 4, 12}}, now, std::chrono::hours(24 * 84)), std::nullopt);
}

}  // namespace
}  // namespace roadmapd::progress
