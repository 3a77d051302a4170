// The JSON helpers (see json.hpp).
#include "report/json.hpp"

namespace roadmapd::report {

json_value json_string(std::string_view s, json_allocator& a) {
  return json_value(s.data(), static_cast<rapidjson::SizeType>(s.size()), a);
}

json_object& json_object::set(std::string_view key, std::string_view value) {
  v_.AddMember(json_string(key, a_), json_string(value, a_), a_);
  return *this;
}

json_object& json_object::set(std::string_view key, const std::optional<std::string>& value) {
  if (value) return set(key, std::string_view(*value));
  v_.AddMember(json_string(key, a_), json_value(rapidjson::kNullType), a_);
  return *this;
}

json_object& json_object::set(std::string_view key, int value) {
  v_.AddMember(json_string(key, a_), json_value(value), a_);
  return *this;
}

json_object& json_object::set(std::string_view key, bool value) {
  v_.AddMember(json_string(key, a_), json_value(value), a_);
  return *this;
}

json_object& json_object::set(std::string_view key, json_value&& value) {
  v_.AddMember(json_string(key, a_), value, a_);
  return *this;
}

json_object& json_object::set(std::string_view key, const std::vector<std::string>& values) {
  json_value list(rapidjson::kArrayType);
  for (const auto& v : values) list.PushBack(json_string(v, a_), a_);
  return set(key, std::move(list));
}

json_value item_json(const roadmap_item& item, json_allocator& a) {
  const auto& f = item.facts;
  const auto& p = item.progress;
  const std::string ref = f.repo.empty() ? std::string() : f.repo + "#" + std::to_string(f.number);
  json_object progress(a);
  progress.set("state", std::string(progress::to_string(p.state)))
      .set("reason", p.reason)
      .set("done", p.done)
      .set("total", p.total)
      .set("source", p.source)
      .set("target", p.target)
      .set("forecast", p.forecast)
      .set("blockers", p.blockers)
      .set("inconsistencies", p.inconsistencies);
  if (p.percent) progress.set("percent", *p.percent);
  else progress.set("percent", std::optional<std::string>());
  json_object o(a);
  o.set("item_id", f.item_id)
      .set("board", item.board->name)
      .set("board_title", item.board->title)
      .set("title", f.title)
      .set("ref", ref)
      .set("url", f.url)
      .set("type", f.type)
      .set("status", f.status)
      .set("quarter", item.quarter)
      .set("theme", item.theme)
      .set("priority", item.priority)
      .set("owners", item.owners)
      .set("progress", progress.take());
  return o.take();
}

}  // namespace roadmapd::report
