// roadmapd_cli as data: what parse_command_line fills in, and the man page and the shell completions
// written from the same definitions covering every command, option and choice.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli.hpp"
#include "cli_docs.hpp"

namespace roadmapd::daemon {
namespace {

using ::testing::HasSubstr;

parse_result parse(std::vector<const char*> args) {
  args.insert(args.begin(), "roadmapd");
  return parse_command_line(static_cast<int>(args.size()), args.data());
}

// As roff writes a name: minus signs escaped.
std::string in_roff(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
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

TEST(cli_docs, every_command_option_and_choice_is_in_the_man_page_and_both_completions) {
  command_line unused;
  const auto app = make_app(unused);
  const auto man = man_page(*app, "0.1.0", "/usr/share/doc/roadmapd");
  const auto bash = bash_completion(*app);
  const auto zsh = zsh_completion(*app);
  EXPECT_THAT(man, HasSubstr(".TH ROADMAPD 1 \"\" \"roadmapd 0.1.0\""));
  EXPECT_THAT(zsh, ::testing::StartsWith("#compdef roadmapd\n"));

  std::vector<const CLI::App*> apps{app.get()};
  for (const CLI::App* sub : app->get_subcommands({})) {
    apps.push_back(sub);
    EXPECT_THAT(man, HasSubstr(".SS " + in_roff(synopsis(*sub)) + "\n")) << sub->get_name();
    EXPECT_THAT(bash, HasSubstr("\n    " + sub->get_name() + ")\n"));
    EXPECT_THAT(zsh, HasSubstr("\n        '" + sub->get_name() + ":"));
    EXPECT_THAT(zsh, HasSubstr("\n        " + sub->get_name() + ")\n"));
  }
  for (const CLI::App* a : apps) {
    for (const CLI::Option* o : a->get_options()) {
      for (const auto& l : o->get_lnames()) {
        EXPECT_THAT(man, HasSubstr("\\fB" + in_roff("--" + l) + "\\fR")) << a->get_name() << " --" << l;
        EXPECT_THAT(bash, HasSubstr("--" + l)) << a->get_name() << " --" << l;
        EXPECT_THAT(zsh, HasSubstr("--" + l)) << a->get_name() << " --" << l;
      }
      for (const auto& choice : choices_of(*o)) {
        EXPECT_THAT(man, HasSubstr(in_roff(choice))) << o->get_name();
        EXPECT_THAT(bash, HasSubstr(choice)) << o->get_name();
        EXPECT_THAT(zsh, HasSubstr(choice)) << o->get_name();
      }
    }
  }
  EXPECT_EQ(choices_of(*app->get_option("--log-level")),
            (std::vector<std::string>{"trace", "debug", "info", "warn", "error"}));
}

}  // namespace
}  // namespace roadmapd::daemon
