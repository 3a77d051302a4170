// RapidJSON parsing and checked member access shared by the GitHub client and its policy.
#include "github/json.hpp"

#include <string>

#include <rapidjson/error/en.h>

namespace roadmapd::github {

result<std::shared_ptr<rapidjson::Document>> parse_json(std::string_view text) {
  auto doc = std::make_shared<rapidjson::Document>();
  doc->Parse<rapidjson::kParseDefaultFlags>(text.data(), text.size());
  if (doc->HasParseError()) {
    return make_error("invalid JSON at offset " + std::to_string(doc->GetErrorOffset()) + ": " +
                      rapidjson::GetParseError_En(doc->GetParseError()));
  }
  return doc;
}

const rapidjson::Value* find_member(const rapidjson::Value& v, const char* name) {
  if (!v.IsObject()) return nullptr;
  auto it = v.FindMember(name);
  return it == v.MemberEnd() ? nullptr : &it->value;
}

std::optional<std::string_view> string_member(const rapidjson::Value& v, const char* name) {
  const auto* m = find_member(v, name);
  if (m == nullptr || !m->IsString()) return std::nullopt;
  return std::string_view(m->GetString(), m->GetStringLength());
}

std::optional<long long> integer_member(const rapidjson::Value& v, const char* name) {
  const auto* m = find_member(v, name);
  if (m == nullptr || !m->IsInt64()) return std::nullopt;
  return m->GetInt64();
}

}  // namespace roadmapd::github
