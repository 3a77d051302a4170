// roadmapd entry point: parses the command line (cli.hpp) and hands over to one command. Nothing else.
#include <cstdio>
#include <optional>

#include "cli.hpp"
#include "commands.hpp"
#include "util/logging.hpp"

int main(int argc, char** argv) {
  using namespace roadmapd::daemon;
  const auto parsed = parse_command_line(argc, argv);
  if (parsed.exit_code >= 0) {  // help, or a usage error
    std::fputs(parsed.out.c_str(), stdout);
    std::fputs(parsed.err.c_str(), stderr);
    return parsed.exit_code;
  }
  const command_line& line = parsed.line;
  if (!line.log_level.empty()) roadmapd::util::set_log_level_override(line.log_level);
  switch (line.command) {
    case command::version: return print_version();
    case command::check_config: return check_config(line.config_file, line.online);
    case command::sync: return sync_once(line.config_file, line.full);
    case command::run: return run(line.config_file);
    case command::enforce: return enforce_once(line.config_file);
    case command::redeliver: return redeliver(line.config_file, line.since, line.dry_run);
    case command::lint: {
      const auto project = line.project.empty() ? std::nullopt : std::optional(line.project);
      return lint(line.config_file, project, line.format, line.verbose, line.show_comments);
    }
    case command::report: {
      report_options o;
      o.since = line.since;
      o.quarters = line.quarters;
      o.milestone = line.milestone;
      o.release = line.release;
      o.publish = line.publish;
      o.board = line.board;
      o.format = line.format == "table" ? "md" : line.format;
      o.output = line.output;
      o.now = line.now;
      return report(line.config_file, o);
    }
    case command::help: break;  // parse_command_line answered it
  }
  return exit_usage;
}
