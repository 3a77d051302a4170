// The command line of the real binary, as an operator meets it: help for each command, --log-level
// before or after the command, usage errors that name what is wrong (exit 2, "roadmapd: why" and a
// hint on stderr), and version with the git revision. No GitHub is needed: none of these syncs.
#include <filesystem>
#include <regex>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "roadmapd_runner.hpp"

namespace roadmapd::test {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class command_line_test : public ::testing::Test {
 protected:
  temp_dir dir;
  std::filesystem::path config = write_valid_config();

  std::filesystem::path write_valid_config() {
    dir.write("github-token", "test-token\n");
    return dir.write("roadmapd.toml", "[github]\napi_url = \"https://api.github.com\"\ntoken_file = \"github-token\"\n"
                                      "[storage]\ndatabase = \"mirror.db\"\n\n" +
                                          fixture_targets_toml());
  }

  run_result run(std::vector<std::string> args) { return roadmapd(std::move(args), dir, std::chrono::seconds(30)); }

  // A usage error: exit 2, nothing on stdout, "roadmapd: <why>" and the --help hint for `command`.
  void expect_usage_error(const run_result& r, const std::string& why, const std::string& command = "") {
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_THAT(r.out, IsEmpty());
    EXPECT_EQ(r.err, "roadmapd: " + why + "\nTry 'roadmapd" + (command.empty() ? "" : " " + command) +
                         " --help' for more information.\n");
  }
};

TEST_F(command_line_test, a_command_explains_itself_with_help) {
  const auto r = run({"run", "--help"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, IsEmpty());
  EXPECT_THAT(r.out, HasSubstr("Usage: roadmapd run --config FILE\n"));
  EXPECT_THAT(r.out, HasSubstr("-c,--config FILE"));
  EXPECT_THAT(r.out, HasSubstr("--log-level LEVEL:{trace,debug,info,warn,error}"));

  const auto lint = run({"lint", "-h"});
  EXPECT_EQ(lint.exit_code, 0);
  EXPECT_THAT(lint.out, HasSubstr("Usage: roadmapd lint --config FILE [--project NAME] [--format FORMAT] [--verbose]"));
  EXPECT_THAT(lint.out, HasSubstr("--format FORMAT:{table,json}"));
  EXPECT_THAT(lint.out, Not(HasSubstr("Usage: roadmapd run")));

  EXPECT_EQ(run({"help", "lint"}).out, lint.out);
}

TEST_F(command_line_test, help_lists_every_command) {
  for (const auto& spelling : {"--help", "-h", "help"}) {
    const auto r = run({spelling});
    EXPECT_EQ(r.exit_code, 0) << spelling;
    EXPECT_THAT(r.err, IsEmpty()) << spelling;
    EXPECT_THAT(r.out, HasSubstr("Usage: roadmapd [--log-level LEVEL] COMMAND [OPTIONS]")) << spelling;
    for (const auto& command : {"run", "sync", "redeliver", "enforce", "lint", "check-config", "version"}) {
      EXPECT_THAT(r.out, HasSubstr(std::string("\n  ") + command + " ")) << spelling << " " << command;
    }
  }
}

TEST_F(command_line_test, log_level_goes_before_or_after_the_command) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--log-level", "debug", "check-config", config.string()},
           {"check-config", config.string(), "--log-level", "debug"},
           {"--log-level=warn", "check-config", "--log-level", "error", config.string()}}) {
    const auto r = run(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("OK (4 boards, 2 repositories"));
  }
  expect_usage_error(run({"--log-level", "loud", "check-config", config.string()}),
                     "--log-level needs one of trace, debug, info, warn, error");
}

TEST_F(command_line_test, check_config_takes_the_file_as_its_usage_says_or_with_config) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"check-config", config.string()},
                                                                {"check-config", "--config", config.string()},
                                                                {"check-config", "--config=" + config.string()},
                                                                {"check-config", "-c", config.string()}}) {
    const auto r = run(args);
    EXPECT_EQ(r.exit_code, 0) << args[1] << ": " << r.err;
    EXPECT_EQ(r.out, config.string() + ": OK (4 boards, 2 repositories, database " + (dir / "mirror.db").string() + ")\n");
  }
  expect_usage_error(run({"check-config"}), "check-config needs FILE", "check-config");
}

TEST_F(command_line_test, an_unknown_command_is_named) {
  expect_usage_error(run({"frobnicate"}), "unknown command 'frobnicate'");
  expect_usage_error(run({"frobnicate", "--config", config.string()}), "unknown command 'frobnicate'");
  expect_usage_error(run({"--log-level", "info", "frobnicate"}), "unknown command 'frobnicate'");
  expect_usage_error(run({"help", "frobnicate"}), "unknown command 'frobnicate'", "help");
  expect_usage_error(run({"--frobnicate"}), "unknown option '--frobnicate'");
  expect_usage_error(run({}), "no command given");
}

TEST_F(command_line_test, options_a_command_does_not_take_are_refused) {
  const auto once = run({"run", "--once", "--config", config.string()});
  expect_usage_error(once, "run does not take --once", "run");
  expect_usage_error(run({"sync", "--once", "--dry-run", "--config", config.string()}), "sync does not take --dry-run",
                     "sync");
  expect_usage_error(run({"lint", "--config", config.string(), "--full=yes"}), "lint does not take --full", "lint");
  expect_usage_error(run({"run", "--config", config.string(), "extra"}), "run: unexpected argument 'extra'", "run");
}

TEST_F(command_line_test, missing_required_options_are_named) {
  expect_usage_error(run({"sync", "--config", config.string()}), "sync needs --once (use 'run' to sync forever)", "sync");
  expect_usage_error(run({"enforce", "--config", config.string()}), "enforce needs --once ('run' enforces continuously)",
                     "enforce");
  expect_usage_error(run({"run"}), "run needs --config FILE", "run");
  expect_usage_error(run({"sync", "--once"}), "sync needs --config FILE", "sync");
  expect_usage_error(run({"redeliver", "--config", config.string()}),
                     "redeliver needs --since TIME (e.g. 2026-11-20T00:00:00Z or 6h)", "redeliver");
}

TEST_F(command_line_test, version_names_the_git_revision) {
  const auto r = run({"version"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // A build from a git checkout (as here) knows its revision; a source tarball would say "unknown".
  const bool from_git = std::filesystem::exists(std::filesystem::path(ROADMAPD_SOURCE_DIR) / ".git");
  // git describe: "23bfe1c", "23bfe1c-dirty", or with a tag "v0.1.0-3-g23bfe1c".
  const std::regex expected(from_git ? R"(roadmapd \d+\.\d+\.\d+ \(git ([\w.+-]+-g)?[0-9a-f]{7,}(-dirty)?\)\n)"
                                     : R"(roadmapd \d+\.\d+\.\d+ \(git unknown\)\n)");
  EXPECT_TRUE(std::regex_match(r.out, expected)) << r.out;
  EXPECT_EQ(run({"--version"}).out, r.out);
}

}  // namespace
}  // namespace roadmapd::test
