// `roadmapd lint`: judges the mirror with the configured rules and prints every finding with what is
// already in place and what enforcement will still send. Reads only: no GitHub request, nothing
// written but the mirror's own migrations. Exit 0 when nothing was found, 1 when something was, 2
// for usage or config errors, 3 when there is no mirror or it cannot be read.
#include <cstdio>
#include <filesystem>

#include "commands.hpp"
#include "config/config.hpp"
#include "enforce/evaluation.hpp"
#include "enforce/report.hpp"
#include "store/database.hpp"

namespace roadmapd::daemon {
namespace {

void fail_line(const std::string& message) { std::fprintf(stderr, "roadmapd: %s\n", message.c_str()); }

}  // namespace

int lint(const std::string& file, const std::optional<std::string>& project, const std::string& format, bool verbose,
         bool show_comments) {
  if (format != "table" && format != "json") {
    fail_line("lint: unknown --format '" + format + "' (table or json)");
    return exit_usage;
  }
  auto settings = config::load(file);
  if (!settings) {
    fail_line(settings.message());
    return exit_usage;
  }
  const auto& path = settings->storage.database;
  if (!std::filesystem::exists(path)) {
    fail_line("lint: no mirror at " + path.string() + " yet: run roadmapd sync --once --config " + file + " first");
    return exit_runtime;
  }
  auto db = store::database::open(path);
  if (!db) {
    fail_line(db.message());
    return exit_runtime;
  }
  enforce::evaluation_options options;
  options.board = project;
  options.progress = true;
  auto verdicts = enforce::evaluate(*db, *settings, options);
  if (!verdicts) {
    fail_line("lint: " + verdicts.message());
    return exit_usage;
  }
  const auto states = enforce::action_states(*db, *verdicts, settings->rules);
  const enforce::report_options report{.verbose = verbose, .show_comments = show_comments, .states = &states};
  const std::string out =
      format == "json" ? enforce::render_json(*verdicts, report) : enforce::render_table(*verdicts, report);
  std::fwrite(out.data(), 1, out.size(), stdout);
  const auto t = enforce::totals(*verdicts);
  return t.with_findings + t.board_checks > 0 ? exit_failure : exit_ok;
}

}  // namespace roadmapd::daemon
