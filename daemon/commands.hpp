// The daemon's commands. Each returns the process exit code; errors go to stderr as one line.
#pragma once

#include <string>

namespace roadmapd::daemon {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;   // the pass (or the service) failed
inline constexpr int exit_usage = 2;     // bad command line or bad config

int print_version();
int check_config(const std::string& file);
int sync_once(const std::string& file, bool full);
int run(const std::string& file);
// Asks GitHub to redeliver the configured hook's failed deliveries since `since` (ISO-8601, or a
// duration back from now such as "6h"); prints one line per delivery and a summary.
int redeliver(const std::string& file, const std::string& since, bool dry_run);

}  // namespace roadmapd::daemon
