// Timestamps as GitHub writes them (ISO-8601 UTC, "2026-11-21T12:00:00Z"), which is also how the
// mirror stores them: such strings sort in time order.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace roadmapd::util {

std::string to_iso8601(std::chrono::system_clock::time_point t);
std::string now_iso8601();
// Accepts "YYYY-MM-DDTHH:MM:SSZ" with optional fractional seconds; nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view s);
// An HTTP Date header in its preferred form (RFC 9110 IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT");
// nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view s);

}  // namespace roadmapd::util
