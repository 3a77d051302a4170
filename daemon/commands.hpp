// The daemon's commands. Each returns the process exit code; errors go to stderr as one line.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace roadmapd::daemon {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;   // the pass (or the service) failed
inline constexpr int exit_usage = 2;     // bad command line or bad config
inline constexpr int exit_runtime = 3;   // lint: no mirror yet, or it cannot be read (1 means findings there)

// "roadmapd 0.1.0 (git 23bfe1c)": the version and the git revision it was built from.
int print_version();
// Validates the file; `online` also asks GitHub whether the token (or App) has what the configured
// features need and sees every board and repository. Exit 0, 1 for a problem online, 2 for a bad file.
int check_config(const std::string& file, bool online = false);
int sync_once(const std::string& file, bool full);
int run(const std::string& file);
// One sync pass, then the roadmap rules over every item, acted on (or recorded, in dry run) once.
// Exit 0, or 1 when the pass or a mutation failed.
int enforce_once(const std::string& file);
// Asks GitHub to redeliver the configured hook's failed deliveries since `since` (ISO-8601, or a
// duration back from now such as "6h"); prints one line per delivery and a summary.
int redeliver(const std::string& file, const std::string& since, bool dry_run);
// Prints every finding of the configured rules over the mirror, what is in place and what would
// follow (format: table or json; project: "owner/number" or a board title; show_comments: the sticky
// comment's exact text). Exit 0 nothing found, 1 findings, 2 usage, 3 no mirror or unreadable.
int lint(const std::string& file, const std::optional<std::string>& project, const std::string& format, bool verbose,
         bool show_comments);

// `roadmapd report` (docs/reports.md): from the mirror alone. Exit 0, 2 usage or config (an unknown
// board or milestone, a bad time or quarter), 3 no mirror or it cannot be read or written.
struct report_options {
  std::string since, milestone, board, format = "md", output, now;
  std::vector<std::string> quarters;
  bool release = false;
  bool publish = false;
};
int report(const std::string& file, const report_options& options);
// `report --publish`: publishes now to [report] publish_issue (within dry run and the budget).
int publish_now(const std::string& file, std::chrono::system_clock::time_point now);

}  // namespace roadmapd::daemon
