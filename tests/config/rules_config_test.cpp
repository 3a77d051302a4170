// [rules] and [rule_sets.NAME] as a maintainer meets them: defaults when nothing is written,
// tuning per set and through `extends`, and one exact "file:line: key: what is wrong" per mistake.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace roadmapd::config {
namespace {

namespace fs = std::filesystem;
using strings = std::vector<std::string>;

const std::string token = "ghp_0123456789abcdefABCDEF0123456789abcd";
const fs::path config_file = "/etc/roadmapd/roadmapd.toml";

// Lines 1-9; with() appends a blank line 10 and the text from line 11 on.
const std::string minimal = R"([github]
token_file = "github-token"

[storage]
database = "roadmapd.db"

[[project]]
owner = "apache"
number = 42
)";

std::string with(const std::string& text) { return minimal + "\n" + text; }

class rules_config_test : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "roadmapd-rules-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    std::ofstream(dir_ / "github-token") << token << "\n";
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  result<settings> parse_text(std::string_view text) { return parse(text, config_file, dir_); }

  // Every error line `text` produces, or "(no error)".
  std::string error_of(std::string_view text) {
    auto s = parse_text(text);
    return s.has_value() ? "(no error)" : s.message();
  }

  // The settings `text` gives; fails the test with the errors if it gives none.
  settings ok(std::string_view text) {
    auto s = parse_text(text);
    if (!s.has_value()) {
      ADD_FAILURE() << s.message();
      return {};
    }
    return std::move(s.value());
  }

  fs::path dir_;
};

std::string at(int line, const std::string& rest) {
  return "/etc/roadmapd/roadmapd.toml:" + std::to_string(line) + ": " + rest;
}

strings names_of(const std::vector<section_spec>& sections) {
  strings out;
  for (const section_spec& s : sections) out.push_back(s.name);
  return out;
}

// Defaults -------------------------------------------------------------------------------------------

TEST_F(rules_config_test, absent_sections_mean_the_default_set_in_dry_run) {
  const settings s = ok(minimal);
  EXPECT_TRUE(s.rules.dry_run);
  EXPECT_EQ(s.rules.grace_period, std::chrono::minutes(30));
  EXPECT_EQ(s.rules.exempt_label, "roadmap:exempt");
  EXPECT_EQ(s.rules.when_resolved, resolved_comment::edit);
  EXPECT_EQ(s.rules.actions_per_minute, 20);
  EXPECT_EQ(s.rules.actions_per_hour, 200);
  ASSERT_EQ(s.rules.rule_sets.size(), 1u);
  ASSERT_TRUE(s.rules.rule_sets.contains("default"));
  const rule_set& d = s.rules.rule_sets.at("default");
  EXPECT_EQ(d.name, "default");
  EXPECT_FALSE(d.dry_run.has_value());
  EXPECT_EQ(d.status_field, "Status");
  EXPECT_EQ(d.done_statuses, strings{"Done"});
  EXPECT_TRUE(d.owner.enabled);
  EXPECT_EQ(d.owner.label, "roadmap:needs-owner");
  EXPECT_EQ(d.owner.fields, strings{"Owner"});
  EXPECT_FALSE(d.experts.enabled);
  EXPECT_EQ(names_of(d.sections.sections), (strings{"Motivation", "Goals", "Deliverables", "Scope"}));
  EXPECT_EQ(d.sections.sections[1].aliases, (strings{"End goals", "Goal", "Objectives"}));
  EXPECT_EQ(d.priority.field, "Priority");
  EXPECT_EQ(d.theme.themes_column, "Background & Motivations");
  EXPECT_TRUE(d.theme.themes.empty());
  EXPECT_EQ(d.schedule.target_fields, (strings{"Quarter", "Target date"}));
  EXPECT_EQ(d.label.roadmap_label, "roadmap");
  EXPECT_EQ(d.label.label, "");
  EXPECT_FALSE(d.backlog.enabled);
  EXPECT_EQ(d.backlog.column, "Backlog");
  EXPECT_TRUE(d.help_wanted.enabled);
  EXPECT_EQ(d.help_wanted.label, "help wanted");
  EXPECT_EQ(s.projects[0].rule_set, "default");
}

