// Builds the JSON "variables" object of a GraphQL request with proper escaping.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace roadmapd::sync {

class variables {
 public:
  variables& set(std::string_view name, std::string_view value);
  variables& set(std::string_view name, const std::string& value) { return set(name, std::string_view(value)); }
  variables& set(std::string_view name, const char* value) { return set(name, std::string_view(value)); }
  variables& set(std::string_view name, int value);
  variables& set(std::string_view name, const std::optional<std::string>& value);  // nullopt -> null
  variables& set(std::string_view name, const std::vector<std::string>& values);
  std::string json() const { return "{" + body_ + "}"; }

 private:
  void key(std::string_view name);
  std::string body_;
};

// A JSON string literal, quotes included.
std::string json_quote(std::string_view s);

}  // namespace roadmapd::sync
