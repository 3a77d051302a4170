// roadmapd's command line (see cli.hpp): the definitions, and CLI11's parse errors turned into
// roadmapd's usage errors, one line that says what is wrong in the operator's terms.
#include "cli.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <regex>
#include <sstream>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "util/logging.hpp"

namespace roadmapd::daemon {
namespace {

constexpr const char* program = "roadmapd";

// What a usage error adds when a command misses a required option: where to go instead.
const std::map<std::string, std::string, std::less<>> required_hints = {
    {"sync --once", "use 'run' to sync forever"},
    {"enforce --once", "'run' enforces continuously"},
    {"redeliver --since", "e.g. 2026-11-20T00:00:00Z or 6h"},
};

// Restricts `option` to `choices`. The choices are also the validator's description ("{a,b}"),
// which is where CLI11's help shows them and choices_of() finds them for the man page and the
// completions. A value outside them is refused with `refusal(value)`, thrown as a plain ParseError:
// CLI11 would prefix a returned message with the option's name, and these messages are the ones
// roadmapd has always printed.
CLI::Option* one_of(CLI::Option* option, std::vector<std::string> choices,
                    std::function<std::string(const std::string&)> refusal) {
  std::string description;
  for (const auto& c : choices) description += (description.empty() ? "{" : ",") + c;
  option->check(CLI::Validator(
      [choices, refusal](std::string& value) {
        if (std::find(choices.begin(), choices.end(), value) == choices.end()) {
          throw CLI::ParseError(refusal(value), CLI::ExitCodes::ValidationError);
        }
        return std::string();
      },
      description + "}", "choices"));
  return option;
}

// --log-level, on the program and on each command, so that it may come before or after the command
// and shows in each command's --help. Assigned as it is parsed: the last one given wins.
void add_log_level(CLI::App& app, command_line& into) {
  std::vector<std::string> levels(util::log_levels.begin(), util::log_levels.end());
  std::string refusal = "--log-level needs one of " + levels.front();
  for (std::size_t i = 1; i < levels.size(); ++i) refusal += ", " + levels[i];
  auto* option = app.add_option("--log-level", into.log_level, "wins over the configuration's [log] level");
  one_of(option->type_name("LEVEL")->trigger_on_parse()->group(every_command_group), levels,
         [refusal](const std::string&) { return refusal; });
}

CLI::App* add_command(CLI::App& app, command_line& into, const char* name, command which, std::string description) {
  auto* sub = app.add_subcommand(name, std::move(description));
  sub->group("Commands");
  sub->parse_complete_callback([&into, which] { into.command = which; });
  add_log_level(*sub, into);
  return sub;
}

CLI::Option* add_config(CLI::App& command, command_line& into) {
  return command.add_option("-c,--config", into.config_file, "the configuration file (TOML)")
      ->type_name("FILE")
      ->required();
}

// CLI11's help with roadmapd's usage line, the one the man page's SYNOPSIS has.
class help_formatter : public CLI::Formatter {
 public:
  std::string make_usage(const CLI::App* app, std::string) const override {
    return "Usage: " + synopsis(*app) + "\n";
  }
  // A positional is its value ("FILE"): show its choices, if any, not "FILE FILE REQUIRED".
  std::string make_option_opts(const CLI::Option* option) const override {
    if (!option->get_positional()) return CLI::Formatter::make_option_opts(option);
    std::string list;
    for (const auto& c : choices_of(*option)) list += (list.empty() ? " {" : ",") + c;
    return list.empty() ? list : list + "}";
  }
};

// "--config FILE", "--once" or "FILE": how usage errors name an option.
std::string usage_name(const CLI::Option& o) {
  if (o.get_positional()) return o.get_name(true, false);
  const std::string value = value_name(o);
  return o.get_name() + (value.empty() ? "" : " " + value);
}

// The command a parse error is about: the innermost one given, or the program.
const CLI::App& innermost(const CLI::App& app) {
  const CLI::App* at = &app;
  for (auto subs = at->get_subcommands(); !subs.empty(); subs = at->get_subcommands()) at = subs.front();
  return *at;
}

std::string command_of(const CLI::App& app) { return app.get_parent() ? app.get_name() : std::string(program); }

std::string explain(const CLI::App& app, const CLI::ParseError& e) {
  const std::string what = e.what();
  const CLI::App& at = innermost(app);
  const std::string name = command_of(at);
  if (dynamic_cast<const CLI::RequiredError*>(&e)) {
    for (const CLI::Option* o : at.get_options()) {
      if (!o->get_required() || o->count() > 0) continue;
      std::string why = name + " needs " + usage_name(*o);
      const std::string lname = o->get_lnames().empty() ? "" : "--" + o->get_lnames().front();
      if (auto hint = required_hints.find(name + " " + lname); hint != required_hints.end()) {
        why += " (" + hint->second + ")";
      }
      return why;
    }
  }
  if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
    const auto extras = at.remaining(false);
    if (!extras.empty()) {
      const std::string& first = extras.front();
      const bool is_option = first.starts_with("-");
      if (!at.get_parent()) {
        return is_option ? "unknown option '" + first + "'" : "unknown command '" + first + "'";
      }
      if (is_option) return name + " does not take " + first.substr(0, first.find('='));
      return name + ": unexpected argument '" + first + "'";
    }
  }
  // "--config: 1 required FILE missing": the option came last, without its value.
  static const std::regex no_value(R"((\S+): \d+ required (\S+) missing)");
  if (std::smatch m; dynamic_cast<const CLI::ArgumentMismatch*>(&e) && std::regex_match(what, m, no_value)) {
    return m[1].str() + " needs " + m[2].str();
  }
  return what;
}

parse_result usage_error(const CLI::App& app, const std::string& why) {
  const CLI::App& at = innermost(app);
  parse_result r;
  r.exit_code = exit_usage;
  r.err = std::string(program) + ": " + why + "\nTry '" + program + (at.get_parent() ? " " + at.get_name() : "") +
          " --help' for more information.\n";
  return r;
}

}  // namespace

