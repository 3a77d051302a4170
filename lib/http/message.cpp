// Header lookup and plain-text answers for the request and response structs (see message.hpp).
#include "http/message.hpp"

#include <algorithm>
#include <cctype>

namespace roadmapd::http {

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](unsigned char x, unsigned char y) {
    return std::tolower(x) == std::tolower(y);
  });
}

std::optional<std::string_view> request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

std::string_view request::path() const {
  std::string_view t = target;
  return t.substr(0, t.find('?'));
}

response response::text(int status, std::string_view message) {
  response r;
  r.status = status;
  r.body.reserve(message.size() + 1);
  r.body.append(message);
  r.body.push_back('\n');
  return r;
}

}  // namespace roadmapd::http
