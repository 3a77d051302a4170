// writer_lock: the second writer of a mirror is refused with the holder's pid; the lock goes with
// its holder.
#include "store/writer_lock.hpp"

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "temp_dir.hpp"

namespace roadmapd::store {
namespace {

using ::testing::HasSubstr;

TEST(writer_lock, a_second_writer_is_refused_with_the_holders_pid_until_the_first_lets_go) {
  test::temp_dir dir;
  const auto database = dir / "roadmapd.db";
  {
    auto first = writer_lock::acquire(database);
    ASSERT_TRUE(first) << first.message();
    EXPECT_EQ(first->path(), dir / "roadmapd.db.lock");
    std::ifstream in(first->path());
    std::string pid;
    in >> pid;
    EXPECT_EQ(pid, std::to_string(::getpid()));

    auto second = writer_lock::acquire(database);
    ASSERT_FALSE(second);
    EXPECT_THAT(second.message(), HasSubstr(database.string() + " is used by another roadmapd (pid " +
                                            std::to_string(::getpid()) + ")"));
    EXPECT_THAT(second.message(), HasSubstr("roadmapd.db.lock"));
  }
  EXPECT_TRUE(writer_lock::acquire(database)) << "released with its holder";
}

TEST(writer_lock, a_directory_that_does_not_exist_is_named) {
  test::temp_dir dir;
  auto lock = writer_lock::acquire(dir / "missing" / "roadmapd.db");
  ASSERT_FALSE(lock);
  EXPECT_THAT(lock.message(), HasSubstr("cannot create the lock file " + (dir / "missing" / "roadmapd.db.lock").string()));
  EXPECT_THAT(lock.message(), HasSubstr("No such file or directory"));
}

}  // namespace
}  // namespace roadmapd::store
