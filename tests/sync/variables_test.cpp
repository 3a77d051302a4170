// GraphQL variables are valid JSON whatever the input, and the scheduler's back-off stays bounded.
#include <gtest/gtest.h>

#include "sync/scheduler.hpp"
#include "sync/variables.hpp"

namespace roadmapd::sync {
namespace {

TEST(variables, escapes_and_types) {
  const auto json = variables()
                        .set("owner", std::string_view("a\"b\\c\n"))
                        .set("number", 42)
                        .set("after", std::optional<std::string>())
                        .set("ids", std::vector<std::string>{"X", "Y"})
                        .json();
  EXPECT_EQ(json, R"({"owner":"a\"b\\c\n","number":42,"after":null,"ids":["X","Y"]})");
  EXPECT_EQ(variables().json(), "{}");
}

TEST(scheduler, backoff_grows_and_is_capped_by_the_interval) {
  using std::chrono::seconds;
  EXPECT_EQ(scheduler::delay_after(0, seconds(300)), seconds(300));
  EXPECT_EQ(scheduler::delay_after(1, seconds(300)), seconds(15));
  EXPECT_EQ(scheduler::delay_after(2, seconds(300)), seconds(30));
  EXPECT_EQ(scheduler::delay_after(5, seconds(300)), seconds(240));
  EXPECT_EQ(scheduler::delay_after(6, seconds(300)), seconds(300));
  EXPECT_EQ(scheduler::delay_after(60, seconds(300)), seconds(300));
}

}  // namespace
}  // namespace roadmapd::sync
