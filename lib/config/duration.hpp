// Durations as a maintainer writes them in the config file: "30s", "5m", "6h", "1d", "1h30m".
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace roadmapd::config {

// Units d, h, m, s, largest first, each at most once, no spaces; the total must be at least 1s
// and at most 366 days. The error message quotes the text and shows the accepted form.
result<std::chrono::seconds> parse_duration(std::string_view text);

// The inverse, for log lines and messages: 5400s -> "1h30m", 0s -> "0s".
std::string format_duration(std::chrono::seconds d);

}  // namespace roadmapd::config
