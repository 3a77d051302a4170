// Small text helpers shared by every part: GitHub compares logins, label names and field names
// case-insensitively (ASCII), and so does roadmapd.
#pragma once

#include <algorithm>
#include <functional>
#include <string_view>

namespace roadmapd::util {

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// ASCII case-insensitive equality ("Help Wanted" == "help wanted").
inline bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

// A hash for maps keyed by std::string that are looked up by std::string_view (with
// std::equal_to<>): text SQLite or a parser hands out is found without a string made for it.
struct text_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

}  // namespace roadmapd::util
