// Building a report's JSON (the canonical form: Markdown and HTML are rendered from it) with less
// ceremony than RapidJSON's allocator-passing API.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "report/roadmap.hpp"

namespace roadmapd::report {

using json_value = rapidjson::Value;
using json_allocator = rapidjson::Document::AllocatorType;

class json_object {
 public:
  explicit json_object(json_allocator& a) : a_(a), v_(rapidjson::kObjectType) {}
  json_object& set(std::string_view key, std::string_view value);
  json_object& set(std::string_view key, const char* value) { return set(key, std::string_view(value)); }
  json_object& set(std::string_view key, const std::string& value) { return set(key, std::string_view(value)); }
  json_object& set(std::string_view key, const std::optional<std::string>& value);  // null when none
  json_object& set(std::string_view key, int value);
  json_object& set(std::string_view key, bool value);
  json_object& set(std::string_view key, json_value&& value);
  json_object& set(std::string_view key, const std::vector<std::string>& values);
  json_value take() { return std::move(v_); }
  json_allocator& allocator() { return a_; }

 private:
  json_allocator& a_;
  json_value v_;
};

json_value json_string(std::string_view s, json_allocator& a);

// One roadmap item as every report shows it: board, title, reference and link, column and quarter,
// theme, priority, owners and its progress (state, count, reason, forecast, blockers, inconsistencies).
json_value item_json(const roadmap_item& item, json_allocator& a);

}  // namespace roadmapd::report
