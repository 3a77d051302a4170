// rate_limiter against a fake clock: primary budget exhaustion, Retry-After, growing secondary
// pauses, and that a pause holds back every request.
#include "github/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace roadmapd::github {
namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;

const wall_clock::time_point t0 = wall_clock::time_point(std::chrono::seconds(1'800'000'000));

rate_limiter make_limiter() { return rate_limiter({60s, 300s}); }

TEST(rate_limiter, a_fresh_limiter_lets_requests_go) {
  auto l = make_limiter();
  EXPECT_EQ(l.wait_before_request(t0), 0ms);
}

TEST(rate_limiter, plenty_of_budget_means_no_wait) {
  auto l = make_limiter();
  l.observe_headers(5000, 4999, t0 + 3600s);
  EXPECT_EQ(l.wait_before_request(t0), 0ms);
}

TEST(rate_limiter, exhausted_budget_waits_until_one_second_after_reset) {
  auto l = make_limiter();
  l.observe_headers(5000, 0, t0 + 120s);
  EXPECT_EQ(l.wait_before_request(t0), 121s);
  EXPECT_EQ(l.wait_before_request(t0 + 100s), 21s);
}

TEST(rate_limiter, budget_below_the_last_cost_waits_for_reset) {
  auto l = make_limiter();
  l.observe_cost(30, 25, t0 + 600s);
  EXPECT_EQ(l.wait_before_request(t0), 601s);
}

TEST(rate_limiter, budget_covering_the_last_cost_does_not_wait) {
  auto l = make_limiter();
  l.observe_cost(30, 30, t0 + 600s);
  EXPECT_EQ(l.wait_before_request(t0), 0ms);
}

TEST(rate_limiter, cost_is_learned_from_a_drop_in_remaining_within_one_window) {
  auto l = make_limiter();
  l.observe_headers(5000, 100, t0 + 600s);
  l.observe_headers(5000, 70, t0 + 600s);
  EXPECT_EQ(l.last_cost(), 30);
  EXPECT_EQ(l.wait_before_request(t0), 0ms);
  l.observe_headers(5000, 40, t0 + 600s);
  EXPECT_EQ(l.wait_before_request(t0), 0ms);
  l.observe_headers(5000, 10, t0 + 600s);  // 10 left cannot pay another 30
  EXPECT_EQ(l.wait_before_request(t0), 601s);
}

TEST(rate_limiter, a_new_window_is_not_mistaken_for_cost) {
  auto l = make_limiter();
  l.observe_headers(5000, 4000, t0 + 10s);
  l.observe_headers(5000, 4999, t0 + 3610s);
  l.observe_headers(5000, 10, t0 + 7210s);
  EXPECT_EQ(l.last_cost(), 1);
}

TEST(rate_limiter, a_reset_time_in_the_past_means_the_budget_was_refilled) {
  auto l = make_limiter();
  l.observe_headers(5000, 0, t0 - 5s);
  EXPECT_EQ(l.wait_before_request(t0), 0ms);
}

TEST(rate_limiter, retry_after_is_honoured) {
  auto l = make_limiter();
  limit_hint hint;
  hint.retry_after = 7s;
  EXPECT_EQ(l.on_secondary_limit(hint, t0), 7s);
  EXPECT_EQ(l.wait_before_request(t0), 7s);
  EXPECT_EQ(l.wait_before_request(t0 + 5s), 2s);
  EXPECT_EQ(l.wait_before_request(t0 + 7s), 0ms);
}

TEST(rate_limiter, exhausted_primary_on_a_refusal_waits_until_reset) {
  auto l = make_limiter();
  limit_hint hint;
  hint.budget_exhausted = true;
  hint.reset_at = t0 + 900s;
  EXPECT_EQ(l.on_secondary_limit(hint, t0), 901s);
  EXPECT_EQ(l.wait_before_request(t0 + 1s), 900s);
}

TEST(rate_limiter, without_retry_after_the_pause_is_at_least_a_minute_and_grows) {
  auto l = make_limiter();
  limit_hint none;
  auto first = l.on_secondary_limit(none, t0);
  auto second = l.on_secondary_limit(none, t0 + first);
  auto third = l.on_secondary_limit(none, t0 + first + second);
  EXPECT_GE(first, 60s);
  EXPECT_GT(second, first);
  EXPECT_GT(third, second);
  for (int i = 0; i < 10; ++i) {
    auto later = l.on_secondary_limit(none, t0);
    EXPECT_LE(later, 300s);
    EXPECT_GE(later, 60s);
  }
}

TEST(rate_limiter, an_accepted_answer_restarts_the_growth) {
  auto l = make_limiter();
  limit_hint none;
  auto first = l.on_secondary_limit(none, t0);
  (void)l.on_secondary_limit(none, t0);
  l.on_success();
  EXPECT_EQ(l.on_secondary_limit(none, t0), first);
}

TEST(rate_limiter, the_pause_holds_every_request_not_only_the_refused_one) {
  auto l = make_limiter();
  limit_hint hint;
  hint.retry_after = 30s;
  (void)l.on_secondary_limit(hint, t0);
  // Any later request, whoever sends it, is held until the pause ends.
  EXPECT_EQ(l.wait_before_request(t0 + 1s), 29s);
  EXPECT_EQ(l.wait_before_request(t0 + 29s), 1s);
}

TEST(rate_limiter, a_shorter_pause_does_not_shorten_a_longer_one) {
  auto l = make_limiter();
  limit_hint longer, shorter;
  longer.retry_after = 100s;
  shorter.retry_after = 5s;
  (void)l.on_secondary_limit(longer, t0);
  (void)l.on_secondary_limit(shorter, t0 + 1s);
  EXPECT_EQ(l.wait_before_request(t0 + 1s), 99s);
}

TEST(rate_limiter, a_pause_and_an_exhausted_budget_wait_for_the_later_of_both) {
  auto l = make_limiter();
  l.observe_headers(5000, 0, t0 + 200s);
  limit_hint hint;
  hint.retry_after = 10s;
  (void)l.on_secondary_limit(hint, t0);
  EXPECT_EQ(l.wait_before_request(t0), 201s);
}

}  // namespace
}  // namespace roadmapd::github
