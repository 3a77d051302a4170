// Parses and prints the compact duration syntax used by the config file.
#include "config/duration.hpp"

#include <array>
#include <cstdint>

namespace roadmapd::config {
namespace {

struct unit {
  char suffix;
  std::int64_t seconds;
};
constexpr std::array<unit, 4> units{{{'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}}};

// A year is far beyond any sensible poll interval, and the bound keeps the sum from overflowing.
constexpr std::int64_t max_seconds = 366 * 86400;

error invalid(std::string_view text) {
  return make_error("invalid duration \"" + std::string(text) +
                    "\" (use a number and a unit: 30s, 5m, 6h, 1d)");
}

}  // namespace

result<std::chrono::seconds> parse_duration(std::string_view text) {
  if (text.empty()) return invalid(text);
  std::int64_t total = 0;
  std::size_t next_unit = 0;  // units must come largest first, so "1h30m" but not "30m1h"
  std::size_t i = 0;
  while (i < text.size()) {
    std::int64_t number = 0;
    std::size_t digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      number = number * 10 + (text[i] - '0');
      if (number > max_seconds) return make_error("duration \"" + std::string(text) + "\" is too long (at most 366d)");
      ++i;
      ++digits;
    }
    if (digits == 0 || i == text.size()) return invalid(text);
    const char suffix = text[i++];
    std::size_t u = next_unit;
    while (u < units.size() && units[u].suffix != suffix) ++u;
    if (u == units.size()) return invalid(text);
    next_unit = u + 1;
    total += number * units[u].seconds;
    if (total > max_seconds) return make_error("duration \"" + std::string(text) + "\" is too long (at most 366d)");
  }
  if (total < 1) return make_error("duration \"" + std::string(text) + "\" must be at least 1s");
  return std::chrono::seconds(total);
}

std::string format_duration(std::chrono::seconds d) {
  std::int64_t left = d.count();
  if (left <= 0) return std::to_string(left) + "s";
  std::string out;
  for (const unit& u : units) {
    if (left >= u.seconds) {
      out += std::to_string(left / u.seconds);
      out += u.suffix;
      left %= u.seconds;
    }
  }
  return out;
}

}  // namespace roadmapd::config
