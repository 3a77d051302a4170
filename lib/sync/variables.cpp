// GraphQL variables as JSON (see variables.hpp).
#include "sync/variables.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace roadmapd::sync {

std::string json_quote(std::string_view s) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  return std::string(buffer.GetString(), buffer.GetSize());
}

void variables::key(std::string_view name) {
  if (!body_.empty()) body_ += ',';
  body_ += json_quote(name);
  body_ += ':';
}

variables& variables::set(std::string_view name, std::string_view value) {
  key(name);
  body_ += json_quote(value);
  return *this;
}

variables& variables::set(std::string_view name, int value) {
  key(name);
  body_ += std::to_string(value);
  return *this;
}

variables& variables::set(std::string_view name, const std::optional<std::string>& value) {
  if (value) return set(name, std::string_view(*value));
  key(name);
  body_ += "null";
  return *this;
}

variables& variables::set(std::string_view name, const std::vector<std::string>& values) {
  key(name);
  body_ += '[';
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) body_ += ',';
    body_ += json_quote(values[i]);
  }
  body_ += ']';
  return *this;
}

}  // namespace roadmapd::sync
