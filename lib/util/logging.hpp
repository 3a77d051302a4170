// The daemon's log format. Under systemd (stderr is the journal stream JOURNAL_STREAM names) each
// line starts with its syslog priority ("<6>") and carries no timestamp, since the journal stamps
// and classifies it; elsewhere a line starts with an ISO-8601 time and the level.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <spdlog/logger.h>

namespace roadmapd::util {

// True when `journal_stream` ("DEV:INODE", the value of JOURNAL_STREAM) names the file open as fd.
bool is_journal_stream(const char* journal_stream, int fd);

// The pattern for a logger: journal (priority prefix, no time) or terminal/file (time and level).
void apply_log_format(spdlog::logger& logger, bool journal);

// Makes the default logger write to stderr in the right format at `level` (trace, debug, info,
// warn, error); --log-level, when given, wins over the configuration.
void setup_logging(const std::string& level);
void set_log_level_override(std::optional<std::string> level);
// A new level from a reloaded configuration (still overridden by --log-level).
void change_log_level(const std::string& level);

// The levels --log-level and [log] level accept, quietest last.
inline constexpr std::array<std::string_view, 5> log_levels{"trace", "debug", "info", "warn", "error"};
bool is_log_level(std::string_view level);

}  // namespace roadmapd::util
