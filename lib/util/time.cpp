// ISO-8601 UTC formatting and parsing (see time.hpp).
#include "util/time.hpp"

#include <array>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace roadmapd::util {

std::string to_iso8601(std::chrono::system_clock::time_point t) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string now_iso8601() { return to_iso8601(std::chrono::system_clock::now()); }

std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view s) {
  // "2026-12-04T21:37:57Z", optionally with a fraction of a second. By hand rather than sscanf: a
  // report parses every time of the change log it reads, and sscanf was a tenth of its time.
  if (s.size() < 20 || s.size() > 40) return std::nullopt;
  auto number = [&](std::size_t at, std::size_t digits, int& out) {
    out = 0;
    for (std::size_t i = at; i < at + digits; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!number(0, 4, year) || s[4] != '-' || !number(5, 2, month) || s[7] != '-' || !number(8, 2, day) || s[10] != 'T' ||
      !number(11, 2, hour) || s[13] != ':' || !number(14, 2, minute) || s[16] != ':' || !number(17, 2, second)) {
    return std::nullopt;
  }
  std::size_t i = 19;
  if (s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  }
  if (i + 1 != s.size() || s[i] != 'Z') return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  // A day past its month's end rolls over, as timegm does.
  using namespace std::chrono;
  const sys_days first{std::chrono::year{year} / std::chrono::month{static_cast<unsigned>(month)} / 1};
  return system_clock::time_point(first + days{day - 1} + hours{hour} + minutes{minute} + seconds{second});
}

std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view s) {
  // "Sun, 06 Nov 1994 08:49:37 GMT": exactly 29 characters.
  if (s.size() != 29 || s.substr(3, 2) != ", " || s.substr(25) != " GMT") return std::nullopt;
  static constexpr std::array<const char*, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::string text(s);
  std::tm tm{};
  char month[4] = {};
  int consumed = 0;
  if (std::sscanf(text.c_str() + 5, "%2d %3c %4d %2d:%2d:%2d%n", &tm.tm_mday, month, &tm.tm_year, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &consumed) != 6 || consumed != 20) {
    return std::nullopt;
  }
  tm.tm_mon = -1;
  for (std::size_t i = 0; i < months.size(); ++i) {
    if (std::strcmp(month, months[i]) == 0) tm.tm_mon = static_cast<int>(i);
  }
  if (tm.tm_mon < 0 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60) {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

}  // namespace roadmapd::util
