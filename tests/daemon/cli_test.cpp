// roadmapd_cli as data: what parse_command_line fills in for each command.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli.hpp"

namespace roadmapd::daemon {
namespace {

parse_result parse(std::vector<const char*> args) {
  args.insert(args.begin(), "roadmapd");
  return parse_command_line(static_cast<int>(args.size()), args.data());
}

TEST(cli, fills_the_command_line_of_each_command) {
  const auto sync = parse({"sync", "--once", "-c", "a.toml", "--full"});
  ASSERT_LT(sync.exit_code, 0) << sync.err;
  EXPECT_EQ(sync.line.command, command::sync);
  EXPECT_EQ(sync.line.config_file, "a.toml");
  EXPECT_TRUE(sync.line.once);
  EXPECT_TRUE(sync.line.full);

  const auto lint = parse({"lint", "--config=a.toml", "--project", "apache/1", "--format", "json", "--verbose"});
  ASSERT_LT(lint.exit_code, 0) << lint.err;
  EXPECT_EQ(lint.line.command, command::lint);
  EXPECT_EQ(lint.line.project, "apache/1");
  EXPECT_EQ(lint.line.format, "json");
  EXPECT_TRUE(lint.line.verbose);
  EXPECT_EQ(parse({"lint", "-c", "a.toml"}).line.format, "table");

  const auto redeliver = parse({"redeliver", "--since=6h", "--config", "a.toml", "--dry-run"});
  EXPECT_EQ(redeliver.line.command, command::redeliver);
  EXPECT_EQ(redeliver.line.since, "6h");
  EXPECT_TRUE(redeliver.line.dry_run);
}

TEST(cli, the_last_of_a_repeated_option_wins) {
  const auto r = parse({"--log-level", "info", "run", "--config", "a.toml", "--log-level", "debug", "-c", "b.toml"});
  ASSERT_LT(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.line.command, command::run);
  EXPECT_EQ(r.line.config_file, "b.toml");
  EXPECT_EQ(r.line.log_level, "debug");
}

}  // namespace
}  // namespace roadmapd::daemon
