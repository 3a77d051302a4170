// The action budget holds both caps over sliding windows, and remembers what was sent before a restart.
#include <gtest/gtest.h>

#include "enforce/budget.hpp"

namespace roadmapd::enforce {
namespace {

using namespace std::chrono_literals;
using clock = budget::clock;

TEST(budget_test, the_minute_cap_defers_the_rest_until_the_oldest_leaves_the_window) {
  budget b(3, 100);
  const auto t0 = clock::time_point{} + 1000h;
  EXPECT_TRUE(b.take(t0));
  EXPECT_TRUE(b.take(t0 + 10s));
  EXPECT_TRUE(b.take(t0 + 20s));
  EXPECT_FALSE(b.take(t0 + 30s));
  EXPECT_EQ(b.next_free(t0 + 30s), t0 + 60s);
  EXPECT_TRUE(b.take(t0 + 60s));
  EXPECT_FALSE(b.take(t0 + 61s));
  EXPECT_EQ(b.next_free(t0 + 61s), t0 + 70s);
}

TEST(budget_test, the_hour_cap_holds_across_minutes) {
  budget b(10, 12);
  const auto t0 = clock::time_point{} + 1000h;
  int sent = 0;
  for (int minute = 0; minute < 60; ++minute) {
    for (int i = 0; i < 10; ++i) sent += b.take(t0 + minute * 1min + i * 1s) ? 1 : 0;
  }
  EXPECT_EQ(sent, 12);
  EXPECT_EQ(b.next_free(t0 + 59min), t0 + 1h);            // the first one ages out of the hour
  EXPECT_TRUE(b.take(t0 + 1h));
}

TEST(budget_test, what_was_sent_before_a_restart_still_counts) {
  budget b(2, 100);
  const auto t0 = clock::time_point{} + 1000h;
  b.seed({t0 - 30s, t0 - 10s});
  EXPECT_FALSE(b.take(t0));
  EXPECT_EQ(b.next_free(t0), t0 + 30s);
}

}  // namespace
}  // namespace roadmapd::enforce
