// roadmapd's command line, defined once with CLI11: every command, its options, their descriptions
// and choices. main() parses argv with parse_command_line(); cli_docs walks the same definitions
// (make_app) to write the man page and the shell completions, so the three cannot disagree.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace roadmapd::daemon {

enum class command { help, version, run, sync, enforce, lint, report, check_config, redeliver };

// What the command line asked for. A new option is a member here and one line in cli.cpp's
// make_app(); main() passes it on to its command.
struct command_line {
  daemon::command command = command::help;
  std::string log_level;    // empty: [log] level from the configuration decides
  std::string config_file;  // every command that works on a configuration
  bool once = false;        // sync, enforce
  bool full = false;        // sync
  std::string since;        // redeliver
  bool dry_run = false;     // redeliver
  std::string project;      // lint; empty: every board
  std::string format = "table";  // lint
  bool verbose = false;     // lint
  bool show_comments = false;  // lint
  bool online = false;         // check-config
  std::vector<std::string> quarters;  // report
  std::string milestone;              // report
  bool release = false;               // report
  bool publish = false;               // report
  std::string board;                  // report; empty: every board
  std::string output;                 // report; empty: stdout
  std::string now;                    // report; empty: the time it runs
  std::string help_topic;   // help COMMAND
};

// Either a command line to act on (exit_code < 0), or the end of the process: what to print on
// stdout (help) or stderr (a usage error, as "roadmapd: why" and a hint) and the exit code.
struct parse_result {
  command_line line;
  int exit_code = -1;
  std::string out;
  std::string err;
};

parse_result parse_command_line(int argc, const char* const* argv);

// The definitions, bound to `into`. Parsing with the App fills `into`; walking it reads every
// command (a subcommand), option, description and choice list.
std::unique_ptr<CLI::App> make_app(command_line& into);

// The options shown once for the whole program, not under each command (--log-level): their group.
inline constexpr const char* every_command_group = "Options for every command";

// "FILE" for --config, "" for a flag: the name of an option's value, without the choices.
std::string value_name(const CLI::Option& option);
// What an option accepts when it is one of a fixed list (--format: table, json); empty otherwise.
std::vector<std::string> choices_of(const CLI::Option& option);
// Whether the option's value names a file (shells complete file names for it).
bool takes_file(const CLI::Option& option);

// One word of a usage line: "--config" with value "FILE", a flag with no value, a positional
// with no name; required ones are written bare, the others in brackets.
struct usage_item {
  std::string name;
  std::string value;
  bool required = false;
};
std::vector<usage_item> usage_items(const CLI::App& app);

// One line of usage: "roadmapd sync --once --config FILE [--full]", required options bare and the
// others in brackets; for the program itself "roadmapd [--log-level LEVEL] COMMAND [OPTIONS]".
std::string synopsis(const CLI::App& app);

}  // namespace roadmapd::daemon
