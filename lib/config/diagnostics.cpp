// Formats config problems the way compilers do, so editors can jump to them.
#include "config/diagnostics.hpp"

#include <algorithm>
#include <limits>

namespace roadmapd::config {

void diagnostics::add(int line, std::string_view key, std::string_view message) {
  std::string text = file_;
  if (line > 0) text += ":" + std::to_string(line);
  text += ": ";
  if (!key.empty()) {
    text += key;
    text += ": ";
  }
  text += message;
  entries_.push_back({line, std::move(text)});
}

std::string diagnostics::str() const {
  std::vector<entry> sorted = entries_;
  // Stable, so problems on one line keep the order they were found in (usually key order).
  std::stable_sort(sorted.begin(), sorted.end(), [](const entry& a, const entry& b) {
    const auto rank = [](int line) { return line > 0 ? line : std::numeric_limits<int>::max(); };
    return rank(a.line) < rank(b.line);
  });
  std::string out;
  for (const entry& e : sorted) {
    if (!out.empty()) out += '\n';
    out += e.text;
  }
  return out;
}

}  // namespace roadmapd::config