std::unique_ptr<CLI::App> make_app(command_line& into) {
  auto app = std::make_unique<CLI::App>(
      "mirror GitHub Projects (v2) roadmaps into SQLite and hold them to the roadmap guidelines", program);
  // Set before the commands are added: each command copies them.
  app->formatter(std::make_shared<help_formatter>());
  app->option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app->set_help_flag("-h,--help", "print this help and exit");
  // One command at a time; without it, "help sync" would be two commands instead of help's topic.
  app->require_subcommand(0, 1);
  add_log_level(*app, into);
  app->add_flag_callback("--version", [&into] { into.command = command::version; }, "print the version and exit");

  auto* run = add_command(*app, into, "run", command::run,
                          "sync forever at [sync] interval, take webhooks with [webhook] (the service)");
  add_config(*run, into);

  auto* sync = add_command(*app, into, "sync", command::sync, "one pass, then exit 0, or 1 with the reason");
  sync->add_flag("--once", into.once, "one pass and exit ('run' syncs forever)")->required();
  add_config(*sync, into);
  sync->add_flag("--full", into.full, "re-read everything and drop what GitHub no longer has");

  auto* redeliver = add_command(*app, into, "redeliver", command::redeliver,
                                "ask GitHub to resend the [webhook] hook's failed deliveries");
  redeliver->add_option("--since", into.since, "since TIME: 2026-11-20T00:00:00Z, or back from now: 6h, 2d")
      ->type_name("TIME")
      ->required();
  add_config(*redeliver, into);
  redeliver->add_flag("--dry-run", into.dry_run, "only list what would be redelivered");

  auto* enforce = add_command(*app, into, "enforce", command::enforce,
                              "one pass, then comment, label and move by the rules once (what [rules] dry_run "
                              "allows) and exit");
  enforce->add_flag("--once", into.once, "one pass and exit ('run' enforces continuously)")->required();
  add_config(*enforce, into);

  auto* lint = add_command(*app, into, "lint", command::lint,
                           "judge the mirror by the roadmap rules: each finding, what is in place and what "
                           "enforcement would still send; exit 1 when anything was found, 3 when there is no "
                           "mirror (no GitHub writes)");
  add_config(*lint, into);
  lint->add_option("--project", into.project, "one board: owner/number or its title")->type_name("NAME");
  one_of(lint->add_option("--format", into.format, "how to print the findings, table by default")->type_name("FORMAT"),
         {"table", "json"}, [](const std::string& v) { return "lint: unknown --format '" + v + "' (table or json)"; });
  lint->add_flag("--verbose", into.verbose, "also list the items that are skipped, and why");
  lint->add_flag("--show-comments", into.show_comments, "also print each sticky comment exactly as roadmapd writes it");

  auto* report = add_command(*app, into, "report", command::report,
                             "write a report from the mirror alone: what changed since a time (the default), a "
                             "quarter's review, or a release roadmap; exit 2 for a usage error, 3 when there is no mirror");
  add_config(*report, into);
  report->add_option("--since", into.since,
                     "what changed since TIME: 2026-11-20T00:00:00Z, or back from now: 30d (default: since the last "
                     "report written with --output, else 30d)")
      ->type_name("TIME");
  report->add_option("--quarter", into.quarters,
                     "a quarter's review (\"Q3 2027\"); with --release, a quarter the release spans (repeatable)")
      ->type_name("QUARTER")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  report->add_option("--milestone", into.milestone, "a release roadmap of everything in this milestone")->type_name("NAME");
  report->add_flag("--release", into.release, "a release roadmap of the items planned for the --quarter(s)");
  report->add_option("--board", into.board, "one board: owner/number or its title")->type_name("NAME");
  one_of(report->add_option("--format", into.format, "md (the default), html or json")->type_name("FORMAT"),
         {"md", "html", "json"}, [](const std::string& v) { return "report: unknown --format '" + v + "' (md, html or json)"; });
  report->add_option("--output", into.output, "write it to FILE (replaced at once) instead of stdout")->type_name("FILE");
  report->add_flag("--publish", into.publish,
                   "publish the report of what changed to [report] publish_issue now, as roadmapd's one report "
                   "comment there (within [rules] dry_run and the action budget)");
  report->add_option("--now", into.now, "report as at TIME instead of now (for reproducible output)")->type_name("TIME");

  auto* check = add_command(*app, into, "check-config", command::check_config,
                            "validate the configuration without starting");
  check->add_option("FILE,-c,--config", into.config_file, "the configuration file to validate")
      ->type_name("FILE")
      ->required();
  check->add_flag("--online", into.online,
                  "also ask GitHub: the token or App, the scopes or permissions the configured features need, and "
                  "that every board and repository is visible (one line per problem; exit 1 if any)");

  add_command(*app, into, "version", command::version, "print the version and the git revision");

  auto* help = add_command(*app, into, "help", command::help, "print this help, or a command's");
  std::vector<std::string> names;
  for (const CLI::App* sub : app->get_subcommands({})) names.push_back(sub->get_name());
  one_of(help->add_option("COMMAND", into.help_topic, "the command to explain"), names,
         [](const std::string& v) { return "unknown command '" + v + "'"; });

  // After the commands, which would copy it.
  app->footer("'roadmapd COMMAND --help' shows a command's options.\n"
              "Exit status: 0 success, 1 the pass failed (one line on stderr says why), 2 bad command line or "
              "configuration.");
  return app;
}

