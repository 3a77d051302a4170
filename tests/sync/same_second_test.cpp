// same_second_edits_possible: when the change probe cannot tell a newer edit by its time, because
// GitHub's times have second precision.
#include <gtest/gtest.h>

#include "sync/pass_context.hpp"

namespace roadmapd::sync {
namespace {

TEST(same_second_edits, a_read_answered_in_the_second_of_its_newest_edit_may_have_missed_one) {
  EXPECT_TRUE(same_second_edits_possible("2030-01-01T00:00:00Z", std::string("2030-01-01T00:00:00Z")));
  // GitHub's clock a little behind: the answer seems to come before the edit.
  EXPECT_TRUE(same_second_edits_possible("2030-01-01T00:00:01Z", std::string("2030-01-01T00:00:00Z")));
}

TEST(same_second_edits, a_read_answered_a_second_later_saw_every_edit_of_that_second) {
  EXPECT_FALSE(same_second_edits_possible("2030-01-01T00:00:00Z", std::string("2030-01-01T00:00:01Z")));
  EXPECT_FALSE(same_second_edits_possible("", std::string("2030-01-01T00:00:01Z"))) << "nothing read, nothing missed";
}

TEST(same_second_edits, a_read_of_unknown_time_is_read_again) {
  EXPECT_TRUE(same_second_edits_possible("2030-01-01T00:00:00Z", std::nullopt));
  EXPECT_TRUE(same_second_edits_possible("2030-01-01T00:00:00Z", std::string()));
}

}  // namespace
}  // namespace roadmapd::sync
