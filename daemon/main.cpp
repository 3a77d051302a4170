// roadmapd entry point: parses the command line and hands over to one command. Nothing else.
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "commands.hpp"
#include "util/logging.hpp"

namespace {

constexpr const char* usage =
    "usage: roadmapd COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  run --config FILE             sync forever at [sync] interval (the service)\n"
    "  sync --once --config FILE     one pass, then exit 0, or 1 with the reason\n"
    "       [--full]                 re-read everything and drop what GitHub no longer has\n"
    "  redeliver --since TIME --config FILE\n"
    "                                ask GitHub to resend the [webhook] hook's failed deliveries since\n"
    "                                TIME (2026-11-20T00:00:00Z, or back from now: 6h, 2d)\n"
    "       [--dry-run]              only list what would be redelivered\n"
    "  enforce --once --config FILE  one pass, then comment, label and move by the rules once\n"
    "                                (what [rules] dry_run allows) and exit\n"
    "  lint --config FILE            judge the mirror by the roadmap rules: each finding and the action\n"
    "                                that would follow; exit 1 when anything was found (no GitHub writes)\n"
    "       [--project NAME]         one board: owner/number or its title\n"
    "       [--format table|json]    (default table)\n"
    "       [--verbose]              also list the items that are skipped, and why\n"
    "  check-config FILE             validate FILE without starting\n"
    "  version                       print the version\n"
    "\n"
    "options for every command:\n"
    "  --log-level LEVEL             trace, debug, info, warn or error; wins over [log] level\n";

int usage_error(const std::string& why) {
  std::fprintf(stderr, "roadmapd: %s\n\n%s", why.c_str(), usage);
  return roadmapd::daemon::exit_usage;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage_error("no command given");
  const std::string_view command = argv[1];
  if (command == "-h" || command == "--help" || command == "help") {
    std::fputs(usage, stdout);
    return 0;
  }
  if (command == "version" || command == "--version") return roadmapd::daemon::print_version();

  std::string config_file, since, format = "table";
  std::optional<std::string> project;
  bool once = false, full = false, dry_run = false, verbose = false, show_comments = false;
  for (int i = 2; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--log-level") {
      if (i + 1 >= argc || !roadmapd::util::is_log_level(argv[i + 1])) {
        return usage_error("--log-level needs one of trace, debug, info, warn, error");
      }
      roadmapd::util::set_log_level_override(std::string(argv[++i]));
    } else if (arg == "--config" || arg == "-c") {
      if (i + 1 >= argc) return usage_error("--config needs a file");
      config_file = argv[++i];
    } else if (arg.starts_with("--config=")) {
      config_file = std::string(arg.substr(9));
    } else if (arg == "--once") {
      once = true;
    } else if (arg == "--full") {
      full = true;
    } else if (command == "redeliver" && arg == "--since") {
      if (i + 1 >= argc) return usage_error("--since needs a time");
      since = argv[++i];
    } else if (command == "redeliver" && arg.starts_with("--since=")) {
      since = std::string(arg.substr(8));
    } else if (command == "redeliver" && arg == "--dry-run") {
      dry_run = true;
    } else if (command == "lint" && arg == "--project") {
      if (i + 1 >= argc) return usage_error("--project needs a board (owner/number or its title)");
      project = argv[++i];
    } else if (command == "lint" && arg == "--format") {
      if (i + 1 >= argc) return usage_error("--format needs table or json");
      format = argv[++i];
    } else if (command == "lint" && arg == "--verbose") {
      verbose = true;
    } else if (command == "lint" && arg == "--show-comments") {
      show_comments = true;
    } else if (command == "check-config" && config_file.empty() && !arg.starts_with("-")) {
      config_file = std::string(arg);
    } else {
      return usage_error("unknown option '" + std::string(arg) + "'");
    }
  }
  if (config_file.empty()) return usage_error(std::string(command) + " needs --config FILE");

  if (command == "check-config") return roadmapd::daemon::check_config(config_file);
  if (command == "sync") {
    if (!once) return usage_error("sync needs --once (use 'run' to sync forever)");
    return roadmapd::daemon::sync_once(config_file, full);
  }
  if (command == "run") return roadmapd::daemon::run(config_file);
  if (command == "enforce") {
    if (!once) return usage_error("enforce needs --once ('run' enforces continuously)");
    return roadmapd::daemon::enforce_once(config_file);
  }
  if (command == "lint") return roadmapd::daemon::lint(config_file, project, format, verbose, show_comments);
  if (command == "redeliver") {
    if (since.empty()) return usage_error("redeliver needs --since TIME (e.g. 2026-11-20T00:00:00Z or 6h)");
    return roadmapd::daemon::redeliver(config_file, since, dry_run);
  }
  return usage_error("unknown command '" + std::string(command) + "'");
}