TEST_F(rules_config_test, an_empty_rules_section_changes_nothing) {
  const settings s = ok(with("[rules]\n"));
  EXPECT_TRUE(s.rules.dry_run);
  EXPECT_EQ(s.rules.grace_period, std::chrono::minutes(30));
  EXPECT_EQ(s.rules.rule_sets.size(), 1u);
}

// [rules] --------------------------------------------------------------------------------------------

TEST_F(rules_config_test, every_rules_key_is_read) {
  const settings s = ok(with(R"([rules]
dry_run = false
grace_period = "2h"
exempt_label = "no-bot"
when_resolved = "minimize"
actions_per_minute = 80
actions_per_hour = 500
)"));
  EXPECT_FALSE(s.rules.dry_run);
  EXPECT_EQ(s.rules.grace_period, std::chrono::hours(2));
  EXPECT_EQ(s.rules.exempt_label, "no-bot");
  EXPECT_EQ(s.rules.when_resolved, resolved_comment::minimize);
  EXPECT_EQ(s.rules.actions_per_minute, 80);
  EXPECT_EQ(s.rules.actions_per_hour, 500);
}

TEST_F(rules_config_test, zero_grace_period_and_empty_exempt_label_turn_them_off) {
  const settings s = ok(with("[rules]\ngrace_period = \"0s\"\nexempt_label = \"\"\n"));
  EXPECT_EQ(s.rules.grace_period, std::chrono::seconds(0));
  EXPECT_EQ(s.rules.exempt_label, "");
  EXPECT_EQ(ok(with("[rules]\ngrace_period = \"0m\"\n")).rules.grace_period, std::chrono::seconds(0));
}

TEST_F(rules_config_test, rules_errors) {
  EXPECT_EQ(error_of(with("[rules]\ndry_run = \"yes\"\n")),
            at(12, "rules.dry_run: expected a boolean (true or false), got a string"));
  EXPECT_EQ(error_of(with("[rules]\ngrace_period = 30\n")),
            at(12, "rules.grace_period: expected a duration string such as \"30s\", \"5m\" or \"6h\", got an integer"));
  EXPECT_EQ(error_of(with("[rules]\ngrace_period = \"half an hour\"\n")),
            at(12, "rules.grace_period: invalid duration \"half an hour\" (use a number and a unit: 30s, 5m, 6h, 1d)"));
  EXPECT_EQ(error_of(with("[rules]\nwhen_resolved = \"delete\"\n")),
            at(12, "rules.when_resolved: unknown value \"delete\" (use \"edit\" or \"minimize\")"));
  EXPECT_EQ(error_of(with("[rules]\nactions_per_minute = 81\n")),
            at(12, "rules.actions_per_minute: 81 is out of range (1 to 80)"));
  EXPECT_EQ(error_of(with("[rules]\nactions_per_hour = 0\n")),
            at(12, "rules.actions_per_hour: 0 is out of range (1 to 500)"));
  EXPECT_EQ(error_of(with("[rules]\nexempt_label = \"roadmap:exempt \"\n")),
            at(12, "rules.exempt_label: \"roadmap:exempt \" has leading or trailing spaces, which GitHub drops from "
                   "label names"));
  EXPECT_EQ(error_of(with("[rules]\nexempt_label = \"" + std::string(51, 'x') + "\"\n")),
            at(12, "rules.exempt_label: \"" + std::string(51, 'x') +
                       "\" is longer than the 50 characters GitHub allows in a label name"));
}

TEST_F(rules_config_test, per_minute_cap_must_not_exceed_per_hour_cap) {
  EXPECT_EQ(error_of(with("[rules]\nactions_per_minute = 50\nactions_per_hour = 40\n")),
            at(13, "rules.actions_per_hour: actions_per_minute (50) must not exceed actions_per_hour (40)"));
  // With the default per-hour cap (200), the per-minute line is the one the maintainer wrote.
  EXPECT_EQ(error_of(with("[rules]\nactions_per_hour = 10\n")),
            at(12, "rules.actions_per_hour: actions_per_minute (20) must not exceed actions_per_hour (10)"));
  EXPECT_EQ(ok(with("[rules]\nactions_per_minute = 5\nactions_per_hour = 5\n")).rules.actions_per_hour, 5);
}

TEST_F(rules_config_test, unknown_rules_keys) {
  EXPECT_EQ(error_of(with("[rules]\ndryrun = true\n")),
            at(12, "rules.dryrun: unknown key (did you mean \"dry_run\"?)"));
  // Rule settings written where the global ones go.
  EXPECT_EQ(error_of(with("[rules.owner]\nenabled = false\n")),
            at(11, "rules.owner: rule settings belong in a rule set: [rule_sets.default.owner], or the set your "
                   "boards use"));
}

// Rule sets ------------------------------------------------------------------------------------------

TEST_F(rules_config_test, a_set_tunes_every_rule) {
  const settings s = ok(with(R"([rule_sets.default]
dry_run = false
status_field = "Column"
done_statuses = ["Done", "Shipped"]

[rule_sets.default.owner]
fields = ["Owner", "Champion"]
label = "needs-owner"

[rule_sets.default.experts]
enabled = true
fields = ["SME", "Reviewers"]

[rule_sets.default.sections]
sections = [{name = "Why", aliases = ["Motivation"]}, "Plan", {name = "Scope"}]
placeholders = ["TBD", "?"]

[rule_sets.default.priority]
field = "Importance"

[rule_sets.default.theme]
field = "Area"
themes_column = ""
themes = ["Performance", "Usability"]

[rule_sets.default.schedule]
target_fields = ["Release"]

[rule_sets.default.dependencies]
enabled = false
phrases = ["needs"]

[rule_sets.default.label]
roadmap_label = "tvm:roadmap"
label = "roadmap:needs-label"

[rule_sets.default.backlog]
enabled = true
column = "Later"

[rule_sets.default.help_wanted]
label = "good first issue"
)"));
  ASSERT_EQ(s.rules.rule_sets.size(), 1u);
  const rule_set& d = s.rules.rule_sets.at("default");
  EXPECT_EQ(d.line, 11);
  EXPECT_EQ(d.dry_run, false);
  EXPECT_EQ(d.status_field, "Column");
  EXPECT_EQ(d.done_statuses, (strings{"Done", "Shipped"}));
  EXPECT_EQ(d.owner.fields, (strings{"Owner", "Champion"}));
  EXPECT_EQ(d.owner.label, "needs-owner");
  EXPECT_TRUE(d.owner.enabled);
  EXPECT_TRUE(d.experts.enabled);
  EXPECT_EQ(d.experts.fields, (strings{"SME", "Reviewers"}));
  EXPECT_EQ(d.experts.label, "roadmap:needs-experts");
  EXPECT_EQ(names_of(d.sections.sections), (strings{"Why", "Plan", "Scope"}));
  EXPECT_EQ(d.sections.sections[0].aliases, strings{"Motivation"});
  EXPECT_TRUE(d.sections.sections[1].aliases.empty());
  EXPECT_EQ(d.sections.placeholders, (strings{"TBD", "?"}));
  EXPECT_EQ(d.priority.field, "Importance");
  EXPECT_EQ(d.theme.field, "Area");
  EXPECT_EQ(d.theme.themes_column, "");
  EXPECT_EQ(d.theme.themes, (strings{"Performance", "Usability"}));
  EXPECT_EQ(d.schedule.target_fields, strings{"Release"});
  EXPECT_FALSE(d.dependencies.enabled);
  EXPECT_EQ(d.dependencies.phrases, strings{"needs"});
  EXPECT_EQ(d.label.roadmap_label, "tvm:roadmap");
  EXPECT_EQ(d.label.label, "roadmap:needs-label");
  EXPECT_TRUE(d.backlog.enabled);
  EXPECT_EQ(d.backlog.column, "Later");
  EXPECT_EQ(d.help_wanted.label, "good first issue");
}

TEST_F(rules_config_test, sets_without_extends_start_from_the_defaults) {
  const settings s = ok(with(R"([rule_sets.default.owner]
fields = ["Champion"]

[rule_sets.relaxed.sections]
enabled = false
)"));
  ASSERT_EQ(s.rules.rule_sets.size(), 2u);
  const rule_set& relaxed = s.rules.rule_sets.at("relaxed");
  EXPECT_EQ(relaxed.name, "relaxed");
  EXPECT_EQ(relaxed.line, 14);
  EXPECT_FALSE(relaxed.sections.enabled);
  // Not the default set's tuning: [rule_sets.default] is a set like any other.
  EXPECT_EQ(relaxed.owner.fields, strings{"Owner"});
  EXPECT_TRUE(s.rules.rule_sets.at("default").sections.enabled);
}

TEST_F(rules_config_test, extends_chains_inherit_what_is_not_written) {
  // Written child first: sets are resolved after all of them are read.
  const settings s = ok(with(R"([rule_sets.strict]
extends = "standard"
[rule_sets.strict.backlog]
enabled = true

[rule_sets.standard]
extends = "default"
dry_run = false
done_statuses = ["Shipped"]
[rule_sets.standard.experts]
enabled = true
[rule_sets.standard.sections]
placeholders = ["TBD"]

[rule_sets.default.owner]
fields = ["Champion"]
label = ""
)"));
  const rule_set& standard = s.rules.rule_sets.at("standard");
  const rule_set& strict = s.rules.rule_sets.at("strict");
  EXPECT_EQ(standard.owner.fields, strings{"Champion"});
  EXPECT_EQ(standard.owner.label, "");
  EXPECT_EQ(standard.dry_run, false);
  EXPECT_EQ(standard.name, "standard");
  EXPECT_FALSE(standard.backlog.enabled);
  // strict <- standard <- default: each key from the nearest set that writes it.
  EXPECT_EQ(strict.name, "strict");
  EXPECT_EQ(strict.line, 11);
  EXPECT_TRUE(strict.backlog.enabled);
  EXPECT_EQ(strict.dry_run, false);
  EXPECT_EQ(strict.done_statuses, strings{"Shipped"});
  EXPECT_TRUE(strict.experts.enabled);
  EXPECT_EQ(strict.experts.fields, strings{"SME"});
  EXPECT_EQ(strict.sections.placeholders, strings{"TBD"});
  // Within a rule too: only the keys written replace the inherited ones.
  EXPECT_EQ(names_of(strict.sections.sections), (strings{"Motivation", "Goals", "Deliverables", "Scope"}));
  EXPECT_EQ(strict.owner.fields, strings{"Champion"});
  EXPECT_EQ(strict.owner.label, "");
}

TEST_F(rules_config_test, extends_default_without_writing_it_means_the_defaults) {
  const settings s =
      ok(with("[rule_sets.strict]\nextends = \"default\"\n[rule_sets.strict.experts]\nenabled = true\n"));
  EXPECT_TRUE(s.rules.rule_sets.at("strict").experts.enabled);
  EXPECT_EQ(s.rules.rule_sets.at("strict").owner.fields, strings{"Owner"});
  EXPECT_EQ(s.rules.rule_sets.at("default").line, 0);
}

TEST_F(rules_config_test, extends_must_name_a_set_and_make_no_cycle) {
  EXPECT_EQ(error_of(with("[rule_sets.strict]\nextends = \"relaxd\"\n[rule_sets.relaxed]\n")),
            at(12, "rule_sets.strict.extends: no rule set named \"relaxd\" (did you mean \"relaxed\"?)"));
  EXPECT_EQ(error_of(with("[rule_sets.strict]\nextends = \"strict\"\n")),
            at(12, "rule_sets.strict.extends: extends makes a cycle (strict -> strict): a set cannot extend itself, "
                   "directly or through others"));
  // One message per cycle, at its first set; a set that extends into the cycle adds none.
  EXPECT_EQ(error_of(with(R"([rule_sets.a]
extends = "b"
[rule_sets.b]
extends = "c"
[rule_sets.c]
extends = "a"
[rule_sets.d]
extends = "a"
)")),
            at(12, "rule_sets.a.extends: extends makes a cycle (a -> b -> c -> a): a set cannot extend itself, "
                   "directly or through others"));
  EXPECT_EQ(error_of(with("[rule_sets.a]\nextends = 1\n")),
            at(12, "rule_sets.a.extends: expected a string, got an integer"));
}

TEST_F(rules_config_test, a_set_in_a_cycle_still_reports_its_own_mistakes) {
  EXPECT_EQ(error_of(with("[rule_sets.a]\nextends = \"a\"\n[rule_sets.a.owner]\nenabld = true\n")),
            at(12, "rule_sets.a.extends: extends makes a cycle (a -> a): a set cannot extend itself, directly or "
                   "through others") + "\n" +
                at(14, "rule_sets.a.owner.enabld: unknown key (did you mean \"enabled\"?)"));
}

// Per-project sets -----------------------------------------------------------------------------------

TEST_F(rules_config_test, projects_choose_their_set) {
  const settings s = ok(minimal + R"(rule_set = "strict"

[[project]]
owner = "apache"
number = 43

[rule_sets.strict.experts]
enabled = true
)");
  ASSERT_EQ(s.projects.size(), 2u);
  EXPECT_EQ(s.projects[0].rule_set, "strict");
  EXPECT_EQ(s.projects[1].rule_set, "default");
  EXPECT_TRUE(s.rules.rule_sets.at(s.projects[0].rule_set).experts.enabled);
  EXPECT_FALSE(s.rules.rule_sets.at(s.projects[1].rule_set).experts.enabled);
  EXPECT_EQ(ok(minimal + "rule_set = \"default\"\n").projects[0].rule_set, "default");
}

TEST_F(rules_config_test, a_project_must_name_a_defined_set) {
  EXPECT_EQ(error_of(minimal + "rule_set = \"stirct\"\n[rule_sets.strict]\n"),
            at(10, "project[0].rule_set: no rule set named \"stirct\" (did you mean \"strict\"?)"));
  EXPECT_EQ(error_of(minimal + "rule_set = \"components\"\n[rule_sets.strict]\n"),
            at(10, "project[0].rule_set: no rule set named \"components\" (define [rule_sets.components] or use one "
                   "of: default, strict)"));
  EXPECT_EQ(error_of(minimal + "rule_set = 2\n"), at(10, "project[0].rule_set: expected a string, got an integer"));
}

// Mistakes inside a set ------------------------------------------------------------------------------

TEST_F(rules_config_test, unknown_rules_and_keys_suggest_the_closest) {
  EXPECT_EQ(error_of(with("[rule_sets.default.ownr]\nenabled = false\n")),
            at(11, "rule_sets.default.ownr: unknown key (did you mean \"owner\"?)"));
  EXPECT_EQ(error_of(with("[rule_sets.default.help-wanted]\nenabled = false\n")),
            at(11, "rule_sets.default.help-wanted: unknown key (did you mean \"help_wanted\"?)"));
  EXPECT_EQ(error_of(with("[rule_sets.default.owner]\nfeilds = [\"Owner\"]\n")),
            at(12, "rule_sets.default.owner.feilds: unknown key (did you mean \"fields\"?)"));
  EXPECT_EQ(error_of(with("[rule_sets.default.priority]\ncolour = \"red\"\n")),
            at(12, "rule_sets.default.priority.colour: unknown key (known keys: enabled, label, field)"));
  EXPECT_EQ(error_of(with("[rule_sets.default]\ngrace_period = \"1h\"\n")),
            at(12, "rule_sets.default.grace_period: belongs in [rules]: it applies to every board, whatever its rule "
                   "set"));
}

TEST_F(rules_config_test, wrong_types_name_expected_and_found) {
  EXPECT_EQ(error_of("rule_sets = \"strict\"\n" + minimal),
            at(1, "rule_sets: expected a table ([rule_sets]), got a string"));
  // Below a [[project]] header, the key belongs to that project.
  EXPECT_EQ(error_of(minimal + "rule_sets = \"strict\"\n"),
            at(10, "project[0].rule_sets: unknown key (did you mean \"rule_set\"?)"));
  EXPECT_EQ(error_of(with("[rule_sets]\nstrict = 3\n")),
            at(12, "rule_sets.strict: expected a table ([rule_sets.strict]), got an integer"));
  EXPECT_EQ(error_of(with("[rule_sets.default]\nowner = true\n")),
            at(12, "rule_sets.default.owner: expected a table ([rule_sets.default.owner]), got a boolean"));
  EXPECT_EQ(error_of(with("[rule_sets.default]\ndry_run = 0\n")),
            at(12, "rule_sets.default.dry_run: expected a boolean (true or false), got an integer"));
  EXPECT_EQ(error_of(with("[rule_sets.default.owner]\nenabled = \"no\"\n")),
            at(12, "rule_sets.default.owner.enabled: expected a boolean (true or false), got a string"));
  EXPECT_EQ(error_of(with("[rule_sets.default.owner]\nfields = \"Owner\"\n")),
            at(12, "rule_sets.default.owner.fields: expected an array of strings, got a string"));
  EXPECT_EQ(error_of(with("[rule_sets.default.theme]\nthemes = [\"Perf\", 2]\n")),
            at(12, "rule_sets.default.theme.themes[1]: expected a string, got an integer"));
  EXPECT_EQ(error_of(with("[rule_sets.default.sections]\nsections = \"Motivation\"\n")),
            at(12, "rule_sets.default.sections.sections: expected an array of sections such as [{name = "
                   "\"Motivation\", aliases = [\"Why\"]}], got a string"));
  EXPECT_EQ(error_of(with("[rule_sets.default.sections]\nsections = [\"Why\", 3]\n")),
            at(12, "rule_sets.default.sections.sections[1]: expected a section such as {name = \"Motivation\", "
                   "aliases = [\"Why\"]}, got an integer"));
}

TEST_F(rules_config_test, a_set_name_is_a_plain_word) {
  EXPECT_EQ(error_of(with("[rule_sets.\"my set\"]\n")),
            at(11, "rule_sets.my set: a rule set's name is letters, digits, '-' and '_'"));
}

TEST_F(rules_config_test, sections_must_be_named_and_headings_unique) {
  EXPECT_EQ(error_of(with("[rule_sets.default.sections]\nsections = [{name = \" \"}]\n")),
            at(12, "rule_sets.default.sections.sections[0].name: a section's name must not be empty"));
  EXPECT_EQ(error_of(with("[rule_sets.default.sections]\nsections = [\"\"]\n")),
            at(12, "rule_sets.default.sections.sections[0]: a section's name must not be empty"));
  EXPECT_EQ(error_of(with("[rule_sets.default.sections]\nsections = [{aliases = [\"Why\"]}]\n")),
            at(12, "rule_sets.default.sections.sections[0].name: required key is missing"));
  EXPECT_EQ(error_of(with("[rule_sets.default.sections]\nsections = [{name = \"Why\", alias = [\"Reason\"]}]\n")),
            at(12, "rule_sets.default.sections.sections[0].alias: unknown key (did you mean \"aliases\"?)"));
  EXPECT_EQ(error_of(with("[rule_sets.default.sections]\nsections = [{name = \"Why\", aliases = [\"\"]}]\n")),
            at(12, "rule_sets.default.sections.sections[0].aliases: names must not be empty"));
  // Headings compare as a reader sees them: case does not matter.
  EXPECT_EQ(error_of(with(R"([rule_sets.default.sections]
sections = [
  {name = "Motivation", aliases = ["Why"]},
  {name = "Goals", aliases = ["why"]},
  {name = "Scope", aliases = ["Scope"]},
]
)")),
            at(14, "rule_sets.default.sections.sections[1]: heading \"why\" is already used by section \"Motivation\": "
                   "each heading may belong to one section only") + "\n" +
                at(15, "rule_sets.default.sections.sections[2]: heading \"Scope\" is already used by this section: "
                       "each heading may belong to one section only"));
  EXPECT_EQ(error_of(with("[rule_sets.default.sections]\nplaceholders = [\"TBD\", \" \"]\n")),
            at(12, "rule_sets.default.sections.placeholders: placeholders must not be empty (an empty section always "
                   "counts as missing)"));
}

TEST_F(rules_config_test, sections_as_an_array_of_tables) {
  const settings s = ok(with(R"([[rule_sets.default.sections.sections]]
name = "Motivation"
aliases = ["Why"]

[[rule_sets.default.sections.sections]]
name = "Plan"
)"));
  EXPECT_EQ(names_of(s.rules.rule_sets.at("default").sections.sections), (strings{"Motivation", "Plan"}));
}

TEST_F(rules_config_test, an_enabled_rule_needs_something_to_check) {
  EXPECT_EQ(error_of(with("[rule_sets.default.experts]\nenabled = true\nfields = []\n")),
            at(13, "rule_sets.default.experts.fields: must list at least one field, or set enabled = false to turn "
                   "the rule off"));
  EXPECT_EQ(error_of(with("[rule_sets.default.sections]\nsections = []\n")),
            at(12, "rule_sets.default.sections.sections: must list at least one section, or set enabled = false to "
                   "turn the rule off"));
  EXPECT_EQ(error_of(with("[rule_sets.default.schedule]\ntarget_fields = []\n")),
            at(12, "rule_sets.default.schedule.target_fields: must list at least one iteration or date field, or set "
                   "enabled = false to turn the rule off"));
  EXPECT_EQ(error_of(with("[rule_sets.default.theme]\nthemes_column = \"\"\n")),
            at(12, "rule_sets.default.theme.themes_column: is empty and themes lists none: the rule would know no "
                   "themes (name the column whose cards are the themes, or list them in themes)"));
  EXPECT_EQ(error_of(with("[rule_sets.default.help_wanted]\nlabel = \"\"\n")),
            at(12, "rule_sets.default.help_wanted.label: must name a label: adding it is this rule's only action "
                   "(set enabled = false to turn the rule off)"));
  // Turned off, the same settings are fine.
  EXPECT_FALSE(ok(with("[rule_sets.default.sections]\nenabled = false\nsections = []\n"))
                   .rules.rule_sets.at("default").sections.enabled);
  EXPECT_TRUE(ok(with("[rule_sets.default.owner]\nfields = []\n")).rules.rule_sets.at("default").owner.fields.empty());
}

TEST_F(rules_config_test, names_and_labels_are_checked) {
  EXPECT_EQ(error_of(with("[rule_sets.default]\nstatus_field = \"\"\n")),
            at(12, "rule_sets.default.status_field: must name the board's single-select field whose options are its "
                   "columns"));
  EXPECT_EQ(error_of(with("[rule_sets.default.priority]\nfield = \" \"\n")),
            at(12, "rule_sets.default.priority.field: must name the board's priority field"));
  EXPECT_EQ(error_of(with("[rule_sets.default.backlog]\ncolumn = \"\"\n")),
            at(12, "rule_sets.default.backlog.column: must name the Status option items are moved to"));
  EXPECT_EQ(error_of(with("[rule_sets.default]\ndone_statuses = [\"Done\", \"\"]\n")),
            at(12, "rule_sets.default.done_statuses: names must not be empty"));
  EXPECT_EQ(error_of(with("[rule_sets.default.label]\nroadmap_label = \"\"\n")),
            at(12, "rule_sets.default.label.roadmap_label: must name a label"));
  EXPECT_EQ(error_of(with("[rule_sets.default.owner]\nlabel = \"needs\\nowner\"\n")),
            at(12, "rule_sets.default.owner.label: a label name is one line of text"));
  // Labelling an item with the exemption label would exempt it from the very rule that labelled it.
  EXPECT_EQ(error_of(with("[rules]\nexempt_label = \"skip\"\n\n[rule_sets.default.owner]\nlabel = \"Skip\"\n")),
            at(15, "rule_sets.default.owner.label: \"Skip\" is the exemption label ([rules] exempt_label): roadmapd "
                   "would exempt every item it labels"));
}

TEST_F(rules_config_test, all_problems_are_reported_in_file_order) {
  EXPECT_EQ(error_of(minimal + R"(rule_set = "nope"

[rule_sets.default]
extends = "missing"
[rule_sets.default.owner]
enabled = 1

[rules]
when_resolved = "hide"
)"),
            at(10, "project[0].rule_set: no rule set named \"nope\" (define [rule_sets.nope] or use one of: default)") +
                "\n" + at(13, "rule_sets.default.extends: no rule set named \"missing\"") + "\n" +
                at(15, "rule_sets.default.owner.enabled: expected a boolean (true or false), got an integer") + "\n" +
                at(18, "rules.when_resolved: unknown value \"hide\" (use \"edit\" or \"minimize\")"));
}

// The shipped example ----------------------------------------------------------------------------------

TEST_F(rules_config_test, example_file_runs_dry_and_shows_tuning) {
  fs::copy_file(fs::path(ROADMAPD_SOURCE_DIR) / "config/roadmapd.example.toml", dir_ / "roadmapd.toml");
  ::unsetenv("CREDENTIALS_DIRECTORY");
  auto s = load(dir_ / "roadmapd.toml");
  ASSERT_TRUE(s.has_value()) << s.message();
  EXPECT_TRUE(s->rules.dry_run);
  for (const auto& [name, set] : s->rules.rule_sets) {
    EXPECT_NE(set.dry_run, std::optional<bool>(false)) << "rule set " << name << " would send mutations";
  }
  ASSERT_EQ(s->projects.size(), 2u);
  const rule_set& components = s->rules.rule_sets.at(s->projects[1].rule_set);
  EXPECT_NE(components.name, "default");
  EXPECT_EQ(s->rules.rule_sets.at("default").label.roadmap_label, "tvm:roadmap");
  // The component set extends the default one and changes something.
  EXPECT_EQ(components.label.roadmap_label, "tvm:roadmap");
  EXPECT_TRUE(components.backlog.enabled);
}

}  // namespace
}  // namespace roadmapd::config