parse_result parse_command_line(int argc, const char* const* argv) {
  parse_result r;
  auto app = make_app(r.line);
  try {
    app->parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    r.exit_code = exit_ok;
    r.out = app->help();
    return r;
  } catch (const CLI::ParseError& e) {
    return usage_error(*app, explain(*app, e));
  }
  if (app->get_subcommands().empty() && app->count("--version") == 0) return usage_error(*app, "no command given");
  if (r.line.command == command::help) {
    r.exit_code = exit_ok;
    // The program's own help: app->help() would explain the command given, which is help itself.
    r.out = r.line.help_topic.empty() ? app->get_formatter()->make_help(app.get(), program, CLI::AppFormatMode::Normal)
                                      : app->get_subcommand(r.line.help_topic)->help();
  }
  return r;
}

std::vector<std::string> choices_of(const CLI::Option& option) {
  const std::string type = option.get_type_name();
  const auto open = type.find(":{");
  if (open == std::string::npos || !type.ends_with("}")) return {};
  std::vector<std::string> out;
  std::istringstream list(type.substr(open + 2, type.size() - open - 3));
  for (std::string choice; std::getline(list, choice, ',');) out.push_back(choice);
  return out;
}

std::string value_name(const CLI::Option& option) {
  if (option.get_type_size() == 0) return "";
  const std::string type = option.get_type_name();
  return type.substr(0, type.find(':'));
}

bool takes_file(const CLI::Option& option) { return value_name(option) == "FILE"; }

std::vector<usage_item> usage_items(const CLI::App& app) {
  std::vector<usage_item> items;
  const bool is_program = app.get_parent() == nullptr;
  for (const CLI::Option* o : app.get_options()) {
    if (o == app.get_help_ptr() || o->get_group().empty()) continue;
    // The program's line shows the options for every command; a command's line shows its own.
    if ((o->get_group() == every_command_group) != is_program) continue;
    if (o->get_positional()) {
      items.push_back({"", o->get_name(true, false), o->get_required()});
    } else {
      items.push_back({o->get_name(), value_name(*o), o->get_required()});
    }
  }
  if (is_program) {
    items.push_back({"", "COMMAND", true});
    items.push_back({"", "OPTIONS", false});
  }
  return items;
}

std::string synopsis(const CLI::App& app) {
  std::string line = program;
  if (app.get_parent()) line += " " + app.get_name();
  for (const auto& item : usage_items(app)) {
    std::string text = item.name.empty() ? item.value : item.value.empty() ? item.name : item.name + " " + item.value;
    line += " " + (item.required ? text : "[" + text + "]");
  }
  return line;
}

}  // namespace roadmapd::daemon
